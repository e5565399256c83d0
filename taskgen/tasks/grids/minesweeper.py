"""Minesweeper deduction: list every hidden cell that the revealed numbers force to be a mine.

Description:
    The idea of SynLogic's ``minesweeper`` task (arXiv 2505.19641), implemented here from its
    rules. An ``n`` x ``n`` board shows some revealed cells, each with the number of mines
    among its (up to eight) neighbours; the other cells are hidden. Revealed cells are never
    mines; the total number of mines is not given. The question: which hidden cells are
    mines in **every** arrangement of mines that fits all the numbers?

    The gold is that exact set, proven with python-sat: each revealed number ``k`` says
    "exactly ``k`` of my hidden neighbours are mines" (a totalizer), and a hidden cell is
    forced iff the formula with "this cell is safe" added is unsatisfiable. The original
    took as gold only what one saturation rule finds (a number with as many hidden
    neighbours as its value), so a stronger, correct deduction was marked wrong; here any
    forced mine counts, however it is found.

    Generation: ``int(n² * mine_density)`` mines at random, then ``round(safe * reveal)``
    random safe cells revealed (at least one). A draw is kept when the forced set is
    non-empty, is not every hidden cell, is not every hidden cell next to a number (so
    "list everything hidden" and "list everything next to a number" are never right), and
    the share of forced mines that *single-number reasoning* finds lies in
    ``[min_local_share, max_local_share]``. Single-number reasoning repeats two rules, each
    reading one number at a time, until nothing changes: a number whose unknown neighbours
    must all be mines marks them mines; a number already surrounded by its count of mines
    marks its other hidden neighbours safe. The rest of the forced set needs two or more
    numbers combined (subset or global reasoning).

Instance:
    ``{"size": n, "board": [[...], ...]}``: ``n`` rows of ``n`` cells, top row first; ``-1``
    is a hidden cell, ``0``-``8`` a revealed number. A board no arrangement of mines fits,
    a number larger than its neighbour count, or a board without a hidden cell is refused.

Answer format:
    A JSON list of ``[row, column]`` pairs, **1-based** (row 1 is the top row, column 1 the
    left column), inside ``\\boxed{}``, in any order; a cell listed twice counts once. On the
    3 x 3 board ``X X X`` / ``1 2 1`` / ``0 0 0`` the answer is ``\\boxed{[[1,1],[1,3]]}``
    (the 1-2-1 pattern: no number there is saturated, yet the corners are forced). Python
    tuples ``[(1, 1), (1, 3)]`` are read too (with ``ast.literal_eval``, never ``eval``).
    Only the answer container is read: coordinates elsewhere in the text are ignored (the
    original collected every coordinate-like pair in the whole response). A payload that is
    not a list of integer pairs, or a coordinate outside ``1..n``, is a format error.

Scoring:
    0/1: correct iff the listed cells are exactly the forced set (set equality). The answer
    is not a grid of cells, so there is no answer layout and no partial credit. The reason
    names the first problem: a listed revealed cell, then a listed cell that need not be a
    mine (reading order), then how many forced mines are missing.

Difficulty:
    The board grows, mines get denser, fewer cells are revealed, and fewer forced mines
    yield to single-number reasoning. ``hardness`` is the number of hidden cells next to a
    number times ``1 + 2 * (share of forced mines single-number reasoning misses)``.

    Measured columns: means over seeds 0-39 of the forced mines, the share single-number
    reasoning finds ("local") and the share the original's one rule finds ("saturation").

    =====  ==  =======  ======  ==========  ======  =====  ==========
    level  n   density  reveal  local band  forced  local  saturation
    =====  ==  =======  ======  ==========  ======  =====  ==========
    1      4   0.20     0.80    1.0-1.0     2.9     1.00   0.56
    2      5   0.20     0.75    1.0-1.0     4.7     1.00   0.62
    3      5   0.25     0.70    0.5-1.0     5.5     0.97   0.44
    4      6   0.25     0.65    0.0-1.0     7.9     0.87   0.42
    5      6   0.30     0.60    0.0-0.85    7.3     0.46   0.25
    6      7   0.30     0.55    0.0-0.75    8.6     0.42   0.22
    7      8   0.30     0.50    0.0-0.6     9.8     0.31   0.10
    8      8   0.35     0.45    0.0-0.45    7.0     0.14   0.07
    9      9   0.35     0.45    0.0-0.34    9.5     0.14   0.11
    10     10  0.35     0.40    0.0-0.25    6.8     0.05   0.01
    =====  ==  =======  ======  ==========  ======  =====  ==========

    SynLogic's ``run.sh`` used n 4-16 with density and reveal 0.3-0.4.

Knobs:
    ``n`` (3-16), ``mine_density`` (0.05-0.6), ``reveal`` (share of safe cells revealed,
    0.05-0.95), ``min_local_share`` and ``max_local_share`` (0-1, the band of the share of
    forced mines that single-number reasoning finds). Knobs whose draws never pass the
    rules above fail after ``MAX_ATTEMPTS`` draws with ``InvalidParamsError``.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``minesweeper``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pysat.solvers import Solver

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._cnf import CNF, SOLVER, VarPool, exactly
from taskgen.tasks.grids._sums import render_table
from taskgen.verifiers.extract import unwrap_latex
from taskgen.verifiers.parse import PayloadError, parse_json, parse_literal

MIN_SIDE = 3
MAX_SIDE = 16
HIDDEN = -1
MAX_ATTEMPTS = 3000
"""Draws before knobs are declared impossible."""
MAX_ANSWER_CHARS = 20_000

Cell = tuple[int, int]
Board = tuple[tuple[int, ...], ...]

LEVELS: dict[int, tuple[int, float, float, float, float]] = {
    1: (4, 0.20, 0.80, 1.0, 1.0),
    2: (5, 0.20, 0.75, 1.0, 1.0),
    3: (5, 0.25, 0.70, 0.5, 1.0),
    4: (6, 0.25, 0.65, 0.0, 1.0),
    5: (6, 0.30, 0.60, 0.0, 0.85),
    6: (7, 0.30, 0.55, 0.0, 0.75),
    7: (8, 0.30, 0.50, 0.0, 0.6),
    8: (8, 0.35, 0.45, 0.0, 0.45),
    9: (9, 0.35, 0.45, 0.0, 0.34),
    10: (10, 0.35, 0.40, 0.0, 0.25),
}
"""Level -> (n, mine_density, reveal, min_local_share, max_local_share)."""


class MinesweeperKnobs(BaseModel):
    """Knobs of the ``minesweeper`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n: int = Field(ge=MIN_SIDE, le=MAX_SIDE, description="rows and columns")
    mine_density: float = Field(ge=0.05, le=0.6, description="mines per cell")
    reveal: float = Field(ge=0.05, le=0.95, description="share of safe cells revealed")
    min_local_share: float = Field(
        default=0.0, ge=0.0, le=1.0, description="least share single-number reasoning finds"
    )
    max_local_share: float = Field(
        default=1.0, ge=0.0, le=1.0, description="most share single-number reasoning finds"
    )


class MinesweeperInstance(BaseModel):
    """``Task.instance`` of the ``minesweeper`` family (-1 hidden, 0-8 revealed numbers)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    size: int = Field(ge=2, le=MAX_SIDE)
    board: list[list[int]]

    @model_validator(mode="after")
    def _consistent(self) -> MinesweeperInstance:
        n = self.size
        if len(self.board) != n or any(len(row) != n for row in self.board):
            raise ValueError(f"board is not {n} rows of {n} cells")
        for r, row in enumerate(self.board):
            for c, value in enumerate(row):
                if value != HIDDEN and not 0 <= value <= len(neighbours(n, r, c)):
                    raise ValueError(f"cell ({r}, {c}) holds {value}; use -1 or 0-8 it can reach")
        board = as_board(self.board)
        if not any(value == HIDDEN for row in board for value in row):
            raise ValueError("the board has no hidden cell")
        if analyse(board) is None:
            raise ValueError("no arrangement of mines fits the numbers")
        return self


# -- reasoning ----------------------------------------------------------------------------------


def neighbours(n: int, r: int, c: int) -> list[Cell]:
    """Returns the (up to eight) cells around ``(r, c)`` on an ``n`` x ``n`` board.

    >>> neighbours(3, 0, 0)
    [(0, 1), (1, 0), (1, 1)]
    """
    return [
        (r + dr, c + dc)
        for dr in (-1, 0, 1)
        for dc in (-1, 0, 1)
        if (dr or dc) and 0 <= r + dr < n and 0 <= c + dc < n
    ]


def as_board(rows: list[list[int]]) -> Board:
    """Returns an immutable copy of a board (the key of the analysis cache)."""
    return tuple(tuple(row) for row in rows)


@dataclass(frozen=True)
class Analysis:
    """What the revealed numbers say about the hidden cells of one board."""

    forced: frozenset[Cell]
    """Hidden cells that are mines in every arrangement fitting the numbers."""
    local: frozenset[Cell]
    """Forced mines that single-number reasoning finds."""
    saturated: frozenset[Cell]
    """Forced mines the original's one rule finds (a number with as many hidden
    neighbours as its value)."""
    frontier: frozenset[Cell]
    """Hidden cells next to a revealed number."""
    hidden: int
    """Hidden cells on the board."""

    @property
    def local_share(self) -> float:
        """Share of the forced mines that single-number reasoning finds (1 when none)."""
        return len(self.local) / len(self.forced) if self.forced else 1.0


def _numbers(board: Board) -> list[tuple[int, list[Cell]]]:
    """Returns every revealed number with its hidden neighbours."""
    n = len(board)
    found = []
    for r in range(n):
        for c in range(n):
            if board[r][c] != HIDDEN:
                hidden = [cell for cell in neighbours(n, r, c) if board[cell[0]][cell[1]] == HIDDEN]
                found.append((board[r][c], hidden))
    return found


def single_number_mines(board: Board) -> set[Cell]:
    """Returns the mines single-number reasoning finds (both rules, repeated to a fixpoint).

    >>> sorted(single_number_mines(((-1, -1, -1), (1, 2, 1), (0, 0, 0))))
    []
    >>> sorted(single_number_mines(((-1, 1), (1, 1))))
    [(0, 0)]
    """
    mines: set[Cell] = set()
    safe: set[Cell] = set()
    numbers = _numbers(board)
    changed = True
    while changed:
        changed = False
        for value, hidden in numbers:
            unknown = [cell for cell in hidden if cell not in mines and cell not in safe]
            if not unknown:
                continue
            left = value - sum(1 for cell in hidden if cell in mines)
            if left == len(unknown):
                mines.update(unknown)
                changed = True
            elif left == 0:
                safe.update(unknown)
                changed = True
    return mines


def encode(board: Board) -> tuple[CNF, dict[Cell, int]]:
    """Returns "every number sees exactly its count of mines" as CNF, and each frontier
    cell's variable (true = mine)."""
    pool = VarPool()
    clauses: CNF = []
    variable: dict[Cell, int] = {}
    numbers = _numbers(board)
    for _, hidden in numbers:
        for cell in hidden:
            if cell not in variable:
                variable[cell] = pool.var(cell)
    for value, hidden in numbers:
        clauses += exactly([variable[cell] for cell in hidden], value, pool)
    return clauses, variable


@lru_cache(maxsize=512)
def analyse(board: Board) -> Analysis | None:
    """Returns the forced mines and the other measures of ``board``; None if no
    arrangement of mines fits its numbers.

    A frontier cell is forced iff no model makes it safe. One model gives the candidates
    (its mines); each further model found (with one candidate assumed safe) drops every
    candidate it leaves safe, so few solver calls settle every cell.

    >>> sorted(analyse(((-1, -1, -1), (1, 2, 1), (0, 0, 0))).forced)
    [(0, 0), (0, 2)]
    """
    clauses, variable = encode(board)
    forced: list[Cell] = []
    with Solver(name=SOLVER, bootstrap_with=clauses) as solver:
        if not solver.solve():
            return None
        model = set(solver.get_model() or [])
        candidates = [cell for cell in sorted(variable) if variable[cell] in model]
        alive = set(candidates)
        for cell in candidates:
            if cell not in alive:
                continue
            if solver.solve(assumptions=[-variable[cell]]):
                model = set(solver.get_model() or [])
                alive = {other for other in alive if variable[other] in model}
            else:
                forced.append(cell)
    saturated = {
        cell
        for value, hidden in _numbers(board)
        if hidden and value == len(hidden)
        for cell in hidden
    }
    forced_set = frozenset(forced)
    return Analysis(
        forced=forced_set,
        local=frozenset(single_number_mines(board) & forced_set),
        saturated=frozenset(saturated),
        frontier=frozenset(variable),
        hidden=sum(1 for row in board for value in row if value == HIDDEN),
    )


def _analysis(board: list[list[int]]) -> Analysis:
    """Returns the analysis of a validated board (always consistent)."""
    found = analyse(as_board(board))
    if found is None:  # pragma: no cover - instances are validated on load
        raise ValueError("no arrangement of mines fits the numbers")
    return found


# -- generation -------------------------------------------------------------------------------


def draw_board(knobs: MinesweeperKnobs, rng: random.Random) -> list[list[int]]:
    """Places the mines and reveals random safe cells; returns the board."""
    n = knobs.n
    cells = [(r, c) for r in range(n) for c in range(n)]
    mines = set(rng.sample(cells, max(1, int(n * n * knobs.mine_density))))
    safe = [cell for cell in cells if cell not in mines]
    shown = rng.sample(safe, max(1, round(len(safe) * knobs.reveal)))
    board = [[HIDDEN] * n for _ in range(n)]
    for r, c in shown:
        board[r][c] = sum(1 for cell in neighbours(n, r, c) if cell in mines)
    return board


def is_good(found: Analysis, knobs: MinesweeperKnobs) -> bool:
    """Returns whether a drawn board's forced set is a fair question at these knobs."""
    forced = found.forced
    if not forced or len(forced) == found.hidden or forced == found.frontier:
        return False
    return knobs.min_local_share <= found.local_share <= knobs.max_local_share


def generate_board(knobs: MinesweeperKnobs, rng: random.Random) -> tuple[list[list[int]], Analysis]:
    """Draws boards until one is a fair question; returns it with its analysis."""
    for _ in range(MAX_ATTEMPTS):
        board = draw_board(knobs, rng)
        found = analyse(as_board(board))
        if found is not None and is_good(found, knobs):
            return board, found
    raise InvalidParamsError(
        f"minesweeper: no fitting board in {MAX_ATTEMPTS} draws with "
        f"{knobs.model_dump()}; widen the local share band or change the density"
    )


def write_cells(cells: frozenset[Cell] | set[Cell]) -> str:
    """Writes cells as the 1-based JSON pairs the prompt asks for, in reading order.

    >>> write_cells({(0, 2), (0, 0)})
    '[[1,1],[1,3]]'
    """
    return "[" + ",".join(f"[{r + 1},{c + 1}]" for r, c in sorted(cells)) + "]"


# -- prompt -----------------------------------------------------------------------------------

FORMAT_EXAMPLE = "[[1,20],[17,3]]"
"""For a 20 x 20 board: never an answer here (boards have at most 16 rows)."""


def render_prompt(board: list[list[int]]) -> str:
    """Writes the prompt: the rules, the board, the question and the answer format."""
    n = len(board)
    cells = [["X" if v == HIDDEN else str(v) for v in row] for row in board]
    labels = [str(i) for i in range(1, n + 1)]
    return (
        "Minesweeper deduction.\n\n"
        f"The board has {n} rows, numbered 1 to {n} from the top, and {n} columns, numbered "
        f"1 to {n} from the left. A cell showing a number is revealed: it is not a mine, and "
        "its number says how many of its neighbouring cells (the up to eight cells touching "
        "it horizontally, vertically or diagonally) are mines. A cell marked X is hidden and "
        "may or may not be a mine. The total number of mines is not given.\n\n"
        + render_table(cells, labels, labels)
        + "\n\n"
        "Which hidden cells must be mines? List every hidden cell that is a mine in every "
        "arrangement of mines that fits all the numbers, and no other cell. At least one "
        "cell must be a mine.\n"
        "Write the answer as a JSON list of [row, column] pairs, 1-based (row 1 is the top "
        "row, column 1 the left column), in any order; a cell listed twice counts once.\n"
        f"Format example for a board of 20 rows and 20 columns: \\boxed{{{FORMAT_EXAMPLE}}}\n"
        "Think step by step, then put only your final list inside \\boxed{}."
    )


# -- reading an answer ------------------------------------------------------------------------


def _coordinate(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


def read_cells(payload: str, n: int) -> set[Cell] | Check:
    """Reads a list of 1-based ``[row, column]`` pairs into 0-based cells, or returns the
    format-error :class:`Check`."""
    text = unwrap_latex(payload)
    if len(text) > MAX_ANSWER_CHARS:
        return Check(False, 0.0, f"answer is too long ({len(text)} characters)", False)
    try:
        raw: Any = parse_json(text, max_chars=MAX_ANSWER_CHARS)
    except PayloadError:
        try:
            raw = parse_literal(text, max_chars=MAX_ANSWER_CHARS)
        except PayloadError:
            return Check(False, 0.0, "answer is not a list of [row, column] pairs", False)
    if not isinstance(raw, list | tuple):
        return Check(False, 0.0, "answer is not a list of [row, column] pairs", False)
    cells: set[Cell] = set()
    for index, item in enumerate(raw, 1):
        pair = [_coordinate(v) for v in item] if isinstance(item, list | tuple) else []
        if len(pair) != 2 or pair[0] is None or pair[1] is None:
            shown = str(item)[:20]
            reason = f"item {index} is not a [row, column] pair of integers: {shown!r}"
            return Check(False, 0.0, reason, False)
        row, col = pair[0], pair[1]
        if not (1 <= row <= n and 1 <= col <= n):
            reason = f"cell ({row},{col}) is off the board: rows and columns are 1 to {n}"
            return Check(False, 0.0, reason, False)
        cells.add((row - 1, col - 1))
    return cells


# -- the family -------------------------------------------------------------------------------


@register("minesweeper")
class Minesweeper(Family):
    """List the hidden cells that revealed numbers force to be mines (SynLogic's minesweeper)."""

    cell_answer = False  # a list of coordinates, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Minesweeper: list every hidden cell the numbers force to be a mine"
    Knobs = MinesweeperKnobs
    Instance = MinesweeperInstance

    def validate_for_generation(self, knobs: MinesweeperKnobs) -> None:
        if knobs.min_local_share > knobs.max_local_share:
            raise InvalidParamsError(
                "minesweeper: min_local_share must be at most max_local_share, got "
                f"{knobs.min_local_share} > {knobs.max_local_share}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n, density, reveal, low, high = LEVELS[level]
        return {
            "n": n,
            "mine_density": density,
            "reveal": reveal,
            "min_local_share": low,
            "max_local_share": high,
        }

    def generate(self, knobs: MinesweeperKnobs, rng: random.Random) -> Draft:
        board, found = generate_board(knobs, rng)
        meta = {
            "forced": len(found.forced),
            "hidden": found.hidden,
            "local_share": round(found.local_share, 4),
            "saturation_share": round(len(found.saturated) / len(found.forced), 4),
        }
        return Draft(
            render_prompt(board), write_cells(found.forced), {"size": knobs.n, "board": board}, meta
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        board: list[list[int]] = instance["board"]
        cells = read_cells(payload, instance["size"])
        if isinstance(cells, Check):
            return cells
        for r, c in sorted(cells):
            if board[r][c] != HIDDEN:
                reason = f"cell ({r + 1},{c + 1}) is revealed (it shows {board[r][c]}), no mine"
                return Check(False, 0.0, reason)
        forced = _analysis(board).forced
        extra = sorted(cells - forced)
        missing = len(forced - cells)
        if not extra and not missing:
            return Check(True, 1.0, f"all {len(forced)} forced mines listed, and nothing else")
        tail = f"{missing} forced mine{'s' if missing != 1 else ''} missing"
        if extra:
            r, c = extra[0]
            return Check(
                False,
                0.0,
                f"cell ({r + 1},{c + 1}) need not be a mine: some arrangement fitting every "
                f"number leaves it safe ({len(extra)} such listed, {tail})",
            )
        return Check(False, 0.0, f"the list misses cells that must be mines ({tail})")

    def hardness(self, task: Task) -> float:
        """Hidden cells next to a number, times 1 + twice the share of forced mines that
        single-number reasoning misses."""
        found = _analysis(task.instance["board"])
        return len(found.frontier) * (1.0 + 2.0 * (1.0 - found.local_share))
