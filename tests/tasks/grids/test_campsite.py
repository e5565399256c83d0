"""Campsite (Tents) rules: counts, no touching, the one-to-one pairing, unique layouts."""

from __future__ import annotations

import itertools
import json
import random
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions
from taskgen.tasks.grids import campsite
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.grid import Grid, format_grid

FAMILY = get("campsite")

# The prompt's own example: one tree at the top left, its tent to the right.
TINY: dict[str, Any] = {
    "rows": 2,
    "cols": 3,
    "trees": [[0, 0]],
    "row_tents": [1, 0],
    "col_tents": [0, 1, 0],
    "givens": [],
}
# Two trees in the middle row of a 3 x 4 grid; both (0,0)+(2,3) and (2,0)+(0,3) fit.
TWO_WAYS: dict[str, Any] = {
    "rows": 3,
    "cols": 4,
    "trees": [[1, 0], [1, 3]],
    "row_tents": [1, 0, 1],
    "col_tents": [1, 0, 0, 1],
    "givens": [],
}
# Trees at (2,2) and (2,5) of a 3 x 5 grid (1-based); counts that two tents beside the
# first tree meet, although the second tree then has no tent of its own.
SHARED: dict[str, Any] = {
    "rows": 3,
    "cols": 5,
    "trees": [[1, 1], [1, 4]],
    "row_tents": [1, 0, 1],
    "col_tents": [0, 2, 0, 0, 0],
    "givens": [],
}


def _all_layouts(instance: dict[str, Any]) -> list[Grid]:
    """Returns every tent grid the checker accepts, by trying every 0/1 candidate choice."""
    rows, cols = instance["rows"], instance["cols"]
    trees = {(r, c) for r, c in instance["trees"]}
    cells = [
        (r, c)
        for r in range(rows)
        for c in range(cols)
        if (r, c) not in trees and any(s in trees for s in campsite.sides((r, c), rows, cols))
    ]
    found = []
    for bits in itertools.product((0, 1), repeat=len(cells)):
        if sum(bits) != len(trees):
            continue
        grid = [[0] * cols for _ in range(rows)]
        for (r, c), bit in zip(cells, bits, strict=True):
            grid[r][c] = bit
        if FAMILY.check(instance, format_grid(grid)).correct:
            found.append(grid)
    return found


def test_instance_schema_and_counts_come_from_the_gold() -> None:
    task = taskgen.sample("campsite", 5, seed=3)
    assert set(task.instance) == {"rows", "cols", "trees", "row_tents", "col_tents", "givens"}
    gold = json.loads(task.answer)
    assert [sum(row) for row in gold] == task.instance["row_tents"]
    assert [sum(col) for col in zip(*gold, strict=True)] == task.instance["col_tents"]
    assert all(gold[r][c] == 0 for r, c in task.instance["trees"])
    assert task.meta["tents"] == len(task.instance["trees"]) == sum(map(sum, gold))


def test_hand_made_solution_is_correct() -> None:
    check = FAMILY.check(TINY, "[[0,1,0],[0,0,0]]")
    assert check.correct and check.score == 1.0


def test_both_solutions_of_an_ambiguous_instance_are_accepted() -> None:
    first = [[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]
    second = [[0, 0, 0, 1], [0, 0, 0, 0], [1, 0, 0, 0]]
    for grid in (first, second):
        check = FAMILY.check(TWO_WAYS, format_grid(grid))
        assert check.correct, check.reason
    assert sorted(map(format_grid, _all_layouts(TWO_WAYS))) == sorted(
        map(format_grid, [first, second])
    )


def test_a_tree_without_its_own_tent_is_named() -> None:
    grid = [[0, 1, 0, 0, 0], [0, 0, 0, 0, 0], [0, 1, 0, 0, 0]]
    check = FAMILY.check(SHARED, format_grid(grid))
    assert not check.correct and check.format_ok
    assert check.reason == "the tree at (2,5) has no tent of its own (2 rules broken)"
    assert campsite.broken_rules(SHARED, grid)[1] == "the tent at (3,2) has no tree of its own"


def test_touching_tents_and_lonely_tents_are_named() -> None:
    instance = {**TWO_WAYS, "row_tents": [2, 0, 0], "col_tents": [1, 1, 0, 0]}
    check = FAMILY.check(instance, "[[1,1,0,0],[0,0,0,0],[0,0,0,0]]")
    assert check.reason.startswith("tents at (1,1) and (1,2) touch")
    instance = {**TWO_WAYS, "row_tents": [1, 0, 1], "col_tents": [1, 0, 1, 0]}
    rules = campsite.broken_rules(instance, [[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0]])
    assert rules[0] == "the tent at (3,3) has no tree beside it"


def test_wrong_counts_come_first_with_partial_credit() -> None:
    task = taskgen.sample("campsite", 6, seed=1)
    gold = json.loads(task.answer)
    r, c = next((r, c) for r, row in enumerate(gold) for c, v in enumerate(row) if v)
    gold[r][c] = 0
    verdict = taskgen.verify(task, boxed(format_grid(gold)), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert verdict.reason.startswith(f"row {r + 1} has")
    assert 0.8 < verdict.reward < 1.0  # one cell from the solution


def test_a_tent_on_a_tree_or_a_changed_given_earns_nothing() -> None:
    check = FAMILY.check(TINY, "[[1,1,0],[0,0,0]]")
    assert not check.correct and check.credit() == 0.0
    assert check.reason == "cell (1,1) is a tree, not a tent (a changed given earns no credit)"
    shown = {**TWO_WAYS, "givens": [[0, 0, 1]]}
    check = FAMILY.check(shown, "[[0,0,0,1],[0,0,0,0],[1,0,0,0]]")
    assert check.credit() == 0.0
    assert check.reason == (
        "cell (1,1) is given as 1, the answer has 0 (a changed given earns no credit)"
    )
    assert FAMILY.check(shown, "[[1,0,0,0],[0,0,0,0],[0,0,0,1]]").correct


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[[0,1,0]]", "expected 2 rows, got 1"),
        ("[[0,1,0],[0,0]]", "row 2 has 2 cells; expected 3"),
        ("[[0,2,0],[0,0,0]]", "cell (1,2) is 2; use 0-1"),
        ('[["T","C","X"],["X","X","X"]]', "cell (1,1) is not an integer"),
    ],
)
def test_wrong_shapes_and_symbols_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(TINY, payload)
    assert not check.correct and not check.format_ok and check.credit() == 0.0
    assert fragment in check.reason


@pytest.mark.parametrize("level", range(1, 11))
def test_generated_layouts_are_unique(level: int) -> None:
    """The original only checked that a solution exists; here the tents are the only ones."""
    for seed in (0, 1, 2):
        task = taskgen.sample("campsite", level, seed)
        encoding = campsite.CampsiteEncoding(task.instance)
        assert count_solutions(encoding.clauses, 2, project=list(encoding.tent.values())) == 1
        if level <= 2:  # and by trying every layout with the checker (no CNF involved)
            assert _all_layouts(task.instance) == [json.loads(task.answer)]


def test_cells_are_shown_when_no_draw_is_unique(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(campsite, "REDRAWS", 1)
    knobs = campsite.CampsiteKnobs(n=16, m=16, density=0.1)
    draft = next(
        draft
        for seed in range(20)
        if (draft := FAMILY.generate(knobs, random.Random(seed))).meta["revealed_for_uniqueness"]
    )
    instance = draft.instance
    assert len(instance["givens"]) == draft.meta["revealed_for_uniqueness"] > 0
    assert "are given: keep them" in draft.prompt
    encoding = campsite.CampsiteEncoding(instance)
    assert count_solutions(encoding.clauses, 2, project=list(encoding.tent.values())) == 1
    assert FAMILY.check(instance, draft.answer).correct


def test_hardness_grows_with_the_grid() -> None:
    def mean(level: int) -> float:
        return sum(FAMILY.hardness(taskgen.sample("campsite", level, s)) for s in range(4)) / 4

    assert mean(1) < mean(5) < mean(10)


def test_knobs_and_malformed_instances_are_refused() -> None:
    with pytest.raises(InvalidParamsError):
        taskgen.sample("campsite", 1, 0, density=0.3)
    record = json.loads(taskgen.sample("campsite", 1, 0).model_dump_json())
    record["instance"]["row_tents"][0] += 1
    with pytest.raises(InvalidTaskError, match="add up"):
        taskgen.load_task(record)
    record = json.loads(taskgen.sample("campsite", 1, 0).model_dump_json())
    record["instance"]["trees"].append(record["instance"]["trees"][0])
    with pytest.raises(InvalidTaskError, match="twice"):
        taskgen.load_task(record)
    record = json.loads(taskgen.sample("campsite", 1, 0).model_dump_json())
    tree = record["instance"]["trees"][0]
    record["instance"]["givens"] = [[tree[0], tree[1], 0]]
    with pytest.raises(InvalidTaskError, match="on a tree"):
        taskgen.load_task(record)


def test_the_last_box_is_the_answer() -> None:
    task = taskgen.sample("campsite", 2, seed=0)
    wrong = format_grid([[0] * 5 for _ in range(5)])
    assert taskgen.verify(task, f"\\boxed{{{wrong}}} no, \\boxed{{{task.answer}}}").correct
    assert not taskgen.verify(task, f"\\boxed{{{task.answer}}} no, \\boxed{{{wrong}}}").correct
