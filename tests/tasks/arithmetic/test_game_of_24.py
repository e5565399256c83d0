"""game_of_24: the target is checked, numbers are counted, ** and // refused, any solution."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.arithmetic import game_of_24

FAMILY = get("game_of_24")
EIGHTS: dict[str, Any] = {"numbers": [3, 3, 8, 8], "target": 24, "operators": "+-*/"}
SMALL: dict[str, Any] = {"numbers": [2, 3, 4, 6], "target": 24, "operators": "+-*/"}


def _values(numbers: list[Fraction], whole_only: bool) -> set[Fraction]:
    """Every value of every expression tree of ``numbers`` (exact; independent of the module)."""
    if len(numbers) == 1:
        return {numbers[0]}
    found: set[Fraction] = set()
    for i in range(len(numbers)):
        for j in range(len(numbers)):
            if i == j:
                continue
            a, b = numbers[i], numbers[j]
            rest = [numbers[k] for k in range(len(numbers)) if k not in (i, j)]
            results = [a + b, a - b, a * b] + ([a / b] if b else [])
            for value in results:
                if whole_only and value.denominator != 1:
                    continue
                found |= _values([*rest, value], whole_only)
    return found


def _check(instance: dict[str, Any], answer: str) -> tuple[bool, str, bool]:
    check = FAMILY.check(instance, answer)
    return check.correct, check.reason, check.format_ok


def test_the_classic_fraction_solution_is_accepted_with_or_without_the_target() -> None:
    for answer in ("8/(3-8/3)", "8 / (3 - 8 / 3)", "(8/(3-8/3)) = 24", "$8 \\div (3 - 8 \\div 3)$"):
        assert _check(EIGHTS, answer)[0], answer


def test_two_different_valid_expressions_are_both_accepted() -> None:
    for answer in ("6*4*(3-2)", "(6-3)*2*4", "4*6/(3-2)", "(3-2)*4*6 = 24"):
        correct, reason, _ = _check(SMALL, answer)
        assert correct, (answer, reason)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("6*6-3*4", "the number 6 is used twice; it is given once"),
        ("6*4*(3-2)*2", "the number 2 is used twice; it is given once"),
        ("6*4", "the number 2 is missing"),
        ("(4-2)**3*3", "'**' (power) is not allowed"),
        ("6*4//(3-2)", "'//' (floor division) is not allowed"),
        ("6*4+3-2", "the expression equals 25, not 24"),
        ("6*4*(3-2)*1", "1 is not one of the given numbers"),
        ("23+4-6/2", "23 is not one of the given numbers"),
        ("6*4*(3-2) = 25", "the answer claims 25; the target is 24"),
        ("6*4*(3-2)%7", "the operator '%' is not allowed"),
    ],
)
def test_wrong_answers_are_rejected_with_their_reason(answer: str, reason: str) -> None:
    correct, got, format_ok = _check(SMALL, answer)
    assert not correct and format_ok
    assert got == reason


def test_division_by_zero_is_a_wrong_answer_not_an_error() -> None:
    correct, reason, format_ok = _check(EIGHTS, "(8+8)/(3-3)")
    assert not correct and format_ok and reason == "the expression divides by zero"


def test_an_operator_that_is_not_allowed_is_named() -> None:
    no_division = {**EIGHTS, "operators": "+-*"}
    assert _check(no_division, "8/(3-8/3)")[1] == "the operator '/' is not allowed here"


@pytest.mark.parametrize("answer", ["", "abc", "(8+8", "8 8 3 3", "3, 3, 8, 8", "8^2", "-8+8*3+3"])
def test_text_outside_the_grammar_is_a_format_error(answer: str) -> None:
    correct, _, format_ok = _check(EIGHTS, answer)
    assert not correct and not format_ok


def test_the_original_bugs_are_absent() -> None:
    # SynLogic's checker accepted 1+2+3+4 (value 10) and 1**2*3*4 for the target 24
    instance = {"numbers": [1, 2, 3, 4], "target": 24, "operators": "+-*/"}
    assert not _check(instance, "1+2+3+4")[0]
    assert not _check(instance, "1**2*3*4")[0]
    assert _check(instance, "(1+2+3)*4")[0] and _check(instance, "4*3*2*1")[0]
    # and searched left folds only: 8/(3-8/3) is no left fold, yet it is found
    assert game_of_24.solve([3, 3, 8, 8], 24, "+-*/") == "8/(3-8/3)"


def test_every_gold_is_valid_and_fraction_levels_are_proven_exactly() -> None:
    for level in range(1, 11):
        for seed in range(3):
            task = taskgen.sample("game_of_24", level, seed)
            assert FAMILY.check(task.instance, task.answer).correct
            numbers = task.instance["numbers"]
            assert task.instance["target"] not in (sum(numbers), math.prod(numbers))
            if FAMILY.knobs_for_level(level)["needs_fractions"]:
                exact = [Fraction(n) for n in numbers]
                target = task.instance["target"]
                assert target in _values(exact, whole_only=False)
                assert target not in _values(exact, whole_only=True)
                assert task.meta["needs_fractions"] is True


def test_the_fast_enumeration_agrees_with_an_exact_one() -> None:
    for numbers in ([3, 3, 8, 8], [1, 5, 5, 5], [2, 7, 11, 13], [1, 4, 5, 6], [6, 9, 12]):
        every, whole = game_of_24.reachable(tuple(sorted(numbers)), "+-*/")
        exact = [Fraction(n) for n in numbers]
        assert every == {int(v) for v in _values(exact, False) if v.denominator == 1}
        assert whole == {int(v) for v in _values(exact, True)}


def test_lazy_answers_never_solve() -> None:
    for level in (1, 3, 5, 10):
        for seed in range(5):
            task = taskgen.sample("game_of_24", level, seed)
            for answers in FAMILY.lazy_answers(task.instance).values():
                assert not any(FAMILY.check(task.instance, a).correct for a in answers)


def test_knobs_and_instances_are_validated() -> None:
    with pytest.raises(InvalidParamsError, match="needs_fractions needs count"):
        taskgen.sample("game_of_24", 10, 0, needs_fractions=True)
    with pytest.raises(InvalidParamsError, match="count"):
        taskgen.sample("game_of_24", 1, 0, count=7)
    with pytest.raises(InvalidParamsError, match="operators"):
        taskgen.sample("game_of_24", 1, 0, operators="+^")
    task = taskgen.sample("game_of_24", 4, 0)
    for bad in ({"numbers": [0, 1, 2]}, {"operators": "**"}, {"numbers": [1]}):
        record = json.loads(task.model_dump_json())
        record["instance"].update(bad)
        with pytest.raises(InvalidTaskError):
            taskgen.load_task(record)
