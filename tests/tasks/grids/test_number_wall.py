"""Number-wall rules: islands and their numbers, 2 x 2 walls, corners, givens, unique."""

from __future__ import annotations

import json
from typing import Any

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions, solve
from taskgen.tasks.grids import number_wall
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.grid import format_grid

FAMILY = get("number_wall")

# The docstring's example: a 3 in the top-left corner, a 1 in the bottom-right corner.
HAND: dict[str, Any] = {"size": 3, "clues": [[0, 0, 3], [2, 2, 1]], "givens": []}
SOLUTION = [[3, 1, 0], [1, 0, 0], [0, 0, 1]]
TOTAL = 9 + 2 * 4  # one per cell (numbered or not) + two per 2 x 2 block


def _white(grid: list[list[int]]) -> list[list[int]]:
    return [[1 if v else 0 for v in row] for row in grid]


def _other_solution(instance: dict[str, Any], gold: list[list[int]]) -> list[list[int]] | None:
    clauses, white = number_wall.encode(instance)
    blocker = [-v if gold[r][c] else v for r, row in enumerate(white) for c, v in enumerate(row)]
    model = solve([*clauses, blocker])
    if model is None:
        return None
    return [[int(v in model) for v in row] for row in white]


def _ambiguous_task() -> tuple[taskgen.Task, list[list[int]]]:
    for seed in range(30):
        task = taskgen.sample("number_wall", 6, seed)
        other = _other_solution(task.instance, json.loads(task.answer))
        if other is not None:
            return task, other
    raise AssertionError("no level-6 puzzle with two solutions in 30 seeds")


def _project(white: list[list[int]]) -> list[int]:
    return [v for row in white for v in row]


def test_docstring_example_is_correct_with_numbers_or_ones() -> None:
    assert FAMILY.check(HAND, format_grid(SOLUTION)).correct
    assert FAMILY.check(HAND, format_grid(_white(SOLUTION))).correct
    clauses, white = number_wall.encode(HAND)
    assert count_solutions(clauses, limit=5, project=_project(white)) >= 1


def test_generated_islands_match_their_numbers() -> None:
    task = taskgen.sample("number_wall", 8, seed=2)
    gold = json.loads(task.answer)
    labels = number_wall.islands_of(gold)
    assert len({label for row in labels for label in row} - {-1}) == len(task.instance["clues"])
    for r, c, value in task.instance["clues"]:
        assert sum(row.count(labels[r][c]) for row in labels) == value
        assert value <= task.params["max_island"]
    assert "fallback_layout" not in task.meta


def test_exactly_one_rule_broken_a_wall_block() -> None:
    wrong = [[1, 1, 1], [0, 0, 0], [0, 0, 1]]
    check = FAMILY.check(HAND, format_grid(wrong))
    assert not check.correct and check.format_ok
    assert check.reason == f"the 2x2 block at (2,1) is all walls (1 of {TOTAL} constraints broken)"
    assert 0 <= check.credit() < 1


def test_island_too_big_and_orphan_cells_are_named() -> None:
    too_big = [[1, 1, 1], [1, 0, 0], [0, 0, 1]]
    check = FAMILY.check(HAND, format_grid(too_big))
    assert check.reason.startswith("the island of the 3 at (1,1) has 4 cells (1 of")
    lonely = {"size": 4, "clues": [[0, 0, 1]], "givens": []}
    orphan = [[1, 0, 1, 0], [0, 0, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]]
    check = FAMILY.check(lonely, format_grid(orphan))
    assert check.reason == "the island at (1,3) has no number (3 of 34 constraints broken)"


def test_diagonal_contact_and_two_numbers_are_named() -> None:
    instance = {"size": 3, "clues": [[0, 0, 1], [1, 1, 1]], "givens": []}
    touching = [[1, 0, 0], [0, 1, 0], [0, 0, 0]]
    check = FAMILY.check(instance, format_grid(touching))
    assert "islands at (1,1) and (2,2) touch diagonally" in check.reason
    joined = [[1, 1, 0], [0, 1, 0], [0, 0, 0]]
    check = FAMILY.check(instance, format_grid(joined))
    assert check.reason.startswith("the island of the 1 at (1,1) has several numbers")


def test_corrupted_gold_cell_of_a_generated_task_is_rejected() -> None:
    task = taskgen.sample("number_wall", 7, seed=1)
    gold = json.loads(task.answer)
    numbered = {(r, c) for r, c, _ in task.instance["clues"]}
    r, c = next((r, c) for r in range(6) for c in range(6) if gold[r][c] and (r, c) not in numbered)
    gold[r][c] = 0
    verdict = taskgen.verify(task, boxed(format_grid(gold)), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert 0 < verdict.reward < 1


def test_walled_number_scores_zero() -> None:
    wrong = [row[:] for row in SOLUTION]
    wrong[2][2] = 0
    check = FAMILY.check(HAND, format_grid(wrong))
    assert not check.correct and check.credit() == 0.0
    assert check.reason == "cell (3,3) holds the 1 but is a wall"


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[[1,1,0],[1,0,0]]", "expected 3 rows, got 2"),
        ("[[1,1,0],[1,0,0],[0,0]]", "row 3 has 2 cells; expected 3"),
        ("[[1,1,0],[1,0,0],[0,0,2]]", "cell (3,3) is 2; use 0 (wall) or 1 (island)"),
        ('[["A","X","A"],[1,0,0],[0,0,1]]', "cell (1,1) is not an integer"),
        ("walls everywhere", ""),
    ],
)
def test_wrong_shape_values_and_non_numbers_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok and check.credit() == 0.0
    assert fragment in check.reason


def test_a_second_valid_solution_is_accepted() -> None:
    task, other = _ambiguous_task()
    assert format_grid(other) != task.answer
    verdict = taskgen.verify(task, boxed(format_grid(other)))
    assert verdict.correct, verdict.reason


def test_givens_are_respected() -> None:
    task, other = _ambiguous_task()
    gold = json.loads(task.answer)
    r, c = next((r, c) for r in range(6) for c in range(6) if gold[r][c] != other[r][c])
    instance = {**task.instance, "givens": [[r, c, gold[r][c]]]}
    assert number_wall.broken_rules(instance, other)[0] == []  # a valid grid otherwise ...
    check = FAMILY.check(instance, format_grid(other))  # ... that changes the given cell
    assert not check.correct and check.credit() == 0.0
    assert check.reason.startswith(f"cell ({r + 1},{c + 1}) is given as")
    assert FAMILY.check(instance, task.answer).correct


@pytest.mark.parametrize("level", range(1, 11))
def test_unique_option_leaves_exactly_one_solution(level: int) -> None:
    for seed in range(2):
        task = taskgen.sample("number_wall", level, seed, unique=True)
        clauses, white = number_wall.encode(task.instance)
        assert count_solutions(clauses, limit=2, project=_project(white)) == 1
        assert taskgen.verify(task, boxed(task.answer)).correct
        assert len(task.instance["givens"]) == task.meta["revealed_for_uniqueness"]


def test_unique_givens_appear_in_the_prompt() -> None:
    task = next(
        t
        for seed in range(20)
        if (t := taskgen.sample("number_wall", 6, seed, unique=True)).instance["givens"]
    )
    assert "'#' a cell given as wall" in task.prompt
    assert any(mark in task.prompt for mark in ("+", "#"))


def test_prompt_states_the_rules_and_hides_the_gold() -> None:
    task = taskgen.sample("number_wall", 5, seed=0)
    assert "No 2x2 square of cells is all walls" in task.prompt
    assert "never touch diagonally" in task.prompt
    assert task.prompt.rstrip().endswith("inside \\boxed{}.")
    assert boxed(task.answer) not in task.prompt


def test_hardness_grows_from_first_to_last_level() -> None:
    low = FAMILY.hardness(taskgen.sample("number_wall", 1, 0))
    high = FAMILY.hardness(taskgen.sample("number_wall", 10, 0))
    assert high > 10 * max(low, 1.0)


def test_big_grids_and_singleton_islands_generate() -> None:
    task = taskgen.sample("number_wall", 10, seed=0, n=12, max_island=10)
    assert taskgen.verify(task, boxed(task.answer)).correct
    task = taskgen.sample("number_wall", 1, seed=0, n=5, max_island=2)
    assert all(value <= 2 for _, _, value in task.instance["clues"])
    assert taskgen.verify(task, boxed(task.answer)).correct


def test_knobs_whose_every_puzzle_a_constant_solves_are_refused() -> None:
    # with singleton islands every unnumbered cell is a wall: "all walls" would always win
    with pytest.raises(InvalidParamsError, match="solved by a constant answer"):
        taskgen.sample("number_wall", 1, seed=0, n=5, max_island=1)


@pytest.mark.parametrize(
    ("knobs", "fragment"),
    [({"n": 2}, "n:"), ({"n": 13}, "n:"), ({"max_island": 0}, "max_island:")],
)
def test_bad_knobs_raise_clear_errors(knobs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidParamsError, match=fragment):
        taskgen.sample("number_wall", 1, 0, **knobs)


def test_malformed_instance_is_rejected_on_load() -> None:
    record = json.loads(taskgen.sample("number_wall", 2, 0).model_dump_json())
    record["instance"]["clues"].append(list(record["instance"]["clues"][0]))
    with pytest.raises(InvalidTaskError, match="two clues share a cell"):
        taskgen.load_task(record)


@pytest.mark.parametrize("size", range(3, 13))
def test_fallback_layout_is_always_valid(size: int) -> None:
    islands = [island for island in number_wall._fallback(size).islands if island]
    instance = {"size": size, "clues": [[*island[0], 1] for island in islands], "givens": []}
    grid = number_wall.solution_grid(size, islands)
    assert FAMILY.check(instance, format_grid(grid)).correct
