"""Arrow maze: fill the blanks with arrows so that every number counts the arrows it shoots.

Description:
    The idea of SynLogic's ``arrow_maze`` task (arXiv 2505.19641), implemented here from its
    rules. A grid holds numbers (1-9) and blanks; some blanks may already hold an arrow.
    Every blank gets one of the eight arrows ``↑ ↓ ← → ↖ ↗ ↘ ↙``. From a number, its *ray*
    in a direction is the run of consecutive cells, starting right next to the number, that
    all hold the arrow pointing that way (away from the number); the run ends at the first
    cell holding anything else, or at the edge. Two rules:

    * each number equals the total length of its eight rays;
    * every arrow lies on some number's ray.

    Walking back from an arrow against its own direction, over cells holding the same
    arrow, must therefore end on a number: that number's ray covers it, and no other
    number's can. Generation is constructive (the original's repair passes are not needed):
    a first number is placed at random, then, until every cell is covered, either a ray is
    extended by one cell (an uncovered cell next to a number, or next to the end of a ray
    pointing at it, gets that ray's arrow; a number never passes 9) or, with chance
    ``SPAWN_CHANCE`` or when no ray can grow, an uncovered cell becomes a new number that
    takes one uncovered neighbour at once (an uncovered cell walled in by arrows takes the
    last cell of a neighbouring ray instead). Each number is then the total of its rays, so
    every number is 1-9. A share ``fill_rate`` of the arrows is shown as givens.

Instance:
    ``{"rows": R, "cols": C, "numbers": [[r, c, d], ...], "arrows": [[r, c, "↗"], ...]}``
    with 0-based ``r``, ``c``: the numbers (``d`` in 1-9) and the given arrows (one of the
    eight arrow characters). Every other cell is blank.

Answer format:
    The completed grid as a JSON list of ``R`` rows, top row first, each a list of ``C``
    strings: the arrow of every blank, the given arrows as shown, and each number as its
    digit (``"3"``; a JSON number ``3`` is read too). The ASCII names ``U D L R UL UR DR DL``
    (for ``↑ ↓ ← → ↖ ↗ ↘ ↙``, any case) are accepted in place of the arrows. For the 2 x 3
    grid ``2 . .`` / ``. 2 .`` the answer ``\\boxed{[["2","→","→"],["←","2","→"]]}`` is
    right: the top 2 shoots ``→ →`` (length 2); the other 2 shoots ``←`` and ``→``.
    Rows of tokens separated by spaces or commas, split by newlines or ``;``, are read too.
    A wrong number of rows or cells, a token that is neither an arrow nor a digit 1-9, or a
    digit in a blank cell is a format error.

Scoring:
    Any filling that keeps the numbers and the given arrows and meets both rules is
    correct, not only the gold (puzzles may have several solutions unless ``unique``).
    The reason names the first broken rule, arrows in reading order first ("the ↗ at
    (2,3) lies on no number's ray"), then numbers ("the 4 at (1,1) has rays totalling 3").
    A changed number or given arrow earns 0. Partial credit is progress toward the nearest
    solution (:mod:`taskgen.verifiers.progress`): ``max(0, 1 - d / b)`` with ``d`` the
    blanks that differ from the nearest solution (python-sat, on the CNF below) and ``b``
    what a constant, random or shuffled fill gets wrong. The CNF: one variable per
    (non-number cell, arrow), exactly one arrow per cell, "the cell behind an arrow
    (against its direction) is a number or holds the same arrow" (so no arrow may have the
    edge behind it), and per number "exactly d of the arrow variables along its eight lines
    (up to the next number or the edge) are true"; given arrows are unit clauses.

Difficulty:
    The board grows and fewer arrows are given. ``hardness`` is ``blanks * log2(R * C)``.

    Measured columns are means over seeds 0-19: blanks to fill, numbers on the board, and
    (with ``unique``) the arrows shown beyond ``fill_rate`` to make the solution unique.
    Without ``unique``, 75 % of level-1 puzzles and almost none from level 4 up have a
    single solution; any valid filling is accepted.

    =====  =====  =========  ======  =======  ======================
    level  grid   fill_rate  blanks  numbers  shown for uniqueness
    =====  =====  =========  ======  =======  ======================
    1      4x4    0.5        6.3     3.8      0.3
    2      4x4    0.25       9.4     3.7      0.8
    3      5x5    0.4        11.8    5.4      1.1
    4      5x5    0.2        15.9    5.1      2.2
    5      6x6    0.3        20.3    7.3      2.7
    6      6x6    0.1        25.4    7.6      4.0
    7      7x7    0.1        35.6    9.4      7.6
    8      7x7    0          39.2    9.9      9.1
    9      8x8    0          52.5    11.6     12.8
    10     9x9    0          66.1    15.0     17.2
    =====  =====  =========  ======  =======  ======================

    SynLogic's ``run.sh`` used 5 x 5 boards with fill rates 0.3-0.9.

Knobs:
    ``rows``, ``cols`` (3-12), ``fill_rate`` (share of the arrows shown, 0-0.95, rounded to
    a count), ``unique`` (default False): when true, more arrows are shown until python-sat
    proves the solution unique (walking the blanks in random order, one is shown when some
    solution gives it another arrow; ``meta["revealed_for_uniqueness"]`` says how many).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``arrow_maze``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import json
import math
import random
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._cnf import CNF, VarPool, exactly, exactly_one
from taskgen.tasks._progress import SolutionSpace, cached_space
from taskgen.tasks.grids._sums import render_table, reveal_until_unique
from taskgen.verifiers.extract import unwrap_latex
from taskgen.verifiers.grid import Grid
from taskgen.verifiers.parse import PayloadError, parse_json
from taskgen.verifiers.progress import AnswerLayout

MIN_SIDE = 3
MAX_SIDE = 12
SPAWN_CHANCE = 0.1
"""Chance that a generation step starts a new number instead of extending a ray."""
MAX_ATTEMPTS = 200
"""Boards drawn before giving up (a board fails only when a walled-in cell finds no ray
end to take; that is rare)."""
MAX_ANSWER_CHARS = 20_000

ARROWS: tuple[str, ...] = ("↑", "↓", "←", "→", "↖", "↗", "↘", "↙")
"""The eight arrows, in the order of :data:`STEPS`."""
ASCII: tuple[str, ...] = ("U", "D", "L", "R", "UL", "UR", "DR", "DL")
"""Their accepted ASCII names."""
STEPS: tuple[tuple[int, int], ...] = (
    (-1, 0),
    (1, 0),
    (0, -1),
    (0, 1),
    (-1, -1),
    (-1, 1),
    (1, 1),
    (1, -1),
)
"""(row, column) step of each arrow."""
ARROW_BASE = 10
"""Cell value of arrow ``k`` in a grid of values is ``ARROW_BASE + k``; a number is itself."""
ARROW_VALUES: tuple[int, ...] = tuple(ARROW_BASE + k for k in range(8))
DIGIT_VALUES: tuple[int, ...] = tuple(range(1, 10))
_TOKENS: dict[str, int] = {
    **{arrow: ARROW_BASE + k for k, arrow in enumerate(ARROWS)},
    **{name: ARROW_BASE + k for k, name in enumerate(ASCII)},
    **{str(d): d for d in DIGIT_VALUES},
}

LEVELS: dict[int, tuple[int, int, float]] = {
    1: (4, 4, 0.5),
    2: (4, 4, 0.25),
    3: (5, 5, 0.4),
    4: (5, 5, 0.2),
    5: (6, 6, 0.3),
    6: (6, 6, 0.1),
    7: (7, 7, 0.1),
    8: (7, 7, 0.0),
    9: (8, 8, 0.0),
    10: (9, 9, 0.0),
}
"""Level -> (rows, cols, fill_rate)."""

Cell = tuple[int, int]


class ArrowMazeKnobs(BaseModel):
    """Knobs of the ``arrow_maze`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    rows: int = Field(ge=MIN_SIDE, le=MAX_SIDE, description="rows")
    cols: int = Field(ge=MIN_SIDE, le=MAX_SIDE, description="columns")
    fill_rate: float = Field(ge=0.0, le=0.95, description="share of the arrows shown")
    unique: bool = Field(default=False, description="show arrows until the solution is unique")


class ArrowMazeInstance(BaseModel):
    """``Task.instance`` of the ``arrow_maze`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    rows: int = Field(ge=1, le=MAX_SIDE)
    cols: int = Field(ge=1, le=MAX_SIDE)
    numbers: list[list[int]] = Field(description="[row, col, 1-9]")
    arrows: list[list[int | str]] = Field(description='[row, col, "↗"] given arrows')

    @model_validator(mode="after")
    def _consistent(self) -> ArrowMazeInstance:
        seen: set[tuple[int, int]] = set()
        for number in self.numbers:
            if len(number) != 3 or number[2] not in DIGIT_VALUES:
                raise ValueError(f"number {number} is not [row, col, 1-9]")
            seen.add(self._cell(number[0], number[1], seen))
        if not self.numbers:
            raise ValueError("the grid has no number")
        for arrow in self.arrows:
            if len(arrow) != 3 or not isinstance(arrow[2], str) or arrow[2] not in ARROWS:
                raise ValueError(f"arrow {arrow} is not [row, col, one of {''.join(ARROWS)}]")
            row, col = arrow[0], arrow[1]
            if not isinstance(row, int) or not isinstance(col, int):
                raise ValueError(f"arrow {arrow} has a non-integer position")
            seen.add(self._cell(row, col, seen))
        if len(seen) == self.rows * self.cols:
            raise ValueError("the grid has no blank cell")
        return self

    def _cell(self, row: int, col: int, seen: set[tuple[int, int]]) -> tuple[int, int]:
        if not (0 <= row < self.rows and 0 <= col < self.cols):
            raise ValueError(f"cell ({row}, {col}) is outside the {self.rows}x{self.cols} grid")
        if (row, col) in seen:
            raise ValueError(f"cell ({row}, {col}) is listed twice")
        return row, col


# -- the board as values ----------------------------------------------------------------------


def fixed_cells(instance: dict[str, Any]) -> dict[Cell, int]:
    """Returns the value of every number and given arrow cell (arrows as ``ARROW_BASE + k``)."""
    fixed: dict[Cell, int] = {(r, c): d for r, c, d in instance["numbers"]}
    for r, c, arrow in instance["arrows"]:
        fixed[(r, c)] = ARROW_BASE + ARROWS.index(arrow)
    return fixed


def token(value: int) -> str:
    """Returns how a cell value is written in an answer: its arrow or its digit.

    >>> token(13), token(4)
    ('→', '4')
    """
    return ARROWS[value - ARROW_BASE] if value >= ARROW_BASE else str(value)


def write_answer(grid: Grid) -> str:
    """Writes a grid of values as the JSON rows of tokens the prompt asks for.

    >>> write_answer([[2, 13, 13], [12, 2, 13]])
    '[["2","→","→"],["←","2","→"]]'
    """
    rows = [[token(v) for v in row] for row in grid]
    return json.dumps(rows, separators=(",", ":"), ensure_ascii=False)


def problems(grid: Grid) -> list[str]:
    """Returns every broken rule of a complete grid of values, arrows first, reading order.

    >>> problems([[2, 13, 13], [12, 2, 13]])
    []
    >>> problems([[2, 13, 12], [12, 2, 13]])
    ["the ← at (1,3) lies on no number's ray", 'the 2 at (1,1) has rays totalling 1']
    """
    rows, cols = len(grid), len(grid[0])
    broken = []
    for r in range(rows):
        for c in range(cols):
            value = grid[r][c]
            if value < ARROW_BASE:
                continue
            dr, dc = STEPS[value - ARROW_BASE]
            br, bc = r - dr, c - dc
            while 0 <= br < rows and 0 <= bc < cols and grid[br][bc] == value:
                br, bc = br - dr, bc - dc
            if not (0 <= br < rows and 0 <= bc < cols and grid[br][bc] < ARROW_BASE):
                broken.append(f"the {token(value)} at ({r + 1},{c + 1}) lies on no number's ray")
    for r in range(rows):
        for c in range(cols):
            value = grid[r][c]
            if value >= ARROW_BASE:
                continue
            total = 0
            for k, (dr, dc) in enumerate(STEPS):
                nr, nc = r + dr, c + dc
                while 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == ARROW_BASE + k:
                    total += 1
                    nr, nc = nr + dr, nc + dc
            if total != value:
                broken.append(f"the {value} at ({r + 1},{c + 1}) has rays totalling {total}")
    return broken


# -- generation -------------------------------------------------------------------------------


def grow_board(rows: int, cols: int, rng: random.Random) -> Grid | None:
    """Grows rays until every cell is covered; returns the grid of values, or None.

    None means a walled-in cell found no ray end to take (the caller draws again).
    """
    number = -1
    grid = [[0] * cols for _ in range(rows)]  # 0 uncovered, -1 number, else an arrow value
    root: dict[Cell, Cell] = {}  # arrow cell -> the number whose ray covers it
    total: dict[Cell, int] = {}
    uncovered = {(r, c) for r in range(rows) for c in range(cols)}

    def inside(r: int, c: int) -> bool:
        return 0 <= r < rows and 0 <= c < cols

    def place_number(cell: Cell) -> None:
        grid[cell[0]][cell[1]] = number
        total[cell] = 0
        uncovered.discard(cell)

    def place_arrow(cell: Cell, k: int, owner: Cell) -> None:
        grid[cell[0]][cell[1]] = ARROW_BASE + k
        root[cell] = owner
        total[owner] += 1
        uncovered.discard(cell)

    def open_neighbours(cell: Cell) -> list[tuple[int, Cell]]:
        found = []
        for k, (dr, dc) in enumerate(STEPS):
            nxt = (cell[0] + dr, cell[1] + dc)
            if nxt in uncovered:
                found.append((k, nxt))
        return found

    start = (rng.randrange(rows), rng.randrange(cols))
    place_number(start)
    k, first = rng.choice(open_neighbours(start))
    place_arrow(first, k, start)
    while uncovered:
        cells = sorted(uncovered)
        moves: list[tuple[Cell, int, Cell]] = []
        for cell in cells:
            for k, (dr, dc) in enumerate(STEPS):
                br, bc = cell[0] - dr, cell[1] - dc
                if not inside(br, bc):
                    continue
                behind = grid[br][bc]
                if behind == number:
                    owner = (br, bc)
                elif behind == ARROW_BASE + k:
                    owner = root[(br, bc)]
                else:
                    continue
                if total[owner] < 9:
                    moves.append((cell, k, owner))
        starts = [cell for cell in cells if open_neighbours(cell)]
        if moves and (not starts or rng.random() >= SPAWN_CHANCE):
            place_arrow(*rng.choice(moves))
            continue
        if starts:
            cell = rng.choice(starts)
            place_number(cell)
            k, first = rng.choice(open_neighbours(cell))
            place_arrow(first, k, cell)
            continue
        cell = rng.choice(cells)  # walled in: take the last cell of a neighbouring ray
        ends = []
        for k, (dr, dc) in enumerate(STEPS):
            nr, nc = cell[0] + dr, cell[1] + dc
            if not inside(nr, nc) or grid[nr][nc] < ARROW_BASE:
                continue
            ar, ac = STEPS[grid[nr][nc] - ARROW_BASE]
            beyond = (nr + ar, nc + ac)
            if inside(*beyond) and grid[beyond[0]][beyond[1]] == grid[nr][nc]:
                continue
            if total[root[(nr, nc)]] >= 2:
                ends.append((k, (nr, nc)))
        if not ends:
            return None
        place_number(cell)
        k, taken = rng.choice(ends)
        total[root[taken]] -= 1
        place_arrow(taken, k, cell)
    return [
        [total[(r, c)] if grid[r][c] == number else grid[r][c] for c in range(cols)]
        for r in range(rows)
    ]


def encode(instance: dict[str, Any]) -> tuple[CNF, dict[Cell, list[int]]]:
    """Returns the puzzle as CNF and, per non-number cell, the variable of each arrow."""
    rows, cols = instance["rows"], instance["cols"]
    numbers = {(r, c): d for r, c, d in instance["numbers"]}
    pool = VarPool()
    arrow: dict[Cell, list[int]] = {
        (r, c): [pool.var((r, c, k)) for k in range(8)]
        for r in range(rows)
        for c in range(cols)
        if (r, c) not in numbers
    }
    clauses: CNF = []
    for (r, c), variables in arrow.items():
        clauses += exactly_one(variables)
        for k, (dr, dc) in enumerate(STEPS):
            behind = (r - dr, c - dc)
            if not (0 <= behind[0] < rows and 0 <= behind[1] < cols):
                clauses.append([-variables[k]])
            elif behind in arrow:
                clauses.append([-variables[k], arrow[behind][k]])
    for (r, c), value in sorted(numbers.items()):
        line: list[int] = []
        for k, (dr, dc) in enumerate(STEPS):
            cell = (r + dr, c + dc)
            while cell in arrow:
                line.append(arrow[cell][k])
                cell = (cell[0] + dr, cell[1] + dc)
        clauses += exactly(line, value, pool)
    for r, c, symbol in instance["arrows"]:
        clauses.append([arrow[(r, c)][ARROWS.index(symbol)]])
    return clauses, arrow


def generate_puzzle(
    knobs: ArrowMazeKnobs, rng: random.Random
) -> tuple[dict[str, Any], Grid, int | None]:
    """Draws a board and its givens; returns (instance, solution, reveals for uniqueness)."""
    solution = None
    for _ in range(MAX_ATTEMPTS):
        solution = grow_board(knobs.rows, knobs.cols, rng)
        if solution is not None:
            break
    if solution is None:
        raise InvalidParamsError(
            f"arrow_maze: no {knobs.rows}x{knobs.cols} board in {MAX_ATTEMPTS} attempts"
        )
    cells = [(r, c) for r in range(knobs.rows) for c in range(knobs.cols)]
    arrow_cells = [cell for cell in cells if solution[cell[0]][cell[1]] >= ARROW_BASE]
    shown = set(rng.sample(arrow_cells, round(knobs.fill_rate * len(arrow_cells))))
    instance: dict[str, Any] = {
        "rows": knobs.rows,
        "cols": knobs.cols,
        "numbers": [[r, c, solution[r][c]] for r, c in cells if solution[r][c] < ARROW_BASE],
        "arrows": [],
    }
    added = None
    if knobs.unique:
        instance["arrows"] = _given_arrows(solution, shown)
        clauses, arrow = encode(instance)
        hidden = [cell for cell in arrow_cells if cell not in shown]
        gold = [arrow[(r, c)][solution[r][c] - ARROW_BASE] for r, c in hidden]
        order = list(range(len(hidden)))
        rng.shuffle(order)
        revealed = reveal_until_unique(clauses, gold, order)
        shown.update(hidden[i] for i in revealed)
        added = len(revealed)
    instance["arrows"] = _given_arrows(solution, shown)
    return instance, solution, added


def _given_arrows(solution: Grid, shown: set[Cell]) -> list[list[int | str]]:
    return [[r, c, token(solution[r][c])] for r, c in sorted(shown)]


# -- prompt -----------------------------------------------------------------------------------

FORMAT_EXAMPLE = '[["2","→","→"],["←","2","→"]]'
"""A 2 x 3 answer: never the right shape for a task (sides are at least 3)."""


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: the rules, the grid, the answer format."""
    rows, cols = instance["rows"], instance["cols"]
    cells = [["."] * cols for _ in range(rows)]
    for (r, c), value in fixed_cells(instance).items():
        cells[r][c] = token(value)
    table = render_table(
        cells, [str(r) for r in range(1, rows + 1)], [str(c) for c in range(1, cols + 1)]
    )
    given = (
        "Some cells already hold an arrow: keep those arrows as they are.\n"
        if instance["arrows"]
        else ""
    )
    names = ", ".join(f"{a} {n}" for a, n in zip(ARROWS, ASCII, strict=True))
    return (
        "Solve this arrow maze.\n\n"
        f"The grid has {rows} rows, numbered 1 to {rows} from the top, and {cols} columns, "
        f"numbered 1 to {cols} from the left. Some cells hold a number from 1 to 9; a '.' is "
        f"a blank cell. Fill every blank with one of the eight arrows {' '.join(ARROWS)}.\n\n"
        "Rays: from a number, look in each of the eight directions. The number's ray in a "
        "direction is the run of consecutive cells, starting right next to the number, that "
        "all hold the arrow pointing in that direction (away from the number); the run ends "
        "at the first cell holding anything else (another arrow or a number) or at the edge "
        "of the grid, and may be empty.\n"
        "Rules:\n"
        "1. Each number equals the total length of its rays in all eight directions.\n"
        "2. Every arrow lies on the ray of some number.\n\n"
        + table
        + "\n\n"
        + given
        + "Any filling that meets both rules is accepted. Write the whole grid as a JSON list "
        f"of {rows} rows, top row first, each a list of {cols} strings: the arrow of each "
        'cell, and each number as its digit (for example "3"). The ASCII names '
        f"{names} may be used instead of the arrows.\n"
        "Format example for a grid of 2 rows and 3 columns with a 2 in the top-left and in "
        f"the middle of the bottom row: \\boxed{{{FORMAT_EXAMPLE}}}\n"
        "Think step by step, then put only your final grid inside \\boxed{}."
    )


# -- reading an answer ------------------------------------------------------------------------

_ROW_BREAK = re.compile(r"\]\s*,?\s*\[|\n|;")
_CELL_BREAK = re.compile(r"[\s,]+")


def _raw_rows(text: str) -> list[Any]:
    """Splits an answer into rows of raw cells: JSON rows, else rows of loose tokens."""
    if text.startswith("["):
        try:
            value = parse_json(text, max_chars=MAX_ANSWER_CHARS)
        except PayloadError:
            value = None
        if isinstance(value, list):
            return value
    rows: list[Any] = []
    for line in _ROW_BREAK.split(text.strip().strip("[]")):
        cells = [cell for cell in _CELL_BREAK.split(line.strip().strip("[]")) if cell]
        if cells:
            rows.append(cells)
    return rows


def _cell_value(raw: object) -> int | None:
    """Returns the value of one written cell (an arrow, its ASCII name, or a digit 1-9)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int):
        return raw if raw in DIGIT_VALUES else None
    if isinstance(raw, str):
        text = raw.strip().strip("'\"").strip().upper()
        if text.endswith(".0") and text[:-2].isdigit():
            text = text[:-2]
        return _TOKENS.get(text)
    return None


def read_answer(payload: str, instance: dict[str, Any]) -> Grid | Check:
    """Reads an answer into a grid of values, or returns the format-error :class:`Check`."""
    rows, cols = instance["rows"], instance["cols"]
    text = unwrap_latex(payload)
    if len(text) > MAX_ANSWER_CHARS:
        return Check(False, 0.0, f"answer is too long ({len(text)} characters)", False)
    raw = _raw_rows(text)
    if not all(isinstance(row, list) for row in raw):
        return Check(False, 0.0, "answer is not a list of rows", False)
    if len(raw) != rows:
        return Check(False, 0.0, f"expected {rows} rows, got {len(raw)}", False)
    numbers = {(r, c) for r, c, _ in instance["numbers"]}
    grid: Grid = []
    for r, row in enumerate(raw):
        if len(row) != cols:
            return Check(False, 0.0, f"row {r + 1} has {len(row)} cells; expected {cols}", False)
        values = []
        for c, cell in enumerate(row):
            value = _cell_value(cell)
            if value is None:
                shown = str(cell)[:12]
                reason = f"cell ({r + 1},{c + 1}) is not an arrow or a digit: {shown!r}"
                return Check(False, 0.0, reason, False)
            if value < ARROW_BASE and (r, c) not in numbers:
                reason = f"cell ({r + 1},{c + 1}) is blank and needs an arrow, not {value}"
                return Check(False, 0.0, reason, False)
            values.append(value)
        grid.append(values)
    return grid


# -- the family -------------------------------------------------------------------------------


@register("arrow_maze")
class ArrowMaze(Family):
    """Fill blanks with arrows so each number counts its rays (SynLogic's arrow_maze)."""

    version = 0
    kind = "puzzle"
    description = "Arrow maze: fill blanks with arrows so each number equals its rays' length"
    Knobs = ArrowMazeKnobs
    Instance = ArrowMazeInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        rows, cols, fill_rate = LEVELS[level]
        return {"rows": rows, "cols": cols, "fill_rate": fill_rate}

    def generate(self, knobs: ArrowMazeKnobs, rng: random.Random) -> Draft:
        instance, solution, added = generate_puzzle(knobs, rng)
        meta: dict[str, Any] = {
            "numbers": len(instance["numbers"]),
            "given_arrows": len(instance["arrows"]),
        }
        if added is not None:
            meta["revealed_for_uniqueness"] = added
        return Draft(render_prompt(instance), write_answer(solution), instance, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        grid = read_answer(payload, instance)
        if isinstance(grid, Check):
            return grid
        for (r, c), value in sorted(fixed_cells(instance).items()):
            if grid[r][c] != value:
                what = "a number" if value < ARROW_BASE else "a given arrow"
                reason = (
                    f"cell ({r + 1},{c + 1}) is {what}, {token(value)}; the answer has "
                    f"{token(grid[r][c])} (a changed given earns no credit)"
                )
                return Check(False, 0.0, reason)
        broken = problems(grid)
        if not broken:
            return Check(True, 1.0, "every number equals its rays and every arrow is on a ray")
        total = instance["rows"] * instance["cols"]
        return Check(
            False,
            0.0,
            f"{broken[0]} ({len(broken)} of {total} cells break a rule)",
            progress=lambda: self.space(instance).credit(grid),
        )

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""

        def build(instance: dict[str, Any]) -> SolutionSpace:
            clauses, arrow = encode(instance)
            layout = self.answer_layout(instance)
            options = [
                {ARROW_BASE + k: variable for k, variable in enumerate(arrow[cell])}
                for cell in layout.free
            ]
            return SolutionSpace(layout, clauses, options)

        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        """Arrow values first (the blanks' options), then the digits (so numbers are
        written as their digit); a digit is never a blank's right value."""
        fixed = fixed_cells(instance)
        rows, cols = instance["rows"], instance["cols"]
        free = tuple((r, c) for r in range(rows) for c in range(cols) if (r, c) not in fixed)
        values = ARROW_VALUES + DIGIT_VALUES
        symbols = ARROWS + tuple(str(d) for d in DIGIT_VALUES)
        return AnswerLayout(rows, cols, values, fixed, free, symbols=symbols)

    def hardness(self, task: Task) -> float:
        """Blank cells times log2 of the number of cells."""
        instance = task.instance
        cells: int = instance["rows"] * instance["cols"]
        blanks = cells - len(instance["numbers"]) - len(instance["arrows"])
        return blanks * math.log2(cells)
