"""Number wall: split a grid into numbered islands and walls (a Nurikabe-like puzzle).

Description:
    The idea of SynLogic's ``number_wall`` task (arXiv 2505.19641), implemented here from its
    description. Some cells of an ``n x n`` grid hold numbers. Every cell becomes either a
    wall or an island cell. The rules:

    1. an island (a group of island cells joined side by side) contains exactly one number,
       and that number is how many cells the island has;
    2. no 2 x 2 block is all walls;
    3. two different islands never touch at a corner (diagonally).

    Unlike Nurikabe, walls need not be connected. A solution is built first (islands grown
    at random, kept apart by walls, then any 2 x 2 block of walls opened), and one cell of
    each island gets its size, so every puzzle has a solution.

Instance:
    ``{"size": n, "clues": [[r, c, number], ...], "givens": [[r, c, v], ...]}`` with 0-based
    rows and columns; ``givens`` (only with ``unique``) are cells shown as wall (``v = 0``)
    or island (``v = 1``).

Answer format:
    A JSON list of ``n`` rows of ``n`` numbers inside ``\\boxed{}``: 0 for a wall, 1 for an
    island cell; a numbered cell may be written as 1 or as its own number. For a 3 x 3 grid
    with a 3 in the top-left corner and a 1 in the bottom-right corner,
    ``\\boxed{[[3,1,0],[1,0,0],[0,0,1]]}`` is a solution (so is the same grid with 1 for the
    3), while ``\\boxed{[[1,1,1],[0,0,0],[0,0,1]]}`` is not: its bottom-left 2 x 2 block is
    all walls. Rows of space- or comma-separated numbers split by ``;`` or newlines are read
    too. Wrong shape, non-numbers or other values are format errors.

Scoring:
    Any grid that keeps the givens and obeys the rules is correct, not only the gold.
    Constraints, each met or not: one per number ("its island has exactly that many cells
    and no other number"), one per cell without a number ("if it is an island cell, its
    island has a number"), one per 2 x 2 block ("not all walls") and one more per 2 x 2
    block ("no two different islands meet diagonally in it"). The reason names the first
    broken rule in that order. Partial credit is progress toward the nearest solution
    (:mod:`taskgen.verifiers.progress`): 0 for walling a numbered cell or changing a given,
    else ``max(0, 1 - d / b)`` with ``d`` the other cells that differ from the nearest
    solution (python-sat finds it) and ``b`` what the best constant fill, or a random one,
    gets wrong (a grid of all ones earns 0).

Difficulty:
    The grid and the islands grow. ``hardness`` counts the pairs (number, unknown cell) with
    the cell fewer steps from the number than its value (a first-sight count of the ways a
    cell might join an island; unknown = neither numbered nor given). Islands are grown to
    a random size between ``max_island - 2`` and ``max_island`` (smaller when they run out
    of room) until 40% of the cells are island cells.

    =====  ==  ==========  ===============================
    level  n   max island  mean hardness (30 seeds, plain)
    =====  ==  ==========  ===============================
    1      3   3           3.9
    2      4   3           8.6
    3      4   4           15.1
    4      5   4           28.4
    5      5   5           35.1
    6      6   5           58.5
    7      6   6           67.7
    8      7   6           102.6
    9      8   7           161.0
    10     9   8           237.8
    =====  ==  ==========  ===============================

    SynLogic's ``run.sh`` used 3 x 3 to 5 x 5; its README reports DeepSeek-R1 solving 3 x 3
    60-70% of the time, 4 x 4 20% and 5 x 5 at most 20%.

Knobs:
    ``n`` grid side (3-12), ``max_island`` the largest island (1-12), ``unique`` (default
    False): when true, cells are shown as wall or island until python-sat proves the
    solution unique (walking the cells in random order, a cell is shown when some solution
    gives it the other colour; ``meta["revealed_for_uniqueness"]`` says how many). Without
    ``unique`` a puzzle may have several solutions; any one is accepted.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``number_wall``). Nikoli's
    Nurikabe, from which it departs in not requiring connected walls.

Version history:
    v0: first release.
    v1: partial credit is progress toward the nearest solution (the fraction of constraints
    met paid answers that ignore the clues); ``givens`` is a required instance field.
"""

from __future__ import annotations

import random
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._progress import SolutionSpace, binary_layout, binary_space, cached_space
from taskgen.tasks.grids._sums import (
    CNF,
    Cell,
    VarPool,
    exactly,
    grid_draft,
    reveal_until_unique,
)
from taskgen.verifiers.grid import Grid, read_grid
from taskgen.verifiers.progress import AnswerLayout

MIN_SIDE = 3
MAX_SIDE = 12
MAX_ISLAND = 12
_ATTEMPTS = 40
_WHITE_SHARE = 0.4  # phase 1 grows islands until this share of the cells is island

LEVELS: dict[int, tuple[int, int]] = {
    1: (3, 3),
    2: (4, 3),
    3: (4, 4),
    4: (5, 4),
    5: (5, 5),
    6: (6, 5),
    7: (6, 6),
    8: (7, 6),
    9: (8, 7),
    10: (9, 8),
}

_SIDES: tuple[Cell, ...] = ((-1, 0), (1, 0), (0, -1), (0, 1))
_CORNERS: tuple[Cell, ...] = ((-1, -1), (-1, 1), (1, -1), (1, 1))


class NumberWallKnobs(BaseModel):
    """Knobs of the ``number_wall`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n: int = Field(ge=MIN_SIDE, le=MAX_SIDE, description="grid side")
    max_island: int = Field(ge=1, le=MAX_ISLAND, description="largest island")
    unique: bool = Field(default=False, description="show cells until the solution is unique")


class NumberWallInstance(BaseModel):
    """``Task.instance`` of the ``number_wall`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    size: int = Field(ge=1, le=MAX_SIDE)
    clues: list[list[int]] = Field(min_length=1)
    givens: list[list[int]] = Field(description="[row, col, 0/1] cells shown; may be empty")

    @model_validator(mode="after")
    def _inside(self) -> NumberWallInstance:
        seen: set[tuple[int, int]] = set()
        for clue in self.clues:
            if len(clue) != 3 or not all(0 <= x < self.size for x in clue[:2]) or clue[2] < 1:
                raise ValueError(f"clue {clue} is not [row, col, number >= 1] inside the grid")
            seen.add((clue[0], clue[1]))
        if len(seen) != len(self.clues):
            raise ValueError("two clues share a cell")
        for given in self.givens:
            if len(given) != 3 or not all(0 <= x < self.size for x in given[:2]):
                raise ValueError(f"given {given} is not [row, col, 0/1] inside the grid")
            if given[2] not in (0, 1) or (given[0], given[1]) in seen:
                raise ValueError(f"given {given} must be 0/1 on a cell without a number")
        return self


def _neighbours(cell: Cell, size: int, steps: tuple[Cell, ...]) -> list[Cell]:
    r, c = cell
    return [(r + dr, c + dc) for dr, dc in steps if 0 <= r + dr < size and 0 <= c + dc < size]


# -- generation -------------------------------------------------------------------------------


class _Layout:
    """Islands being grown on an ``size x size`` grid; ``owner`` is -1 for a wall."""

    def __init__(self, size: int, max_island: int) -> None:
        self.size = size
        self.max_island = max_island
        self.owner = [[-1] * size for _ in range(size)]
        self.islands: list[list[Cell]] = []

    def _touching(self, cell: Cell) -> tuple[set[int], set[int]]:
        """Returns the islands beside ``cell`` and those at its corners."""
        side = {self.owner[r][c] for r, c in _neighbours(cell, self.size, _SIDES)} - {-1}
        corner = {self.owner[r][c] for r, c in _neighbours(cell, self.size, _CORNERS)} - {-1}
        return side, corner

    def opening_size(self, cell: Cell) -> int | None:
        """Returns the island size that opening ``cell`` makes, or None if it breaks a rule.

        Opening joins every island beside the cell; an island only at a corner would touch
        the new one diagonally, which the rules forbid.
        """
        if self.owner[cell[0]][cell[1]] != -1:
            return None
        side, corner = self._touching(cell)
        if not corner <= side:
            return None
        size = 1 + sum(len(self.islands[i]) for i in side)
        return size if size <= self.max_island else None

    def open(self, cell: Cell) -> None:
        """Makes ``cell`` an island cell, merging the islands beside it into one."""
        side, _ = self._touching(cell)
        merged = [cell]
        for index in sorted(side):
            merged += self.islands[index]
            self.islands[index] = []
        self.islands.append(merged)
        for r, c in merged:
            self.owner[r][c] = len(self.islands) - 1

    def white(self) -> int:
        return sum(len(island) for island in self.islands)

    def wall_blocks(self) -> list[Cell]:
        """Returns the top-left cells of the 2 x 2 blocks that are all walls."""
        return [
            (r, c)
            for r in range(self.size - 1)
            for c in range(self.size - 1)
            if all(self.owner[r + dr][c + dc] == -1 for dr in (0, 1) for dc in (0, 1))
        ]


def _grow(size: int, max_island: int, rng: random.Random) -> _Layout | None:
    """Grows islands at random, then opens every 2 x 2 wall block; None when stuck."""
    layout = _Layout(size, max_island)
    cells = [(r, c) for r in range(size) for c in range(size)]
    while layout.white() < _WHITE_SHARE * size * size:
        seeds = [cell for cell in cells if layout.opening_size(cell) == 1]
        if not seeds:
            break
        cell = rng.choice(seeds)
        goal = rng.randint(max(1, max_island - 2), max_island)
        layout.open(cell)
        grown = 1
        while grown < goal:
            index = layout.owner[cell[0]][cell[1]]
            frontier = sorted(
                {
                    nb
                    for member in layout.islands[index]
                    for nb in _neighbours(member, size, _SIDES)
                    if layout.opening_size(nb) == grown + 1
                }
            )
            if not frontier:
                break
            layout.open(rng.choice(frontier))
            grown += 1
    while True:
        blocks = layout.wall_blocks()
        if not blocks:
            return layout
        r, c = rng.choice(blocks)
        options = [
            (r + dr, c + dc)
            for dr in (0, 1)
            for dc in (0, 1)
            if layout.opening_size((r + dr, c + dc)) is not None
        ]
        if not options:
            return None
        layout.open(rng.choice(options))


def _fallback(size: int) -> _Layout:
    """Returns single-cell islands on every cell with even row and column (always valid)."""
    layout = _Layout(size, 1)
    for r in range(0, size, 2):
        for c in range(0, size, 2):
            layout.open((r, c))
    return layout


def solution_grid(size: int, islands: list[list[Cell]]) -> Grid:
    """Returns the 0/1 grid (1 = island) of a list of islands."""
    grid = [[0] * size for _ in range(size)]
    for island in islands:
        for r, c in island:
            grid[r][c] = 1
    return grid


def encode(instance: dict[str, Any]) -> tuple[CNF, list[list[int]]]:
    """Returns the puzzle as CNF and the variable of each cell (true = island cell).

    Per number ``i`` at ``root`` with value ``s``: ``m[cell, i]`` says the cell is in its
    island, for cells within ``s - 1`` steps of the root; exactly ``s`` of them are true; and
    ``d[cell, i, t]`` ("in the island, at most ``t`` steps from the root inside it") makes
    every member reachable from the root within the island. Cells beside or at a corner of
    each other are never in two different islands; a cell is an island cell exactly when it
    is in some island; no 2 x 2 block is all walls.
    """
    size: int = instance["size"]
    pool = VarPool()
    white = [[pool.var(("w", r, c)) for c in range(size)] for r in range(size)]
    clauses: CNF = []
    member: dict[Cell, dict[int, int]] = {}
    for index, (root_r, root_c, value) in enumerate(instance["clues"]):
        reach: dict[tuple[Cell, int], int] = {}
        mine: list[int] = []
        for r in range(size):
            for c in range(size):
                steps = abs(r - root_r) + abs(c - root_c)
                if steps >= value:
                    continue
                var = pool.var(("m", r, c, index))
                member.setdefault((r, c), {})[index] = var
                mine.append(var)
                for t in range(steps, value):
                    reach[((r, c), t)] = pool.var(("d", r, c, index, t))
        clauses.append([member[(root_r, root_c)][index]])
        clauses += exactly(mine, value, pool)
        for ((r, c), t), var in reach.items():
            clauses.append([-var, member[(r, c)][index]])
            if t == 0:
                continue
            keys = [((r, c), t - 1)] + [(nb, t - 1) for nb in _neighbours((r, c), size, _SIDES)]
            clauses.append([-var, *(reach[key] for key in keys if key in reach)])
        for (r, c), t in list(reach):
            if t == value - 1:
                clauses.append([-member[(r, c)][index], reach[((r, c), t)]])
    for r in range(size):
        for c in range(size):
            options = member.get((r, c), {})
            clauses.append([-white[r][c], *options.values()])
            clauses += [[-var, white[r][c]] for var in options.values()]
            for i, a in sorted(options.items()):
                for b in [v for j, v in sorted(options.items()) if j > i]:
                    clauses.append([-a, -b])
            for nb in _neighbours((r, c), size, _SIDES + _CORNERS):
                if nb <= (r, c):
                    continue
                other = member.get(nb, {})
                for i, a in options.items():
                    clauses += [[-a, -b] for j, b in other.items() if j != i]
    for r in range(size - 1):
        for c in range(size - 1):
            clauses.append([white[r + dr][c + dc] for dr in (0, 1) for dc in (0, 1)])
    for r, c, v in instance["givens"]:
        clauses.append([white[r][c] if v else -white[r][c]])
    return clauses, white


def generate_puzzle(
    knobs: NumberWallKnobs, rng: random.Random
) -> tuple[dict[str, Any], Grid, int | None, bool]:
    """Builds a solution and its numbers; returns (instance, solution, reveals, fallback used).

    The reveals (cells shown for uniqueness) are None without ``unique``.
    """
    size = knobs.n
    layout = None
    for _ in range(_ATTEMPTS):
        layout = _grow(size, knobs.max_island, rng)
        if layout is not None:
            break
    fell_back = layout is None
    if layout is None:
        layout = _fallback(size)
    islands = sorted((sorted(island) for island in layout.islands if island), key=lambda i: i[0])
    clues = sorted([*rng.choice(island), len(island)] for island in islands)
    solution = solution_grid(size, islands)
    instance: dict[str, Any] = {"size": size, "clues": clues, "givens": []}
    added = None
    if knobs.unique:
        clauses, white = encode(instance)
        numbered = {(r, c) for r, c, _ in clues}
        cells = [(r, c) for r in range(size) for c in range(size) if (r, c) not in numbered]
        gold = [white[r][c] if solution[r][c] else -white[r][c] for r, c in cells]
        order = list(range(len(cells)))
        rng.shuffle(order)
        revealed = reveal_until_unique(clauses, gold, order)
        instance["givens"] = sorted(
            [*cells[i], solution[cells[i][0]][cells[i][1]]] for i in revealed
        )
        added = len(revealed)
    return instance, solution, added, fell_back


# -- prompt -----------------------------------------------------------------------------------


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: the rules, the grid, the answer format."""
    size: int = instance["size"]
    cells = [["."] * size for _ in range(size)]
    for r, c, number in instance["clues"]:
        cells[r][c] = str(number)
    for r, c, v in instance["givens"]:
        cells[r][c] = "+" if v else "#"
    labels = [str(i) for i in range(1, size + 1)]
    legend = "'.' is a cell to decide"
    if instance["givens"]:
        legend += ", '#' a cell given as wall, '+' a cell given as island cell (keep them)"
    return (
        "Solve this number wall puzzle (similar to Nurikabe).\n\n"
        f"The grid has {size} rows and {size} columns; some cells hold numbers. Make every "
        "cell either a wall or an island cell. Island cells next to each other horizontally "
        "or vertically belong to the same island. The rules:\n"
        "1. Every numbered cell is an island cell. Every island contains exactly one numbered "
        "cell, and that number is how many cells the island has (the numbered cell included).\n"
        "2. No 2x2 square of cells is all walls.\n"
        "3. Two different islands never touch diagonally (corner to corner).\n"
        "Walls do not need to be connected to each other.\n\n"
        f"The grid (rows and columns numbered from 1; {legend}):\n"
        + _render(cells, labels)
        + "\n\n"
        "Any grid that follows the rules is accepted. Write it as a JSON list of "
        f"{size} rows, top row first, each a list of {size} numbers: 0 for a wall, 1 for an "
        "island cell (a numbered cell may be written as 1 or as its number).\n"
        "Format example for a grid of 2 rows and 3 columns: \\boxed{[[1,0,1],[1,0,0]]}\n"
        "Think step by step, then put only your final grid inside \\boxed{}."
    )


def _render(cells: list[list[str]], labels: list[str]) -> str:
    width = max(len(text) for row in cells for text in [*row, *labels])
    head = " " * len(labels[-1]) + " " + " ".join(label.rjust(width) for label in labels)
    lines = [
        label.rjust(len(labels[-1])) + " " + " ".join(text.rjust(width) for text in row)
        for label, row in zip(labels, cells, strict=True)
    ]
    return "\n".join([head, *lines])


# -- checking ---------------------------------------------------------------------------------


def read_island_grid(instance: dict[str, Any], payload: str) -> Grid | Check:
    """Reads a payload as the 0/1 island grid (numbers allowed on their cells), or a Check."""
    size: int = instance["size"]
    numbers = {(r, c): v for r, c, v in instance["clues"]}
    raw = read_grid(payload, size, size, low=0, high=max([1, *numbers.values()]))
    if isinstance(raw, Check):
        return raw
    grid = [[0] * size for _ in range(size)]
    for r, row in enumerate(raw):
        for c, value in enumerate(row):
            if value in (0, 1):
                grid[r][c] = value
            elif numbers.get((r, c)) == value:
                grid[r][c] = 1
            else:
                reason = f"cell ({r + 1},{c + 1}) is {value}; use 0 (wall) or 1 (island)"
                return Check(False, 0.0, reason, False)
    return grid


def islands_of(grid: Grid) -> list[list[int]]:
    """Labels each island cell with its island's number (from 0); walls get -1.

    >>> islands_of([[1, 0], [0, 1]])
    [[0, -1], [-1, 1]]
    """
    size = len(grid)
    label = [[-1] * len(grid[0]) for _ in grid]
    count = 0
    for r in range(size):
        for c in range(len(grid[0])):
            if not grid[r][c] or label[r][c] != -1:
                continue
            label[r][c] = count
            stack = [(r, c)]
            while stack:
                cell = stack.pop()
                for nr, nc in _neighbours(cell, size, _SIDES):
                    if nc < len(grid[0]) and grid[nr][nc] and label[nr][nc] == -1:
                        label[nr][nc] = count
                        stack.append((nr, nc))
            count += 1
    return label


def broken_rules(instance: dict[str, Any], grid: Grid) -> tuple[list[str], int]:
    """Returns a reason per broken constraint (in the documented order) and the total."""
    size: int = instance["size"]
    label = islands_of(grid)
    sizes: dict[int, int] = {}
    numbers: dict[int, int] = {}
    for r in range(size):
        for c in range(size):
            if label[r][c] != -1:
                sizes[label[r][c]] = sizes.get(label[r][c], 0) + 1
    for r, c, _ in instance["clues"]:
        numbers[label[r][c]] = numbers.get(label[r][c], 0) + 1
    broken: list[str] = []
    for r, c, value in instance["clues"]:
        island = label[r][c]
        if numbers[island] > 1:
            broken.append(f"the island of the {value} at ({r + 1},{c + 1}) has several numbers")
        elif sizes[island] != value:
            broken.append(
                f"the island of the {value} at ({r + 1},{c + 1}) has {sizes[island]} cells"
            )
    numbered = {(r, c) for r, c, _ in instance["clues"]}
    for r in range(size):
        for c in range(size):
            if (r, c) not in numbered and label[r][c] != -1 and label[r][c] not in numbers:
                broken.append(f"the island at ({r + 1},{c + 1}) has no number")
    blocks = [(r, c) for r in range(size - 1) for c in range(size - 1)]
    for r, c in blocks:
        if not any(grid[r + dr][c + dc] for dr in (0, 1) for dc in (0, 1)):
            broken.append(f"the 2x2 block at ({r + 1},{c + 1}) is all walls")
    for r, c in blocks:
        pairs = (((r, c), (r + 1, c + 1)), ((r, c + 1), (r + 1, c)))
        for (ar, ac), (br, bc) in pairs:
            a, b = label[ar][ac], label[br][bc]
            if a != -1 and b != -1 and a != b:
                broken.append(
                    f"islands at ({ar + 1},{ac + 1}) and ({br + 1},{bc + 1}) touch diagonally"
                )
                break
    total = size * size + 2 * len(blocks)
    return broken, total


def candidate_memberships(instance: dict[str, Any]) -> int:
    """Counts (number, cell) pairs with an unknown cell fewer steps from the number than its value.

    Unknown means neither numbered nor given. It is the number of ways a cell might join an
    island at first sight, which grows with both the grid and the islands.

    >>> candidate_memberships({"size": 3, "clues": [[0, 0, 2], [2, 2, 1]], "givens": []})
    2
    """
    size: int = instance["size"]
    known = {(r, c) for r, c, _ in instance["clues"]} | {(r, c) for r, c, _ in instance["givens"]}
    return sum(
        1
        for r, c, value in instance["clues"]
        for i in range(size)
        for j in range(size)
        if abs(i - r) + abs(j - c) < value and (i, j) not in known
    )


# -- the family -------------------------------------------------------------------------------


@register("number_wall")
class NumberWall(Family):
    """Split a grid into numbered islands and walls (SynLogic's Nurikabe-like number_wall)."""

    version = 1
    kind = "puzzle"
    description = "Number wall: mark walls so each numbered island has its size (Nurikabe-like)"
    Knobs = NumberWallKnobs
    Instance = NumberWallInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n, max_island = LEVELS[level]
        return {"n": n, "max_island": max_island}

    def generate(self, knobs: NumberWallKnobs, rng: random.Random) -> Draft:
        instance, solution, added, fell_back = generate_puzzle(knobs, rng)
        meta: dict[str, Any] = {"islands": len(instance["clues"])}
        if fell_back:
            meta["fallback_layout"] = True
        return grid_draft(render_prompt(instance), solution, instance, meta, added)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        grid = read_island_grid(instance, payload)
        if isinstance(grid, Check):
            return grid
        for r, c, value in instance["clues"]:
            if not grid[r][c]:
                return Check(False, 0.0, f"cell ({r + 1},{c + 1}) holds the {value} but is a wall")
        for r, c, v in instance["givens"]:
            if grid[r][c] != v:
                kind = "an island cell" if v else "a wall"
                return Check(False, 0.0, f"cell ({r + 1},{c + 1}) is given as {kind}")
        broken, total = broken_rules(instance, grid)
        if not broken:
            return Check(True, 1.0, "every island is numbered and sized right; no rule broken")
        return Check(
            False,
            0.0,
            f"{broken[0]} ({len(broken)} of {total} constraints broken)",
            progress=lambda: self.space(instance).credit(grid),
        )

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""

        def build(instance: dict[str, Any]) -> SolutionSpace:
            clauses, white = encode(instance)
            return binary_space(self.answer_layout(instance), clauses, white)

        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        fixed = {(r, c): v for r, c, v in instance["givens"]}
        fixed.update({(r, c): 1 for r, c, _ in instance["clues"]})
        return binary_layout(instance["size"], instance["size"], fixed)

    def hardness(self, task: Task) -> float:
        """Counts (number, unknown cell) pairs where the cell is within the number's reach."""
        return float(candidate_memberships(task.instance))
