"""cryptarithm: unique solutions (checked by an independent brute force), both answer forms."""

from __future__ import annotations

import functools
import json
from typing import Any

import numpy as np
import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.arithmetic import cryptarithm

FAMILY = get("cryptarithm")
MONEY: dict[str, Any] = {"operands": ["SEND", "MORE"], "operator": "+", "result": "MONEY"}


@functools.cache
def _assignments(letters: int) -> np.ndarray:
    """Every injective assignment of digits to ``letters`` letters (10!/(10-k)! rows)."""
    table = np.arange(10, dtype=np.int64).reshape(10, 1)
    for _ in range(letters - 1):
        grown = np.repeat(table, 10, axis=0)
        digit = np.tile(np.arange(10, dtype=np.int64), len(table))
        keep = (grown != digit[:, None]).all(axis=1)
        table = np.hstack([grown, digit[:, None]])[keep]
    return table


def _brute_force_count(instance: dict[str, Any]) -> int:
    """Counts solutions over every injective letter -> digit assignment (numpy)."""
    words = [*instance["operands"], instance["result"]]
    letters = sorted(set("".join(words)))
    digits = _assignments(len(letters))
    column = {letter: i for i, letter in enumerate(letters)}
    leading = sorted({column[word[0]] for word in words})
    digits = digits[(digits[:, leading] != 0).all(axis=1)]
    values = []
    for word in words:
        weights = np.zeros(len(letters), dtype=np.int64)
        for place, letter in enumerate(reversed(word)):
            weights[column[letter]] += 10**place
        values.append(digits @ weights)
    *left, right = values
    if instance["operator"] == "+":
        ok = sum(left) == right
    elif instance["operator"] == "-":
        ok = left[0] - left[1] == right
    else:
        ok = left[0] * left[1] == right
    return int(np.count_nonzero(ok))


def test_send_more_money_in_both_answer_forms() -> None:
    for answer in ("9567 + 1085 = 10652", "9567+1085=10652", "$9567 + 1085 = 10652$."):
        assert FAMILY.check(MONEY, answer).correct, answer
    mapping = "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2"
    assert FAMILY.check(MONEY, mapping).correct
    assert FAMILY.check(MONEY, "s:9 e:5 n:6 d:7 m:1 o:0 r:8 y:2").correct
    assert cryptarithm.solutions(["SEND", "MORE"], "+", "MONEY", limit=5) == [
        {"D": 7, "E": 5, "Y": 2, "N": 6, "R": 8, "O": 0, "S": 9, "M": 1}
    ]


def test_wrong_answers_name_their_first_problem() -> None:
    # a letter with two digits: the E of SEND (5) and the E of MORE written 6
    check = FAMILY.check(MONEY, "9567 + 1086 = 10653")
    assert not check.correct and check.format_ok
    assert check.reason == "the letter E is written 5 and 6"
    # two letters on one digit (mapping form), a leading zero, a false equation
    two = "S=9, E=5, N=6, D=7, M=1, O=0, R=5, Y=2"
    assert FAMILY.check(MONEY, two).reason == "the letters E and R are both 5"
    zero = "S=0, E=5, N=6, D=7, M=1, O=9, R=8, Y=2"
    assert FAMILY.check(MONEY, zero).reason == "the word SEND starts with 0"
    false = "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=3"
    check = FAMILY.check(MONEY, false)
    assert not check.correct and check.format_ok
    assert check.reason == "9567 + 1085 = 10653 is false: the left side is 10652"


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "9567 - 1085 = 10652",
        "9567 + 1085",
        "9567 + 108 = 10652",
        "9567 + 1085 + 1 = 10652",
        "S=9, E=5, N=6, D=7, M=1, O=0, R=8",
        "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2, Z=3",
        "SEND + MORE = MONEY",
        "yes",
    ],
)
def test_format_errors(answer: str) -> None:
    check = FAMILY.check(MONEY, answer)
    assert not check.correct and not check.format_ok, check.reason


def test_subtraction_and_multiplication_are_read_with_their_operator() -> None:
    minus = {"operands": ["MONEY", "MORE"], "operator": "-", "result": "SEND"}
    assert FAMILY.check(minus, "10652 - 1085 = 9567").correct
    assert FAMILY.check(minus, "10652 \u2212 1085 = 9567").correct
    times = {"operands": ["AB", "B"], "operator": "*", "result": "CA"}
    # (one-letter words only in hand-made instances; generated words have two or more)
    with pytest.raises(ValueError):
        FAMILY.validate_instance(times)
    times = {"operands": ["AB", "CB"], "operator": "*", "result": "DEFB"}
    found = cryptarithm.solutions(times["operands"], "*", times["result"], limit=1)
    equation = cryptarithm.write_equation(times["operands"], "*", times["result"], found[0])
    assert FAMILY.check(times, equation).correct
    assert FAMILY.check(times, equation.replace("*", "\\times")).correct


def test_every_level_is_unique_by_an_independent_brute_force() -> None:
    # the brute force holds every assignment in memory: puzzles of up to 7 letters (all
    # but level 10, whose 8-10 letters rest on the solver's exactness, tested below)
    checked = []
    for level in range(1, 11):
        for seed in range(10):
            task = taskgen.sample("cryptarithm", level, seed)
            assert FAMILY.check(task.instance, task.answer).correct
            if task.meta["letters"] <= 7:
                assert _brute_force_count(task.instance) == 1, (level, seed)
                checked.append(level)
                break
    assert checked == list(range(1, 10))


def test_the_solver_counts_exactly_on_true_equations() -> None:
    rng = np.random.default_rng(0)
    for op in "+-*":
        for _ in range(3):
            a, b = int(rng.integers(100, 999)), int(rng.integers(10, 99))
            result = a + b if op == "+" else a - b if op == "-" else a * b
            digits = sorted(set(f"{a}{b}{result}"))
            letter = dict(zip(digits, "QWERTYUIOP", strict=False))
            words = ["".join(letter[d] for d in str(n)) for n in (a, b, result)]
            instance = {"operands": words[:2], "operator": op, "result": words[2]}
            count = len(cryptarithm.solutions(words[:2], op, words[2], limit=10**6))
            assert count == _brute_force_count(instance)


def test_lazy_answers_never_solve_and_the_original_format_is_kept() -> None:
    for level in (1, 5, 10):
        for seed in range(4):
            task = taskgen.sample("cryptarithm", level, seed)
            assert " = " in task.answer  # SynLogic's numeric equation, e.g. 9567 + 1085 = 10652
            for answers in FAMILY.lazy_answers(task.instance).values():
                assert not any(FAMILY.check(task.instance, a).correct for a in answers)


def test_knobs_and_instances_are_validated() -> None:
    with pytest.raises(InvalidParamsError, match="takes words=2"):
        taskgen.sample("cryptarithm", 7, 0, words=3)
    with pytest.raises(InvalidParamsError, match="min_letters"):
        taskgen.sample("cryptarithm", 1, 0, min_letters=3)
    record = json.loads(taskgen.sample("cryptarithm", 1, 0).model_dump_json())
    for bad in ({"result": "ab"}, {"operator": "/"}, {"operands": ["ABCDEFGHIJ", "KL"]}):
        broken = {**record, "instance": {**record["instance"], **bad}}
        with pytest.raises(InvalidTaskError):
            taskgen.load_task(broken)
