"""Web of lies: truth-tellers and liars; decide whether each asked person tells the truth.

Description:
    The idea of SynLogic's ``web_of_lies`` task (arXiv 2505.19641, after BBH), implemented
    here from its rules. Every person always tells the truth or always lies. The clues:

    * where each person stands ("Alice is at the library"), so that a person can be named
      by place ("the person at the library");
    * the narrator's own statements ("Bob lies"), always true;
    * what a person says about another ("Alice says Bob lies"): true iff the speaker is a
      truth-teller;
    * from level 4, "A says at least one of B and C tells the truth" (or "... lies") and
      "A says B and C are the same type" (or "of different types"), where the same type
      means both truth-tellers or both liars;
    * distractors: what someone *thinks* or *wonders* is no evidence.

    The question asks about several people; the answer is one yes/no per question.

    **Every asked value is forced**, proven during generation by enumerating all ``2^n``
    truth assignments at once: each person's truth over every assignment is one bit column
    of a ``2^n``-bit integer, each clue is a bitwise formula of those columns, and their AND
    is the set of consistent assignments. A person is forced when that set lies inside their
    column or outside it. The instance validator repeats the proof, so a loaded task whose
    clues do not force every asked person is refused.

    Generation: random truth values; the asked people (never narrated); then a random tree
    of "says" clues that links everyone to the narrated people (or, with no narrated
    person, to each other, with compound clues breaking the liar/truth-teller symmetry),
    extra clues, and more clues until the enumeration proves every asked value forced.
    Draws whose asked values are all the same are redrawn half the time, so "all yes" and
    "all no" each solve about 2 % of tasks and no constant list more than ~6 % (five to
    seven people are asked; measured over 400 seeds). A draw that believing every sentence
    at face value answers (for each asked person, the first narrator or "says" sentence
    about them) is redrawn.

Instance:
    ``{"people": [...], "places": [...], "clues": [...], "asked": [...],
    "asked_by_place": [...]}``. Person ``i`` is ``people[i]`` and stands at ``places[i]``.
    A clue is ``{"kind", "who", "claim", "by_place"}``: ``who`` lists person indices
    (speaker first), ``by_place`` says for each whether the sentence names them by place.
    Kinds and ``who`` lengths: ``at`` 1, ``truth`` 1 (the narrator says ``who[0]`` tells the
    truth iff ``claim``), ``says`` 2 (``who[0]`` says ``who[1]`` tells the truth iff
    ``claim``), ``at_least_one`` 3 (``who[0]`` says at least one of ``who[1]``, ``who[2]``
    tells the truth, or with ``claim`` false lies), ``same`` 3 (``who[0]`` says ``who[1]`` and
    ``who[2]`` are the same type, or with ``claim`` false different types), ``thinks`` and
    ``wonders`` 2 (distractors). Clues are in prompt order. A reference by place to someone
    whose place is not stated, repeated people in a clue, contradictory clues, or an asked
    person the clues do not force is refused.

Answer format:
    One word per question, in question order, separated by commas, inside ``\\boxed{}``:
    ``yes`` (tells the truth) or ``no`` (lies); ``true`` and ``false`` are read the same,
    case-insensitive. For three questions: ``\\boxed{yes, no, no}``. A word outside these, or
    another count of words than questions, is a format error.

Scoring:
    0/1: correct iff every word matches the forced value. No partial credit (the answer
    is not a grid). The reason names the first question answered wrong.

Difficulty:
    More people, fewer narrator hints (none from level 7: compound clues carry the
    deduction), more people named by place, more extra clues and distractors.
    ``hardness`` is people + logical clues + references by place + distractors.

    =====  ======  =====  ========  =====  =====  ===========  ========
    level  people  asked  narrated  extra  place  distractors  compound
    =====  ======  =====  ========  =====  =====  ===========  ========
    1      6       5      1         0      0.0    0            no
    2      7       5      1         1      0.2    1            no
    3      8       5      1         1      0.3    2            no
    4      9       5      1         2      0.4    2            yes
    5      10      5      1         2      0.5    3            yes
    6      11      6      1         3      0.6    3            yes
    7      12      6      0         3      0.6    4            yes
    8      13      6      0         4      0.7    5            yes
    9      14      7      0         4      0.7    6            yes
    10     15      7      0         5      0.8    7            yes
    =====  ======  =====  ========  =====  =====  ===========  ========

Knobs:
    ``people`` (3-16), ``asked`` (1-8, fewer than the people not narrated), ``narrated``
    (0-8), ``extra`` (further "says" clues, 0-20), ``place_share`` (chance each mention
    names a person by place, 0-1), ``distractors`` (0-20), ``compound`` (draw
    "at least one" and "same type" clues; required when ``narrated`` is 0).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``web_of_lies``);
    Suzgun et al., "Challenging BIG-Bench Tasks" (BBH), ``web_of_lies``.

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.verifiers.parse import PayloadError, parse_items

MIN_PEOPLE = 3
MAX_PEOPLE = 16
"""At most 2^16 assignments: each person's column is a 65,536-bit integer."""
MAX_ASKED = 8
MAX_CLUES = 200
MAX_DRAWS = 500
"""Instances drawn before the knobs are declared impossible."""

NAMES: tuple[str, ...] = (
    "Alice", "Bob", "Carmen", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal",
    "Kofi", "Lena", "Mateo", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Sven", "Tariq",
    "Uma", "Victor", "Wendy", "Xavier", "Yara", "Zane",
)  # fmt: skip
PLACES: tuple[str, ...] = (
    "library", "bakery", "museum", "harbor", "park", "school", "station", "theater", "zoo",
    "market", "airport", "bridge", "cafe", "farm", "gym", "hospital", "hotel", "lake",
    "mall", "office", "pier", "stadium", "temple", "university",
)  # fmt: skip
ClueKind = Literal["at", "truth", "says", "at_least_one", "same", "thinks", "wonders"]
Drawn = tuple[ClueKind, list[int], bool]
"""A logical clue before rendering: kind, people (speaker first), claim."""
ARITY: dict[str, int] = {
    "at": 1,
    "truth": 1,
    "says": 2,
    "at_least_one": 3,
    "same": 3,
    "thinks": 2,
    "wonders": 2,
}
LOGICAL = ("truth", "says", "at_least_one", "same")
DISTRACTORS: tuple[ClueKind, ...] = ("thinks", "wonders")
YES_WORDS = ("yes", "true")
NO_WORDS = ("no", "false")

LEVELS: dict[int, tuple[int, int, int, int, float, int, bool]] = {
    1: (6, 5, 1, 0, 0.0, 0, False),
    2: (7, 5, 1, 1, 0.2, 1, False),
    3: (8, 5, 1, 1, 0.3, 2, False),
    4: (9, 5, 1, 2, 0.4, 2, True),
    5: (10, 5, 1, 2, 0.5, 3, True),
    6: (11, 6, 1, 3, 0.6, 3, True),
    7: (12, 6, 0, 3, 0.6, 4, True),
    8: (13, 6, 0, 4, 0.7, 5, True),
    9: (14, 7, 0, 4, 0.7, 6, True),
    10: (15, 7, 0, 5, 0.8, 7, True),
}
"""Level -> (people, asked, narrated, extra, place_share, distractors, compound)."""


class WebOfLiesKnobs(BaseModel):
    """Knobs of the ``web_of_lies`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    people: int = Field(ge=MIN_PEOPLE, le=MAX_PEOPLE, description="people in the puzzle")
    asked: int = Field(ge=1, le=MAX_ASKED, description="people asked about")
    narrated: int = Field(default=1, ge=0, le=8, description="people the narrator judges")
    extra: int = Field(default=0, ge=0, le=20, description="extra 'says' clues")
    place_share: float = Field(default=0.0, ge=0.0, le=1.0, description="mentions by place")
    distractors: int = Field(default=0, ge=0, le=20, description="'thinks' / 'wonders' lines")
    compound: bool = Field(default=False, description="'at least one' and 'same type' clues")


class Clue(BaseModel):
    """One sentence of the puzzle: its kind, the people in it (speaker first), the claim,
    and which of them it names by place."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: ClueKind
    who: list[int] = Field(min_length=1, max_length=3)
    claim: bool = True
    by_place: list[bool] = Field(min_length=1, max_length=3)


# -- the proof: every assignment at once, as bit columns --------------------------------------


@lru_cache(maxsize=MAX_PEOPLE + 1)
def columns(n: int) -> tuple[int, tuple[int, ...]]:
    """Returns the mask of all ``2^n`` assignments and each person's truth column.

    Bit ``a`` of column ``i`` is set iff person ``i`` tells the truth in assignment ``a``
    (bit ``i`` of ``a``). Each column is one period (``2^i`` zeros, then ``2^i`` ones)
    doubled by shifts until it covers every assignment.

    >>> columns(2)
    (15, (10, 12))
    """
    size = 1 << n
    cols = []
    for i in range(n):
        half = 1 << i
        column, width = ((1 << half) - 1) << half, 2 * half
        while width < size:
            column |= column << width
            width *= 2
        cols.append(column)
    return (1 << size) - 1, tuple(cols)


def clue_mask(clue: Clue, full: int, cols: tuple[int, ...]) -> int:
    """Returns the assignments a clue allows (every assignment for ``at`` and distractors)."""
    who = clue.who
    if clue.kind == "truth":
        return cols[who[0]] if clue.claim else full & ~cols[who[0]]
    if clue.kind == "says":
        content = cols[who[1]] if clue.claim else full & ~cols[who[1]]
    elif clue.kind == "at_least_one":
        if clue.claim:
            content = cols[who[1]] | cols[who[2]]
        else:
            content = full & ~(cols[who[1]] & cols[who[2]])
    elif clue.kind == "same":
        differ = cols[who[1]] ^ cols[who[2]]
        content = full & ~differ if clue.claim else differ
    else:
        return full
    return full & ~(cols[who[0]] ^ content)


def consistent(people: int, clues: list[Clue]) -> tuple[int, tuple[int, ...]]:
    """Returns the consistent assignments (a bit mask) and the truth columns."""
    full, cols = columns(people)
    allowed = full
    for clue in clues:
        allowed &= clue_mask(clue, full, cols)
    return allowed, cols


def forced_value(allowed: int, column: int) -> bool | None:
    """Returns the value every consistent assignment gives a person, or None if it varies
    (or nothing is consistent)."""
    if allowed == 0:
        return None
    if allowed & ~column == 0:
        return True
    if allowed & column == 0:
        return False
    return None


class WebOfLiesInstance(BaseModel):
    """``Task.instance`` of the ``web_of_lies`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    people: list[str] = Field(min_length=MIN_PEOPLE, max_length=MAX_PEOPLE)
    places: list[str] = Field(min_length=MIN_PEOPLE, max_length=MAX_PEOPLE)
    clues: list[Clue] = Field(min_length=1, max_length=MAX_CLUES)
    asked: list[int] = Field(min_length=1, max_length=MAX_ASKED)
    asked_by_place: list[bool] = Field(min_length=1, max_length=MAX_ASKED)

    @model_validator(mode="after")
    def _forced(self) -> WebOfLiesInstance:
        n = len(self.people)
        if len(self.places) != n:
            raise ValueError("people and places differ in length")
        for values, what in ((self.people, "name"), (self.places, "place")):
            if len(set(values)) != n or not all(v.replace(" ", "").isalpha() for v in values):
                raise ValueError(f"every {what} must be distinct letters")
        located = {c.who[0] for c in self.clues if c.kind == "at"}
        for index, clue in enumerate(self.clues, 1):
            who = clue.who
            if len(who) != ARITY[clue.kind] or len(clue.by_place) != len(who):
                raise ValueError(f"clue {index} ({clue.kind}) needs {ARITY[clue.kind]} people")
            if len(set(who)) != len(who) or not all(0 <= p < n for p in who):
                raise ValueError(f"clue {index} names a person twice or out of range")
            if clue.kind == "at" and clue.by_place[0]:
                raise ValueError(f"clue {index} places a person by their own place")
            if any(by and p not in located for p, by in zip(who, clue.by_place, strict=True)):
                raise ValueError(f"clue {index} names by place someone whose place is unstated")
        if len(self.asked_by_place) != len(self.asked) or len(set(self.asked)) != len(self.asked):
            raise ValueError("asked must be distinct people, with one by_place flag each")
        if not all(0 <= p < n for p in self.asked):
            raise ValueError("an asked person is out of range")
        if any(
            by and p not in located for p, by in zip(self.asked, self.asked_by_place, strict=True)
        ):
            raise ValueError("a question names by place someone whose place is unstated")
        allowed, cols = consistent(n, self.clues)
        if allowed == 0:
            raise ValueError("the clues contradict each other")
        for p in self.asked:
            if forced_value(allowed, cols[p]) is None:
                raise ValueError(f"the clues do not force whether {self.people[p]} tells the truth")
        return self


def solve(instance: dict[str, Any]) -> list[bool]:
    """Returns the forced value of each asked person (instance already validated)."""
    clues = [Clue.model_validate(c) for c in instance["clues"]]
    allowed, cols = consistent(len(instance["people"]), clues)
    return [forced_value(allowed, cols[p]) is True for p in instance["asked"]]


# -- generation -------------------------------------------------------------------------------


def _says(speaker: int, subject: int, truth: list[bool]) -> Drawn:
    """Returns a true-to-the-speaker "says" clue: a truth-teller reports the subject's
    value, a liar its opposite."""
    claim = truth[subject] if truth[speaker] else not truth[subject]
    return "says", [speaker, subject], claim


def _compound(speaker: int, b: int, c: int, truth: list[bool], rng: random.Random) -> Drawn:
    """Returns an "at least one" or "same type" clue that fits the speaker's type."""
    want = truth[speaker]  # the content must be true iff the speaker tells the truth
    options: list[tuple[ClueKind, bool]] = []
    if (truth[b] or truth[c]) == want:
        options.append(("at_least_one", True))
    if (not (truth[b] and truth[c])) == want:
        options.append(("at_least_one", False))
    options.append(("same", (truth[b] == truth[c]) == want))
    kind, claim = rng.choice(options)
    return kind, [speaker, b, c], claim


def draw_logical(n: int, truth: list[bool], compound: bool, rng: random.Random) -> Drawn:
    """Draws one random logical clue consistent with ``truth``."""
    if compound and rng.random() < 0.5:
        speaker, b, c = rng.sample(range(n), 3)
        return _compound(speaker, b, c, truth, rng)
    speaker, subject = rng.sample(range(n), 2)
    return _says(speaker, subject, truth)


def draw_instance(knobs: WebOfLiesKnobs, rng: random.Random) -> dict[str, Any] | None:
    """Draws one instance; None when the clue budget ran out before every asked value was
    forced."""
    n = knobs.people
    truth = [rng.random() < 0.5 for _ in range(n)]
    order = list(range(n))
    rng.shuffle(order)
    narrated = order[: knobs.narrated]
    asked = rng.sample(order[knobs.narrated :], knobs.asked)
    if len({truth[p] for p in asked}) == 1 and rng.random() < 0.5:
        return None
    logical: list[Drawn] = [("truth", [p], truth[p]) for p in narrated]
    # a random tree linking every person to an earlier one (recent ones preferred)
    for i in range(1, n):
        person, other = order[i], order[max(0, i - rng.randint(1, 3))]
        speaker, subject = (person, other) if rng.random() < 0.5 else (other, person)
        logical.append(_says(speaker, subject, truth))
    for _ in range(knobs.extra):
        logical.append(draw_logical(n, truth, knobs.compound, rng))
    full, cols = columns(n)
    allowed = full
    clues = [Clue(kind=k, who=w, claim=c, by_place=[False] * len(w)) for k, w, c in logical]
    for clue in clues:
        allowed &= clue_mask(clue, full, cols)
    budget = 3 * n
    while any(forced_value(allowed, cols[p]) is None for p in asked):
        if budget == 0 or (not knobs.compound and knobs.narrated == 0):
            return None
        budget -= 1
        kind, who, claim = draw_logical(n, truth, knobs.compound, rng)
        clue = Clue(kind=kind, who=who, claim=claim, by_place=[False] * len(who))
        clues.append(clue)
        allowed &= clue_mask(clue, full, cols)
    for _ in range(knobs.distractors):
        speaker, subject = rng.sample(range(n), 2)
        kind = rng.choice(DISTRACTORS)
        clues.append(
            Clue(
                kind=kind, who=[speaker, subject], claim=rng.random() < 0.5, by_place=[False, False]
            )
        )
    if knobs.place_share > 0:
        clues += [Clue(kind="at", who=[p], claim=True, by_place=[False]) for p in range(n)]
        for clue in clues:
            if clue.kind != "at":
                clue.by_place = [rng.random() < knobs.place_share for _ in clue.who]
    rng.shuffle(clues)
    names = rng.sample(NAMES, n)
    places = rng.sample(PLACES, n)
    asked_by_place = [rng.random() < knobs.place_share for _ in asked]
    return {
        "people": names,
        "places": places,
        "clues": [clue.model_dump() for clue in clues],
        "asked": asked,
        "asked_by_place": asked_by_place,
    }


def face_value(instance: dict[str, Any]) -> list[bool]:
    """Returns the answer that believes, for each asked person, the first narrator or "says"
    sentence about them (yes when there is none): an answer written without solving."""
    face: dict[int, bool] = {}
    for clue in instance["clues"]:
        if clue["kind"] in ("truth", "says"):
            face.setdefault(clue["who"][-1], clue["claim"])
    return [face.get(p, True) for p in instance["asked"]]


def generate_instance(knobs: WebOfLiesKnobs, rng: random.Random) -> dict[str, Any]:
    """Draws instances until one forces every asked value and believing every sentence at
    face value does not answer it."""
    for _ in range(MAX_DRAWS):
        found = draw_instance(knobs, rng)
        if found is not None and face_value(found) != solve(found):
            return found
    raise InvalidParamsError(
        f"web_of_lies: no instance forcing every asked value in {MAX_DRAWS} draws with "
        f"{knobs.model_dump()}; add narrated people or compound clues"
    )


# -- prompt -----------------------------------------------------------------------------------


def _ref(instance: dict[str, Any], person: int, by_place: bool, start: bool = False) -> str:
    if not by_place:
        return str(instance["people"][person])
    text = f"the person at the {instance['places'][person]}"
    return text[0].upper() + text[1:] if start else text


def _tells(claim: bool) -> str:
    return "tells the truth" if claim else "lies"


def render_clue(instance: dict[str, Any], clue: dict[str, Any]) -> str:
    """Writes one clue as a sentence.

    >>> data = {"people": ["Ann", "Ben"], "places": ["zoo", "park"]}
    >>> clue = {"kind": "says", "who": [0, 1], "claim": False, "by_place": [True, False]}
    >>> render_clue(data, clue)
    'The person at the zoo says Ben lies.'
    """
    who, by, claim = clue["who"], clue["by_place"], clue["claim"]
    kind = clue["kind"]
    if kind == "at":
        return f"{instance['people'][who[0]]} is at the {instance['places'][who[0]]}."
    first = _ref(instance, who[0], by[0], start=True)
    rest = [_ref(instance, p, b) for p, b in zip(who[1:], by[1:], strict=True)]
    if kind == "truth":
        return f"{first} {_tells(claim)}."
    if kind == "says":
        return f"{first} says {rest[0]} {_tells(claim)}."
    if kind == "at_least_one":
        return f"{first} says at least one of {rest[0]} and {rest[1]} {_tells(claim)}."
    if kind == "same":
        kind_text = "are the same type" if claim else "are of different types"
        return f"{first} says {rest[0]} and {rest[1]} {kind_text}."
    if kind == "thinks":
        return f"{first} thinks {rest[0]} {_tells(claim)}."
    return f"{first} wonders whether {rest[0]} {_tells(claim)}."


def format_example(count: int) -> str:
    """Returns a format example with one word more than there are questions (never an
    answer)."""
    words = ["yes", "no", "no", "yes", "no", "yes", "yes", "no", "yes"]
    return ", ".join(words[: count + 1])


def render_prompt(instance: dict[str, Any]) -> str:
    """Writes the prompt: the rules, the clues, the questions and the answer format."""
    asked = instance["asked"]
    lines = [
        "Truth-tellers and liars.",
        "",
        "Each person below either always tells the truth or always lies. Every sentence "
        "below is the narrator's, and the narrator's sentences are true. When a sentence "
        "reports that a person says something, what the person says is true if that person "
        "tells the truth and false if that person lies. What someone thinks or wonders tells "
        "you nothing.",
        "Two people are the same type when both tell the truth or both lie. A person may be "
        'named by where they stand ("the person at the park").',
        "",
    ]
    lines += [render_clue(instance, clue) for clue in instance["clues"]]
    lines += ["", "Questions:"]
    for index, (person, by) in enumerate(zip(asked, instance["asked_by_place"], strict=True), 1):
        lines.append(f"{index}. Does {_ref(instance, person, by)} tell the truth?")
    count = len(asked)
    lines += [
        "",
        f"Answer the {count} questions in order, one word each, separated by commas: yes "
        "(tells the truth) or no (lies); true and false are read as yes and no, in any case.",
        f"Format example for {count + 1} questions: \\boxed{{{format_example(count)}}}",
        "Think step by step, then put only your final answers inside \\boxed{}.",
    ]
    return "\n".join(lines)


def write_answer(values: list[bool]) -> str:
    """Writes yes/no words in question order.

    >>> write_answer([True, False])
    'yes, no'
    """
    return ", ".join("yes" if v else "no" for v in values)


# -- reading an answer ------------------------------------------------------------------------


def read_answer(payload: str, count: int) -> list[bool] | Check:
    """Reads ``count`` yes/no words, or returns the format-error :class:`Check`."""
    try:
        items = parse_items(payload)
    except PayloadError as exc:
        return Check(False, 0.0, str(exc), False)
    if len(items) != count:
        return Check(
            False, 0.0, f"expected {count} answers (one per question), got {len(items)}", False
        )
    values = []
    for index, item in enumerate(items, 1):
        word = item.lower()
        if word not in YES_WORDS + NO_WORDS:
            return Check(False, 0.0, f"answer {index} ({item[:20]!r}) is not yes or no", False)
        values.append(word in YES_WORDS)
    return values


# -- the family -------------------------------------------------------------------------------


@register("web_of_lies")
class WebOfLies(Family):
    """Decide who tells the truth among truth-tellers and liars (SynLogic's web_of_lies)."""

    cell_answer = False  # a list of yes/no words, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Web of lies: decide whether each asked person tells the truth"
    Knobs = WebOfLiesKnobs
    Instance = WebOfLiesInstance

    def validate_for_generation(self, knobs: WebOfLiesKnobs) -> None:
        if knobs.narrated + knobs.asked > knobs.people:
            raise InvalidParamsError(
                "web_of_lies: narrated + asked must be at most people, got "
                f"{knobs.narrated} + {knobs.asked} > {knobs.people}"
            )
        if knobs.narrated == 0 and not knobs.compound:
            raise InvalidParamsError(
                "web_of_lies: with narrated 0 only compound clues can force a value; "
                "set compound=True or narrated >= 1"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        people, asked, narrated, extra, place, distractors, compound = LEVELS[level]
        return {
            "people": people,
            "asked": asked,
            "narrated": narrated,
            "extra": extra,
            "place_share": place,
            "distractors": distractors,
            "compound": compound,
        }

    def generate(self, knobs: WebOfLiesKnobs, rng: random.Random) -> Draft:
        instance = generate_instance(knobs, rng)
        gold = solve(instance)
        meta = {"clues": len(instance["clues"])}
        return Draft(render_prompt(instance), write_answer(gold), instance, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        values = read_answer(payload, len(instance["asked"]))
        if isinstance(values, Check):
            return values
        gold = solve(instance)
        for index, (got, want) in enumerate(zip(values, gold, strict=True), 1):
            if got != want:
                person = instance["asked"][index - 1]
                name = _ref(instance, person, instance["asked_by_place"][index - 1])
                return Check(False, 0.0, f"answer {index} is wrong: {name} {_tells(want)}")
        return Check(True, 1.0, f"all {len(gold)} answers right")

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        asked = instance["asked"]
        narrator = {c["who"][0]: c["claim"] for c in instance["clues"] if c["kind"] == "truth"}
        return {
            "all yes": [write_answer([True] * len(asked))],
            "all no": [write_answer([False] * len(asked))],
            "narrator only": [
                write_answer([narrator.get(p, default) for p in asked]) for default in (True, False)
            ],
            "face value": [write_answer(face_value(instance))],
        }

    def hardness(self, task: Task) -> float:
        """People + logical clues + references by place + distractors."""
        clues = task.instance["clues"]
        return float(
            len(task.instance["people"])
            + sum(1 for c in clues if c["kind"] in LOGICAL)
            + sum(sum(c["by_place"]) for c in clues)
            + sum(task.instance["asked_by_place"])
            + sum(1 for c in clues if c["kind"] in DISTRACTORS)
        )
