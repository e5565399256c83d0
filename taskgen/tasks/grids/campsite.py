"""Campsite (Tents): pitch one tent beside every tree, tents never touching.

Description:
    The idea of SynLogic's ``campsite`` task (arXiv 2505.19641), implemented here from its
    description; the puzzle is known as Tents (Tents and Trees). An ``n x m`` grid holds
    trees. Place tents in empty cells so that:

    1. tents and trees pair up one to one, each tent directly above, below, left or right
       of its own tree (so there are as many tents as trees; a tree may also border other
       tents, as long as the pairing exists);
    2. no two tents touch, not even diagonally;
    3. every row and every column holds the number of tents shown for it.

    The generator pitches tents at random (each new tent away from the others, with its
    own tree on a free side cell) and computes the row and column counts from them. A
    layout is kept only when python-sat proves its tents are the only solution (the
    puzzle's convention: unique; the CNF holds the counts, the no-touching rule and the
    one-to-one pairing, and uniqueness is of the tents: the pairing itself may have
    several forms, as when four trees and four tents alternate around a 3 x 3 ring). A
    layout that is not unique is redrawn, up to 20 times from the same seed's stream: at
    the level table's sizes 58% (14 x 14) to 96% (4 x 4) of the draws are unique at once
    (200 draws each), so redrawing practically always succeeds. Should all 20 draws fail
    (odd explicit knobs: 16 x 16 at density 0.1 is unique 21% of the time), the last one
    is made unique by showing cells: in an rng-drawn order, a cell that some solution
    decides differently is shown as tent or no tent
    (``meta["revealed_for_uniqueness"]``). The original checked only that a solution
    exists, so many of its puzzles had several.

Instance:
    ``{"rows": n, "cols": m, "trees": [[r, c], ...], "row_tents": [...], "col_tents": [...],
    "givens": [[r, c, v], ...]}`` with 0-based ``r``, ``c``; ``row_tents[r]`` and
    ``col_tents[c]`` are the tent counts; ``givens`` (normally empty) are cells shown as
    tent (``v = 1``) or no tent (``v = 0``).

Answer format:
    A JSON list of ``n`` rows of ``m`` numbers inside ``\\boxed{}``: 1 for a tent, 0 for
    every other cell; a tree's cell is written 0 (trees are fixed cells of the grid, not
    part of the answer's choices). For a 2 x 3 grid with one tree at the top left and
    counts rows ``[1, 0]``, columns ``[0, 1, 0]``, the answer is
    ``\\boxed{[[0,1,0],[0,0,0]]}``. Rows of space- or comma-separated numbers split by
    ``;`` or newlines are read too. A wrong shape or a value other than 0/1 is a format
    error.

Scoring:
    Any tent layout that keeps the givens and obeys the rules is correct (a generated
    puzzle has only one; the checker reads the rules, not the gold). The reason names the
    first broken rule: a tent on a tree or a changed given (these earn 0), then row
    counts, column counts, touching tents, a tent with no tree beside it, and last the
    pairing (a tree or a tent left without a partner in a maximum matching). Partial
    credit is progress toward the solution (:mod:`taskgen.verifiers.progress`):
    ``max(0, 1 - d / b)`` with ``d`` the non-tree cells that differ from the solution and
    ``b`` what the best constant fill (no tents at all: ``b`` = the number of tents) or a
    random or shuffled fill gets wrong.

Difficulty:
    The grid grows at a constant share of tents (0.2 per cell, about 0.21 at most can be
    pitched this way). ``hardness`` is the number of candidate cells: cells that are not
    trees or givens and border a tree (where a tent might go at first sight).

    =====  =======  =======  ==========================  ==========================
    level  n x m    density  tents (mean, 20 seeds)      hardness (mean, 20 seeds)
    =====  =======  =======  ==========================  ==========================
    1      4 x 4    0.20     3.0                         7.2
    2      5 x 5    0.20     4.9                         12.1
    3      6 x 6    0.20     7.0                         16.8
    4      7 x 7    0.20     10.0                        25.1
    5      8 x 8    0.20     12.9                        31.8
    6      9 x 9    0.20     16.0                        40.2
    7      10 x 10  0.20     19.8                        50.5
    8      11 x 11  0.20     23.8                        62.0
    9      12 x 12  0.20     28.9                        73.5
    10     14 x 14  0.20     38.6                        100.5
    =====  =======  =======  ==========================  ==========================

    SynLogic's ``run.sh`` used 3 x 3 to 5 x 5 grids with tree density 0.2.

Knobs:
    ``n`` rows and ``m`` columns (3-16) and ``density``, the share of cells to hold a tent
    (0.01-0.25; the count is ``max(1, round(density * n * m))``, fewer when the random
    pitching runs out of room; ``meta["tents"]`` has the count).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``campsite``). Tents (Tents and
    Trees), as in Simon Tatham's Portable Puzzle Collection.

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pysat.solvers import Solver

from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._cnf import CNF, SOLVER, VarPool, exactly, exactly_one
from taskgen.tasks._progress import SolutionSpace, cached_space
from taskgen.tasks.grids._sums import grid_draft, render_table, reveal_until_unique
from taskgen.verifiers.grid import Grid, changed_givens, read_grid
from taskgen.verifiers.progress import AnswerLayout

MIN_SIDE = 3
MAX_SIDE = 16
REDRAWS = 20
"""Layouts drawn before the last one is made unique by showing cells."""

Cell = tuple[int, int]
"""A cell as 0-based ``(row, column)``."""

LEVELS: dict[int, tuple[int, int, float]] = {
    1: (4, 4, 0.2),
    2: (5, 5, 0.2),
    3: (6, 6, 0.2),
    4: (7, 7, 0.2),
    5: (8, 8, 0.2),
    6: (9, 9, 0.2),
    7: (10, 10, 0.2),
    8: (11, 11, 0.2),
    9: (12, 12, 0.2),
    10: (14, 14, 0.2),
}
"""Level → (rows, columns, share of cells holding a tent)."""


class CampsiteKnobs(BaseModel):
    """Knobs of the ``campsite`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n: int = Field(ge=MIN_SIDE, le=MAX_SIDE, description="rows")
    m: int = Field(ge=MIN_SIDE, le=MAX_SIDE, description="columns")
    density: float = Field(ge=0.01, le=0.25, description="share of cells holding a tent")


def sides(cell: Sequence[int], rows: int, cols: int) -> list[Cell]:
    """Returns the cells sharing a side with ``cell``.

    >>> sides((0, 0), 3, 3)
    [(1, 0), (0, 1)]
    """
    r, c = cell[0], cell[1]
    steps = ((-1, 0), (1, 0), (0, -1), (0, 1))
    return [(r + a, c + b) for a, b in steps if 0 <= r + a < rows and 0 <= c + b < cols]


def around(cell: Sequence[int], rows: int, cols: int) -> list[Cell]:
    """Returns the up to 8 cells touching ``cell`` by a side or a corner.

    >>> around((0, 0), 2, 2)
    [(0, 1), (1, 0), (1, 1)]
    """
    r, c = cell[0], cell[1]
    return [
        (r + a, c + b)
        for a in (-1, 0, 1)
        for b in (-1, 0, 1)
        if (a or b) and 0 <= r + a < rows and 0 <= c + b < cols
    ]


class CampsiteInstance(BaseModel):
    """``Task.instance`` of the ``campsite`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    rows: int = Field(ge=2, le=MAX_SIDE)
    cols: int = Field(ge=2, le=MAX_SIDE)
    trees: list[list[int]]
    row_tents: list[int]
    col_tents: list[int]
    givens: list[list[int]] = Field(description="[row, col, 0/1] cells shown; may be empty")

    @model_validator(mode="after")
    def _consistent(self) -> CampsiteInstance:
        rows, cols = self.rows, self.cols
        for tree in self.trees:
            if len(tree) != 2 or not (0 <= tree[0] < rows and 0 <= tree[1] < cols):
                raise ValueError(f"tree {tree} is not [row, col] inside the grid")
        trees = {(r, c) for r, c in self.trees}
        if len(trees) != len(self.trees):
            raise ValueError("a tree is listed twice")
        if len(self.row_tents) != rows or any(not 0 <= k <= cols for k in self.row_tents):
            raise ValueError(f"row_tents must be {rows} counts of 0-{cols}")
        if len(self.col_tents) != cols or any(not 0 <= k <= rows for k in self.col_tents):
            raise ValueError(f"col_tents must be {cols} counts of 0-{rows}")
        if not sum(self.row_tents) == sum(self.col_tents) == len(trees):
            raise ValueError(
                f"row counts add up to {sum(self.row_tents)}, column counts to "
                f"{sum(self.col_tents)}, and there are {len(trees)} trees"
            )
        seen: set[Cell] = set()
        for given in self.givens:
            if (
                len(given) != 3
                or not (0 <= given[0] < rows and 0 <= given[1] < cols)
                or given[2] not in (0, 1)
            ):
                raise ValueError(f"given {given} is not [row, col, 0/1] inside the grid")
            cell = (given[0], given[1])
            if cell in trees or cell in seen:
                raise ValueError(f"given {given} is on a tree or repeats a cell")
            if given[2] and not any(side in trees for side in sides(cell, rows, cols)):
                raise ValueError(f"given tent {given} has no tree beside it")
            seen.add(cell)
        return self


# -- CNF --------------------------------------------------------------------------------------


class CampsiteEncoding:
    """The CNF of a Tents instance.

    ``tent[(r, c)]`` is the variable "a tent stands on (r, c)", for the candidate cells
    (not trees, beside a tree); every other non-tree cell is empty in any solution, and
    :attr:`true` is a variable fixed true (the literal of "this cell is empty" there).
    ``pair[(tree, cell)]`` says the tree's own tent is at that cell: each tree has exactly
    one, a tent is some tree's own (at least one) and no two trees share one, a pair needs
    its tent. Tents never touch (a clause per touching pair of candidates), and each row
    and column holds its count (totalizers).
    """

    def __init__(self, instance: dict[str, Any]) -> None:
        rows: int = instance["rows"]
        cols: int = instance["cols"]
        trees = sorted((r, c) for r, c in instance["trees"])
        tree_set = set(trees)
        pool = VarPool()
        self.true = pool.var("true")
        clauses: CNF = [[self.true]]
        self.tent: dict[Cell, int] = {}
        for r in range(rows):
            for c in range(cols):
                if (r, c) not in tree_set and any(s in tree_set for s in sides((r, c), rows, cols)):
                    self.tent[(r, c)] = pool.var(("tent", r, c))
        owners: dict[Cell, list[int]] = {cell: [] for cell in self.tent}
        for tree in trees:
            choices = []
            for cell in sides(tree, rows, cols):
                if cell in self.tent:
                    pair = pool.var(("pair", tree, cell))
                    choices.append(pair)
                    owners[cell].append(pair)
                    clauses.append([-pair, self.tent[cell]])
            clauses += exactly_one(choices)
        for cell, var in self.tent.items():
            clauses.append([-var, *owners[cell]])
            mine = owners[cell]
            clauses += [[-a, -b] for i, a in enumerate(mine) for b in mine[i + 1 :]]
            for other in around(cell, rows, cols):
                if other > cell and other in self.tent:
                    clauses.append([-var, -self.tent[other]])
        for r in range(rows):
            line = [self.tent[(r, c)] for c in range(cols) if (r, c) in self.tent]
            clauses += exactly(line, instance["row_tents"][r], pool)
        for c in range(cols):
            line = [self.tent[(r, c)] for r in range(rows) if (r, c) in self.tent]
            clauses += exactly(line, instance["col_tents"][c], pool)
        for r, c, v in instance["givens"]:
            shown = self.tent.get((r, c))
            if shown is not None:
                clauses.append([shown if v else -shown])
            elif v:
                clauses += [[-self.true]]  # a tent with no tree beside it: no solution
        self.clauses = clauses

    def options(self, cell: Cell) -> dict[int, int]:
        """Returns value -> literal for a non-tree cell (1 only where a tent may stand)."""
        var = self.tent.get(cell)
        return {0: self.true} if var is None else {0: -var, 1: var}


def is_unique(encoding: CampsiteEncoding, tents: set[Cell]) -> bool:
    """Returns whether ``tents`` is the only tent layout the encoding allows."""
    other = [-var if cell in tents else var for cell, var in encoding.tent.items()]
    with Solver(name=SOLVER, bootstrap_with=[*encoding.clauses, other]) as solver:
        return not solver.solve()


# -- generation -------------------------------------------------------------------------------


def pitch(rows: int, cols: int, wanted: int, rng: random.Random) -> tuple[set[Cell], set[Cell]]:
    """Pitches up to ``wanted`` tents at random, each with its own tree; returns both sets.

    Cells are visited in an rng-drawn order; a cell takes a tent when it is no tree,
    touches no tent, and has a free side cell (no tent, no tree) for the tent's tree,
    which is then chosen at random among those.
    """
    tents: set[Cell] = set()
    trees: set[Cell] = set()
    blocked: set[Cell] = set()
    cells = [(r, c) for r in range(rows) for c in range(cols)]
    for cell in rng.sample(cells, len(cells)):
        if len(tents) >= wanted:
            break
        if cell in blocked or cell in trees:
            continue
        free = [s for s in sides(cell, rows, cols) if s not in tents and s not in trees]
        if not free:
            continue
        tents.add(cell)
        trees.add(rng.choice(free))
        blocked.add(cell)
        blocked.update(around(cell, rows, cols))
    return tents, trees


def make_instance(rows: int, cols: int, tents: set[Cell], trees: set[Cell]) -> dict[str, Any]:
    """Returns the instance (no givens) whose counts come from ``tents``."""
    return {
        "rows": rows,
        "cols": cols,
        "trees": [[r, c] for r, c in sorted(trees)],
        "row_tents": [sum(1 for c in range(cols) if (r, c) in tents) for r in range(rows)],
        "col_tents": [sum(1 for r in range(rows) if (r, c) in tents) for c in range(cols)],
        "givens": [],
    }


def generate_puzzle(knobs: CampsiteKnobs, rng: random.Random) -> tuple[dict[str, Any], Grid, int]:
    """Draws a layout whose tents are the unique solution; returns (instance, solution,
    cells shown for uniqueness)."""
    rows, cols = knobs.n, knobs.m
    wanted = max(1, round(knobs.density * rows * cols))
    tents, trees = pitch(rows, cols, wanted, rng)
    instance = make_instance(rows, cols, tents, trees)
    encoding = CampsiteEncoding(instance)
    unique = is_unique(encoding, tents)
    for _ in range(REDRAWS - 1):
        if unique:
            break
        tents, trees = pitch(rows, cols, wanted, rng)
        instance = make_instance(rows, cols, tents, trees)
        encoding = CampsiteEncoding(instance)
        unique = is_unique(encoding, tents)
    shown = 0
    if not unique:
        cells = list(encoding.tent)
        gold = [encoding.tent[cell] if cell in tents else -encoding.tent[cell] for cell in cells]
        order = rng.sample(range(len(cells)), len(cells))
        revealed = sorted(cells[i] for i in reveal_until_unique(encoding.clauses, gold, order))
        instance["givens"] = [[r, c, int((r, c) in tents)] for r, c in revealed]
        shown = len(revealed)
    solution = [[int((r, c) in tents) for c in range(cols)] for r in range(rows)]
    return instance, solution, shown


# -- prompt -----------------------------------------------------------------------------------

FORMAT_EXAMPLE = "\\boxed{[[0,1,0],[0,0,0]]}"
"""The prompt's format example (a 2 x 3 grid, so never the answer of a task)."""


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: the rules, the grid with its counts, the answer format."""
    rows, cols = instance["rows"], instance["cols"]
    cells = [["."] * cols for _ in range(rows)]
    for r, c in instance["trees"]:
        cells[r][c] = "T"
    for r, c, v in instance["givens"]:
        cells[r][c] = str(v)
    table = render_table(
        cells,
        [str(r) for r in range(1, rows + 1)],
        [str(c) for c in range(1, cols + 1)],
        right=[str(k) for k in instance["row_tents"]],
        bottom=[str(k) for k in instance["col_tents"]],
        right_title="sum",
    )
    count = len(instance["trees"])
    given_text = (
        "Cells shown as 1 (a tent) or 0 (no tent) are given: keep them.\n"
        if instance["givens"]
        else ""
    )
    return (
        "Solve this Tents (campsite) puzzle.\n\n"
        f"The grid has {rows} rows, numbered 1 to {rows} from the top, and {cols} columns, "
        f"numbered 1 to {cols} from the left. T marks a tree and '.' an empty cell. Pitch "
        "tents on empty cells so that:\n"
        "1. every tree has exactly one tent of its own, in the cell directly above, below, "
        "left or right of it, and every tent belongs to exactly one tree beside it (tents "
        f"and trees pair up one to one, so there are exactly {count} tents; a tent may also "
        "border other trees);\n"
        "2. no two tents touch, not even diagonally;\n"
        "3. every row holds as many tents as the number after the '|' at its end, and every "
        "column as many as the number in the 'sum' line below it.\n\n"
        + table
        + "\n\n"
        + given_text
        + "The puzzle has exactly one solution. Write it as a JSON list of "
        f"{rows} rows, top row first, each a list of {cols} numbers: 1 for a tent and 0 for "
        "every other cell (trees and empty cells alike).\n"
        "Format example for a grid of 2 rows and 3 columns with one tree in the top-left "
        f"corner: {FORMAT_EXAMPLE}\n"
        "Think step by step, then put only your final grid inside \\boxed{}."
    )


# -- checking ---------------------------------------------------------------------------------


def _pairing(tents: list[Cell], trees: list[Cell], rows: int, cols: int) -> dict[Cell, Cell]:
    """Returns a maximum tree -> tent pairing of side neighbours (augmenting paths)."""
    tent_set = set(tents)
    owner: dict[Cell, Cell] = {}  # tent -> tree

    def augment(tree: Cell, visited: set[Cell]) -> bool:
        for tent in sides(tree, rows, cols):
            if tent in tent_set and tent not in visited:
                visited.add(tent)
                if tent not in owner or augment(owner[tent], visited):
                    owner[tent] = tree
                    return True
        return False

    for tree in trees:
        augment(tree, set())
    return {tree: tent for tent, tree in owner.items()}


def broken_rules(instance: dict[str, Any], grid: Grid) -> list[str]:
    """Returns a reason per broken rule of a tent grid (trees and givens already kept).

    >>> hand = {"rows": 2, "cols": 3, "trees": [[0, 0]], "row_tents": [1, 0],
    ...         "col_tents": [0, 1, 0], "givens": []}
    >>> broken_rules(hand, [[0, 1, 0], [0, 0, 0]])
    []
    >>> broken_rules(hand, [[0, 0, 0], [1, 0, 0]])[0]
    'row 1 has 0 tents; needs 1'
    """
    rows: int = instance["rows"]
    cols: int = instance["cols"]
    trees = sorted((r, c) for r, c in instance["trees"])
    tree_set = set(trees)
    tents = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c]]
    broken: list[str] = []
    for r in range(rows):
        got, need = sum(grid[r]), instance["row_tents"][r]
        if got != need:
            broken.append(f"row {r + 1} has {got} tent{'s' if got != 1 else ''}; needs {need}")
    for c in range(cols):
        got, need = sum(grid[r][c] for r in range(rows)), instance["col_tents"][c]
        if got != need:
            broken.append(f"column {c + 1} has {got} tent{'s' if got != 1 else ''}; needs {need}")
    tent_set = set(tents)
    for r, c in tents:
        for other in around((r, c), rows, cols):
            if other > (r, c) and other in tent_set:
                broken.append(
                    f"tents at ({r + 1},{c + 1}) and ({other[0] + 1},{other[1] + 1}) touch"
                )
    lonely = [t for t in tents if not any(s in tree_set for s in sides(t, rows, cols))]
    broken += [f"the tent at ({r + 1},{c + 1}) has no tree beside it" for r, c in lonely]
    paired = _pairing([t for t in tents if t not in lonely], trees, rows, cols)
    broken += [
        f"the tree at ({r + 1},{c + 1}) has no tent of its own"
        for r, c in trees
        if (r, c) not in paired
    ]
    partners = set(paired.values())
    broken += [
        f"the tent at ({r + 1},{c + 1}) has no tree of its own"
        for r, c in tents
        if (r, c) not in partners and (r, c) not in lonely
    ]
    return broken


def candidate_cells(instance: dict[str, Any]) -> int:
    """Counts the cells a tent might take at first sight: no tree, no given, beside a tree.

    >>> candidate_cells({"rows": 2, "cols": 3, "trees": [[0, 0]], "row_tents": [1, 0],
    ...                  "col_tents": [0, 1, 0], "givens": []})
    2
    """
    rows, cols = instance["rows"], instance["cols"]
    trees = {(r, c) for r, c in instance["trees"]}
    known = {(r, c) for r, c, _ in instance["givens"]}
    return sum(
        1
        for r in range(rows)
        for c in range(cols)
        if (r, c) not in trees
        and (r, c) not in known
        and any(s in trees for s in sides((r, c), rows, cols))
    )


# -- the family -------------------------------------------------------------------------------


@register("campsite")
class Campsite(Family):
    """Pitch a tent beside every tree, tents never touching (SynLogic's campsite, Tents)."""

    version = 0
    kind = "puzzle"
    description = "Campsite (Tents): one tent per tree, no tents touching, row/column counts"
    Knobs = CampsiteKnobs
    Instance = CampsiteInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n, m, density = LEVELS[level]
        return {"n": n, "m": m, "density": density}

    def generate(self, knobs: CampsiteKnobs, rng: random.Random) -> Draft:
        instance, solution, shown = generate_puzzle(knobs, rng)
        meta = {"tents": len(instance["trees"])}
        return grid_draft(render_prompt(instance), solution, instance, meta, shown)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        rows, cols = instance["rows"], instance["cols"]
        grid = read_grid(payload, rows, cols, low=0, high=1)
        if isinstance(grid, Check):
            return grid
        for r, c in sorted((r, c) for r, c in instance["trees"]):
            if grid[r][c]:
                reason = f"cell ({r + 1},{c + 1}) is a tree, not a tent"
                return Check(False, 0.0, f"{reason} (a changed given earns no credit)")
        changed = changed_givens(grid, instance["givens"])
        if changed:
            return Check(False, 0.0, f"{changed[0]} (a changed given earns no credit)")
        broken = broken_rules(instance, grid)
        if not broken:
            count = len(instance["trees"])
            return Check(True, 1.0, f"{count} tents, one per tree, none touching, counts match")
        return Check(
            False,
            0.0,
            f"{broken[0]} ({len(broken)} rule{'s' if len(broken) != 1 else ''} broken)",
            progress=lambda: self.space(instance).credit(grid),
        )

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""

        def build(instance: dict[str, Any]) -> SolutionSpace:
            encoding = CampsiteEncoding(instance)
            layout = self.answer_layout(instance)
            options = [encoding.options(cell) for cell in layout.free]
            return SolutionSpace(layout, encoding.clauses, options)

        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        rows, cols = instance["rows"], instance["cols"]
        fixed = {(r, c): 0 for r, c in instance["trees"]}
        fixed.update({(r, c): v for r, c, v in instance["givens"]})
        free = tuple((r, c) for r in range(rows) for c in range(cols) if (r, c) not in fixed)
        return AnswerLayout(rows, cols, (0, 1), fixed, free)

    def hardness(self, task: Task) -> float:
        """The number of candidate cells (no tree, no given, beside a tree)."""
        return float(candidate_cells(task.instance))
