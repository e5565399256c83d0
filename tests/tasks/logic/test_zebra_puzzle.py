"""Zebra-puzzle rules: the clue semantics (CNF agrees with the plain rule on every grid), a
unique solution and a minimal clue set at every level, the documented answer forms, the
first wrong cell named, no answer text ever evaluated, no lazy answer right."""

from __future__ import annotations

import copy
import itertools
import json
import random
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions
from taskgen.tasks.logic import zebra_puzzle as zp
from taskgen.verifiers.extract import boxed

FAMILY = get("zebra_puzzle")

# Solution: house 1 green/fish, house 2 red/cat, house 3 blue/dog. Red is in house 2, so
# green (directly left of the cat) must be house 1, the cat house 2, blue and the dog house 3.
HAND_MADE: dict[str, Any] = {
    "houses": 3,
    "attributes": [
        {"name": "colour", "values": ["blue", "green", "red"]},
        {"name": "pet", "values": ["cat", "dog", "fish"]},
    ],
    "clues": [
        {"kind": "at", "refs": [["colour", "red"]], "houses": [2]},
        {"kind": "imm_left", "refs": [["colour", "green"], ["pet", "cat"]], "houses": []},
        {"kind": "same", "refs": [["pet", "dog"], ["colour", "blue"]], "houses": []},
    ],
    "question": {"kind": "grid"},
}
GOLD = {
    "1": {"colour": "green", "pet": "fish"},
    "2": {"colour": "red", "pet": "cat"},
    "3": {"colour": "blue", "pet": "dog"},
}


def asking(question: dict[str, Any]) -> dict[str, Any]:
    instance = copy.deepcopy(HAND_MADE)
    instance["question"] = question
    return instance


def test_hand_made_puzzle_reads_as_written() -> None:
    prompt = zp.render_prompt(zp.load(HAND_MADE))
    assert "1. The person in the red house lives in house 2." in prompt
    assert "2. The person in the green house lives directly to the left of the cat owner." in prompt
    assert "3. The dog owner lives in the blue house." in prompt
    assert "- colour (house colours): blue, green, red" in prompt


@pytest.mark.parametrize(
    "payload",
    [
        json.dumps(GOLD),
        json.dumps({k: dict(reversed(list(v.items()))) for k, v in reversed(GOLD.items())}),
        json.dumps([GOLD["1"], GOLD["2"], GOLD["3"]]),
        json.dumps({f"House {k}": v for k, v in GOLD.items()}),
        str({int(k): v for k, v in GOLD.items()}),  # Python literal, integer keys
        json.dumps(GOLD).upper(),
        '{"1": {"Colour": " Green ", "PET": "the fish"}, "2": {"colour": "red", "pet": "a cat"},'
        ' "3": {"colour": "blue", "pet": "dog"}}',
        "$" + json.dumps(GOLD) + "$.",
    ],
)
def test_the_grid_is_accepted_in_every_documented_form(payload: str) -> None:
    check = FAMILY.check(HAND_MADE, payload)
    assert check.correct and check.score == 1.0, (payload, check.reason)


def test_a_wrong_grid_names_its_first_wrong_cell() -> None:
    swapped = copy.deepcopy(GOLD)
    swapped["1"]["pet"], swapped["3"]["pet"] = "dog", "fish"
    check = FAMILY.check(HAND_MADE, json.dumps(swapped))
    assert not check.correct and check.format_ok and check.credit() == 0.0
    assert check.reason == "house 1, pet 'dog' is wrong (2 of 6 cells wrong)"
    listed = zp.write_grid(zp.load(HAND_MADE), ((0, 1, 2), (0, 1, 2)))
    check = FAMILY.check(HAND_MADE, listed)
    assert check.reason == "house 1, colour 'blue' is wrong (6 of 6 cells wrong)"


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (
            '{"1": {"colour": "green", "pet": "fish"}, "2": {"colour": "red", "pet": "cat"}}',
            "house 3 is missing",
        ),
        (
            '{"1": {"colour": "green"}, "2": {"colour": "red", "pet": "cat"}, '
            '"3": {"colour": "blue", "pet": "dog"}}',
            "house 1: pet is missing",
        ),
        (
            '{"1": {"colour": "green", "pet": "fish", "hat": "x"}, "2": {}, "3": {}}',
            "house 1: unknown attribute 'hat'",
        ),
        (
            '{"1": {"colour": "purple", "pet": "fish"}, "2": {}, "3": {}}',
            "'purple' is not one of the listed house colours",
        ),
        ('{"4": {"colour": "green", "pet": "fish"}}', "key '4' is not a house 1-3"),
        ("[1, 2]", "answer lists 2 houses, not 3"),
        ("green fish, red cat, blue dog", "answer is not a JSON object of houses"),
        ("__import__('os').system('echo pwned')", "answer is not a JSON object of houses"),
        ('"green"', "answer is not a JSON object of houses"),
    ],
)
def test_malformed_grids_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND_MADE, payload)
    assert not check.correct and not check.format_ok
    assert fragment in check.reason, check.reason


def test_house_question() -> None:
    instance = asking({"kind": "house", "ref": ["pet", "dog"]})
    prompt = zp.render_prompt(zp.load(instance))
    assert "Question: Which house does the dog owner live in?" in prompt
    for payload in ("3", "House 3", " house #3 ", "$3$", "\\text{3}"):
        assert FAMILY.check(instance, payload).correct, payload
    wrong = FAMILY.check(instance, "2")
    assert not wrong.correct and wrong.format_ok and wrong.reason == "house 2 is wrong"
    for payload, fragment in (("4", "house 4 does not exist"), ("three", "not a house number")):
        check = FAMILY.check(instance, payload)
        assert not check.format_ok and fragment in check.reason


def test_value_question() -> None:
    instance = asking({"kind": "value", "ref": ["colour", "green"], "attribute": "pet"})
    prompt = zp.render_prompt(zp.load(instance))
    assert "Question: Which pet does the person in the green house own?" in prompt
    for payload in ("fish", "Fish", "the fish", "'FISH'", "\\text{fish}."):
        assert FAMILY.check(instance, payload).correct, payload
    wrong = FAMILY.check(instance, "cat")
    assert not wrong.correct and wrong.format_ok and wrong.reason == "'cat' is wrong"
    check = FAMILY.check(instance, "zebra")
    assert not check.format_ok and "not one of the listed pets" in check.reason


@pytest.mark.parametrize(
    "edit",
    [
        lambda i: i["clues"].pop(1),  # two grids fit
        lambda i: i["clues"].append(
            {"kind": "at", "refs": [["pet", "cat"]], "houses": [1]}
        ),  # no grid fits
        lambda i: i["attributes"][0].update(name="hat"),
        lambda i: i["attributes"][1]["values"].append("cow"),
        lambda i: i["attributes"][1]["values"].__setitem__(0, "Dog"),  # repeats 'dog'
        lambda i: i["attributes"].reverse(),  # not catalogue order
        lambda i: i["clues"][0].update(kind="far_from"),
        lambda i: i["clues"][0].update(houses=[4]),
        lambda i: i["clues"][1].update(refs=[["colour", "green"]]),
        lambda i: i["clues"][2].update(refs=[["pet", "zebra"], ["colour", "blue"]]),
        lambda i: i.update(question={"kind": "value", "ref": ["pet", "dog"], "attribute": "pet"}),
        lambda i: i.update(question={"kind": "house"}),
        lambda i: i.update(question={"kind": "grid", "attribute": "pet"}),
    ],
)
def test_malformed_instances_are_the_callers_error(edit: Any) -> None:
    task = taskgen.sample("zebra_puzzle", 1, 0)
    record = json.loads(task.model_dump_json())
    instance = copy.deepcopy(HAND_MADE)
    edit(instance)
    record["instance"] = instance
    with pytest.raises(InvalidTaskError):
        taskgen.verify(record, boxed("1"))


def _brute_force(puzzle: zp.Puzzle) -> list[zp.Grid]:
    """Every grid the clues allow, by enumeration with the plain rule (no solver)."""
    n, k = puzzle.houses, len(puzzle.names)
    perms = list(itertools.permutations(range(n)))
    found = []
    for grid in itertools.product(perms, repeat=k):
        where = zp.positions(grid)
        if all(zp.holds(clue, where) for clue in puzzle.clues):
            found.append(grid)
    return found


def test_cnf_agrees_with_the_plain_rule_for_every_clue_kind() -> None:
    """For random true clues of each kind, the solver's count of grids equals enumeration's."""
    rng = random.Random(5)
    n, k = 4, 2
    for kind in [*zp.DIRECT_KINDS, *zp.INDIRECT_WEIGHTS]:
        for _ in range(3):
            grid = zp.draw_solution(n, k, rng)
            clues = tuple(zp.draw_clue(grid, kind, rng) for _ in range(2))
            assert all(zp.holds(c, zp.positions(grid)) for c in clues)
            puzzle = zp.Puzzle(
                n, ("colour", "pet"), (("a",) * n, ("b",) * n), clues, ("grid", None, None)
            )
            encoding = zp.Encoding(n, k)
            clauses = list(encoding.base)
            for clue in clues:
                clauses += encoding.clue(clue)
            cells = list(range(1, k * n * n + 1))
            assert count_solutions(clauses, limit=1000, project=cells) == len(
                _brute_force(puzzle)
            ), kind


@pytest.mark.parametrize("level", range(1, 11))
def test_generated_puzzles_are_unique_and_minimal(level: int) -> None:
    task = taskgen.sample("zebra_puzzle", level, 3)
    puzzle = zp.load(task.instance)
    zp._solved.clear()  # prove again, not from the generator's memory
    grid = zp.solution_of(puzzle)
    assert grid is not None
    if level <= 2:  # small enough to enumerate without a solver
        assert _brute_force(puzzle) == [grid]
    for drop in range(len(puzzle.clues)):
        fewer = puzzle.clues[:drop] + puzzle.clues[drop + 1 :]
        assert zp.prove(puzzle.houses, len(puzzle.names), fewer) is None, (level, drop)
    assert taskgen.verify(task, boxed(task.answer)).correct


def test_questions_avoid_lazy_answers_and_stated_facts() -> None:
    for level in (1, 2, 3):
        for seed in range(15):
            task = taskgen.sample("zebra_puzzle", level, seed)
            puzzle = zp.load(task.instance)
            for answers in FAMILY.lazy_answers(task.instance).values():
                assert not any(FAMILY.check(task.instance, a).correct for a in answers)
            kind, person, target = puzzle.question
            if kind == "house":
                assert task.answer != "1"
                assert not any(c.kind == "at" and c.refs[0] == person for c in puzzle.clues)
            if kind == "value":
                assert target is not None
                assert task.answer != puzzle.values[target][0]
                joined = [c.refs for c in puzzle.clues if c.kind == "same" and person in c.refs]
                assert all(target not in (a for a, _ in refs) for refs in joined)


def test_solutions_stay_far_from_the_listed_order() -> None:
    rng = random.Random(0)
    for _ in range(200):
        grid = zp.draw_solution(3, 2, rng)
        assert zp.listed_share(grid, False) <= 0.5 and zp.listed_share(grid, True) <= 0.5


def test_original_quirks_are_absent() -> None:
    """SynLogic compared dicts type- and case-strictly and fell back to eval()."""
    assert FAMILY.check(HAND_MADE, str({1: GOLD["1"], 2: GOLD["2"], 3: GOLD["3"]})).correct
    assert FAMILY.check(HAND_MADE, json.dumps(GOLD).title()).correct
    check = FAMILY.check(HAND_MADE, "{str(i): {} for i in range(3)}")
    assert not check.format_ok


def test_out_of_range_knobs_name_the_range() -> None:
    with pytest.raises(taskgen.InvalidParamsError, match="houses"):
        taskgen.sample("zebra_puzzle", 1, 0, houses=9)
    with pytest.raises(taskgen.InvalidParamsError, match="indirect"):
        taskgen.sample("zebra_puzzle", 1, 0, indirect=1.5)
