"""Wordscapes: place the listed words in a crossword layout so that the crossings agree.

Description:
    The idea of SynLogic's ``wordscapes`` task (arXiv 2505.19641), implemented here from its
    description: a small crossword without clues. The layout shows which cells hold letters;
    every horizontal run of two or more letter cells is an *across* slot and every vertical
    run a *down* slot. Two lists give the across words and the down words, each sorted
    alphabetically (so their order says nothing about the slots). The model writes one
    letter per letter cell so that every across slot reads, left to right, one of the across
    words, every down slot reads, top to bottom, one of the down words, and each listed word
    is used exactly once; crossing slots share their letter.

    The layout is grown like a real crossword: a first word, then words that cross a word
    already placed, with no letter cell touching another word's cell side by side unless
    the two cross (the original did not control this, so its grids held runs that were no
    listed word). Words come from the ``wordfreq`` package: the ``rank`` most frequent
    English tokens that are lowercase ASCII letters, have a vowel (a e i o u y; drops
    abbreviations such as "pdf") and are not on a short block list of slurs and obscenities.
    python-sat then proves that the listed words fit the layout in exactly one way; a draw
    with a second filling is drawn again. So each listed word has exactly one valid slot.

Instance:
    ``{"layout": ["___.", "_..."], "across": ["cat", ...], "down": [...]}``: ``layout`` holds
    the rows, ``_`` a letter cell and ``.`` an empty one; ``across`` and ``down`` are the
    words, sorted. Every letter cell lies in some slot, and the slots' lengths are the
    words' lengths.

Answer format:
    The filled grid as a JSON list of rows, each a list of one-character strings: a letter
    for a letter cell and ``"."`` for an empty cell, top row first, inside ``\\boxed{}``.
    For the layout ``["___", "_.."]`` with across ``["cat"]`` and down ``["co"]`` the answer
    is ``\\boxed{[["c","a","t"],["o",".","."]]}``. Letters may be upper case; an empty cell
    may also be written ``"#"``, ``"-"``, ``"_"``, ``"0"``, ``" "`` or ``""``; a row may be one
    string (``"cat"``). A wrong number of rows or cells, or a cell that is neither a letter
    nor an empty mark, is a format error.

Scoring:
    Any grid that keeps the empty cells empty, puts a letter in every letter cell, has a
    listed word in every slot and uses each listed word once is correct (there is exactly
    one). A letter in an empty cell scores 0 ("(a changed given earns no credit)"). The
    reason names the first broken rule: an empty letter cell, then across slots top to
    bottom, then down slots left to right. Partial credit
    (:mod:`taskgen.verifiers.progress`) is progress toward the solution: the letter cells
    are the free cells (values ``a``-``z``, or empty), ``d`` counts those that differ from
    the solution and ``b`` what a random, constant or shuffled filling gets wrong; credit
    ``max(0, 1 - d / b)``.

Difficulty:
    A larger grid, more words and crossings, rarer words. ``hardness`` is the number of
    letter cells plus, per direction and word length, ``log2(k!)`` for ``k`` words of that
    length (the ways to place them before crossings are read).

    =====  ====  =====  ======  =========================================
    level  size  words  rank    letter cells / crossings (mean, 20 seeds)
    =====  ====  =====  ======  =========================================
    1      4     3      1000    8.2 / 2.0
    2      5     4      2000    11.2 / 3.2
    3      5     5      3000    14.8 / 4.5
    4      6     6      5000    19.8 / 5.8
    5      6     7      8000    20.0 / 7.0
    6      7     8      12000   25.6 / 8.1
    7      7     9      16000   27.5 / 9.4
    8      8     10     20000   32.8 / 10.4
    9      8     12     30000   36.5 / 13.5
    10     9     14     50000   45.5 / 16.8
    =====  ====  =====  ======  =========================================

    SynLogic's ``run.sh`` used a 4 x 4 grid with 5 words and at most 3 crossings.

Knobs:
    ``size`` (4-12): the grid is at most ``size`` x ``size`` (cropped to the words);
    ``words`` (2-30); ``rank`` (100-50000): the frequency-rank cut-off of the word list;
    ``min_length`` / ``max_length`` (3-12, ``max_length`` at most ``size``; default 3 and
    ``size``); ``crossings`` (default 0): the least number of crossing cells (a connected
    layout of ``w`` words always has ``w - 1``; more means loops).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``wordscapes``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import functools
import json
import math
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._cnf import CNF, VarPool, count_solutions, exactly_one
from taskgen.tasks._progress import SolutionSpace, cached_space
from taskgen.tasks.language._words import MAX_RANK, PatternIndex, ranked_words
from taskgen.verifiers.extract import unwrap_latex
from taskgen.verifiers.parse import PayloadError, parse_json
from taskgen.verifiers.progress import AnswerLayout

MIN_SIDE = 4
MAX_SIDE = 12
LETTERS = "abcdefghijklmnopqrstuvwxyz"
BLANK = 26
"""The value of an empty cell in the answer layout (after the 26 letters)."""
SYMBOLS: tuple[str, ...] = (*LETTERS, ".")
EMPTY_MARKS = frozenset({".", "#", "-", "_", "0", " ", ""})
"""Ways an answer may write an empty cell."""
LETTER_CELL = "_"
EMPTY_CELL = "."
VOWELS = frozenset("aeiouy")
MAX_DRAWS = 400
"""Layouts drawn before the knobs are declared impossible."""

LEVELS: dict[int, tuple[int, int, int]] = {
    1: (4, 3, 1000),
    2: (5, 4, 2000),
    3: (5, 5, 3000),
    4: (6, 6, 5000),
    5: (6, 7, 8000),
    6: (7, 8, 12000),
    7: (7, 9, 16000),
    8: (8, 10, 20000),
    9: (8, 12, 30000),
    10: (9, 14, 50000),
}

Cell = tuple[int, int]


class WordscapesKnobs(BaseModel):
    """Knobs of the ``wordscapes`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    size: int = Field(ge=MIN_SIDE, le=MAX_SIDE, description="grid side, at most")
    words: int = Field(ge=2, le=30, description="words to place")
    rank: int = Field(ge=100, le=MAX_RANK, description="frequency-rank cut-off of the words")
    min_length: int = Field(default=3, ge=3, le=MAX_SIDE, description="shortest word")
    max_length: int | None = Field(default=None, ge=3, le=MAX_SIDE, description="longest word")
    crossings: int = Field(default=0, ge=0, le=60, description="least number of crossings")


@dataclass(frozen=True)
class Slot:
    """A run of two or more letter cells: ``across`` (left to right) or down."""

    across: bool
    cells: tuple[Cell, ...]

    def describe(self) -> str:
        """Names the slot for a reason, 1-based: "across slot in row 2, columns 1-4"."""
        (r0, c0), (r1, c1) = self.cells[0], self.cells[-1]
        if self.across:
            return f"the across slot in row {r0 + 1}, columns {c0 + 1}-{c1 + 1}"
        return f"the down slot in column {c0 + 1}, rows {r0 + 1}-{r1 + 1}"


def find_slots(layout: list[str]) -> list[Slot]:
    """Returns every maximal run of 2+ letter cells: across slots by row, then down by column.

    >>> [s.describe() for s in find_slots(["___", "_.."])]
    ['the across slot in row 1, columns 1-3', 'the down slot in column 1, rows 1-2']
    """
    rows, cols = len(layout), len(layout[0])
    found: list[Slot] = []
    for across in (True, False):
        outer, inner = (rows, cols) if across else (cols, rows)
        for a in range(outer):
            run: list[Cell] = []
            for b in range(inner + 1):
                cell = (a, b) if across else (b, a)
                if b < inner and layout[cell[0]][cell[1]] == LETTER_CELL:
                    run.append(cell)
                    continue
                if len(run) >= 2:
                    found.append(Slot(across, tuple(run)))
                run = []
    return found


class WordscapesInstance(BaseModel):
    """``Task.instance`` of the ``wordscapes`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    layout: list[str] = Field(min_length=2, max_length=MAX_SIDE)
    across: list[str] = Field(max_length=60)
    down: list[str] = Field(max_length=60)

    @model_validator(mode="after")
    def _consistent(self) -> WordscapesInstance:
        width = len(self.layout[0])
        if not 2 <= width <= MAX_SIDE or any(len(row) != width for row in self.layout):
            raise ValueError(f"layout rows must all have the same length, 2-{MAX_SIDE}")
        if any(set(row) - {LETTER_CELL, EMPTY_CELL} for row in self.layout):
            raise ValueError("layout cells must be '_' (letter) or '.' (empty)")
        for name, words in (("across", self.across), ("down", self.down)):
            if any(not word or set(word) - set(LETTERS) for word in words):
                raise ValueError(f"{name} words must be lowercase letters a-z")
            if len(set(words)) != len(words):
                raise ValueError(f"{name} words repeat")
        slots = find_slots(self.layout)
        covered = {cell for slot in slots for cell in slot.cells}
        letters = {
            (r, c) for r, row in enumerate(self.layout) for c, ch in enumerate(row) if ch == "_"
        }
        if covered != letters:
            raise ValueError("a letter cell lies in no slot")
        if not letters:
            raise ValueError("the layout has no letter cell")
        for across, words in ((True, self.across), (False, self.down)):
            lengths = sorted(len(slot.cells) for slot in slots if slot.across == across)
            if lengths != sorted(len(word) for word in words):
                kind = "across" if across else "down"
                raise ValueError(f"{kind} word lengths do not match the {kind} slots")
        return self


# -- generation -------------------------------------------------------------------------------


@functools.cache
def word_index(rank: int, low: int, high: int) -> PatternIndex:
    """Returns the index of the crossword words within ``rank`` (lengths ``low``-``high``)."""
    return PatternIndex([w for w in ranked_words(rank) if VOWELS & set(w)], low, high)


@dataclass(frozen=True)
class Placed:
    """A word placed on the grid."""

    word: str
    across: bool
    cells: tuple[Cell, ...]


def run_cells(start: Cell, across: bool, length: int) -> tuple[Cell, ...]:
    """Returns the ``length`` cells from ``start`` going right (across) or down."""
    r, c = start
    return tuple((r, c + i) if across else (r + i, c) for i in range(length))


def fits(grid: dict[Cell, str], owners: dict[Cell, set[bool]], placed: Placed, size: int) -> bool:
    """Returns whether ``placed`` may join the grid: inside it, crossing only perpendicular
    words, with empty cells before and after it and beside every new letter."""
    across, cells = placed.across, placed.cells
    step = (0, 1) if across else (1, 0)
    side = (1, 0) if across else (0, 1)
    (r0, c0), (r1, c1) = cells[0], cells[-1]
    if min(r0, c0) < 0 or max(r1, c1) >= size:
        return False
    if (r0 - step[0], c0 - step[1]) in grid or (r1 + step[0], c1 + step[1]) in grid:
        return False
    new = 0
    for r, c in cells:
        if (r, c) in grid:
            if across in owners[(r, c)]:
                return False
            continue
        new += 1
        if (r - side[0], c - side[1]) in grid or (r + side[0], c + side[1]) in grid:
            return False
    return new > 0


def grow_layout(knobs: WordscapesKnobs, rng: random.Random) -> list[Placed] | None:
    """Places ``knobs.words`` words, each after the first crossing one already placed.

    Each step tries every placement (a letter of a placed word that is not yet a
    crossing, a length, the new word's letter at that cell) in random order and takes the
    first one that fits and that some unused word matches. Returns None when none does.
    """
    low = knobs.min_length
    high = min(knobs.max_length or knobs.size, knobs.size)
    index = word_index(knobs.rank, low, high)
    lengths = [n for n in range(low, high + 1) if index.by_length.get(n)]
    if not lengths:
        return None
    across = rng.random() < 0.5
    length = rng.choice(lengths)
    line, offset = rng.randrange(knobs.size), rng.randint(0, knobs.size - length)
    first = run_cells((line, offset) if across else (offset, line), across, length)
    grid: dict[Cell, str] = {}
    owners: dict[Cell, set[bool]] = {}
    placed: list[Placed] = []
    used: set[str] = set()

    def put(word: str, where: tuple[Cell, ...], direction: bool) -> None:
        placed.append(Placed(word, direction, where))
        used.add(word)
        for cell, letter in zip(where, word, strict=True):
            grid[cell] = letter
            owners.setdefault(cell, set()).add(direction)

    put(rng.choice(index.by_length[length]), first, across)
    while len(placed) < knobs.words:
        options = [
            (number, cell, length, offset)
            for number, base in enumerate(placed)
            for cell in base.cells
            if len(owners[cell]) == 1
            for length in lengths
            for offset in range(length)
        ]
        rng.shuffle(options)
        for number, (r, c), length, offset in options:
            across = not placed[number].across
            begin = (r, c - offset) if across else (r - offset, c)
            candidate = Placed("", across, run_cells(begin, across, length))
            if not fits(grid, owners, candidate, knobs.size):
                continue
            letters = {i: grid[cell] for i, cell in enumerate(candidate.cells) if cell in grid}
            words = [w for w in index.matching(length, letters) if w not in used]
            if words:
                put(rng.choice(words), candidate.cells, across)
                break
        else:
            return None
    return placed


def crop(placed: list[Placed]) -> tuple[list[str], list[list[str]]]:
    """Returns the layout rows and the solution rows of the placed words' bounding box."""
    cells = {cell: ch for p in placed for cell, ch in zip(p.cells, p.word, strict=True)}
    top = min(r for r, _ in cells)
    left = min(c for _, c in cells)
    rows = max(r for r, _ in cells) - top + 1
    cols = max(c for _, c in cells) - left + 1
    solution = [[EMPTY_CELL] * cols for _ in range(rows)]
    for (r, c), letter in cells.items():
        solution[r - top][c - left] = letter
    layout = ["".join(LETTER_CELL if ch != EMPTY_CELL else ch for ch in row) for row in solution]
    return layout, solution


def crossing_count(layout: list[str]) -> int:
    """Returns how many cells lie in both an across and a down slot."""
    seen: Counter[Cell] = Counter(cell for slot in find_slots(layout) for cell in slot.cells)
    return sum(1 for count in seen.values() if count == 2)


def encode(instance: dict[str, Any]) -> tuple[CNF, dict[Cell, dict[int, int]]]:
    """Returns the puzzle as CNF and, per letter cell, letter value -> its variable.

    One variable per (slot, word of the slot's length): each slot holds exactly one word,
    each word fills exactly one slot of its direction, and a word in a slot sets the
    letter variables of the slot's cells, of which each cell has exactly one.
    """
    pool = VarPool()
    clauses: CNF = []
    letter_vars: dict[Cell, dict[int, int]] = {}
    uses: dict[tuple[bool, str], list[int]] = {}
    for number, slot in enumerate(find_slots(instance["layout"])):
        words = instance["across"] if slot.across else instance["down"]
        fitting = [w for w in words if len(w) == len(slot.cells)]
        chosen = [pool.var(("slot", number, w)) for w in fitting]
        clauses += exactly_one(chosen)
        for word, var in zip(fitting, chosen, strict=True):
            uses.setdefault((slot.across, word), []).append(var)
            for cell, letter in zip(slot.cells, word, strict=True):
                value = LETTERS.index(letter)
                options = letter_vars.setdefault(cell, {})
                if value not in options:
                    options[value] = pool.var(("cell", cell, value))
                clauses.append([-var, options[value]])
    for variables in uses.values():
        clauses += exactly_one(variables)
    for options in letter_vars.values():
        clauses += exactly_one(list(options.values()))
    return clauses, letter_vars


def has_unique_filling(instance: dict[str, Any]) -> bool:
    """Returns whether exactly one letter grid meets the rules (proven with python-sat)."""
    clauses, letter_vars = encode(instance)
    project = [v for options in letter_vars.values() for v in options.values()]
    return count_solutions(clauses, limit=2, project=project) == 1


def generate_puzzle(
    knobs: WordscapesKnobs, rng: random.Random
) -> tuple[dict[str, Any], list[list[str]]]:
    """Draws layouts until one has enough crossings and a unique filling.

    Raises:
        InvalidParamsError: no such layout in :data:`MAX_DRAWS` draws.
    """
    for _ in range(MAX_DRAWS):
        placed = grow_layout(knobs, rng)
        if placed is None:
            continue
        layout, solution = crop(placed)
        slots = find_slots(layout)
        expected = sorted((p.across, p.cells[0], len(p.cells)) for p in placed)
        top = min(r for r, _ in (cell for p in placed for cell in p.cells))
        left = min(c for _, c in (cell for p in placed for cell in p.cells))
        found = sorted(
            (s.across, (s.cells[0][0] + top, s.cells[0][1] + left), len(s.cells)) for s in slots
        )
        if found != expected or crossing_count(layout) < knobs.crossings:
            continue
        instance = {
            "layout": layout,
            "across": sorted(p.word for p in placed if p.across),
            "down": sorted(p.word for p in placed if not p.across),
        }
        if has_unique_filling(instance):
            return instance, solution
    raise InvalidParamsError(
        f"wordscapes: no layout of {knobs.words} words with at least {knobs.crossings} "
        f"crossings and one filling in a {knobs.size} x {knobs.size} grid in {MAX_DRAWS} "
        "draws; choose a larger size, fewer words or fewer crossings"
    )


# -- prompt -----------------------------------------------------------------------------------


def render_layout(layout: list[str]) -> str:
    """Renders the layout with 1-based row and column numbers."""
    cols = len(layout[0])
    width = len(str(max(len(layout), cols)))
    header = " " * (width + 1) + " ".join(str(c + 1).rjust(width) for c in range(cols))
    lines = [
        f"{str(r + 1).rjust(width)} " + " ".join(ch.rjust(width) for ch in row)
        for r, row in enumerate(layout)
    ]
    return "\n".join([header, *lines])


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: the layout, the word lists, the rules and the answer format."""
    layout = instance["layout"]
    rows, cols = len(layout), len(layout[0])
    return (
        "Fill in this crossword (there are no clues, only the words to use).\n\n"
        f"The grid has {rows} rows and {cols} columns, numbered from 1 at the top left. "
        "A '_' is a cell that takes a letter and a '.' is an empty cell:\n\n"
        + render_layout(layout)
        + "\n\n"
        f"Across words ({len(instance['across'])}): {', '.join(instance['across'])}\n"
        f"Down words ({len(instance['down'])}): {', '.join(instance['down'])}\n\n"
        "Every horizontal run of two or more '_' cells (ended by a '.' or the edge) is an "
        "across slot and must read, left to right, one of the across words. Every vertical "
        "run of two or more '_' cells is a down slot and must read, top to bottom, one of "
        "the down words. Each listed word is used exactly once; where an across slot and a "
        "down slot cross, they share that cell's letter. The word lists are in "
        "alphabetical order, not in the order of the slots.\n\n"
        f"Write the filled grid as a JSON list of {rows} rows, top row first, each a list "
        f"of {cols} one-character strings: the letter of each '_' cell and \".\" for each "
        "empty cell.\n"
        'Format example for a grid of 2 rows and 3 columns (layout "___" over "_..", '
        'across word "cat", down word "co"): \\boxed{[["c","a","t"],["o",".","."]]}\n'
        "Think step by step, then put only your final grid inside \\boxed{}."
    )


# -- checking ---------------------------------------------------------------------------------


def read_letters(instance: dict[str, Any], payload: str) -> list[list[int]] | Check:
    """Reads an answer grid as letter values 0-25 and :data:`BLANK`, or a format error."""
    layout = instance["layout"]
    rows, cols = len(layout), len(layout[0])
    try:
        raw = parse_json(unwrap_latex(payload))
    except PayloadError as exc:
        return Check(False, 0.0, str(exc), False)
    if not isinstance(raw, list):
        return Check(False, 0.0, "answer is not a list of rows", False)
    if len(raw) != rows:
        return Check(False, 0.0, f"expected {rows} rows, got {len(raw)}", False)
    grid: list[list[int]] = []
    for r, row in enumerate(raw, 1):
        cells = list(row) if isinstance(row, str) else row
        if not isinstance(cells, list):
            return Check(False, 0.0, f"row {r} is not a list of letters", False)
        if len(cells) != cols:
            return Check(False, 0.0, f"row {r} has {len(cells)} cells; expected {cols}", False)
        values: list[int] = []
        for c, cell in enumerate(cells, 1):
            text = cell.strip().lower() if isinstance(cell, str) else None
            if text is not None and len(text) == 1 and text in LETTERS:
                values.append(LETTERS.index(text))
            elif text is not None and text in EMPTY_MARKS:
                values.append(BLANK)
            else:
                shown = json.dumps(cell, ensure_ascii=False)[:12]
                reason = f"cell ({r},{c}) is {shown}; write one letter, or '.' for an empty cell"
                return Check(False, 0.0, reason, False)
        grid.append(values)
    return grid


def broken_rules(instance: dict[str, Any], grid: list[list[int]]) -> list[str]:
    """Returns a reason per broken rule: empty letter cells, then across and down slots."""
    layout = instance["layout"]
    broken = [
        f"cell ({r + 1},{c + 1}) takes a letter but is empty"
        for r, row in enumerate(layout)
        for c, ch in enumerate(row)
        if ch == LETTER_CELL and grid[r][c] == BLANK
    ]
    seen: set[tuple[bool, str]] = set()
    for slot in find_slots(layout):
        word = "".join(LETTERS[grid[r][c]] if grid[r][c] != BLANK else "." for r, c in slot.cells)
        kind = "across" if slot.across else "down"
        if "." in word:
            continue
        if word not in (instance["across"] if slot.across else instance["down"]):
            article = "an" if slot.across else "a"
            broken.append(f"{slot.describe()} reads {word!r}, which is not {article} {kind} word")
        elif (slot.across, word) in seen:
            broken.append(f"{slot.describe()} repeats {word!r}; each word is used once")
        seen.add((slot.across, word))
    return broken


# -- the family -------------------------------------------------------------------------------


@register("wordscapes")
class Wordscapes(Family):
    """Place the listed words in a crossword layout (SynLogic's wordscapes)."""

    version = 0
    kind = "puzzle"
    description = "Wordscapes: fill a clueless crossword layout with the listed words"
    Knobs = WordscapesKnobs
    Instance = WordscapesInstance

    def validate_for_generation(self, knobs: WordscapesKnobs) -> None:
        high = knobs.max_length if knobs.max_length is not None else knobs.size
        if high > knobs.size or high < knobs.min_length:
            raise InvalidParamsError(
                f"wordscapes: need min_length <= max_length <= size, got "
                f"{knobs.min_length}, {high}, {knobs.size}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        size, words, rank = LEVELS[level]
        return {"size": size, "words": words, "rank": rank}

    def generate(self, knobs: WordscapesKnobs, rng: random.Random) -> Draft:
        instance, solution = generate_puzzle(knobs, rng)
        layout = instance["layout"]
        meta = {
            "letters": sum(row.count(LETTER_CELL) for row in layout),
            "crossings": crossing_count(layout),
        }
        answer = json.dumps(solution, separators=(",", ":"))
        return Draft(render_prompt(instance), answer, instance, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        grid = read_letters(instance, payload)
        if isinstance(grid, Check):
            return grid
        for r, row in enumerate(instance["layout"]):
            for c, ch in enumerate(row):
                if ch == EMPTY_CELL and grid[r][c] != BLANK:
                    return Check(
                        False,
                        0.0,
                        f"cell ({r + 1},{c + 1}) is empty in the layout, the answer has "
                        f"{LETTERS[grid[r][c]]!r} (a changed given earns no credit)",
                    )
        broken = broken_rules(instance, grid)
        slots = len(instance["across"]) + len(instance["down"])
        if not broken:
            return Check(True, 1.0, f"all {slots} slots hold listed words, each once")
        return Check(
            False,
            0.0,
            f"{broken[0]} ({len(broken)} {'rule' if len(broken) == 1 else 'rules'} broken)",
            progress=lambda: self.space(instance).credit(grid),
        )

    def space(self, instance: dict[str, Any]) -> SolutionSpace:
        """The solution space behind partial credit (cached per instance)."""

        def build(instance: dict[str, Any]) -> SolutionSpace:
            layout = self.answer_layout(instance)
            clauses, letter_vars = encode(instance)
            return SolutionSpace(layout, clauses, [letter_vars[cell] for cell in layout.free])

        return cached_space(self.name, instance, build)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout:
        layout = instance["layout"]
        rows, cols = len(layout), len(layout[0])
        cells = [(r, c) for r in range(rows) for c in range(cols)]
        fixed = {(r, c): BLANK for r, c in cells if layout[r][c] == EMPTY_CELL}
        free = tuple((r, c) for r, c in cells if layout[r][c] == LETTER_CELL)
        return AnswerLayout(rows, cols, tuple(range(27)), fixed, free, symbols=SYMBOLS)

    def hardness(self, task: Task) -> float:
        """Letter cells plus log2(k!) per direction and word length (k words of it)."""
        letters = sum(row.count(LETTER_CELL) for row in task.instance["layout"])
        groups = Counter((True, len(w)) for w in task.instance["across"])
        groups.update((False, len(w)) for w in task.instance["down"])
        return float(letters + sum(math.log2(math.factorial(k)) for k in groups.values()))
