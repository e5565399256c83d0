"""Meeting scheduling: the longest meeting everyone can attend, and how many starts allow it.

Description:
    The idea of SynLogic's ``time_sequence`` task (arXiv 2505.19641), implemented here from its
    rules. Several people work Monday to Friday, 9:00-17:00. Each person's calendar gives, day
    by day, either the times they are **busy** or the times they are **free**; on a day given
    as free times every other time of 9:00-17:00 is busy, and each unbroken stretch of it is
    one busy period. Some people have one rule, each with exactly one stated meaning:

    ==============  ============================================================================
    rule            meaning (``V`` is the rule's value)
    ==============  ============================================================================
    buffer_after    a meeting may start only ``V`` minutes or more after each of their busy
                    periods ends (each busy period is extended ``V`` minutes later)
    buffer_before   a meeting must end ``V`` minutes or more before each of their busy periods
                    starts (each busy period is extended ``V`` minutes earlier)
    end_by          they cannot meet after clock time ``V`` (the meeting must end by then)
    start_from      they cannot meet before clock time ``V``
    lunch           they keep ``V`` to ``V`` + 60 minutes free for lunch every day
    days_only       they meet only on the two weekdays named (``V`` is a bit mask, Monday = 1)
    max_length      they attend meetings of at most ``V`` minutes
    skip_short      they may skip any busy period of ``V`` minutes or less (it counts as free)
    skip_before     they may skip any busy period that ends by clock time ``V``
    tz_ahead        their calendar is in their local time, one hour **ahead** of everyone
                    else's (their 10:00 is 9:00 for the others); they work 9:00-17:00 local
                    time, i.e. 8:00-16:00 in everyone else's time
    tz_behind       the same, one hour **behind** (their 9:00 is 10:00 for the others; they
                    work 10:00-18:00 in everyone else's time)
    ==============  ============================================================================

    Skipping is judged on the busy periods as the calendar gives them, before any buffer;
    buffers apply to the calendar's busy periods only. The original encoded the one-hour
    time zone exactly like "must end before 4 PM" and had a cap of 2-5 intervals per day that
    never counted; here each rule has the meaning above, and the intervals per day are a knob
    that is honoured.

    The question: a meeting with everyone starts on the hour or half-hour (9:00, 9:30, ...,
    16:30, in everyone else's time), lies within 9:00-17:00, overlaps nobody's busy or blocked
    time and obeys every rule. What is the **longest possible meeting** in minutes, and **how
    many start times** (each day counted separately) allow a meeting of that length? If no
    meeting fits at all the answer is ``[0, 0]`` (the generator redraws such schedules, so
    this never is a generated gold).

    The gold is computed by enumeration: every person's blocked minutes are laid on a
    5-minute grid (every time in a calendar and every rule value is a multiple of 5 minutes),
    and every one of the 80 start times is extended while everyone is free, up to the
    smallest ``max_length``. It is a function of the schedules, so it is unique; the tests
    recompute it minute by minute with an independent implementation.

    Generation: per person-day, a calendar is shown as free times with probability
    ``free_share``; it holds a number of periods drawn from ``min_periods..max_periods``
    (busy periods of 15-120 minutes, free periods of 30-180 minutes), placed at random with
    at least 5 minutes between two periods. ``rules`` people (chosen at random) get one rule
    each, drawn from every rule kind. A draw is kept when some meeting fits, the answer
    differs from the lazy answers below, and, when rules are present, ignoring every rule
    gives another answer (so the rules matter). A gold whose maximum is reached by a single
    start (the shape most draws have) is kept only with probability 0.35, and one whose length
    is a whole number of half-hours with probability 0.6, so counts above 1 are common and no
    constant answer solves more than about 8 % of a level (measured on 300 seeds per level).

Instance:
    ``{"people": [{"name": str, "days": [5 x {"shown": "busy"|"free", "periods":
    [[start, end], ...]}], "rule": null | {"kind": str, "value": int}}, ...]}``. Times are
    minutes after midnight (540 is 9:00), multiples of 5, inside 540-1020; the periods of a
    day are sorted and separated by at least 5 minutes. Rule values must be in the range the
    rule allows (see ``RULE_VALUES``); a malformed instance is refused on load.

Answer format:
    ``[length, count]``: two whole numbers, the longest meeting in minutes and the number of
    start times that allow it, e.g. ``\\boxed{[45, 3]}`` for a longest meeting of 45 minutes
    possible at three start times. The brackets may be left out (``45, 3``); items are read
    with :func:`~taskgen.verifiers.parse.parse_items`. Only the answer container is read (the
    original took the last ``[...]`` anywhere in the reply).

Scoring:
    0/1: correct iff both numbers equal the enumerated ones. The reason names the first wrong
    number. Not exactly two whole numbers is a format error.

Difficulty:
    More people, more periods per day, more people with rules, more days given as free times.
    ``hardness`` = listed periods + 4 x people with a rule + 2 x days given as free times +
    3 x people.

    Measured columns: means over seeds 0-39 of the gold's length and count, and the share of
    golds whose maximum one start reaches.

    =====  ======  =======  =====  ==========  ======  =====  =======
    level  people  periods  rules  free share  length  count  count 1
    =====  ======  =======  =====  ==========  ======  =====  =======
    1      2       1-2      0      0.0         261     1.1    0.95
    2      2       1-3      0      0.25        189     1.1    0.85
    3      3       1-2      1      0.25        121     6.5    0.60
    4      3       1-3      1      0.4         94      4.4    0.53
    5      3       1-3      2      0.5         94      3.2    0.50
    6      4       1-3      2      0.5         76      2.5    0.53
    7      4       2-3      3      0.5         68      2.6    0.40
    8      5       1-3      3      0.5         50      2.1    0.58
    9      5       1-3      4      0.5         49      2.2    0.48
    10     6       1-3      5      0.5         40      1.5    0.58
    =====  ======  =======  =====  ==========  ======  =====  =======

    SynLogic's ``run.sh`` used 2-5 people and rule probabilities 0-100 %.

Knobs:
    ``people`` (2-8), ``min_periods`` and ``max_periods`` (0-5 periods per day), ``rules``
    (people with a rule, 0 to ``people``), ``free_share`` (0-1, chance a day is shown as free
    times). Knobs whose draws never pass the rules above fail after ``MAX_ATTEMPTS`` draws
    with ``InvalidParamsError``.

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``time_sequence``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import random
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.verifiers.parse import PayloadError, parse_items

DAY_START = 540
"""9:00, in minutes after midnight."""
DAY_END = 1020
"""17:00."""
STEP = 5
"""Every time in a calendar and every rule value is a multiple of this many minutes."""
SLOTS = (DAY_END - DAY_START) // STEP
START_EVERY = 30
"""Meetings start on the hour or half-hour."""
DAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
NAMES: tuple[str, ...] = (
    "Alice", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Gustav", "Hana",
    "Ivan", "Jade", "Kofi", "Lena",
)  # fmt: skip
MAX_PEOPLE = 8
MAX_PERIODS = 5
MAX_ATTEMPTS = 2000
COMMON_KEEP = 0.35
"""Chance a gold of a common shape (see the module docstring) is kept."""
ROUND_KEEP = 0.6
"""Chance a gold whose length is a whole number of half-hours is kept."""
MAX_ANSWER_CHARS = 200

RuleKind = Literal[
    "buffer_after",
    "buffer_before",
    "end_by",
    "start_from",
    "lunch",
    "days_only",
    "max_length",
    "skip_short",
    "skip_before",
    "tz_ahead",
    "tz_behind",
]
RULE_KINDS: tuple[str, ...] = (
    "buffer_after",
    "buffer_before",
    "end_by",
    "start_from",
    "lunch",
    "days_only",
    "max_length",
    "skip_short",
    "skip_before",
    "tz_ahead",
    "tz_behind",
)
DAY_PAIRS: tuple[int, ...] = tuple(
    (1 << a) | (1 << b) for a in range(len(DAYS)) for b in range(a + 1, len(DAYS))
)
RULE_VALUES: dict[str, tuple[int, ...]] = {
    "buffer_after": (10, 15, 20, 30),
    "buffer_before": (10, 15, 20, 30),
    "end_by": (900, 930, 960, 990),
    "start_from": (570, 600, 630, 660),
    "lunch": (690, 720, 750, 780),
    "days_only": DAY_PAIRS,
    "max_length": (30, 45, 60, 90),
    "skip_short": (10, 15, 20, 30),
    "skip_before": (600, 630, 660),
    "tz_ahead": (60,),
    "tz_behind": (60,),
}
"""The values the generator draws for each rule; an instance may use any of them."""

Period = tuple[int, int]
Answer = tuple[int, int]

LEVELS: dict[int, tuple[int, int, int, int, float]] = {
    1: (2, 1, 2, 0, 0.0),
    2: (2, 1, 3, 0, 0.25),
    3: (3, 1, 2, 1, 0.25),
    4: (3, 1, 3, 1, 0.4),
    5: (3, 1, 3, 2, 0.5),
    6: (4, 1, 3, 2, 0.5),
    7: (4, 2, 3, 3, 0.5),
    8: (5, 1, 3, 3, 0.5),
    9: (5, 1, 3, 4, 0.5),
    10: (6, 1, 3, 5, 0.5),
}
"""Level -> (people, min_periods, max_periods, rules, free_share)."""


class TimeSequenceKnobs(BaseModel):
    """Knobs of the ``time_sequence`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    people: int = Field(ge=2, le=MAX_PEOPLE, description="people in the meeting")
    min_periods: int = Field(ge=0, le=MAX_PERIODS, description="fewest periods per day")
    max_periods: int = Field(ge=1, le=MAX_PERIODS, description="most periods per day")
    rules: int = Field(ge=0, le=MAX_PEOPLE, description="people with a rule")
    free_share: float = Field(ge=0.0, le=1.0, description="chance a day is shown as free times")


class RuleModel(BaseModel):
    """One person's rule."""

    model_config = ConfigDict(extra="forbid", strict=True)

    kind: RuleKind
    value: int

    @model_validator(mode="after")
    def _known_value(self) -> RuleModel:
        allowed = RULE_VALUES[self.kind]
        if self.value not in allowed:
            raise ValueError(f"rule {self.kind} takes one of {list(allowed)}, got {self.value}")
        return self


class DayModel(BaseModel):
    """One day of a calendar."""

    model_config = ConfigDict(extra="forbid", strict=True)

    shown: Literal["busy", "free"]
    periods: list[list[int]]

    @model_validator(mode="after")
    def _well_formed(self) -> DayModel:
        if len(self.periods) > 12:
            raise ValueError("a day lists at most 12 periods")
        last = DAY_START - STEP
        for period in self.periods:
            if len(period) != 2:
                raise ValueError("a period is [start, end]")
            start, end = period
            if start % STEP or end % STEP:
                raise ValueError(f"period {period} is not on the {STEP}-minute grid")
            if not DAY_START <= start < end <= DAY_END:
                raise ValueError(f"period {period} is not inside 540-1020 with start < end")
            if start < last + STEP:
                raise ValueError("periods must be sorted and at least 5 minutes apart")
            last = end
        return self


class PersonModel(BaseModel):
    """One person: a name, five days, at most one rule."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str = Field(min_length=1, max_length=20)
    days: list[DayModel] = Field(min_length=5, max_length=5)
    rule: RuleModel | None = None


class TimeSequenceInstance(BaseModel):
    """``Task.instance`` of the ``time_sequence`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    people: list[PersonModel] = Field(min_length=1, max_length=MAX_PEOPLE)

    @model_validator(mode="after")
    def _distinct_names(self) -> TimeSequenceInstance:
        names = [person.name for person in self.people]
        if len(set(names)) != len(names):
            raise ValueError("people's names must be distinct")
        return self


# -- the rules engine ------------------------------------------------------------------------


def clock(minutes: int) -> str:
    """Writes minutes after midnight as a 24-hour clock time.

    >>> clock(545), clock(1020)
    ('9:05', '17:00')
    """
    return f"{minutes // 60}:{minutes % 60:02d}"


def busy_periods(day: dict[str, Any]) -> list[Period]:
    """Returns a calendar day's busy periods as written (the gaps of a free-times day).

    >>> busy_periods({"shown": "free", "periods": [[600, 660]]})
    [(540, 600), (660, 1020)]
    >>> busy_periods({"shown": "free", "periods": []})
    [(540, 1020)]
    """
    periods = [(int(p[0]), int(p[1])) for p in day["periods"]]
    if day["shown"] == "busy":
        return periods
    gaps: list[Period] = []
    at = DAY_START
    for start, end in periods:
        if start > at:
            gaps.append((at, start))
        at = end
    if at < DAY_END:
        gaps.append((at, DAY_END))
    return gaps


def blocked_periods(person: dict[str, Any], day_index: int) -> list[Period]:
    """Returns the times, in everyone else's clock, when ``person`` cannot meet on a day.

    The order of the rules engine: the calendar's busy periods; skip rules drop some; buffer
    rules extend the rest; a time zone shifts them and the working hours; clock-time rules,
    lunch and day rules block more. Periods may overlap and reach outside 9:00-17:00.

    >>> blocked_periods({"days": [{"shown": "busy", "periods": [[600, 630]]}] * 5,
    ...                  "rule": {"kind": "tz_ahead", "value": 60}}, 0)
    [(540, 570), (960, 1020)]
    """
    rule = person.get("rule")
    kind = rule["kind"] if rule else ""
    value = int(rule["value"]) if rule else 0
    periods = busy_periods(person["days"][day_index])
    if kind == "skip_short":
        periods = [(s, e) for s, e in periods if e - s > value]
    elif kind == "skip_before":
        periods = [(s, e) for s, e in periods if e > value]
    elif kind == "buffer_after":
        periods = [(s, e + value) for s, e in periods]
    elif kind == "buffer_before":
        periods = [(s - value, e) for s, e in periods]
    elif kind == "tz_ahead":
        periods = [(s - value, e - value) for s, e in periods]
        periods.append((DAY_END - value, DAY_END))
    elif kind == "tz_behind":
        periods = [(s + value, e + value) for s, e in periods]
        periods.append((DAY_START, DAY_START + value))
    elif kind == "end_by":
        periods.append((value, DAY_END))
    elif kind == "start_from":
        periods.append((DAY_START, value))
    elif kind == "lunch":
        periods.append((value, value + 60))
    elif kind == "days_only" and not value >> day_index & 1:
        periods.append((DAY_START, DAY_END))
    return periods


def free_grid(people: list[dict[str, Any]], day_index: int) -> list[bool]:
    """Returns, per 5-minute slot of 9:00-17:00 on a day, whether everyone is free."""
    free = [True] * SLOTS
    for person in people:
        for start, end in blocked_periods(person, day_index):
            first = max(0, (start - DAY_START) // STEP)
            last = min(SLOTS, -(-(end - DAY_START) // STEP))
            for slot in range(first, last):
                free[slot] = False
    return free


def length_cap(people: list[dict[str, Any]]) -> int:
    """Returns the longest meeting the ``max_length`` rules allow (480 without one)."""
    caps = [
        int(p["rule"]["value"])
        for p in people
        if p.get("rule") and p["rule"]["kind"] == "max_length"
    ]
    return min([DAY_END - DAY_START, *caps])


def solve(people: list[dict[str, Any]]) -> Answer:
    """Returns ``(longest meeting in minutes, start times that allow it)``; ``(0, 0)`` if none.

    >>> alice = {"days": [{"shown": "busy", "periods": [[540, 960]]}] * 5, "rule": None}
    >>> solve([alice])
    (60, 5)
    """
    cap = length_cap(people)
    lengths: list[int] = []
    per_start = START_EVERY // STEP
    for day_index in range(len(DAYS)):
        free = free_grid(people, day_index)
        for first in range(0, SLOTS, per_start):
            run = 0
            while first + run < SLOTS and free[first + run]:
                run += 1
            lengths.append(min(run * STEP, cap))
    best = max(lengths)
    return (best, lengths.count(best)) if best > 0 else (0, 0)


def without_rules(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Returns the people with every rule dropped."""
    return [{**person, "rule": None} for person in people]


def lazy_table(people: list[dict[str, Any]]) -> dict[str, Answer]:
    """Returns the answers a model could give without solving, by class."""
    table = {
        "nothing fits": (0, 0),
        "whole day once": (DAY_END - DAY_START, 1),
        "first person alone": solve(people[:1]),
    }
    if any(person.get("rule") for person in people):
        table["rules ignored"] = solve(without_rules(people))
    return table


# -- generation -------------------------------------------------------------------------------


def _place(rng: random.Random, lengths: list[int]) -> list[Period]:
    """Places periods of the given lengths (in slots) in order, at least one slot apart."""
    spare = SLOTS - sum(lengths) - (len(lengths) - 1)
    cuts = sorted(rng.randint(0, spare) for _ in lengths)
    periods: list[Period] = []
    at = 0
    previous = 0
    for cut, size in zip(cuts, lengths, strict=True):
        at += cut - previous
        previous = cut
        periods.append((DAY_START + at * STEP, DAY_START + (at + size) * STEP))
        at += size + 1
    return periods


def draw_day(knobs: TimeSequenceKnobs, rng: random.Random) -> dict[str, Any]:
    """Draws one calendar day."""
    shown = "free" if rng.random() < knobs.free_share else "busy"
    count = rng.randint(knobs.min_periods, knobs.max_periods)
    if shown == "free":
        count = max(1, count)
        lengths = [rng.randint(12, 48) for _ in range(count)]
    else:
        lengths = [rng.randint(3, 18) for _ in range(count)]
    while lengths and sum(lengths) + len(lengths) - 1 > SLOTS:
        lengths.pop()
    return {"shown": shown, "periods": [list(p) for p in _place(rng, lengths)]}


def draw_rule(rng: random.Random) -> dict[str, Any]:
    """Draws one rule of any kind."""
    kind = rng.choice(RULE_KINDS)
    return {"kind": kind, "value": rng.choice(RULE_VALUES[kind])}


def draw_people(knobs: TimeSequenceKnobs, rng: random.Random) -> list[dict[str, Any]]:
    """Draws names, calendars and rules."""
    names = rng.sample(NAMES, knobs.people)
    ruled = set(rng.sample(range(knobs.people), knobs.rules))
    return [
        {
            "name": name,
            "days": [draw_day(knobs, rng) for _ in DAYS],
            "rule": draw_rule(rng) if index in ruled else None,
        }
        for index, name in enumerate(names)
    ]


def is_common(answer: Answer) -> bool:
    """Returns whether a gold has the shape most draws share: one start reaches the maximum."""
    return answer[1] == 1


def is_good(people: list[dict[str, Any]], answer: Answer) -> bool:
    """Returns whether a drawn schedule is a fair question."""
    if answer == (0, 0):
        return False
    return not any(lazy == answer for lazy in lazy_table(people).values())


def generate_people(
    knobs: TimeSequenceKnobs, rng: random.Random
) -> tuple[list[dict[str, Any]], Answer]:
    """Draws schedules until one is a fair question; returns it with its answer."""
    for _ in range(MAX_ATTEMPTS):
        people = draw_people(knobs, rng)
        answer = solve(people)
        if not is_good(people, answer):
            continue
        if is_common(answer) and rng.random() >= COMMON_KEEP:
            continue
        if answer[0] % 30 == 0 and rng.random() >= ROUND_KEEP:
            continue
        return people, answer
    raise InvalidParamsError(
        f"time_sequence: no fitting schedule in {MAX_ATTEMPTS} draws with "
        f"{knobs.model_dump()}; use fewer people or periods"
    )


def write_answer(answer: Answer) -> str:
    """Writes an answer as the prompt asks.

    >>> write_answer((45, 3))
    '[45, 3]'
    """
    return f"[{answer[0]}, {answer[1]}]"


# -- prompt -----------------------------------------------------------------------------------

FORMAT_EXAMPLE = "[485, 2]"
"""Never an answer: no meeting is longer than 480 minutes."""


def describe_rule(name: str, rule: dict[str, Any]) -> str:
    """Writes one rule as a sentence with its exact meaning."""
    kind, value = rule["kind"], int(rule["value"])
    if kind == "buffer_after":
        return (
            f"{name} needs a {value}-minute break after each of their busy periods: a meeting "
            f"may start only {value} minutes or more after one of their busy periods ends."
        )
    if kind == "buffer_before":
        return (
            f"{name} needs {value} minutes to prepare before each of their busy periods: a "
            f"meeting must end {value} minutes or more before one of their busy periods starts."
        )
    if kind == "end_by":
        return f"{name} cannot meet after {clock(value)}: the meeting must end by {clock(value)}."
    if kind == "start_from":
        return f"{name} cannot meet before {clock(value)}."
    if kind == "lunch":
        return (
            f"{name} keeps {clock(value)}-{clock(value + 60)} free for lunch every day: no "
            "meeting may overlap it."
        )
    if kind == "days_only":
        days = [DAYS[i] for i in range(len(DAYS)) if value >> i & 1]
        return f"{name} meets only on {days[0]} and {days[1]}."
    if kind == "max_length":
        return f"{name} attends meetings of at most {value} minutes."
    if kind == "skip_short":
        return (
            f"{name} may skip any of their busy periods that lasts {value} minutes or less "
            "(such a period counts as free)."
        )
    if kind == "skip_before":
        return (
            f"{name} may skip any of their busy periods that ends by {clock(value)} (such a "
            "period counts as free)."
        )
    if kind == "tz_ahead":
        return (
            f"{name} lives one hour ahead of everyone else: the times in {name}'s calendar are "
            f"{name}'s local time ({name}'s 10:00 is 9:00 for everyone else), and {name} works "
            "9:00-17:00 local time."
        )
    return (
        f"{name} lives one hour behind everyone else: the times in {name}'s calendar are "
        f"{name}'s local time ({name}'s 9:00 is 10:00 for everyone else), and {name} works "
        "9:00-17:00 local time."
    )


def describe_day(day: dict[str, Any]) -> str:
    """Writes one calendar day, e.g. ``busy 9:30-10:15, 13:00-14:00``."""
    periods = ", ".join(f"{clock(s)}-{clock(e)}" for s, e in day["periods"])
    if day["shown"] == "busy":
        return f"busy {periods}" if periods else "busy: nothing (free all day)"
    return f"free {periods}" if periods else "free: nothing (busy all day)"


SKIP_NOTE = (
    "Skipping is judged on the busy periods as the calendar gives them; breaks and preparation "
    "time apply to the calendar's busy periods only.\n"
)
ZONE_NOTE = (
    "Every time outside the calendar of a person in another time zone (the meeting, the "
    "question, the other calendars and rules) is in everyone else's clock.\n"
)


def render_prompt(people: list[dict[str, Any]]) -> str:
    """Writes the prompt: the rules, the calendars, the question and the answer format."""
    lines = []
    for person in people:
        lines.append(f"{person['name']}:")
        for day_name, day in zip(DAYS, person["days"], strict=True):
            lines.append(f"  {day_name}: {describe_day(day)}")
    rules = [describe_rule(p["name"], p["rule"]) for p in people if p.get("rule")]
    kinds = {p["rule"]["kind"] for p in people if p.get("rule")}
    rule_text = (
        "Rules (each applies exactly as stated):\n"
        + "\n".join(f"- {text}" for text in rules)
        + "\n"
        + (
            SKIP_NOTE
            if kinds & {"skip_short", "skip_before", "buffer_after", "buffer_before"}
            else ""
        )
        + (ZONE_NOTE if kinds & {"tz_ahead", "tz_behind"} else "")
        + "\n"
        if rules
        else "Nobody has any further rule.\n\n"
    )
    names = ", ".join(p["name"] for p in people)
    return (
        "Meeting scheduling.\n\n"
        f"{names} want to hold one meeting together. Everyone works Monday to Friday, "
        "9:00-17:00 (24-hour clock). Each person's calendar gives, for each day, either the "
        "times they are busy or the times they are free. On a day given as free times, every "
        "other time between 9:00 and 17:00 is busy, and each unbroken stretch of it counts "
        "as one busy period. A period 10:00-10:30 runs from 10:00 up to 10:30, so a meeting "
        "may start at 10:30 or end at 10:00.\n\n"
        + "\n".join(lines)
        + "\n\n"
        + rule_text
        + "The meeting must start on the hour or half-hour (9:00, 9:30, ..., 16:30), lie "
        "within 9:00-17:00, overlap nobody's busy periods, and obey every rule. Its length "
        "is a whole number of "
        "minutes. What is the longest possible meeting, in minutes, and at how many start "
        "times (counting each day separately) can a meeting of that length be held? If no "
        "meeting of any length fits, the answer is [0, 0].\n"
        "Write the answer as [length, count] with two whole numbers. Format example for a "
        f"485-minute meeting possible at 2 start times: \\boxed{{{FORMAT_EXAMPLE}}}\n"
        "Think step by step, then put only your final answer inside \\boxed{}."
    )


# -- reading an answer ------------------------------------------------------------------------


def read_answer(payload: str) -> Answer | Check:
    """Reads ``[length, count]``, or returns the format-error :class:`Check`."""
    if len(payload) > MAX_ANSWER_CHARS:
        return Check(False, 0.0, f"answer is too long ({len(payload)} characters)", False)
    try:
        items = parse_items(payload)
    except PayloadError as exc:
        return Check(False, 0.0, str(exc), False)
    if len(items) != 2:
        reason = f"answer has {len(items)} items; write [length, count]"
        return Check(False, 0.0, reason, False)
    numbers: list[int] = []
    for label, item in zip(("length", "count"), items, strict=True):
        text = item.removesuffix(".0")
        if not (text.isascii() and text.isdigit()) or len(text) > 6:
            return Check(False, 0.0, f"the {label} {item[:20]!r} is not a whole number", False)
        numbers.append(int(text))
    return numbers[0], numbers[1]


# -- the family -------------------------------------------------------------------------------


@register("time_sequence")
class TimeSequence(Family):
    """Longest meeting everyone can attend, and its start times (SynLogic's time_sequence)."""

    cell_answer = False  # two numbers, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Meeting scheduling: the longest common meeting and how many starts allow it"
    Knobs = TimeSequenceKnobs
    Instance = TimeSequenceInstance

    def validate_for_generation(self, knobs: TimeSequenceKnobs) -> None:
        if knobs.min_periods > knobs.max_periods:
            raise InvalidParamsError(
                "time_sequence: min_periods must be at most max_periods, got "
                f"{knobs.min_periods} > {knobs.max_periods}"
            )
        if knobs.rules > knobs.people:
            raise InvalidParamsError(
                f"time_sequence: rules must be 0-{knobs.people} (one per person), got {knobs.rules}"
            )

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        people, low, high, rules, free_share = LEVELS[level]
        return {
            "people": people,
            "min_periods": low,
            "max_periods": high,
            "rules": rules,
            "free_share": free_share,
        }

    def generate(self, knobs: TimeSequenceKnobs, rng: random.Random) -> Draft:
        people, answer = generate_people(knobs, rng)
        meta = {"rules": [p["rule"]["kind"] for p in people if p["rule"]]}
        return Draft(render_prompt(people), write_answer(answer), {"people": people}, meta)

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        read = read_answer(payload)
        if isinstance(read, Check):
            return read
        length, count = read
        gold_length, gold_count = solve(instance["people"])
        if length != gold_length:
            return Check(False, 0.0, f"{length} minutes is not the longest possible meeting")
        if count != gold_count:
            return Check(
                False, 0.0, f"the length is right, but {count} is not the number of start times"
            )
        return Check(True, 1.0, "the longest meeting and its number of start times are right")

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        return {
            name: [write_answer(answer)] for name, answer in lazy_table(instance["people"]).items()
        }

    def hardness(self, task: Task) -> float:
        """Listed periods + 4 x rules + 2 x free-times days + 3 x people."""
        people = task.instance["people"]
        periods = sum(len(day["periods"]) for p in people for day in p["days"])
        free_days = sum(day["shown"] == "free" for p in people for day in p["days"])
        rules = sum(1 for p in people if p["rule"])
        return float(periods + 4 * rules + 2 * free_days + 3 * len(people))
