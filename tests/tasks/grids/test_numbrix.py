"""Numbrix-specific rules: the path, givens, uniqueness at every level, diverse paths."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from pysat.solvers import Solver

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import get
from taskgen.tasks._cnf import SOLVER, count_solutions
from taskgen.tasks.grids import numbrix
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.grid import Grid, format_grid

FAMILY = get("numbrix")

# A hand-made 3 x 3 puzzle with two solutions: the snake and its mirror in the diagonal.
HAND: dict[str, object] = {"size": 3, "puzzle": [[1, 0, 0], [0, 0, 0], [0, 0, 9]]}
SNAKE_3 = [[1, 2, 3], [6, 5, 4], [7, 8, 9]]
MIRROR_3 = [[1, 6, 7], [2, 5, 8], [3, 4, 9]]


def _symmetries(grid: Grid) -> set[str]:
    """Returns the grid under the 8 symmetries of the square and number reversal."""
    n = len(grid)
    found = set()
    for turn in range(8):
        cells = [[0] * n for _ in range(n)]
        for r in range(n):
            for c in range(n):
                a, b = (c, r) if turn & 1 else (r, c)
                a = n - 1 - a if turn & 2 else a
                b = n - 1 - b if turn & 4 else b
                cells[a][b] = grid[r][c]
        found.add(format_grid(cells))
        found.add(format_grid([[n * n + 1 - v for v in row] for row in cells]))
    return found


def _count_paths(puzzle: Grid, limit: int = 2) -> int:
    """Counts the numberings that keep ``puzzle``'s givens, by plain search (no CNF)."""
    n = len(puzzle)
    at = {v: (r, c) for r, row in enumerate(puzzle) for c, v in enumerate(row) if v}
    grid = [row[:] for row in puzzle]
    found = 0

    def extend(cell: tuple[int, int], value: int) -> None:
        nonlocal found
        if found >= limit:
            return
        if value == n * n:
            found += 1
            return
        nxt = value + 1
        for r, c in numbrix.side_neighbours(cell, n):
            if nxt in at:
                if at[nxt] == (r, c):
                    extend((r, c), nxt)
            elif grid[r][c] == 0:
                grid[r][c] = nxt
                extend((r, c), nxt)
                grid[r][c] = 0

    starts = [at[1]] if 1 in at else [(r, c) for r in range(n) for c in range(n) if not grid[r][c]]
    for r, c in starts:
        grid[r][c] = 1
        extend((r, c), 1)
        grid[r][c] = puzzle[r][c]
    return found


def test_instance_schema_and_gold_extends_the_givens() -> None:
    task = taskgen.sample("numbrix", 7, seed=2)
    assert set(task.instance) == {"size", "puzzle"}
    gold = json.loads(task.answer)
    puzzle = task.instance["puzzle"]
    assert all(v in (0, gold[r][c]) for r, row in enumerate(puzzle) for c, v in enumerate(row))
    assert task.meta["givens"] == 12 == sum(1 for row in puzzle for v in row if v)
    assert sorted(v for row in gold for v in row) == list(range(1, 50))


def test_hand_made_solutions_are_both_accepted() -> None:
    for grid in (SNAKE_3, MIRROR_3):
        check = FAMILY.check(HAND, format_grid(grid))
        assert check.correct and check.score == 1.0, check.reason


def test_a_jump_between_consecutive_numbers_is_named_with_partial_credit() -> None:
    rows = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]  # 3 -> 4 and 6 -> 7 jump a row
    check = FAMILY.check(HAND, format_grid(rows))
    assert not check.correct and check.format_ok
    # 9 numbers once each + 8 steps + 2 givens = 19 constraints
    assert (
        check.reason == "3 at (1,3) and 4 at (2,1) do not share a side (2 of 19 constraints broken)"
    )
    assert 0.0 <= check.credit() < 1.0


def test_a_repeated_number_is_named() -> None:
    rows = [[1, 2, 3], [6, 5, 4], [7, 8, 8]]
    instance = {"size": 3, "puzzle": [[1, 0, 0], [0, 0, 0], [0, 0, 0]]}
    check = FAMILY.check(instance, format_grid(rows))
    assert check.reason.startswith("8 appears 2 times, at (3,2) and (3,3)")
    assert "9 is missing" in numbrix.broken_rules(rows)[0]


def test_changing_a_given_earns_nothing() -> None:
    reversed_snake = [[10 - v for v in row] for row in SNAKE_3]  # a valid path, 1 moved
    check = FAMILY.check(HAND, format_grid(reversed_snake))
    assert not check.correct and check.credit() == 0.0
    assert check.reason == (
        "cell (1,1) is given as 1, the answer has 9 (a changed given earns no credit)"
    )


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ("[[1,2,3],[6,5,4]]", "expected 3 rows, got 2"),
        ("[[1,2,3],[6,5,4],[7,8]]", "row 3 has 2 cells; expected 3"),
        ("[[1,2,3],[6,5,4],[7,8,10]]", "cell (3,3) is 10; use 1-9"),
        ('[[1,2,3],[6,5,4],[7,8,"x"]]', "cell (3,3) is not an integer"),
    ],
)
def test_wrong_shapes_and_values_are_format_errors(payload: str, fragment: str) -> None:
    check = FAMILY.check(HAND, payload)
    assert not check.correct and not check.format_ok and check.credit() == 0.0
    assert fragment in check.reason


def test_a_corrupted_gold_cell_of_a_generated_task_earns_partial_credit() -> None:
    task = taskgen.sample("numbrix", 10, seed=1)
    gold = json.loads(task.answer)
    r, c = next((r, c) for r in range(9) for c in range(9) if not task.instance["puzzle"][r][c])
    gold[r][c] = 81 if gold[r][c] != 81 else 80
    verdict = taskgen.verify(task, boxed(format_grid(gold)), policy="partial")
    assert not verdict.correct and verdict.format_ok
    assert 0.9 < verdict.reward < 1.0


@pytest.mark.parametrize("level", range(1, 11))
def test_generated_puzzles_have_exactly_one_solution(level: int) -> None:
    for seed in (0, 1):
        task = taskgen.sample("numbrix", level, seed)
        encoding = numbrix.instance_encoding(task.instance)
        n = task.instance["size"]
        cell_vars = [v for r in range(n) for c in range(n) for v in encoding.options(r, c).values()]
        assert count_solutions(encoding.clauses, limit=2, project=cell_vars) == 1
        if n <= 5:  # and by a search that shares nothing with the CNF
            assert _count_paths(task.instance["puzzle"]) == 1


def test_minimal_levels_are_minimal() -> None:
    task = taskgen.sample("numbrix", 4, seed=3)
    puzzle = task.instance["puzzle"]
    givens = numbrix.given_cells(puzzle)
    for r, c, _ in givens:
        fewer = [row[:] for row in puzzle]
        fewer[r][c] = 0
        assert _count_paths(fewer) == 2


def test_paths_are_diverse_at_every_size() -> None:
    """The original fell back to one fixed snake at 6 x 6 most of the time and always from
    8 x 8: here no drawn path is a snake (under any symmetry) and none repeats."""
    for n in (6, 8, 9):
        rng = random.Random(n)
        snakes = _symmetries(numbrix.path_grid(numbrix.snake_path(n), n))
        seen: set[str] = set()
        for _ in range(15):
            grid = numbrix.path_grid(numbrix.random_path(n, rng), n)
            forms = _symmetries(grid)
            assert not forms & snakes
            assert not forms & seen  # not even a turned or reversed copy of an earlier path
            seen |= forms
    golds = {taskgen.sample("numbrix", 10, seed).answer for seed in range(6)}
    assert len(golds) == 6


def test_backbite_moves_keep_a_hamiltonian_path() -> None:
    rng = random.Random(0)
    path = numbrix.snake_path(5)
    for _ in range(500):
        numbrix.backbite(path, 5, rng)
        assert len(set(path)) == 25
        assert all(abs(a - c) + abs(b - d) == 1 for (a, b), (c, d) in itertools.pairwise(path))


def test_the_prompt_shows_the_givens_and_its_example_is_not_an_answer() -> None:
    task = taskgen.sample("numbrix", 1, seed=0)
    assert "Format example for a 2x2 grid: \\boxed{[[1,2],[4,3]]}" in task.prompt
    assert not taskgen.verify(task, "\\boxed{[[1,2],[4,3]]}").format_ok
    lines = task.prompt.splitlines()
    drawn = lines[lines.index("Puzzle:") + 1 : lines.index("Puzzle:") + 5]
    assert [line.split() for line in drawn] == [
        [str(v) if v else "." for v in row] for row in task.instance["puzzle"]
    ]


def test_knobs_out_of_range_are_refused() -> None:
    with pytest.raises(InvalidParamsError, match="at most n\\*n - 2"):
        taskgen.sample("numbrix", 1, 0, givens=15)
    with pytest.raises(InvalidParamsError):
        taskgen.sample("numbrix", 1, 0, n=11)


def test_malformed_instances_are_rejected_on_load() -> None:
    record = json.loads(taskgen.sample("numbrix", 1, 0).model_dump_json())
    record["instance"]["puzzle"][0] = [1, 0, 0]
    with pytest.raises(InvalidTaskError, match="4x4"):
        taskgen.load_task(record)
    record["instance"]["puzzle"] = [[1, 1, 0, 0], [0] * 4, [0] * 4, [0] * 4]
    with pytest.raises(InvalidTaskError, match="given twice"):
        taskgen.load_task(record)
    record["instance"]["puzzle"] = [[1, 0, 0, 2], [0] * 4, [0] * 4, [0] * 4]
    with pytest.raises(InvalidTaskError, match="3 steps apart"):
        taskgen.load_task(record)
    record["instance"]["puzzle"] = [[1, 3, 0, 0], [0] * 4, [0] * 4, [0] * 4]
    with pytest.raises(InvalidTaskError, match="wrong colours"):
        taskgen.load_task(record)


def test_galloping_removal_gives_the_plain_loops_puzzle() -> None:
    """Emptying several cells per solver call must not change which cells are emptied."""
    n = 7
    for seed in range(3):
        solution = numbrix.path_grid(numbrix.random_path(n, random.Random(seed)), n)
        one = next((r, c) for r in range(n) for c in range(n) if solution[r][c] == 1)
        encoding = numbrix.NumbrixEncoding(
            n, numbrix.candidate_numbers(n, [], colour=(one[0], one[1], 1))
        )
        gold = {(r, c): encoding.lit(r, c, solution[r][c]) for r in range(n) for c in range(n)}
        puzzle = [row[:] for row in solution]
        with Solver(name=SOLVER, bootstrap_with=encoding.clauses) as solver:
            solver.add_clause([-x for x in gold.values() if x is not None])
            for index in random.Random(seed).sample(range(n * n), n * n):
                r, c = divmod(index, n)
                kept = puzzle[r][c]
                puzzle[r][c] = 0
                assumptions = [gold[(a, b)] for a, b, _ in numbrix.given_cells(puzzle)]
                if solver.solve(assumptions=[x for x in assumptions if x is not None]):
                    puzzle[r][c] = kept
        assert numbrix.prune_givens(solution, 0, random.Random(seed)) == puzzle
