"""Kukurasu-specific rules: weighted totals, givens, any valid shading, the unique option."""

from __future__ import annotations

import itertools
import json

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions, solve
from taskgen.tasks.grids import kukurasu
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.grid import format_grid

FAMILY = get("kukurasu")

# A hand-made 3 x 3 puzzle: the diagonal shading gives row and column totals 1, 2, 3.
DIAGONAL = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
HAND: dict[str, object] = {
    "rows": 3,
    "cols": 3,
    "row_sums": [1, 2, 3],
    "col_sums": [1, 2, 3],
    "givens": [],
}


def _other_solution(instance: dict[str, object], gold: list[list[int]]) -> list[list[int]] | None:
    """Returns a solution different from ``gold`` found by python-sat, or None."""
    clauses, cell = kukurasu.encode(instance)
    blocker = [-v if gold[r][c] else v for r, row in enumerate(cell) for c, v in enumerate(row)]
    model = solve([*clauses, blocker])
    if model is None:
        return None
    return [[int(v in model) for v in row] for row in cell]


def _ambiguous_task() -> tuple[taskgen.Task, list[list[int]]]:
    """Returns a plain task with several solutions and one that is not its gold."""
    for seed in range(50):
        task = taskgen.sample("kukurasu", 9, seed)
        other = _other_solution(task.instance, json.loads(task.answer))
        if other is not None:
            return task, other
    raise AssertionError("no level-9 puzzle with two solutions in 50 seeds")


def test_instance_schema_and_targets_come_from_the_gold() -> None:
    task = taskgen.sample("kukurasu", 5, seed=3)
    assert set(task.instance) == {"rows", "cols", "row_sums", "col_sums", "givens"}
    assert task.instance["givens"] == []
    gold = json.loads(task.answer)
    assert kukurasu.targets(gold) == (task.instance["row_sums"], task.instance["col_sums"])


def test_hand_made_solution_is_correct() -> None:
    check = FAMILY.check(HAND, format_grid(DIAGONAL))
    assert check.correct and check.score == 1.0


def test_corrupted_cell_breaks_its_row_and_column_with_partial_credit() -> None:
    wrong = [row[:] for row in DIAGONAL]
    wrong[1][2] = 1  # row 2 gains 3, column 3 gains 2
    check = FAMILY.check(HAND, format_grid(wrong))
    assert not check.correct and check.format_ok
    assert check.reason == "row 2 totals 5; needs 2 (2 of 6 totals wrong)"
    assert 0 < check.credit() < 1  # one cell away from a solution


def test_corrupted_gold_cell_of_a_generated_task_is_rejected() -> None:
    task = taskgen.sample("kukurasu", 7, seed=1)
    gold = json.loads(task.answer)
    gold[2][3] ^= 1
    verdict = taskgen.verify(task, boxed(format_grid(gold)), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert "row 3 totals" in verdict.reason
    assert 0 < verdict.reward < 1


def test_one_broken_line_alone_is_impossible() -> None:
    """Sum of i*j over shaded cells equals both sum(i * row total) and sum(j * column total),
    so a grid can never miss exactly one target: a single flip misses exactly two."""
    wrong = [row[:] for row in DIAGONAL]
    wrong[0][0] = 0
    check = FAMILY.check(HAND, format_grid(wrong))
    assert check.reason.startswith("row 1 totals 0; needs 1 (2 of 6")
    for bits in itertools.product((0, 1), repeat=9):
        grid = [list(bits[0:3]), list(bits[3:6]), list(bits[6:9])]
        assert len(kukurasu.broken_lines(HAND, grid)) != 1


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[[1,0,0],[0,1,0]]", "expected 3 rows, got 2"),
        ("[[1,0,0],[0,1,0],[0,0]]", "row 3 has 2 cells; expected 3"),
        ("[[1,0,0],[0,1,0],[0,0,1,0]]", "row 3 has 4 cells"),
        ("[[1,0,0],[0,2,0],[0,0,1]]", "cell (2,2) is 2; use 0-1"),
    ],
)
def test_wrong_shape_or_values_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok and check.credit() == 0.0
    assert fragment in check.reason


@pytest.mark.parametrize(
    "payload", ['[["1","X","X"],["X","1","X"],["X","X","1"]]', "yes no maybe", "[[a,b,c]]"]
)
def test_non_numeric_payload_is_a_format_error(payload: str) -> None:
    verdict = taskgen.verify(taskgen.sample("kukurasu", 1, 0), boxed(payload), policy="saturn")
    assert not verdict.format_ok and verdict.reward == -1.0


def test_semicolon_rows_are_read() -> None:
    assert FAMILY.check(HAND, "1 0 0; 0 1 0; 0 0 1").correct


def test_a_second_valid_solution_is_accepted() -> None:
    task, other = _ambiguous_task()
    assert format_grid(other) != task.answer
    verdict = taskgen.verify(task, boxed(format_grid(other)))
    assert verdict.correct, verdict.reason


def test_a_changed_given_is_the_one_broken_rule_even_when_totals_match() -> None:
    task, other = _ambiguous_task()
    gold = json.loads(task.answer)
    r, c = next(
        (r, c) for r in range(len(gold)) for c in range(len(gold[0])) if gold[r][c] != other[r][c]
    )
    instance = {**task.instance, "givens": [[r, c, gold[r][c]]]}
    assert kukurasu.broken_lines(instance, other) == []  # every total is met ...
    check = FAMILY.check(instance, format_grid(other))  # ... but the given is not
    assert not check.correct and check.credit() == 0.0
    assert (
        check.reason
        == f"cell ({r + 1},{c + 1}) is given as {gold[r][c]}, the answer has {other[r][c]}"
        " (a changed given earns no credit)"
    )
    assert FAMILY.check(instance, task.answer).correct


def test_givens_knob_shows_cells_in_prompt_and_they_are_enforced() -> None:
    task = taskgen.sample("kukurasu", 6, seed=2, givens=4)
    assert len(task.instance["givens"]) == 4
    assert "are given: keep them" in task.prompt
    r, c, v = task.instance["givens"][0]
    gold = json.loads(task.answer)
    assert gold[r][c] == v
    gold[r][c] = 1 - v
    check = FAMILY.check(task.instance, format_grid(gold))
    assert not check.correct and "is given as" in check.reason


@pytest.mark.parametrize("level", range(1, 11))
def test_unique_option_leaves_exactly_one_solution(level: int) -> None:
    for seed in range(2):
        task = taskgen.sample("kukurasu", level, seed, unique=True)
        clauses, cell = kukurasu.encode(task.instance)
        assert count_solutions(clauses, limit=2, project=[v for row in cell for v in row]) == 1
        assert taskgen.verify(task, boxed(task.answer)).correct
        assert len(task.instance["givens"]) == task.meta["revealed_for_uniqueness"]


def test_plain_puzzles_may_have_several_solutions() -> None:
    task, _ = _ambiguous_task()
    clauses, cell = kukurasu.encode(task.instance)
    assert count_solutions(clauses, limit=3, project=[v for row in cell for v in row]) >= 2


def test_grid_grows_with_level_and_hardness_follows() -> None:
    cells = [taskgen.sample("kukurasu", level, 0).params for level in (1, 10)]
    assert cells[0]["n"] * cells[0]["m"] < cells[1]["n"] * cells[1]["m"]
    low = FAMILY.hardness(taskgen.sample("kukurasu", 1, 0))
    high = FAMILY.hardness(taskgen.sample("kukurasu", 10, 0))
    assert high > 10 * low


def test_prompt_states_rules_targets_and_format() -> None:
    task = taskgen.sample("kukurasu", 4, seed=0)
    assert "adds j to the total of its row" in task.prompt
    assert task.prompt.rstrip().endswith("inside \\boxed{}.")
    for total in task.instance["row_sums"]:
        assert f"| {total:>3}" in task.prompt
    assert boxed(task.answer) not in task.prompt


@pytest.mark.parametrize(
    ("knobs", "fragment"),
    [({"n": 2}, "n:"), ({"m": 13}, "m:"), ({"p": 1.0}, "p:"), ({"givens": 99}, "at most n\\*m")],
)
def test_bad_knobs_raise_clear_errors(knobs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidParamsError, match=fragment):
        taskgen.sample("kukurasu", 1, 0, **knobs)


def test_malformed_instance_is_rejected_on_load() -> None:
    record = json.loads(taskgen.sample("kukurasu", 2, 0).model_dump_json())
    record["instance"]["givens"] = [[9, 0, 1]]
    with pytest.raises(InvalidTaskError, match="inside the grid"):
        taskgen.load_task(record)


def test_docstring_example() -> None:
    instance = {"rows": 2, "cols": 3, "row_sums": [1, 5], "col_sums": [1, 2, 2], "givens": []}
    assert FAMILY.check(instance, "[[1,0,0],[0,1,1]]").correct
    assert FAMILY.check(instance, "[[0,0,0],[1,1,1]]").reason.startswith("row 1 totals 0")
