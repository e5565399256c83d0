"""Simple Negotiation: trade resources so that your inventory value grows more than theirs.

Description:
    SPIRAL's negotiation game in the five-resource form its paper describes (TextArena's
    ``SimpleNegotiation-v0``), not the two-resource simplification of its code. The rules
    engine :class:`SimpleNegotiation` keeps each player's private values, the open offer and
    the table talk; offers are parsed robustly (plurals, case, "and", number words).

Rules (exact):
    * Resources Wheat, Wood, Sheep, Brick, Ore with base values 5, 10, 15, 25, 40; the knob
      ``num_resources`` keeps the first k of them. Each player starts with a random quantity
      5–25 of each, and values each resource privately at a whole number within ±20% of its
      base value (at least 1). A player sees their own inventory and values, and the base
      values; the opponent's inventory and values stay hidden (trades are public).
    * The game lasts ``max_turns`` turns in total (default 10), alternating, Player 0 first.
    * A turn is a reply: optional talk (shown to the opponent) and at most one move, read
      from the last ``\\boxed{}`` or ``[...]``:
      ``Offer: 3 Wood, 1 Ore -> 2 Sheep`` (I give 3 Wood and 1 Ore, I receive 2 Sheep),
      ``Accept``, ``Deny`` or ``Pass``. A reply with no move is a ``Pass`` (talk only).
    * One offer is open at a time, for the other player's next turn only: ``Accept``
      carries it out; ``Deny``, ``Pass`` or talk closes it; a counter-offer replaces it.
    * Invalid: an offer that is malformed, names an unknown resource, puts a resource on
      both sides or has an empty side, or gives more than the proposer holds; ``Accept``
      or ``Deny`` with no offer open to you; ``Accept`` without holding what is asked.
    * At the end each player's inventory is valued with their own values; the player whose
      value grew more wins (+1 / −1); equal growth is a draw (0 / 0).

Task contract (family ``simple_negotiation``):
    See :class:`~taskgen.tasks.games._base.GameFamily`. Answer: one move inside the box,
    ``\\boxed{Offer: 2 Wheat -> 1 Sheep}``, ``\\boxed{Accept}``, ``\\boxed{Deny}`` or
    ``\\boxed{Pass}`` (the box must hold a move; talk is for the environments). The other
    player is the documented negotiator (below); the task's prompt is the seat's observation
    plus that player's private inventory and values and its exact acceptance rule, so the
    answer follows from the prompt alone. A legal move is **sound** iff it raises your own
    inventory value (your values) against that negotiator:

    * ``Accept``: the open offer brings you more value than it costs you;
    * an offer (any well-formed one): it raises your value and the negotiator would accept
      it (:meth:`SimpleNegotiation.accepts`, with its true values and inventory);
    * ``Deny`` and ``Pass``: only when no move does, i.e. no acceptable open offer and no
      sound offer among the **decision moves** (:meth:`SimpleNegotiation.decision_moves`):
      Accept, Deny, Pass and every one-for-one offer, some of one resource you hold (1 up to
      all of it) for some of another the negotiator holds (about 4,000 offers).

    So Pass, Deny, a greedy offer (``1 Wheat -> 999 Ore``) or a copy of the prompt (its box
    holds a placeholder) are wrong wherever a trade exists, which is almost everywhere. Kinds
    of task, drawn with fixed weights at every level: a good offer is open to you (1/5; Accept,
    or a sound counter-offer), a bad offer is open (3/10; a sound counter-offer), no offer is
    open (1/2; propose a sound trade). The instance lists the legal Accept / Deny / Pass
    (the offers are too many) and every sound decision move.

Strong policy (the value-aware negotiator):
    Accepts an open offer iff it holds what is asked and the trade raises its own value by
    more than it raises the proposer's, estimated at base values (:meth:`accepts`).
    Otherwise it proposes the 1–5-for-1–5 swap of two resources that maximises its own gain
    minus the other's gain at base values, among swaps that raise its value and that a
    base-value negotiator would accept; with none, it denies an open offer or passes.

Difficulty (measured):
    A decision is hard when sound moves are rare: ``hardness`` is the number of decision
    moves per sound one, ``len(decision_moves) / len(sound_moves)``, the expected number of
    uniformly random tries to hit a sound move (``meta["random_move_sound"]`` is its
    inverse, a random decision move's accuracy). Each level draws its decisions from one band
    of it, so the sound share falls monotonically with the level. The easiest decisions
    (more than about 1% of the moves sound) are left out: there the valuations are so
    lopsided that a fixed natural trade (``5 Wheat -> 1 Brick``, equal at base values) is
    sound on a third of them. Measured over 100 seeds (``benchmarks/bench_games.py``; best
    constant: the best of Accept, Deny, Pass, a greedy offer per pair of resources, every
    offer of 1–5 units for 1–5 units and every gold answer, each used on every task):

    =====  ==============  ====================  =============
    level  tries           mean sound share      best constant
    =====  ==============  ====================  =============
    1      [100, 110)      0.0096                0.24
    2      [110, 121)      0.0087                0.28
    3      [121, 134)      0.0079                0.27
    4      [134, 150)      0.0071                0.25
    5      [150, 170)      0.0062                0.22
    6      [170, 198)      0.0055                0.28
    7      [198, 240)      0.0046                0.19
    8      [240, 310)      0.0037                0.19
    9      [310, 450)      0.0027                0.20
    10     [450, ...)      0.0013                0.17
    =====  ==============  ====================  =============

Knobs:
    ``tries_band`` [lo, hi) (the level's band), ``seat`` (0, 1 or None: drawn),
    ``num_resources`` 2–5 (5), ``max_turns`` 2–50 (10). Bands are calibrated on five
    resources and ten turns; a decision of the drawn kind is looked for in
    :data:`EPISODES_PER_DRAW` games, then one of any kind, then the task is the decision
    closest to the band (only knobs far from the defaults get there).

References:
    Liu et al., "SPIRAL", 2025, appendix G; TextArena ``SimpleNegotiation-v0``.

Version history:
    v1: a sound move must raise your value against the documented negotiator (whose state
    the prompt now shows); Deny and Pass only when nothing does (v0 accepted Pass, a greedy
    offer and a copy of the prompt on every task); the level is how rare sound moves are
    (table above), not the opponent's strength; the format example is the placeholder
    ``\\boxed{<move>}``; the instance refuses unknown keys and inconsistent states
    (resources not conserved, an offer its proposer cannot cover); ``[Accept]`` is read as a
    box.
    v0: first release.
"""

from __future__ import annotations

import operator
import random
import re
from collections.abc import Hashable, Sequence
from functools import cache, cached_property, lru_cache
from typing import Any, Literal, NamedTuple, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import register
from taskgen.core.task import Task
from taskgen.tasks.games._base import (
    HISTORY_STRENGTH,
    Decision,
    Game,
    GameFamily,
    GameInstance,
    Illegal,
    Outcome,
    quote,
    sanitize,
    zero_sum,
)

RESOURCES = ("Wheat", "Wood", "Sheep", "Brick", "Ore")
BASE_VALUES = (5, 10, 15, 25, 40)
MIN_QUANTITY, MAX_QUANTITY = 5, 25
VALUE_SPREAD = 0.2
_QUANTITY_SPAN = MAX_QUANTITY - MIN_QUANTITY + 1
_VALUE_LOW, _VALUE_WIDTH = 1 - VALUE_SPREAD, 2 * VALUE_SPREAD
MAX_OFFER_QUANTITY = 999
MAX_TURNS = 50
TALK_CHARS = 300
MAX_ITEM_CHARS = 40
MAX_OFFER_CHARS = 500
_PROPOSAL_QUANTITIES = range(1, 6)
_VOCAB_QUANTITIES = range(1, 4)
_VOCAB_CAP = _VOCAB_QUANTITIES[-1]
"""The most units of a resource a vocabulary offer gives."""
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_ITEM = re.compile(r"(\d{1,6}|[a-z]+)\s*(?:x\s+)?([a-z]+)")
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|&|\+|\band\b)\s*")
_SIMPLE_OFFER = re.compile(
    r"\s*offer\s*:?\s*(\d{1,3})\s+([a-z]+)\s*->\s*(\d{1,3})\s+([a-z]+)\s*$", re.IGNORECASE
)
_OFFER_PREFIX = re.compile(r"^\s*offer\s*:?\s*", re.IGNORECASE)
_ARROW = re.compile(r"\s*(?:->|=>|→|⟶)\s*")
_GIVE_PREFIX = re.compile(r"^(?:i\s+)?(?:will\s+)?(?:give|offer|trade)\s+")
_GET_PREFIX = re.compile(r"^(?:i\s+)?(?:will\s+)?(?:get|want|receive|ask\s+for|for)\s+")
_CANONICAL = {"Accept": "accept", "Deny": "deny", "Pass": "pass"}
_SIMPLE = {
    "accept": "accept",
    "deny": "deny",
    "reject": "deny",
    "decline": "deny",
    "pass": "pass",
}

Kind = Literal["offer", "accept", "deny", "pass"]
Bundle = tuple[int, ...]
"""Quantities per resource, in the order of :data:`RESOURCES`."""


class Offer(NamedTuple):
    """An open offer: ``proposer`` gives ``give`` and receives ``get``."""

    proposer: int
    give: Bundle
    get: Bundle


class NegotiationMove(NamedTuple):
    """A move: an offer (with its bundles), accept, deny or pass."""

    kind: Kind
    give: Bundle = ()
    get: Bundle = ()


_new_tuple = tuple.__new__
_PASS = NegotiationMove("pass")
_DENY = NegotiationMove("deny")
_ACCEPT = NegotiationMove("accept")
_SIMPLE_MOVES = {"pass": _PASS, "deny": _DENY, "accept": _ACCEPT}


class NegotiationState(NamedTuple):
    """Inventories, private values, the turn, the open offer and the public history."""

    inventories: tuple[Bundle, Bundle]
    initial: tuple[Bundle, Bundle]
    values: tuple[Bundle, Bundle]
    turn: int = 0
    offer: Offer | None = None
    history: tuple[str, ...] = ()
    """Public history lines ("Turn 3: Player 0 offered [...]"); talk is quoted."""


def worth(values: Bundle, bundle: Bundle) -> int:
    """Returns the value of ``bundle`` under ``values``.

    >>> worth((5, 10), (2, 1))
    20
    """
    return sum(map(operator.mul, values, bundle))


def covers(inventory: Bundle, bundle: Bundle) -> bool:
    """Returns whether ``inventory`` holds at least ``bundle``."""
    return all(map(operator.ge, inventory, bundle))


_RESOURCE_FORMS = {
    form: index
    for index, resource in enumerate(RESOURCES)
    for form in (resource.lower(), resource.lower() + "s", resource.lower() + "es")
}


def _resource_index(word: str, active: int) -> int | str:
    """Returns the index of a resource name (any case, plural), or a reason."""
    index = _RESOURCE_FORMS.get(word.lower())
    if index is None:
        return f"unknown resource {quote(word)}; resources: {', '.join(RESOURCES[:active])}"
    if index >= active:
        return f"{RESOURCES[index]} is not traded in this game"
    return index


def parse_bundle(text: str, active: int) -> Bundle | str:
    """Reads "3 Wood, 1 Ore" (or "3 woods and one ore") into quantities, else a reason.

    >>> parse_bundle("3 woods and one Ore", 5)
    (0, 3, 0, 0, 1)
    >>> parse_bundle("2 Gold", 5)
    "unknown resource 'gold'; resources: Wheat, Wood, Sheep, Brick, Ore"
    """
    quantities = [0] * active
    parts = [p for p in _ITEM_SPLIT.split(text.strip().lower()) if p]
    if not parts:
        return "an offer side is empty"
    for part in parts:
        match = _ITEM.fullmatch(part) if len(part) <= MAX_ITEM_CHARS else None
        if match is None:
            return f"cannot read {quote(part)}; write items like '3 Wood'"
        amount, word = match.groups()
        quantity = int(amount) if amount.isdigit() else _NUMBER_WORDS.get(amount)
        if quantity is None:
            return f"cannot read the quantity in {quote(part)}"
        index = _resource_index(word, active)
        if isinstance(index, str):
            return index
        if quantity < 1:
            return "quantities must be at least 1"
        quantities[index] += quantity
        if quantities[index] > MAX_OFFER_QUANTITY:
            return f"quantities must be at most {MAX_OFFER_QUANTITY}"
    return tuple(quantities)


@lru_cache(maxsize=8192)
def parse_offer(text: str, active: int) -> tuple[Bundle, Bundle] | str:
    """Reads "Offer: 3 Wood, 1 Ore -> 2 Sheep" into (give, get) bundles, else a reason.

    Pure, so cached: self-play and scripted opponents repeat the same offer texts.

    >>> parse_offer("offer: I give 2 Bricks -> 1 ore", 5)
    ((0, 0, 0, 2, 0), (0, 0, 0, 0, 1))
    """
    if len(text) > MAX_OFFER_CHARS:
        return f"the offer is too long (at most {MAX_OFFER_CHARS} characters)"
    simple = _SIMPLE_OFFER.match(text)
    if simple is not None:  # fast path: "Offer: 3 Wood -> 2 Sheep"
        q, a, r, b = simple.groups()
        i, j = _RESOURCE_FORMS.get(a.lower()), _RESOURCE_FORMS.get(b.lower())
        if (
            i is not None
            and j is not None
            and i != j
            and max(i, j) < active
            and min(int(q), int(r)) >= 1
        ):
            gives, gets = [0] * active, [0] * active
            gives[i], gets[j] = int(q), int(r)
            return tuple(gives), tuple(gets)
    body = _OFFER_PREFIX.sub("", text.strip())
    sides = _ARROW.split(body)
    if len(sides) != 2:
        return "an offer must look like 'Offer: 3 Wood, 1 Ore -> 2 Sheep'"
    give_text = _GIVE_PREFIX.sub("", sides[0].strip().lower())
    get_text = _GET_PREFIX.sub("", sides[1].strip().lower())
    give = parse_bundle(give_text, active)
    if isinstance(give, str):
        return give
    get = parse_bundle(get_text, active)
    if isinstance(get, str):
        return get
    both = [RESOURCES[i] for i in range(active) if give[i] and get[i]]
    if both:
        return f"{both[0]} is on both sides of the offer"
    return give, get


@lru_cache(maxsize=8192)
def format_bundle(bundle: Bundle) -> str:
    """Writes a bundle as "3 Wood, 1 Ore" (resources in the fixed order)."""
    return ", ".join([f"{q} {RESOURCES[i]}" for i, q in enumerate(bundle) if q])


@lru_cache(maxsize=8192)
def _format_move(move: NegotiationMove) -> str:
    """Writes a move canonically: "Offer: 3 Wood -> 2 Sheep", "Accept", "Deny", "Pass"."""
    if move.kind == "offer":
        return f"Offer: {format_bundle(move.give)} -> {format_bundle(move.get)}"
    return move.kind.capitalize()


_INVENTORY_ROWS = tuple(f"  {resource}: " for resource in RESOURCES)
_INVENTORY_LINES: dict[tuple[int, int, int], str] = {}
"""Inventory rows by (resource, quantity, value): a new game's inventory is new, but its rows
(5-25 units at one of ~20 values per resource) were nearly all written before."""
_INVENTORY_LINES_SIZE = 8192


def _inventory_block(have: Bundle, values: Bundle, initial: Bundle) -> str:
    """Renders a player's inventory, values and value change.

    The observation remembers the last block per player; the rows come from
    ``_INVENTORY_LINES`` (a whole block nearly never repeats, its rows do)."""
    parts = ["Your inventory (quantity x your value = worth):\n"]
    now = start = 0
    lines = _INVENTORY_LINES
    for index, (quantity, value, had) in enumerate(zip(have, values, initial, strict=True)):
        worth_now = quantity * value
        key = (index, quantity, value)
        line = lines.get(key)
        if line is None:
            if len(lines) >= _INVENTORY_LINES_SIZE:
                lines.clear()
            line = lines[key] = f"{_INVENTORY_ROWS[index]}{quantity} x {value} = {worth_now}\n"
        parts.append(line)
        now += worth_now
        start += had * value
    parts.append(f"Your inventory value: {now} (start {start}, change {now - start:+d}).")
    return "".join(parts)


@cache
def _move_tables(
    num_resources: int,
) -> tuple[tuple[str, ...], list[list[list[list[NegotiationMove]]]], list[tuple[int, int]]]:
    """Returns the move vocabulary, the small offers and what each offer needs, per game size.

    Built once per ``num_resources`` and shared (read-only) by every engine: building them took
    most of a new game's time. ``small_offers[i][j][q - 1][r - 1]`` is the move giving q of
    resource i for r of resource j.
    """
    offers = [
        f"Offer: {q} {RESOURCES[i]} -> {r} {RESOURCES[j]}"
        for i in range(num_resources)
        for j in range(num_resources)
        if i != j
        for q in _VOCAB_QUANTITIES
        for r in _VOCAB_QUANTITIES
    ]
    vocabulary = ("Accept", "Deny", "Pass", *offers)
    small_offers = [
        [
            [
                [
                    NegotiationMove(
                        "offer",
                        tuple(q if x == i else 0 for x in range(num_resources)),
                        tuple(r if x == j else 0 for x in range(num_resources)),
                    )
                    for r in _VOCAB_QUANTITIES
                ]
                for q in _VOCAB_QUANTITIES
            ]
            for j in range(num_resources)
        ]
        for i in range(num_resources)
    ]
    offer_needs = [
        (i, q)
        for i in range(num_resources)
        for j in range(num_resources)
        if i != j
        for q in _VOCAB_QUANTITIES
        for _ in _VOCAB_QUANTITIES
    ]
    return vocabulary, small_offers, offer_needs


_OFFER_CACHE_SIZE = 4096
"""Capped inventories whose offer masks one engine remembers (``_offer_tables``)."""

_MOVES = "Your legal moves: [Offer: <quantity> <resource>, ... -> <quantity> <resource>, ...]"
_MOVES_OFFER = _MOVES + ", [Pass]\n"
_OPEN_OFFER_LINES_SIZE = 4096
"""Open offers whose lines one engine remembers before it starts afresh."""
_MOVES_ACCEPT = _MOVES + ", [Accept], [Deny], [Pass]\n"
_MOVES_DENY = _MOVES + ", [Deny], [Pass]\n"
_INSTRUCTION = (
    "Write an optional short message to the other player, then give exactly one move in "
    "\\boxed{}: \\boxed{<move>}, with <move> one of the moves listed above.\n"
)


class SimpleNegotiation(Game[NegotiationState, NegotiationMove]):
    """The Simple Negotiation engine (rules in the module docstring)."""

    name = "simple_negotiation"
    title = "Simple Negotiation"
    move_optional = True
    has_talk = True
    pass_move = "Pass"

    def __init__(self, num_resources: int = 5, max_turns: int = 10) -> None:
        if isinstance(num_resources, bool) or not isinstance(num_resources, int):
            raise InvalidParamsError(f"num_resources must be an integer, got {num_resources!r}")
        if not 2 <= num_resources <= len(RESOURCES):
            raise InvalidParamsError(
                f"num_resources must be 2–{len(RESOURCES)}, got {num_resources}"
            )
        if (
            isinstance(max_turns, bool)
            or not isinstance(max_turns, int)
            or not 2 <= max_turns <= MAX_TURNS
        ):
            raise InvalidParamsError(f"max_turns must be 2–{MAX_TURNS}, got {max_turns!r}")
        self.num_resources = num_resources
        self.max_turns = max_turns
        self.base = BASE_VALUES[:num_resources]
        self.vocabulary, self._small_offers, self._offer_needs = _move_tables(num_resources)
        self._vocabulary_offers = {
            _format_move(move): (move, i, by_q[0].give[i])
            for i, by_give in enumerate(self._small_offers)
            for by_get in by_give
            for by_q in by_get
            for move in by_q
            if not any(map(operator.mul, move.give, move.get))  # two resources
        }
        """Each vocabulary offer's canonical text: its move, the resource it gives and how many
        units (the fast path of parse_move)."""
        self._texts_by_id = {
            id(move): text for text, (move, _, _) in self._vocabulary_offers.items()
        }
        """The text of each vocabulary offer by the identity of its move object: this engine's
        ``_vocabulary_offers`` keeps those objects alive, so no other object has their identity."""
        self._seen_heads: list[tuple[Any, ...]] = [(None, None, None, ""), (None, None, None, "")]
        self._seen_outcome: tuple[Any, Outcome] = (None, zero_sum(None, ""))
        self._offer_cache: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[str, ...]]] = {}
        self._open_offer_lines: dict[Offer, tuple[str, str]] = {}
        self._seen_cover: tuple[Any, Any, bool] = (None, None, False)
        """The last open offer legal_key checked, the inventory and whether it covers the ask
        (immutable tuples, so identity says the answer holds)."""
        self._full = (_VOCAB_CAP,) * num_resources
        self._twice = self.base + self.base
        self._whos = tuple(f"Turn {t + 1}: Player {t % 2}" for t in range(max_turns))
        self._turn_lines = tuple(f"Turn {t + 1} of {max_turns}.\n" for t in range(max_turns))

    def config(self) -> dict[str, Any]:
        return {"num_resources": self.num_resources, "max_turns": self.max_turns}

    def new_state(self, rng: random.Random) -> NegotiationState:
        draw, k, twice = rng.random, self.num_resources, self._twice
        low, span, spread, width = MIN_QUANTITY, _QUANTITY_SPAN, _VALUE_LOW, _VALUE_WIDTH
        counts = [low + int(draw() * span) for _ in twice]
        # every base value is at least 5 and the spread 20%, so no value rounds below 4:
        # max(1, ...) is not needed (a test checks the constants)
        values = [round(b * (spread + width * draw())) for b in twice]
        first, second = tuple(counts[:k]), tuple(counts[k:])
        pair = (first, second)
        return _new_tuple(
            NegotiationState, (pair, pair, (tuple(values[:k]), tuple(values[k:])), 0, None, ())
        )

    def current_player(self, state: NegotiationState) -> int:
        return state.turn % 2

    def is_terminal(self, state: NegotiationState) -> bool:
        return state.turn >= self.max_turns

    def gains(self, state: NegotiationState) -> tuple[int, int]:
        """Returns each player's change in inventory value under their own values."""
        a, b = (
            worth(state.values[p], state.inventories[p]) - worth(state.values[p], state.initial[p])
            for p in (0, 1)
        )
        return a, b

    def outcome(self, state: NegotiationState) -> Outcome:
        seen = self._seen_outcome
        if seen[0] is state:  # an environment asks again for the final views: remembered
            return seen[1]
        a, b = self.gains(state)
        winner = None if a == b else (0 if a > b else 1)
        found = zero_sum(winner, f"value change: Player 0 {a:+d}, Player 1 {b:+d}")
        self._seen_outcome = (state, found)
        return found

    def offer_to(self, state: NegotiationState, player: int) -> Offer | None:
        """Returns the offer open to ``player``, if any."""
        offer = state.offer
        return offer if offer is not None and offer.proposer != player else None

    # -- moves ----------------------------------------------------------------------------

    def parse_move(self, state: NegotiationState, text: str) -> NegotiationMove | Illegal:
        if self.is_terminal(state):
            return Illegal("the game is over")
        player = state.turn % 2
        small = self._vocabulary_offers.get(text)
        if small is not None and state[0][player][small[1]] >= small[2]:
            return small[0]  # a canonical vocabulary offer the mover can cover
        kind = _CANONICAL.get(text)
        word = text if kind is not None else text.strip().strip(".!").strip().lower()
        if kind is None and not text.startswith("Offer: "):
            kind = _SIMPLE.get(word)
        if kind is not None:
            offer = self.offer_to(state, player)
            if kind == "pass":
                return _PASS
            if offer is None:
                return Illegal(f"there is no open offer to {kind}")
            if kind == "accept" and not covers(state.inventories[player], offer.get):
                return Illegal(f"you cannot accept: it asks for {format_bundle(offer.get)}")
            return _SIMPLE_MOVES[kind]
        if not (text.startswith("Offer: ") or word.startswith("offer") or _ARROW.search(word)):
            return Illegal(
                f"unknown move {quote(text)}; moves: [Offer: ... -> ...], [Accept], [Deny], [Pass]",
                True,
            )
        parsed = parse_offer(text, self.num_resources)
        if isinstance(parsed, str):
            return Illegal(parsed, True)
        give, get = parsed
        have = state.inventories[player]
        if not covers(have, give):
            index = next(i for i, need in enumerate(give) if need > have[i])
            return Illegal(
                f"you cannot cover the offer: you have {have[index]} {RESOURCES[index]}, "
                f"the offer gives {give[index]}"
            )
        return NegotiationMove("offer", give, get)

    def format_move(self, move: NegotiationMove) -> str:
        text = self._texts_by_id.get(id(move))  # a vocabulary offer: no hashing of bundles
        return _format_move(move) if text is None else text

    def legal_vocabulary(self, state: NegotiationState) -> list[str]:
        if self.is_terminal(state):
            return []
        player = self.current_player(state)
        have = state.inventories[player]
        offer = self.offer_to(state, player)
        head = [
            text
            for text, legal in zip(
                self.vocabulary[:3],
                (offer is not None and covers(have, offer.get), offer is not None, True),
                strict=True,
            )
            if legal
        ]
        return head + list(self._offer_tables(have)[1])

    def action_mask(self, state: NegotiationState, player: int) -> list[int]:
        if self.is_terminal(state) or self.current_player(state) != player:
            return [0] * len(self.vocabulary)
        have = state.inventories[player]
        offer = self.offer_to(state, player)
        head = [
            int(offer is not None and covers(have, offer.get)),
            int(offer is not None),
            1,
        ]
        return head + list(self._offer_tables(have)[0])

    def legal_key(self, state: NegotiationState) -> Hashable:
        """Returns what fixes the legal vocabulary: which of Accept and Deny is open, and the
        mover's inventory capped at 3 units (the vocabulary's offers give 1-3 of one resource).
        """
        player = state[3] % 2  # turn, inventories, offer by index: the hot path
        have = state[0][player]
        offer = state[4]
        head = 0
        if offer is not None and offer[0] != player:
            can = covers(have, offer[2])
            self._seen_cover = (offer, have, can)  # the observation of this turn asks again
            head = 2 if can else 1
        return head, (self._full if min(have) >= _VOCAB_CAP else self._capped(have))

    def _capped(self, have: tuple[int, ...]) -> tuple[int, ...]:
        """Returns ``have`` with every quantity capped at the vocabulary's largest offer."""
        if min(have) >= _VOCAB_CAP:
            return self._full
        return tuple([q if q < _VOCAB_CAP else _VOCAB_CAP for q in have])

    def _offer_tables(self, have: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """Returns the offer part of the mask (entry ``k``: ``have`` covers offer ``k``) and the
        offers it allows, in vocabulary order, computed once per capped inventory.

        The ~180 offers give 1-3 units of one resource, so whether ``have`` covers one depends
        on ``have`` capped at 3 units (:meth:`_capped`): at most 4**k tables per engine, and
        nearly every inventory of a game (5-25 units each) is the one all-3s key.
        """
        capped = self._capped(have)
        found = self._offer_cache.get(capped)
        if found is None:
            mask = tuple(int(capped[i] >= q) for i, q in self._offer_needs)
            offers = tuple(
                text for text, legal in zip(self.vocabulary[3:], mask, strict=True) if legal
            )
            if len(self._offer_cache) >= _OFFER_CACHE_SIZE:
                self._offer_cache.clear()
            found = self._offer_cache[capped] = (mask, offers)
        return found

    def apply(
        self, state: NegotiationState, move: NegotiationMove, message: str = ""
    ) -> NegotiationState:
        inventories, initial, values, turn, offer, history = state  # one unpacking: hot path
        player = turn % 2
        who = self._whos[turn] if turn < len(self._whos) else f"Turn {turn + 1}: Player {player}"
        if message:
            said = sanitize(" ".join(message.split()), TALK_CHARS)
            if said:
                history = (*history, f'{who} said: "{said}"')
        if offer is not None and offer[0] == player:
            offer = None  # the mover's own offer is not open to them
        new_offer: Offer | None = None
        kind, give, get = move
        if kind == "offer":
            new_offer = _new_tuple(Offer, (player, give, get))
            text = self._texts_by_id.get(id(move))
            line = f"{who} offered [{_format_move(move) if text is None else text}]"
        elif kind == "accept" and offer is not None:
            giver = offer.proposer
            moved = [list(inventories[0]), list(inventories[1])]
            for i in range(self.num_resources):
                moved[giver][i] += offer.get[i] - offer.give[i]
                moved[1 - giver][i] += offer.give[i] - offer.get[i]
            inventories = (tuple(moved[0]), tuple(moved[1]))
            line = f"{who} accepted the offer; the trade is done"
        elif kind == "deny":
            line = f"{who} denied the offer"
        elif offer is not None:
            line = f"{who} passed; the offer lapsed"
        else:
            line = f"{who} passed"
        return _new_tuple(
            NegotiationState, (inventories, initial, values, turn + 1, new_offer, (*history, line))
        )

    # -- policies and soundness -----------------------------------------------------------

    def own_gain(self, state: NegotiationState, move: NegotiationMove) -> int:
        """Returns the change of the mover's value (own values) if ``move`` is carried out."""
        player = self.current_player(state)
        values = state.values[player]
        if move.kind == "offer":
            return worth(values, move.get) - worth(values, move.give)
        offer = self.offer_to(state, player)
        if move.kind == "accept" and offer is not None:
            return worth(values, offer.give) - worth(values, offer.get)
        return 0

    def accepts(self, state: NegotiationState, responder: int, give: Bundle, get: Bundle) -> bool:
        """Returns whether the negotiator in seat ``responder`` accepts an offer whose proposer
        gives ``give`` and gets ``get``: it holds ``get``, and the trade raises its value (its
        values) by more than zero and more than the proposer's gain at base values."""
        if not covers(state.inventories[responder], get):
            return False
        values = state.values[responder]
        mine = worth(values, give) - worth(values, get)
        theirs = worth(self.base, get) - worth(self.base, give)
        return mine > 0 and mine > theirs

    def _swap_ranges(self, state: NegotiationState) -> list[tuple[int, int, int, int, int]]:
        """Returns the sound one-for-one offers of the player to move as ranges
        (i, q, j, r_low, r_high): giving q of resource i for any r in [r_low, r_high] of
        resource j raises the mover's value and the negotiator accepts it."""
        player = self.current_player(state)
        other = 1 - player
        mine, theirs = state.values[player], state.values[other]
        have, stock, base = state.inventories[player], state.inventories[other], self.base
        ranges: list[tuple[int, int, int, int, int]] = []
        k = self.num_resources
        for i in range(k):
            mine_i, theirs_i, both_i = mine[i], theirs[i], theirs[i] + base[i]
            for j in range(k):
                if i == j or not stock[j]:
                    continue
                mine_j, theirs_j, both_j, most = mine[j], theirs[j], theirs[j] + base[j], stock[j]
                for q in range(1, have[i] + 1):
                    low = mine_i * q // mine_j + 1  # own gain > 0
                    if low < 1:
                        low = 1
                    elif low > most:
                        # mine_i / mine_j > 0 here, so low only grows with q: every larger q
                        # asks for more than the other player holds
                        break
                    high = (theirs_i * q - 1) // theirs_j  # its gain > 0
                    above_ours = (both_i * q - 1) // both_j  # its gain > ours at base values
                    if above_ours < high:
                        high = above_ours
                    if most < high:
                        high = most
                    if low <= high:
                        ranges.append((i, q, j, low, high))
        return ranges

    def good_swaps(self, state: NegotiationState) -> list[tuple[int, int, int, int, int]]:
        """Returns the sound one-for-one offers of the player to move as (own gain, i, q, j, r):
        give q of resource i for r of resource j, in the order of :meth:`decision_moves`."""
        values = state.values[self.current_player(state)]
        return [
            (values[j] * r - values[i] * q, i, q, j, r)
            for i, q, j, low, high in self._swap_ranges(state)
            for r in range(low, high + 1)
        ]

    def accept_gain(self, state: NegotiationState) -> int | None:
        """Returns the mover's gain from accepting the open offer, None if it cannot accept."""
        player = self.current_player(state)
        offer = self.offer_to(state, player)
        if offer is None or not covers(state.inventories[player], offer.get):
            return None
        values = state.values[player]
        return worth(values, offer.give) - worth(values, offer.get)

    def decision_moves(self, state: NegotiationState) -> list[str]:
        """Returns the moves a decision task weighs: the legal Accept, Deny and Pass, then every
        one-for-one offer: q of a resource the mover holds (1 to all of it) for r of another
        that the other player holds (1 to all of it)."""
        player = self.current_player(state)
        moves = []
        if self.accept_gain(state) is not None:
            moves.append("Accept")
        if self.offer_to(state, player) is not None:
            moves.append("Deny")
        moves.append("Pass")
        have, stock = state.inventories[player], state.inventories[1 - player]
        for i, give in enumerate(RESOURCES[: self.num_resources]):
            for j, get in enumerate(RESOURCES[: self.num_resources]):
                if i != j:
                    moves += [
                        f"Offer: {q} {give} -> {r} {get}"
                        for q in range(1, have[i] + 1)
                        for r in range(1, stock[j] + 1)
                    ]
        return moves

    def sound_moves(self, state: NegotiationState) -> list[str]:
        gain = self.accept_gain(state)
        names = RESOURCES
        sound = ["Accept"] if gain is not None and gain > 0 else []
        sound += [
            f"Offer: {q} {names[i]} -> {r} {names[j]}" for _, i, q, j, r in self.good_swaps(state)
        ]
        if sound:
            return sound
        open_offer = self.offer_to(state, self.current_player(state)) is not None
        return ["Deny", "Pass"] if open_offer else ["Pass"]

    def decision_tries(self, state: NegotiationState) -> float:
        """Returns decision moves per sound one: how many uniformly random decision moves it
        takes, on average, to hit a sound one."""
        player = self.current_player(state)
        have, stock = state.inventories[player], state.inventories[1 - player]
        gain = self.accept_gain(state)
        open_offer = self.offer_to(state, player) is not None
        offers: int = sum(have) * sum(stock) - worth(have, stock)
        legal = int(gain is not None) + int(open_offer) + 1 + offers
        sound = int(gain is not None and gain > 0) + sum(
            high - low + 1 for *_, low, high in self._swap_ranges(state)
        )
        return legal / (sound or 1 + int(open_offer))

    def best_sound_move(self, state: NegotiationState) -> NegotiationMove:
        """Returns the gold answer of a decision: Accept an acceptable open offer, else the
        sound one-for-one offer with the largest own gain (fewest units on ties), else Deny an
        open offer or Pass."""
        gain = self.accept_gain(state)
        if gain is not None and gain > 0:
            return _ACCEPT
        swaps = self.good_swaps(state)
        if swaps:
            _, i, q, j, r = min(swaps, key=lambda s: (-s[0], s[2] + s[4], s[1:]))
            return self._swap(i, q, j, r)
        return _DENY if self.offer_to(state, self.current_player(state)) is not None else _PASS

    def _swap(self, i: int, q: int, j: int, r: int) -> NegotiationMove:
        k = self.num_resources
        give = tuple(q if x == i else 0 for x in range(k))
        get = tuple(r if x == j else 0 for x in range(k))
        return NegotiationMove("offer", give, get)

    def is_sound(self, state: NegotiationState, move: NegotiationMove) -> bool:
        """Returns whether a legal move raises the mover's value against the negotiator (or,
        for Deny and Pass, whether no decision move does); see the module docstring."""
        player = self.current_player(state)
        if move.kind == "offer":
            return self.own_gain(state, move) > 0 and self.accepts(
                state, 1 - player, move.give, move.get
            )
        if move.kind == "accept":
            return self.own_gain(state, move) > 0
        gain = self.accept_gain(state)
        return not (gain is not None and gain > 0) and not self._swap_ranges(state)

    def listed_moves(self, legal: list[str]) -> list[str]:
        """Lists Accept, Deny and Pass only: the decision offers are too many to list."""
        return [move for move in legal if not move.startswith("Offer")]

    def random_move(self, state: NegotiationState, rng: random.Random) -> NegotiationMove:
        """Returns a random legal move: a kind uniformly among the legal ones, and for an
        offer a random 1–3 units of a held resource for 1–3 units of another."""
        player = state.turn % 2
        have = state.inventories[player]
        offer = self.offer_to(state, player)
        kinds: list[Kind] = ["pass"]
        if offer is not None:
            kinds.append("deny")
            if covers(have, offer.get):
                kinds.append("accept")
        held = [i for i, q in enumerate(have) if q]
        if held:
            kinds.append("offer")
        draw = rng.random
        kind = kinds[int(draw() * len(kinds))]
        if kind != "offer":
            return _SIMPLE_MOVES[kind]
        k = self.num_resources
        i = held[int(draw() * len(held))]
        j = (i + 1 + int(draw() * (k - 1))) % k
        q = int(draw() * min(3, have[i]))
        return self._small_offers[i][j][q][int(draw() * 3)]

    def strong_move(self, state: NegotiationState, rng: random.Random) -> NegotiationMove:
        player = self.current_player(state)
        values, have = state.values[player], state.inventories[player]
        offer = self.offer_to(state, player)
        if offer is not None and self.accepts(state, player, offer.give, offer.get):
            return _ACCEPT
        best: tuple[int, Bundle, Bundle] | None = None
        k, base, most = self.num_resources, self.base, _PROPOSAL_QUANTITIES[-1]
        for i in range(k):
            for j in range(k):
                if i == j:
                    continue
                for q in _PROPOSAL_QUANTITIES:
                    if q > have[i]:
                        break
                    asked: Sequence[int] = _PROPOSAL_QUANTITIES
                    if values[j] > 0:
                        # this side's gain and the margin grow with r, the other's shrinks:
                        # the best r is the largest the other still gains at (if this side
                        # gains there; else it gains at no r)
                        r_top = min(most, (base[i] * q - 1) // base[j])
                        asked = (r_top,) if r_top >= 1 else ()
                    for r in asked:
                        mine = values[j] * r - values[i] * q
                        theirs = base[i] * q - base[j] * r
                        if mine > 0 and theirs > 0 and (best is None or mine - theirs > best[0]):
                            give = tuple(q if x == i else 0 for x in range(k))
                            get = tuple(r if x == j else 0 for x in range(k))
                            best = (mine - theirs, give, get)
        if best is not None:
            return NegotiationMove("offer", best[1], best[2])
        return _DENY if offer is not None else _PASS

    # -- observation ----------------------------------------------------------------------

    @cached_property
    def _rules(self) -> str:
        names = RESOURCES[: self.num_resources]
        bases = ", ".join(f"{n} {b}" for n, b in zip(names, self.base, strict=True))
        return (
            "Rules:\n"
            f"- There are {self.num_resources} resources with base values {bases}. Each "
            "player values each resource privately at a whole number within 20% of its base "
            "value; you see only your own values and inventory.\n"
            f"- The game lasts {self.max_turns} turns in total; the players alternate, "
            "Player 0 first.\n"
            "- On your turn you may write a short message to the other player and make at "
            "most one move:\n"
            "  [Offer: 3 Wood, 1 Ore -> 2 Sheep] proposes that you give 3 Wood and 1 Ore and "
            "receive 2 Sheep (you must hold what you give);\n"
            "  [Accept] carries out the offer the other player made on the previous turn (you "
            "must hold what it asks for);\n"
            "  [Deny] rejects that offer; [Pass], or a message with no move, does nothing.\n"
            "- An offer is open only for the other player's next turn: anything but [Accept] "
            "closes it, and a counter-offer replaces it.\n"
            "- At the end each player's inventory is valued with their own values. The player "
            "whose value grew more wins; equal growth is a draw.\n"
        )

    @cached_property
    def _intros(self) -> tuple[str, str]:
        return tuple(  # type: ignore[return-value]
            f"You are Player {p} in Simple Negotiation, a trading game, against Player {1 - p}."
            f"\n\n{self._rules}\n"
            for p in (0, 1)
        )

    def observation(self, state: NegotiationState, player: int, feedback: str = "") -> str:
        other = 1 - player
        inventories, initial, values, turn, offer, history = state
        have = inventories[player]
        seen = self._seen_heads[player]
        if seen[0] is inventories and seen[1] is values and seen[2] is initial:
            head = seen[3]  # the inventories change only with a trade: remembered per player
        else:
            head = self._intros[player] + _inventory_block(have, values[player], initial[player])
            head += "\n\nHistory:\n  "
            self._seen_heads[player] = (inventories, values, initial, head)
        said = "\n  ".join(history) if history else "nothing yet"
        if turn >= self.max_turns:
            over = f"The game is over: {self.outcome(state).reason}.\n"
            return f"{head}{said}\n{over}"
        if turn % 2 != player:
            waiting = f"Waiting for Player {other} to move.\n"
            return f"{head}{said}\n{self._turn_lines[turn]}{waiting}"
        if offer is not None and offer[0] != player:
            lines = self._open_offer_lines.get(offer)
            if lines is None:
                lines = self._open_lines(offer)
            seen = self._seen_cover  # legal_key's answer for the same offer and inventory
            can = seen[2] if seen[0] is offer and seen[1] is have else covers(have, offer[2])
            shown = lines[0] if can else lines[1]
        else:
            shown = _MOVES_OFFER
        if feedback:
            shown = f"{shown}{feedback}\n"
        return f"{head}{said}\n{self._turn_lines[turn]}{shown}{_INSTRUCTION}"

    def _open_lines(self, offer: Offer) -> tuple[str, str]:
        """Returns what the responder to ``offer`` sees of it and its legal moves, when it can
        and cannot accept it, remembered per offer (the vocabulary has ~180)."""
        line = (
            f"Open offer to you from Player {offer[0]}: you would give "
            f"{format_bundle(offer[2])} and receive {format_bundle(offer[1])}.\n"
        )
        lines = (line + _MOVES_ACCEPT, line + _MOVES_DENY)
        if len(self._open_offer_lines) >= _OPEN_OFFER_LINES_SIZE:
            self._open_offer_lines.clear()
        self._open_offer_lines[offer] = lines
        return lines

    def decision_prompt(self, state: NegotiationState, player: int) -> str:
        """Returns a decision task's prompt: ``player``'s observation, then the other player's
        private state and acceptance rule, what counts as sound, and the answer format."""
        view = self.observation(state, player)
        other = 1 - player
        names = RESOURCES[: self.num_resources]
        stock = ", ".join(
            f"{name} {q} x {v}"
            for name, q, v in zip(names, state.inventories[other], state.values[other], strict=True)
        )
        return view.removesuffix(_INSTRUCTION) + (
            f"\nDecision task. Player {other} is the scripted negotiator; for this decision its "
            f"private state is shown. Player {other}'s inventory (quantity x its value): "
            f"{stock}.\n"
            f"Player {other} accepts an offer if and only if it holds what the offer asks of it, "
            "the trade raises its own inventory value, and raises it by more than the trade "
            "raises yours valued at the base values.\n"
            "A sound move raises your inventory value: [Accept] an open offer that brings you "
            f"more value than it costs you, or an offer that raises your value and that Player "
            f"{other} would accept. [Deny] or [Pass] is sound only when no such move exists "
            "among [Accept] and the one-for-one offers (some of one resource you hold for some "
            f"of another that Player {other} holds).\n"
            "Give exactly one move in \\boxed{}: \\boxed{<move>}, with <move> one of the moves "
            "listed above.\n"
        )

    # -- serialisation --------------------------------------------------------------------

    def state_to_dict(self, state: NegotiationState) -> dict[str, Any]:
        offer = state.offer
        return {
            "inventories": [list(b) for b in state.inventories],
            "initial": [list(b) for b in state.initial],
            "values": [list(b) for b in state.values],
            "turn": state.turn,
            "offer": None
            if offer is None
            else {"proposer": offer.proposer, "give": list(offer.give), "get": list(offer.get)},
            "history": list(state.history),
        }

    def state_from_dict(self, data: dict[str, Any]) -> NegotiationState:
        keys = {"inventories", "initial", "values", "turn", "offer", "history"}
        if set(data) != keys:
            raise ValueError(f"a Simple Negotiation state has the keys {', '.join(sorted(keys))}")
        inventories, initial = self._pair(data, "inventories"), self._pair(data, "initial")
        values = self._pair(data, "values")
        if min(values[0] + values[1]) < 1:
            raise ValueError("values must be at least 1")
        if [a + b for a, b in zip(*inventories, strict=True)] != [
            a + b for a, b in zip(*initial, strict=True)
        ]:
            raise ValueError("the inventories do not hold the initial resources (trades conserve)")
        turn = _integer(data["turn"])
        if not 0 <= turn <= self.max_turns:
            raise ValueError(f"turn must be 0-{self.max_turns}")
        offer = None
        raw = data["offer"]
        if raw is not None:
            if not isinstance(raw, dict) or set(raw) != {"proposer", "give", "get"}:
                raise ValueError("an offer is {proposer, give, get}")
            proposer = _integer(raw["proposer"])
            give, get = self._bundle(raw["give"]), self._bundle(raw["get"])
            if proposer != (turn - 1) % 2 or turn == 0:
                raise ValueError("an open offer is made by the previous player")
            if (
                not any(give)
                or not any(get)
                or any(a and b for a, b in zip(give, get, strict=True))
            ):
                raise ValueError("an offer needs two non-empty sides without a common resource")
            if not covers(inventories[proposer], give):
                raise ValueError("the proposer cannot cover the open offer")
            offer = Offer(proposer, give, get)
        history = data["history"]
        if not isinstance(history, list) or not all(isinstance(line, str) for line in history):
            raise ValueError("history must be a list of lines")
        return NegotiationState(inventories, initial, values, turn, offer, tuple(history))

    def _bundle(self, row: Any) -> Bundle:
        if not isinstance(row, list) or len(row) != self.num_resources:
            raise ValueError(f"a bundle is a list of {self.num_resources} quantities")
        bundle = tuple(_integer(x) for x in row)
        if min(bundle) < 0:
            raise ValueError("quantities must not be negative")
        return bundle

    def _pair(self, data: dict[str, Any], key: str) -> tuple[Bundle, Bundle]:
        rows = data[key]
        if not isinstance(rows, list) or len(rows) != 2:
            raise ValueError(f"{key} must hold two players' bundles")
        return self._bundle(rows[0]), self._bundle(rows[1])


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {value!r}"[:80])
    return value


TASK_KINDS: dict[str, float] = {"accept": 0.2, "counter": 0.3, "propose": 0.5}
"""Kinds of decision task and their weights: a good offer is open (accept), a bad offer is
open (counter), or none is (propose)."""
LEVEL_BANDS: dict[int, tuple[float, float]] = {
    1: (100.0, 110.0),
    2: (110.0, 121.0),
    3: (121.0, 134.0),
    4: (134.0, 150.0),
    5: (150.0, 170.0),
    6: (170.0, 198.0),
    7: (198.0, 240.0),
    8: (240.0, 310.0),
    9: (310.0, 450.0),
    10: (450.0, 1e6),
}
"""Level → band [lo, hi) of decision moves per sound move (see the module docstring)."""
EPISODES_PER_DRAW = 200
"""Games played to find a decision of the drawn kind in the band; as many again for any kind
in the band; then the decision closest to the band is taken."""


class NegotiationKnobs(BaseModel):
    """Knobs of the ``simple_negotiation`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    tries_band: list[float] = Field(
        min_length=2, max_length=2, description="[lo, hi) of decision moves per sound move"
    )
    seat: int | None = Field(default=None, ge=0, le=1, description="the task's seat; None: drawn")
    num_resources: int = Field(default=5, ge=2, le=len(RESOURCES), description="resources")
    max_turns: int = Field(default=10, ge=2, le=MAX_TURNS, description="turns in total")

    @model_validator(mode="after")
    def _ordered(self) -> NegotiationKnobs:
        if not 0 <= self.tries_band[0] < self.tries_band[1]:
            raise ValueError(
                f"tries_band must be [lo, hi) with 0 <= lo < hi, got {self.tries_band}"
            )
        return self


class NegotiationInstance(GameInstance):
    """``Task.instance`` of the ``simple_negotiation`` family."""

    game_class = SimpleNegotiation


def _kind(game: SimpleNegotiation, state: NegotiationState) -> str:
    """Returns the kind of decision task a state is (see :data:`TASK_KINDS`)."""
    if game.offer_to(state, game.current_player(state)) is None:
        return "propose"
    gain = game.accept_gain(state)
    return "accept" if gain is not None and gain > 0 else "counter"


@register("simple_negotiation")
class SimpleNegotiationFamily(GameFamily):
    """One Simple Negotiation decision: a move that raises your value against the negotiator."""

    version = 1
    description = (
        "Simple Negotiation decisions; sound = raises your value and the negotiator agrees"
    )
    Knobs = NegotiationKnobs
    Instance = NegotiationInstance
    game_class = SimpleNegotiation

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        low, high = LEVEL_BANDS[level]
        return {"tries_band": [low, high]}

    def make_game(self, knobs: NegotiationKnobs) -> SimpleNegotiation:
        return SimpleNegotiation(num_resources=knobs.num_resources, max_turns=knobs.max_turns)

    def draw_decision(
        self, game: SimpleNegotiation, knobs: NegotiationKnobs, rng: random.Random
    ) -> Decision | None:
        kind = rng.choices(list(TASK_KINDS), list(TASK_KINDS.values()))[0]
        seat = knobs.seat if knobs.seat is not None else rng.randrange(2)
        low, high = knobs.tries_band
        closest: tuple[float, NegotiationState, float] | None = None
        for same_kind in (True, False):  # the drawn kind if the band has it, else any kind
            for _ in range(EPISODES_PER_DRAW):
                state = game.new_state(rng)
                inside: list[tuple[NegotiationState, float]] = []
                while not game.is_terminal(state):
                    if game.current_player(state) == seat and (
                        not same_kind or _kind(game, state) == kind
                    ):
                        tries = game.decision_tries(state)
                        if low <= tries < high:
                            inside.append((state, tries))
                        else:
                            miss = max(low - tries, tries - high)
                            if closest is None or miss < closest[0]:
                                closest = (miss, state, tries)
                    state = game.apply(state, game.mixed_move(state, HISTORY_STRENGTH, rng))
                if inside:
                    chosen, tries = rng.choice(inside)
                    return Decision(chosen, seat, {"tries": round(tries, 2)})
        if closest is None:
            return None
        return Decision(closest[1], seat, {"tries": round(closest[2], 2)})

    def gold_move(
        self, game: SimpleNegotiation, state: NegotiationState, rng: random.Random
    ) -> str:
        return game.format_move(game.best_sound_move(state))

    def task_prompt(self, game: SimpleNegotiation, state: NegotiationState, seat: int) -> str:
        return game.decision_prompt(state, seat)

    def hardness(self, task: Task) -> float:
        """Returns the decision moves per sound move of the task's position."""
        game, state = self.restore(task.instance)
        return cast(SimpleNegotiation, game).decision_tries(state)
