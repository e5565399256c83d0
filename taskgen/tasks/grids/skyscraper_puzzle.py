"""Skyscraper puzzle: place buildings so that the edge clues count the visible ones.

Description:
    An ``n`` x ``n`` grid holds a building of height ``1..n`` in every cell, each height
    once per row and once per column. A clue outside the grid says how many buildings
    are visible from that point, looking along the row or column: a building is hidden
    when a taller one stands between it and the viewer. As in SynLogic's
    ``skyscraper_puzzle`` task (always in English here; the original's stored prompt was
    always Chinese), with a unique solution.

    Generation: a random Latin square and all ``4n`` clues it gives. Every cell is a
    candidate given; givens are dropped in an order drawn from the seed while python-sat
    proves the solution stays unique (usually all of them go). At the higher levels edge
    clues are then dropped the same way, and the easy levels get ``extra_givens`` dropped
    givens back. Every puzzle has exactly one solution.

Instance:
    ``{"size": n, "top": [...], "bottom": [...], "left": [...], "right": [...],
    "puzzle": [[...], ...]}``: ``top[c]`` is the clue above column ``c`` (looking down),
    ``bottom[c]`` below it (looking up), ``left[r]`` / ``right[r]`` beside row ``r``;
    ``0`` means no clue. ``puzzle`` holds the given heights (``0`` = empty).

Answer format:
    The completed grid as a JSON list of ``n`` rows of ``n`` integers inside ``\\boxed{}``.
    For the 3x3 puzzle with clues top ``2 1 3``, bottom ``2 2 1``, left ``2 1 3`` and
    right ``2 2 1`` the answer is ``\\boxed{[[2,3,1],[3,1,2],[1,2,3]]}``. Wrong shapes,
    values outside ``1..n`` and non-integers are format errors.

Scoring:
    Any grid meeting every rule is correct (there is only one). The constraints are: each
    given cell keeps its height, each row and each column holds no height twice, and each
    shown edge clue matches. The reason names the first broken one, givens, rows, columns,
    then clues (``"column 4 shows 2 buildings from the top, clue says 3"``). Partial
    credit is progress toward the solution (:mod:`taskgen.verifiers.progress`): 0 for a
    changed given, else ``max(0, 1 - d / b)`` with ``d`` the blank cells that differ from
    the solution and ``b`` what a random or constant fill gets wrong, so a Latin square that
    ignores the clues earns about 0.

Difficulty:
    Grid size, then fewer clues. ``hardness`` estimates the bits of the solution the
    clues leave open: ``n^2 log2(n)`` minus ``log2(n)`` per given and 1 bit per edge clue.

    =====  =====  ==========  ============  ================================
    level  grid   edge clues  extra givens  typical puzzle
    =====  =====  ==========  ============  ================================
    1      3x3    all         0             12 clues, no givens
    2      4x4    all         2             16 clues, 2-4 givens
    3      4x4    all         0             16 clues, 0-2 givens
    4      4x4    minimal     0             3-5 clues, 0-2 givens
    5      5x5    all         2             20 clues, 2-4 givens
    6      5x5    all         0             20 clues, 0-1 givens
    7      5x5    minimal     0             5-9 clues, 0-1 givens
    8      6x6    all         0             24 clues, 0-4 givens
    9      6x6    minimal     0             8-11 clues, 1-4 givens
    10     7x7    minimal     0             11-15 clues, 3-6 givens
    =====  =====  ==========  ============  ================================

Knobs:
    ``size`` (3-8), ``hide_clues``: also drop edge clues while the solution stays unique,
    ``extra_givens``: how many dropped givens to give back.

References:
    Liu et al., "SynLogic", arXiv 2505.19641 (task ``skyscraper_puzzle``).

Version history:
    v0: first release.
    v1: partial credit is progress toward the solution (the fraction of constraints met
    paid answers that ignore the clues); a changed given earns 0.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._cnf import CNF
from taskgen.tasks._progress import SolutionSpace, cached_space
from taskgen.tasks.grids._latin import (
    Cell,
    GridEncoding,
    UniquenessOracle,
    answer_instructions,
    count_givens,
    givens_error,
    judge,
    latin_layout,
    latin_space,
    latin_units,
    prune_clues,
    random_latin_square,
    read_latin_grid,
    rows_and_columns,
)
from taskgen.verifiers.grid import Grid, format_grid
from taskgen.verifiers.progress import AnswerLayout

MAX_SIZE = 8
SIDES = ("top", "bottom", "left", "right")
LEVELS: dict[int, tuple[int, bool, int]] = {
    1: (3, False, 0),
    2: (4, False, 2),
    3: (4, False, 0),
    4: (4, True, 0),
    5: (5, False, 2),
    6: (5, False, 0),
    7: (5, True, 0),
    8: (6, False, 0),
    9: (6, True, 0),
    10: (7, True, 0),
}
"""Level → (grid size, hide edge clues, extra givens)."""


class SkyscraperKnobs(BaseModel):
    """Knobs of the ``skyscraper_puzzle`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    size: int = Field(ge=3, le=MAX_SIZE, description="grid side n (heights 1..n)")
    hide_clues: bool = Field(default=False, description="drop edge clues while unique")
    extra_givens: int = Field(default=0, ge=0, le=64, description="dropped givens to give back")


class SkyscraperInstance(BaseModel):
    """``Task.instance`` of the ``skyscraper_puzzle`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    size: int = Field(ge=2, le=MAX_SIZE)
    top: list[int]
    bottom: list[int]
    left: list[int]
    right: list[int]
    puzzle: list[list[int]]

    @model_validator(mode="after")
    def _shape(self) -> SkyscraperInstance:
        n = self.size
        for side in SIDES:
            clues = getattr(self, side)
            if len(clues) != n or any(not 0 <= v <= n for v in clues):
                raise ValueError(f"{side} must list {n} clues in 0-{n}")
        error = givens_error(self.puzzle, n)
        if error:
            raise ValueError(error)
        return self


def sight_line(n: int, side: str, index: int) -> list[Cell]:
    """Returns the cells seen from clue ``index`` on ``side``, nearest first."""
    if side == "top":
        return [(r, index) for r in range(n)]
    if side == "bottom":
        return [(r, index) for r in reversed(range(n))]
    if side == "left":
        return [(index, c) for c in range(n)]
    return [(index, c) for c in reversed(range(n))]


def visible(heights: Sequence[int]) -> int:
    """Counts the buildings visible from the front of ``heights`` (nearest first).

    >>> visible([2, 1, 4, 3])
    2
    """
    count, tallest = 0, 0
    for height in heights:
        if height > tallest:
            count, tallest = count + 1, height
    return count


def all_clues(solution: Grid) -> dict[str, list[int]]:
    """Returns the four clue lists a full grid gives."""
    n = len(solution)
    return {
        side: [visible([solution[r][c] for r, c in sight_line(n, side, i)]) for i in range(n)]
        for side in SIDES
    }


# -- CNF ----------------------------------------------------------------------------------------


def visibility_counter(
    encoding: GridEncoding, line: Sequence[Cell], true: int
) -> tuple[CNF, list[int]]:
    """Returns (definitions, ``at_least``): ``at_least[k]`` is "k or more visible on ``line``".

    ``m[i][v]``: the tallest of the first ``i + 1`` cells is at least ``v``; cell ``i`` is
    visible when its height exceeds ``m[i - 1]``; a sequential counter over the visible
    flags gives the outputs, each defined both ways so a clue can be forced exactly.
    """
    n = encoding.n
    clauses: CNF = [[true]]
    flags: list[int] = [true]
    previous: list[int] = []
    for i, (r, c) in enumerate(line):
        current = [0] + [encoding.fresh() for _ in range(n)]
        for v in range(1, n + 1):
            taller = [encoding.lit(r, c, w) for w in range(v, n + 1)]
            clauses += [[-w, current[v]] for w in taller]
            if i:
                clauses += [[-previous[v], current[v]], [-current[v], previous[v], *taller]]
            else:
                clauses += [[-current[v], *taller]]
        if i:
            flag = encoding.fresh()
            for v in range(1, n + 1):
                here = encoding.lit(r, c, v)
                clauses += [[-here, previous[v], flag], [-here, -previous[v], -flag]]
            flags.append(flag)
        previous = current
    counts = [true] + [-true] * n
    for flag in flags:
        step = [true] + [encoding.fresh() for _ in range(n)]
        for k in range(1, n + 1):
            a, b, out = counts[k], counts[k - 1], step[k]
            clauses += [[-a, out], [-b, -flag, out], [-out, a, b], [-out, a, flag]]
        counts = step
    return clauses, counts


def clue_clauses(at_least: list[int], k: int) -> CNF:
    """Returns clauses saying exactly ``k`` buildings are visible."""
    clauses = [[at_least[k]]]
    if k + 1 < len(at_least):
        clauses.append([-at_least[k + 1]])
    return clauses


def height_bounds(encoding: GridEncoding, line: Sequence[Cell], k: int) -> CNF:
    """Returns unit clauses a clue of ``k`` implies: the ``i``-th cell from the edge (0-based)
    is at most ``n - k + 1 + i`` tall, since ``k - 1`` visible buildings still have to rise
    after it.

    Redundant with the visibility counter, but unit propagation finds them at once where
    the solver would otherwise search for them: uniqueness proofs of 7 x 7 puzzles run
    about twice as fast with them.

    >>> encoding = GridEncoding(3, rows_and_columns(3))
    >>> height_bounds(encoding, [(0, 0), (0, 1), (0, 2)], 3)  # 1, 2, 3 from the edge
    [[-2], [-3], [-6]]
    """
    n = encoding.n
    return [
        [-encoding.lit(r, c, v)]
        for i, (r, c) in enumerate(line)
        for v in range(n - k + 2 + i, n + 1)
    ]


def encode(instance: dict[str, Any]) -> GridEncoding:
    """Returns the CNF of a skyscraper instance (its solutions are the puzzle's)."""
    n = instance["size"]
    encoding = GridEncoding(n, rows_and_columns(n))
    encoding.clauses += encoding.givens(instance["puzzle"])
    true = encoding.fresh()
    for side in SIDES:
        for index, k in enumerate(instance[side]):
            if k:
                definitions, at_least = visibility_counter(
                    encoding, sight_line(n, side, index), true
                )
                encoding.clauses += definitions + clue_clauses(at_least, k)
    return encoding


# -- generation -------------------------------------------------------------------------------


def make_puzzle(
    solution: Grid, hide_clues: bool, extra_givens: int, rng: random.Random
) -> tuple[Grid, dict[str, list[int]]]:
    """Drops givens (then, if asked, edge clues) in rng order while the solution is unique."""
    n = len(solution)
    clues = all_clues(solution)
    encoding = GridEncoding(n, rows_and_columns(n))
    cells = [(r, c) for r in range(n) for c in range(n)]
    edges = [(side, index) for side in SIDES for index in range(n)]
    with UniquenessOracle(encoding, solution) as oracle:
        true = encoding.fresh()
        selectors = [encoding.lit(r, c, solution[r][c]) for r, c in cells]
        for side, index in edges:
            definitions, at_least = visibility_counter(encoding, sight_line(n, side, index), true)
            oracle.add(definitions)
            k = clues[side][index]
            bounds = height_bounds(encoding, sight_line(n, side, index), k)
            selectors.append(oracle.guard(clue_clauses(at_least, k) + bounds))
        order = rng.sample(range(len(cells)), len(cells))
        if hide_clues:
            order += [len(cells) + i for i in rng.sample(range(len(edges)), len(edges))]
        kept = prune_clues(oracle, selectors, order)
    dropped = [index for index in range(len(cells)) if not kept[index]]
    for index in rng.sample(dropped, min(extra_givens, len(dropped))):
        kept[index] = True
    puzzle = [[0] * n for _ in range(n)]
    for (r, c), keep in zip(cells, kept[: len(cells)], strict=True):
        if keep:
            puzzle[r][c] = solution[r][c]
    for (side, index), keep in zip(edges, kept[len(cells) :], strict=True):
        if not keep:
            clues[side][index] = 0
    return puzzle, clues


# -- prompt -----------------------------------------------------------------------------------


def render_board(puzzle: Grid, clues: dict[str, list[int]]) -> str:
    """Draws the grid with its clues around it (``.`` = empty cell or no clue)."""
    n = len(puzzle)

    def show(value: int) -> str:
        return str(value) if value else "."

    pad = "    "
    rule = pad[:-1] + "+" + "-" * (2 * n + 1) + "+"
    lines = [pad + " " + " ".join(show(v) for v in clues["top"]), rule]
    for r, row in enumerate(puzzle):
        cells = " ".join(show(v) for v in row)
        lines.append(f"{show(clues['left'][r]):>2} | {cells} | {show(clues['right'][r])}")
    lines += [rule, pad + " " + " ".join(show(v) for v in clues["bottom"])]
    return "\n".join(lines)


def _clue_list(values: list[int]) -> str:
    return ", ".join(str(v) if v else "-" for v in values)


def render_prompt(puzzle: Grid, clues: dict[str, list[int]]) -> str:
    """Writes the prompt for a skyscraper puzzle."""
    n = len(puzzle)
    givens = any(v for row in puzzle for v in row)
    given_text = (
        " Some heights are already given in the grid; they must not be changed." if givens else ""
    )
    return (
        f"Solve this {n}x{n} Skyscrapers puzzle.\n\n"
        f"Every cell of the grid holds a building with a height from 1 to {n}, and every row "
        f"and every column contains each height from 1 to {n} exactly once.{given_text} A "
        "number outside the grid is a clue: it says how many buildings can be seen from that "
        "spot, looking along its row or column into the grid. A building is hidden when a "
        "taller building stands between it and the viewer, so only the buildings taller than "
        "every building in front of them are seen. A missing clue (. or -) tells nothing. "
        "The puzzle has exactly one solution.\n\n"
        f"Board (clues above, below, left and right of the grid):\n"
        f"{render_board(puzzle, clues)}\n\n"
        "The same clues as lists:\n"
        f"- top, for columns 1 to {n}, looking down: {_clue_list(clues['top'])}\n"
        f"- bottom, for columns 1 to {n}, looking up: {_clue_list(clues['bottom'])}\n"
        f"- left, for rows 1 to {n}, looking right: {_clue_list(clues['left'])}\n"
        f"- right, for rows 1 to {n}, looking left: {_clue_list(clues['right'])}\n\n"
        + answer_instructions(n)
    )


# -- checking ---------------------------------------------------------------------------------

_FROM = {"top": "the top", "bottom": "the bottom", "left": "the left", "right": "the right"}


def clue_failures(grid: Grid, instance: dict[str, Any]) -> list[str]:
    """Returns a reason per shown clue that ``grid`` does not match."""
    n = instance["size"]
    failures = []
    for side in SIDES:
        for index, clue in enumerate(instance[side]):
            if not clue:
                continue
            seen = visible([grid[r][c] for r, c in sight_line(n, side, index)])
            if seen != clue:
                line = "column" if side in ("top", "bottom") else "row"
                noun = "building" if seen == 1 else "buildings"
                failures.append(
                    f"{line} {index + 1} shows {seen} {noun} from {_FROM[side]}, clue says {clue}"
                )
    return failures


# -- the family -------------------------------------------------------------------------------


@register("skyscraper_puzzle")
class SkyscraperPuzzle(Family):
    """Place skyscrapers matching the visibility clues (unique solution)."""

    version = 1
    kind = "puzzle"
    description = "Skyscrapers: Latin square with visibility clues, unique solution (SynLogic)"
    Knobs = SkyscraperKnobs
    Instance = SkyscraperInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        size, hide, extra = LEVELS[level]
        return {"size": size, "hide_clues": hide, "extra_givens": extra}

    def generate(self, knobs: SkyscraperKnobs, rng: random.Random) -> Draft:
        solution = random_latin_square(knobs.size, rng)
        puzzle, clues = make_puzzle(solution, knobs.hide_clues, knobs.extra_givens, rng)
        return Draft(
            prompt=render_prompt(puzzle, clues),
            answer=format_grid(solution),
            instance={"size": knobs.size, **clues, "puzzle": puzzle},
            meta={
                "givens": count_givens(puzzle),
                "clues": sum(1 for side in SIDES for v in clues[side] if v),
            },
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        n: int = instance["size"]
        puzzle: Grid = instance["puzzle"]
        grid = read_latin_grid(payload, n)
        if isinstance(grid, Check):
            return grid
        shown = sum(1 for side in SIDES for v in instance[side] if v)
        rules = (clue_failures(grid, instance), shown)
        success = f"every row and column holds 1-{n} once; all clues match"
        return judge(grid, latin_units(n), puzzle, rules, success, lambda: self.space(instance))

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""
        build = lambda i: latin_space(encode(i), self.answer_layout(i))  # noqa: E731
        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        return latin_layout(instance["size"], instance["puzzle"])

    def hardness(self, task: Task) -> float:
        """Bits left open: ``n^2 log2 n`` minus ``log2 n`` per given and 1 per edge clue."""
        instance = task.instance
        n: int = instance["size"]
        givens = count_givens(instance["puzzle"])
        shown = sum(1 for side in SIDES for v in instance[side] if v)
        return (n * n - givens) * math.log2(n) - shown
