"""Buggy tables: undo a described corruption of a data table, then answer a statistics query.

Description:
    The idea of SynLogic's ``buggy_tables`` task (arXiv 2505.19641, after BBEH's buggy
    tables), implemented here from its rules. A table of daily personal-tracking data (steps,
    sleep minutes, calories, ...; one row per day) is printed with a bug, and a sentence
    describes the bug exactly. The model must undo the bug and answer one query: keep the
    rows that meet every condition (2-3 conditions joined by "and"), then compute
    ``|stat(A) - stat(B)|`` for two columns A and B over those rows, where ``stat`` is one of
    mean, median, standard deviation, variance, sum, max, min.

    Bug kinds; each is undone exactly from its description (the tests check
    ``undo(corrupt(table)) == table`` for every kind):

    ==============  ============================================================================
    kind            what was printed
    ==============  ============================================================================
    error           a markdown table with some cells overwritten by ``ERROR``; the true values
                    are listed in reading order (row by row, left to right)
    null            one flat list (column names, then values row by row) from which missing
                    cells were dropped; the missing cells are listed (row number and column).
                    Missing values stay missing: they are left out of every statistic and
                    fail every condition on their column
    merge_rows      a markdown table whose printed row ``k`` joins days ``2k-1`` and ``2k`` cell
                    by cell as ``a && b``
    rotate_columns  a markdown table whose ``k``-th column was shifted down by ``k-1`` rows,
                    values falling off the bottom re-entering at the top
    rotate_rows     a markdown table whose ``k``-th row was shifted right by ``k-1`` places
                    (modulo the number of columns), values re-entering at the left
    add_end_row     one flat list (column names, then values row by row) in which the listed
                    rows have one meaningless extra value after their last value
    add_end_column  one line per column (its name, then its values from the first row down);
                    the ``k``-th column has ``k-1`` meaningless extra values at its end
    ==============  ============================================================================

    The corruption and the query are drawn together: a draw is kept only when the answer
    read from the table *as printed* (ERROR cells skipped, rotated or merged cells taken as
    they stand, flat lists cut into rows of the column count) differs from the gold by more
    than the tolerance, as do ``0.00`` and the statistic over every row without the filters,
    so the bug and the filters always matter. Degenerate queries (fewer than two rows kept,
    no value of A or B left, fewer than two values for a sample standard deviation or
    variance) are redrawn. Unlike the original, ``add_end_row`` lists its rows instead of
    giving row ``i`` ``i`` extra values (780 of them at 40 rows), the query states sample or
    population variance and how the median of an even count is taken, degenerate queries are
    redrawn instead of answered ``0.00``, and the answer is compared within a stated
    tolerance instead of as a 2-decimal string found anywhere in the reply.

Instance:
    ``{"columns": [{"name": str, "decimals": 0|1}, ...], "rows": [[value | null, ...], ...],
    "bug": {"kind": str, "cells": [[row, column], ...], "extra": [[value, ...], ...]},
    "query": {"conditions": [{"column": str, "op": str, "value": value, "high": value |
    null}, ...], "stat": str, "a": str, "b": str, "population": bool}}``. Values are decimal
    strings with the column's number of decimals; ``rows`` is the true table (``null`` only
    for the ``null`` bug's cells). ``bug.cells`` are the ERROR or missing cells (0-based);
    ``bug.extra`` holds the appended values (per row for ``add_end_row``, per column for
    ``add_end_column``). A malformed instance is refused on load.

Answer format:
    One number, the absolute difference rounded to 2 decimal places, e.g. ``\\boxed{12.35}``
    (``12.3`` or ``12.3456`` are read too; no units, no thousands separators except in the
    ``1,234.5`` form). Only the answer container is read (the original took the last number
    with two decimals anywhere in the reply).

Scoring:
    0/1: correct iff the number is within 0.005 of the exact value (so both roundings of a
    tie pass, and so does a more precise answer). The exact value is computed with
    fractions (standard deviations with 50-digit decimals). A negative number is wrong (an
    absolute difference never is); text that is not one number is a format error.

Difficulty:
    More rows and columns, harder bug kinds, a higher bug rate, more conditions, and harder
    statistics. ``hardness`` = rows x columns / 8 + 4 x the bug's weight (error 1, rotations
    and merges 2, the flat lists 3) + 3 x conditions + 2 x the statistic's weight (sum, max,
    min 0; mean 1; median 2; standard deviation and variance 3).

    =====  ====  =======  ======================  ====  ==========  =====================
    level  rows  columns  bug kinds               rate  conditions  statistics
    =====  ====  =======  ======================  ====  ==========  =====================
    1      8     4        error, rotate_rows      0.15  2           sum, max, min
    2      10    4        + rotate_columns        0.15  2           + mean
    3      12    5        + null, merge_rows      0.15  2           sum, max, min, mean
    4      14    5        all seven               0.15  2           + median
    5      16    6        all seven               0.2   2-3         + median; between
    6      20    6        all seven               0.2   2-3         all seven; between
    7      24    7        all seven               0.2   2-3         all seven; between
    8      28    7        all seven               0.25  3           all seven; between
    9      32    8        all seven               0.25  3           all seven; between
    10     40    8        all seven               0.3   3           all seven; between
    =====  ====  =======  ======================  ====  ==========  =====================

    Rows kept by the filter (mean over seeds 0-39): 3.6, 4.4, 5.3, 6.4, 5.5, 8.4, 9.6, 9.1,
    10.4, 11.7 at levels 1-10; every condition removes at least one row and keeps at least
    one. SynLogic used 25-65 rows and bug rates 0.05-0.35 with every bug kind at every size.

Knobs:
    ``rows`` (4-80), ``columns`` (3-11), ``bugs`` (non-empty list of bug kinds), ``bug_rate``
    (0.05-0.4: share of cells for error and null, of rows for add_end_row), ``min_conditions``
    and ``max_conditions`` (1-4), ``stats`` (non-empty list of statistics), ``between``
    (whether "between" conditions may be drawn). Knobs whose draws never pass the rules above
    fail after ``MAX_ATTEMPTS`` draws with ``InvalidParamsError``.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``buggy_tables``); Kazemi et al.,
    "BIG-Bench Extra Hard", arXiv 2502.19187 (buggy tables).

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.verifiers.extract import unwrap_latex

BugKind = Literal[
    "error", "null", "merge_rows", "rotate_columns", "rotate_rows", "add_end_row", "add_end_column"
]
BUG_KINDS: tuple[str, ...] = (
    "error", "null", "merge_rows", "rotate_columns", "rotate_rows", "add_end_row", "add_end_column",
)  # fmt: skip
BUG_WEIGHT: dict[str, int] = {
    "error": 1, "rotate_rows": 2, "rotate_columns": 2, "merge_rows": 2,
    "add_end_column": 2, "null": 3, "add_end_row": 3,
}  # fmt: skip
StatKind = Literal["mean", "median", "stdev", "variance", "sum", "max", "min"]
STATS: tuple[str, ...] = ("mean", "median", "stdev", "variance", "sum", "max", "min")
STAT_WEIGHT: dict[str, int] = {
    "sum": 0, "max": 0, "min": 0, "mean": 1, "median": 2, "stdev": 3, "variance": 3,
}  # fmt: skip
OPS: tuple[str, ...] = (">", "<", ">=", "<=", "==", "!=", "between")

COLUMNS: tuple[tuple[str, int, int, int], ...] = (
    ("steps", 0, 1000, 20000),
    ("sleep_minutes", 0, 300, 600),
    ("calories", 0, 1200, 3500),
    ("heart_rate", 0, 50, 100),
    ("water_ml", 0, 500, 3500),
    ("screen_minutes", 0, 30, 400),
    ("workout_minutes", 0, 0, 120),
    ("coffee_cups", 0, 0, 6),
    ("mood", 0, 1, 10),
    ("weight_kg", 1, 500, 1000),
    ("distance_km", 1, 5, 150),
)
"""(name, decimals, low, high): values are ``randint(low, high) / 10**decimals``."""
SMALL_RANGE = 12
"""Columns with at most this many possible values may get ``==`` conditions."""
TOLERANCE = Fraction(1, 200)
FORMAT_EXAMPLE = "1234.56"
MAX_ATTEMPTS = 400
MAX_ANSWER_CHARS = 60
PRECISION = 50

SCALE = 100
"""Table values are held as integers in hundredths."""
Value = int | None
Table = list[list[Value]]

LEVELS: dict[int, tuple[int, int, tuple[str, ...], float, int, int, tuple[str, ...], bool]] = {
    1: (8, 4, ("error", "rotate_rows"), 0.15, 2, 2, ("sum", "max", "min"), False),
    2: (10, 4, ("error", "rotate_rows", "rotate_columns"), 0.15, 2, 2,
        ("sum", "max", "min", "mean"), False),
    3: (12, 5, ("error", "null", "merge_rows", "rotate_columns", "rotate_rows"), 0.15, 2, 2,
        ("sum", "max", "min", "mean"), False),
    4: (14, 5, BUG_KINDS, 0.15, 2, 2, ("sum", "max", "min", "mean", "median"), False),
    5: (16, 6, BUG_KINDS, 0.2, 2, 3, ("sum", "max", "min", "mean", "median"), True),
    6: (20, 6, BUG_KINDS, 0.2, 2, 3, STATS, True),
    7: (24, 7, BUG_KINDS, 0.2, 2, 3, STATS, True),
    8: (28, 7, BUG_KINDS, 0.25, 3, 3, STATS, True),
    9: (32, 8, BUG_KINDS, 0.25, 3, 3, STATS, True),
    10: (40, 8, BUG_KINDS, 0.3, 3, 3, STATS, True),
}  # fmt: skip
"""Level -> (rows, columns, bugs, bug_rate, min_conditions, max_conditions, stats, between)."""


class BuggyTablesKnobs(BaseModel):
    """Knobs of the ``buggy_tables`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    rows: int = Field(ge=4, le=80, description="days in the table")
    columns: int = Field(ge=3, le=len(COLUMNS), description="columns in the table")
    bugs: list[BugKind] = Field(min_length=1, description="bug kinds drawn from")
    bug_rate: float = Field(ge=0.05, le=0.4, description="share of cells (rows) the bug hits")
    min_conditions: int = Field(ge=1, le=4, description="fewest conditions of the filter")
    max_conditions: int = Field(ge=1, le=4, description="most conditions of the filter")
    stats: list[StatKind] = Field(min_length=1, description="statistics drawn from")
    between: bool = Field(default=False, description="whether 'between' conditions are drawn")


_NUMBER = re.compile(r"^-?\d{1,7}(\.\d{1,3})?$")


def _decimal_text(value: str, decimals: int) -> bool:
    if not _NUMBER.match(value):
        return False
    return len(value.partition(".")[2]) == decimals


class ColumnModel(BaseModel):
    """One column: its name and the number of decimals of its values."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(min_length=1, max_length=30)
    decimals: int = Field(ge=0, le=2)


class BugModel(BaseModel):
    """The bug the table was printed with."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: BugKind
    cells: list[list[int]] = Field(default_factory=list)
    extra: list[list[str]] = Field(default_factory=list)


class ConditionModel(BaseModel):
    """One condition of the filter."""

    model_config = ConfigDict(extra="forbid", strict=True)

    column: str
    op: Literal[">", "<", ">=", "<=", "==", "!=", "between"]
    value: str
    high: str | None = None

    @model_validator(mode="after")
    def _bounds(self) -> ConditionModel:
        if (self.op == "between") != (self.high is not None):
            raise ValueError("'between' needs a high bound, and only it has one")
        for bound in (self.value, self.high):
            if bound is not None and not _NUMBER.match(bound):
                raise ValueError(f"condition bound {bound[:20]!r} is not a number")
        return self


class QueryModel(BaseModel):
    """The statistics query."""

    model_config = ConfigDict(extra="forbid", strict=True)

    conditions: list[ConditionModel] = Field(min_length=1, max_length=4)
    stat: StatKind
    a: str
    b: str
    population: bool = False


class BuggyTablesInstance(BaseModel):
    """``Task.instance`` of the ``buggy_tables`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    columns: list[ColumnModel] = Field(min_length=2, max_length=len(COLUMNS))
    rows: list[list[str | None]] = Field(min_length=2, max_length=80)
    bug: BugModel
    query: QueryModel

    @model_validator(mode="after")
    def _consistent(self) -> BuggyTablesInstance:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError("column names must be distinct")
        width, height = len(names), len(self.rows)
        for r, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"row {r} has {len(row)} values, not {width}")
            for column, value in zip(self.columns, row, strict=True):
                if value is None:
                    if self.bug.kind != "null":
                        raise ValueError("only the null bug leaves cells missing")
                elif not _decimal_text(value, column.decimals):
                    raise ValueError(f"value {value[:20]!r} does not fit column {column.name}")
        if bool(self.bug.cells) != (self.bug.kind in ("error", "null")):
            raise ValueError("the error and null bugs (only they) list cells")
        for cell in self.bug.cells:
            if len(cell) != 2 or not (0 <= cell[0] < height and 0 <= cell[1] < width):
                raise ValueError(f"bug cell {cell} is off the table")
        if self.bug.kind == "null":
            missing = sorted((r, c) for r in range(height) for c in range(width)
                             if self.rows[r][c] is None)  # fmt: skip
            if sorted((c[0], c[1]) for c in self.bug.cells) != missing:
                raise ValueError("the null bug's cells must be exactly the missing cells")
        expected_extra = {"add_end_row": height, "add_end_column": width}.get(self.bug.kind, 0)
        if len(self.bug.extra) != expected_extra:
            raise ValueError(f"bug extra needs {expected_extra} lists for {self.bug.kind}")
        if any(not _NUMBER.match(v) for values in self.bug.extra for v in values):
            raise ValueError("bug extra values must be numbers")
        query = self.query
        for name in (query.a, query.b, *(c.column for c in query.conditions)):
            if name not in names:
                raise ValueError(f"query names unknown column {name[:30]!r}")
        if query.a == query.b:
            raise ValueError("the query compares a column with itself")
        return self


# -- tables and statistics --------------------------------------------------------------------


def read_table(instance: dict[str, Any]) -> Table:
    """Returns the true table of an instance in hundredths (None for missing cells)."""
    return [[None if v is None else to_scaled(v) for v in row] for row in instance["rows"]]


def to_scaled(text: str) -> int:
    """Reads a decimal string (already validated, at most 2 decimals) in hundredths.

    >>> to_scaled("-72.5"), to_scaled("8")
    (-7250, 800)
    """
    whole, _, part = text.partition(".")
    return int(whole + part.ljust(2, "0"))


def write_value(value: int, decimals: int) -> str:
    """Writes a value given in hundredths with its column's decimals.

    >>> write_value(7250, 1), write_value(800, 0)
    ('72.5', '8')
    """
    sign = "-" if value < 0 else ""
    whole, part = divmod(abs(value), SCALE)
    if decimals == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{part // 10 ** (2 - decimals):0{decimals}d}"


def passes(value: Value, op: str, low: int, high: int | None) -> bool:
    """Returns whether a value meets a condition (a missing value never does).

    >>> passes(500, "between", 500, 700), passes(None, "!=", 100, None)
    (True, False)
    """
    if value is None:
        return False
    if op == ">":
        return value > low
    if op == "<":
        return value < low
    if op == ">=":
        return value >= low
    if op == "<=":
        return value <= low
    if op == "==":
        return value == low
    if op == "!=":
        return value != low
    return high is not None and low <= value <= high


def kept_rows(table: Table, names: list[str], query: dict[str, Any]) -> list[list[Value]]:
    """Returns the rows that meet every condition of the query."""
    index = {name: i for i, name in enumerate(names)}
    tests = [
        (
            index[c["column"]],
            c["op"],
            to_scaled(c["value"]),
            None if c.get("high") is None else to_scaled(c["high"]),
        )
        for c in query["conditions"]
    ]
    return [
        row
        for row in table
        if all(at < len(row) and passes(row[at], op, low, high) for at, op, low, high in tests)
    ]


Exact = Fraction | Decimal


def statistic(stat: str, values: list[int], population: bool) -> Exact | None:
    """Returns a statistic of values given in hundredths, exactly (a standard deviation as
    a 50-digit decimal), or None when it is undefined for so few values.

    >>> statistic("median", [100, 400, 200, 300], False)
    Fraction(5, 2)
    >>> statistic("variance", [100, 300], True)
    Fraction(1, 1)
    """
    n = len(values)
    if not n:
        return None
    if stat == "sum":
        return Fraction(sum(values), SCALE)
    if stat == "max":
        return Fraction(max(values), SCALE)
    if stat == "min":
        return Fraction(min(values), SCALE)
    if stat == "mean":
        return Fraction(sum(values), SCALE * n)
    if stat == "median":
        ordered = sorted(values)
        middle = n // 2
        if n % 2:
            return Fraction(ordered[middle], SCALE)
        return Fraction(ordered[middle - 1] + ordered[middle], 2 * SCALE)
    divisor = n if population else n - 1
    if divisor < 1:
        return None
    total = sum(values)
    # sum of squared deviations = (n * sum(x^2) - sum(x)^2) / n
    squares = n * sum(v * v for v in values) - total * total
    variance = Fraction(squares, n * divisor * SCALE * SCALE)
    if stat == "variance":
        return variance
    with localcontext() as context:
        context.prec = PRECISION
        return (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()


def _as_decimal(value: Exact) -> Decimal:
    if isinstance(value, Decimal):
        return value
    with localcontext() as context:
        context.prec = PRECISION
        return Decimal(value.numerator) / Decimal(value.denominator)


def difference(a: Exact, b: Exact) -> Exact:
    """Returns ``|a - b|`` exactly (as a decimal when either is one)."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return abs(a - b)
    with localcontext() as context:
        context.prec = PRECISION
        return abs(_as_decimal(a) - _as_decimal(b))


def evaluate(table: Table, names: list[str], query: dict[str, Any]) -> Exact | None:
    """Returns the query's exact answer on a table, or None when it is degenerate."""
    rows = kept_rows(table, names, query)
    if len(rows) < 2:
        return None
    results = []
    for column in (query["a"], query["b"]):
        at = names.index(column)
        values = [v for v in (row[at] for row in rows if at < len(row)) if v is not None]
        found = statistic(query["stat"], values, query["population"])
        if found is None:
            return None
        results.append(found)
    return difference(results[0], results[1])


def rounded(value: Exact) -> str:
    """Writes a value rounded half up to 2 decimals.

    >>> rounded(Fraction(1125, 1000)), rounded(Fraction(-1, 3))
    ('1.13', '-0.33')
    """
    exact = value if isinstance(value, Fraction) else Fraction(value)
    hundredths = (abs(exact) * 100 + Fraction(1, 2)).__floor__()
    sign = "-" if exact < 0 and hundredths else ""
    return f"{sign}{hundredths // 100}.{hundredths % 100:02d}"


def within(answer: Fraction, exact: Exact) -> bool:
    """Returns whether an answer is within the tolerance (0.005) of the exact value."""
    if isinstance(exact, Fraction):
        return abs(answer - exact) <= TOLERANCE
    return abs(Fraction(exact) - answer) <= TOLERANCE


# -- bugs: corrupt, undo, and the naive reading of the printed table -------------------------


@dataclass(frozen=True)
class Printed:
    """A corrupted table as printed: a grid of cell texts, or one flat list, or columns."""

    header: list[str]
    grid: list[list[str]]
    """Rows of cell texts (markdown kinds), or one row (flat kinds), or one row per column."""


def corrupt(
    instance: dict[str, Any],
) -> Printed:
    """Returns the printed form of the instance's table under its bug."""
    names = [c["name"] for c in instance["columns"]]
    rows: list[list[str | None]] = instance["rows"]
    bug = instance["bug"]
    kind = bug["kind"]
    height, width = len(rows), len(names)
    text = [[v if v is not None else "" for v in row] for row in rows]
    if kind == "error":
        grid = [list(row) for row in text]
        for r, c in bug["cells"]:
            grid[r][c] = "ERROR"
        return Printed(names, grid)
    if kind == "null":
        flat = [v for row in rows for v in row if v is not None]
        return Printed(names, [flat])
    if kind == "merge_rows":
        grid = []
        for r in range(0, height, 2):
            if r + 1 < height:
                grid.append([f"{a} && {b}" for a, b in zip(text[r], text[r + 1], strict=True)])
            else:
                grid.append(list(text[r]))
        return Printed(names, grid)
    if kind == "rotate_columns":
        grid = [[""] * width for _ in range(height)]
        for r in range(height):
            for c in range(width):
                grid[(r + c) % height][c] = text[r][c]
        return Printed(names, grid)
    if kind == "rotate_rows":
        grid = [[""] * width for _ in range(height)]
        for r in range(height):
            for c in range(width):
                grid[r][(c + r) % width] = text[r][c]
        return Printed(names, grid)
    if kind == "add_end_row":
        flat = [v for r in range(height) for v in [*text[r], *bug["extra"][r]]]
        return Printed(names, [flat])
    # add_end_column
    columns = [[text[r][c] for r in range(height)] + list(bug["extra"][c]) for c in range(width)]
    return Printed(names, columns)


def undo(printed: Printed, instance: dict[str, Any]) -> list[list[str | None]]:
    """Returns the true table from the printed one and what the prompt says about the bug.

    Reads only what the prompt states: the ERROR values, the missing cells, the rows with an
    extra value, the rule of the rotation, merge or appended values.
    """
    bug = instance["bug"]
    kind = bug["kind"]
    width = len(printed.header)
    table: list[list[str | None]] = []
    if kind == "error":
        grid: list[list[str | None]] = [list(row) for row in printed.grid]
        originals = iter(error_values(instance))
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if value == "ERROR":
                    grid[r][c] = next(originals)
        return grid
    if kind == "null":
        missing = {(r, c) for r, c in bug["cells"]}
        flat = iter(printed.grid[0])
        height = (len(printed.grid[0]) + len(missing)) // width
        return [
            [None if (r, c) in missing else next(flat) for c in range(width)] for r in range(height)
        ]
    if kind == "merge_rows":
        for merged in printed.grid:
            parts = [cell.split(" && ") for cell in merged]
            for k in range(len(parts[0])):
                table.append([part[k] for part in parts])
        return table
    if kind == "rotate_columns":
        height = len(printed.grid)
        return [[printed.grid[(r + c) % height][c] for c in range(width)] for r in range(height)]
    if kind == "rotate_rows":
        return [[row[(c + r) % width] for c in range(width)] for r, row in enumerate(printed.grid)]
    if kind == "add_end_row":
        extra_rows = {r for r, values in enumerate(bug["extra"]) if values}
        flat = iter(printed.grid[0])
        r = 0
        while True:
            row = [next(flat, None) for _ in range(width)]
            if row[0] is None:
                return table
            table.append(row)
            if r in extra_rows:
                next(flat)
            r += 1
    height = len(printed.grid[0])  # the first column has no extra value
    return [[printed.grid[c][r] for c in range(width)] for r in range(height)]


def error_values(instance: dict[str, Any]) -> list[str]:
    """Returns the true values of the ERROR cells in reading order."""
    rows = instance["rows"]
    return [rows[r][c] for r, c in sorted((r, c) for r, c in instance["bug"]["cells"])]


def naive_table(printed: Printed, kind: str) -> Table:
    """Returns the table a model reads by taking the printed form at face value."""
    width = len(printed.header)

    def number(text: str | None) -> Value:
        if text is None or not _NUMBER.match(text):
            return None
        return to_scaled(text)

    if kind in ("null", "add_end_row"):
        flat = printed.grid[0]
        return [
            [number(flat[i + c]) if i + c < len(flat) else None for c in range(width)]
            for i in range(0, len(flat), width)
        ]
    if kind == "add_end_column":
        height = max(len(column) for column in printed.grid)
        return [
            [number(column[r]) if r < len(column) else None for column in printed.grid]
            for r in range(height)
        ]
    # markdown kinds: ERROR cells and merged cells read as their first value
    return [[number(cell.split(" && ")[0]) for cell in row] for row in printed.grid]


# -- generation -------------------------------------------------------------------------------


def draw_table(
    knobs: BuggyTablesKnobs, rng: random.Random
) -> tuple[list[dict[str, Any]], list[list[str | None]]]:
    """Draws the columns and the true values."""
    chosen = sorted(rng.sample(range(len(COLUMNS)), knobs.columns))
    rng.shuffle(chosen)
    columns = [{"name": COLUMNS[i][0], "decimals": COLUMNS[i][1]} for i in chosen]
    rows: list[list[str | None]] = []
    for _ in range(knobs.rows):
        row: list[str | None] = []
        for i in chosen:
            _, decimals, low, high = COLUMNS[i]
            row.append(write_value(rng.randint(low, high) * SCALE // 10**decimals, decimals))
        rows.append(row)
    return columns, rows


def draw_value(rng: random.Random, column: int) -> str:
    """Draws one value in the range of ``COLUMNS[column]``."""
    _, decimals, low, high = COLUMNS[column]
    return write_value(rng.randint(low, high) * SCALE // 10**decimals, decimals)


def draw_bug(
    kind: str,
    columns: list[dict[str, Any]],
    rows: list[list[str | None]],
    rate: float,
    rng: random.Random,
) -> dict[str, Any]:
    """Draws the bug's cells or extra values; blanks the null bug's cells in ``rows``."""
    height, width = len(rows), len(columns)
    source = {name: i for i, (name, *_) in enumerate(COLUMNS)}
    bug: dict[str, Any] = {"kind": kind, "cells": [], "extra": []}
    if kind in ("error", "null"):
        cells = [(r, c) for r in range(height) for c in range(width)]
        hit = sorted(rng.sample(cells, max(1, round(rate * len(cells)))))
        bug["cells"] = [list(cell) for cell in hit]
        if kind == "null":
            for r, c in hit:
                rows[r][c] = None
    elif kind == "add_end_row":
        count = max(1, round(rate * height))
        chosen = set(rng.sample(range(height), count))
        extra = []
        for r in range(height):
            column = source[columns[rng.randrange(width)]["name"]]
            extra.append([draw_value(rng, column)] if r in chosen else [])
        bug["extra"] = extra
    elif kind == "add_end_column":
        bug["extra"] = [
            [draw_value(rng, source[columns[c]["name"]]) for _ in range(c)] for c in range(width)
        ]
    return bug


def _threshold(rng: random.Random, values: list[int], low: float, high: float) -> int:
    ordered = sorted(values)
    at = int(rng.uniform(low, high) * (len(ordered) - 1))
    return ordered[at]


def draw_condition(
    rng: random.Random, names: list[str], decimals: list[int], table: Table, allow_between: bool
) -> dict[str, Any]:
    """Draws one condition with a threshold taken from the column's values."""
    c = rng.randrange(len(names))
    values = [v for v in (row[c] for row in table) if v is not None]
    span = next(high - low for name, _, low, high in COLUMNS if name == names[c])
    ops = [">", "<", ">=", "<=", "!="]
    if span < SMALL_RANGE:
        ops.append("==")
    if allow_between:
        ops += ["between", "between"]
    op = rng.choice(ops)
    high: str | None = None
    if op in (">", ">="):
        value = _threshold(rng, values, 0.15, 0.55)
    elif op in ("<", "<="):
        value = _threshold(rng, values, 0.45, 0.85)
    elif op == "between":
        value = _threshold(rng, values, 0.0, 0.35)
        high = write_value(_threshold(rng, values, 0.65, 1.0), decimals[c])
    else:
        value = rng.choice(values)
    return {"column": names[c], "op": op, "value": write_value(value, decimals[c]), "high": high}


def draw_query(
    knobs: BuggyTablesKnobs, rng: random.Random, instance: dict[str, Any], table: Table
) -> dict[str, Any] | None:
    """Draws conditions on distinct columns, a statistic and the two columns compared (None
    when no fitting conditions were found)."""
    names = [c["name"] for c in instance["columns"]]
    decimals = [c["decimals"] for c in instance["columns"]]
    count = rng.randint(knobs.min_conditions, knobs.max_conditions)
    conditions: list[dict[str, Any]] = []
    for _ in range(20 * count):
        if len(conditions) == count:
            break
        condition = draw_condition(rng, names, decimals, table, knobs.between)
        if any(condition["column"] == other["column"] for other in conditions):
            continue
        meeting = len(kept_rows(table, names, {"conditions": [condition]}))
        if 0 < meeting < len(table):  # a condition every row meets (or none) is redrawn
            conditions.append(condition)
    if len(conditions) < count:
        return None
    a, b = rng.sample(names, 2)
    stat = rng.choice(knobs.stats)
    population = stat in ("stdev", "variance") and rng.random() < 0.5
    return {"conditions": conditions, "stat": stat, "a": a, "b": b, "population": population}


def lazy_values(instance: dict[str, Any], table: Table | None = None) -> dict[str, Exact | None]:
    """Returns the answers a model could give without undoing the bug or applying the query."""
    names = [c["name"] for c in instance["columns"]]
    table = read_table(instance) if table is None else table
    query = instance["query"]
    printed = corrupt(instance)
    everything = {**query, "conditions": []}
    found: dict[str, Exact | None] = {
        "as printed": evaluate(naive_table(printed, instance["bug"]["kind"]), names, query),
        "zero": Fraction(0),
        "no filters": evaluate(table, names, everything),
    }
    if query["stat"] in ("stdev", "variance"):
        swapped = {**query, "population": not query["population"]}
        found["sample and population swapped"] = evaluate(table, names, swapped)
    return found


def generate_instance(knobs: BuggyTablesKnobs, rng: random.Random) -> tuple[dict[str, Any], Exact]:
    """Draws tables, bugs and queries until the query is fair; returns it with its answer."""
    for _ in range(MAX_ATTEMPTS):
        columns, rows = draw_table(knobs, rng)
        kind = rng.choice(knobs.bugs)
        bug = draw_bug(kind, columns, rows, knobs.bug_rate, rng)
        instance: dict[str, Any] = {"columns": columns, "rows": rows, "bug": bug}
        names = [c["name"] for c in columns]
        table = read_table(instance)
        for _ in range(10):
            query = draw_query(knobs, rng, instance, table)
            if query is None:
                continue
            instance["query"] = query
            gold = evaluate(table, names, query)
            if gold is None or within(Fraction(FORMAT_EXAMPLE), gold):
                continue
            lazy = lazy_values(instance, table)
            if any(v is not None and within(Fraction(rounded(v)), gold) for v in lazy.values()):
                continue
            return instance, gold
    raise InvalidParamsError(
        f"buggy_tables: no fair query in {MAX_ATTEMPTS} draws with {knobs.model_dump()}; "
        "use more rows or fewer conditions"
    )


# -- prompt -----------------------------------------------------------------------------------

COLUMN_TEXT: dict[str, str] = {
    "steps": "steps walked that day",
    "sleep_minutes": "minutes slept the night before",
    "calories": "kilocalories eaten",
    "heart_rate": "resting heart rate, beats per minute",
    "water_ml": "millilitres of water drunk",
    "screen_minutes": "minutes of screen time",
    "workout_minutes": "minutes of exercise",
    "coffee_cups": "cups of coffee",
    "mood": "mood score, 1 to 10",
    "weight_kg": "body weight in kilograms",
    "distance_km": "kilometres walked or run",
}
STAT_TEXT: dict[str, str] = {
    "mean": "mean",
    "median": "median (for an even count, the mean of the two middle values)",
    "sum": "sum",
    "max": "maximum",
    "min": "minimum",
}
OP_TEXT: dict[str, str] = {
    ">": "greater than",
    "<": "less than",
    ">=": "at least",
    "<=": "at most",
    "==": "equal to",
    "!=": "not equal to",
}


def describe_stat(query: dict[str, Any]) -> str:
    """Names the query's statistic, with sample or population where it matters."""
    stat = query["stat"]
    if stat in ("stdev", "variance"):
        name = "standard deviation" if stat == "stdev" else "variance"
        if query["population"]:
            return f"population {name} (divide the sum of squared deviations by n)"
        return f"sample {name} (divide the sum of squared deviations by n - 1)"
    return STAT_TEXT[stat]


def describe_condition(condition: dict[str, Any]) -> str:
    """Writes one condition in words."""
    column, op = condition["column"], condition["op"]
    if op == "between":
        return f"{column} is between {condition['value']} and {condition['high']} (inclusive)"
    return f"{column} is {OP_TEXT[op]} {condition['value']}"


def describe_bug(instance: dict[str, Any]) -> str:
    """Writes the bug's exact description."""
    bug = instance["bug"]
    kind = bug["kind"]
    names = [c["name"] for c in instance["columns"]]
    height = len(instance["rows"])
    if kind == "error":
        values = ", ".join(error_values(instance))
        return (
            "Some cells were overwritten with ERROR. Their true values, in reading order (row "
            f"by row from the top, left to right within a row), are: {values}."
        )
    if kind == "null":
        cells = ", ".join(f"row {r + 1} {names[c]}" for r, c in sorted(map(tuple, bug["cells"])))
        return (
            f"The table ({height} rows) was printed as one list: the column names, then the "
            "values row by row, left to right. Some cells are missing and were left out of "
            f"the list without a trace; the missing cells (rows counted from 1) are: {cells}. "
            "A missing value stays missing: it is left out of every statistic, and a row "
            "whose value is missing in a condition's column does not meet that condition."
        )
    if kind == "merge_rows":
        tail = " The last printed row holds the last day alone." if height % 2 else ""
        return (
            "Pairs of consecutive rows were merged: printed row k (counting from 1) holds "
            "days 2k-1 and 2k, and each of its cells reads 'a && b', where a is the value of "
            f"day 2k-1 and b the value of day 2k.{tail}"
        )
    if kind == "rotate_columns":
        return (
            "Each column was rotated downwards: the k-th column (counting from 1, left to "
            "right) was shifted down by k-1 rows, and values pushed off the bottom re-entered "
            "at the top."
        )
    if kind == "rotate_rows":
        return (
            "Each row was rotated to the right: the k-th row (counting from 1, top to bottom) "
            f"was shifted right by k-1 places, counted modulo {len(names)}, and values pushed "
            "off the right end re-entered at the left. The column names are in their true "
            "order."
        )
    if kind == "add_end_row":
        rows = ", ".join(str(r + 1) for r, values in enumerate(bug["extra"]) if values)
        return (
            "The table was printed as one list: the column names, then the values row by "
            "row, left to right. After the last value of some rows, one meaningless extra "
            f"value was appended; those rows (counted from 1) are: {rows}."
        )
    return (
        "The table was printed column by column: each line is a column name followed by its "
        "values from the first row down. The k-th column (counting from 1) has k-1 "
        "meaningless extra values appended at its end."
    )


def render_printed(printed: Printed, kind: str) -> str:
    """Writes the printed table as text."""
    if kind in ("null", "add_end_row"):
        return "[" + ", ".join([*printed.header, *printed.grid[0]]) + "]"
    if kind == "add_end_column":
        return "\n".join(
            f"{name}: {', '.join(column)}"
            for name, column in zip(printed.header, printed.grid, strict=True)
        )
    lines = [
        "| " + " | ".join(printed.header) + " |",
        "|" + "---|" * len(printed.header),
    ]
    lines += ["| " + " | ".join(row) + " |" for row in printed.grid]
    return "\n".join(lines)


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: the table, the bug, the query and the answer format."""
    names = [c["name"] for c in instance["columns"]]
    kind = instance["bug"]["kind"]
    query = instance["query"]
    legend = "; ".join(f"{name}: {COLUMN_TEXT.get(name, name)}" for name in names)
    conditions = " and ".join(describe_condition(c) for c in query["conditions"])
    stat = describe_stat(query)
    return (
        "Buggy table.\n\n"
        "A person tracked some daily measurements, one row per day, in the columns "
        f"{', '.join(names)} ({legend}). The table was printed with a bug. "
        f"{describe_bug(instance)}\n\n" + render_printed(corrupt(instance), kind) + "\n\n"
        "Undo the bug to recover the true table. Then keep only the rows where "
        f"{conditions}. Over the kept rows, compute the {stat} of {query['a']} and the same "
        f"statistic of {query['b']}. What is the absolute difference between the two?\n"
        "Give the answer as a number rounded to 2 decimal places; any number within 0.005 "
        "of the exact value is accepted. Format example (not this task's answer): "
        f"\\boxed{{{FORMAT_EXAMPLE}}}\n"
        "Think step by step, then put only your final number inside \\boxed{}."
    )


# -- reading an answer ------------------------------------------------------------------------

_ANSWER = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")


def read_number(payload: str) -> Fraction | Check:
    """Reads one decimal number, or returns the format-error :class:`Check`."""
    text = unwrap_latex(payload).replace(" ", "")
    if len(text) > MAX_ANSWER_CHARS:
        return Check(False, 0.0, f"answer is too long ({len(text)} characters)", False)
    if not _ANSWER.match(text):
        return Check(False, 0.0, f"answer {text[:20]!r} is not one decimal number", False)
    return Fraction(text.replace(",", ""))


# -- the family -------------------------------------------------------------------------------


@register("buggy_tables")
class BuggyTables(Family):
    """Undo a described table corruption, then answer a statistics query (SynLogic's
    buggy_tables)."""

    cell_answer = False  # one number, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Buggy tables: undo a described corruption, then compute a filtered statistic"
    Knobs = BuggyTablesKnobs
    Instance = BuggyTablesInstance

    def validate_for_generation(self, knobs: BuggyTablesKnobs) -> None:
        if knobs.min_conditions > knobs.max_conditions:
            raise InvalidParamsError(
                "buggy_tables: min_conditions must be at most max_conditions, got "
                f"{knobs.min_conditions} > {knobs.max_conditions}"
            )
        if knobs.max_conditions > knobs.columns:
            raise InvalidParamsError(
                f"buggy_tables: max_conditions must be at most columns ({knobs.columns}), "
                f"got {knobs.max_conditions}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        rows, columns, bugs, rate, low, high, stats, between = LEVELS[level]
        return {
            "rows": rows,
            "columns": columns,
            "bugs": list(bugs),
            "bug_rate": rate,
            "min_conditions": low,
            "max_conditions": high,
            "stats": list(stats),
            "between": between,
        }

    def generate(self, knobs: BuggyTablesKnobs, rng: random.Random) -> Draft:
        instance, gold = generate_instance(knobs, rng)
        meta = {
            "bug": instance["bug"]["kind"],
            "stat": instance["query"]["stat"],
            "kept_rows": len(
                kept_rows(read_table(instance), [c["name"] for c in instance["columns"]],
                          instance["query"])
            ),
        }  # fmt: skip
        return Draft(render_prompt(instance), rounded(gold), instance, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        number = read_number(payload)
        if isinstance(number, Check):
            return number
        if number < 0:
            return Check(False, 0.0, "an absolute difference is never negative")
        names = [c["name"] for c in instance["columns"]]
        exact = evaluate(read_table(instance), names, instance["query"])
        if exact is None:  # pragma: no cover - generated queries are never degenerate
            return Check(False, 0.0, "the query has no answer on this table")
        if within(number, exact):
            return Check(True, 1.0, "the difference is right (within 0.005)")
        shown = rounded(number) if abs(number) < 10**9 else "a huge number"
        return Check(False, 0.0, f"{shown} is not within 0.005 of the exact difference")

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        return {
            name: [rounded(value)] if value is not None else []
            for name, value in lazy_values(instance).items()
        }

    def hardness(self, task: Task) -> float:
        """Rows x columns / 8 + 4 x bug weight + 3 x conditions + 2 x statistic weight."""
        instance = task.instance
        query = instance["query"]
        size = len(instance["rows"]) * len(instance["columns"]) / 8
        return (
            size
            + 4 * BUG_WEIGHT[instance["bug"]["kind"]]
            + 3 * len(query["conditions"])
            + 2 * STAT_WEIGHT[query["stat"]]
        )
