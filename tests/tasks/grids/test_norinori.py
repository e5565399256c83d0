"""Norinori rules: two shaded cells per region, shaded cells in separate dominoes; unique."""

from __future__ import annotations

import json
import random

import pytest

import taskgen
from taskgen.core.errors import InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions, solve
from taskgen.tasks.grids import norinori
from taskgen.tasks.grids._regions import orthogonal
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.grid import format_grid

FAMILY = get("norinori")

# The docstring's 4 x 4 puzzle: two of its four dominoes cross a region border.
HAND: dict[str, object] = {"n": 4, "regions": ["AABC", "ABBC", "AACC", "ADDD"]}
HAND_SHADED = [[0, 0, 1, 1], [1, 1, 0, 0], [0, 0, 0, 1], [1, 1, 0, 1]]
# Two regions side by side: many shadings work.
OPEN: dict[str, object] = {"n": 4, "regions": ["AABB", "AABB", "AABB", "AABB"]}


def _count(instance: dict[str, object], limit: int = 10) -> int:
    clauses, cell = norinori.encode(instance)
    return count_solutions(clauses, limit, [v for row in cell for v in row])


def test_hand_made_puzzle_is_unique_and_solved() -> None:
    assert _count(HAND) == 1
    check = FAMILY.check(HAND, format_grid(HAND_SHADED))
    assert check.correct and check.score == 1.0


def test_a_region_without_shaded_cells_fails() -> None:
    # the original passed a region with zero covered cells: one domino inside A only
    grid = [[1, 1, 0, 0], [0, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]]
    check = FAMILY.check(OPEN, format_grid(grid))
    assert not check.correct and check.format_ok
    assert check.reason.startswith("region A has 4 shaded cells; needs 2")
    single = [[1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    assert FAMILY.check(OPEN, format_grid(single)).reason.startswith(
        "region B has 0 shaded cells; needs 2"
    )


def test_domino_rule_breaks_are_named() -> None:
    lonely = [[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    regions = {"n": 4, "regions": ["AABB", "AABB", "AABB", "AABB"]}
    # region counts: A has 1, B has 1 -> region reasons first
    assert FAMILY.check(regions, format_grid(lonely)).reason.startswith("region A has 1")
    rules = norinori.broken_rules(regions, lonely)
    assert "cell (1,1) is shaded but no side neighbour is" in rules
    triple = [[1, 1, 1, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]
    rules = norinori.broken_rules(regions, triple)
    assert any(rule.startswith("cell (1,2) has 2 shaded side neighbours") for rule in rules)


def test_any_valid_shading_is_accepted_not_only_one() -> None:
    clauses, cell = norinori.encode(OPEN)
    first = solve(clauses)
    assert first is not None
    grid = [[int(v in first) for v in row] for row in cell]
    blocker = [-v if grid[r][c] else v for r, row in enumerate(cell) for c, v in enumerate(row)]
    second = solve([*clauses, blocker])
    assert second is not None
    other = [[int(v in second) for v in row] for row in cell]
    assert other != grid
    assert FAMILY.check(OPEN, format_grid(grid)).correct
    assert FAMILY.check(OPEN, format_grid(other)).correct


def test_wrong_shape_and_symbols_are_format_errors() -> None:
    for payload in ("[[1,1,0],[0,0,1]]", "[[0,0,1,1]]", "shaded", "[[1,1,0,0],[0,0,1,1]"):
        check = FAMILY.check(HAND, payload)
        assert not check.format_ok and check.score == 0.0
    assert FAMILY.check(HAND, format_grid([[0, 0, 1, 2]] * 4)).reason == "cell (1,4) is 2; use 0-1"


def test_one_cell_off_earns_partial_credit_and_constants_nothing() -> None:
    near = [row[:] for row in HAND_SHADED]
    near[2][0] = 1
    check = FAMILY.check(HAND, format_grid(near))
    assert not check.correct and 0 < check.credit() < 1
    for value in (0, 1):
        constant = FAMILY.check(HAND, format_grid([[value] * 4 for _ in range(4)]))
        assert not constant.correct and constant.credit() == 0.0


@pytest.mark.parametrize("level", range(1, 11))
def test_generated_puzzles_have_exactly_one_solution(level: int) -> None:
    for seed in (0, 1):
        task = taskgen.sample("norinori", level, seed)
        assert _count(task.instance, 2) == 1
        assert FAMILY.check(task.instance, task.answer).correct
        gold = json.loads(task.answer)
        n = task.instance["n"]
        regions = len({ch for row in task.instance["regions"] for ch in row})
        assert sum(map(sum, gold)) == 2 * regions
        assert n == norinori.LEVELS[level]


def _is_free(grid: list[list[int]], r: int, c: int) -> bool:
    """Unshaded with no shaded side neighbour: a domino could start here."""
    return not grid[r][c] and not any(grid[a][b] for a, b in orthogonal((r, c), len(grid)))


def test_random_dominoes_are_dense_and_never_touch() -> None:
    rng = random.Random(3)
    for n in (5, 9, 14):
        grid = norinori.random_dominoes(n, rng)
        for r in range(n):
            for c in range(n):
                if grid[r][c]:
                    assert sum(grid[a][b] for a, b in orthogonal((r, c), n)) == 1
                elif _is_free(grid, r, c):  # maximal: no further domino fits
                    assert not any(_is_free(grid, a, b) for a, b in orthogonal((r, c), n))
        assert sum(map(sum, grid)) >= 0.35 * n * n


@pytest.mark.parametrize(
    ("regions", "fragment"),
    [
        (["AABC", "ABBC", "AACC"], "4 rows of 4 letters"),
        (["AABC", "ABBC", "AACC", "ADDB"], "not connected"),
        (["AABC", "ABBC", "AACC", "AEEE"], "first 4 letters"),
        (["AABC", "ABBC", "AACC", "ADCC"], "fewer than 2 cells"),
        (["AAB?", "ABBC", "AACC", "ADDD"], "not a letter"),
    ],
)
def test_malformed_instance_is_rejected_on_load(regions: list[str], fragment: str) -> None:
    record = json.loads(taskgen.sample("norinori", 1, 0).model_dump_json())
    record["instance"]["n"] = 4
    record["instance"]["regions"] = regions
    with pytest.raises(InvalidTaskError, match=fragment):
        taskgen.load_task(record)


def test_verify_end_to_end_with_partial_credit() -> None:
    task = taskgen.sample("norinori", 3, 5)
    assert taskgen.verify(task, boxed(task.answer)).correct
    gold = json.loads(task.answer)
    gold[0] = [1 - v for v in gold[0]]
    verdict = taskgen.verify(task, boxed(format_grid(gold)), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert 0 <= verdict.reward < 1
