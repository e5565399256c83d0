"""Grid answers: one reader and one writer shared by every grid puzzle family.

A grid answer is a JSON list of rows (``[[1, 2], [2, 1]]``, in any layout JSON allows) — the
form prompts ask for — or, forgivingly, rows of numbers separated by newlines or ``;`` with
cells separated by spaces or commas. The payload is first normalised by the one leniency rule
(:func:`taskgen.verifiers.extract.unwrap_latex`), and a cell may be written ``1``, ``1.0`` or
``"1"``. Shape and values are checked here, so each family only checks its own rules.

>>> parse_int_grid("[[1, 2], [2, 1]]", 2, 2, low=1, high=2)
[[1, 2], [2, 1]]
>>> parse_int_grid("1 2; 2 1", 2, 2)
[[1, 2], [2, 1]]
>>> format_grid([[1, 2], [2, 1]])
'[[1,2],[2,1]]'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from taskgen.core.registry import Check
from taskgen.verifiers.extract import unwrap_latex
from taskgen.verifiers.parse import PayloadError, parse_json

Grid = list[list[int]]
"""Rows of integer cells, row 0 first."""

_ROW_SPLIT = re.compile(r"\s*(?:;|\n|\\\\)\s*")
_CELL_SPLIT = re.compile(r"[\s,]+")
_MAX_GRID_CHARS = 20_000
_INT_TEXT = re.compile(r"[+-]?\d{1,9}(?:\.0*)?")
_PLAIN_JSON_GRID = re.compile(r"\[ *\[[-0-9 ,]*\](?: *, *\[[-0-9 ,]*\])* *\]")
"""JSON rows of bare integers (the form prompts ask for): read by ``json.loads`` alone."""


def _rows_from_text(text: str) -> list[list[object]]:
    rows: list[list[object]] = []
    for line in _ROW_SPLIT.split(text.strip().strip("[]")):
        cells = [cell for cell in _CELL_SPLIT.split(line.strip().strip("[]")) if cell]
        if cells:
            rows.append(list(cells))
    return rows


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT_TEXT.fullmatch(value.strip()):
        return int(value.strip().split(".")[0])
    return None


def _plain_grid(text: str, rows: int, cols: int, low: int | None, high: int | None) -> Grid | None:
    """Returns the grid when ``text`` is well-formed JSON rows of in-range integers, else None.

    The common case, read in one C call; anything else (other layouts, any error) goes the
    general way, which words the reason.
    """
    if not _PLAIN_JSON_GRID.fullmatch(text):
        return None
    try:
        grid = json.loads(text)
    except ValueError:
        return None
    if len(grid) != rows:
        return None
    for row in grid:
        if len(row) != cols or not row:
            return None
        if (low is not None and min(row) < low) or (high is not None and max(row) > high):
            return None
    return grid  # type: ignore[no-any-return]


def parse_int_grid(
    payload: str,
    rows: int,
    cols: int,
    *,
    low: int | None = None,
    high: int | None = None,
) -> Grid:
    """Reads an integer grid of shape ``rows`` x ``cols`` with values in ``[low, high]``.

    Raises:
        PayloadError: with a short reason naming the first bad row or cell (1-based), e.g.
            ``"row 2 has 3 cells; expected 4"`` or ``"cell (1,3) is 7; use 1-4"``.
    """
    text = unwrap_latex(payload)
    if len(text) > _MAX_GRID_CHARS:
        raise PayloadError(f"answer is too long ({len(text)} characters)")
    fast = _plain_grid(text, rows, cols, low, high)
    if fast is not None:
        return fast
    raw: object = None
    if text.startswith("["):
        try:
            raw = parse_json(text, max_chars=_MAX_GRID_CHARS)
        except PayloadError:
            if text[1:].lstrip().startswith("["):  # meant as JSON rows, but broken
                raise
    if raw is None:
        raw = _rows_from_text(text)
    if not isinstance(raw, list) or not all(isinstance(row, list) for row in raw):
        raise PayloadError("answer is not a list of rows")
    if len(raw) != rows:
        raise PayloadError(f"expected {rows} rows, got {len(raw)}")
    grid: Grid = []
    for r, row in enumerate(raw, 1):
        if len(row) != cols:
            raise PayloadError(f"row {r} has {len(row)} cells; expected {cols}")
        values: list[int] = []
        for c, cell in enumerate(row, 1):
            value = _as_int(cell)
            if value is None:
                raise PayloadError(f"cell ({r},{c}) is not an integer: {str(cell)[:12]!r}")
            if (low is not None and value < low) or (high is not None and value > high):
                bounds = f"{low if low is not None else '..'}-{high if high is not None else '..'}"
                raise PayloadError(f"cell ({r},{c}) is {value}; use {bounds}")
            values.append(value)
        grid.append(values)
    return grid


def read_grid(
    payload: str, rows: int, cols: int, *, low: int | None = None, high: int | None = None
) -> Grid | Check:
    """Reads a grid like :func:`parse_int_grid`, or returns the format-error :class:`Check`.

    >>> read_grid("[[1,2]]", 2, 2).reason
    'expected 2 rows, got 1'
    """
    try:
        return parse_int_grid(payload, rows, cols, low=low, high=high)
    except PayloadError as exc:
        return Check(False, 0.0, str(exc), False)


def changed_givens(grid: Sequence[Sequence[int]], givens: Iterable[Sequence[int]]) -> list[str]:
    """Returns a reason per given ``(row, col, value)`` (0-based) that ``grid`` changes.

    >>> changed_givens([[1, 0]], [(0, 1, 1)])
    ['cell (1,2) is given as 1, the answer has 0']
    """
    return [
        f"cell ({row + 1},{col + 1}) is given as {value}, the answer has {grid[row][col]}"
        for row, col, value in givens
        if grid[row][col] != value
    ]


def format_grid(grid: Grid) -> str:
    """Writes a grid as compact JSON rows, the form :func:`parse_int_grid` reads back."""
    return "[" + ",".join("[" + ",".join(str(v) for v in row) + "]" for row in grid) + "]"


_COMPACT_ZEROS: dict[tuple[int, int], str] = {}
_ANY_DIGIT_TO_ZERO = str.maketrans("123456789", "000000000")
_DROP_BRACKETS_AND_COMMAS = str.maketrans("", "", "[],")
_MAX_COMPACT_SIDE = 64


def compact_digits(text: str, rows: int, cols: int) -> str | None:
    """Returns the cells of ``text`` as one string of digits in reading order when ``text`` is
    a ``rows x cols`` grid of one-digit cells written as compact JSON rows (the form prompts
    show and :func:`format_grid` writes), else None.

    Exact: such text is the grid its digits spell, whatever reader reads it, so a checker
    may judge the digits and leave every other form to :func:`read_grid`. The form is
    recognised by one comparison: with every digit made 0, the text must be the all-zeros
    grid of the shape.

    >>> compact_digits("[[1,2],[3,4]]", 2, 2)
    '1234'
    >>> compact_digits("[[1, 2], [3, 4]]", 2, 2) is None  # spaced: read it the general way
    True
    """
    if not (1 <= rows <= _MAX_COMPACT_SIDE and 1 <= cols <= _MAX_COMPACT_SIDE):
        return None
    zeros = _COMPACT_ZEROS.get((rows, cols))
    if zeros is None:
        zeros = _COMPACT_ZEROS[(rows, cols)] = format_grid([[0] * cols for _ in range(rows)])
    if len(text) != len(zeros) or text.translate(_ANY_DIGIT_TO_ZERO) != zeros:
        return None
    return text.translate(_DROP_BRACKETS_AND_COMMAS)


def render_grid(grid: list[list[str]] | Grid, *, blank: str = ".") -> str:
    """Renders a grid for a prompt, one row per line, cells right-aligned; ``None``/0 stays."""
    cells = [[blank if v is None else str(v) for v in row] for row in grid]
    width = max((len(cell) for row in cells for cell in row), default=1)
    return "\n".join(" ".join(cell.rjust(width) for cell in row) for row in cells)
