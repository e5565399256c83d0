"""Goods exchange: follow a story of swaps and trades and say who holds what at the end.

Description:
    The idea of SynLogic's ``goods_exchange`` task (arXiv 2505.19641), implemented here from
    its description. ``people`` people each start with one distinct item (a colour and a
    kind of thing, such as "red hat"). A numbered list of ``steps`` events follows; each
    event is one sentence of one of the twelve kinds below, and the model reports who holds
    which item after the last event.

    ======================  ====================================================  =========
    kind                    sentence                                              effect
    ======================  ====================================================  =========
    ``swap``                "P and Q swap items."                                 P, Q swap
    ``give_each_other``     "P and Q give each other what they hold."             P, Q swap
    ``holders_swap``        "The holder of the X and the holder of the Y swap     holders of
                            items."                                               X, Y swap
    ``holder_with``         "Whoever holds the X swaps items with P."             holder of X
                                                                                  and P swap
    ``trade_for``           "P trades the X for the Y." (P holds X then)          P and the
                                                                                  holder of Y
                                                                                  swap
    ``rotate``              "P, Q and R pass their items around: P gives to Q,    three-way
                            Q gives to R, and R gives to P."                      rotation
    ``offer``               "P offers Q a swap."                                  none yet
    ``accept``              "Q accepts P's offer, and they swap items."           P, Q swap
    ``decline``             "Q declines P's offer."                               none
    ``refuse``              "P asks Q to swap, but Q refuses."                    none
    ``likes``               "P really likes the X."                               none
    ``looks``               "P is looking for the X."                             none
    ======================  ====================================================  =========

    An offer is an exchange initiated at one step and completed (accepted) or declined at a
    later step; when it is accepted, the two people swap what they hold **at that moment**.
    The kinds that name an item instead of a person (``holders_swap``, ``holder_with``,
    ``trade_for``) are the *indirect* references: the model must know who holds the item at
    that point of the story.

    One rules engine does everything: :func:`read_step` turns a sentence back into its kind
    and arguments (by the same templates that wrote it), :func:`apply_step` applies it, and
    :func:`run` replays the whole story. The gold is ``run`` over the emitted sentences, and
    the checker compares the answer with ``run`` over the instance's sentences, so every
    sentence in the prompt has its effect and nothing else does. The original picked one of
    twelve templates per step, but two of them (the initiated exchange and the three-way
    rotation) fell into the distractor branch and emitted no text, so its stories were
    shorter than requested; here every kind the generator picks is written and applied.

    Generation keeps a story only when at least half of the people end with another item
    than they started with, and the final state differs both from the state after the first
    event alone and from the last event applied to the start alone, so echoing the start or
    stopping early is never right.

Instance:
    ``{"people": ["Alice", ...], "start": ["red hat", ...], "steps": ["Alice and Bob swap
    items.", ...]}``: ``start[i]`` is the item ``people[i]`` holds first. Names are letters
    only, items are two lower-case words; neither repeats (ignoring case). A sentence that
    is not one of the kinds above, or whose condition fails (``trade_for`` when P does not
    hold X, ``holder_with`` when P already holds X, ``accept`` without a pending offer, a
    person named twice in one swap) makes the instance invalid.

Answer format:
    One ``Name: item`` pair per person inside ``\\boxed{}``, separated by commas (or
    semicolons, or new lines), in any order: ``\\boxed{Alice: blue pen, Bob: red hat}``.
    Names and items are read case-insensitively with spaces collapsed; a leading "the" on
    an item is optional; ``=`` may replace the colon. A JSON object ``{"Alice": "blue pen",
    ...}`` and a Python list of ``(name, item)`` pairs (the original's tuple) are read too.
    A name that is not in the story, a person listed twice or left out, or an item that is
    not in the story is a format error.

Scoring:
    0/1: correct iff every person holds the listed item after the last event. The answer is
    not a grid of cells: no layout, no partial credit. The reason names the first person (in
    the order of the prompt) whose item is wrong, without giving the right one.

Difficulty:
    More people, more events, a larger share of distractors (events that change nothing:
    refusals, declined offers, wishes) and of indirect references. ``hardness`` is the number
    of events plus half the number of people plus the number of indirect events.

    =====  ======  ======  ==========  ========
    level  people  events  distractor  indirect
    =====  ======  ======  ==========  ========
    1      3       3       0.0         0.0
    2      4       5       0.1         0.1
    3      5       7       0.15        0.2
    4      6       9       0.2         0.3
    5      7       12      0.2         0.4
    6      8       15      0.25        0.45
    7      10      18      0.25        0.5
    8      12      22      0.3         0.55
    9      14      26      0.3         0.6
    10     16      30      0.3         0.6
    =====  ======  ======  ==========  ========

    SynLogic's ``run.sh`` used 20-30 people and 10-100 steps.

Knobs:
    ``people`` (3-30), ``steps`` (2-200), ``distractor_share`` (0-0.8: the chance that an
    event changes nothing; an offer later declined counts as one), ``indirect_share`` (0-1:
    the chance that an effective event names items instead of people).

References:
    Liu et al., "SynLogic: Synthesizing Verifiable Reasoning Data at Scale for Learning
    Logical Reasoning and Beyond", arXiv 2505.19641 (task ``goods_exchange``).

Version history:
    v0: first release.
"""

from __future__ import annotations

import math
import random
import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import Check, Draft, Family, register
from taskgen.core.task import Task
from taskgen.verifiers.extract import unwrap_latex
from taskgen.verifiers.parse import PayloadError, parse_items, parse_json, parse_literal

MIN_PEOPLE = 3
MAX_PEOPLE = 30
MAX_STEPS = 200
MAX_ATTEMPTS = 500
"""Stories drawn before the knobs are declared impossible."""
MAX_PAYLOAD = 20_000

NAMES: tuple[str, ...] = (
    "Alice", "Bob", "Carol", "David", "Emma", "Frank", "Grace", "Henry", "Irene", "Jack",
    "Karen", "Leo", "Maria", "Nathan", "Olivia", "Peter", "Rachel", "Samuel", "Tina", "Victor",
    "Wendy", "Oscar", "Hannah", "George", "Laura", "Martin", "Nora", "Paul", "Ruth", "Simon",
    "Ursula", "Walter", "Yvonne", "Adam", "Bella", "Colin", "Diana", "Edgar", "Fiona", "Hugo",
)  # fmt: skip
COLOURS: tuple[str, ...] = (
    "red", "blue", "green", "yellow", "purple", "orange",
    "black", "white", "silver", "golden", "pink", "brown",
)  # fmt: skip
THINGS: tuple[str, ...] = (
    "hat", "scarf", "book", "lamp", "clock", "vase", "kite", "drum", "mug", "ring", "bag", "pen",
)  # fmt: skip

LEVELS: dict[int, tuple[int, int, float, float]] = {
    1: (3, 3, 0.0, 0.0),
    2: (4, 5, 0.1, 0.1),
    3: (5, 7, 0.15, 0.2),
    4: (6, 9, 0.2, 0.3),
    5: (7, 12, 0.2, 0.4),
    6: (8, 15, 0.25, 0.45),
    7: (10, 18, 0.25, 0.5),
    8: (12, 22, 0.3, 0.55),
    9: (14, 26, 0.3, 0.6),
    10: (16, 30, 0.3, 0.6),
}
"""Level -> (people, steps, distractor_share, indirect_share)."""

TEMPLATES: dict[str, str] = {
    "swap": "{p} and {q} swap items.",
    "give_each_other": "{p} and {q} give each other what they hold.",
    "holders_swap": "The holder of the {x} and the holder of the {y} swap items.",
    "holder_with": "Whoever holds the {x} swaps items with {p}.",
    "trade_for": "{p} trades the {x} for the {y}.",
    "rotate": "{p}, {q} and {r} pass their items around: {p} gives to {q}, {q} gives to {r}, "
    "and {r} gives to {p}.",
    "offer": "{p} offers {q} a swap.",
    "accept": "{q} accepts {p}'s offer, and they swap items.",
    "decline": "{q} declines {p}'s offer.",
    "refuse": "{p} asks {q} to swap, but {q} refuses.",
    "likes": "{p} really likes the {x}.",
    "looks": "{p} is looking for the {x}.",
}
"""Every kind of event and its sentence; {p} {q} {r} are people, {x} {y} items."""
KINDS: tuple[str, ...] = tuple(TEMPLATES)
INDIRECT: tuple[str, ...] = ("holders_swap", "holder_with", "trade_for")
"""Kinds that name items instead of people."""
DISTRACTORS: tuple[str, ...] = ("decline", "refuse", "likes", "looks")
"""Kinds that never change who holds what (an offer alone changes nothing either)."""

_NAME = re.compile(r"[A-Za-z]{1,20}")
_ITEM = re.compile(r"[a-z]{1,15} [a-z]{1,15}")
_PAIR_SEPARATOR = re.compile(r"\s*(?::|=|->|\u2192)\s*")

Step = tuple[str, tuple[str, ...]]
"""One event: its kind and its arguments (people, then items, in template order)."""
State = dict[str, str]
"""Person -> item held."""


class GoodsExchangeKnobs(BaseModel):
    """Knobs of the ``goods_exchange`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    people: int = Field(ge=MIN_PEOPLE, le=MAX_PEOPLE, description="people, one item each")
    steps: int = Field(ge=2, le=MAX_STEPS, description="events in the story")
    distractor_share: float = Field(
        default=0.0, ge=0.0, le=0.8, description="chance an event changes nothing"
    )
    indirect_share: float = Field(
        default=0.0, ge=0.0, le=1.0, description="chance an effective event names items"
    )


class StepError(ValueError):
    """Raised when a sentence is not an event of the story or its condition fails."""


class GoodsExchangeInstance(BaseModel):
    """``Task.instance`` of the ``goods_exchange`` family."""

    model_config = ConfigDict(extra="forbid", strict=True)

    people: list[str] = Field(min_length=2, max_length=MAX_PEOPLE)
    start: list[str] = Field(min_length=2, max_length=MAX_PEOPLE)
    steps: list[str] = Field(min_length=1, max_length=MAX_STEPS)

    @model_validator(mode="after")
    def _consistent(self) -> GoodsExchangeInstance:
        if len(self.start) != len(self.people):
            raise ValueError("start must give one item per person")
        for name in self.people:
            if not _NAME.fullmatch(name):
                raise ValueError(f"name {name[:20]!r} must be 1-20 letters")
        for item in self.start:
            if not _ITEM.fullmatch(item):
                raise ValueError(f"item {item[:30]!r} must be two lower-case words")
        if len({name.casefold() for name in self.people}) != len(self.people):
            raise ValueError("a name repeats")
        if len(set(self.start)) != len(self.start):
            raise ValueError("an item repeats")
        try:
            run(self.people, self.start, self.steps)
        except StepError as exc:
            raise ValueError(str(exc)) from None
        return self


# -- the rules engine ---------------------------------------------------------------------------


def _pattern(template: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """Compiles a template into a regular expression (a person is one word of letters, an
    item two lower-case words); returns it and its placeholder order."""
    order: list[str] = []
    parts: list[str] = []
    for literal, field in re.findall(r"([^{]*)(?:\{(\w)\})?", template):
        parts.append(re.escape(literal))
        if not field:
            continue
        if field in order:
            parts.append(f"(?P={field})")
        else:
            order.append(field)
            parts.append(f"(?P<{field}>{_NAME.pattern if field in 'pqr' else _ITEM.pattern})")
    return re.compile("".join(parts)), tuple(order)


_PATTERNS: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (kind, *_pattern(template)) for kind, template in TEMPLATES.items()
)
"""Every kind with its compiled sentence and placeholder order (no two kinds share a
sentence: a name is one word, so the fixed words tell the kinds apart)."""


def write_step(step: Step) -> str:
    """Writes one event as its sentence.

    >>> write_step(("trade_for", ("Alice", "red hat", "blue pen")))
    'Alice trades the red hat for the blue pen.'
    """
    kind, args = step
    order = dict.fromkeys(re.findall(r"\{(\w)\}", TEMPLATES[kind]))
    return TEMPLATES[kind].format(**dict(zip(order, args, strict=True)))


def read_step(sentence: str, people: tuple[str, ...], items: tuple[str, ...]) -> Step:
    """Reads a sentence back into its kind and arguments (the inverse of :func:`write_step`).

    Raises:
        StepError: the sentence is none of the kinds.

    >>> read_step("Whoever holds the red hat swaps items with Bob.", ("Alice", "Bob"),
    ...           ("red hat", "blue pen"))
    ('holder_with', ('red hat', 'Bob'))
    """
    for kind, pattern, order in _PATTERNS:
        match = pattern.fullmatch(sentence)
        if match is None:
            continue
        args = tuple(match.group(field) for field in order)
        for field, value in zip(order, args, strict=True):
            known = people if field in "pqr" else items
            if value not in known:
                what = "person" if field in "pqr" else "item"
                raise StepError(f"the event {sentence[:50]!r} names an unknown {what} {value!r}")
        return kind, args
    raise StepError(f"the event {sentence[:50]!r} is none of the known kinds")


def holder(state: State, item: str) -> str:
    """Returns who holds ``item``."""
    for person, held in state.items():
        if held == item:
            return person
    raise StepError(f"nobody holds the {item}")  # pragma: no cover - items are a permutation


def _swap(state: State, a: str, b: str) -> None:
    if a == b:
        raise StepError(f"{a} cannot swap with themselves")
    state[a], state[b] = state[b], state[a]


def apply_step(state: State, pending: set[tuple[str, str]], step: Step) -> None:
    """Applies one event to ``state`` (person -> item) and the ``pending`` offers, in place.

    Raises:
        StepError: the event's condition fails (see the module docstring).
    """
    kind, args = step
    if kind in ("swap", "give_each_other"):
        _swap(state, args[0], args[1])
    elif kind == "holders_swap":
        if args[0] == args[1]:
            raise StepError(f"the {args[0]} cannot swap with itself")
        _swap(state, holder(state, args[0]), holder(state, args[1]))
    elif kind == "holder_with":
        item, person = args
        if state[person] == item:
            raise StepError(f"{person} already holds the {item}")
        _swap(state, holder(state, item), person)
    elif kind == "trade_for":
        person, given, wanted = args
        if state[person] != given:
            raise StepError(f"{person} does not hold the {given} when trading it")
        if given == wanted:
            raise StepError(f"{person} trades the {given} for itself")
        _swap(state, person, holder(state, wanted))
    elif kind == "rotate":
        p, q, r = args
        if len({p, q, r}) != 3:
            raise StepError("a rotation needs three different people")
        state[q], state[r], state[p] = state[p], state[q], state[r]
    elif kind == "offer":
        p, q = args
        if p == q or (p, q) in pending:
            raise StepError(f"{p} cannot offer {q} a swap here")
        pending.add((p, q))
    elif kind in ("accept", "decline"):
        q, p = args  # the template names the one who answers first
        if (p, q) not in pending:
            raise StepError(f"{q} answers an offer {p} did not make")
        pending.discard((p, q))
        if kind == "accept":
            _swap(state, p, q)
    elif kind == "refuse":
        if args[0] == args[1]:
            raise StepError(f"{args[0]} cannot ask themselves")
    elif kind not in ("likes", "looks"):  # pragma: no cover - kinds come from TEMPLATES
        raise StepError(f"unknown kind {kind!r}")


def run(people: list[str], start: list[str], steps: list[str]) -> State:
    """Replays the story's sentences from the start; returns who holds what at the end
    (cached per story, so the completions of one prompt share one replay).

    Raises:
        StepError: a sentence is not an event or its condition fails.
    """
    return dict(_replay(tuple(people), tuple(start), tuple(steps)))


@lru_cache(maxsize=1024)
def _replay(cast: tuple[str, ...], items: tuple[str, ...], steps: tuple[str, ...]) -> State:
    people, start = list(cast), list(items)
    state = dict(zip(people, start, strict=True))
    pending: set[tuple[str, str]] = set()
    for number, sentence in enumerate(steps, 1):
        try:
            apply_step(state, pending, read_step(sentence, cast, items))
        except StepError as exc:
            raise StepError(f"event {number}: {exc}") from None
    return state


# -- generation ---------------------------------------------------------------------------------


def _draw_effective(
    state: State, people: list[str], indirect: bool, offer_ok: bool, rng: random.Random
) -> Step:
    """Draws an event that changes who holds what (or an offer to be accepted later)."""
    if indirect:
        kind = rng.choice(INDIRECT)
        if kind == "holders_swap":
            a, b = rng.sample(people, 2)
            return kind, (state[a], state[b])
        if kind == "holder_with":
            a, b = rng.sample(people, 2)
            return kind, (state[a], b)
        a, b = rng.sample(people, 2)
        return kind, (a, state[a], state[b])
    kinds = ["swap", "give_each_other", "rotate"] + (["offer"] if offer_ok else [])
    kind = rng.choice(kinds)
    if kind == "rotate":
        return kind, tuple(rng.sample(people, 3))
    return kind, tuple(rng.sample(people, 2))


def _draw_distractor(state: State, people: list[str], rng: random.Random) -> Step:
    """Draws an event that changes nothing (a declined offer is drawn as an offer)."""
    kind = rng.choice(("refuse", "likes", "looks", "offer"))
    a, b = rng.sample(people, 2)
    if kind in ("likes", "looks"):
        return kind, (a, state[b])
    return kind, (a, b)


def draw_story(
    knobs: GoodsExchangeKnobs, rng: random.Random
) -> tuple[list[str], list[str], list[str]]:
    """Draws (people, start, sentences): a story that follows the rules."""
    people = rng.sample(NAMES, knobs.people)
    items = rng.sample([f"{c} {t}" for c in COLOURS for t in THINGS], knobs.people)
    state = dict(zip(people, items, strict=True))
    pending: set[tuple[str, str]] = set()
    reserved: dict[int, Step] = {}
    sentences: list[str] = []
    for index in range(knobs.steps):
        free_later = [
            later
            for later in range(index + 1, min(index + 4, knobs.steps))
            if later not in reserved
        ]
        if index in reserved:
            step = reserved.pop(index)
        elif rng.random() < knobs.distractor_share:
            step = _draw_distractor(state, people, rng)
            if step[0] == "offer" and (not free_later or step[1] in pending):
                step = ("refuse", step[1])
            elif step[0] == "offer":
                reserved[rng.choice(free_later)] = ("decline", (step[1][1], step[1][0]))
        else:
            indirect = rng.random() < knobs.indirect_share
            step = _draw_effective(state, people, indirect, bool(free_later), rng)
            if step[0] == "offer" and step[1] in pending:
                step = ("swap", step[1])
            elif step[0] == "offer":
                reserved[rng.choice(free_later)] = ("accept", (step[1][1], step[1][0]))
        apply_step(state, pending, step)
        sentences.append(write_step(step))
    return people, items, sentences


def lazy_states(people: list[str], start: list[str], steps: list[str]) -> dict[str, State]:
    """Returns the states a model reaches without following the story: the start, the
    first event alone, and the last event alone applied to the start (a dangling offer
    answered changes nothing)."""
    cast, items = tuple(people), tuple(start)
    initial = dict(zip(people, start, strict=True))
    found = {"start": dict(initial)}
    for name, sentence in (("first-event", steps[0]), ("last-event-only", steps[-1])):
        state = dict(initial)
        try:
            apply_step(state, set(), read_step(sentence, cast, items))
        except StepError:
            state = dict(initial)
        found[name] = state
    return found


def is_fair(people: list[str], start: list[str], steps: list[str], final: State) -> bool:
    """Returns whether a story is a fair question: at least half of the people end with
    another item, and no lazy state equals the final one."""
    moved = sum(1 for person, item in zip(people, start, strict=True) if final[person] != item)
    if moved < math.ceil(len(people) / 2):
        return False
    return all(state != final for state in lazy_states(people, start, steps).values())


def write_state(people: list[str], state: State) -> str:
    """Writes a state as the answer: ``Name: item`` pairs in the order of ``people``.

    >>> write_state(["Bob", "Alice"], {"Alice": "red hat", "Bob": "blue pen"})
    'Bob: blue pen, Alice: red hat'
    """
    return ", ".join(f"{person}: {state[person]}" for person in people)


# -- prompt -------------------------------------------------------------------------------------

FORMAT_EXAMPLE = "Zed: plaid kite, Quinn: plaid drum"
"""Names and a colour that never occur in a story, so the example is never an answer."""

RULES = (
    "What each kind of event means (people always swap what they hold at that moment):\n"
    '- "P and Q swap items" and "P and Q give each other what they hold": P gets what Q '
    "held and Q gets what P held.\n"
    '- "The holder of the X and the holder of the Y swap items": the person who holds X and '
    "the person who holds Y swap.\n"
    '- "Whoever holds the X swaps items with P": the person who holds X and P swap.\n'
    '- "P trades the X for the Y": P holds X; P and the person holding Y swap, so P gets Y '
    "and that person gets X.\n"
    '- "P, Q and R pass their items around: P gives to Q, Q gives to R, and R gives to P": '
    "all three pass at the same time, so Q gets what P held, R what Q held, P what R held.\n"
    '- "P offers Q a swap": nothing changes yet. If Q later "accepts P\'s offer", P and Q swap '
    'what they hold at the moment of accepting; if Q "declines P\'s offer", nothing changes.\n'
    '- "P asks Q to swap, but Q refuses", "P really likes the X" and "P is looking for the '
    'X": nothing changes.\n'
)


def render_prompt(people: list[str], start: list[str], steps: list[str]) -> str:
    """Writes the prompt: the start, the events, the rules and the answer format."""
    holdings = "\n".join(
        f"- {person} has the {item}." for person, item in zip(people, start, strict=True)
    )
    events = "\n".join(f"{number}. {sentence}" for number, sentence in enumerate(steps, 1))
    return (
        "Goods exchange.\n\n"
        f"{len(people)} people each start with one item:\n{holdings}\n\n"
        f"Then these {len(steps)} events happen, in this order:\n{events}\n\n"
        + RULES
        + "\nWho holds which item after the last event? Write one 'Name: item' pair for each "
        f"of the {len(people)} people, separated by commas, in any order. Names and items are "
        "read case-insensitively, and a leading 'the' on an item is optional.\n"
        f"Format example for two other people: \\boxed{{{FORMAT_EXAMPLE}}}\n"
        "Think step by step, then put only your final pairs inside \\boxed{}."
    )


# -- reading an answer --------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Folds case and collapses spaces; drops a leading "the" (items)."""
    words = text.casefold().split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _pairs(payload: str) -> list[tuple[str, str]] | str:
    """Reads the answer's (name, item) pairs, or returns the reason it is malformed."""
    text = unwrap_latex(payload)
    if len(text) > MAX_PAYLOAD:
        return f"answer is too long ({len(text)} characters)"
    if not text:
        return "the answer is empty"
    raw: Any = None
    if text[0] in "{[(":
        for reader in (parse_json, parse_literal):
            try:
                raw = reader(text, max_chars=MAX_PAYLOAD)
                break
            except PayloadError:
                continue
    if isinstance(raw, dict):
        if all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
            return [(k, v) for k, v in raw.items()]
        return "the object must map names to item names"
    if isinstance(raw, list | tuple):
        pairs = []
        for entry in raw:
            if not (
                isinstance(entry, list | tuple)
                and len(entry) == 2
                and all(isinstance(part, str) for part in entry)
            ):
                return f"{str(entry)[:30]!r} is not a (name, item) pair"
            pairs.append((entry[0], entry[1]))
        return pairs
    try:
        items = parse_items(text)
    except PayloadError as exc:
        return str(exc)
    pairs = []
    for entry in items:
        parts = _PAIR_SEPARATOR.split(entry, maxsplit=1)
        if len(parts) != 2:
            return f"{entry[:30]!r} is not a 'Name: item' pair"
        pairs.append((parts[0].strip("\"'` "), parts[1].strip("\"'` ")))
    return pairs


def read_state(payload: str, people: list[str], items: list[str]) -> State | Check:
    """Reads the answer into person -> item (names as in the story), or a format error."""
    pairs = _pairs(payload)
    if isinstance(pairs, str):
        return Check(False, 0.0, pairs, False)
    by_name = {_fold(person): person for person in people}
    by_item = {_fold(item): item for item in items}
    state: State = {}
    for name, item in pairs:
        person = by_name.get(_fold(name))
        if person is None:
            return Check(False, 0.0, f"{name[:20]!r} is not one of the people", False)
        if person in state:
            return Check(False, 0.0, f"{person} is listed twice", False)
        thing = by_item.get(_fold(item))
        if thing is None:
            return Check(False, 0.0, f"{item[:30]!r} is not one of the items", False)
        state[person] = thing
    if len(state) != len(people):
        missing = next(person for person in people if person not in state)
        reason = f"the answer lists {len(state)} of the {len(people)} people ({missing} missing)"
        return Check(False, 0.0, reason, False)
    return state


# -- the family ---------------------------------------------------------------------------------


@register("goods_exchange")
class GoodsExchange(Family):
    """Say who holds what after a story of swaps and trades (SynLogic's goods_exchange)."""

    cell_answer = False  # name: item pairs, scored 0/1
    version = 0
    kind = "puzzle"
    description = "Goods exchange: track swaps, trades and offers; say who holds what at the end"
    Knobs = GoodsExchangeKnobs
    Instance = GoodsExchangeInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        people, steps, distractor, indirect = LEVELS[level]
        return {
            "people": people,
            "steps": steps,
            "distractor_share": distractor,
            "indirect_share": indirect,
        }

    def generate(self, knobs: GoodsExchangeKnobs, rng: random.Random) -> Draft:
        for _ in range(MAX_ATTEMPTS):
            people, start, steps = draw_story(knobs, rng)
            final = run(people, start, steps)
            if is_fair(people, start, steps, final):
                break
        else:
            raise InvalidParamsError(
                f"goods_exchange: no story in {MAX_ATTEMPTS} draws moved half of the people "
                f"with {knobs.model_dump()}; use more steps or fewer distractors"
            )
        cast, items = tuple(people), tuple(start)
        kinds = [read_step(sentence, cast, items)[0] for sentence in steps]
        meta = {
            "indirect": sum(kind in INDIRECT for kind in kinds),
            "distractors": sum(kind in DISTRACTORS for kind in kinds),
            "offers": kinds.count("offer"),
        }
        return Draft(
            prompt=render_prompt(people, start, steps),
            answer=write_state(people, final),
            instance={"people": people, "start": start, "steps": steps},
            meta=meta,
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        people: list[str] = instance["people"]
        state = read_state(payload, people, instance["start"])
        if isinstance(state, Check):
            return state
        final = run(people, instance["start"], instance["steps"])
        for person in people:
            if state[person] != final[person]:
                return Check(False, 0.0, f"{person} does not hold the {state[person]} at the end")
        return Check(True, 1.0, f"all {len(people)} people hold the listed items")

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        people: list[str] = instance["people"]
        states = lazy_states(people, instance["start"], instance["steps"])
        return {name: [write_state(people, state)] for name, state in states.items()}

    def hardness(self, task: Task) -> float:
        """Events, plus half the people, plus the events that name items instead of people."""
        people, start, steps = (
            task.instance["people"],
            task.instance["start"],
            task.instance["steps"],
        )
        cast, items = tuple(people), tuple(start)
        indirect = sum(read_step(s, cast, items)[0] in INDIRECT for s in steps)
        return len(steps) + len(people) / 2 + indirect
