"""Star Battle: place stars so that every row, column and region holds exactly k of them.

Description:
    The idea of SynLogic's ``star_placement_puzzle`` task (arXiv 2505.19641), implemented here
    from its description. An ``n`` x ``n`` grid is split into ``n`` regions (each a
    side-connected group of cells, named by a letter). Place stars so that every row, every
    column and every region holds exactly ``k`` stars, and no two stars touch, not even
    diagonally (no two stars in 8-neighbouring cells). As in every published Star Battle, the
    solution is unique.

    Generation: a star layout is drawn by randomised backtracking row by row (each row takes
    ``k`` columns in random order among those the row above and the column counts allow,
    pruning choices after which some column could no longer get its stars), so every size
    gets a different layout per seed. (The original used one nearly fixed layout per size and
    produced nothing for ``n`` = 6 and 8 with ``k`` = 1.) Regions are grown at random around
    the stars, one per star, a random region and a random free cell next to it at a time
    (with uneven growth rates, so that some regions stay small, as in published puzzles; no
    region is a single cell); for ``k`` = 2 the ``2n`` one-star regions are merged in pairs of
    neighbours (a random perfect matching). Then python-sat lists every solution of the map
    (a map with 40 or more is dropped) and, while there are several, cells move between
    neighbouring regions (:func:`taskgen.tasks.grids._regions.make_unique`): moving a cell
    that other solutions star, but the drawn layout does not, breaks every solution starring
    it, and a move is kept when fewer solutions remain. When python-sat finds no solution but
    the drawn layout, uniqueness is proven. Every solver call answers a question about the
    formula (the full list of solutions), so the task does not depend on the solver's search.

Instance:
    ``{"n": n, "k": k, "regions": ["AABB...", ...]}``: ``n`` rows of ``n`` letters, the region
    of every cell, top row first; the regions are the first ``n`` letters ``A``, ``B``, ...,
    each side-connected.

Answer format:
    A JSON list of ``n`` rows of ``n`` numbers, 1 for a star and 0 for an empty cell, top row
    first, inside ``\\boxed{}``. For ``k`` = 1 and the 5 x 5 map ``AABBB / AABBB / CABDB /
    CDDDB / CCDEE`` the answer is
    ``\\boxed{[[0,1,0,0,0],[0,0,0,1,0],[1,0,0,0,0],[0,0,1,0,0],[0,0,0,0,1]]}``. Rows of
    space- or comma-separated numbers split by ``;`` or newlines are read too. A wrong shape, a
    value other than 0/1, or a non-number is a format error. (The original read a dict of
    region letters to coordinates from the first fenced block and ignored the letters.)

Scoring:
    Any star layout meeting every rule is correct (there is only one). The reason names the
    first broken rule: rows top to bottom, then columns, then regions in letter order, then
    the first two touching stars (``"region C has 0 stars; needs 1"``). Partial credit is
    progress toward the solution (:mod:`taskgen.verifiers.progress`): ``max(0, 1 - d / b)``
    with ``d`` the cells that differ from the solution and ``b`` what needs no solving (the
    empty grid misses ``n k`` cells, so every constant fill earns 0). Nothing is given.

Difficulty:
    The grid grows, then two stars per unit. ``hardness`` is ``n * log2(C(n, k))``: the bits
    of choosing every row's star columns.

    =====  =======  ===  ========
    level  n x n    k    hardness
    =====  =======  ===  ========
    1      5 x 5    1    11.6
    2      6 x 6    1    15.5
    3      7 x 7    1    19.7
    4      8 x 8    1    24.0
    5      9 x 9    1    28.5
    6      10 x 10  1    33.2
    7      11 x 11  1    38.1
    8      12 x 12  1    43.0
    9      9 x 9    2    46.5
    10     10 x 10  2    54.9
    =====  =======  ===  ========

    Sizes with (nearly) one star layout are left out: 4 x 4 with one star has 2 layouts, and
    8 x 8 with two stars (the smallest grid that fits two) has 2 as well; 9 x 9 with two has
    664. Beyond the table, ``n`` = 11 or 12 with ``k`` = 2 take 0.1-1 s per task.

Knobs:
    ``n`` (4-12), the grid side and number of regions; ``k`` (1-2), stars per row, column and
    region (``k`` = 2 needs ``n`` >= 8: no smaller grid fits two stars per row and column).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``star_placement_puzzle``).
    Star Battle ("Two Not Touch"), by Hans Eendebak, 2003.

Version history:
    v0: first release.
"""

from __future__ import annotations

import itertools
import math
import random
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._cnf import CNF
from taskgen.tasks._progress import SolutionSpace, binary_layout, binary_space, cached_space
from taskgen.tasks.grids._regions import (
    ALPHABET,
    Labels,
    cardinality,
    exactly_rule,
    grow_regions,
    labels_from_letters,
    letters,
    make_unique,
    pair_regions,
    region_cells,
    region_map_error,
    renumber,
)
from taskgen.tasks.grids._sums import render_table
from taskgen.verifiers.grid import Grid, format_grid, read_grid
from taskgen.verifiers.progress import AnswerLayout

MIN_SIDE = 4
MAX_SIDE = 12
MIN_SIDE_FOR_K = {1: 4, 2: 8}
"""The smallest grid that has a star layout at all, per stars per unit (found by python-sat)."""
LAYOUT_BUDGET = 20_000
"""Backtracking steps a star layout may take before it is drawn again."""
DRAW_ATTEMPTS = 2_000
"""(Star layout, region map) pairs drawn before generation gives up (never reached)."""
SKEW = {1: 4.0, 2: 6.0}
"""Region growth skew per ``k`` (:func:`~taskgen.tasks.grids._regions.grow_regions`): uneven
regions pin the stars down, so fewer maps are dropped."""
LEAST = 2
"""Fewest cells of a grown region (one star) and of a region after a move: a one-cell region
would be a given star."""
CAP = 40
"""Solutions a fresh map may have (listed by python-sat) before it is dropped."""
SIDEWAYS = 30
"""Moves that keep the solution count, allowed per map to leave a dead end."""

LEVELS: dict[int, tuple[int, int]] = {
    1: (5, 1),
    2: (6, 1),
    3: (7, 1),
    4: (8, 1),
    5: (9, 1),
    6: (10, 1),
    7: (11, 1),
    8: (12, 1),
    9: (9, 2),
    10: (10, 2),
}
"""Level → (grid side n, stars per row, column and region k)."""


class StarKnobs(BaseModel):
    """Knobs of the ``star_placement_puzzle`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n: int = Field(ge=MIN_SIDE, le=MAX_SIDE, description="grid side and number of regions")
    k: int = Field(ge=1, le=2, description="stars per row, column and region")


class StarInstance(BaseModel):
    """``Task.instance`` of the ``star_placement_puzzle`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    n: int = Field(ge=1, le=len(ALPHABET))
    k: int = Field(ge=1)
    regions: list[str]

    @model_validator(mode="after")
    def _consistent(self) -> StarInstance:
        if self.k > self.n:
            raise ValueError(f"k must be at most n = {self.n}, got {self.k}")
        error = region_map_error(self.regions, self.n)
        if error:
            raise ValueError(error)
        count = len({ch for row in self.regions for ch in row})
        if count != self.n:
            raise ValueError(
                f"a {self.n} x {self.n} star battle needs {self.n} regions, got {count}"
            )
        return self


# -- generation -------------------------------------------------------------------------------


def random_stars(n: int, k: int, rng: random.Random) -> Grid | None:
    """Draws a star layout by randomised backtracking, row by row; None if the budget runs out.

    Each row takes ``k`` columns, two apart at least, none next to a star of the row above,
    none in a full column. A choice is pruned when some column could no longer get its ``k``
    stars in the rows left (its stars cannot sit in consecutive rows).
    """
    combos = [
        combo
        for combo in itertools.combinations(range(n), k)
        if all(b - a >= 2 for a, b in itertools.pairwise(combo))
    ]
    counts = [0] * n
    chosen: list[tuple[int, ...]] = []
    steps = 0

    def fits(after: int, last: tuple[int, ...]) -> bool:
        """Whether every column can still be completed once ``after`` rows are filled."""
        left = n - after
        for column in range(n):
            need = k - counts[column]
            room = left - 1 if column in last else left
            if need > 0 and 2 * need - 1 > room:
                return False
        return True

    def fill(row: int) -> bool:
        nonlocal steps
        if row == n:
            return True
        steps += 1
        if steps > LAYOUT_BUDGET:
            return False
        above = set(chosen[-1]) if chosen else set()
        blocked = {c + d for c in above for d in (-1, 0, 1)}
        options = [
            combo
            for combo in combos
            if not blocked.intersection(combo) and all(counts[c] < k for c in combo)
        ]
        rng.shuffle(options)
        for combo in options:
            for c in combo:
                counts[c] += 1
            if fits(row + 1, combo):
                chosen.append(combo)
                if fill(row + 1):
                    return True
                chosen.pop()
            for c in combo:
                counts[c] -= 1
        return False

    if not fill(0):
        return None
    return [[int(c in combo) for c in range(n)] for combo in chosen]


def encode_base(n: int, k: int) -> tuple[CNF, list[list[int]], int]:
    """Returns the rules but the regions' as CNF, the variable of each cell (true = star,
    cell ``(r, c)`` is ``r n + c + 1``) and the top variable used."""
    cell = [[r * n + c + 1 for c in range(n)] for r in range(n)]
    top = n * n
    clauses: CNF = []
    lines = [list(row) for row in cell] + [[cell[r][c] for r in range(n)] for c in range(n)]
    for line in lines:
        encoded, top = cardinality(line, k, top)
        clauses += encoded
    for r in range(n):
        for c in range(n):
            for a, b in ((r, c + 1), (r + 1, c - 1), (r + 1, c), (r + 1, c + 1)):
                if 0 <= a < n and 0 <= b < n:
                    clauses.append([-cell[r][c], -cell[a][b]])
    return clauses, cell, top


def encode(instance: dict[str, Any]) -> tuple[CNF, list[list[int]]]:
    """Returns the whole puzzle as CNF and the variable of each cell (true = star)."""
    n, k = instance["n"], instance["k"]
    clauses, cell, top = encode_base(n, k)
    for cells in region_cells(labels_from_letters(instance["regions"])):
        encoded, top = cardinality([cell[r][c] for r, c in cells], k, top)
        clauses += encoded
    return clauses, cell


def grow_star_regions(stars: Grid, k: int, rng: random.Random) -> Labels | None:
    """Grows ``n`` regions holding ``k`` stars each around ``stars`` (None: no pairing found)."""
    n = len(stars)
    seeds = [(r, c) for r in range(n) for c in range(n) if stars[r][c]]
    labels = grow_regions(n, seeds, rng, skew=SKEW[k], least=LEAST)
    if k == 1:
        return renumber(labels)
    return pair_regions(labels, rng)


def generate_puzzle(n: int, k: int, rng: random.Random) -> tuple[Labels, Grid, int]:
    """Draws a star layout and a region map that makes it the only solution.

    Returns (region map, stars, region maps tried). A map that cannot be made unique is
    dropped with its star layout (a fresh pair is cheaper than insisting on one layout).
    """
    base, cell, top = encode_base(n, k)
    rule = exactly_rule(k)
    for tried in range(1, DRAW_ATTEMPTS + 1):
        stars = random_stars(n, k, rng)
        if stars is None:
            continue
        labels = grow_star_regions(stars, k, rng)
        if labels is None:
            continue
        if make_unique(base, cell, top, stars, labels, rule, rng, CAP, LEAST, SIDEWAYS):
            return renumber(labels), stars, tried
    raise RuntimeError(f"star_placement_puzzle: no unique puzzle found for n={n}, k={k}")


# -- prompt -----------------------------------------------------------------------------------


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: the rules, the region map, the answer format."""
    n, k = instance["n"], instance["k"]
    labels = [str(i) for i in range(1, n + 1)]
    table = render_table([list(row) for row in instance["regions"]], labels, labels)
    names = ", ".join(ALPHABET[:n])
    star_word = "star" if k == 1 else "stars"
    return (
        "Solve this Star Battle puzzle.\n\n"
        f"The grid has {n} rows, numbered 1 to {n} from the top, and {n} columns, numbered "
        f"1 to {n} from the left. It is divided into {n} regions, named {names}; the map "
        "below shows the region of every cell.\n\n"
        f"{table}\n\n"
        f"Place stars in some cells so that every row, every column and every region "
        f"contains exactly {k} {star_word}, and no two stars touch each other, not even "
        "diagonally (a star's 8 surrounding cells hold no other star). The puzzle has "
        "exactly one solution.\n\n"
        f"Write the solution as a JSON list of {n} rows, top row first, each a list of {n} "
        "numbers: 1 for a star, 0 for an empty cell.\n"
        "Format example (the shape only) for a 3 x 3 grid with stars in row 1, column 2 "
        "and row 3, column 3: \\boxed{[[0,1,0],[0,0,0],[0,0,1]]}\n"
        "Think step by step, then put only your final grid inside \\boxed{}."
    )


# -- checking ---------------------------------------------------------------------------------


def broken_rules(instance: dict[str, Any], grid: Grid) -> list[str]:
    """Returns a reason per broken rule: rows, columns, regions, then touching stars."""
    n, k = instance["n"], instance["k"]
    broken: list[str] = []
    for r in range(n):
        got = sum(grid[r])
        if got != k:
            broken.append(f"row {r + 1} has {got} stars; needs {k}")
    for c in range(n):
        got = sum(grid[r][c] for r in range(n))
        if got != k:
            broken.append(f"column {c + 1} has {got} stars; needs {k}")
    for index, cells in enumerate(region_cells(labels_from_letters(instance["regions"]))):
        got = sum(grid[r][c] for r, c in cells)
        if got != k:
            broken.append(f"region {ALPHABET[index]} has {got} stars; needs {k}")
    for r in range(n):
        for c in range(n):
            if not grid[r][c]:
                continue
            for a, b in ((r, c + 1), (r + 1, c - 1), (r + 1, c), (r + 1, c + 1)):
                if 0 <= a < n and 0 <= b < n and grid[a][b]:
                    broken.append(f"stars at ({r + 1},{c + 1}) and ({a + 1},{b + 1}) touch")
    return broken


# -- the family -------------------------------------------------------------------------------


@register("star_placement_puzzle")
class StarPlacementPuzzle(Family):
    """Star Battle with a unique solution: k stars per row, column and region, none touching."""

    version = 0
    kind = "puzzle"
    description = "Star Battle: k stars per row, column and region, none touching (unique)"
    Knobs = StarKnobs
    Instance = StarInstance

    def validate_for_generation(self, knobs: StarKnobs) -> None:
        least = MIN_SIDE_FOR_K[knobs.k]
        if knobs.n < least:
            raise InvalidParamsError(
                f"star_placement_puzzle: k={knobs.k} needs n >= {least} (no layout of "
                f"{knobs.k} stars per row and column fits a smaller grid), got n={knobs.n}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n, k = LEVELS[level]
        return {"n": n, "k": k}

    def generate(self, knobs: StarKnobs, rng: random.Random) -> Draft:
        labels, stars, tried = generate_puzzle(knobs.n, knobs.k, rng)
        instance: dict[str, Any] = {"n": knobs.n, "k": knobs.k, "regions": letters(labels)}
        sizes = sorted(len(cells) for cells in region_cells(labels))
        meta = {"region_maps_tried": tried, "region_sizes": sizes}
        return Draft(render_prompt(instance), format_grid(stars), instance, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        n = instance["n"]
        grid = read_grid(payload, n, n, low=0, high=1)
        if isinstance(grid, Check):
            return grid
        broken = broken_rules(instance, grid)
        if not broken:
            k = instance["k"]
            return Check(True, 1.0, f"{k} per row, column and region, no two touching")
        return Check(
            False,
            0.0,
            f"{broken[0]} ({len(broken)} rules broken)",
            progress=lambda: self.space(instance).credit(grid),
        )

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""

        def build(instance: dict[str, Any]) -> SolutionSpace:
            clauses, cell = encode(instance)
            return binary_space(self.answer_layout(instance), clauses, cell)

        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        return binary_layout(instance["n"], instance["n"], {})

    def hardness(self, task: Task) -> float:
        """``n * log2(C(n, k))``: the bits of choosing each row's star columns."""
        n, k = task.instance["n"], task.instance["k"]
        return float(n * math.log2(math.comb(n, k)))
