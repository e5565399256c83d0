"""operation: our own parser and exact evaluator, any way of writing the exact value."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.arithmetic import operation as op
from taskgen.verifiers.extract import boxed

FAMILY = get("operation")


def _entry(symbol: str, level: int, assoc: str, formula: str, condition: str | None = None,
           otherwise: str | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "symbol": symbol,
        "level": level,
        "assoc": assoc,
        "formula": formula,
        "condition": condition,
        "otherwise": otherwise,
    }


# ⊕ binds tighter than +, △ looser and right to left: 3 ⊕ 4 △ ((2 + 1) △ 5)
# 3 ⊕ 4 = 2; 3 △ 5 = 8 (3 is odd); 2 △ 8 = (2 ⊕ 8) * 8 = -32.
HAND: dict[str, Any] = {
    "operators": [
        _entry("⊕", 3, "left", "2 * x - y"),
        _entry("△", 1, "right", "(x ⊕ y) * y", "x is even", "x + y"),
    ],
    "expression": "3 ⊕ 4 △ 2 + 1 △ 5",
}
# ○ binds tightest: 1 ○ 2 = 3/2, a fraction is not even, so 3/2 ◇ 4 = 3/2 - 4 = -5/2.
HALVES: dict[str, Any] = {
    "operators": [
        _entry("○", 5, "left", "(x + y) / 2"),
        _entry("◇", 3, "left", "x * y", "x is even", "x - y"),
    ],
    "expression": "1 ○ 2 ◇ 4",
}


def test_hand_made_instance_follows_levels_and_directions() -> None:
    assert op.value_of(HAND) == -32
    # read left to right, (2 △ 3) △ 5 would give 8
    for payload in (
        "-32",
        "−32",
        "-32.0",
        "-64/2",
        "(-64)/(2)",
        "\\frac{-64}{2}",
        "$-32$",
        " -32 ",
    ):
        check = FAMILY.check(HAND, payload)
        assert check.correct and check.score == 1.0, (payload, check.reason)


@pytest.mark.parametrize(
    "payload", ["-5/2", "-2.5", "-\\frac{5}{2}", "\\dfrac{-5}{2}", "-10/4", "(-5)/2", "-2.50"]
)
def test_an_equivalent_but_differently_written_value_is_accepted(payload: str) -> None:
    assert op.value_of(HALVES) == Fraction(-5, 2)
    check = FAMILY.check(HALVES, payload)
    assert check.correct, (payload, check.reason)


@pytest.mark.parametrize("payload", ["6", "-2.4", "-5", "5/2", "-2.49999"])
def test_wrong_values_are_rejected(payload: str) -> None:
    """6 is what reading 3/2 as even gives; the others are near misses."""
    check = FAMILY.check(HALVES, payload)
    assert not check.correct and check.format_ok and check.credit() == 0.0
    assert check.reason.endswith("is not the expression's value")


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("x = -5/2", "is not one number"),
        ("3 + 4", "is not one number"),
        ("1/0", "divides by zero"),
        ("", "the answer is empty"),
        ("-5/2 or -2.5", "is not one number"),
        ("9" * 300, "too long"),
        ("__import__('os')", "is not one number"),
    ],
)
def test_malformed_answers_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HALVES, payload)
    assert not check.correct and not check.format_ok
    assert fragment in check.reason


def test_lazy_readings_and_the_fraction_parity_rule() -> None:
    # with new operators read as + : 3 + 4 + 2 + 1 + 5; as * : 3 * 4 * 2 + 1 * 5
    assert op.lazy_values(HAND) == {"zero": 0, "as-plus": 15, "as-times": 29}
    assert op.holds("x is even", Fraction(4), Fraction(0))
    for condition in ("x is even", "x is odd", "x is a multiple of 3", "x + y is odd"):
        assert not op.holds(condition, Fraction(3, 2), Fraction(0))
    assert op.holds("x + y is odd", Fraction(1, 2), Fraction(1, 2))  # 1/2 + 1/2 = 1


def test_every_level_accepts_other_spellings_and_rejects_lazy_answers() -> None:
    for level in range(1, 11):
        for seed in range(3):
            task = taskgen.sample("operation", level, seed)
            value = Fraction(task.answer)
            assert value == op.value_of(task.instance)
            spellings = [
                f"{2 * value.numerator}/{2 * value.denominator}",
                f"\\frac{{{value.numerator}}}{{{value.denominator}}}",
            ]
            if 10**6 % value.denominator == 0:
                spellings.append(str(float(value)))
            for payload in spellings:
                assert FAMILY.check(task.instance, payload).correct, (level, seed, payload)
            assert not FAMILY.check(task.instance, op.write_value(value + 1)).correct
            for answers in FAMILY.lazy_answers(task.instance).values():
                assert not FAMILY.check(task.instance, answers[0]).correct


def test_every_new_operator_is_used_and_formulas_bracket_new_operators() -> None:
    for level in (4, 7, 10):
        for seed in range(3):
            inst = taskgen.sample("operation", level, seed).instance
            symbols = [e["symbol"] for e in inst["operators"]]
            assert all(s in inst["expression"] for s in symbols)
            for entry in inst["operators"]:
                for text in (entry["formula"], entry["otherwise"] or ""):
                    for index, char in enumerate(text):
                        if char in symbols:  # "(a ⊕ b)": an operand, then the symbol
                            assert "(" in text[:index]


@pytest.mark.parametrize(
    "change",
    [
        {"operators": [_entry("⊕", 3, "left", "x △ y"), _entry("△", 1, "left", "x + y")]},
        {"operators": [_entry("⊕", 3, "left", "x / y")]},
        {"operators": [_entry("⊕", 3, "left", "x ^ 9")]},
        {"operators": [_entry("⊕", 3, "left", "x + y"), _entry("△", 3, "right", "x - y")]},
        {"operators": [_entry("⊕", 2, "left", "x + y")]},
        {"operators": [_entry("⊕", 3, "left", "x + y", "x is prime", "x")]},
        {"operators": [_entry("⊕", 3, "left", "__import__('os')")]},
        {"expression": "x ⊕ 2"},
        {"expression": "2 ⊕ 3 / 1"},
        {"expression": "9 ⊕ 9 ⊕ 9 ⊕ 9 ⊕ 9 ⊕ 9"},
    ],
)
def test_malformed_instances_are_invalid_tasks(change: dict[str, Any]) -> None:
    task = taskgen.sample("operation", 1, 0)
    data = json.loads(task.model_dump_json())
    base = {"operators": [_entry("⊕", 3, "left", "x * x * y")], "expression": "2 ⊕ 3"}
    data["instance"] = {**base, **change}
    with pytest.raises(InvalidTaskError):
        taskgen.verify(json.dumps(data), boxed("12"))


def test_knob_limits_are_named() -> None:
    with pytest.raises(ValueError, match="nested must be at most"):
        taskgen.sample("operation", 3, 0, nested=2)
    with pytest.raises(ValueError, match="symbols"):
        taskgen.sample("operation", 3, 0, symbols=7)
