"""ARC-style puzzles: infer a grid transformation from examples and apply it to a test grid.

Description:
    SynLogic's ``arc_agi`` task reuses the ARC-AGI data set and has no generator; this family
    draws its own puzzles. A program of the small typed language in
    :mod:`taskgen.tasks.arc._dsl` (mirrors and turns, colour maps, gravity, shifts, rays,
    filling closed shapes, halos, frames, scaling, tiling, mirror images, symmetry
    completion, cropping, cutting out the largest or smallest object, listing the objects,
    keeping one colour, negatives, overlaying two halves) is drawn with as many steps as the
    level asks, together with inputs suited to its first step (sparse objects for gravity and
    object cuts, closed outlines for filling, half-erased symmetric pictures for symmetry
    completion, dense pictures for mirrors and colour maps). The prompt shows 2-4
    demonstration pairs and a test input; the answer is the test output.

    A draw is rejected when any step leaves any shown input unchanged (so no step is an
    identity on what is shown), when the output of a shown input equals that input, and when
    the demonstrations admit a different answer: every program of at most two steps over the
    colours shown (demonstrations and test input) whose every step changes some
    demonstration is enumerated (:func:`taskgen.tasks.arc._dsl.consistent_outputs`), and the
    draw is kept only if each one that reproduces every demonstration gives the gold test
    output. (A step that leaves every demonstration as it is could be appended to any
    program; the demonstrations do not support it, just as the generator never uses one.)
    A two-step draw is also rejected when one step explains the demonstrations, and a
    three-step draw when one or two steps do, so a level's depth is the depth the puzzle
    really needs within the language. Draws where a lazy answer is right (the test input, the
    first demonstration's output, the test input under a single common step or under one of
    the program's own steps) or where a constant grid is right are drawn again, and so are
    draws whose output differs from every trivial answer in fewer than four cells.

Instance:
    ``{"program": [["recolor", 1, 2], ["gravity", "down"]], "examples": [{"input": grid,
    "output": grid}, ...], "test_input": grid, "test_output": grid}`` with grids as lists
    of rows of colours 0-9. Loading runs the program on every input and refuses an
    instance whose stored outputs differ.

Answer format:
    The test output as a JSON list of rows, ``\\boxed{[[0,2],[2,0]]}``, or as rows of
    digits, one row per line or separated by ``;``, with the digits of a row separated by
    spaces or commas or written together (``\\boxed{02;20}``). A grid of the wrong number
    of rows or columns, or a cell outside 0-9, is a format error.

Scoring:
    Correct when every cell equals the gold (the only answer the demonstrations support
    within the language, see above). The reason of a wrong answer names how many cells
    differ and the first one. Partial credit is progress beyond the best trivial answer
    (:mod:`taskgen.verifiers.progress`): with ``d`` the cells that differ from the gold and
    ``b`` the least of the cells a copy of the test input gets wrong (when the shapes
    match), the cells the best one-colour grid gets wrong and the cells a uniformly random
    grid is expected to get wrong, the credit is ``max(0, 1 - d / b)``. A copy of the test
    input and every constant grid earn 0; a grid of the wrong shape is a format error with 0.

Difficulty:
    The number of steps of the program first, then grid sizes and colours; fewer
    demonstrations at the higher levels of each depth. ``hardness`` is ten per step plus
    the largest side, the colours and the demonstrations missing from four.

    =====  =====  =====  =======  ========  ==========
    level  steps  sides  colours  examples  primitives
    =====  =====  =====  =======  ========  ==========
    1      1      3-5    2        4         basic
    2      1      4-6    2        3         all
    3      1      5-8    3        3         all
    4      2      3-5    2        4         all
    5      2      4-6    3        3         all
    6      2      5-8    3        3         all
    7      2      6-10   4        3         all
    8      3      4-6    3        3         all
    9      3      5-8    3        3         all
    10     3      6-10   4        3         all
    =====  =====  =====  =======  ========  ==========

    The basic primitives are the mirrors and turns, colour maps, gravity, shifts, frames,
    scaling, tiling, mirror images, cropping, keeping one colour and negatives.

Knobs:
    ``depth`` (1-3 steps), ``min_side`` and ``max_side`` (2-12, the sides of input grids),
    ``colours`` (1-6 non-background colours in the inputs), ``examples`` (2-4
    demonstrations), ``pool`` (``"basic"`` or ``"all"`` primitives).

References:
    Chollet, "On the Measure of Intelligence", arXiv 1911.01547 (the ARC format and colour
    convention). Liu et al., "SynLogic", arXiv 2505.19641 (task ``arc_agi``, data only).

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks.arc import _dsl
from taskgen.tasks.arc._dsl import Grid, Program, Step
from taskgen.verifiers.extract import unwrap_latex
from taskgen.verifiers.grid import format_grid, read_grid
from taskgen.verifiers.progress import AnswerLayout, progress_credit, random_fill_distance

COLOUR_NAMES: tuple[str, ...] = (
    "black",
    "blue",
    "red",
    "green",
    "yellow",
    "grey",
    "magenta",
    "orange",
    "azure",
    "maroon",
)
"""The ARC colour of each digit."""
BASIC: tuple[str, ...] = (
    "flip_h",
    "flip_v",
    "transpose",
    "rot180",
    "recolor",
    "swap",
    "gravity",
    "shift",
    "frame",
    "scale",
    "tile",
    "mirror",
    "crop",
    "keep",
    "invert",
)
"""The primitives of the ``basic`` pool."""
LAZY_STEPS: tuple[Step, ...] = (("flip_h",), ("flip_v",), ("rot180",), ("transpose",))
"""Common single steps whose image of the test input counts as a lazy answer."""
MIN_BASELINE = 4
"""Fewest cells the gold must differ from every trivial answer in (so one wrong cell is
clearly better than a trivial answer)."""
FORMAT_EXAMPLE: Grid = ((1, 2, 3), (4, 5, 6))
"""The grid the prompt shows as a format example (a gold equal to it is drawn again)."""
SEARCH_DEPTH = 2
"""Depth of the programs enumerated to reject ambiguous demonstrations."""
MAX_ATTEMPTS = 2_000
INPUT_TRIES = 40

LEVELS: dict[int, tuple[int, int, int, int, int, str]] = {
    1: (1, 3, 5, 2, 4, "basic"),
    2: (1, 4, 6, 2, 3, "all"),
    3: (1, 5, 8, 3, 3, "all"),
    4: (2, 3, 5, 2, 4, "all"),
    5: (2, 4, 6, 3, 3, "all"),
    6: (2, 5, 8, 3, 3, "all"),
    7: (2, 6, 10, 4, 3, "all"),
    8: (3, 4, 6, 3, 3, "all"),
    9: (3, 5, 8, 3, 3, "all"),
    10: (3, 6, 10, 4, 3, "all"),
}
"""Level → (depth, min side, max side, colours, examples, pool)."""


class ArcKnobs(BaseModel):
    """Knobs of the ``arc_agi`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    depth: int = Field(ge=1, le=3, description="steps of the hidden program")
    min_side: int = Field(ge=2, le=12, description="least side of an input grid")
    max_side: int = Field(ge=2, le=12, description="largest side of an input grid")
    colours: int = Field(ge=1, le=6, description="non-background colours of the inputs")
    examples: int = Field(ge=2, le=4, description="demonstration pairs shown")
    pool: Literal["basic", "all"] = Field(description="which primitives programs use")

    @model_validator(mode="after")
    def _sides(self) -> ArcKnobs:
        if self.min_side > self.max_side:
            raise ValueError(
                f"min_side must be at most max_side, got {self.min_side} > {self.max_side}"
            )
        return self


def _grid_error(grid: list[list[int]], what: str) -> str | None:
    if not grid or not grid[0]:
        return f"{what} is empty"
    if len(grid) > _dsl.MAX_SIDE or any(len(row) != len(grid[0]) for row in grid):
        return f"{what} is not a rectangle of at most {_dsl.MAX_SIDE} rows"
    if len(grid[0]) > _dsl.MAX_SIDE:
        return f"{what} has more than {_dsl.MAX_SIDE} columns"
    if any(not 0 <= v <= 9 for row in grid for v in row):
        return f"{what} has a colour outside 0-9"
    return None


class ArcExample(BaseModel):
    """One demonstration pair."""

    model_config = ConfigDict(extra="forbid", strict=True)

    input: list[list[int]]
    output: list[list[int]]


class ArcInstance(BaseModel):
    """``Task.instance`` of the ``arc_agi`` family: the program, examples and the test."""

    model_config = ConfigDict(extra="forbid", strict=True)

    program: list[list[int | str]] = Field(min_length=1, max_length=6)
    examples: list[ArcExample] = Field(min_length=1, max_length=10)
    test_input: list[list[int]]
    test_output: list[list[int]]

    @model_validator(mode="after")
    def _consistent(self) -> ArcInstance:
        for step in self.program:
            if not _dsl.is_step(step):
                raise ValueError(f"unknown or malformed step {step!r}"[:80])
        program = tuple(tuple(step) for step in self.program)
        pairs = [(e.input, e.output, f"example {i}") for i, e in enumerate(self.examples, 1)]
        for source, target, what in [*pairs, (self.test_input, self.test_output, "test")]:
            error = _grid_error(source, f"{what} input") or _grid_error(target, f"{what} output")
            if error:
                raise ValueError(error)
            if _dsl.run(program, _dsl.as_grid(source)) != _dsl.as_grid(target):
                raise ValueError(f"the program does not turn the {what} input into its output")
        return self


# -- input generators -------------------------------------------------------------------------

InputMaker = Callable[[random.Random], Grid]


def dense_input(rng: random.Random, rows: int, cols: int, palette: Sequence[int]) -> Grid:
    """Returns a picture where about half the cells hold a palette colour."""
    fill = rng.uniform(0.35, 0.65)
    return tuple(
        tuple(rng.choice(palette) if rng.random() < fill else 0 for _ in range(cols))
        for _ in range(rows)
    )


def _blob(rng: random.Random, size: int) -> list[tuple[int, int]]:
    """Returns a 4-connected shape of ``size`` cells with its top-left corner at (0, 0)."""
    cells = {(0, 0)}
    while len(cells) < size:
        r, c = rng.choice(sorted(cells))
        dr, dc = rng.choice(((0, 1), (1, 0), (0, -1), (-1, 0)))
        cells.add((r + dr, c + dc))
    top = min(r for r, _ in cells)
    left = min(c for _, c in cells)
    return sorted((r - top, c - left) for r, c in cells)


def _place(
    rng: random.Random, grid: list[list[int]], cells: Sequence[tuple[int, int]], colour: int
) -> bool:
    """Places ``cells`` (offsets) at a random spot where no cell touches another object."""
    rows, cols = len(grid), len(grid[0])
    height = max(r for r, _ in cells) + 1
    width = max(c for _, c in cells) + 1
    if height > rows or width > cols:
        return False
    for _ in range(12):
        top, left = rng.randrange(rows - height + 1), rng.randrange(cols - width + 1)
        clear = all(
            grid[y][x] == 0
            for r, c in cells
            for y in range(max(0, top + r - 1), min(rows, top + r + 2))
            for x in range(max(0, left + c - 1), min(cols, left + c + 2))
        )
        if clear:
            for r, c in cells:
                grid[top + r][left + c] = colour
            return True
    return False


def objects_input(rng: random.Random, rows: int, cols: int, palette: Sequence[int]) -> Grid:
    """Returns a few separate small objects (1-5 cells, one colour each) on the background."""
    grid = [[0] * cols for _ in range(rows)]
    wanted = rng.randint(2, max(2, rows * cols // 9))
    for _ in range(wanted):
        _place(rng, grid, _blob(rng, rng.randint(1, 5)), rng.choice(palette))
    return _dsl.as_grid(grid)


def shapes_input(rng: random.Random, rows: int, cols: int, palette: Sequence[int]) -> Grid:
    """Returns closed rectangular outlines (some with a gap) and a few loose cells."""
    grid = [[0] * cols for _ in range(rows)]
    for _ in range(rng.randint(1, 3)):
        height = rng.randint(3, max(3, min(rows, 6)))
        width = rng.randint(3, max(3, min(cols, 6)))
        ring = [
            (r, c)
            for r in range(height)
            for c in range(width)
            if r in (0, height - 1) or c in (0, width - 1)
        ]
        if rng.random() < 0.3:
            gap = rng.choice([cell for cell in ring if cell not in _corners(height, width)])
            ring.remove(gap)
        _place(rng, grid, ring, rng.choice(palette))
    for _ in range(rng.randint(0, 2)):
        _place(rng, grid, [(0, 0)], rng.choice(palette))
    return _dsl.as_grid(grid)


def _corners(height: int, width: int) -> list[tuple[int, int]]:
    return [(0, 0), (0, width - 1), (height - 1, 0), (height - 1, width - 1)]


def symmetric_input(rng: random.Random, rows: int, cols: int, palette: Sequence[int]) -> Grid:
    """Returns a mirror-symmetric picture (either axis) with some cells erased on one side."""
    axis = rng.choice(_dsl.AXES)
    base = dense_input(rng, rows, cols, palette)
    grid = [list(row) for row in _dsl.symmetrize(base, axis)]
    for r in range(rows):
        for c in range(cols):
            first_half = c < cols // 2 if axis == "lr" else r < rows // 2
            if first_half and rng.random() < 0.3:
                grid[r][c] = 0
    return _dsl.as_grid(grid)


def halves_input(rng: random.Random, rows: int, cols: int, palette: Sequence[int]) -> Grid:
    """Returns two halves side by side (even width) or stacked (even height), each half a
    random pattern in one colour."""
    first, second = palette[0], palette[-1]
    if rng.random() < 0.5:
        cols += cols % 2
        half = cols // 2
        return tuple(
            tuple((first if c < half else second) if rng.random() < 0.5 else 0 for c in range(cols))
            for _ in range(rows)
        )
    rows += rows % 2
    return tuple(
        tuple(
            (first if r < rows // 2 else second) if rng.random() < 0.5 else 0 for _ in range(cols)
        )
        for r in range(rows)
    )


INPUT_MAKERS: dict[str, Callable[[random.Random, int, int, Sequence[int]], Grid]] = {
    "dense": dense_input,
    "objects": objects_input,
    "shapes": shapes_input,
    "symmetric": symmetric_input,
    "halves": halves_input,
}


# -- generation -------------------------------------------------------------------------------


def _trace(program: Program, grid: Grid) -> Grid | None:
    """Runs ``program``; None if a step does not apply or leaves its grid unchanged."""
    current = grid
    for step in program:
        result = _dsl.apply(step, current)
        if result is None or result == current:
            return None
        current = result
    return current


def _is_constant(grid: Grid) -> bool:
    return len(_dsl.colours(grid)) == 1


def draw_program(
    rng: random.Random, names: Sequence[str], first: str, sample: Grid, depth: int
) -> Program | None:
    """Draws ``depth`` steps, each changing its grid when run on ``sample``; the first is of
    primitive ``first``, paints use the sample's colours or one new colour."""
    program: list[Step] = []
    grid = sample
    extra = rng.randint(1, 9)
    for index in range(depth):
        allowed = list(names) if index else [first]
        by_name: dict[str, list[tuple[Step, Grid]]] = {}
        for step in _dsl.steps_for(sorted(_dsl.colours(grid) | {0, extra}), allowed):
            result = _dsl.apply(step, grid)
            if result is not None and result != grid and not _is_constant(result):
                by_name.setdefault(str(step[0]), []).append((step, result))
        if not by_name:
            return None
        step, grid = rng.choice(by_name[rng.choice(sorted(by_name))])
        program.append(step)
    return tuple(program)


def baseline(test_input: Grid, gold: Grid) -> float:
    """Returns the cells the best trivial answer gets wrong: the least of a copy of the test
    input (same shape only), the best one-colour grid, and a random grid (expected).

    >>> baseline(((1, 0), (0, 0)), ((0, 1), (0, 0)))
    1
    """
    cells = sum(len(row) for row in gold)
    counts = Counter(v for row in gold for v in row)
    best: float = min(cells - counts.most_common(1)[0][1], random_fill_distance(cells, 10))
    if _dsl.shape(test_input) == _dsl.shape(gold):
        best = min(best, hamming(test_input, gold))
    return best


def hamming(first: Grid, second: Grid) -> int:
    """Returns the cells in which two grids of one shape differ."""
    return sum(
        a != b
        for row_a, row_b in zip(first, second, strict=True)
        for a, b in zip(row_a, row_b, strict=True)
    )


def lazy_grids(
    program: Program, examples: Sequence[tuple[Grid, Grid]], test: Grid
) -> dict[str, list[Grid]]:
    """Returns the answers a model could write without solving, by class."""
    singles: list[Grid] = []
    steps = [s for s in (*LAZY_STEPS, *program) if (s,) != tuple(program)]
    for step in dict.fromkeys(steps):
        result = _dsl.apply(step, test)
        if result is not None and result not in singles:
            singles.append(result)
    return {"copy": [test], "first-output": [examples[0][1]], "single-step": singles}


def draw_task(
    knobs: ArcKnobs, rng: random.Random
) -> tuple[Program, list[tuple[Grid, Grid]], Grid, Grid] | None:
    """Makes one attempt at a task; None when the draw is rejected."""
    names = BASIC if knobs.pool == "basic" else tuple(_dsl.PRIMITIVES)
    first_name = rng.choice(names)
    kind = rng.choice(_dsl.PRIMITIVES[first_name].inputs)
    palette = rng.sample(range(1, 10), knobs.colours)
    maker = INPUT_MAKERS[kind]

    def new_input() -> Grid:
        rows = rng.randint(knobs.min_side, knobs.max_side)
        cols = rng.randint(knobs.min_side, knobs.max_side)
        return maker(rng, rows, cols, palette)

    first = new_input()
    program = draw_program(rng, names, first_name, first, knobs.depth)
    if program is None:
        return None
    pairs: list[tuple[Grid, Grid]] = []
    seen: set[Grid] = set()
    candidate = first
    for _ in range(INPUT_TRIES):
        output = _trace(program, candidate)
        if output is not None and candidate not in seen and output != candidate:
            seen.add(candidate)
            pairs.append((candidate, output))
            if len(pairs) == knobs.examples + 1:
                break
        candidate = new_input()
    else:
        return None
    *examples, (test, gold) = pairs
    if _is_constant(gold) or gold == FORMAT_EXAMPLE or baseline(test, gold) < MIN_BASELINE:
        return None
    if any(gold in grids for grids in lazy_grids(program, examples, test).values()):
        return None
    if not is_unambiguous(examples, test, gold, knobs.depth):
        return None
    return program, examples, test, gold


def search(examples: Sequence[tuple[Grid, Grid]], test: Grid, depth: int) -> _dsl.Search:
    """Enumerates the programs of at most ``depth`` steps over the colours shown (the
    demonstrations and the test input) that reproduce every demonstration."""
    shown = set().union(
        *(_dsl.colours(i) | _dsl.colours(o) for i, o in examples), _dsl.colours(test)
    )
    return _dsl.consistent_outputs(examples, test, _dsl.steps_for(shown | {0}), depth)


def is_unambiguous(
    examples: Sequence[tuple[Grid, Grid]], test: Grid, gold: Grid, depth: int
) -> bool:
    """Returns whether every program of at most two steps that reproduces the
    demonstrations gives ``gold`` on the test input, and none is shorter than ``depth``
    (the depth the task is drawn with)."""
    found = search(examples, test, min(SEARCH_DEPTH, depth))
    if any(output != gold for output in found.outputs):
        return False
    return not (found.least_depth and found.least_depth < depth)


# -- prompt -----------------------------------------------------------------------------------


def render(grid: Grid) -> str:
    """Writes a grid as rows of digits separated by spaces."""
    return "\n".join(" ".join(str(v) for v in row) for row in grid)


def _size(grid: Grid) -> str:
    rows, cols = _dsl.shape(grid)
    return f"{rows} row{'s' * (rows != 1)}, {cols} column{'s' * (cols != 1)}"


def render_prompt(examples: Sequence[tuple[Grid, Grid]], test: Grid) -> str:
    """Writes the prompt of a task."""
    legend = ", ".join(f"{i} = {name}" for i, name in enumerate(COLOUR_NAMES))
    parts = [
        "Each grid below is a picture of coloured cells, written as rows of digits, one digit "
        f"per cell. The digits are colours: {legend}; 0 (black) is the background.",
        "One and the same transformation turns every example input into its output. Work out "
        "the transformation and apply it to the test input. The output may have a different "
        "size from the input.",
    ]
    for number, (source, target) in enumerate(examples, 1):
        parts.append(
            f"Example {number}\nInput ({_size(source)}):\n{render(source)}\n"
            f"Output ({_size(target)}):\n{render(target)}"
        )
    parts.append(f"Test input ({_size(test)}):\n{render(test)}")
    parts.append(
        "Give the test output grid inside \\boxed{} as a JSON list of rows, for example "
        f"\\boxed{{{format_grid([list(r) for r in FORMAT_EXAMPLE])}}} for a grid of 2 rows and "
        "3 columns, or as rows of digits separated by new lines or semicolons. A grid of the "
        "wrong size earns nothing."
    )
    return "\n\n".join(parts)


# -- answers ----------------------------------------------------------------------------------

_ROWS = re.compile(r"\s*(?:;|\n|\\\\)\s*")


def _spread_digit_rows(text: str, cols: int) -> str:
    """Rewrites rows of run-together digits (``012``) with spaces, when every row is one."""
    if cols < 2 or text.startswith("["):
        return text
    rows = [row for row in _ROWS.split(text.strip()) if row]
    if rows and all(row.isdigit() and len(row) == cols for row in rows):
        return "\n".join(" ".join(row) for row in rows)
    return text


def read_answer(payload: str, rows: int, cols: int) -> Grid | Check:
    """Reads an answer grid of the given shape, or returns the format-error Check."""
    text = unwrap_latex(payload)
    if len(text) > 20_000:
        return Check(False, 0.0, f"answer is too long ({len(text)} characters)", False)
    grid = read_grid(_spread_digit_rows(text, cols), rows, cols, low=0, high=9)
    return grid if isinstance(grid, Check) else _dsl.as_grid(grid)


# -- the family -------------------------------------------------------------------------------


@register("arc_agi")
class ArcAgi(Family):
    """Infer a grid transformation from 2-4 examples and apply it to a test grid."""

    version = 0
    kind = "puzzle"
    description = "ARC-style grid transformations drawn from a typed DSL, unambiguous to depth 2"
    Knobs = ArcKnobs
    Instance = ArcInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        depth, low, high, colours, examples, pool = LEVELS[level]
        return {
            "depth": depth,
            "min_side": low,
            "max_side": high,
            "colours": colours,
            "examples": examples,
            "pool": pool,
        }

    def generate(self, knobs: ArcKnobs, rng: random.Random) -> Draft:
        for _ in range(MAX_ATTEMPTS):
            drawn = draw_task(knobs, rng)
            if drawn is not None:
                break
        else:
            raise InvalidParamsError(f"arc_agi: no task found with {knobs.model_dump()}")
        program, examples, test, gold = drawn
        instance = {
            "program": [list(step) for step in program],
            "examples": [
                {"input": [list(r) for r in i], "output": [list(r) for r in o]} for i, o in examples
            ],
            "test_input": [list(r) for r in test],
            "test_output": [list(r) for r in gold],
        }
        return Draft(
            prompt=render_prompt(examples, test),
            answer=format_grid([list(r) for r in gold]),
            instance=instance,
            meta={"program": " then ".join(_dsl.describe(s) for s in program)},
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        gold = _dsl.as_grid(instance["test_output"])
        rows, cols = _dsl.shape(gold)
        grid = read_answer(payload, rows, cols)
        if isinstance(grid, Check):
            return grid
        wrong = [(r, c) for r in range(rows) for c in range(cols) if grid[r][c] != gold[r][c]]
        if not wrong:
            return Check(True, 1.0, "every cell matches the test output")
        r, c = wrong[0]
        reason = (
            f"{len(wrong)} of {rows * cols} cells differ from the test output, "
            f"the first at row {r + 1}, column {c + 1}"
        )
        test = _dsl.as_grid(instance["test_input"])
        return Check(
            False,
            0.0,
            reason,
            progress=lambda: progress_credit(len(wrong), baseline(test, gold)),
        )

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        rows, cols = len(instance["test_output"]), len(instance["test_output"][0])
        free = tuple((r, c) for r in range(rows) for c in range(cols))
        return AnswerLayout(rows, cols, tuple(range(10)), {}, free)

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        program = tuple(tuple(step) for step in instance["program"])
        examples = [
            (_dsl.as_grid(e["input"]), _dsl.as_grid(e["output"])) for e in instance["examples"]
        ]
        grids = lazy_grids(program, examples, _dsl.as_grid(instance["test_input"]))
        return {
            name: [format_grid([list(r) for r in g]) for g in found]
            for name, found in grids.items()
        }

    def hardness(self, task: Task) -> float:
        """Ten per step, plus the largest side, the colours and missing demonstrations."""
        params = task.params
        return float(
            10.0 * len(task.instance["program"])
            + params["max_side"]
            + params["colours"]
            + 4
            - len(task.instance["examples"])
            + (params["pool"] == "all")
        )
