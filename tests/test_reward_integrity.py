"""Reward integrity over the registry: every family, every level, no new code per family.

A model that wants reward without solving tries constant answers, copies of the prompt,
the givens left as they are, answers of the right shape that ignore the clues; a careless
caller sends broken tasks and huge or odd completions. Each class of attack is one test
here, run on every registered family (``taskgen.testing`` holds the attacks, so plugin
families are held to the same bar with ``check_family``).
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from pydantic import BaseModel

import taskgen
from taskgen import testing
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import Check, Draft, Family, get, names, register, unregister
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.progress import AnswerLayout

FAMILIES = names()
LAYOUT_FAMILIES = [f for f in FAMILIES if get(f).answer_layout(taskgen.sample(f).instance)]
HUGE = 10_000_000


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_trivial_answers_earn_almost_nothing_at_every_level(family: str) -> None:
    """Constants, random fills, shuffled or relabelled solutions, another task's solution,
    the prompt and its boxes: partial mean <= 0.25, constants rarely right, one cell from a
    solution clearly above them (see ``testing.check_reward_integrity``)."""
    testing.check_reward_integrity(family)


def test_cell_families_declare_their_layout() -> None:
    # the attacks above need a layout to build grid-shaped answers; every sat and puzzle
    # family of the registry has one
    for family in FAMILIES:
        if get(family).kind in ("sat", "puzzle") and get(family).cell_answer:
            assert family in LAYOUT_FAMILIES, family


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_the_checker_itself_never_raises(family: str) -> None:
    testing.check_checker(family)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_an_open_think_hides_every_answer(family: str) -> None:
    task = taskgen.sample(family, 3, 0)
    gold = boxed(task.answer)
    for completion in (
        f"<think>a</think>\n<think>{gold}",
        f"<think>{gold}",
        f"{gold}<think>",
        f"<think>x</think><think>y</think><think>{gold}",
    ):
        verdict = taskgen.verify(task, completion, policy="saturn")
        assert not verdict.correct and not verdict.format_ok, completion
    assert taskgen.verify(task, f"<think>a</think><think>b</think>{gold}").correct


def _layouts(grid: list[list[int]]) -> list[str]:
    """The same grid written in every JSON layout a model might use, and the leniencies."""
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    return [
        json.dumps(grid, indent=2),
        json.dumps(grid, indent="\t"),
        "[ " + ", ".join("[" + ", ".join(map(str, row)) + "]" for row in grid) + " ]",
        "[\n" + ",\n".join(json.dumps(row) for row in grid) + "\n]",
        json.dumps(grid) + ".",
        json.dumps(grid).translate(wide),
        json.dumps([[float(v) for v in row] for row in grid]),
        json.dumps([[str(v) for v in row] for row in grid]),
        "\n".join(" ".join(f"{v}.0" for v in row) for row in grid),
        "$\\text{" + json.dumps(grid) + "}$.",
    ]


@pytest.mark.parametrize("family", LAYOUT_FAMILIES, ids=LAYOUT_FAMILIES)
def test_any_json_layout_of_the_gold_is_read(family: str) -> None:
    task = taskgen.sample(family, 4, 1)
    layout = get(family).answer_layout(task.instance)
    assert layout is not None
    if layout.style == "bits":
        wide = str.maketrans("01", "０１")
        forms = [task.answer + ".", task.answer.translate(wide), f"$\\text{{{task.answer}}}$"]
    elif layout.symbols is not None:  # rows of tokens (arrows, letters): layouts only
        rows = json.loads(task.answer)
        forms = [json.dumps(rows, indent=2), json.dumps(rows) + ".", json.dumps(rows, indent="\t")]
    else:
        forms = _layouts(json.loads(task.answer))
    for form in forms:
        verdict = taskgen.verify(task, boxed(form), policy="saturn")
        assert verdict.correct, (form, verdict.reason)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_every_verdict_serialises(family: str) -> None:
    task = taskgen.sample(family, 2, 0)
    for completion in ("\\boxed{\udcff}", "\udcff", "\\boxed{\ud800x}", "\\boxed{\x00}", "é"):
        for policy in ("binary", "saturn", "partial"):
            verdict = taskgen.verify(task, completion, policy=policy)
            again = taskgen.Verdict.model_validate_json(verdict.model_dump_json())
            assert again.reward == verdict.reward


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_a_malformed_task_is_the_callers_error_before_any_completion(family: str) -> None:
    task = taskgen.sample(family, 2, 0)
    record = json.loads(task.model_dump_json())
    for key in list(record["instance"]):
        broken = json.loads(task.model_dump_json())
        del broken["instance"][key]
        with pytest.raises(InvalidTaskError):
            taskgen.verify(broken, boxed(task.answer))
    extra = json.loads(task.model_dump_json())
    extra["instance"]["surprise"] = 1
    with pytest.raises(InvalidTaskError, match="surprise"):
        taskgen.verify(extra, boxed(task.answer))
    deep = task.model_dump_json().replace(
        '"meta":{', '"meta":{"x":' + "[" * 100_000 + "]" * 100_000 + ","
    )
    with pytest.raises(InvalidTaskError):
        taskgen.verify(deep, "x")
    edited = json.loads(task.model_dump_json())
    edited["seed"] += 1
    taskgen.check_integrity(task)
    with pytest.raises(InvalidTaskError, match="does not match its content"):
        taskgen.check_integrity(edited)


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
def test_huge_completions_get_the_same_verdicts(family: str) -> None:
    """10 MB of braces, boxes or text: a verdict, and the same one a short text would get.
    (Speed is measured in benchmarks/bench_integrity.py, not asserted here.)"""
    task = taskgen.sample(family, 1, 0)
    gold = boxed(task.answer)
    assert taskgen.verify(task, gold + "{" * HUGE).correct
    assert taskgen.verify(task, gold + " " + "\\boxed{" * (HUGE // 7)).correct
    assert taskgen.verify(task, "x" * HUGE + gold).correct
    assert not taskgen.verify(task, "\\boxed{" + "{}" * (HUGE // 2)).correct
    assert not taskgen.verify(task, "\\boxed{" + "{" * HUGE).format_ok


# -- the attacks can fail: plugin families that farm or crash are caught -------------------


class _Knobs(BaseModel):
    size: int = 1


class _Instance(BaseModel):
    value: int


def test_check_family_fails_a_plugin_whose_checker_raises() -> None:
    class Raising(Family):
        kind = "puzzle"
        description = "a checker that raises on wrong answers"
        Knobs = _Knobs
        Instance = _Instance

        def knobs_for_level(self, level: int) -> dict[str, Any]:
            return {"size": level}

        def generate(self, knobs: Any, rng: random.Random) -> Draft:
            value = rng.randrange(10**6)
            return Draft(f"Write {value} in \\boxed{{}}.", str(value), {"value": value})

        def check(self, instance: dict[str, Any], payload: str) -> Check:
            if payload.strip() != str(instance["value"]):
                raise ValueError("boom")
            return Check(True, 1.0, "right")

        def hardness(self, task: taskgen.Task) -> float:
            return float(task.params["size"])

    register("raising_test")(Raising)
    try:
        with pytest.raises(testing.FamilyCheckError, match="raised ValueError"):
            testing.check_checker("raising_test", levels=(1,))
    finally:
        unregister("raising_test")


def test_reward_integrity_fails_a_plugin_that_pays_for_ones() -> None:
    class Farmable(Family):
        """Four bits; partial credit is the share of ones (what an all-ones answer farms)."""

        kind = "puzzle"
        description = "a reward a constant answer farms"
        Knobs = _Knobs
        Instance = _Instance

        def knobs_for_level(self, level: int) -> dict[str, Any]:
            return {"size": level}

        def generate(self, knobs: Any, rng: random.Random) -> Draft:
            value = rng.randrange(16)
            bits = format(value, "04b")
            return Draft(f"Guess four bits; \\boxed{{{bits}}}", bits, {"value": value})

        def check(self, instance: dict[str, Any], payload: str) -> Check:
            bits = format(instance["value"], "04b")
            if len(payload) != 4 or set(payload) - {"0", "1"}:
                return Check(False, 0.0, "four bits please", False)
            return Check(payload == bits, payload.count("1") / 4, "compared")

        def hardness(self, task: taskgen.Task) -> float:
            return float(task.params["size"])

        def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
            return AnswerLayout(1, 4, (0, 1), {}, tuple((0, c) for c in range(4)), "bits")

    register("farmable_test")(Farmable)
    try:
        with pytest.raises(testing.FamilyCheckError, match=r"earn|solves"):
            testing.check_reward_integrity("farmable_test", levels=(1,))
    finally:
        unregister("farmable_test")


def test_reward_integrity_fails_a_plugin_that_accepts_its_input_echoed() -> None:
    class Echoing(Family):
        """Sort three numbers; the checker forgets to check the order (the input passes)."""

        kind = "puzzle"
        description = "a checker that accepts the givens left as they are"
        Knobs = _Knobs
        Instance = _Instance
        cell_answer = False

        def knobs_for_level(self, level: int) -> dict[str, Any]:
            return {"size": level}

        def _numbers(self, instance: dict[str, Any]) -> list[int]:
            value = instance["value"]
            return [value % 97, value % 89, value % 83]

        def generate(self, knobs: Any, rng: random.Random) -> Draft:
            value = rng.randrange(10**6)
            numbers = [value % 97, value % 89, value % 83]
            gold = ", ".join(map(str, sorted(numbers)))
            return Draft(f"Sort {numbers} ascending.", gold, {"value": value})

        def check(self, instance: dict[str, Any], payload: str) -> Check:
            numbers = self._numbers(instance)
            ok = sorted(payload.replace(" ", "").split(",")) == sorted(map(str, numbers))
            return Check(ok, float(ok), "same numbers" if ok else "other numbers")

        def hardness(self, task: taskgen.Task) -> float:
            return float(task.params["size"])

        def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
            return {"input": [", ".join(map(str, self._numbers(instance)))]}

    register("echoing_test")(Echoing)
    try:
        with pytest.raises(testing.FamilyCheckError, match=r"lazy answers \(input\) solve"):
            testing.check_reward_integrity("echoing_test", levels=(1,))
    finally:
        unregister("echoing_test")
