"""Sudoku-specific rules: units, givens, unique solutions, level targets."""

from __future__ import annotations

import json

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import count_solutions, solve
from taskgen.tasks.grids import sudoku
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.grid import format_grid

FAMILY = get("sudoku")

SOLVED_4 = [[1, 2, 3, 4], [3, 4, 1, 2], [2, 1, 4, 3], [4, 3, 2, 1]]
# A hand-made 4 x 4 puzzle with 5 givens, one of them in columns 1-2: (1,1) = 1.
HAND: dict[str, object] = {
    "box_rows": 2,
    "box_cols": 2,
    "puzzle": [[1, 0, 3, 0], [0, 0, 0, 2], [0, 0, 4, 0], [0, 0, 0, 1]],
}


def _swap_columns(grid: list[list[int]], a: int, b: int) -> list[list[int]]:
    swapped = [row[:] for row in grid]
    for row in swapped:
        row[a], row[b] = row[b], row[a]
    return swapped


def test_instance_schema_and_gold_extends_the_givens() -> None:
    task = taskgen.sample("sudoku", 7, seed=2)
    assert set(task.instance) == {"box_rows", "box_cols", "puzzle"}
    gold = json.loads(task.answer)
    puzzle = task.instance["puzzle"]
    assert all(v in (0, gold[r][c]) for r, row in enumerate(puzzle) for c, v in enumerate(row))
    assert task.meta["givens"] == sum(1 for row in puzzle for v in row if v) == 33


def test_hand_made_solution_is_correct() -> None:
    check = FAMILY.check(HAND, format_grid(SOLVED_4))
    assert check.correct and check.score == 1.0 and check.format_ok


def test_a_grid_breaking_only_one_given_names_it_with_partial_credit() -> None:
    # Swapping columns 1 and 2 keeps every row, column and box a permutation: the only
    # broken constraint is the given 1 at (1,1). 5 givens + 12 units = 17 constraints.
    check = FAMILY.check(HAND, format_grid(_swap_columns(SOLVED_4, 0, 1)))
    assert not check.correct and check.format_ok
    assert (
        check.reason
        == "cell (1,1) is given as 1, the answer has 2 (a changed given earns no credit)"
    )
    assert check.credit() == 0.0


def test_a_repeated_digit_names_the_row_column_and_box() -> None:
    grid = [row[:] for row in SOLVED_4]
    grid[1][1] = 3  # row 2 now holds 3 twice; column 2 and box 1 also repeat a digit
    check = FAMILY.check(HAND, format_grid(grid))
    assert check.reason == "row 2 repeats 3 (3 of 17 constraints broken)"
    # one blank cell away from the solution: credit 1 - 1/b, with b the better of a random
    # fill's expected misses (3/4 of the blanks) and the best constant fill's misses
    puzzle = HAND["puzzle"]
    assert isinstance(puzzle, list)
    blanks = [SOLVED_4[r][c] for r in range(4) for c in range(4) if not puzzle[r][c]]
    baseline = min(len(blanks) * 3 / 4, *(sum(v != d for v in blanks) for d in range(1, 5)))
    assert check.credit() == pytest.approx(1 - 1 / baseline)
    grid = _swap_columns(SOLVED_4, 1, 2)  # rows fine; boxes 1-4 each lose a digit
    check = FAMILY.check({**HAND, "puzzle": [[0] * 4 for _ in range(4)]}, format_grid(grid))
    assert check.reason.startswith("box 1 repeats")


def test_corrupted_cell_of_the_gold_is_rejected() -> None:
    task = taskgen.sample("sudoku", 10, seed=0)
    gold = json.loads(task.answer)
    r, c = next((r, c) for r in range(9) for c in range(9) if task.instance["puzzle"][r][c] == 0)
    gold[r][c] = gold[r][c] % 9 + 1
    verdict = taskgen.verify(task, boxed(format_grid(gold)), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert f"row {r + 1} repeats" in verdict.reason
    assert 0 < verdict.score < 1 and 0 < verdict.reward < 1
    assert taskgen.verify(task, boxed(format_grid(gold))).reward == 0.0


def test_changing_a_given_is_wrong_and_says_so() -> None:
    task = taskgen.sample("sudoku", 6, seed=1)
    gold = json.loads(task.answer)
    first_given = next((r, c) for r in range(9) for c in range(9) if task.instance["puzzle"][r][c])
    a = gold[first_given[0]][first_given[1]]
    b = a % 9 + 1
    relabelled = [[b if v == a else a if v == b else v for v in row] for row in gold]
    verdict = taskgen.verify(task, boxed(format_grid(relabelled)))
    assert not verdict.correct and verdict.format_ok
    name = f"({first_given[0] + 1},{first_given[1] + 1})"
    assert verdict.reason.startswith(f"cell {name} is given as {a}, the answer has {b}")


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[[1,2,3,4],[3,4,1,2],[2,1,4,3]]", "expected 4 rows, got 3"),
        ("[[1,2,3,4],[3,4,1,2],[2,1,4],[4,3,2,1]]", "row 3 has 3 cells; expected 4"),
        ("[[1,2,3,4],[3,4,1,2],[2,1,4,3],[4,3,2,9]]", "cell (4,4) is 9; use 1-4"),
        ('[[1,2,3,4],[3,4,1,2],[2,1,4,3],[4,3,2,"x"]]', "cell (4,4) is not an integer"),
        ("one two three", "expected 4 rows"),
        ("[[1,2", "not valid JSON"),
    ],
)
def test_malformed_grids_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok and check.credit() == 0.0
    assert fragment in check.reason


def test_plain_rows_are_read_too() -> None:
    assert FAMILY.check(HAND, "1 2 3 4\n3 4 1 2\n2 1 4 3\n4 3 2 1").correct


def test_any_valid_grid_is_accepted_when_the_givens_allow_several() -> None:
    empty = {**HAND, "puzzle": [[0] * 4 for _ in range(4)]}
    other = [[2, 1, 4, 3], [4, 3, 2, 1], [1, 2, 3, 4], [3, 4, 1, 2]]
    assert FAMILY.check(empty, format_grid(SOLVED_4)).correct
    assert FAMILY.check(empty, format_grid(other)).correct


@pytest.mark.parametrize("level", range(1, 11))
def test_every_level_has_exactly_one_solution_the_gold(level: int) -> None:
    for seed in (0, 1):
        task = taskgen.sample("sudoku", level, seed)
        box_rows, box_cols = task.instance["box_rows"], task.instance["box_cols"]
        encoding = sudoku.encode(box_rows, box_cols)
        clauses = encoding.clauses + encoding.givens(task.instance["puzzle"])
        assert count_solutions(clauses, limit=2, project=encoding.cell_vars) == 1
        model = solve(clauses)
        assert model is not None and encoding.decode(model) == json.loads(task.answer)


def test_levels_reach_their_targets_and_9x9_at_the_top() -> None:
    for level in range(1, 11):
        box_rows, box_cols, target = sudoku.LEVELS[level]
        task = taskgen.sample("sudoku", level, 5)
        assert len(task.instance["puzzle"]) == box_rows * box_cols
        assert task.meta["givens"] >= target
    assert sudoku.LEVELS[10][:2] == (3, 3)
    assert taskgen.sample("sudoku", 10, 5).meta["givens"] < 30


def test_removal_stops_at_a_minimal_puzzle() -> None:
    task = taskgen.sample("sudoku", 10, seed=3)
    encoding = sudoku.encode(3, 3)
    puzzle = task.instance["puzzle"]
    gold = json.loads(task.answer)
    blocker = [-encoding.lit(r, c, gold[r][c]) for r in range(9) for c in range(9)]
    for r, c in [(r, c) for r in range(9) for c in range(9) if puzzle[r][c]][:6]:
        fewer = [row[:] for row in puzzle]
        fewer[r][c] = 0  # any single given removed opens a second solution
        assert solve([*encoding.clauses, *encoding.givens(fewer), blocker]) is not None


def test_prompt_states_the_rules_and_hides_the_gold() -> None:
    task = taskgen.sample("sudoku", 3, seed=0)
    assert "6x6" in task.prompt and "boxes of 2 rows by 3 columns" in task.prompt
    assert task.prompt.rstrip().endswith("inside \\boxed{}.")
    assert task.answer not in task.prompt


def test_explicit_knobs_and_bad_knobs() -> None:
    task = taskgen.sample("sudoku", 1, seed=0, box_rows=3, box_cols=2, givens=30)
    assert len(task.instance["puzzle"]) == 6 and task.meta["givens"] == 30
    assert taskgen.verify(task, boxed(task.answer)).correct
    with pytest.raises(InvalidParamsError, match="box_rows"):
        taskgen.sample("sudoku", 1, seed=0, box_rows=4)
    with pytest.raises(InvalidParamsError, match="unknown knob"):
        taskgen.sample("sudoku", 1, seed=0, size=9)


def test_malformed_instances_are_rejected_on_load() -> None:
    record = json.loads(taskgen.sample("sudoku", 2, 0).model_dump_json())
    record["instance"]["puzzle"][0] = [0, 0, 0]
    with pytest.raises(InvalidTaskError, match="4x4"):
        taskgen.load_task(record)
    record["instance"]["puzzle"][0] = [0, 0, 0, 7]
    with pytest.raises(InvalidTaskError, match="0-4"):
        taskgen.load_task(record)
