"""math_path: exact arithmetic by our own parser, any valid restoration, the unique option."""

from __future__ import annotations

import builtins
import itertools
import json
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.arithmetic import math_path
from taskgen.tasks.arithmetic._expr import hole_counts, parse, tokenize
from taskgen.verifiers.extract import boxed

FAMILY = get("math_path")
HAND: dict[str, Any] = {"left": "?+4*?", "right": 14}


def _fillings(instance: dict[str, Any], limit: int = 3) -> list[str]:
    """Returns up to ``limit`` valid fillings (digit strings) by brute force."""
    template = tokenize(instance["left"], holes=True)
    holes = instance["left"].count("?")
    found = []
    for digits in itertools.product(range(10), repeat=holes):
        if math_path.judge(template, instance["right"], list(digits)).correct:
            found.append("".join(map(str, digits)))
            if len(found) == limit:
                break
    return found


def test_hand_made_instance_and_every_valid_restoration() -> None:
    # ? + 4 * ? = 14: 2+4*3, 6+4*2 and 10... only single digits: (2,3), (6,2)
    assert _fillings(HAND, limit=10) == ["23", "62"]
    for answer in ("2+4*3=14", "6 + 4 * 2 = 14", "2+4*3", "23", "$2 + 4 \\times 3 = 14$."):
        check = FAMILY.check(HAND, answer)
        assert check.correct and check.score == 1.0, (answer, check.reason)


def test_a_wrong_restoration_names_the_value() -> None:
    check = FAMILY.check(HAND, "2+4*4=14")
    assert not check.correct and check.format_ok and check.credit() == 0.0
    assert check.reason == "the left side is 18, not 14"
    assert FAMILY.check(HAND, "24").reason == "the left side is 18, not 14"


def test_precedence_and_brackets() -> None:
    assert FAMILY.check({"left": "?+2*3", "right": 7}, "1+2*3=7").correct
    assert FAMILY.check({"left": "(?+2)*3", "right": 9}, "(1+2)*3=9").correct
    assert FAMILY.check({"left": "?-2-3", "right": 4}, "9-2-3=4").correct  # left to right
    assert FAMILY.check({"left": "?/2/2", "right": 2}, "8/2/2=2").correct


def test_division_is_exact_not_floating_point() -> None:
    # 1/49*49 is 0.9999999999999999 in floating point (what the original's eval computed)
    assert 1 / 49 * 49 != 1
    assert FAMILY.check({"left": "1/4?*49", "right": 1}, "1/49*49=1").correct
    assert FAMILY.check({"left": "7/?*2", "right": 7}, "7/2*2=7").correct
    check = FAMILY.check({"left": "7/?", "right": 3}, "7/2=3")
    assert not check.correct and check.reason == "the left side is 7/2, not 3"


def test_division_by_zero_and_bad_modulo_make_the_equation_fail() -> None:
    check = FAMILY.check({"left": "6/?+1", "right": 4}, "6/0+1=4")
    assert not check.correct and check.format_ok
    assert check.reason.startswith("the left side divides by zero")
    check = FAMILY.check({"left": "(7/2)%?", "right": 1}, "(7/2)%2=1")
    assert "% of a number that is not whole" in check.reason
    assert "% by zero" in FAMILY.check({"left": "7%?", "right": 1}, "7%0=1").reason


def test_modulo_is_floor_modulo() -> None:
    # -7 % 3 is 2 (floor), not -1 (truncation); 7 % -3 would be -2
    assert FAMILY.check({"left": "(1-8)%?", "right": 2}, "(1-8)%3=2").correct
    assert not FAMILY.check({"left": "(1-8)%?", "right": -1}, "(1-8)%3=-1").correct
    assert FAMILY.check({"left": "?%(1-4)", "right": -2}, "7%(1-4)=-2").correct
    assert FAMILY.check({"left": "?%3+1", "right": 3}, "8%3+1=3").correct


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        ("2-4*3=14", "token 2 is '-'; the equation has '+'"),
        ("(2+4)*3=14", "the left side has 7 numbers, operators and brackets"),
        ("12+4*3=14", "number '12' has 2 digits; '?' has 1"),
        ("?+4*3=14", "still has a '?'"),
        ("2+4*3=14=14", "more than one '='"),
        ("2+4*3=x", "is not a number"),
        ("2+4^3=14", "unexpected '^3'"),
        ("__import__('os').system('ls')", "unexpected"),
        ("", "empty"),
        ("123", "the left side has 1 numbers"),
    ],
)
def test_malformed_answers_are_format_errors(answer: str, fragment: str) -> None:
    check = FAMILY.check(HAND, answer)
    assert not check.correct and not check.format_ok and check.credit() == 0.0
    assert fragment in check.reason, check.reason


def test_a_changed_shown_digit_or_right_side_earns_nothing() -> None:
    check = FAMILY.check(HAND, "2+5*3=17")  # holds, but the 4 and the 14 were changed
    assert not check.correct and check.format_ok and check.credit() == 0.0
    assert check.reason == "the number '4' is written '5' (a changed given earns no credit)"
    check = FAMILY.check(HAND, "2+4*3=17")
    assert (
        check.reason == "the right side is 14, the answer has 17 (a changed given earns no credit)"
    )


def test_model_text_never_reaches_eval(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval was called")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    for answer in ("2+4*3=14", "__import__('os')", "2+4*3==14", "9**9**9"):
        FAMILY.check(HAND, answer)  # no AssertionError from eval / exec


def test_another_valid_restoration_of_a_generated_task_is_accepted() -> None:
    for seed in range(40):
        task = taskgen.sample("math_path", 2, seed)
        fillings = _fillings(task.instance)
        gold = math_path.read_filling(
            tokenize(task.instance["left"], holes=True), task.instance["right"], task.answer
        )
        assert isinstance(gold, list)
        others = [f for f in fillings if f != "".join(map(str, gold))]
        if others:
            filled = math_path.fill(
                tokenize(task.instance["left"], holes=True), list(map(int, others[0]))
            )
            verdict = taskgen.verify(task, boxed("".join(filled) + f"={task.instance['right']}"))
            assert verdict.correct, verdict.reason
            return
    raise AssertionError("no level-2 task with two restorations in 40 seeds")


@pytest.mark.parametrize("level", range(1, 11))
def test_unique_option_leaves_exactly_one_restoration(level: int) -> None:
    for seed in range(2):
        task = taskgen.sample("math_path", level, seed, unique=True)
        node = parse(tokenize(task.instance["left"], holes=True))
        counts = hole_counts(node, {}, budget=10**7)
        assert counts.get(task.instance["right"], 0) == 1
        assert task.meta["fillings"] == 1
        assert task.meta["hidden"] >= 2
        assert taskgen.verify(task, boxed(task.answer)).correct


def test_gold_is_an_exact_equation_and_the_template_hides_its_digits() -> None:
    for level in (1, 5, 10):
        task = taskgen.sample("math_path", level, 4)
        left, right = task.answer.split("=")
        template = task.instance["left"]
        assert len(left) == len(template) and int(right) == task.instance["right"]
        assert all(t in ("?", a) for a, t in zip(left, template, strict=True))
        assert template.count("?") == task.meta["hidden"] >= 2


def test_levels_grow_in_operators_hidden_digits_and_hardness() -> None:
    low, high = taskgen.sample("math_path", 1, 0), taskgen.sample("math_path", 10, 0)
    assert low.params["operators"] < high.params["operators"]
    assert "%" in high.params["operator_set"] and "/" not in low.params["operator_set"]
    assert FAMILY.hardness(high) > 3 * FAMILY.hardness(low)


def test_prompt_states_the_meanings_and_the_format() -> None:
    task = taskgen.sample("math_path", 6, 0)
    assert "exact division" in task.prompt and "floor(a / b)" in task.prompt
    assert task.prompt.rstrip().endswith("inside \\boxed{}.")
    assert boxed(task.answer) not in task.prompt


@pytest.mark.parametrize(
    ("knobs", "fragment"),
    [
        ({"operators": 1}, "operators:"),
        ({"operator_set": "+^"}, "operator_set:"),
        ({"operator_set": "++"}, "operator_set:"),
        ({"parens": 3}, "parens must be at most"),
        ({"share": 0.0}, "share:"),
    ],
)
def test_bad_knobs_raise_clear_errors(knobs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidParamsError, match=fragment.replace("(", "\\(")):
        taskgen.sample("math_path", 2, 0, **knobs)


@pytest.mark.parametrize(
    ("left", "fragment"),
    [
        ("1+2", "no '?'"),
        ("? + 2", "without spaces"),
        ("?+", "not an expression"),
        ("??", "no operator"),
    ],
)
def test_malformed_instance_is_rejected_on_load(left: str, fragment: str) -> None:
    record = json.loads(taskgen.sample("math_path", 2, 0).model_dump_json())
    record["instance"]["left"] = left
    with pytest.raises(InvalidTaskError, match=fragment):
        taskgen.load_task(record)


def test_docstring_example() -> None:
    instance = {"left": "?+4*?", "right": 14}
    assert FAMILY.check(instance, "2+4*3=14").correct
    assert not FAMILY.check(instance, "2+4*4=14").correct
    assert FAMILY.check(instance, "23").correct
