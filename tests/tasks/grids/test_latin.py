"""The fast paths of the Latin-square machinery agree with the plain SAT answers.

Sudoku generation decides removals by propagation (:class:`Propagator`), in batches
(:func:`prune_batched`), and asks a solver reused across puzzles (:class:`ReusedOracle`)
only what propagation leaves open; each must give what one SAT call per question gives.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import taskgen
from taskgen.core.registry import Check, Family, get
from taskgen.tasks._cnf import count_solutions
from taskgen.tasks.grids import futoshiki, sudoku
from taskgen.tasks.grids._latin import (
    CONTRADICTION,
    SOLVED,
    STUCK,
    GridEncoding,
    ReusedOracle,
    UniquenessOracle,
    box_getters,
    compact_latin_holds,
    latin_propagator,
    prune_clues,
    random_latin_square,
    random_sudoku,
    rows_and_columns,
)
from taskgen.verifiers.grid import read_grid

Grid = list[list[int]]


def _holes(solution: Grid, keep: float, rng: random.Random) -> Grid:
    return [[v if rng.random() < keep else 0 for v in row] for row in solution]


def _solutions(puzzle: Grid, box_rows: int, box_cols: int) -> int:
    encoding = sudoku.encode(box_rows, box_cols)
    clauses = encoding.clauses + encoding.givens(puzzle)
    return count_solutions(clauses, limit=2, project=encoding.cell_vars)


def _is_solution_of(values: list[int], puzzle: Grid, box_rows: int, box_cols: int) -> bool:
    n = box_rows * box_cols
    grid = [values[r * n : r * n + n] for r in range(n)]
    family = get("sudoku")
    instance = {"box_rows": box_rows, "box_cols": box_cols, "puzzle": puzzle}
    return family.accepts(instance, sudoku.format_grid(grid))


@pytest.mark.parametrize(("box_rows", "box_cols"), [(2, 2), (2, 3), (3, 3)])
def test_propagation_and_search_agree_with_counting_solutions(box_rows: int, box_cols: int) -> None:
    rng = random.Random(7)
    n = box_rows * box_cols
    propagator = latin_propagator(box_rows, box_cols, n)
    seen = {CONTRADICTION: 0, SOLVED: 0}
    for _ in range(40):
        solution = random_sudoku(box_rows, box_cols, rng)
        puzzle = _holes(solution, rng.choice((0.3, 0.45, 0.6)), rng)
        flat = [v for row in solution for v in row]
        givens = [v for row in puzzle for v in row]
        outcome, witness = propagator.other_solution(givens, (), flat, 100_000)
        assert outcome != STUCK
        seen[outcome] += 1
        assert (outcome == CONTRADICTION) == (_solutions(puzzle, box_rows, box_cols) == 1)
        if outcome == SOLVED:
            assert witness is not None and witness != flat
            assert _is_solution_of(witness, puzzle, box_rows, box_cols)
    assert seen[CONTRADICTION] and seen[SOLVED], seen  # both answers were exercised


@pytest.mark.parametrize(("box_rows", "box_cols", "givens"), [(2, 2, 4), (2, 3, 8), (3, 3, 24)])
def test_make_puzzle_removes_what_one_sat_call_per_clue_removes(
    box_rows: int, box_cols: int, givens: int
) -> None:
    """prune_batched over propagation + the reused solver == prune_clues over SAT alone."""
    n = box_rows * box_cols
    for seed in range(4 if n == 9 else 12):
        rng = random.Random(seed)
        solution = random_sudoku(box_rows, box_cols, rng)
        state = rng.getstate()
        fast = sudoku.make_puzzle(solution, box_rows, box_cols, givens, rng)
        rng.setstate(state)
        order = rng.sample(range(n * n), n * n)
        encoding = sudoku.encode(box_rows, box_cols)
        selectors = [encoding.lit(i // n, i % n, solution[i // n][i % n]) for i in range(n * n)]
        with UniquenessOracle(encoding, solution) as oracle:
            kept = prune_clues(oracle, selectors, order, givens)
        slow = [[solution[r][c] if kept[r * n + c] else 0 for c in range(n)] for r in range(n)]
        assert fast == slow


def test_the_reused_oracle_answers_like_a_fresh_solver_across_puzzles() -> None:
    rng = random.Random(3)
    oracle = ReusedOracle(lambda: sudoku.encode(2, 3), limit=3)  # rebuilt every 3 puzzles
    answers = set()
    for _ in range(10):
        solution = random_sudoku(2, 3, rng)
        with oracle.puzzle(solution) as another:
            for _ in range(6):
                puzzle = _holes(solution, rng.choice((0.25, 0.4, 0.6)), rng)
                lits = [
                    (r * 6 + c) * 6 + v
                    for r, row in enumerate(puzzle)
                    for c, v in enumerate(row)
                    if v
                ]
                witness = another(lits)
                unique = _solutions(puzzle, 2, 3) == 1
                answers.add(unique)
                assert (witness is None) == unique
                if witness is not None:
                    assert witness != [v for row in solution for v in row]
                    assert _is_solution_of(witness, puzzle, 2, 3)
    assert answers == {True, False}


def test_cell_variables_are_numbered_as_the_fast_paths_assume() -> None:
    for box_rows, box_cols in [(2, 2), (2, 3), (3, 3)]:
        n = box_rows * box_cols
        encoding = sudoku.encode(box_rows, box_cols)
        for r in range(n):
            for c in range(n):
                for v in range(1, n + 1):
                    assert encoding.lit(r, c, v) == (r * n + c) * n + v


@pytest.mark.parametrize("name", ["sudoku", "futoshiki"])
def test_the_latin_constant_screen_agrees_with_the_default(name: str) -> None:
    """The two-blanks-in-a-row shortcut answers as writing every constant fill would."""
    family = get(name)
    verdicts = set()
    for level in (1, 2, 3):
        task = taskgen.sample(name, level, 0)
        gold: Grid = json.loads(task.answer)
        n = len(gold)
        variants = [task.instance["puzzle"]]
        for value in range(1, n + 1):  # gold with every cell of one value blank: a constant solves
            variants.append([[0 if v == value else v for v in row] for row in gold])
        variants.append([[0, 0, *row[2:]] if r == 0 else row for r, row in enumerate(gold)])
        variants.append(
            [[0 if c == r else v for c, v in enumerate(row)] for r, row in enumerate(gold)]
        )
        for puzzle in variants:
            instance = {**task.instance, "puzzle": puzzle}
            fast = family.constant_solves(instance)
            assert fast == Family.constant_solves(family, instance), (name, puzzle)
            verdicts.add(fast)
    assert verdicts == {True, False}


def _reference_sudoku(box_rows: int, box_cols: int, rng: random.Random) -> Grid:
    """random_sudoku as first written: plain sets and ``rng.shuffle``."""
    n = box_rows * box_cols
    cells = [(r, c) for r in range(n) for c in range(n)]

    def peers(cell: tuple[int, int]) -> set[tuple[int, int]]:
        r, c = cell
        top, left = r - r % box_rows, c - c % box_cols
        box = {(top + i, left + j) for i in range(box_rows) for j in range(box_cols)}
        return ({(r, k) for k in range(n)} | {(k, c) for k in range(n)} | box) - {cell}

    grid = {cell: 0 for cell in cells}
    empty = list(cells)

    def free(cell: tuple[int, int]) -> list[int]:
        taken = {grid[p] for p in peers(cell)}
        return [v for v in range(1, n + 1) if v not in taken]

    def fill() -> bool:
        if not empty:
            return True
        counts = [len(free(cell)) for cell in empty]
        least = min(counts)
        at = counts.index(least) if least > 1 else next(k for k, c in enumerate(counts) if c <= 1)
        if counts[at] == 0:
            return False
        cell = empty.pop(at)
        values = free(cell)
        rng.shuffle(values)
        for value in values:
            grid[cell] = value
            if fill():
                return True
        grid[cell] = 0
        empty.insert(at, cell)
        return False

    fill()
    return [[grid[r, c] for c in range(n)] for r in range(n)]


@pytest.mark.parametrize(("box_rows", "box_cols"), [(2, 2), (2, 3), (3, 2), (3, 3)])
def test_random_sudoku_draws_what_rng_shuffle_would(box_rows: int, box_cols: int) -> None:
    for seed in range(60 if box_rows * box_cols < 9 else 15):
        fast, slow = random.Random(seed), random.Random(seed)
        assert random_sudoku(box_rows, box_cols, fast) == _reference_sudoku(
            box_rows, box_cols, slow
        )
        assert fast.random() == slow.random()  # and left the stream at the same point


def _reference_futoshiki(solution: Grid, extra: int, rng: random.Random) -> tuple[Grid, list]:
    """futoshiki.make_puzzle as first written: a fresh solver, one SAT call per clue."""
    n = len(solution)
    encoding = GridEncoding(n, rows_and_columns(n))
    cells = [(r, c) for r in range(n) for c in range(n)]
    signs = []
    for r1, c1, r2, c2 in futoshiki.adjacent_pairs(n):
        smaller = solution[r1][c1] < solution[r2][c2]
        signs.append((r1, c1, r2, c2) if smaller else (r2, c2, r1, c1))
    with UniquenessOracle(encoding, solution) as oracle:
        selectors = [encoding.lit(r, c, solution[r][c]) for r, c in cells]
        selectors += [oracle.guard(futoshiki.less_clauses(encoding, sign)) for sign in signs]
        total = len(selectors)
        order = rng.sample(range(len(cells)), len(cells))
        order += rng.sample(range(len(cells), total), total - len(cells))
        kept = prune_clues(oracle, selectors, order)
    dropped = [index for index in range(total) if not kept[index]]
    for index in rng.sample(dropped, min(extra, len(dropped))):
        kept[index] = True
    puzzle = [[solution[r][c] if kept[r * n + c] else 0 for c in range(n)] for r in range(n)]
    chosen = [sign for sign, keep in zip(signs, kept[len(cells) :], strict=True) if keep]
    return puzzle, sorted(chosen, key=futoshiki._reading_order)


@pytest.mark.parametrize("size", [3, 4, 5, 6])
def test_futoshiki_on_the_reused_solver_makes_what_a_fresh_solver_makes(size: int) -> None:
    for seed in range(8):
        rng = random.Random(seed)
        solution = random_latin_square(size, rng)
        fast, slow = random.Random(seed + 100), random.Random(seed + 100)
        extra = seed % 3
        assert futoshiki.make_puzzle(solution, extra, fast) == _reference_futoshiki(
            solution, extra, slow
        )


# -- the compact-answer check against the rules written out --------------------------------


def _latin_rules(grid: Grid, instance: dict[str, Any]) -> bool:
    """The rules of a sudoku or futoshiki answer, written out plainly (the reference)."""
    n = len(instance["puzzle"])
    values = set(range(1, n + 1))
    units = [list(row) for row in grid] + [list(column) for column in zip(*grid, strict=True)]
    if "box_rows" in instance:
        h, w = instance["box_rows"], instance["box_cols"]
        units += [
            [grid[top + r][left + c] for r in range(h) for c in range(w)]
            for top in range(0, n, h)
            for left in range(0, n, w)
        ]
    kept = all(
        given in (0, grid[r][c])
        for r, row in enumerate(instance["puzzle"])
        for c, given in enumerate(row)
    )
    signs = all(grid[r1][c1] < grid[r2][c2] for r1, c1, r2, c2 in instance.get("less", []))
    return kept and signs and all(set(unit) == values for unit in units)


@st.composite
def _latin_answers(draw: st.DrawFn) -> tuple[str, dict[str, Any], str]:
    """A sudoku or futoshiki task and an answer: its gold, or the gold bent one way."""
    cases = [("sudoku", 1), ("sudoku", 3), ("sudoku", 6), ("futoshiki", 1), ("futoshiki", 6)]
    name, level = draw(st.sampled_from(cases))
    task = taskgen.sample(name, level, draw(st.integers(0, 30)))
    grid = json.loads(task.answer)
    n = len(grid)
    cells = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    puzzle = task.instance["puzzle"]
    givens = [(r, c) for r, row in enumerate(puzzle) for c, v in enumerate(row) if v]
    ways = ["gold", "swap", "relabel", "set", "given", "spaced", "lines", "text"]
    how = draw(st.sampled_from(ways))
    if how == "relabel":  # values renamed: every unit still holds 1..n, the givens do not
        names = draw(st.permutations(list(range(1, n + 1))))
        grid = [[names[v - 1] for v in row] for row in grid]
    elif how == "swap":  # two cells exchanged: a row or column may still be a permutation
        (r1, c1), (r2, c2) = draw(cells), draw(cells)
        grid[r1][c1], grid[r2][c2] = grid[r2][c2], grid[r1][c1]
    elif how == "set" or (how == "given" and not givens):  # any one digit, out of range too
        r, c = draw(cells)
        grid[r][c] = draw(st.integers(0, 9))
    elif how == "given":  # a given cell rewritten
        r, c = draw(st.sampled_from(givens))
        grid[r][c] = draw(st.integers(1, n))
    payload = json.dumps(grid, separators=(",", ":"))
    if how == "spaced":
        payload = json.dumps(grid)
    elif how == "lines":
        payload = "\n".join(" ".join(map(str, row)) for row in grid)
    elif how == "text":  # the compact form with one character changed
        at = draw(st.integers(0, len(payload) - 1))
        typo = draw(st.sampled_from(["0", "5", "9", ",", "]", " ", "x"]))
        payload = payload[:at] + typo + payload[at + 1 :]
    return name, task.instance, payload


@settings(max_examples=600, deadline=None)
@given(_latin_answers())
def test_the_compact_check_agrees_with_the_rules(case: tuple[str, dict[str, Any], str]) -> None:
    name, instance, payload = case
    family = get(name)
    n = len(instance["puzzle"])
    boxes = box_getters(instance["box_rows"], instance["box_cols"]) if name == "sudoku" else ()
    fast = compact_latin_holds(payload, n, instance["puzzle"], boxes, instance.get("less", ()))
    grid = read_grid(payload, n, n, low=1, high=n)
    correct = not isinstance(grid, Check) and _latin_rules(grid, instance)
    if fast is not None:
        assert not isinstance(grid, Check)  # a compact payload is always a readable grid
        assert fast == correct
    assert family.check(instance, payload).correct == correct
    assert family.accepts(instance, payload) == correct


def test_the_compact_check_leaves_other_forms_and_odd_instances_to_the_reader() -> None:
    instance = {"box_rows": 2, "box_cols": 2, "puzzle": [[1, 0, 0, 0], [0] * 4, [0] * 4, [0] * 4]}
    gold = "[[1,2,3,4],[3,4,1,2],[2,1,4,3],[4,3,2,1]]"
    boxes = box_getters(2, 2)
    assert compact_latin_holds(gold, 4, instance["puzzle"], boxes) is True
    swapped = gold.replace("1,2,3,4", "2,1,3,4", 1)  # the given 1 moved
    assert compact_latin_holds(swapped, 4, instance["puzzle"], boxes) is False
    relabelled = gold.translate(str.maketrans("13", "31"))  # a sudoku, with 3 on the given 1
    assert compact_latin_holds(relabelled, 4, [[0] * 4] * 4, boxes) is True
    assert compact_latin_holds(relabelled, 4, instance["puzzle"], boxes) is False
    assert compact_latin_holds(gold.replace("4", "5", 1), 4, instance["puzzle"], boxes) is None
    assert compact_latin_holds(" " + gold, 4, instance["puzzle"], boxes) is None
    assert compact_latin_holds(gold, 4, [[1, 0, 0, 0]] * 3, boxes) is None  # wrong shape
    assert compact_latin_holds(gold, 4, [[1, 0, 0, -1], *[[0] * 4] * 3], boxes) is None
    assert compact_latin_holds(gold, 4, [[1, 0, 0, 300], *[[0] * 4] * 3], boxes) is None
    assert compact_latin_holds(gold, 4, [[1, 0, 0, 9], *[[0] * 4] * 3], boxes) is False
