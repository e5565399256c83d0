"""Survo: place the listed numbers in the hidden cells of a table so every sum is right.

Description:
    The idea of SynLogic's ``survo`` task (arXiv 2505.19641), implemented here from its
    description. An ``n x n`` table: the first ``n - 1`` entries of each row and column are
    the inner numbers; the last column holds each row's sum, the last row each column's sum,
    and the bottom-right corner the sum of all inner numbers. Some inner numbers are hidden;
    the hidden numbers are listed (as a multiset, sorted). The model must put every listed
    number into one hidden cell, each used as often as it is listed, so that every sum holds.
    The inner numbers are drawn first and the sums computed from them, so every puzzle has
    a solution. Distinct from the classic Survo puzzle, where the inner numbers are 1..N.

Instance:
    ``{"grid": [[...], ...], "candidates": [...]}``: the full ``n x n`` table row by row,
    ``null`` for a hidden cell, and the sorted list of the hidden numbers.

Answer format:
    The completed ``n x n`` table (sum row and column included, exactly as shown) as a JSON
    list of rows inside ``\\boxed{}``. For the table ``[[1, null, 3], [null, 4, 6], [3, 6, 9]]``
    with the numbers 2 and 2, the answer is ``\\boxed{[[1,2,3],[2,4,6],[3,6,9]]}``. Rows of
    space- or comma-separated numbers split by ``;`` or newlines are read too. Wrong shape
    or non-numbers are format errors.

Scoring:
    Any placement that keeps every shown number, uses exactly the listed numbers and makes
    every sum right is correct, not only the gold. The constraints are the ``n - 1`` row sums,
    the ``n - 1`` column sums, and one more: "the hidden cells hold exactly the listed
    numbers" (as multisets). The reason names the first broken rule: a shown number, then
    rows top to bottom, columns left to right, then the list of numbers. Partial credit is
    progress toward the nearest solution (:mod:`taskgen.verifiers.progress`): 0 for a
    changed shown number (sums included), else ``max(0, 1 - d / b)`` with ``d`` the hidden
    cells that differ from the nearest solution (python-sat finds it) and ``b`` what the
    best constant fill, or a random one, gets wrong; the listed numbers in listed order
    earn about 0.

Difficulty:
    The table grows and more cells are hidden; ``hardness`` is
    ``hidden cells * log2(n * n)``.

    =====  ===  ======  =========
    level  n    hidden  hardness
    =====  ===  ======  =========
    1      4    3       12.0
    2      4    5       20.0
    3      5    6       27.9
    4      5    8       37.2
    5      6    9       46.5
    6      6    12      62.0
    7      7    14      78.6
    8      7    18      101.1
    9      8    20      120.0
    10     8    26      156.0
    =====  ===  ======  =========

    Inner numbers are 1-9 at every level. SynLogic's ``run.sh`` used n = 4..8 with
    n to 2(n - 1) hidden cells.

Knobs:
    ``n`` table size (3-10, sum row and column included), ``x`` hidden cells (at most
    ``(n-1)^2``), ``low`` / ``high`` the range of the inner numbers (0-99, default 1-9),
    ``unique`` (default False): when true, hidden cells are shown again until python-sat
    proves the completed table unique (walking the hidden cells in random order, a cell is
    shown when some valid placement puts another number there); the puzzle then has fewer
    than ``x`` hidden cells and ``meta["revealed_for_uniqueness"]`` says how many. Without
    ``unique`` a puzzle may have several solutions; any one is accepted. With ``unique``,
    ``x * (high - low + 1)`` must be at most 1000: the proof's encoding grows with the
    number range (levels use at most 234 and take well under 0.1 s).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``survo``).

Version history:
    v0: first release.
    v1: partial credit is progress toward the nearest solution (the fraction of constraints
    met paid the listed numbers in listed order).
"""

from __future__ import annotations

import math
import random
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import partial
from itertools import chain
from operator import is_not, mul
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._cnf import exactly_one
from taskgen.tasks._draws import randint_grid, sample_range
from taskgen.tasks._progress import SolutionSpace, cached_space
from taskgen.tasks.grids._sums import (
    CNF,
    Cell,
    VarPool,
    exactly,
    plain_grid,
    reveal_until_unique,
    sum_equals,
)
from taskgen.verifiers.grid import Grid, changed_givens, read_grid
from taskgen.verifiers.progress import AnswerLayout

MIN_SIZE = 3
MAX_SIZE = 10
MAX_VALUE = 99
MAX_UNIQUE_WORK = 1000
"""With ``unique``, hidden cells times the width of the number range may be at most this
(the proof's encoding grows with both: 1000 takes a few seconds)."""

LEVELS: dict[int, tuple[int, int]] = {
    1: (4, 3),
    2: (4, 5),
    3: (5, 6),
    4: (5, 8),
    5: (6, 9),
    6: (6, 12),
    7: (7, 14),
    8: (7, 18),
    9: (8, 20),
    10: (8, 26),
}


class SurvoKnobs(BaseModel):
    """Knobs of the ``survo`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    n: int = Field(ge=MIN_SIZE, le=MAX_SIZE, description="table size, sum row/column included")
    x: int = Field(ge=1, description="hidden inner cells")
    low: int = Field(default=1, ge=0, le=MAX_VALUE, description="smallest inner number")
    high: int = Field(default=9, ge=0, le=MAX_VALUE, description="largest inner number")
    unique: bool = Field(default=False, description="show cells until the solution is unique")

    @model_validator(mode="after")
    def _fits(self) -> SurvoKnobs:
        if self.x > (self.n - 1) ** 2:
            raise ValueError(f"x={self.x} exceeds the {(self.n - 1) ** 2} inner cells")
        if self.low > self.high:
            raise ValueError(f"low={self.low} exceeds high={self.high}")
        return self


class SurvoInstance(BaseModel):
    """``Task.instance`` of the ``survo`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    grid: list[list[int | None]] = Field(min_length=MIN_SIZE, max_length=MAX_SIZE)
    candidates: list[int]

    @model_validator(mode="after")
    def _consistent(self) -> SurvoInstance:
        size = len(self.grid)
        if any(len(row) != size for row in self.grid):
            raise ValueError("grid is not square")
        hidden = hidden_cells(self.grid)
        if any(r == size - 1 or c == size - 1 for r, c in hidden):
            raise ValueError("only inner cells may be hidden")
        if len(hidden) != len(self.candidates):
            raise ValueError(f"{len(hidden)} hidden cells but {len(self.candidates)} candidates")
        if any(not 0 <= v <= MAX_VALUE for v in self.candidates):
            raise ValueError(f"candidates must be 0-{MAX_VALUE}")
        return self


def hidden_cells(grid: list[list[int | None]]) -> list[Cell]:
    """Returns the hidden cells of a table, row by row."""
    return [(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v is None]


# -- generation -------------------------------------------------------------------------------


def with_sums(inner: Grid) -> Grid:
    """Returns the table: ``inner`` with a sum column, a sum row and the grand total.

    >>> with_sums([[1, 2], [3, 4]])
    [[1, 2, 3], [3, 4, 7], [4, 6, 10]]
    """
    rows = [[*row, sum(row)] for row in inner]
    return [*rows, [sum(col) for col in zip(*rows, strict=True)]]


def encode(instance: dict[str, Any]) -> tuple[CNF, dict[Cell, dict[int, int]]]:
    """Returns the puzzle as CNF and, per hidden cell, the variable of each possible value."""
    grid: list[list[int | None]] = instance["grid"]
    size = len(grid)
    hidden = hidden_cells(grid)
    counts = Counter(instance["candidates"])
    values = sorted(counts)
    pool = VarPool()
    choice = {cell: {v: pool.var((cell, v)) for v in values} for cell in hidden}
    clauses: CNF = []
    for cell in hidden:
        clauses += exactly_one(list(choice[cell].values()))
    for value in values:
        clauses += exactly([choice[cell][value] for cell in hidden], counts[value], pool)
    lines = [[(r, c) for c in range(size - 1)] for r in range(size - 1)]
    lines += [[(r, c) for r in range(size - 1)] for c in range(size - 1)]
    sums = [grid[r][size - 1] for r in range(size - 1)]
    sums += [grid[size - 1][c] for c in range(size - 1)]
    for line, line_sum in zip(lines, sums, strict=True):
        known = sum(grid[r][c] or 0 for r, c in line)
        terms = [[(lit, v) for v, lit in choice[cell].items()] for cell in line if cell in choice]
        clauses += sum_equals(terms, (line_sum or 0) - known, pool)
    return clauses, choice


def generate_puzzle(
    knobs: SurvoKnobs, rng: random.Random
) -> tuple[dict[str, Any], Grid, int | None]:
    """Draws a table and the cells to hide; returns (instance, solution, reveals).

    The reveals (cells shown again for uniqueness) are None without ``unique``. The cells
    to hide are ``rng.sample`` of the inner cells in row order (:func:`sample_range`).
    """
    size = knobs.n
    side = size - 1
    solution = with_sums(randint_grid(rng, side, knobs.low, knobs.high))
    picks = sample_range(rng, side * side, knobs.x)
    picks.sort()  # row order, as the cells' (row, column) pairs sort
    hidden = [divmod(index, side) for index in picks]

    def instance_hiding(chosen: list[Cell]) -> dict[str, Any]:
        grid: list[list[int | None]] = [list(row) for row in solution]
        for r, c in chosen:
            grid[r][c] = None
        return {"grid": grid, "candidates": sorted([solution[r][c] for r, c in chosen])}

    instance = instance_hiding(hidden)
    added = None
    if knobs.unique:
        clauses, choice = encode(instance)
        gold = [choice[(r, c)][solution[r][c]] for r, c in hidden]
        order = list(range(len(hidden)))
        rng.shuffle(order)
        revealed = set(reveal_until_unique(clauses, gold, order))
        added = len(revealed)
        instance = instance_hiding([cell for i, cell in enumerate(hidden) if i not in revealed])
    return instance, solution, added


# -- prompt -----------------------------------------------------------------------------------


_TABLE_FORMATS: dict[tuple[int, int, int], str] = {}
"""``%``-templates of the prompt's table by (size, cell width, sum width); a few at most."""


def _table_format(size: int, width: int, right_width: int) -> str:
    """Returns the table template: the layout of :func:`render_table` with a ``%s`` per
    number (padded like ``rjust``) and the grand total after the 'sum' line's ``|``."""
    key = (size, width, right_width)
    found = _TABLE_FORMATS.get(key)
    if found is None:
        labels = [str(r) for r in range(1, size)]
        label_width = max(len(label) for label in [*labels, "sum"])
        cells = " ".join([f"%{width}s"] * (size - 1))
        header = " ".join(label.rjust(width) for label in labels)
        lines = [f"{''.rjust(label_width)} {header} | {'sum'.rjust(right_width)}"]
        lines += [f"{label.rjust(label_width)} {cells} | %{right_width}s" for label in labels]
        lines.append(f"{'sum'.rjust(label_width)} {cells} | %s")
        found = _TABLE_FORMATS[key] = "\n".join(lines)
    return found


_SHOWN: dict[int | None, int | str] = {None: "."}


def render_table_text(grid: list[list[int | None]], *, non_negative: bool = False) -> str:
    """Writes the table as :func:`render_table` lays it out (hidden cells as '.'), and the
    grand total after the 'sum' line's ``|``.

    ``non_negative`` (the generator's tables, numbers drawn from 0 up): every number is at
    most its column's sum, so the 'sum' line holds the widest number.

    >>> print(render_table_text([[1, None, 3], [None, 4, 6], [3, 6, 9]]))
        1 2 | sum
      1 1 . |   3
      2 . 4 |   6
    sum 3 6 | 9
    """
    size = len(grid)
    right = cast(list[int], [row[-1] for row in grid[:-1]])
    if non_negative:
        width = max(len(str(max(cast(list[int], grid[-1][:-1])))), len(str(size - 1)))
        right_width = max(3, len(str(max(right))))
    else:
        body = chain.from_iterable(row[:-1] for row in grid)  # numbers, column sums
        numbers = cast(list[int], list(filter(partial(is_not, None), body)))
        # The longest text of integers is the largest's or the smallest's (a minus sign).
        width = max(len(str(max(numbers))), len(str(min(numbers))), len(str(size - 1)))
        right_width = max(3, len(str(max(right))), len(str(min(right))))
    flat = list(chain.from_iterable(grid))
    cells = tuple(map(_SHOWN.get, flat, flat))  # a hidden cell (None) is shown as '.'
    return _table_format(size, width, right_width) % cells


def render_prompt(instance: dict[str, Any], *, non_negative: bool = False) -> str:
    """Writes the prompt: the rules, the table, the numbers to place, the answer format.

    ``non_negative``: every number of the table is at least 0 (see
    :func:`render_table_text`).
    """
    grid: list[list[int | None]] = instance["grid"]
    size = len(grid)
    table = render_table_text(grid, non_negative=non_negative)
    numbers = ", ".join(map(str, instance["candidates"]))
    count = len(instance["candidates"])
    return (
        "Solve this Survo sum puzzle.\n\n"
        f"The table below has {size - 1} rows and {size - 1} columns of numbers. The number "
        "after the '|' at the end of each row is the sum of that row, the 'sum' line gives "
        "the sum of each column, and its last number (after the '|') is the sum of all the "
        f"numbers. {count} cell{'s are' if count != 1 else ' is'} hidden and shown as '.'.\n\n"
        + table
        + "\n\n"
        f"Fill the hidden cells with these {count} number{'s' if count != 1 else ''}: "
        f"{numbers}. Use every number of this list exactly as many times as it appears in "
        "it (a number listed twice goes into two cells), one number per hidden cell, so "
        "that every row and every column adds up to its sum. Keep every shown number.\n"
        "Any placement that makes every sum right is accepted. Write the completed table, "
        f"sums included, as a JSON list of {size} rows of {size} numbers, top row first "
        "(the sum line is the last row, each row's sum its last number).\n"
        "Format example for a table with 2 rows and 2 columns of numbers: "
        "\\boxed{[[1,2,3],[2,4,6],[3,6,9]]}\n"
        "Think step by step, then put only your final table inside \\boxed{}."
    )


# -- checking ---------------------------------------------------------------------------------


def solves(instance: dict[str, Any], table: Grid) -> bool:
    """Returns whether ``table`` keeps every shown number and breaks no rule (exactly).

    The lean test of a correct answer, one pass and no reasons: shown cells (sums
    included) equal, the hidden cells hold the listed numbers, every row adds up to its
    sum (its numbers plus its sum are twice the sum) and every column to its own. The
    reasons of a wrong answer come from :func:`first_changed` and :func:`broken_rules`.
    """
    grid: list[list[int | None]] = instance["grid"]
    used: list[int] = []
    for given_row, row in zip(grid, table, strict=True):
        if given_row != row:  # a hidden cell in this row (None equals no number), or a change
            for given, value in zip(given_row, row, strict=True):
                if given is None:
                    used.append(value)
                elif given != value:
                    return False
    used.sort()
    listed: list[int] = instance["candidates"]
    if used != listed and used != sorted(listed):
        return False
    *body, totals = table
    for row in body:
        if sum(row) != 2 * row[-1]:
            return False
    return list(map(sum, zip(*body, strict=True)))[:-1] == totals[:-1]


def first_changed(grid: list[list[int | None]], table: Grid) -> list[str]:
    """Returns the reason for the first shown number (row by row) ``table`` changes, if any."""
    for r, (given_row, row) in enumerate(zip(grid, table, strict=True)):
        if given_row != row:
            for c, given in enumerate(given_row):
                if given is not None and given != row[c]:
                    return changed_givens(table, [[r, c, given]])
    return []


def broken_rules(instance: dict[str, Any], table: Grid) -> list[str]:
    """Returns a reason per broken constraint: rows, then columns, then the numbers used."""
    size = len(table)
    body = table[:-1]
    broken = []
    for r, row in enumerate(body):
        got = sum(row) - row[-1]
        if got != row[-1]:
            broken.append(f"row {r + 1} adds up to {got}; its sum is {row[-1]}")
    totals = table[-1]
    for c, got in enumerate(map(sum, zip(*body, strict=True))):
        if c < size - 1 and got != totals[c]:
            broken.append(f"column {c + 1} adds up to {got}; its sum is {totals[c]}")
    grid: list[list[int | None]] = instance["grid"]
    used_values = [
        value
        for given_row, row in zip(grid, table, strict=True)
        for given, value in zip(given_row, row, strict=True)
        if given is None
    ]
    if sorted(used_values) != sorted(instance["candidates"]):
        used = Counter(used_values)
        listed = Counter(instance["candidates"])
        value = min(v for v in used.keys() | listed.keys() if used[v] != listed[v])
        broken.append(
            f"{value} fills {used[value]} hidden cell(s) but is listed {listed[value]} time(s)"
        )
    return broken


_SOLVED: dict[int, Check] = {}


def _solved(size: int) -> Check:
    """The verdict of a correct answer on a ``size x size`` table (one shared object)."""
    found = _SOLVED.get(size)
    if found is None:
        found = _SOLVED[size] = Check(
            True, 1.0, f"all {2 * (size - 1)} sums hold with the listed numbers"
        )
    return found


_HIDDEN_NUMBER = r"(-?(?:0|[1-9][0-9]{0,8}))"
"""A hidden cell in compact JSON: an integer as JSON writes it (at most nine digits)."""

_MAX_TEMPLATE_CHARS = 20_000  # the shared grid reader's limit
_TEMPLATES: dict[int, tuple[dict[str, Any], Template | bool]] = {}
_MAX_TEMPLATES = 1024
_TEMPLATES_LOCK = threading.Lock()


@dataclass(frozen=True)
class Template:
    """A table compiled for checking answers written as compact JSON rows.

    ``pattern`` is the table's compact JSON with every shown number as written and a
    group per hidden cell (row order): an answer it matches keeps every shown number, and
    its groups are the hidden numbers. What is left are the rules on those: the listed
    numbers, and each line's hidden numbers adding up to what its shown ones leave.

    The line sums are checked all at once, as one linear form: line ``l`` (a row or a
    column with hidden cells) counts ``base ** l``, a hidden cell weighs the sum of its two
    lines' powers, and ``target`` is the sum of each line's need times its power. The
    weighted sum of the hidden numbers is the target exactly when every line adds up,
    since ``base`` exceeds any line's possible miss (a pattern number has at most nine
    digits), so no miss can carry into another line's digit.
    ``grid`` and ``candidates`` are copies of the instance's, to notice an edited one.
    """

    grid: list[list[int | None]]
    candidates: list[int]
    pattern: re.Pattern[str]
    listed: list[int]
    consistent: bool  # every line without hidden cells adds up
    base: int  # larger than any line's possible miss
    weights: list[int]  # per hidden cell (row order): base ** its row + base ** its column
    target: int  # sum over lines: need * base ** line

    @classmethod
    def build(cls, instance: dict[str, Any]) -> Template | None:
        """Returns the template of a well-formed instance (integers, hidden inner cells)."""
        grid: list[list[int | None]] = instance["grid"]
        size = len(grid)
        listed = instance["candidates"]
        cells = [v for row in grid for v in row]
        if size < 2 or any(len(row) != size for row in grid) or len(cells) != size * size:
            return None
        if any(type(v) is not int for v in [*listed, *(v for v in cells if v is not None)]):
            return None
        if None in grid[-1] or any(row[-1] is None for row in grid):
            return None
        hidden = [(r, c) for r in range(size) for c in range(size) if grid[r][c] is None]
        text = ",".join(
            r"\["
            + ",".join(_HIDDEN_NUMBER if v is None else re.escape(str(v)) for v in row)
            + r"\]"
            for row in grid
        )
        numbers = [[0 if v is None else v for v in row] for row in grid]  # hidden: 0
        inner = range(size - 1)
        lines = [[(r, c) for c in inner] for r in inner] + [[(r, c) for r in inner] for c in inner]
        needs = [numbers[r][-1] - sum(numbers[r][:-1]) for r in inner]
        needs += [numbers[-1][c] - sum(numbers[r][c] for r in inner) for c in inner]
        consistent = True
        line_of: dict[tuple[int, int], list[int]] = {cell: [] for cell in hidden}
        line_needs: list[int] = []  # of the lines with hidden cells, in ``lines`` order
        for line, need in zip(lines, needs, strict=True):
            open_cells = [cell for cell in line if cell in line_of]
            if not open_cells:
                consistent = consistent and need == 0
                continue
            for cell in open_cells:
                line_of[cell].append(len(line_needs))
            line_needs.append(need)
        # |line sum - need| <= cells * (10 ** 9 - 1) + |need| < base: no carry between lines
        miss = max((size * 10**9 + abs(need) for need in line_needs), default=1)
        base = 1 << miss.bit_length()
        return cls(
            grid=[list(row) for row in grid],
            candidates=list(listed),
            pattern=re.compile(f"\\[{text}\\]"),
            listed=sorted(listed),
            consistent=consistent,
            base=base,
            weights=[sum(base**line for line in line_of[cell]) for cell in hidden],
            target=sum(need * base**line for line, need in enumerate(line_needs)),
        )

    def solves(self, payload: str) -> bool | None:
        """Whether ``payload`` solves the table when it matches the pattern, else None.

        Exact: a matching payload is the table with the groups' numbers in the hidden cells
        (every reader agrees), so it solves the table exactly when :func:`solves` says so.
        """
        if len(payload) > _MAX_TEMPLATE_CHARS:
            return None
        match = self.pattern.fullmatch(payload)
        if match is None:
            return None
        numbers = list(map(int, match.groups()))
        if not self.consistent or sorted(numbers) != self.listed:
            return False
        weighted: int = sum(map(mul, numbers, self.weights))
        return weighted == self.target


def template(instance: dict[str, Any]) -> Template | None:
    """Returns the compiled template of an instance checked before, else None.

    An instance is compiled the second time it is checked (RL trainers check many answers
    to one task; a one-off check pays nothing for compiling), and the template is kept
    with the instance object itself (a bounded table by identity, the oldest dropped
    first); an instance edited since is compiled again.
    """
    key = id(instance)
    entry = _TEMPLATES.get(key)
    if entry is None or entry[0] is not instance:
        with _TEMPLATES_LOCK:
            while len(_TEMPLATES) >= _MAX_TEMPLATES:
                _TEMPLATES.pop(next(iter(_TEMPLATES)))
            _TEMPLATES[key] = (instance, True)  # seen once
        return None
    found = entry[1]
    if isinstance(found, Template):
        if found.grid == instance["grid"] and found.candidates == instance["candidates"]:
            return found
    elif found is False:
        return None
    built = Template.build(instance)
    with _TEMPLATES_LOCK:
        _TEMPLATES[key] = (instance, built if built is not None else False)
    return built


# -- the family -------------------------------------------------------------------------------


def _read_table(payload: str, size: int) -> Grid | Check:
    """Reads a ``size x size`` table: plain JSON rows at once, anything else the general way."""
    table = plain_grid(payload, size, size)
    return read_grid(payload, size, size) if table is None else table


@register("survo")
class Survo(Family):
    """Place listed numbers in a table's hidden cells so every sum holds (SynLogic's survo)."""

    version = 1
    kind = "puzzle"
    description = "Survo: fill hidden table cells with the listed numbers so row/column sums hold"
    Knobs = SurvoKnobs
    Instance = SurvoInstance

    def validate_for_generation(self, knobs: SurvoKnobs) -> None:
        work = knobs.x * (knobs.high - knobs.low + 1)
        if knobs.unique and work > MAX_UNIQUE_WORK:
            raise InvalidParamsError(
                f"survo: with unique=True, x * (high - low + 1) must be at most "
                f"{MAX_UNIQUE_WORK} (the uniqueness proof gets slow), got {work}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        n, x = LEVELS[level]
        return {"n": n, "x": x}

    def generate(self, knobs: SurvoKnobs, rng: random.Random) -> Draft:
        instance, solution, added = generate_puzzle(knobs, rng)
        meta = {} if added is None else {"revealed_for_uniqueness": added}
        # Integers only: their repr without spaces is the compact JSON rows (format_grid).
        answer = str(solution).replace(" ", "")
        prompt = render_prompt(instance, non_negative=knobs.low >= 0)  # the knobs say low >= 0
        return Draft(prompt=prompt, answer=answer, instance=instance, meta=meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        grid: list[list[int | None]] = instance["grid"]
        size = len(grid)
        compiled = template(instance)
        if compiled is not None and compiled.solves(payload):
            return _solved(size)
        table = _read_table(payload, size)
        if isinstance(table, Check):
            return table
        if solves(instance, table):
            return _solved(size)
        changed = first_changed(grid, table)
        if changed:
            return Check(False, 0.0, f"{changed[0]} (a changed number earns no credit)")
        broken = broken_rules(instance, table)
        total = 2 * (size - 1) + 1
        if not broken:
            return _solved(size)
        return Check(
            False,
            0.0,
            f"{broken[0]} ({len(broken)} of {total} constraints broken)",
            progress=lambda: self.space(instance).credit(table),
        )

    def accepts(self, instance: dict[str, Any], payload: str) -> bool:
        """Returns ``check(...).correct`` without wording reasons (generation screens)."""
        compiled = template(instance)
        if compiled is not None:
            verdict = compiled.solves(payload)
            if verdict is not None:
                return verdict
        table = _read_table(payload, len(instance["grid"]))
        return not isinstance(table, Check) and solves(instance, table)

    def constant_solves(self, instance: dict[str, Any]) -> bool:
        """Whether one number in every hidden cell solves the table (generation redraws).

        The hidden cells must hold exactly the listed numbers, so a constant can only be
        right when every listed number is the same; otherwise no fill is even written.
        """
        listed: list[int] = instance["candidates"]
        if listed and listed.count(listed[0]) != len(listed):
            return False
        return super().constant_solves(instance)

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""

        def build(instance: dict[str, Any]) -> SolutionSpace:
            clauses, choice = encode(instance)
            layout = self.answer_layout(instance)
            return SolutionSpace(layout, clauses, [choice[cell] for cell in layout.free])

        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        grid: list[list[int | None]] = instance["grid"]
        fixed: dict[Cell, int] = {}
        free: list[Cell] = []
        for r, row in enumerate(grid):
            for c, v in enumerate(row):
                if v is None:
                    free.append((r, c))
                else:
                    fixed[(r, c)] = v
        values = tuple(sorted(set(instance["candidates"])))
        return AnswerLayout(len(grid), len(grid), values, fixed, tuple(free))

    def hardness(self, task: Task) -> float:
        """Hidden cells times log2 of the table's cells."""
        size = len(task.instance["grid"])
        return len(task.instance["candidates"]) * math.log2(size * size)
