"""Numbrix: fill a grid with 1..n² so that consecutive numbers are side by side.

Description:
    The idea of SynLogic's ``numbrix`` task (arXiv 2505.19641), implemented here from its
    description. An ``n x n`` grid is filled with the numbers ``1`` to ``n²``, each once,
    so that every number ``k`` and ``k + 1`` sit in cells that share a side: the numbers
    trace a Hamiltonian path through the grid. Some numbers are given.

    The hidden path is drawn properly at every size: a boustrophedon ("snake") path is
    scrambled by ``4 n³`` random *backbite* moves (pick an end of the path and one of its
    grid neighbours; joining them closes a loop, and the loop is reopened at the edge
    next to that neighbour, which gives a new Hamiltonian path) and then turned by one of
    the grid's 8 symmetries. Backbite moves reach every Hamiltonian path of the grid and
    mix quickly; the original instead retried a non-backtracking random walk and fell back
    to the fixed snake itself for most boards of 6 x 6 and every board of 8 x 8 or more,
    so nearly all its large puzzles had the same solution.

    Givens are then removed one at a time, in an order drawn from the seed, and a removal
    is kept only when python-sat proves the path is still the only solution. Removal stops
    at the level's target number of givens, or earlier when no further number can go (the
    puzzle is then minimal). Every puzzle therefore has exactly one solution (Numbrix's
    convention).

Instance:
    ``{"size": n, "puzzle": [[...], ...]}``: ``n`` rows of ``n`` numbers, the givens, with
    ``0`` for an empty cell, top row first. Given numbers are distinct, in ``1..n²``, and
    no two of them are farther apart (in steps) than their difference allows.

Answer format:
    The completed grid as a JSON list of ``n`` rows of ``n`` integers inside ``\\boxed{}``.
    For the 3 x 3 puzzle ``[[1,0,0],[0,0,0],[0,0,9]]`` one answer is
    ``\\boxed{[[1,2,3],[6,5,4],[7,8,9]]}``. Rows of space- or comma-separated numbers split
    by ``;`` or newlines are read too. A wrong number of rows or cells, a number outside
    ``1..n²`` or a non-integer is a format error.

Scoring:
    Any grid that keeps the givens and obeys the rules is correct (a generated puzzle has
    only one; the checker reads the rules, not the gold). Constraints, in the order the
    reason names the first broken one: each given keeps its number (a changed given earns
    0), each number ``1..n²`` appears exactly once, and each pair ``k, k + 1`` is side by
    side. Partial credit is progress toward the solution (:mod:`taskgen.verifiers.progress`):
    ``max(0, 1 - d / b)`` with ``d`` the empty cells that differ from the solution and
    ``b`` what a random, constant or shuffled fill gets wrong (about every empty cell), so
    one wrong cell earns nearly full credit and anything that ignores the clues earns 0.

Difficulty:
    The grid grows and the givens thin out (a level with target 0 prunes to a minimal
    puzzle). ``hardness`` is the number of empty cells times ``log2(n²)``.

    =====  =====  =============  ======================  ========================
    level  grid   target givens  givens (mean, 20 seeds)  hardness (mean, 20 seeds)
    =====  =====  =============  ======================  ========================
    1      4x4    8              8.0                     32.0
    2      4x4    minimal        3.2                     51.4
    3      5x5    8              8.0                     78.9
    4      5x5    minimal        4.1                     97.1
    5      6x6    10             10.0                    134.4
    6      6x6    minimal        4.9                     160.8
    7      7x7    12             12.0                    207.7
    8      7x7    minimal        6.7                     237.8
    9      8x8    12             12.0                    312.0
    10     9x9    14             14.0                    424.8
    =====  =====  =============  ======================  ========================

    A minimal 9 x 9 would have about 10 givens; the floor of 14 keeps level 10's proof
    near 50 ms.

    SynLogic's ``run.sh`` used 6 x 6 to 12 x 12 with 30-40% of the cells shown; its README
    reports DeepSeek-R1 solving 6 x 6 (fill 0.4) 70% of the time and 12 x 12 20%.

Knobs:
    ``n`` grid side (3-10) and ``givens``, the number of givens at which removal stops (a
    floor, not a promise: a minimal puzzle may need more; ``meta["givens"]`` has the
    actual count; 0 to ``n² - 2``, 0 and 1 both mean "prune to a minimal puzzle").
    Proving uniqueness costs more as the floor falls on big grids: a minimal 9 x 9 takes
    about 0.2 s, a minimal 10 x 10 about 0.35 s.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``numbrix``). Numbrix is Marilyn
    vos Savant's puzzle (Parade magazine). Backbite moves: Mansfield, "Monte Carlo methods
    for the study of compact polymers" (the move set that samples Hamiltonian paths).

Version history:
    v0: first release.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pysat.solvers import Solver

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._cnf import CNF, SOLVER
from taskgen.tasks._progress import SolutionSpace, cached_space
from taskgen.verifiers.grid import Grid, changed_givens, format_grid, read_grid, render_grid
from taskgen.verifiers.progress import AnswerLayout

MIN_SIDE = 3
MAX_SIDE = 10
MOVES_PER_CUBE = 4
"""Backbite moves per ``n³`` (the mixing statistics stop changing after about 2)."""
PAIRWISE_UP_TO = 6
"""At-most-one constraints over this many literals are pairwise, longer ones a ladder."""

Cell = tuple[int, int]
"""A cell as 0-based ``(row, column)``."""
Given = tuple[int, int, int]
"""A given as 0-based ``(row, column, number)``."""

LEVELS: dict[int, tuple[int, int]] = {
    1: (4, 8),
    2: (4, 0),
    3: (5, 8),
    4: (5, 0),
    5: (6, 10),
    6: (6, 0),
    7: (7, 12),
    8: (7, 0),
    9: (8, 12),
    10: (9, 14),
}
"""Level → (grid side, target givens; 0 prunes to a minimal puzzle)."""


class NumbrixKnobs(BaseModel):
    """Knobs of the ``numbrix`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n: int = Field(ge=MIN_SIDE, le=MAX_SIDE, description="grid side")
    givens: int = Field(ge=0, le=MAX_SIDE**2, description="stop removing at this many givens")


def given_cells(puzzle: Sequence[Sequence[int]]) -> list[Given]:
    """Returns the givens of a puzzle as ``(row, column, number)``, in reading order.

    >>> given_cells([[1, 0], [0, 4]])
    [(0, 0, 1), (1, 1, 4)]
    """
    return [(r, c, v) for r, row in enumerate(puzzle) for c, v in enumerate(row) if v]


def conflict(a: Given, b: Given) -> str | None:
    """Returns why two givens cannot both hold in any path, or ``None``.

    Numbers ``v`` and ``w`` lie ``|v - w|`` steps apart along the path, so their cells are
    at most that far apart on the grid, and an even distance between them needs an even
    difference (each step changes the colour of a checkerboard).

    >>> conflict((0, 0, 1), (0, 3, 2))
    'numbers 1 at (1,1) and 2 at (1,4) are 3 steps apart; 1 step at most'
    >>> conflict((0, 0, 1), (0, 1, 3)) is not None
    True
    """
    steps = abs(a[0] - b[0]) + abs(a[1] - b[1])
    gap = abs(a[2] - b[2])
    if steps <= gap and (gap - steps) % 2 == 0:
        return None
    where = f"numbers {a[2]} at ({a[0] + 1},{a[1] + 1}) and {b[2]} at ({b[0] + 1},{b[1] + 1})"
    if steps > gap:
        return f"{where} are {steps} steps apart; {gap} step{'s' if gap != 1 else ''} at most"
    return f"{where} sit on cells of the wrong colours for a gap of {gap}"


class NumbrixInstance(BaseModel):
    """``Task.instance`` of the ``numbrix`` family: the grid side and the givens (0 = empty)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    size: int = Field(ge=2, le=12)
    puzzle: list[list[int]]

    @model_validator(mode="after")
    def _consistent(self) -> NumbrixInstance:
        n = self.size
        if len(self.puzzle) != n or any(len(row) != n for row in self.puzzle):
            raise ValueError(f"puzzle must be {n}x{n}")
        if any(not 0 <= v <= n * n for row in self.puzzle for v in row):
            raise ValueError(f"puzzle values must be 0-{n * n}")
        givens = given_cells(self.puzzle)
        numbers = [v for _, _, v in givens]
        if len(set(numbers)) != len(numbers):
            raise ValueError("a number is given twice")
        for i, a in enumerate(givens):
            for b in givens[i + 1 :]:
                reason = conflict(a, b)
                if reason:
                    raise ValueError(reason)
        return self


# -- paths ------------------------------------------------------------------------------------


def side_neighbours(cell: Cell, n: int) -> list[Cell]:
    """Returns the cells sharing a side with ``cell`` on an ``n`` x ``n`` grid.

    >>> side_neighbours((0, 0), 3)
    [(1, 0), (0, 1)]
    """
    r, c = cell
    found = []
    for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        if 0 <= r + dr < n and 0 <= c + dc < n:
            found.append((r + dr, c + dc))
    return found


def snake_path(n: int) -> list[Cell]:
    """Returns the boustrophedon path: row 1 left to right, row 2 right to left, ...

    >>> snake_path(2)
    [(0, 0), (0, 1), (1, 1), (1, 0)]
    """
    return [(r, c if r % 2 == 0 else n - 1 - c) for r in range(n) for c in range(n)]


def backbite(path: list[Cell], n: int, rng: random.Random) -> None:
    """Applies one random backbite move to ``path`` in place.

    One end is chosen, then one of its grid neighbours other than the cell after it. If
    that neighbour is the ``i``-th cell of the path, the end is joined to it and the edge
    into it from cell ``i - 1`` is dropped: the first ``i`` cells are reversed, so cell
    ``i - 1`` becomes the new end. If the neighbour was the other end, the path is
    reversed, which changes nothing (a valid, idle move).
    """
    if rng.random() < 0.5:
        path.reverse()
    head = path[0]
    options = [cell for cell in side_neighbours(head, n) if cell != path[1]]
    target = path.index(rng.choice(options))
    path[:target] = path[target - 1 :: -1]


def random_path(n: int, rng: random.Random, moves: int | None = None) -> list[Cell]:
    """Draws a Hamiltonian path of the ``n`` x ``n`` grid: backbite moves, then a symmetry.

    >>> path = random_path(5, random.Random(0))
    >>> sorted(path) == [(r, c) for r in range(5) for c in range(5)]
    True
    >>> all(abs(a - c) + abs(b - d) == 1 for (a, b), (c, d) in zip(path, path[1:]))
    True
    """
    path = snake_path(n)
    if n >= 2:
        for _ in range(MOVES_PER_CUBE * n**3 if moves is None else moves):
            backbite(path, n, rng)
    symmetry = rng.randrange(8)
    turned = []
    for r, c in path:
        if symmetry & 1:
            r, c = c, r
        if symmetry & 2:
            r = n - 1 - r
        if symmetry & 4:
            c = n - 1 - c
        turned.append((r, c))
    return turned


def path_grid(path: Sequence[Cell], n: int) -> Grid:
    """Returns the grid numbering the cells of ``path`` from 1.

    >>> path_grid(snake_path(2), 2)
    [[1, 2], [4, 3]]
    """
    grid = [[0] * n for _ in range(n)]
    for index, (r, c) in enumerate(path):
        grid[r][c] = index + 1
    return grid


# -- CNF --------------------------------------------------------------------------------------


def at_most_one(literals: Sequence[int], top: int) -> tuple[CNF, int]:
    """Returns clauses saying at most one of ``literals`` is true, and the new top variable.

    Short lists are pairwise; longer ones use a ladder (sequential counter) of new
    variables above ``top``: ``s_i`` says "one of the first ``i + 1`` literals is true",
    3 clauses per literal.

    >>> at_most_one([1, 2, 3], 3)
    ([[-1, -2], [-1, -3], [-2, -3]], 3)
    """
    k = len(literals)
    if k <= PAIRWISE_UP_TO:
        return [[-a, -b] for i, a in enumerate(literals) for b in literals[i + 1 :]], top
    clauses: CNF = [[-literals[0], top + 1]]
    for i in range(1, k - 1):
        step = top + i
        clauses += [[-literals[i], step + 1], [-step, step + 1], [-step, -literals[i]]]
    clauses.append([-(top + k - 1), -literals[k - 1]])
    return clauses, top + k - 1


def candidate_numbers(n: int, givens: Sequence[Given], colour: Given | None = None) -> list[Grid]:
    """Returns, per cell (row by row), the numbers the cell may hold in some path.

    A given cell holds its number and a given number sits nowhere else. Any other number
    ``v`` must be at least ``|v - g|`` steps from every given ``g``, with a difference of
    even parity to it. ``colour`` applies only the parity part of that rule for one more
    known cell (generation knows the path, but not which givens will stay).
    """
    size = n * n
    cells: list[Grid] = [[[] for _ in range(n)] for _ in range(n)]
    at = {(r, c): v for r, c, v in givens}
    taken = {v for _, _, v in givens}
    for r in range(n):
        for c in range(n):
            if (r, c) in at:
                cells[r][c] = [at[(r, c)]]
                continue
            parity: int | None = None
            spans: list[tuple[int, int]] = []
            for gr, gc, g in givens:
                steps = abs(r - gr) + abs(c - gc)
                parity = (g + steps) % 2
                spans.append((g - steps, g + steps))
            if colour is not None:
                parity = (colour[2] + abs(r - colour[0]) + abs(c - colour[1])) % 2
            cells[r][c] = [
                v
                for v in range(1, size + 1)
                if (parity is None or v % 2 == parity)
                and v not in taken
                and all(not first < v < last for first, last in spans)
            ]
    return cells


class NumbrixEncoding:
    """The CNF of a Numbrix grid: ``lit(r, c, v)`` says cell ``(r, c)`` holds ``v``.

    Only the (cell, number) pairs of :func:`candidate_numbers` get a variable. Clauses:
    every number sits in exactly one cell and every cell holds exactly one number (ladder
    at-most-ones), and a cell holding ``v`` has ``v + 1`` (and ``v - 1``) in a neighbour.
    """

    def __init__(self, n: int, candidates: Sequence[Grid]) -> None:
        self.n = n
        size = n * n
        self._options: list[dict[int, int]] = []
        by_number: list[list[int]] = [[] for _ in range(size + 1)]
        top = 0
        for r in range(n):
            for c in range(n):
                values = candidates[r][c]
                lits = list(range(top + 1, top + len(values) + 1))
                top += len(values)
                self._options.append(dict(zip(values, lits, strict=True)))
                for v, lit in zip(values, lits, strict=True):
                    by_number[v].append(lit)
        clauses: CNF = []
        for lits in [*(list(o.values()) for o in self._options), *by_number[1:]]:
            clauses.append(lits)
            more, top = at_most_one(lits, top)
            clauses += more
        around = [
            [self._options[a * n + b] for a, b in side_neighbours((r, c), n)]
            for r in range(n)
            for c in range(n)
        ]
        for index, options in enumerate(self._options):
            nearby = around[index]
            for v, lit in options.items():
                for w in (v - 1, v + 1):
                    if 1 <= w <= size:
                        clauses.append([-lit, *(o[w] for o in nearby if w in o)])
        self.clauses = clauses
        self.top = top

    def lit(self, r: int, c: int, v: int) -> int | None:
        """Returns the variable "cell (r, c) holds v", or None when it cannot."""
        return self._options[r * self.n + c].get(v)

    def options(self, r: int, c: int) -> dict[int, int]:
        """Returns number -> variable for every number cell ``(r, c)`` may hold."""
        return dict(self._options[r * self.n + c])


def instance_encoding(instance: dict[str, Any]) -> NumbrixEncoding:
    """Returns the encoding of a puzzle with its givens (for checking and partial credit)."""
    n: int = instance["size"]
    givens = given_cells(instance["puzzle"])
    encoding = NumbrixEncoding(n, candidate_numbers(n, givens))
    for r, c, v in givens:
        lit = encoding.lit(r, c, v)
        if lit is not None:
            encoding.clauses.append([lit])
    return encoding


# -- generation -------------------------------------------------------------------------------


def prune_givens(solution: Grid, floor: int, rng: random.Random) -> Grid:
    """Empties cells of ``solution`` in rng order while its path stays the only solution.

    The result is that of the plain loop "walk the cells in an rng-drawn order; empty a
    cell when the path stays the only solution; stop at ``floor`` givens". One
    incremental solver holds the rules (numbers restricted by the solution's colours: any
    path through a kept given has them) and a clause "some cell differs from the
    solution"; the kept givens are assumptions, so a test is one solver call. Since fewer
    givens never make a puzzle "more unique", emptying the next ``k`` cells of the order
    at once keeps the path unique exactly when the plain loop would empty all ``k``; so
    the walk gallops (``k`` doubles after a success and halves after a failure, and a
    single cell that fails stays), which reaches the same puzzle with far fewer calls
    while failures are rare. Only satisfiable / unsatisfiable is read, so the result does
    not depend on the solver's search.
    """
    n = len(solution)
    one = next((r, c) for r in range(n) for c in range(n) if solution[r][c] == 1)
    encoding = NumbrixEncoding(n, candidate_numbers(n, [], colour=(one[0], one[1], 1)))
    cells = [(r, c) for r in range(n) for c in range(n)]
    gold = []
    for r, c in cells:
        lit = encoding.lit(r, c, solution[r][c])
        if lit is None:  # unreachable: the colours come from the solution itself
            raise AssertionError("the solution breaks its own colouring")
        gold.append(lit)
    kept = [True] * len(cells)
    remaining = len(cells)
    floor = max(floor, 1)
    order = rng.sample(range(len(cells)), len(cells))
    position, batch = 0, 1
    with Solver(name=SOLVER, bootstrap_with=[*encoding.clauses, [-x for x in gold]]) as solver:
        while position < len(order) and remaining > floor:
            chunk = order[position : position + min(batch, remaining - floor)]
            for index in chunk:
                kept[index] = False
            if not solver.solve(assumptions=[x for x, on in zip(gold, kept, strict=True) if on]):
                remaining -= len(chunk)
                position += len(chunk)
                batch = 2 * len(chunk)
                continue
            for index in chunk:
                kept[index] = True
            if len(chunk) == 1:
                position += 1  # this cell is needed: it stays
            batch = max(1, len(chunk) // 2)
    puzzle = [[0] * n for _ in range(n)]
    for (r, c), keep in zip(cells, kept, strict=True):
        if keep:
            puzzle[r][c] = solution[r][c]
    return puzzle


# -- prompt -----------------------------------------------------------------------------------

FORMAT_EXAMPLE = "\\boxed{[[1,2],[4,3]]}"
"""The prompt's format example (a 2 x 2 grid, so never the answer of a task)."""


def render_prompt(puzzle: Grid) -> str:
    """Writes the prompt: the rules, the grid with '.' for empty cells, the answer format."""
    n = len(puzzle)
    size = n * n
    cells = [[str(v) if v else "." for v in row] for row in puzzle]
    return (
        f"Solve this {n}x{n} Numbrix puzzle.\n\n"
        f"Fill every empty cell (shown as .) so that the grid holds each number from 1 to "
        f"{size} exactly once, and every two consecutive numbers (1 and 2, 2 and 3, ..., "
        f"{size - 1} and {size}) are in cells that share a side: directly above, below, left "
        "or right, never only diagonally. So the numbers 1, 2, ..., "
        f"{size} trace one path through every cell. The numbers shown are given and must "
        "not be changed. The puzzle has exactly one solution.\n\n"
        f"Puzzle:\n{render_grid(cells)}\n\n"
        f"Write the completed grid as a JSON list of {n} rows, top row first, each row a list "
        f"of {n} integers, left to right.\n"
        f"Format example for a 2x2 grid: {FORMAT_EXAMPLE}\n"
        "Think step by step, then put only your final grid inside \\boxed{}."
    )


# -- checking ---------------------------------------------------------------------------------


def broken_rules(grid: Grid) -> tuple[list[str], int]:
    """Returns a reason per broken rule (numbers once each, then neighbours) and the total.

    >>> broken_rules([[1, 2], [4, 3]])
    ([], 7)
    >>> broken_rules([[1, 2], [3, 4]])[0]
    ['2 at (1,2) and 3 at (2,1) do not share a side']
    """
    n = len(grid)
    size = n * n
    where: dict[int, list[Cell]] = {}
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            where.setdefault(v, []).append((r, c))
    broken: list[str] = []
    for v in range(1, size + 1):
        count = len(where.get(v, []))
        if count == 0:
            broken.append(f"{v} is missing")
        elif count > 1:
            first, second = where[v][:2]
            broken.append(
                f"{v} appears {count} times, at ({first[0] + 1},{first[1] + 1}) and "
                f"({second[0] + 1},{second[1] + 1})"
            )
    for v in range(1, size):
        here, there = where.get(v, []), where.get(v + 1, [])
        if len(here) == 1 and len(there) == 1:
            (a, b), (c, d) = here[0], there[0]
            if abs(a - c) + abs(b - d) != 1:
                broken.append(
                    f"{v} at ({a + 1},{b + 1}) and {v + 1} at ({c + 1},{d + 1}) do not share a side"
                )
    return broken, 2 * size - 1


# -- the family -------------------------------------------------------------------------------


@register("numbrix")
class Numbrix(Family):
    """Fill a grid with 1..n² along a path of side-by-side cells (SynLogic's numbrix)."""

    version = 0
    kind = "puzzle"
    description = "Numbrix: fill 1..n² so consecutive numbers share a side (unique solution)"
    Knobs = NumbrixKnobs
    Instance = NumbrixInstance

    def validate_for_generation(self, knobs: NumbrixKnobs) -> None:
        most = knobs.n * knobs.n - 2
        if knobs.givens > most:
            raise InvalidParamsError(
                f"numbrix: givens must be at most n*n - 2 = {most} (else a constant fills "
                f"the rest), got {knobs.givens}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n, givens = LEVELS[level]
        return {"n": n, "givens": givens}

    def generate(self, knobs: NumbrixKnobs, rng: random.Random) -> Draft:
        n = knobs.n
        solution = path_grid(random_path(n, rng), n)
        puzzle = prune_givens(solution, knobs.givens, rng)
        return Draft(
            prompt=render_prompt(puzzle),
            answer=format_grid(solution),
            instance={"size": n, "puzzle": puzzle},
            meta={"givens": len(given_cells(puzzle))},
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        n: int = instance["size"]
        grid = read_grid(payload, n, n, low=1, high=n * n)
        if isinstance(grid, Check):
            return grid
        givens = given_cells(instance["puzzle"])
        changed = changed_givens(grid, givens)
        if changed:
            return Check(False, 0.0, f"{changed[0]} (a changed given earns no credit)")
        broken, total = broken_rules(grid)
        if not broken:
            return Check(True, 1.0, f"1-{n * n} each once, every step between side neighbours")
        total += len(givens)
        return Check(
            False,
            0.0,
            f"{broken[0]} ({len(broken)} of {total} constraints broken)",
            progress=lambda: self.space(instance).credit(grid),
        )

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""

        def build(instance: dict[str, Any]) -> SolutionSpace:
            encoding = instance_encoding(instance)
            layout = self.answer_layout(instance)
            options = [encoding.options(r, c) for r, c in layout.free]
            return SolutionSpace(layout, encoding.clauses, options)

        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        n: int = instance["size"]
        fixed = {(r, c): v for r, c, v in given_cells(instance["puzzle"])}
        free = tuple((r, c) for r in range(n) for c in range(n) if (r, c) not in fixed)
        return AnswerLayout(n, n, tuple(range(1, n * n + 1)), fixed, free)

    def hardness(self, task: Task) -> float:
        """Empty cells times ``log2(n²)``."""
        n: int = task.instance["size"]
        empty = n * n - len(given_cells(task.instance["puzzle"]))
        return empty * math.log2(n * n)
