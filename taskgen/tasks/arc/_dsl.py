"""A small typed language of grid transformations, and the search over its short programs.

Not a family module (the leading underscore keeps it out of discovery). A **grid** is a tuple
of rows, each a tuple of colours 0-9 (0 is the background); tuples are hashable, so results
can be compared and cached. A **step** is one primitive with its parameters, written as a
tuple ``(name, *params)`` (``("recolor", 1, 2)``, ``("gravity", "down")``); a **program** is
a sequence of steps applied left to right. A primitive returns ``None`` where it does not
apply (``crop`` of an empty grid, ``halves`` of an odd width, a result over
:data:`MAX_SIDE`), and a program containing such a step does not apply to that grid.

Parameters are typed (:data:`ParamKind`): ``src`` is a colour read from the grid, ``paint``
a colour the step writes, ``dir`` one of four directions, and the other kinds are small
fixed domains. :func:`steps_for` instantiates every primitive over a palette, which is how
the search enumerates programs.

:func:`consistent_outputs` enumerates every program of depth at most two over a palette and
returns, for those that map every demonstration input to its output, what each gives on the
test input. Demonstration and test grids are carried together as one **state**, so programs
that agree on all of them are explored once (a fingerprint), and the last step is tried on
the first demonstration alone, after cheap filters on the colours and the shape it must
produce, before it is run on the rest.

>>> run([("flip_h",), ("recolor", 1, 2)], ((1, 0), (0, 3)))
((0, 2), (3, 0))
>>> apply(("gravity", "down"), ((1, 0), (0, 0)))
((0, 0), (1, 0))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Grid = tuple[tuple[int, ...], ...]
"""Rows of colours 0-9, row 0 first."""
Param = int | str
Step = tuple[Param, ...]
"""``(name, *params)``: one primitive with its parameters."""
Program = tuple[Step, ...]
ParamKind = Literal["src", "paint", "dir", "factor", "tiling", "axis", "op"]

MAX_SIDE = 15
"""Largest side of any grid a step may produce (results beyond it do not apply)."""
DIRECTIONS: tuple[str, ...] = ("up", "down", "left", "right")
FACTORS: tuple[int, ...] = (2, 3)
TILINGS: tuple[str, ...] = ("1x2", "2x1", "2x2")
AXES: tuple[str, ...] = ("lr", "tb")
OPS: tuple[str, ...] = ("and", "or", "xor")


# -- helpers ----------------------------------------------------------------------------------


def as_grid(rows: Iterable[Iterable[int]]) -> Grid:
    """Returns ``rows`` as a hashable grid.

    >>> as_grid([[1, 2], [3, 4]])
    ((1, 2), (3, 4))
    """
    return tuple(tuple(int(v) for v in row) for row in rows)


def shape(grid: Grid) -> tuple[int, int]:
    """Returns ``(rows, cols)``."""
    return len(grid), len(grid[0]) if grid else 0


@lru_cache(maxsize=4096)
def colours(grid: Grid) -> frozenset[int]:
    """Returns the set of colours in ``grid`` (0 included when present; cached)."""
    return frozenset(v for row in grid for v in row)


def _transpose(grid: Grid) -> Grid:
    return tuple(zip(*grid, strict=True))


def _fits(grid: Grid) -> Grid | None:
    rows, cols = shape(grid)
    return grid if 0 < rows <= MAX_SIDE and 0 < cols <= MAX_SIDE else None


@lru_cache(maxsize=4096)
def objects(grid: Grid) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Returns the objects of ``grid``: 8-connected groups of non-background cells, each a
    tuple of cells in reading order, the objects ordered by their first cell (cached: the
    search asks for the objects of one grid many times).

    >>> [len(o) for o in objects(((1, 0, 0), (0, 1, 0), (0, 0, 0), (2, 2, 0)))]
    [2, 2]
    """
    rows, cols = shape(grid)
    seen = [[False] * cols for _ in range(rows)]
    found: list[tuple[tuple[int, int], ...]] = []
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == 0 or seen[r][c]:
                continue
            seen[r][c] = True
            stack, cells = [(r, c)], []
            while stack:
                y, x = stack.pop()
                cells.append((y, x))
                for dy in (-1, 0, 1):
                    for dx in (-1, 0, 1):
                        ny, nx = y + dy, x + dx
                        inside = 0 <= ny < rows and 0 <= nx < cols
                        if inside and not seen[ny][nx] and grid[ny][nx] != 0:
                            seen[ny][nx] = True
                            stack.append((ny, nx))
            found.append(tuple(sorted(cells)))
    return tuple(found)


# -- primitives -------------------------------------------------------------------------------


def flip_h(grid: Grid) -> Grid:
    """Mirrors left-right."""
    return tuple(row[::-1] for row in grid)


def flip_v(grid: Grid) -> Grid:
    """Mirrors top-bottom."""
    return grid[::-1]


def transpose(grid: Grid) -> Grid:
    """Swaps rows and columns (mirror in the main diagonal)."""
    return _transpose(grid)


def rot90(grid: Grid) -> Grid:
    """Turns a quarter clockwise."""
    return _transpose(grid[::-1])


def rot180(grid: Grid) -> Grid:
    """Turns half a turn."""
    return tuple(row[::-1] for row in grid[::-1])


def rot270(grid: Grid) -> Grid:
    """Turns a quarter anticlockwise."""
    return _transpose(grid)[::-1]


def recolor(grid: Grid, src: int, paint: int) -> Grid | None:
    """Paints every cell of colour ``src`` with ``paint`` (None when ``src`` is absent)."""
    if src == paint or not any(src in row for row in grid):
        return None
    return tuple(tuple(paint if v == src else v for v in row) for row in grid)


def swap(grid: Grid, first: int, second: int) -> Grid | None:
    """Exchanges two colours (None unless both are present)."""
    if first == second or not any(first in row for row in grid):
        return None
    if not any(second in row for row in grid):
        return None
    table = {first: second, second: first}
    return tuple(tuple(table.get(v, v) for v in row) for row in grid)


def _pack_left(row: tuple[int, ...]) -> tuple[int, ...]:
    kept = tuple(v for v in row if v)
    return kept + (0,) * (len(row) - len(kept))


def _pack_right(row: tuple[int, ...]) -> tuple[int, ...]:
    kept = tuple(v for v in row if v)
    return (0,) * (len(row) - len(kept)) + kept


def gravity(grid: Grid, direction: str) -> Grid:
    """Lets every non-background cell fall as far as it can towards ``direction``, keeping
    the order of the cells in its row or column."""
    if direction == "left":
        return tuple(_pack_left(row) for row in grid)
    if direction == "right":
        return tuple(_pack_right(row) for row in grid)
    pack = _pack_left if direction == "up" else _pack_right
    return _transpose(tuple(pack(col) for col in _transpose(grid)))


def shift(grid: Grid, direction: str) -> Grid:
    """Moves everything one cell towards ``direction``; what leaves the grid is lost."""
    cols = shape(grid)[1]
    if direction == "right":
        return tuple((0, *row[:-1]) for row in grid)
    if direction == "left":
        return tuple((*row[1:], 0) for row in grid)
    blank = ((0,) * cols,)
    return blank + grid[:-1] if direction == "down" else grid[1:] + blank


def _extend_right(row: tuple[int, ...]) -> tuple[int, ...]:
    out, current = [], 0
    for v in row:
        current = v or current
        out.append(current)
    return tuple(out)


def extend(grid: Grid, direction: str) -> Grid:
    """Draws a ray from every non-background cell towards ``direction`` over the background,
    in the cell's colour, up to the next non-background cell or the edge."""
    if direction == "right":
        return tuple(_extend_right(row) for row in grid)
    if direction == "left":
        return tuple(_extend_right(row[::-1])[::-1] for row in grid)
    turned = _transpose(grid)
    if direction == "down":
        return _transpose(tuple(_extend_right(col) for col in turned))
    return _transpose(tuple(_extend_right(col[::-1])[::-1] for col in turned))


def _paint(grid: Grid, cells: frozenset[tuple[int, int]], paint: int) -> Grid:
    return tuple(
        tuple(paint if (r, c) in cells else v for c, v in enumerate(row))
        for r, row in enumerate(grid)
    )


@lru_cache(maxsize=4096)
def enclosed_cells(grid: Grid) -> frozenset[tuple[int, int]]:
    """Returns the background cells that no 4-connected path of background cells joins to
    the edge of the grid (cached, like :func:`objects`)."""
    rows, cols = shape(grid)
    outside = [[False] * cols for _ in range(rows)]
    stack = [
        (r, c)
        for r in range(rows)
        for c in range(cols)
        if (r in (0, rows - 1) or c in (0, cols - 1)) and grid[r][c] == 0
    ]
    for r, c in stack:
        outside[r][c] = True
    while stack:
        r, c = stack.pop()
        for y, x in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= y < rows and 0 <= x < cols and not outside[y][x] and grid[y][x] == 0:
                outside[y][x] = True
                stack.append((y, x))
    return frozenset(
        (r, c) for r in range(rows) for c in range(cols) if grid[r][c] == 0 and not outside[r][c]
    )


def fill_enclosed(grid: Grid, paint: int) -> Grid:
    """Paints ``paint`` on every background cell that no 4-connected path of background
    cells joins to the edge of the grid (the inside of closed shapes)."""
    return _paint(grid, enclosed_cells(grid), paint)


@lru_cache(maxsize=4096)
def halo_cells(grid: Grid) -> frozenset[tuple[int, int]]:
    """Returns the background cells next to (8 neighbours) a non-background cell (cached)."""
    rows, cols = shape(grid)
    found = set()
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == 0:
                continue
            for y in range(max(0, r - 1), min(rows, r + 2)):
                for x in range(max(0, c - 1), min(cols, c + 2)):
                    if grid[y][x] == 0:
                        found.add((y, x))
    return frozenset(found)


def outline(grid: Grid, paint: int) -> Grid:
    """Paints ``paint`` on every background cell next to (8 neighbours) a non-background one."""
    return _paint(grid, halo_cells(grid), paint)


def frame(grid: Grid, paint: int) -> Grid:
    """Paints ``paint`` on every cell of the outermost ring."""
    rows, cols = shape(grid)
    return tuple(
        tuple(paint if r in (0, rows - 1) or c in (0, cols - 1) else v for c, v in enumerate(row))
        for r, row in enumerate(grid)
    )


def scale(grid: Grid, factor: int) -> Grid | None:
    """Blows every cell up into a ``factor`` x ``factor`` block."""
    return _fits(
        tuple(tuple(v for v in row for _ in range(factor)) for row in grid for _ in range(factor))
    )


def tile(grid: Grid, tiling: str) -> Grid | None:
    """Repeats the grid ``"RxC"`` times (rows of copies by columns of copies)."""
    down, across = (int(part) for part in tiling.split("x"))
    return _fits(tuple(row * across for _ in range(down) for row in grid))


def mirror(grid: Grid, axis: str) -> Grid | None:
    """Appends the grid's mirror image: to the right (``"lr"``) or below (``"tb"``)."""
    if axis == "lr":
        return _fits(tuple(row + row[::-1] for row in grid))
    return _fits(grid + grid[::-1])


def symmetrize(grid: Grid, axis: str) -> Grid:
    """Completes mirror symmetry: a background cell takes the colour of its mirror cell
    across the vertical (``"lr"``) or horizontal (``"tb"``) middle line."""
    if axis == "lr":
        return tuple(tuple(v or m for v, m in zip(row, row[::-1], strict=True)) for row in grid)
    return tuple(
        tuple(v or m for v, m in zip(row, other, strict=True))
        for row, other in zip(grid, grid[::-1], strict=True)
    )


def crop(grid: Grid) -> Grid | None:
    """Cuts the grid down to the bounding box of its non-background cells."""
    rows = [r for r, row in enumerate(grid) if any(row)]
    if not rows:
        return None
    cols = [c for c in range(len(grid[0])) if any(row[c] for row in grid)]
    return tuple(row[cols[0] : cols[-1] + 1] for row in grid[rows[0] : rows[-1] + 1])


def _extract(grid: Grid, pick: Callable[[Sequence[int]], int]) -> Grid | None:
    found = objects(grid)
    if len(found) < 2:
        return None
    sizes = [len(o) for o in found]
    target = pick(sizes)
    if sizes.count(target) != 1:
        return None
    cells = found[sizes.index(target)]
    top, bottom = min(r for r, _ in cells), max(r for r, _ in cells)
    left, right = min(c for _, c in cells), max(c for _, c in cells)
    inside = set(cells)
    return tuple(
        tuple(grid[r][c] if (r, c) in inside else 0 for c in range(left, right + 1))
        for r in range(top, bottom + 1)
    )


def largest(grid: Grid) -> Grid | None:
    """Cuts out the largest object (alone in its bounding box); None on a tie or with fewer
    than two objects."""
    return _extract(grid, max)


def smallest(grid: Grid) -> Grid | None:
    """Cuts out the smallest object, like :func:`largest`."""
    return _extract(grid, min)


def count(grid: Grid) -> Grid | None:
    """Lists the objects as one row of cells, each the colour of an object's first cell, in
    reading order of those first cells."""
    found = objects(grid)
    if not found or len(found) > MAX_SIDE:
        return None
    return (tuple(grid[o[0][0]][o[0][1]] for o in found),)


def keep(grid: Grid, src: int) -> Grid | None:
    """Keeps the cells of colour ``src`` and clears every other (None when ``src`` is absent)."""
    if not any(src in row for row in grid):
        return None
    return tuple(tuple(v if v == src else 0 for v in row) for row in grid)


def invert(grid: Grid, paint: int) -> Grid:
    """Paints the background ``paint`` and clears every other cell (a negative)."""
    return tuple(tuple(0 if v else paint for v in row) for row in grid)


def halves(grid: Grid, axis: str, op: str, paint: int) -> Grid | None:
    """Overlays the two halves of the grid (left and right for ``"lr"``, top and bottom for
    ``"tb"``; the side split must be even): a cell is ``paint`` when ``op`` (and / or / xor)
    of "the first half's cell is not background" and "the second half's is" holds, else 0."""
    rows, cols = shape(grid)
    if axis == "lr":
        if cols % 2:
            return None
        half = cols // 2
        pairs = [[(row[c], row[c + half]) for c in range(half)] for row in grid]
    else:
        if rows % 2:
            return None
        half = rows // 2
        pairs = [list(zip(grid[r], grid[r + half], strict=True)) for r in range(half)]
    test: Callable[[bool, bool], bool] = {
        "and": lambda a, b: a and b,
        "or": lambda a, b: a or b,
        "xor": lambda a, b: a != b,
    }[op]
    return tuple(tuple(paint if test(a != 0, b != 0) else 0 for a, b in row) for row in pairs)


# -- the typed table --------------------------------------------------------------------------

ShapeRule = Callable[[int, int, tuple[Param, ...]], tuple[int, int] | None]
"""``(rows, cols, params) -> result shape``; ``None`` when the shape depends on the content."""


def _same(rows: int, cols: int, params: tuple[Param, ...]) -> tuple[int, int] | None:
    return rows, cols


def _turned(rows: int, cols: int, params: tuple[Param, ...]) -> tuple[int, int] | None:
    return cols, rows


def _unknown(rows: int, cols: int, params: tuple[Param, ...]) -> tuple[int, int] | None:
    return None


def _scaled(rows: int, cols: int, params: tuple[Param, ...]) -> tuple[int, int] | None:
    factor = int(params[0])
    return rows * factor, cols * factor


def _tiled(rows: int, cols: int, params: tuple[Param, ...]) -> tuple[int, int] | None:
    down, across = (int(part) for part in str(params[0]).split("x"))
    return rows * down, cols * across


def _mirrored(rows: int, cols: int, params: tuple[Param, ...]) -> tuple[int, int] | None:
    return (rows, 2 * cols) if params[0] == "lr" else (2 * rows, cols)


def _halved(rows: int, cols: int, params: tuple[Param, ...]) -> tuple[int, int] | None:
    return (rows, cols // 2) if params[0] == "lr" else (rows // 2, cols)


@dataclass(frozen=True)
class Primitive:
    """One primitive of the language: its function, parameter kinds and result shape.

    ``inputs`` names the input generators a program may start with this primitive on
    (``"dense"``, ``"objects"``, ``"shapes"``, ``"symmetric"``, ``"halves"``).
    """

    name: str
    function: Callable[..., Grid | None]
    params: tuple[ParamKind, ...]
    shape_rule: ShapeRule
    inputs: tuple[str, ...]
    doc: str
    keeps: bool = False
    """Whether every non-background colour of the input survives in the result."""


PRIMITIVES: dict[str, Primitive] = {
    p.name: p
    for p in (
        Primitive(
            "flip_h", flip_h, (), _same, ("dense", "objects"), "mirror left-right", keeps=True
        ),
        Primitive(
            "flip_v", flip_v, (), _same, ("dense", "objects"), "mirror top-bottom", keeps=True
        ),
        Primitive(
            "transpose",
            transpose,
            (),
            _turned,
            ("dense", "objects"),
            "swap rows and columns",
            keeps=True,
        ),
        Primitive(
            "rot90",
            rot90,
            (),
            _turned,
            ("dense", "objects"),
            "turn a quarter clockwise",
            keeps=True,
        ),
        Primitive(
            "rot180", rot180, (), _same, ("dense", "objects"), "turn half a turn", keeps=True
        ),
        Primitive(
            "rot270",
            rot270,
            (),
            _turned,
            ("dense", "objects"),
            "turn a quarter anticlockwise",
            keeps=True,
        ),
        Primitive(
            "recolor",
            recolor,
            ("src", "paint"),
            _same,
            ("dense", "objects"),
            "paint one colour with another",
        ),
        Primitive(
            "swap", swap, ("src", "src"), _same, ("dense",), "exchange two colours", keeps=True
        ),
        Primitive("gravity", gravity, ("dir",), _same, ("objects",), "let cells fall", keeps=True),
        Primitive("shift", shift, ("dir",), _same, ("objects",), "move everything one cell"),
        Primitive(
            "extend", extend, ("dir",), _same, ("objects",), "draw rays from cells", keeps=True
        ),
        Primitive(
            "fill_enclosed",
            fill_enclosed,
            ("paint",),
            _same,
            ("shapes",),
            "fill closed shapes",
            keeps=True,
        ),
        Primitive(
            "outline",
            outline,
            ("paint",),
            _same,
            ("objects", "shapes"),
            "draw a halo round objects",
            keeps=True,
        ),
        Primitive("frame", frame, ("paint",), _same, ("dense",), "paint the outer ring"),
        Primitive(
            "scale",
            scale,
            ("factor",),
            _scaled,
            ("dense",),
            "blow cells up into blocks",
            keeps=True,
        ),
        Primitive("tile", tile, ("tiling",), _tiled, ("dense",), "repeat the grid", keeps=True),
        Primitive(
            "mirror",
            mirror,
            ("axis",),
            _mirrored,
            ("dense",),
            "append the mirror image",
            keeps=True,
        ),
        Primitive(
            "symmetrize",
            symmetrize,
            ("axis",),
            _same,
            ("symmetric",),
            "complete the symmetry",
            keeps=True,
        ),
        Primitive(
            "crop", crop, (), _unknown, ("objects", "shapes"), "cut to the content", keeps=True
        ),
        Primitive("largest", largest, (), _unknown, ("objects",), "cut out the largest object"),
        Primitive("smallest", smallest, (), _unknown, ("objects",), "cut out the smallest object"),
        Primitive("count", count, (), _unknown, ("objects",), "list the objects' colours"),
        Primitive("keep", keep, ("src",), _same, ("objects",), "keep one colour"),
        Primitive(
            "invert", invert, ("paint",), _same, ("dense",), "paint the background, clear the rest"
        ),
        Primitive(
            "halves",
            halves,
            ("axis", "op", "paint"),
            _halved,
            ("halves",),
            "overlay the two halves",
        ),
    )
}
"""Every primitive of the language, by name."""


def describe(step: Step) -> str:
    """Returns a short text of ``step`` (``"recolor(1, 2)"``)."""
    name, *params = step
    return f"{name}({', '.join(str(p) for p in params)})" if params else str(name)


def is_step(step: Sequence[object]) -> bool:
    """Returns whether ``step`` names a primitive with parameters of the right kinds."""
    if not step or not isinstance(step[0], str) or step[0] not in PRIMITIVES:
        return False
    kinds = PRIMITIVES[step[0]].params
    if len(step) != len(kinds) + 1:
        return False
    domains: dict[str, tuple[Param, ...]] = {
        "dir": DIRECTIONS,
        "factor": FACTORS,
        "tiling": TILINGS,
        "axis": AXES,
        "op": OPS,
    }
    for kind, value in zip(kinds, step[1:], strict=True):
        if kind in ("src", "paint"):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 9:
                return False
        elif value not in domains[kind]:
            return False
    return True


def apply(step: Step, grid: Grid) -> Grid | None:
    """Applies one step; ``None`` where it does not apply."""
    name, *params = step
    return PRIMITIVES[str(name)].function(grid, *params)


def run(program: Iterable[Step], grid: Grid) -> Grid | None:
    """Applies the steps in order; ``None`` if any step does not apply."""
    current: Grid | None = grid
    for step in program:
        if current is None:
            return None
        current = apply(step, current)
    return current


def result_shape(step: Step, rows: int, cols: int) -> tuple[int, int] | None:
    """Returns the shape ``step`` gives a ``rows`` x ``cols`` grid, when it is known ahead."""
    return PRIMITIVES[str(step[0])].shape_rule(rows, cols, tuple(step[1:]))


def steps_for(palette: Iterable[int], names: Iterable[str] | None = None) -> list[Step]:
    """Returns every step of the primitives ``names`` (default: all) over ``palette``.

    Colour parameters range over the palette (``src`` and ``paint`` may be 0 for
    ``recolor``; a ``paint`` elsewhere and a ``src`` of ``keep``/``swap`` are never 0).

    >>> len(steps_for([0, 1], ["recolor", "flip_h", "gravity"]))
    7
    """
    chosen = sorted(set(palette))
    nonzero = [c for c in chosen if c]
    fixed: dict[str, tuple[Param, ...]] = {
        "dir": DIRECTIONS,
        "factor": FACTORS,
        "tiling": TILINGS,
        "axis": AXES,
        "op": OPS,
    }
    steps: list[Step] = []
    for name in names if names is not None else PRIMITIVES:
        primitive = PRIMITIVES[name]
        combos: list[tuple[Param, ...]] = [()]
        for kind in primitive.params:
            if kind in ("src", "paint"):
                domain: Sequence[Param] = chosen if name == "recolor" else nonzero
            else:
                domain = fixed[kind]
            combos = [(*combo, value) for combo in combos for value in domain]
        for combo in combos:
            if name == "recolor" and combo[0] == combo[1]:
                continue
            if name == "swap" and not int(combo[0]) < int(combo[1]):
                continue
            steps.append((name, *combo))
    return steps


# -- the search -------------------------------------------------------------------------------

State = tuple[Grid, ...]
"""The demonstration inputs (or their images under a program) followed by the test input's."""


def _apply_state(step: Step, state: State) -> State | None:
    out = []
    for grid in state:
        result = apply(step, grid)
        if result is None:
            return None
        out.append(result)
    return tuple(out)


def _may_give(step: Step, wanted: frozenset[int]) -> bool:
    """Whether ``step``, changing its grid, can give a grid of colours ``wanted``: a step
    that changes a grid leaves its paint in the result (a negative or an overlay of halves
    may give an empty grid instead), a colour map leaves its target and removes its source,
    and ``keep`` leaves its colour."""
    name, *params = step
    kinds = PRIMITIVES[str(name)].params
    blank = not wanted - {0}
    for kind, value in zip(kinds, params, strict=True):
        exempt = blank and name in ("invert", "halves")
        if kind == "paint" and value not in wanted and not exempt:
            return False
    if name == "recolor" and params[0] in wanted:
        return False
    if name == "swap" and not (params[0] in wanted and params[1] in wanted):
        return False
    return not (name == "keep" and params[0] not in wanted)


def _paints(step: Step) -> tuple[Param, ...]:
    """Returns the colours ``step`` paints (the only colours it can add to a grid)."""
    kinds = PRIMITIVES[str(step[0])].params
    return tuple(v for kind, v in zip(kinds, step[1:], strict=True) if kind == "paint")


@dataclass(frozen=True)
class Search:
    """What the enumeration found: every consistent program's test output, by output.

    ``outputs`` maps a test output to the shortest consistent program found giving it;
    ``least_depth`` is the depth of the shortest consistent program (0: none found).
    """

    outputs: dict[Grid, Program]
    least_depth: int


def consistent_outputs(
    examples: Sequence[tuple[Grid, Grid]], test_input: Grid, steps: Sequence[Step], depth: int = 2
) -> Search:
    """Enumerates every program of at most ``depth`` (1 or 2) steps drawn from ``steps`` and
    returns the test outputs of those mapping each example input to its output.

    Only programs the examples support count: every step must change at least one
    example's grid (a step that leaves every example as it is could be added to any
    program, and would make every task ambiguous).

    One example that a mirror and a shift both explain, and a test input on which they
    differ:

    >>> examples = [(((1, 0), (0, 0)), ((0, 1), (0, 0)))]
    >>> steps = steps_for([0, 1, 2], ["flip_h", "shift"])
    >>> found = consistent_outputs(examples, ((0, 0), (0, 2)), steps)
    >>> sorted(found.outputs.items())
    [(((0, 0), (0, 0)), (('shift', 'right'),)), (((0, 0), (2, 0)), (('flip_h',),))]
    """
    inputs = (*(i for i, _ in examples), test_input)
    wanted = tuple(o for _, o in examples)
    count = len(examples)
    found: dict[Grid, Program] = {}
    least = 0
    layer: dict[State, Step] = {}
    for step in steps:
        state = _apply_state(step, inputs)
        if state is None or state[:count] == inputs[:count] or state in layer:
            continue
        layer[state] = step
        if state[:count] == wanted:
            found.setdefault(state[-1], (step,))
            least = least or 1
    if depth < 2:
        return Search(found, least)
    first = wanted[0]
    by_first: dict[Grid, list[State]] = {}
    for state in layer:
        by_first.setdefault(state[0], []).append(state)
    finals = [step for step in steps if _may_give(step, colours(first))]
    painting = [step for step in finals if _paints(step)]
    wanted_colours = colours(first) - {0}
    for grid, states in by_first.items():
        if grid == first:  # the last step may leave this example alone: try every step
            candidates: Sequence[Step] = steps
        else:  # the last step changes this example's grid into ``first``
            present = colours(grid) - {0}
            missing = wanted_colours - present
            if len(missing) > 1:
                continue
            if missing:  # only a step painting the missing colour can add it
                (new,) = missing
                candidates = [step for step in painting if new in _paints(step)]
            else:
                candidates = finals
            if present - wanted_colours:  # a colour must go: steps keeping all cannot
                candidates = [c for c in candidates if not PRIMITIVES[str(c[0])].keeps]
            rows, cols = shape(grid)
            candidates = [
                c for c in candidates if result_shape(c, rows, cols) in (None, shape(first))
            ]
        for step in candidates:
            if apply(step, grid) != first:
                continue
            for state in states:
                rest = _apply_state(step, state[1:])
                if rest is None or rest[: count - 1] != wanted[1:]:
                    continue
                if (first, *rest[: count - 1]) == state[:count]:
                    continue  # the last step changed no example
                found.setdefault(rest[-1], (layer[state], step))
                least = least or 2
    return Search(found, least)
