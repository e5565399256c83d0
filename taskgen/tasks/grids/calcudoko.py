"""Calcudoko (KenKen): a Latin square whose cages hit arithmetic targets.

Description:
    An ``n`` x ``n`` grid must hold ``1..n`` once in every row and every column. The grid
    is divided into cages (groups of orthogonally connected cells); each cage has an
    operation and a target: the cage's numbers added (``+``) or multiplied (``*``) give the
    target; a two-cell ``-`` cage's larger number minus its smaller one, or a two-cell
    ``/`` cage's larger number divided by its smaller one, gives the target; a one-cell
    cage (``=``) simply holds its target. A number may repeat inside a cage when the
    repeats are in different rows and columns (the Latin rule already forbids the rest).
    As in SynLogic's ``calcudoko`` task, without its defects: every target is recomputed
    from the solution whenever a cage changes, ``/`` targets are exact quotients, and
    ``-`` and ``/`` cages always have exactly two cells.

    Generation: a random Latin square, first cut into one-cell cages (which force it).
    Cages are then merged with a neighbouring cage, in an order drawn from the seed, up to
    ``max_cage`` cells; the merged cage gets an operation drawn from the level's set and
    the target its numbers give. A merge is kept only when python-sat proves the solution
    is still unique, so every puzzle has exactly one solution. One-cell cages that remain
    are the givens of the puzzle.

Instance:
    ``{"size": n, "cages": [{"cells": [[r, c], ...], "op": "+", "target": 12}, ...]}``
    with 0-based cells (1-based (row, column) in the prompt and in reasons); the cages
    cover every cell exactly once and are numbered from 1 in the prompt in this order.

Answer format:
    The completed grid as a JSON list of ``n`` rows of ``n`` integers inside ``\\boxed{}``.
    For the 3x3 puzzle with cages ``(1,1) (2,1): sum 4``, ``(1,2) (1,3): difference 1``,
    ``(2,2) (3,2): product 2``, ``(2,3) (3,3): quotient 3`` and ``(3,1): holds 2`` the
    answer is ``\\boxed{[[1,3,2],[3,2,1],[2,1,3]]}``.
    Wrong shapes, values outside ``1..n`` and non-integers are format errors.

Scoring:
    Any grid meeting every rule is correct (there is only one). The constraints are: each
    row and each column holds no number twice (``2n``), and each cage hits its target (one
    per cage, one-cell cages included). The reason names the first broken one, rows and
    columns first, then cages (``"cage 3 sums to 9, needs 11"``). Partial credit is
    progress toward the solution (:mod:`taskgen.verifiers.progress`): ``max(0, 1 - d / b)``
    with ``d`` the cells that differ from the solution and ``b`` what a random or constant
    fill gets wrong, so a Latin square that ignores the cages earns about 0.

Difficulty:
    Grid size, larger cages and more operations. ``hardness`` is ``log2(n)`` times the
    number of cells outside one-cell cages, plus four times the mean cage size (so that
    larger cages on the same grid count for more than the noise in one-cell cages).

    =====  =====  ========  =======  ==========================================
    level  grid   max cage  ops      typical puzzle (cages, of them one-cell)
    =====  =====  ========  =======  ==========================================
    1      3x3    2         + -      5-6 cages, 1-3 one-cell
    2      4x4    2         + -      8-10 cages, 0-4 one-cell
    3      4x4    3         + - *    6-8 cages, 0-4 one-cell
    4      5x5    2         + - *    13-15 cages, 1-5 one-cell
    5      5x5    3         + - * /  10-11 cages, 0-3 one-cell
    6      6x6    3         + - * /  14-16 cages, 0-3 one-cell
    7      6x6    4         + - * /  11-13 cages, 0-3 one-cell
    8      7x7    3         + - * /  18-21 cages, 0-3 one-cell
    9      7x7    4         + - * /  14-18 cages, 0-3 one-cell
    10     8x8    4         + - * /  18-23 cages, 0-2 one-cell
    =====  =====  ========  =======  ==========================================

Knobs:
    ``size`` (3-9), ``max_cage`` (2-5 cells), ``ops``: the operations merged cages may use,
    a string over ``+-*/`` (``-`` and ``/`` only ever label two-cell cages).

References:
    Liu et al., "SynLogic", arXiv 2505.19641 (task ``calcudoko``).

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

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._cnf import CNF
from taskgen.tasks._progress import SolutionSpace, cached_space
from taskgen.tasks.grids._latin import (
    Cell,
    GridEncoding,
    UniquenessOracle,
    answer_instructions,
    cell_name,
    judge,
    latin_layout,
    latin_space,
    latin_units,
    random_latin_square,
    read_latin_grid,
    rows_and_columns,
)
from taskgen.verifiers.grid import Grid, format_grid
from taskgen.verifiers.progress import AnswerLayout

MAX_SIZE = 9
OPS = "+-*/"
OP_WORDS = {"+": "sum", "-": "difference", "*": "product", "/": "quotient", "=": "value"}
_MAX_PASSES = 6
LEVELS: dict[int, tuple[int, int, str]] = {
    1: (3, 2, "+-"),
    2: (4, 2, "+-"),
    3: (4, 3, "+-*"),
    4: (5, 2, "+-*"),
    5: (5, 3, "+-*/"),
    6: (6, 3, "+-*/"),
    7: (6, 4, "+-*/"),
    8: (7, 3, "+-*/"),
    9: (7, 4, "+-*/"),
    10: (8, 4, "+-*/"),
}
"""Level → (grid size, largest cage, operations)."""


class CalcudokoKnobs(BaseModel):
    """Knobs of the ``calcudoko`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    size: int = Field(ge=3, le=MAX_SIZE, description="grid side n (values 1..n)")
    max_cage: int = Field(ge=2, le=5, description="largest cage, in cells")
    ops: str = Field(description="operations of merged cages, a string over +-*/")

    @field_validator("ops")
    @classmethod
    def _known_ops(cls, value: str) -> str:
        if not value or any(op not in OPS for op in value) or len(set(value)) != len(value):
            raise ValueError(f"ops must be distinct characters of {OPS!r}, got {value[:10]!r}")
        return value


class Cage(BaseModel):
    """One cage: its cells (0-based, reading order), operation and target."""

    model_config = ConfigDict(extra="forbid", strict=True)

    cells: list[list[int]] = Field(min_length=1)
    op: str
    target: int = Field(ge=1)


class CalcudokoInstance(BaseModel):
    """``Task.instance`` of the ``calcudoko`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    size: int = Field(ge=2, le=MAX_SIZE)
    cages: list[Cage] = Field(min_length=1)

    @model_validator(mode="after")
    def _partition(self) -> CalcudokoInstance:
        n = self.size
        seen: set[tuple[int, int]] = set()
        for number, cage in enumerate(self.cages, 1):
            if cage.op not in OP_WORDS:
                raise ValueError(f"cage {number} has unknown op {cage.op[:5]!r}")
            arity = {"=": 1, "-": 2, "/": 2}.get(cage.op)
            if arity is not None and len(cage.cells) != arity:
                raise ValueError(f"cage {number}: op {cage.op!r} needs {arity} cells")
            for cell in cage.cells:
                if len(cell) != 2 or not all(0 <= x < n for x in cell):
                    raise ValueError(f"cage {number} has a cell outside the {n}x{n} grid")
                if (cell[0], cell[1]) in seen:
                    raise ValueError(f"cage {number} reuses a cell")
                seen.add((cell[0], cell[1]))
        if len(seen) != n * n:
            raise ValueError("the cages do not cover the grid")
        return self


def cage_value(op: str, values: Sequence[int]) -> int | None:
    """Returns what ``op`` makes of a cage's numbers (``None``: an inexact quotient).

    >>> cage_value("/", [2, 6]), cage_value("/", [4, 6]), cage_value("-", [2, 6])
    (3, None, 4)
    """
    if op == "+":
        return sum(values)
    if op == "*":
        return math.prod(values)
    if op in "-/" and len(values) == 2:
        low, high = sorted(values)
        if op == "-":
            return high - low
        return high // low if high % low == 0 else None
    if op == "=" and len(values) == 1:
        return values[0]
    return None


def cage_options(
    n: int, cells: Sequence[Sequence[int]], op: str, target: int
) -> list[tuple[int, ...]]:
    """Returns every filling of the cage's cells that hits the target and keeps rows/columns.

    >>> cage_options(4, [[0, 0], [0, 1]], "/", 2)
    [(1, 2), (2, 1), (2, 4), (4, 2)]
    """
    size = len(cells)
    clashes = [  # earlier cells in the same row or column
        [j for j in range(i) if cells[i][0] == cells[j][0] or cells[i][1] == cells[j][1]]
        for i in range(size)
    ]
    found: list[tuple[int, ...]] = []
    values: list[int] = []

    def extend(i: int, partial: int) -> None:
        if i == size:
            if cage_value(op, values) == target:
                found.append(tuple(values))
            return
        for v in range(1, n + 1):
            if any(values[j] == v for j in clashes[i]):
                continue
            if op == "+":
                step = partial + v
                if step + (size - i - 1) > target or step + n * (size - i - 1) < target:
                    continue
            elif op == "*":
                step = partial * v
                if target % step:
                    continue
            else:
                step = partial
            values.append(v)
            extend(i + 1, step)
            values.pop()

    extend(0, 1 if op == "*" else 0)
    return found


def cage_cnf(
    encoding: GridEncoding, cells: Sequence[Sequence[int]], op: str, target: int
) -> tuple[CNF, CNF]:
    """Returns (definitions, constraint) of one cage: the constraint needs a guard, not the rest.

    Each allowed filling gets an auxiliary variable implying its cell values (definitions);
    the constraint says some filling is chosen, and each cell value is backed by a chosen
    filling that has it (values no filling has are ruled out at once).
    """
    definitions: CNF = []
    choices: list[int] = []
    support: dict[tuple[int, int], list[int]] = {
        (i, v): [] for i in range(len(cells)) for v in range(1, encoding.n + 1)
    }
    for values in cage_options(encoding.n, cells, op, target):
        choice = encoding.fresh()
        choices.append(choice)
        for i, (cell, v) in enumerate(zip(cells, values, strict=True)):
            definitions.append([-choice, encoding.lit(cell[0], cell[1], v)])
            support[(i, v)].append(choice)
    constraint: CNF = [choices]
    for (i, v), backers in support.items():
        constraint.append([-encoding.lit(cells[i][0], cells[i][1], v), *backers])
    return definitions, constraint


def encode(instance: dict[str, Any]) -> GridEncoding:
    """Returns the CNF of a calcudoko instance (its solutions are the puzzle's)."""
    n = instance["size"]
    encoding = GridEncoding(n, rows_and_columns(n))
    for cage in instance["cages"]:
        definitions, constraint = cage_cnf(encoding, cage["cells"], cage["op"], cage["target"])
        encoding.clauses += definitions + constraint
    return encoding


# -- generation -------------------------------------------------------------------------------


def _label(values: Sequence[int], ops: str, rng: random.Random) -> tuple[str, int]:
    """Draws an operation that ``values`` allow from ``ops`` and returns it with its target."""
    if len(values) == 2:
        allowed = [op for op in ops if cage_value(op, values) is not None]
    else:
        allowed = [op for op in ops if op in "+*"] or ["+"]
    op = rng.choice(allowed)
    target = cage_value(op, values)
    if target is None:  # unreachable: allowed ops give exact values
        raise RuntimeError("cage label without a value")
    return op, target


def make_cages(solution: Grid, max_cage: int, ops: str, rng: random.Random) -> list[dict[str, Any]]:
    """Merges one-cell cages in rng order while the solution stays unique (see module doc)."""
    n = len(solution)
    encoding = GridEncoding(n, rows_and_columns(n))
    cage_of: dict[Cell, int] = {}
    cages: dict[int, list[Cell]] = {}
    labels: dict[int, tuple[str, int]] = {}
    selectors: dict[int, int] = {}
    for r in range(n):
        for c in range(n):
            key = r * n + c
            cage_of[(r, c)] = key
            cages[key] = [(r, c)]
            labels[key] = ("=", solution[r][c])
            selectors[key] = encoding.lit(r, c, solution[r][c])
    next_key = n * n
    with UniquenessOracle(encoding, solution) as oracle:
        for _ in range(_MAX_PASSES):
            merged = False
            for key in rng.sample(sorted(cages), len(cages)):
                if key not in cages or len(cages[key]) >= max_cage:
                    continue
                room = max_cage - len(cages[key])
                around = {
                    cage_of[(r + dr, c + dc)]
                    for r, c in cages[key]
                    for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1))
                    if 0 <= r + dr < n and 0 <= c + dc < n
                }
                partners = sorted(k for k in around if k != key and len(cages[k]) <= room)
                if not partners:
                    continue
                partner = rng.choice(partners)
                cells = sorted(cages[key] + cages[partner])
                op, target = _label([solution[r][c] for r, c in cells], ops, rng)
                definitions, constraint = cage_cnf(encoding, cells, op, target)
                oracle.add(definitions)
                selector = oracle.guard(constraint)
                active = [s for k, s in selectors.items() if k not in (key, partner)]
                if not oracle.is_unique([*active, selector]):
                    continue
                for k in (key, partner):
                    del cages[k], labels[k], selectors[k]
                cages[next_key] = cells
                labels[next_key] = (op, target)
                selectors[next_key] = selector
                for cell in cells:
                    cage_of[cell] = next_key
                next_key += 1
                merged = True
            if not merged:
                break
    ordered = sorted(cages, key=lambda k: cages[k][0])
    return [
        {
            "cells": [[r, c] for r, c in cages[k]],
            "op": labels[k][0],
            "target": labels[k][1],
        }
        for k in ordered
    ]


# -- prompt -----------------------------------------------------------------------------------


def render_cage_map(n: int, cages: list[dict[str, Any]]) -> str:
    """Draws the grid with each cell showing the number of its cage."""
    grid = [[0] * n for _ in range(n)]
    for number, cage in enumerate(cages, 1):
        for r, c in cage["cells"]:
            grid[r][c] = number
    width = len(str(len(cages)))
    return "\n".join(" ".join(str(v).rjust(width) for v in row) for row in grid)


def describe_cage(number: int, cage: dict[str, Any]) -> str:
    """Writes one cage line: ``Cage 3: (1,1) (2,1) -- product 12``."""
    cells = " ".join(cell_name(cell) for cell in cage["cells"])
    op = cage["op"]
    if op == "=":
        return f"Cage {number}: {cells} -- holds {cage['target']}"
    return f"Cage {number}: {cells} -- {OP_WORDS[op]} {cage['target']} ({op})"


def render_prompt(n: int, cages: list[dict[str, Any]]) -> str:
    """Writes the prompt for a calcudoko puzzle."""
    lines = "\n".join(describe_cage(i, cage) for i, cage in enumerate(cages, 1))
    return (
        f"Solve this {n}x{n} Calcudoko (KenKen) puzzle.\n\n"
        f"Fill the grid with numbers from 1 to {n} so that every row and every column contains "
        f"each number from 1 to {n} exactly once. The grid is divided into cages; each cage "
        "lists its cells, where (r,c) means row r, column c, counting from 1 at the top left, "
        "and a target that its numbers must give:\n"
        "- sum T (+): the numbers of the cage add up to T;\n"
        "- product T (*): the numbers of the cage multiplied together give T;\n"
        "- difference T (-): a two-cell cage whose larger number minus its smaller number is T;\n"
        "- quotient T (/): a two-cell cage whose larger number divided by its smaller number "
        "is exactly T;\n"
        "- holds T: a one-cell cage whose number is T.\n"
        "A number may repeat inside a cage only if the repeats are in different rows and "
        "different columns. The puzzle has exactly one solution.\n\n"
        f"Cage map (each cell shows the number of its cage):\n{render_cage_map(n, cages)}\n\n"
        f"Cages:\n{lines}\n\n" + answer_instructions(n)
    )


# -- checking ---------------------------------------------------------------------------------


def cage_failure(number: int, cage: dict[str, Any], grid: Grid) -> str | None:
    """Returns why ``grid`` breaks cage ``number`` (``"cage 3 sums to 9, needs 11"``), or None."""
    values = [grid[r][c] for r, c in cage["cells"]]
    op, target = cage["op"], cage["target"]
    got = cage_value(op, values)
    if got == target:
        return None
    if op == "/" and got is None:
        low, high = sorted(values)
        return f"cage {number} has quotient {high}/{low}, needs {target}"
    verbs = {
        "+": "sums to",
        "*": "multiplies to",
        "-": "has difference",
        "/": "has quotient",
        "=": "holds",
    }
    return f"cage {number} {verbs.get(op, 'gives')} {got}, needs {target}"


# -- the family -------------------------------------------------------------------------------


@register("calcudoko")
class Calcudoko(Family):
    """Fill a KenKen grid whose cages hit their targets (unique solution)."""

    version = 1
    kind = "puzzle"
    description = "Calcudoko/KenKen: Latin square with arithmetic cages, unique solution (SynLogic)"
    Knobs = CalcudokoKnobs
    Instance = CalcudokoInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        size, max_cage, ops = LEVELS[level]
        return {"size": size, "max_cage": max_cage, "ops": ops}

    def generate(self, knobs: CalcudokoKnobs, rng: random.Random) -> Draft:
        solution = random_latin_square(knobs.size, rng)
        cages = make_cages(solution, knobs.max_cage, knobs.ops, rng)
        sizes = [len(cage["cells"]) for cage in cages]
        return Draft(
            prompt=render_prompt(knobs.size, cages),
            answer=format_grid(solution),
            instance={"size": knobs.size, "cages": cages},
            meta={"cages": len(cages), "one_cell_cages": sizes.count(1)},
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        n = instance["size"]
        grid = read_latin_grid(payload, n)
        if isinstance(grid, Check):
            return grid
        cages = instance["cages"]
        failures = [cage_failure(number, cage, grid) for number, cage in enumerate(cages, 1)]
        rules = ([f for f in failures if f is not None], len(cages))
        success = f"every row and column holds 1-{n} once; all cages hit"
        return judge(grid, latin_units(n), None, rules, success, lambda: self.space(instance))

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""
        build = lambda i: latin_space(encode(i), self.answer_layout(i))  # noqa: E731
        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        return latin_layout(instance["size"], None)

    def hardness(self, task: Task) -> float:
        """``log2(n)`` per cell outside one-cell cages, plus four times the mean cage size."""
        n: int = task.instance["size"]
        cages = task.instance["cages"]
        free = sum(len(cage["cells"]) for cage in cages if len(cage["cells"]) > 1)
        return free * math.log2(n) + 4 * n * n / len(cages)
