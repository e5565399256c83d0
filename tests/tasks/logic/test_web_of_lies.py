"""web_of_lies: every asked value forced (proven again here with python-sat, independently of
the generator's bit-column enumeration), yes/no words read in order, distractors inert."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pysat.solvers import Solver

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks.logic import web_of_lies as wol
from taskgen.verifiers.extract import boxed

FAMILY = get("web_of_lies")


def clue(kind: str, who: list[int], claim: bool = True, by: list[bool] | None = None) -> dict:
    return {"kind": kind, "who": who, "claim": claim, "by_place": by or [False] * len(who)}


# Ann tells the truth; so Ben lies; so Cal (at the lake) tells the truth; so Dee does too.
HAND_MADE: dict[str, Any] = {
    "people": ["Ann", "Ben", "Cal", "Dee"],
    "places": ["zoo", "park", "lake", "farm"],
    "clues": [
        clue("truth", [0]),
        clue("says", [0, 1], False),
        clue("says", [1, 2], False),
        clue("at", [2]),
        clue("says", [2, 3], True, [True, False]),
        clue("thinks", [3, 0], False),
    ],
    "asked": [1, 2, 3],
    "asked_by_place": [False, True, False],
}


def test_hand_made_prompt_and_gold() -> None:
    prompt = wol.render_prompt(HAND_MADE)
    assert "The person at the lake says Dee tells the truth." in prompt
    assert "Dee thinks Ann lies." in prompt
    assert "2. Does the person at the lake tell the truth?" in prompt
    assert wol.solve(HAND_MADE) == [False, True, True]


@pytest.mark.parametrize(
    "payload",
    ["no, yes, yes", "No, True, YES", "[no, yes, yes]", "false; true; true", "no,yes,yes."],
)
def test_every_spelling_of_the_right_answer_is_accepted(payload: str) -> None:
    check = FAMILY.check(HAND_MADE, payload)
    assert check.correct and check.score == 1.0, (payload, check.reason)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("yes, yes, yes", "answer 1 is wrong: Ben lies"),
        ("no, no, yes", "answer 2 is wrong: the person at the lake tells the truth"),
        ("no, yes, no", "answer 3 is wrong: Dee tells the truth"),
        ("yes, no, no", "answer 1 is wrong: Ben lies"),
    ],
)
def test_wrong_answers_name_the_first_wrong_question(payload: str, reason: str) -> None:
    check = FAMILY.check(HAND_MADE, payload)
    assert not check.correct and check.format_ok and check.reason == reason


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("no, yes", "expected 3 answers (one per question), got 2"),
        ("no, yes, yes, no", "expected 3 answers"),
        ("no, maybe, yes", "answer 2 ('maybe') is not yes or no"),
        ("no yes yes", "expected 3 answers"),
        ("", "got 0"),
    ],
)
def test_malformed_answers_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND_MADE, payload)
    assert not check.correct and not check.format_ok and fragment in check.reason


def _load(instance: dict[str, Any]) -> None:
    record = json.loads(taskgen.sample("web_of_lies", 1, 0).model_dump_json())
    record["instance"] = instance
    taskgen.verify(record, boxed("no, yes, yes"))


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: d["clues"].pop(0), "do not force whether Ben"),
        (lambda d: d["clues"].append(clue("truth", [1])), "contradict"),
        (lambda d: d["clues"].pop(3), "unstated"),
        (lambda d: d["clues"].append(clue("says", [1, 1])), "twice"),
        (lambda d: d["clues"].append(clue("same", [0, 1])), "needs 3 people"),
        (lambda d: d.update(asked=[1, 1, 2]), "distinct"),
    ],
)
def test_malformed_instances_are_the_callers_error(change: Any, fragment: str) -> None:
    data = json.loads(json.dumps(HAND_MADE))
    change(data)
    with pytest.raises(InvalidTaskError, match=fragment):
        _load(data)


def test_distractors_carry_no_evidence() -> None:
    without = dict(HAND_MADE, clues=[c for c in HAND_MADE["clues"] if c["kind"] != "thinks"])
    clues = [wol.Clue.model_validate(c) for c in HAND_MADE["clues"]]
    bare = [wol.Clue.model_validate(c) for c in without["clues"]]
    assert wol.consistent(4, clues)[0] == wol.consistent(4, bare)[0]


def _sat_clauses(instance: dict[str, Any]) -> tuple[list[list[int]], int]:
    """Encodes the clues as CNF (person i is variable i + 1, true = tells the truth)."""
    n = len(instance["people"])
    top = n
    clauses: list[list[int]] = []
    for item in instance["clues"]:
        kind, who, claim = item["kind"], item["who"], item["claim"]
        v = [p + 1 for p in who]
        if kind == "truth":
            clauses.append([v[0] if claim else -v[0]])
            continue
        if kind not in ("says", "at_least_one", "same"):
            continue
        top += 1
        x = top  # x <-> the content of the statement
        if kind == "says":
            lit = v[1] if claim else -v[1]
            clauses += [[-x, lit], [x, -lit]]
        elif kind == "at_least_one":
            b, d = (v[1], v[2]) if claim else (-v[1], -v[2])
            clauses += [[-x, b, d], [x, -b], [x, -d]]
        else:
            same = x if claim else -x
            clauses += [[-same, -v[1], v[2]], [-same, v[1], -v[2]]]
            clauses += [[same, v[1], v[2]], [same, -v[1], -v[2]]]
        clauses += [[-v[0], x], [v[0], -x]]  # speaker <-> content
    return clauses, n


@pytest.mark.parametrize("level", range(1, 11))
def test_every_asked_value_is_forced_by_an_independent_sat_proof(level: int) -> None:
    for seed in range(3):
        task = taskgen.sample("web_of_lies", level, seed)
        clauses, _ = _sat_clauses(task.instance)
        gold = [word == "yes" for word in task.answer.split(", ")]
        with Solver(name="minisat22", bootstrap_with=clauses) as solver:
            assert solver.solve()
            for person, value in zip(task.instance["asked"], gold, strict=True):
                other = -(person + 1) if value else person + 1
                assert not solver.solve(assumptions=[other]), (level, seed, person)
        # the generator avoids tasks that believing every sentence answers
        assert wol.face_value(task.instance) != gold
        assert not set(task.instance["asked"]) & {
            c["who"][0] for c in task.instance["clues"] if c["kind"] == "truth"
        }


def test_columns_enumerate_every_assignment() -> None:
    full, cols = wol.columns(3)
    for a in range(8):
        assert [bool(col >> a & 1) for col in cols] == [bool(a >> i & 1) for i in range(3)]
    assert full == 0xFF


def test_format_example_is_never_an_answer() -> None:
    task = taskgen.sample("web_of_lies", 1, 0)
    count = len(task.instance["asked"])
    check = FAMILY.check(task.instance, wol.format_example(count))
    assert not check.correct and not check.format_ok


def test_impossible_knobs_fail_with_a_clear_error() -> None:
    with pytest.raises(taskgen.InvalidParamsError, match="compound"):
        taskgen.sample("web_of_lies", 1, 0, narrated=0)
    with pytest.raises(taskgen.InvalidParamsError, match="people"):
        taskgen.sample("web_of_lies", 1, 0, people=4)
