"""Zebra (Einstein) puzzles: houses in a row, attributes, clues that fix exactly one grid.

Description:
    The idea of SynLogic's ``zebra_puzzle`` task (arXiv 2505.19641), which had no generator
    (it reused outside data); this generator is written here. ``n`` houses stand in a row,
    numbered 1 to ``n`` from left to right, one person in each. Each person has one value of
    each of ``k`` attributes (name, nationality, house colour, pet, drink, job, hobby,
    favourite food, music, transport; the value lists ship in :data:`CATALOGUE`), and no two
    people share a value of an attribute. Numbered clues relate the values; the question asks
    for the whole grid or for one cell ("Which house does the zebra owner live in?", "What
    does the Norwegian drink?").

    Clue kinds. *Direct*: two values belong to one person ("The Brit lives in the red
    house"); a value's house ("The cat owner lives in house 3"). *Relative*: somewhere left
    or right of, directly left or right of, next to, somewhere between (strictly, not
    necessarily adjacent). *Negative*: two values belong to different people; a value is
    not in a house. *Either-or*: a person has one value or another (at least one holds); a
    value is in one house or another.

    Generation: draw the attributes, the values (listed in alphabetical order in the
    prompt) and a random solution, then add true clues, each chosen to rule out the model
    the solver still finds besides the solution, until python-sat proves the solution
    unique (the formula "every clue holds and the grid is not the solution" is
    unsatisfiable). The clue set is then pruned to a minimal one: starting from the
    solver's unsatisfiable core, each clue is dropped when the others still prove
    uniqueness, so every remaining clue is necessary. The knob ``indirect`` is the chance
    that a drawn clue is relative, negative or either-or; pruning tries the direct clues
    first when ``indirect`` is at least 0.5 (so hard puzzles keep few direct clues), the
    others first otherwise.

    A one-cell question never asks what a single clue states outright (no direct clue
    joins the asked person to the asked attribute or house), and its answer is never
    house 1 nor the first value listed for the asked attribute (the answers a reader
    writes without solving). A solution whose grid agrees with the "values in the listed
    order" grid (house ``i`` gets the ``i``-th listed value of each attribute), or with
    that order reversed, in more than half of its cells is drawn again.

Instance:
    ``{"houses": n, "attributes": [{"name": "colour", "values": [...]}, ...],
    "clues": [{"kind": "same", "refs": [["colour", "red"], ["drink", "tea"]],
    "houses": []}, ...], "question": {"kind": "grid"}}``. Attribute names come from
    :data:`CATALOGUE`, in catalogue order; each has ``n`` distinct values (listed order,
    distinct after case folding). A clue's ``refs`` name ``[attribute, value]`` pairs and
    ``houses`` its house numbers (1-based); see :data:`CLUE_SHAPES` for each kind's arity.
    The question is ``{"kind": "grid"}``, ``{"kind": "house", "ref": [attribute, value]}``
    or ``{"kind": "value", "ref": [attribute, value], "attribute": asked}``. An instance
    whose clues do not have exactly one solution is refused (proven with python-sat).

Answer format:
    Grid question: a JSON object with one key per house, ``"1"`` to ``"n"``, each mapping
    every attribute name to that house's value, e.g. for 3 houses and attributes colour
    and pet ``\\boxed{{"1": {"colour": "red", "pet": "cat"}, "2": {"colour": "blue",
    "pet": "dog"}, "3": {"colour": "green", "pet": "fish"}}}``. Variants read alike: keys
    ``"House 1"``; a JSON list of ``n`` objects (house 1 first); Python literal syntax
    (single quotes, read with ``ast.literal_eval``, never ``eval``); attribute names and
    values in any order and any case, with surrounding spaces and a leading "the", "a" or
    "an" ignored. A missing or unknown house or attribute is a format error.

    House question: the house number, ``\\boxed{3}`` (``House 3`` reads alike). Value
    question: the value as listed, ``\\boxed{tea}``, case-insensitive, a leading article
    ignored. A house off the row, or a value not listed for the asked attribute, is a
    format error.

Scoring:
    0/1 (the answer is not a grid of cells in the registry's sense: no layout, no partial
    credit). The solution is unique, so the gold is the only right answer. The reason of a
    wrong grid names the first wrong cell in reading order (house 1 first, attributes in the
    listed order) and how many cells are wrong; a wrong cell answer says it is wrong.

Difficulty:
    The grid grows (houses x attributes) and clues get more indirect (``indirect``, the
    chance a drawn clue is relative, negative or either-or). ``hardness`` is
    ``houses * attributes * (1 + share of indirect clues in the final set)``.

    Measured columns: means over seeds 0-39 of the clues after pruning and of the share of
    indirect clues among them; the last column counts grid / house / value questions.

    =====  ======  ==========  ========  ==========  =====  ========  ==========
    level  houses  attributes  indirect  cell share  clues  indirect  questions
    =====  ======  ==========  ========  ==========  =====  ========  ==========
    1      3       2           0.2       0.6         3.5    0.17      12/9/19
    2      3       3           0.3       0.6         5.0    0.21      17/9/14
    3      4       3           0.4       0.6         7.4    0.29      16/11/13
    4      4       4           0.5       0.6         9.5    0.45      13/10/17
    5      5       4           0.6       0.5         12.4   0.55      23/4/13
    6      5       5           0.65      0.5         15.7   0.57      24/8/8
    7      6       5           0.7       0.5         20.1   0.60      24/7/9
    8      6       6           0.8       0.4         24.1   0.77      23/6/11
    9      7       6           0.85      0.4         29.2   0.82      24/5/11
    10     7       7           0.9       0.4         34.1   0.89      26/5/9
    =====  ======  ==========  ========  ==========  =====  ========  ==========

Knobs:
    ``houses`` (3-8), ``attributes`` (2-8), ``indirect`` (0-1, chance a drawn clue is not
    direct), ``cell_share`` (0-1, chance the question asks one cell instead of the grid).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``zebra_puzzle``, no generator
    released). The puzzle form follows the "Einstein puzzle" (Life International, 1962).

Version history:
    v0: first release.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pysat.solvers import Solver

from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.tasks._cnf import (
    CNF,
    SOLVER,
    VarPool,
    exactly_one,
    fresh_var,
)
from taskgen.verifiers.extract import unwrap_latex
from taskgen.verifiers.parse import PayloadError, parse_json, parse_literal

MIN_HOUSES = 3
MAX_HOUSES = 8
MIN_ATTRIBUTES = 2
MAX_ATTRIBUTES = 8
CANDIDATE_DRAWS = 24
"""Random clues tried for one that rules out the solver's current rival model."""
HOUSE_QUESTION_SHARE = 1 / 3
"""Share of one-cell questions that ask for a house number (the rest ask for a value)."""
MAX_LISTED_MATCH = 0.5
"""Most share of cells a solution may share with the listed order (or its reverse)."""
MAX_ANSWER_CHARS = 20_000
MAX_VALUE_CHARS = 40
EXAMPLE_VALUE = "lemonade"
"""The format example's value: in no attribute's list, so never an answer."""
EXAMPLE_HOUSE = 10
"""The format example's house: beyond :data:`MAX_HOUSES`, so never an answer."""


@dataclass(frozen=True)
class Attribute:
    """One attribute of the catalogue: its values and the phrases that talk about them."""

    name: str
    values: tuple[str, ...]
    noun: str
    """Noun phrase of the person with value ``{v}``: "the {v} owner"."""
    has: str
    """Verb phrase saying a person has value ``{v}``: "owns the {v}"."""
    has_not: str
    """Its negation: "does not own the {v}"."""
    ask: str
    """Question for this attribute of the person ``{p}``: "Which pet does {p} own?"."""
    plural: str
    """How the prompt names the attribute in the value lists: "pets"."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


CATALOGUE: tuple[Attribute, ...] = (
    Attribute(
        "name",
        _words("Alice Bob Carol David Emma Frank Grace Henry Iris Jack"),
        "{v}",
        "is {v}",
        "is not {v}",
        "What is the name of {p}?",
        "names",
    ),
    Attribute(
        "nationality",
        _words("Brit Swede Dane Norwegian German Spaniard Italian Canadian Brazilian Mexican"),
        "the {v}",
        "is the {v}",
        "is not the {v}",
        "What nationality is {p}?",
        "nationalities",
    ),
    Attribute(
        "colour",
        _words("red green white yellow blue orange purple grey pink brown"),
        "the person in the {v} house",
        "lives in the {v} house",
        "does not live in the {v} house",
        "What colour is the house of {p}?",
        "house colours",
    ),
    Attribute(
        "pet",
        _words("dog cat bird fish horse zebra rabbit hamster snake turtle"),
        "the {v} owner",
        "owns the {v}",
        "does not own the {v}",
        "Which pet does {p} own?",
        "pets",
    ),
    Attribute(
        "drink",
        _words("tea coffee milk water juice cocoa soda cider kefir punch"),
        "the person who drinks {v}",
        "drinks {v}",
        "does not drink {v}",
        "What does {p} drink?",
        "drinks",
    ),
    Attribute(
        "job",
        _words("doctor teacher baker pilot farmer nurse lawyer chef engineer plumber"),
        "the {v}",
        "is the {v}",
        "is not the {v}",
        "What is the job of {p}?",
        "jobs",
    ),
    Attribute(
        "hobby",
        _words(
            "chess gardening hiking knitting photography pottery reading singing cycling dancing"
        ),
        "the person who enjoys {v}",
        "enjoys {v}",
        "does not enjoy {v}",
        "Which hobby does {p} enjoy?",
        "hobbies",
    ),
    Attribute(
        "food",
        _words("pizza pasta sushi salad soup tacos curry noodles stew rice"),
        "the person who loves {v}",
        "loves {v}",
        "does not love {v}",
        "Which food does {p} love?",
        "foods",
    ),
    Attribute(
        "music",
        _words("jazz rock pop blues folk classical reggae metal soul techno"),
        "the person who listens to {v}",
        "listens to {v}",
        "does not listen to {v}",
        "Which music does {p} listen to?",
        "kinds of music",
    ),
    Attribute(
        "transport",
        _words("bike bus car train tram scooter boat taxi ferry van"),
        "the person who travels by {v}",
        "travels by {v}",
        "does not travel by {v}",
        "How does {p} travel?",
        "means of transport",
    ),
)
"""Every attribute a puzzle may use, in the order puzzles list them."""
BY_NAME: dict[str, Attribute] = {attribute.name: attribute for attribute in CATALOGUE}

DIRECT_KINDS: tuple[str, ...] = ("same", "at")
INDIRECT_WEIGHTS: dict[str, float] = {
    "left_of": 1.0,
    "right_of": 1.0,
    "imm_left": 1.0,
    "imm_right": 1.0,
    "next_to": 1.5,
    "between": 1.0,
    "not_same": 1.5,
    "not_at": 1.0,
    "either": 1.5,
    "either_at": 1.0,
}
"""Relative, negative and either-or kinds, with their draw weights."""
CLUE_SHAPES: dict[str, tuple[int, int]] = {
    "same": (2, 0),
    "at": (1, 1),
    "not_same": (2, 0),
    "not_at": (1, 1),
    "left_of": (2, 0),
    "right_of": (2, 0),
    "imm_left": (2, 0),
    "imm_right": (2, 0),
    "next_to": (2, 0),
    "between": (3, 0),
    "either": (3, 0),
    "either_at": (1, 2),
}
"""Clue kind -> (number of refs, number of houses)."""

LEVELS: dict[int, tuple[int, int, float, float]] = {
    1: (3, 2, 0.2, 0.6),
    2: (3, 3, 0.3, 0.6),
    3: (4, 3, 0.4, 0.6),
    4: (4, 4, 0.5, 0.6),
    5: (5, 4, 0.6, 0.5),
    6: (5, 5, 0.65, 0.5),
    7: (6, 5, 0.7, 0.5),
    8: (6, 6, 0.8, 0.4),
    9: (7, 6, 0.85, 0.4),
    10: (7, 7, 0.9, 0.4),
}
"""Level -> (houses, attributes, indirect, cell_share)."""

Ref = tuple[int, int]
"""(attribute index, value index) within one puzzle."""
Grid = tuple[tuple[int, ...], ...]
"""grid[a][h] = index of the value of attribute ``a`` in house ``h``."""


@dataclass(frozen=True)
class Clue:
    """One clue: its kind, the values it names and the houses (0-based) it names."""

    kind: str
    refs: tuple[Ref, ...]
    houses: tuple[int, ...] = ()

    @property
    def is_direct(self) -> bool:
        """Whether the clue states a fact outright (same person, or a house)."""
        return self.kind in DIRECT_KINDS


@dataclass(frozen=True)
class Puzzle:
    """A puzzle in index form: attribute names, value lists, clues, and the question."""

    houses: int
    names: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    clues: tuple[Clue, ...]
    question: tuple[str, Ref | None, int | None]
    """(kind, asked person's ref or None, asked attribute index or None)."""

    @cached_property
    def solution(self) -> Grid | None:
        """The only grid the clues allow (None when they allow none or several)."""
        return prove(self.houses, len(self.names), self.clues)

    @cached_property
    def name_index(self) -> dict[str, int]:
        """Attribute index by normalised name."""
        return {normalise(name): a for a, name in enumerate(self.names)}

    @cached_property
    def value_index(self) -> list[dict[str, int]]:
        """Per attribute, value index by normalised value."""
        return [{normalise(v): i for i, v in enumerate(vals)} for vals in self.values]


class ZebraPuzzleKnobs(BaseModel):
    """Knobs of the ``zebra_puzzle`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    houses: int = Field(ge=MIN_HOUSES, le=MAX_HOUSES, description="houses in the row")
    attributes: int = Field(
        ge=MIN_ATTRIBUTES, le=MAX_ATTRIBUTES, description="attributes per person"
    )
    indirect: float = Field(
        ge=0.0, le=1.0, description="chance a drawn clue is relative, negative or either-or"
    )
    cell_share: float = Field(
        default=0.5, ge=0.0, le=1.0, description="chance the question asks one cell"
    )


class AttributeModel(BaseModel):
    """One attribute of an instance: its catalogue name and its values in listed order."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str
    values: list[str]


class ClueModel(BaseModel):
    """One clue of an instance."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: str
    refs: list[list[str]]
    houses: list[int]


class QuestionModel(BaseModel):
    """The question of an instance."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Literal["grid", "house", "value"]
    ref: list[str] | None = None
    attribute: str | None = None


class ZebraPuzzleInstance(BaseModel):
    """``Task.instance`` of the ``zebra_puzzle`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    houses: int = Field(ge=2, le=MAX_HOUSES)
    attributes: list[AttributeModel] = Field(min_length=1, max_length=len(CATALOGUE))
    clues: list[ClueModel] = Field(max_length=400)
    question: QuestionModel

    @model_validator(mode="after")
    def _consistent(self) -> ZebraPuzzleInstance:
        puzzle = to_puzzle(self.model_dump())
        if solution_of(puzzle) is None:
            raise ValueError("the clues do not have exactly one solution")
        return self


# -- instance <-> index form ---------------------------------------------------------------------


def normalise(text: str) -> str:
    """Returns the comparison form of a value or name: case-folded, spaces collapsed, a
    leading article dropped.

    >>> normalise("  The  Norwegian ")
    'norwegian'
    """
    words = text.casefold().split()
    if len(words) > 1 and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def to_puzzle(instance: dict[str, Any]) -> Puzzle:
    """Reads an instance into index form; raises ``ValueError`` on anything malformed."""
    n = instance["houses"]
    names: list[str] = []
    values: list[tuple[str, ...]] = []
    for attribute in instance["attributes"]:
        name, listed = attribute["name"], attribute["values"]
        if name not in BY_NAME:
            raise ValueError(f"unknown attribute {name!r}; known: {', '.join(BY_NAME)}")
        if name in names:
            raise ValueError(f"attribute {name!r} is listed twice")
        if len(listed) != n:
            raise ValueError(f"attribute {name!r} has {len(listed)} values, not {n}")
        folded = [normalise(v) for v in listed]
        if any(not v or len(v) > MAX_VALUE_CHARS for v in folded) or len(set(folded)) != n:
            raise ValueError(f"values of {name!r} must be distinct non-empty short strings")
        names.append(name)
        values.append(tuple(listed))
    order = [BY_NAME[name] for name in names]
    if order != sorted(order, key=CATALOGUE.index):
        raise ValueError("attributes must be listed in catalogue order")
    lookup = {(a, v): (a, i) for a, vals in enumerate(values) for i, v in enumerate(vals)}
    index = {name: a for a, name in enumerate(names)}

    def ref(pair: list[str] | None) -> Ref:
        if pair is None or len(pair) != 2 or pair[0] not in index:
            raise ValueError(f"bad reference {pair!r}")
        found = lookup.get((index[pair[0]], pair[1]))
        if found is None:
            raise ValueError(f"{pair[1]!r} is not a value of {pair[0]!r}")
        return found

    clues = []
    for clue in instance["clues"]:
        kind = clue["kind"]
        if kind not in CLUE_SHAPES:
            raise ValueError(f"unknown clue kind {kind!r}")
        arity, house_count = CLUE_SHAPES[kind]
        if len(clue["refs"]) != arity or len(clue["houses"]) != house_count:
            raise ValueError(f"a {kind!r} clue names {arity} values and {house_count} houses")
        if any(not 1 <= h <= n for h in clue["houses"]):
            raise ValueError(f"a {kind!r} clue names a house off the row 1-{n}")
        clues.append(
            Clue(kind, tuple(ref(r) for r in clue["refs"]), tuple(h - 1 for h in clue["houses"]))
        )
    question = instance["question"]
    kind = question["kind"]
    if kind == "grid":
        if question.get("ref") is not None or question.get("attribute") is not None:
            raise ValueError("a grid question names no value and no attribute")
        asked: tuple[str, Ref | None, int | None] = ("grid", None, None)
    elif kind == "house":
        if question.get("attribute") is not None:
            raise ValueError("a house question names no attribute")
        asked = ("house", ref(question.get("ref")), None)
    else:
        target = question.get("attribute")
        person = ref(question.get("ref"))
        if target not in index or index[target] == person[0]:
            raise ValueError("a value question asks another attribute of the puzzle")
        asked = ("value", person, index[target])
    return Puzzle(n, tuple(names), tuple(values), tuple(clues), asked)


def to_instance(puzzle: Puzzle) -> dict[str, Any]:
    """Writes a puzzle in instance form (the JSON the task stores)."""

    def pair(ref: Ref) -> list[str]:
        return [puzzle.names[ref[0]], puzzle.values[ref[0]][ref[1]]]

    kind, person, target = puzzle.question
    question: dict[str, Any] = {"kind": kind}
    if person is not None:
        question["ref"] = pair(person)
    if target is not None:
        question["attribute"] = puzzle.names[target]
    return {
        "houses": puzzle.houses,
        "attributes": [
            {"name": name, "values": list(vals)}
            for name, vals in zip(puzzle.names, puzzle.values, strict=True)
        ],
        "clues": [
            {
                "kind": clue.kind,
                "refs": [pair(r) for r in clue.refs],
                "houses": [h + 1 for h in clue.houses],
            }
            for clue in puzzle.clues
        ],
        "question": question,
    }


# -- logic ----------------------------------------------------------------------------------------


def holds(clue: Clue, where: dict[Ref, int]) -> bool:
    """Returns whether ``clue`` is true when value ``r`` is in house ``where[r]``."""
    p = [where[r] for r in clue.refs]
    kind, hs = clue.kind, clue.houses
    if kind == "same":
        return p[0] == p[1]
    if kind == "at":
        return p[0] == hs[0]
    if kind == "not_same":
        return p[0] != p[1]
    if kind == "not_at":
        return p[0] != hs[0]
    if kind == "left_of":
        return p[0] < p[1]
    if kind == "right_of":
        return p[0] > p[1]
    if kind == "imm_left":
        return p[0] + 1 == p[1]
    if kind == "imm_right":
        return p[0] == p[1] + 1
    if kind == "next_to":
        return abs(p[0] - p[1]) == 1
    if kind == "between":
        return p[0] < p[1] < p[2] or p[2] < p[1] < p[0]
    if kind == "either":
        return p[0] == p[1] or p[0] == p[2]
    return p[0] in hs  # either_at


def positions(grid: Grid) -> dict[Ref, int]:
    """Returns the house of every value of ``grid``."""
    return {(a, v): h for a, row in enumerate(grid) for h, v in enumerate(row)}


class Encoding:
    """The CNF of a puzzle's grid: ``x(a, v, h)`` says value ``v`` of attribute ``a`` is in
    house ``h``; every attribute is a permutation of its values over the houses."""

    def __init__(self, houses: int, attributes: int) -> None:
        self.n, self.k = houses, attributes
        self.pool = VarPool()
        for a in range(attributes):
            for v in range(houses):
                for h in range(houses):
                    self.pool.var((a, v, h))
        self.base: CNF = []
        for a in range(attributes):
            for h in range(houses):
                self.base += exactly_one([self.x((a, v), h) for v in range(houses)])
            for v in range(houses):
                self.base += exactly_one([self.x((a, v), h) for h in range(houses)])

    def x(self, ref: Ref, house: int) -> int:
        """Returns the variable "value ``ref`` is in ``house``"."""
        return ref[0] * self.n * self.n + ref[1] * self.n + house + 1

    def other_than(self, grid: Grid) -> list[int]:
        """Returns the clause "the grid differs from ``grid`` in some cell"."""
        return [-self.x((a, v), h) for a, row in enumerate(grid) for h, v in enumerate(row)]

    def clue(self, clue: Clue) -> CNF:
        """Returns clauses saying ``clue`` holds (one fresh variable for "between")."""
        n, x, kind = self.n, self.x, clue.kind
        refs, hs = clue.refs, clue.houses
        out: CNF = []
        if kind == "same":
            a, b = refs
            for h in range(n):
                out += [[-x(a, h), x(b, h)], [x(a, h), -x(b, h)]]
        elif kind == "at":
            out.append([x(refs[0], hs[0])])
        elif kind == "not_same":
            a, b = refs
            out += [[-x(a, h), -x(b, h)] for h in range(n)]
        elif kind == "not_at":
            out.append([-x(refs[0], hs[0])])
        elif kind in ("left_of", "right_of"):
            a, b = refs if kind == "left_of" else refs[::-1]
            for h in range(n):
                out.append([-x(a, h), *[x(b, g) for g in range(h + 1, n)]])
                out.append([-x(b, h), *[x(a, g) for g in range(h)]])
        elif kind in ("imm_left", "imm_right"):
            a, b = refs if kind == "imm_left" else refs[::-1]
            for h in range(n):
                out.append([-x(a, h)] + ([x(b, h + 1)] if h + 1 < n else []))
                out.append([-x(b, h)] + ([x(a, h - 1)] if h > 0 else []))
        elif kind == "next_to":
            a, b = refs
            for h in range(n):
                out.append([-x(a, h), *[x(b, g) for g in (h - 1, h + 1) if 0 <= g < n]])
        elif kind == "between":
            a, m, c = refs
            d = fresh_var(self.pool)  # true: a lies left of c
            for h in range(n):
                left_a = [x(a, g) for g in range(h)]
                right_a = [x(a, g) for g in range(h + 1, n)]
                left_c = [x(c, g) for g in range(h)]
                right_c = [x(c, g) for g in range(h + 1, n)]
                out.append([-x(m, h), -d, *left_a])
                out.append([-x(m, h), -d, *right_c])
                out.append([-x(m, h), d, *right_a])
                out.append([-x(m, h), d, *left_c])
        elif kind == "either":
            a, b, c = refs
            out += [[-x(a, h), x(b, h), x(c, h)] for h in range(n)]
        else:  # either_at
            out += [[-x(refs[0], h)] for h in range(n) if h not in hs]
        return out

    def decode(self, model: list[int]) -> Grid:
        """Reads the grid of a model (the solver's list of literals, variable 1 first)."""
        n = self.n
        grid = [[0] * n for _ in range(self.k)]
        for literal in model[: self.k * n * n]:
            if literal > 0:
                a, rest = divmod(literal - 1, n * n)
                v, h = divmod(rest, n)
                grid[a][h] = v
        return tuple(tuple(row) for row in grid)


SOLVED_CACHE = 1024
"""Clue sets whose solution is remembered (proofs made while generating included)."""
_solved: dict[tuple[int, int, tuple[Clue, ...]], Grid | None] = {}


def _remember(key: tuple[int, int, tuple[Clue, ...]], grid: Grid | None) -> None:
    if len(_solved) >= SOLVED_CACHE:
        _solved.pop(next(iter(_solved)))
    _solved[key] = grid


def prove(houses: int, attributes: int, clues: tuple[Clue, ...]) -> Grid | None:
    """Returns the only grid the clues allow, or None when they allow none or several.

    One model gives the candidate; the formula with "not this grid" added must then be
    unsatisfiable.
    """
    key = (houses, attributes, clues)
    if key in _solved:
        return _solved[key]
    encoding = Encoding(houses, attributes)
    clauses = list(encoding.base)
    for clue in clues:
        clauses += encoding.clue(clue)
    found: Grid | None = None
    with Solver(name=SOLVER, bootstrap_with=clauses) as solver:
        if solver.solve():
            grid = encoding.decode(solver.get_model() or [])
            solver.add_clause(encoding.other_than(grid))
            found = None if solver.solve() else grid
    _remember(key, found)
    return found


def solution_of(puzzle: Puzzle) -> Grid | None:
    """Returns the puzzle's solution, or None unless the clues allow exactly one grid."""
    return prove(puzzle.houses, len(puzzle.names), puzzle.clues)


# -- generation -----------------------------------------------------------------------------------


def listed_share(grid: Grid, reverse: bool) -> float:
    """Returns the share of cells where ``grid`` agrees with the values in listed order
    (house ``i`` gets the ``i``-th value), or with that order reversed."""
    n = len(grid[0])
    same = sum(1 for row in grid for h, v in enumerate(row) if v == (n - 1 - h if reverse else h))
    return same / (len(grid) * n)


def draw_solution(n: int, k: int, rng: random.Random) -> Grid:
    """Draws a random grid far from the listed order and from its reverse."""
    while True:
        grid = tuple(tuple(rng.sample(range(n), n)) for _ in range(k))
        if max(listed_share(grid, False), listed_share(grid, True)) <= MAX_LISTED_MATCH:
            return grid


def _draw_kind(indirect: float, rng: random.Random) -> str:
    if rng.random() >= indirect:
        return rng.choice(DIRECT_KINDS)
    kinds = list(INDIRECT_WEIGHTS)
    return rng.choices(kinds, weights=[INDIRECT_WEIGHTS[k] for k in kinds])[0]


def draw_clue(grid: Grid, kind: str, rng: random.Random) -> Clue:
    """Draws a random clue of ``kind`` that is true of ``grid``."""
    k, n = len(grid), len(grid[0])

    def at(house: int, attribute: int | None = None) -> Ref:
        a = rng.randrange(k) if attribute is None else attribute
        return (a, grid[a][house])

    def two_attributes() -> tuple[int, int]:
        a, b = rng.sample(range(k), 2)
        return a, b

    if kind == "same":
        a, b = two_attributes()
        h = rng.randrange(n)
        return Clue(kind, (at(h, a), at(h, b)))
    if kind in ("at", "not_at"):
        h = rng.randrange(n)
        g = h if kind == "at" else rng.choice([i for i in range(n) if i != h])
        return Clue(kind, (at(h),), (g,))
    if kind == "not_same":
        a, b = two_attributes()
        h, g = rng.sample(range(n), 2)
        return Clue(kind, (at(h, a), at(g, b)))
    if kind in ("left_of", "right_of"):
        h, g = sorted(rng.sample(range(n), 2))
        first, second = at(h), at(g)
        return Clue(kind, (first, second) if kind == "left_of" else (second, first))
    if kind in ("imm_left", "imm_right", "next_to"):
        h = rng.randrange(n - 1)
        first, second = at(h), at(h + 1)
        if kind == "imm_right" or (kind == "next_to" and rng.random() < 0.5):
            first, second = second, first
        return Clue(kind, (first, second))
    if kind == "between":
        h, m, g = sorted(rng.sample(range(n), 3))
        ends = [at(h), at(g)]
        rng.shuffle(ends)
        return Clue(kind, (ends[0], at(m), ends[1]))
    if kind == "either":
        a = rng.randrange(k)
        h, g = rng.sample(range(n), 2)
        b = rng.choice([i for i in range(k) if i != a])
        c = rng.choice([i for i in range(k) if i != a])
        options = [at(h, b), at(g, c)]
        rng.shuffle(options)
        return Clue(kind, (at(h, a), *options))
    # either_at
    h, g = rng.sample(range(n), 2)
    return Clue("either_at", (at(h),), tuple(sorted((h, g))))


def build_clues(grid: Grid, indirect: float, rng: random.Random) -> list[Clue]:
    """Adds true clues until python-sat proves ``grid`` the only solution, then prunes them
    to a minimal set (each remaining clue necessary); returns that set."""
    k, n = len(grid), len(grid[0])
    encoding = Encoding(n, k)
    clues: list[Clue] = []
    selectors: list[int] = []
    with Solver(name=SOLVER, bootstrap_with=[*encoding.base, encoding.other_than(grid)]) as solver:
        while solver.solve(assumptions=selectors):
            rival = positions(encoding.decode(solver.get_model() or []))
            clue = draw_clue(grid, _draw_kind(indirect, rng), rng)
            for _ in range(CANDIDATE_DRAWS):
                if not holds(clue, rival):
                    break
                clue = draw_clue(grid, _draw_kind(indirect, rng), rng)
            selector = encoding.pool.var(("selector", len(clues)))
            for clause in encoding.clue(clue):
                solver.add_clause([-selector, *clause])
            clues.append(clue)
            selectors.append(selector)
        index = {s: i for i, s in enumerate(selectors)}
        kept = set(solver.get_core() or selectors)
        order = sorted(kept, key=lambda s: index[s])
        rng.shuffle(order)
        direct_first = indirect >= 0.5
        order.sort(key=lambda s: clues[index[s]].is_direct != direct_first)
        for selector in order:
            if selector not in kept:
                continue
            trial = [s for s in sorted(kept, key=lambda s: index[s]) if s != selector]
            if not solver.solve(assumptions=trial):
                kept = set(solver.get_core() or trial)
    chosen = [clues[index[s]] for s in sorted(kept, key=lambda s: index[s])]
    _remember((n, k, tuple(chosen)), grid)  # proven above: the kept clues allow only grid
    return chosen


def choose_question(
    grid: Grid, clues: list[Clue], cell_share: float, rng: random.Random
) -> tuple[str, Ref | None, int | None]:
    """Draws the question: the grid, or one cell no clue states outright whose answer is
    neither house 1 nor the asked attribute's first listed value."""
    if rng.random() >= cell_share:
        return ("grid", None, None)
    k, n = len(grid), len(grid[0])
    placed = {clue.refs[0] for clue in clues if clue.kind == "at"}
    joined = {frozenset((clue.refs[0], clue.refs[1])) for clue in clues if clue.kind == "same"}
    houses = [
        (a, grid[a][h]) for a in range(k) for h in range(1, n) if (a, grid[a][h]) not in placed
    ]
    values = [
        ((a, grid[a][h]), b)
        for a in range(k)
        for b in range(k)
        for h in range(n)
        if a != b
        and grid[b][h] != 0
        and frozenset(((a, grid[a][h]), (b, grid[b][h]))) not in joined
    ]
    if houses and (not values or rng.random() < HOUSE_QUESTION_SHARE):
        return ("house", rng.choice(houses), None)
    if values:
        person, target = rng.choice(values)
        return ("value", person, target)
    return ("grid", None, None)


def generate_puzzle(knobs: ZebraPuzzleKnobs, rng: random.Random) -> tuple[Puzzle, Grid]:
    """Draws attributes, values and a solution, then the clues and the question."""
    n, k = knobs.houses, knobs.attributes
    chosen = sorted(rng.sample(range(len(CATALOGUE)), k))
    names = tuple(CATALOGUE[i].name for i in chosen)
    values = tuple(
        tuple(sorted(rng.sample(CATALOGUE[i].values, n), key=str.casefold)) for i in chosen
    )
    grid = draw_solution(n, k, rng)
    clues = build_clues(grid, knobs.indirect, rng)
    question = choose_question(grid, clues, knobs.cell_share, rng)
    return Puzzle(n, names, values, tuple(clues), question), grid


# -- prompt ---------------------------------------------------------------------------------------


def _noun(puzzle: Puzzle, ref: Ref) -> str:
    return BY_NAME[puzzle.names[ref[0]]].noun.format(v=puzzle.values[ref[0]][ref[1]])


def _has(puzzle: Puzzle, ref: Ref, negated: bool = False) -> str:
    attribute = BY_NAME[puzzle.names[ref[0]]]
    return (attribute.has_not if negated else attribute.has).format(v=puzzle.values[ref[0]][ref[1]])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_clue(puzzle: Puzzle, clue: Clue) -> str:
    """Writes one clue as an English sentence."""
    refs, hs, kind = clue.refs, clue.houses, clue.kind
    first = _noun(puzzle, refs[0])
    if kind == "same":
        text = f"{first} {_has(puzzle, refs[1])}"
    elif kind == "at":
        text = f"{first} lives in house {hs[0] + 1}"
    elif kind == "not_same":
        text = f"{first} {_has(puzzle, refs[1], negated=True)}"
    elif kind == "not_at":
        text = f"{first} does not live in house {hs[0] + 1}"
    elif kind in ("left_of", "right_of"):
        side = "left" if kind == "left_of" else "right"
        text = f"{first} lives somewhere to the {side} of {_noun(puzzle, refs[1])}"
    elif kind in ("imm_left", "imm_right"):
        side = "left" if kind == "imm_left" else "right"
        text = f"{first} lives directly to the {side} of {_noun(puzzle, refs[1])}"
    elif kind == "next_to":
        text = f"{first} and {_noun(puzzle, refs[1])} live next to each other"
    elif kind == "between":
        middle = _capital(_noun(puzzle, refs[1]))
        return f"{middle} lives somewhere between {first} and {_noun(puzzle, refs[2])}."
    elif kind == "either":
        text = f"{first} {_has(puzzle, refs[1])} or {_has(puzzle, refs[2])}"
    else:
        text = f"{first} lives in house {hs[0] + 1} or house {hs[1] + 1}"
    return _capital(text) + "."


def render_question(puzzle: Puzzle) -> str:
    """Writes the question and its answer format."""
    kind, person, target = puzzle.question
    n = puzzle.houses
    if kind == "house" and person is not None:
        return (
            f"Question: Which house does {_noun(puzzle, person)} live in?\n"
            "Answer with the house number only. Format example (if the answer were house "
            f"{EXAMPLE_HOUSE}): \\boxed{{{EXAMPLE_HOUSE}}}"
        )
    if kind == "value" and person is not None and target is not None:
        attribute = BY_NAME[puzzle.names[target]]
        return (
            f"Question: {_capital(attribute.ask.format(p=_noun(puzzle, person)))}\n"
            f"Answer with one of the {attribute.plural} listed above, written as listed "
            "(case does not matter). Format example (if the answer were "
            f"{EXAMPLE_VALUE}): \\boxed{{{EXAMPLE_VALUE}}}"
        )
    return (
        "Question: Who has what? Give the whole grid.\n"
        f'Answer with a JSON object with one key per house, "1" to "{n}", each mapping every '
        "attribute name above to that house's value (attribute names and values as listed, "
        "in any order, case does not matter). Format example for 2 houses and one "
        'attribute hat: \\boxed{{"1": {"hat": "blue"}, "2": {"hat": "green"}}}'
    )


def render_prompt(puzzle: Puzzle) -> str:
    """Writes the prompt: the setting, the value lists, the clues and the question."""
    n = puzzle.houses
    lists = "\n".join(
        f"- {name} ({BY_NAME[name].plural}): {', '.join(vals)}"
        for name, vals in zip(puzzle.names, puzzle.values, strict=True)
    )
    clues = "\n".join(f"{i}. {render_clue(puzzle, clue)}" for i, clue in enumerate(puzzle.clues, 1))
    return (
        "Zebra puzzle.\n\n"
        f"There are {n} houses in a row, numbered 1 to {n} from left to right, with one "
        "person in each. Every person has exactly one value of each attribute below, and "
        "no two people share a value of the same attribute:\n"
        f"{lists}\n\n"
        'Wording: "left of" means in a lower-numbered house and "right of" in a '
        'higher-numbered one; "somewhere to the left/right" need not be adjacent, '
        '"directly to the left/right" means exactly one house away; "next to each '
        'other" means in neighbouring houses; "somewhere between" means strictly between '
        'the other two, not necessarily adjacent; a clue "... or ..." means at least one '
        "of the two holds.\n\n"
        f"Clues:\n{clues}\n\n"
        "The clues fix exactly one arrangement.\n"
        f"{render_question(puzzle)}\n"
        "Think step by step, then put only your final answer inside \\boxed{}."
    )


def write_grid(puzzle: Puzzle, grid: Grid) -> str:
    """Writes a grid as the JSON object the prompt asks for."""
    table = {
        str(h + 1): {name: puzzle.values[a][grid[a][h]] for a, name in enumerate(puzzle.names)}
        for h in range(puzzle.houses)
    }
    return json.dumps(table, ensure_ascii=False)


def write_answer(puzzle: Puzzle, grid: Grid) -> str:
    """Writes the gold answer of the puzzle's question."""
    kind, person, target = puzzle.question
    if kind == "house" and person is not None:
        return str(positions(grid)[person] + 1)
    if kind == "value" and person is not None and target is not None:
        return puzzle.values[target][grid[target][positions(grid)[person]]]
    return write_grid(puzzle, grid)


# -- reading an answer ----------------------------------------------------------------------------

_HOUSE = re.compile(r"^(?:house\s*(?:no\.?|number|#)?\s*)?#?(\d{1,4})$", re.IGNORECASE)


def _format_error(reason: str) -> Check:
    return Check(False, 0.0, reason, False)


def _quote(text: str) -> str:
    return repr(text[:30] + ("..." if len(text) > 30 else ""))


def read_house(payload: str, n: int) -> int | Check:
    """Reads a house number (``3`` or ``House 3``), 0-based, or the format error."""
    text = unwrap_latex(payload)
    match = _HOUSE.match(text.strip())
    if match is None:
        return _format_error(f"answer {_quote(text)} is not a house number")
    house = int(match.group(1))
    if not 1 <= house <= n:
        return _format_error(f"house {house} does not exist: houses are 1 to {n}")
    return house - 1


def read_value(payload: str, puzzle: Puzzle, attribute: int) -> int | Check:
    """Reads one value of ``attribute`` (its index), or the format error."""
    text = unwrap_latex(payload).strip().strip("\"'`").strip()
    index = puzzle.value_index[attribute].get(normalise(text))
    if index is not None:
        return index
    plural = BY_NAME[puzzle.names[attribute]].plural
    return _format_error(f"answer {_quote(text)} is not one of the listed {plural}")


def _house_key(key: object, n: int) -> int | None:
    text = str(key).strip()
    match = _HOUSE.match(text)
    if match is None or isinstance(key, bool):
        return None
    house = int(match.group(1))
    return house - 1 if 1 <= house <= n else None


def read_grid(payload: str, puzzle: Puzzle) -> Grid | Check:
    """Reads a grid answer (JSON object by house, or list of houses), or the format error."""
    text = unwrap_latex(payload)
    if len(text) > MAX_ANSWER_CHARS:
        return _format_error(f"answer is too long ({len(text)} characters)")
    try:
        raw: Any = parse_json(text, max_chars=MAX_ANSWER_CHARS)
    except PayloadError:
        try:
            raw = parse_literal(text, max_chars=MAX_ANSWER_CHARS)
        except PayloadError:
            return _format_error("answer is not a JSON object of houses")
    n = puzzle.houses
    rows: dict[int, Any] = {}
    if isinstance(raw, list | tuple):
        if len(raw) != n:
            return _format_error(f"answer lists {len(raw)} houses, not {n}")
        rows = dict(enumerate(raw))
    elif isinstance(raw, dict):
        for key, row in raw.items():
            house = _house_key(key, n)
            if house is None:
                return _format_error(f"key {_quote(str(key))} is not a house 1-{n}")
            if house in rows:
                return _format_error(f"house {house + 1} is given twice")
            rows[house] = row
        missing = [h + 1 for h in range(n) if h not in rows]
        if missing:
            return _format_error(f"house {missing[0]} is missing")
    else:
        return _format_error("answer is not a JSON object of houses")
    names, folded = puzzle.name_index, puzzle.value_index
    grid = [[-1] * n for _ in puzzle.names]
    for house in range(n):
        row = rows[house]
        if not isinstance(row, dict):
            return _format_error(f"house {house + 1} is not an object of attribute: value")
        for key, value in row.items():
            attribute = names.get(normalise(str(key)))
            if attribute is None:
                return _format_error(f"house {house + 1}: unknown attribute {_quote(str(key))}")
            if grid[attribute][house] != -1:
                return _format_error(f"house {house + 1}: {puzzle.names[attribute]} given twice")
            index = folded[attribute].get(normalise(str(value))) if isinstance(value, str) else None
            if index is None:
                return _format_error(
                    f"house {house + 1}: {_quote(str(value))} is not one of the listed "
                    f"{BY_NAME[puzzle.names[attribute]].plural}"
                )
            grid[attribute][house] = index
        for attribute, name in enumerate(puzzle.names):
            if grid[attribute][house] == -1:
                return _format_error(f"house {house + 1}: {name} is missing")
    return tuple(tuple(row) for row in grid)


def judge(puzzle: Puzzle, payload: str) -> Check:
    """Checks an answer payload against the puzzle's unique solution."""
    grid = puzzle.solution
    if grid is None:  # pragma: no cover - instances are validated on load
        return _format_error("the puzzle has no unique solution")
    kind, person, target = puzzle.question
    if kind == "house" and person is not None:
        house = read_house(payload, puzzle.houses)
        if isinstance(house, Check):
            return house
        if house == positions(grid)[person]:
            return Check(True, 1.0, f"right: house {house + 1}")
        return Check(False, 0.0, f"house {house + 1} is wrong")
    if kind == "value" and person is not None and target is not None:
        value = read_value(payload, puzzle, target)
        if isinstance(value, Check):
            return value
        if value == grid[target][positions(grid)[person]]:
            return Check(True, 1.0, f"right: {puzzle.values[target][value]}")
        return Check(False, 0.0, f"{puzzle.values[target][value]!r} is wrong")
    answer = read_grid(payload, puzzle)
    if isinstance(answer, Check):
        return answer
    wrong = [
        (h, a)
        for h in range(puzzle.houses)
        for a in range(len(puzzle.names))
        if answer[a][h] != grid[a][h]
    ]
    if not wrong:
        return Check(True, 1.0, "the grid is the solution")
    h, a = wrong[0]
    total = puzzle.houses * len(puzzle.names)
    shown = puzzle.values[a][answer[a][h]]
    return Check(
        False,
        0.0,
        f"house {h + 1}, {puzzle.names[a]} {shown!r} is wrong ({len(wrong)} of {total} "
        "cells wrong)",
    )


@lru_cache(maxsize=512)
def _puzzle_of(text: str) -> Puzzle:
    return to_puzzle(json.loads(text))


def load(instance: dict[str, Any]) -> Puzzle:
    """Returns the index form of a validated instance (cached by its JSON)."""
    return _puzzle_of(json.dumps(instance))


# -- the family -----------------------------------------------------------------------------------


@register("zebra_puzzle")
class ZebraPuzzle(Family):
    """Solve a zebra (Einstein) puzzle: the whole grid or one asked cell."""

    cell_answer = False  # a table or one value, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Zebra puzzle: houses in a row, clues fixing one grid; give the grid or a cell"
    Knobs = ZebraPuzzleKnobs
    Instance = ZebraPuzzleInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        houses, attributes, indirect, cell_share = LEVELS[level]
        return {
            "houses": houses,
            "attributes": attributes,
            "indirect": indirect,
            "cell_share": cell_share,
        }

    def generate(self, knobs: ZebraPuzzleKnobs, rng: random.Random) -> Draft:
        puzzle, grid = generate_puzzle(knobs, rng)
        indirect = sum(1 for clue in puzzle.clues if not clue.is_direct)
        meta = {
            "clues": len(puzzle.clues),
            "indirect_share": round(indirect / len(puzzle.clues), 4) if puzzle.clues else 0.0,
            "question": puzzle.question[0],
        }
        return Draft(render_prompt(puzzle), write_answer(puzzle, grid), to_instance(puzzle), meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        return judge(load(instance), payload)

    def hardness(self, task: Task) -> float:
        """Houses times attributes, times 1 + the share of indirect clues."""
        puzzle = load(task.instance)
        share = sum(1 for c in puzzle.clues if not c.is_direct) / max(1, len(puzzle.clues))
        return puzzle.houses * len(puzzle.names) * (1.0 + share)

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        puzzle = load(instance)
        kind, _, target = puzzle.question
        n = puzzle.houses
        if kind == "house":
            return {"house-1": ["1"]}
        if kind == "value" and target is not None:
            return {"first-listed": [puzzle.values[target][0]]}
        listed = tuple(tuple(range(n)) for _ in puzzle.names)
        backwards = tuple(tuple(range(n - 1, -1, -1)) for _ in puzzle.names)
        return {
            "listed-order": [write_grid(puzzle, listed)],
            "reversed-order": [write_grid(puzzle, backwards)],
        }
