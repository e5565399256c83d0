"""Sudoku: complete a grid so that every row, column and box holds each digit once.

Description:
    The classic puzzle, as in SynLogic's ``sudoku`` task, on 4x4 (2x2 boxes), 6x6 (2x3
    boxes) and 9x9 (3x3 boxes) grids. A full grid is drawn by randomised backtracking;
    cells are then emptied one at a time, in an order drawn from the seed, and a removal is
    kept only when python-sat proves the puzzle still has exactly one solution. Removal
    stops at the level's target number of givens, or earlier when no further cell can go
    (the puzzle is then minimal). Every puzzle therefore has exactly one solution.

Instance:
    ``{"box_rows": br, "box_cols": bc, "puzzle": [[...], ...]}``: the grid has side
    ``n = br * bc``, boxes of ``br`` rows by ``bc`` columns, and ``puzzle`` holds the
    givens with ``0`` for an empty cell, top row first.

Answer format:
    The completed grid as a JSON list of ``n`` rows of ``n`` integers, inside ``\\boxed{}``.
    For the 4x4 puzzle ``[[1,0,0,4],[0,4,1,0],[2,0,0,3],[0,3,2,0]]`` the answer is
    ``\\boxed{[[1,2,3,4],[3,4,1,2],[2,1,4,3],[4,3,2,1]]}``. Rows as lines of numbers
    separated by spaces or commas are read too; a wrong number of rows or cells, a value
    outside ``1..n`` or a non-integer is a format error.

Scoring:
    Any grid meeting every rule is correct (there is only one). The constraints are: each
    given cell keeps its digit (one constraint per given), and each row, each column and
    each box holds no digit twice (``3n`` constraints). The reason names the first broken
    one, givens first, then rows, columns and boxes (``"box 4 repeats 9"``). Partial credit
    is progress toward the solution (:mod:`taskgen.verifiers.progress`): 0 for a changed
    given, else ``max(0, 1 - d / b)`` with ``d`` the blank cells that differ from the
    solution and ``b`` what a random or constant fill of the blanks gets wrong (the givens
    with every blank set to one digit earn 0).

Difficulty:
    Grid size, then fewer givens. ``hardness`` is the number of empty cells times
    ``log2(n)`` (the bits a solver must find).

    =====  =====  ===============  =====================================
    level  grid   target givens    typical result
    =====  =====  ===============  =====================================
    1      4x4    10               10 givens
    2      4x4    4                minimal, 4-5 givens
    3      6x6    22               22 givens
    4      6x6    8                minimal, 9-11 givens
    5      9x9    45               45 givens
    6      9x9    38               38 givens
    7      9x9    33               33 givens
    8      9x9    30               30 givens
    9      9x9    27               27 givens
    10     9x9    17               minimal, 24-26 givens
    =====  =====  ===============  =====================================

Knobs:
    ``box_rows``, ``box_cols`` (2-3 each: the grid side is their product) and ``givens``,
    the number of givens at which removal stops (a floor, not a promise: a minimal puzzle
    may need more; ``meta["givens"]`` has the actual count).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``sudoku``).

Version history:
    v0: first release.
    v1: partial credit is progress toward the solution (the fraction of constraints met
    paid answers that ignore the clues); a changed given earns 0.
"""

from __future__ import annotations

import math
import random
from functools import partial
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._draws import sample_range
from taskgen.tasks._progress import SolutionSpace, cached_space
from taskgen.tasks.grids._latin import (
    CONTRADICTION,
    SOLVED,
    STUCK,
    Cell,
    GridEncoding,
    ReusedOracle,
    answer_instructions,
    box_getters,
    count_givens,
    givens_error,
    judge,
    latin_accepts,
    latin_layout,
    latin_propagator,
    latin_space,
    latin_units,
    prune_batched,
    random_sudoku,
    read_latin_answer,
    two_blanks_in_a_row,
)
from taskgen.verifiers.grid import Grid, format_grid
from taskgen.verifiers.progress import AnswerLayout

LEVELS: dict[int, tuple[int, int, int]] = {
    1: (2, 2, 10),
    2: (2, 2, 4),
    3: (2, 3, 22),
    4: (2, 3, 8),
    5: (3, 3, 45),
    6: (3, 3, 38),
    7: (3, 3, 33),
    8: (3, 3, 30),
    9: (3, 3, 27),
    10: (3, 3, 17),
}
"""Level → (box rows, box columns, target givens)."""


class SudokuKnobs(BaseModel):
    """Knobs of the ``sudoku`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    box_rows: int = Field(ge=2, le=3, description="rows per box")
    box_cols: int = Field(ge=2, le=3, description="columns per box")
    givens: int = Field(ge=0, le=81, description="stop removing cells at this many givens")


class SudokuInstance(BaseModel):
    """``Task.instance`` of the ``sudoku`` family: box shape and givens (0 = empty)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    box_rows: int = Field(ge=1, le=5)
    box_cols: int = Field(ge=1, le=5)
    puzzle: list[list[int]]

    @model_validator(mode="after")
    def _shape(self) -> SudokuInstance:
        error = givens_error(self.puzzle, self.box_rows * self.box_cols)
        if error:
            raise ValueError(error)
        return self


def sudoku_units(box_rows: int, box_cols: int) -> list[tuple[str, list[Cell]]]:
    """Returns the named rows, columns and boxes (boxes numbered in reading order)."""
    n = box_rows * box_cols
    boxes = [
        [(top + r, left + c) for r in range(box_rows) for c in range(box_cols)]
        for top in range(0, n, box_rows)
        for left in range(0, n, box_cols)
    ]
    return [*latin_units(n), *((f"box {i + 1}", box) for i, box in enumerate(boxes))]


def encode(box_rows: int, box_cols: int) -> GridEncoding:
    """Returns the CNF of a sudoku grid with ``box_rows`` x ``box_cols`` boxes."""
    n = box_rows * box_cols
    return GridEncoding(n, [unit for _, unit in sudoku_units(box_rows, box_cols)])


# -- generation -------------------------------------------------------------------------------


SEARCH_BUDGET = {4: 2_000, 6: 2_000, 9: 0}
"""Side → branches :meth:`Propagator.search` may try on a removal before the SAT oracle.

On 4 x 4 and 6 x 6 grids a search decides within a few branches; on 9 x 9 grids what
propagation leaves undecided goes straight to the reused SAT solver, which answers in
about 0.1 ms, with a witness when the removal leaves another solution (at 17 givens a
branching search took ~4x more propagation steps; measured with budgets 0-2,000)."""

_ORACLES: dict[tuple[int, int], ReusedOracle] = {
    (rows, cols): ReusedOracle(partial(encode, rows, cols)) for rows in (2, 3) for cols in (2, 3)
}
"""One reused SAT oracle per box shape the knobs allow."""


def make_puzzle(
    solution: Grid, box_rows: int, box_cols: int, givens: int, rng: random.Random
) -> Grid:
    """Empties cells of ``solution`` in rng order while the solution stays unique.

    The result is :func:`prune_clues`' over a :class:`UniquenessOracle`; propagation
    (:func:`latin_propagator`) decides most removals, several at a time, and a SAT solver
    (:class:`ReusedOracle`) only what it leaves undecided, with a witness when not unique.
    """
    n = len(solution)
    flat = [v for row in solution for v in row]
    propagator = latin_propagator(box_rows, box_cols, n)
    budget = SEARCH_BUDGET[n]
    with _ORACLES[box_rows, box_cols].puzzle(solution) as another:

        def decide(active: list[bool], dropped: int | None) -> tuple[int, list[int] | None]:
            exclude = None if dropped is None else (dropped, flat[dropped])
            givens = [v if on else 0 for v, on in zip(flat, active, strict=True)]
            outcome, witness = propagator.other_solution(givens, (), flat, budget, exclude)
            if outcome != STUCK:
                return outcome, witness
            # cell literals as GridEncoding numbers them: (r * n + c) * n + v
            lits = [i * n + v for i, v in enumerate(givens) if v]
            witness = another(lits)
            return (CONTRADICTION, None) if witness is None else (SOLVED, witness)

        kept = prune_batched(
            sample_range(rng, n * n, n * n),
            n * n,
            givens,
            decide,
            lambda witness, index: witness[index] != flat[index],
        )
    return [
        [
            v if on else 0
            for v, on in zip(flat[r * n : r * n + n], kept[r * n : r * n + n], strict=True)
        ]
        for r in range(n)
    ]


# -- prompt -----------------------------------------------------------------------------------


def render_puzzle(puzzle: Grid, box_rows: int, box_cols: int) -> str:
    """Draws the givens with ``.`` for empty cells and lines between boxes."""
    n = len(puzzle)
    lines = []
    for r, row in enumerate(puzzle):
        if r and r % box_rows == 0:
            lines.append("-+-".join("-" * (2 * box_cols - 1) for _ in range(n // box_cols)))
        groups = [
            " ".join(str(v) if v else "." for v in row[left : left + box_cols])
            for left in range(0, n, box_cols)
        ]
        lines.append(" | ".join(groups))
    return "\n".join(lines)


def render_prompt(puzzle: Grid, box_rows: int, box_cols: int) -> str:
    """Writes the prompt for a sudoku puzzle."""
    n = len(puzzle)
    return (
        f"Solve this {n}x{n} sudoku.\n\n"
        f"Fill every empty cell (shown as .) with a digit from 1 to {n} so that every row, "
        f"every column and every box contains each digit from 1 to {n} exactly once. The grid "
        f"is divided into {n} boxes of {box_rows} rows by {box_cols} columns, separated by the "
        "lines in the drawing. The given digits must not be changed. The puzzle has exactly "
        "one solution.\n\n"
        f"Puzzle:\n{render_puzzle(puzzle, box_rows, box_cols)}\n\n" + answer_instructions(n)
    )


# -- the family -------------------------------------------------------------------------------


@register("sudoku")
class Sudoku(Family):
    """Complete a sudoku with a unique solution (4x4, 6x6 or 9x9)."""

    version = 1
    kind = "puzzle"
    description = "Sudoku on 4x4, 6x6 and 9x9 grids with a unique solution (SynLogic)"
    Knobs = SudokuKnobs
    Instance = SudokuInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        box_rows, box_cols, givens = LEVELS[level]
        return {"box_rows": box_rows, "box_cols": box_cols, "givens": givens}

    def generate(self, knobs: SudokuKnobs, rng: random.Random) -> Draft:
        box_rows, box_cols = knobs.box_rows, knobs.box_cols
        solution = random_sudoku(box_rows, box_cols, rng)
        puzzle = make_puzzle(solution, box_rows, box_cols, knobs.givens, rng)
        return Draft(
            prompt=render_prompt(puzzle, box_rows, box_cols),
            answer=format_grid(solution),
            instance={"box_rows": box_rows, "box_cols": box_cols, "puzzle": puzzle},
            meta={"givens": count_givens(puzzle)},
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        box_rows, box_cols = instance["box_rows"], instance["box_cols"]
        puzzle: Grid = instance["puzzle"]
        n = box_rows * box_cols
        success = f"every row, column and box holds 1-{n} once"
        grid = read_latin_answer(payload, n, puzzle, box_getters(box_rows, box_cols))
        if grid is None:
            return Check(True, 1.0, success)
        if isinstance(grid, Check):
            return grid
        units = sudoku_units(box_rows, box_cols)
        return judge(grid, units, puzzle, ([], 0), success, lambda: self.space(instance))

    def accepts(self, instance: dict[str, Any], payload: str) -> bool:
        """``check(...).correct`` by the set-size test alone (no reasons, no units)."""
        box_rows, box_cols = instance["box_rows"], instance["box_cols"]
        boxes = box_getters(box_rows, box_cols)
        return latin_accepts(payload, box_rows * box_cols, instance["puzzle"], boxes)

    def constant_solves(self, instance: dict[str, Any]) -> bool:
        """No when a row has two blanks (any constant repeats there); else the default."""
        return not two_blanks_in_a_row(instance["puzzle"]) and super().constant_solves(instance)

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""

        def build(instance: dict[str, Any]) -> SolutionSpace:
            encoding = encode(instance["box_rows"], instance["box_cols"])
            encoding.clauses += encoding.givens(instance["puzzle"])
            return latin_space(encoding, self.answer_layout(instance))

        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        n = instance["box_rows"] * instance["box_cols"]
        return latin_layout(n, instance["puzzle"])

    def hardness(self, task: Task) -> float:
        """Empty cells times ``log2(n)``."""
        puzzle = task.instance["puzzle"]
        n = len(puzzle)
        return (n * n - count_givens(puzzle)) * math.log2(n)
