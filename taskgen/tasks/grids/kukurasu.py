"""Kukurasu: shade cells so that weighted row and column totals match their targets.

Description:
    The idea of SynLogic's ``kukurasu`` task (arXiv 2505.19641), implemented here from its
    description. The grid has ``n`` rows and ``m`` columns, numbered from 1. A shaded cell in
    column ``j`` adds ``j`` to its row's total; a shaded cell in row ``i`` adds ``i`` to its
    column's total. Every row total and every column total must equal its given target.
    A random shading is drawn first and the targets are computed from it, so every puzzle
    has a solution. Rows or columns with target 0 are allowed (the original rejected them,
    and also grids whose row targets and column targets add up differently, a filter with
    no meaning for the puzzle; neither filter is applied here).

Instance:
    ``{"rows": n, "cols": m, "row_sums": [...], "col_sums": [...], "givens": [[r, c, v], ...]}``
    with 0-based ``r``, ``c`` and ``v`` = 1 (shaded) or 0 (empty): cells shown filled in.
    Plain puzzles have no givens; the ``givens`` knob and the ``unique`` option add some.

Answer format:
    A JSON list of ``n`` rows of ``m`` numbers, 1 for shaded and 0 for empty, top row first,
    inside ``\\boxed{}``. For row targets ``[1, 5]`` and column targets ``[1, 2, 2]`` on a
    2 x 3 grid, ``\\boxed{[[0,0,0],[1,1,1]]}`` is wrong (row 1 totals 0) and
    ``\\boxed{[[1,0,0],[0,1,1]]}`` is right: row totals 1 and 2 + 3 = 5, column totals
    1, 2 and 2. Rows of space- or comma-separated numbers split by ``;`` or newlines are
    read too. Wrong shape, values other than 0/1, or non-numbers are format errors (the
    original used ``"1"``/``"X"`` strings and took the first match in the text).

Scoring:
    Any shading that meets every target and keeps the givens is correct, not only the gold.
    The constraints are the ``n`` row targets and the ``m`` column targets. The reason names
    the first broken rule: the given, then rows top to bottom, then columns left to right.
    Partial credit is progress toward the nearest solution
    (:mod:`taskgen.verifiers.progress`): 0 for a changed given, else ``max(0, 1 - d / b)``
    with ``d`` the undecided cells that differ from the nearest solution (python-sat finds
    it) and ``b`` what the best constant fill, or a random one, gets wrong.

Difficulty:
    The grid grows and fills up; ``hardness`` is ``unknown cells * log2(n * m)``.

    =====  =======  ====  ======================
    level  n x m    p     hardness (no givens)
    =====  =======  ====  ======================
    1      3 x 3    0.40  28.5
    2      3 x 4    0.40  43.0
    3      4 x 4    0.40  64.0
    4      4 x 5    0.40  86.4
    5      5 x 5    0.40  116.1
    6      5 x 6    0.45  147.2
    7      6 x 6    0.45  186.1
    8      7 x 7    0.45  275.1
    9      8 x 8    0.50  384.0
    10     9 x 9    0.50  513.5
    =====  =======  ====  ======================

    SynLogic's ``run.sh`` used 3 x 3 to 6 x 6 with p 0.2 / 0.3; its README reports
    DeepSeek-R1 solving 6 x 6 (p 0.3) half of the time and 8 x 8 (p 0.5) never.

Knobs:
    ``n`` rows and ``m`` columns (3-12), ``p`` the chance that a cell of the hidden solution
    is shaded, ``givens`` cells of the solution shown at random (default 0), ``unique``
    (default False): when true, cells are also shown until python-sat proves the solution
    unique (walking the cells in random order, a cell is shown when some solution gives it
    the other value; ``meta["revealed_for_uniqueness"]`` says how many).
    Without ``unique`` a puzzle may have several solutions; any one is accepted.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``kukurasu``).

Version history:
    v0: first release.
    v1: partial credit is progress toward the nearest solution (the fraction of constraints
    met paid answers that ignore the clues); ``givens`` is a required instance field.
"""

from __future__ import annotations

import math
import random
from itertools import compress, repeat
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._progress import SolutionSpace, binary_layout, binary_space, cached_space
from taskgen.tasks.grids._sums import (
    CNF,
    VarPool,
    grid_draft,
    render_table,
    reveal_until_unique,
    sum_equals,
)
from taskgen.verifiers.grid import Grid, changed_givens, compact_digits, read_grid
from taskgen.verifiers.progress import AnswerLayout

MIN_SIDE = 3
MAX_SIDE = 12

LEVELS: dict[int, tuple[int, int, float]] = {
    1: (3, 3, 0.4),
    2: (3, 4, 0.4),
    3: (4, 4, 0.4),
    4: (4, 5, 0.4),
    5: (5, 5, 0.4),
    6: (5, 6, 0.45),
    7: (6, 6, 0.45),
    8: (7, 7, 0.45),
    9: (8, 8, 0.5),
    10: (9, 9, 0.5),
}


class KukurasuKnobs(BaseModel):
    """Knobs of the ``kukurasu`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n: int = Field(ge=MIN_SIDE, le=MAX_SIDE, description="rows")
    m: int = Field(ge=MIN_SIDE, le=MAX_SIDE, description="columns")
    p: float = Field(gt=0.0, lt=1.0, description="chance a solution cell is shaded")
    givens: int = Field(default=0, ge=0, description="solution cells shown at random")
    unique: bool = Field(default=False, description="show cells until the solution is unique")


class KukurasuInstance(BaseModel):
    """``Task.instance`` of the ``kukurasu`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    rows: int = Field(ge=1, le=MAX_SIDE)
    cols: int = Field(ge=1, le=MAX_SIDE)
    row_sums: list[int]
    col_sums: list[int]
    givens: list[list[int]] = Field(description="[row, col, 0/1] cells shown; may be empty")

    @model_validator(mode="after")
    def _consistent(self) -> KukurasuInstance:
        if len(self.row_sums) != self.rows or len(self.col_sums) != self.cols:
            raise ValueError("row_sums / col_sums do not match rows / cols")
        for given in self.givens:
            if (
                len(given) != 3
                or not 0 <= given[0] < self.rows
                or not 0 <= given[1] < self.cols
                or given[2] not in (0, 1)
            ):
                raise ValueError(f"given {given} is not [row, col, 0/1] inside the grid")
        return self


# -- generation -------------------------------------------------------------------------------


def targets(grid: Grid) -> tuple[list[int], list[int]]:
    """Returns the weighted row and column totals of a 0/1 grid.

    >>> targets([[1, 0, 0], [0, 1, 1]])
    ([1, 5], [1, 2, 2])
    """
    row_sums = [sum(col + 1 for col, v in enumerate(row) if v) for row in grid]
    col_sums = [sum(r + 1 for r, row in enumerate(grid) if row[col]) for col in range(len(grid[0]))]
    return row_sums, col_sums


def encode(instance: dict[str, Any]) -> tuple[CNF, list[list[int]]]:
    """Returns the puzzle as CNF and the variable of each cell (true = shaded)."""
    rows, cols = instance["rows"], instance["cols"]
    pool = VarPool()
    cell = [[pool.var((r, c)) for c in range(cols)] for r in range(rows)]
    clauses: CNF = []
    for r in range(rows):
        terms = [[(cell[r][c], c + 1), (-cell[r][c], 0)] for c in range(cols)]
        clauses += sum_equals(terms, instance["row_sums"][r], pool)
    for c in range(cols):
        terms = [[(cell[r][c], r + 1), (-cell[r][c], 0)] for r in range(rows)]
        clauses += sum_equals(terms, instance["col_sums"][c], pool)
    for r, c, v in instance["givens"]:
        clauses.append([cell[r][c] if v else -cell[r][c]])
    return clauses, cell


def generate_puzzle(
    knobs: KukurasuKnobs, rng: random.Random
) -> tuple[dict[str, Any], Grid, int | None]:
    """Draws a solution, its targets and givens; returns (instance, solution, reveals).

    The reveals (cells shown for uniqueness) are None without ``unique``.
    """
    solution = [[int(rng.random() < knobs.p) for _ in range(knobs.m)] for _ in range(knobs.n)]
    row_sums, col_sums = targets(solution)
    cells = [(r, c) for r in range(knobs.n) for c in range(knobs.m)]
    shown = set(rng.sample(cells, knobs.givens))
    instance: dict[str, Any] = {
        "rows": knobs.n,
        "cols": knobs.m,
        "row_sums": row_sums,
        "col_sums": col_sums,
        "givens": [],
    }
    added = None
    if knobs.unique:
        instance["givens"] = [[r, c, solution[r][c]] for r, c in sorted(shown)]
        clauses, cell = encode(instance)
        gold = [cell[r][c] if solution[r][c] else -cell[r][c] for r, c in cells]
        order = [i for i, rc in enumerate(cells) if rc not in shown]
        rng.shuffle(order)
        revealed = reveal_until_unique(clauses, gold, order)
        shown.update(cells[i] for i in revealed)
        added = len(revealed)
    instance["givens"] = [[r, c, solution[r][c]] for r, c in sorted(shown)]
    return instance, solution, added


# -- prompt -----------------------------------------------------------------------------------


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: the rules, the grid with its targets, the answer format."""
    rows, cols = instance["rows"], instance["cols"]
    cells = [["."] * cols for _ in range(rows)]
    for r, c, v in instance["givens"]:
        cells[r][c] = str(v)
    table = render_table(
        cells,
        [str(r) for r in range(1, rows + 1)],
        [str(c) for c in range(1, cols + 1)],
        right=[str(s) for s in instance["row_sums"]],
        bottom=[str(s) for s in instance["col_sums"]],
        right_title="sum",
    )
    given_text = (
        "Cells shown as 1 or 0 are given: keep them. A '.' is a cell for you to decide.\n"
        if instance["givens"]
        else "Every cell is for you to decide ('.').\n"
    )
    return (
        "Solve this Kukurasu puzzle.\n\n"
        f"The grid has {rows} rows, numbered 1 to {rows} from the top, and {cols} columns, "
        f"numbered 1 to {cols} from the left. Shade some cells (write 1) and leave the others "
        "empty (write 0). A shaded cell in column j adds j to the total of its row, and a "
        "shaded cell in row i adds i to the total of its column; empty cells add nothing. "
        "The total of every row must equal the number after the '|' at the end of that row, "
        "and the total of every column must equal the number in the 'sum' line below it.\n\n"
        + table
        + "\n\n"
        + given_text
        + "Any shading that meets every total is accepted. Write it as a JSON list of "
        f"{rows} rows, top row first, each a list of {cols} numbers (1 shaded, 0 empty).\n"
        "Format example for a grid of 2 rows and 3 columns: \\boxed{[[1,0,0],[0,1,1]]}\n"
        "Think step by step, then put only your final grid inside \\boxed{}."
    )


# -- checking ---------------------------------------------------------------------------------


def broken_lines(instance: dict[str, Any], grid: Grid) -> list[str]:
    """Returns a reason for every row or column whose total misses its target, rows first."""
    row_sums, col_sums = targets(grid)
    broken = [
        f"row {r + 1} totals {got}; needs {need}"
        for r, (got, need) in enumerate(zip(row_sums, instance["row_sums"], strict=True))
        if got != need
    ]
    broken += [
        f"column {c + 1} totals {got}; needs {need}"
        for c, (got, need) in enumerate(zip(col_sums, instance["col_sums"], strict=True))
        if got != need
    ]
    return broken


def solves(instance: dict[str, Any], grid: Grid) -> bool:
    """Returns whether a 0/1 ``grid`` keeps every given and meets every total (exactly).

    The lean test of a correct answer, no reasons: a row's total is the sum of the column
    numbers its shaded cells select, a column's the sum of the row numbers (``compress``
    picks them, in C). The reasons of a wrong answer come from
    :func:`~taskgen.verifiers.grid.changed_givens` and :func:`broken_lines`.
    """
    for r, c, v in instance["givens"]:
        if grid[r][c] != v:
            return False
    weights = range(1, len(grid[0]) + 1)
    if list(map(sum, map(compress, repeat(weights), grid))) != instance["row_sums"]:
        return False
    heights = range(1, len(grid) + 1)
    columns = zip(*grid, strict=True)
    col_sums: list[int] = instance["col_sums"]
    return list(map(sum, map(compress, repeat(heights), columns))) == col_sums


_LINE_TOTALS: dict[int, list[int]] = {}
_DIGIT = {0: "0", 1: "1"}


def _line_totals(length: int) -> list[int]:
    """``_line_totals(n)[int(s, 2)]`` is the total of a line of ``n`` cells written as the
    0/1 string ``s``: the sum of the 1-based places of its 1s (made once per length)."""
    found = _LINE_TOTALS.get(length)
    if found is None:
        found = _LINE_TOTALS[length] = [
            sum(i + 1 for i in range(length) if mask >> (length - 1 - i) & 1)
            for mask in range(1 << length)
        ]
    return found


def solves_compact(instance: dict[str, Any], payload: str) -> bool | None:
    """Returns whether ``payload`` solves the puzzle when it is written as compact JSON rows
    (``[[0,1,0],[1,0,0]]``, the form the prompt shows), else None (read it the general way).

    Exact: such a payload is the grid its digits spell (every reader agrees, see
    :func:`~taskgen.verifiers.grid.compact_digits`), and a line's total is read off the
    line's digits, ``int(digits, 2)`` indexing a table of totals; a given must be the digit
    in its place.
    """
    rows, cols = instance["rows"], instance["cols"]
    if not (1 <= rows <= MAX_SIDE and 1 <= cols <= MAX_SIDE):
        return None
    digits = compact_digits(payload, rows, cols)
    if digits is None or digits.strip("01"):
        return None  # another form, or a digit other than 0 and 1: the reader says why
    for r, c, v in instance["givens"]:
        if not (0 <= r < rows and 0 <= c < cols):
            return None
        if digits[r * cols + c] != _DIGIT.get(v):
            return False
    across = _line_totals(cols)
    row_totals = [across[int(digits[i : i + cols], 2)] for i in range(0, rows * cols, cols)]
    if row_totals != instance["row_sums"]:
        return False
    down = _line_totals(rows)
    col_sums: list[int] = instance["col_sums"]
    return [down[int(digits[c::cols], 2)] for c in range(cols)] == col_sums


_SOLVED: dict[tuple[int, int], Check] = {}


def _solved(rows: int, cols: int) -> Check:
    """The verdict of a correct answer on a ``rows x cols`` grid (one shared object)."""
    found = _SOLVED.get((rows, cols))
    if found is None:
        reason = f"all {rows} row and {cols} column totals match"
        found = _SOLVED[(rows, cols)] = Check(True, 1.0, reason)
    return found


# -- the family -------------------------------------------------------------------------------


@register("kukurasu")
class Kukurasu(Family):
    """Shade cells so that weighted row and column totals match (SynLogic's kukurasu)."""

    version = 1
    kind = "puzzle"
    description = "Kukurasu: shade cells so weighted row/column totals match their targets"
    Knobs = KukurasuKnobs
    Instance = KukurasuInstance

    def validate_for_generation(self, knobs: KukurasuKnobs) -> None:
        if knobs.givens > knobs.n * knobs.m:
            raise InvalidParamsError(
                f"kukurasu: givens must be at most n*m = {knobs.n * knobs.m}, got {knobs.givens}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n, m, p = LEVELS[level]
        return {"n": n, "m": m, "p": p}

    def generate(self, knobs: KukurasuKnobs, rng: random.Random) -> Draft:
        instance, solution, added = generate_puzzle(knobs, rng)
        meta = {"shaded": sum(map(sum, solution))}
        return grid_draft(render_prompt(instance), solution, instance, meta, added)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        rows, cols = instance["rows"], instance["cols"]
        if solves_compact(instance, payload):
            return _solved(rows, cols)
        grid = read_grid(payload, rows, cols, low=0, high=1)
        if isinstance(grid, Check):
            return grid
        if solves(instance, grid):
            return _solved(rows, cols)
        changed = changed_givens(grid, instance["givens"])
        if changed:
            return Check(False, 0.0, f"{changed[0]} (a changed given earns no credit)")
        broken = broken_lines(instance, grid)
        total = rows + cols
        if not broken:
            return _solved(rows, cols)
        return Check(
            False,
            0.0,
            f"{broken[0]} ({len(broken)} of {total} totals wrong)",
            progress=lambda: self.space(instance).credit(grid),
        )

    def accepts(self, instance: dict[str, Any], payload: str) -> bool:
        """Returns ``check(...).correct`` without wording reasons (generation screens)."""
        compact = solves_compact(instance, payload)
        if compact is not None:
            return compact
        grid = read_grid(payload, instance["rows"], instance["cols"], low=0, high=1)
        return not isinstance(grid, Check) and solves(instance, grid)

    def constant_solves(self, instance: dict[str, Any]) -> bool:
        """Whether shading every undecided cell, or none, meets the totals (generation
        redraws such puzzles).

        Each fill's row totals follow from the givens alone: none shaded leaves the given
        shaded cells, all shaded every column number but the given empty cells'. A fill
        whose row totals miss is ruled out; the rest are written and checked.
        """
        rows, cols = instance["rows"], instance["cols"]
        fixed = {(r, c): v for r, c, v in instance["givens"]}  # as the answer layout keeps them
        empty = [0] * rows
        full = [cols * (cols + 1) // 2] * rows
        for (r, c), v in fixed.items():
            if v:
                empty[r] += c + 1
            else:
                full[r] -= c + 1
        if instance["row_sums"] not in (empty, full):
            return False
        return super().constant_solves(instance)

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""

        def build(instance: dict[str, Any]) -> SolutionSpace:
            clauses, cell = encode(instance)
            return binary_space(self.answer_layout(instance), clauses, cell)

        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        fixed = {(r, c): v for r, c, v in instance["givens"]}
        return binary_layout(instance["rows"], instance["cols"], fixed)

    def hardness(self, task: Task) -> float:
        """Unknown cells times log2 of the number of cells."""
        cells: int = task.instance["rows"] * task.instance["cols"]
        return (cells - len(task.instance["givens"])) * math.log2(cells)
