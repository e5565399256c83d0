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
    ``\\boxed{Pass}`` (the box must hold a move; talk is for the environments). A legal move
    is sound iff carrying it out cannot lower your own inventory value under your own
    values: an offer or an acceptance must not give away more value than it brings in;
    ``Deny`` and ``Pass`` are always sound. Positions where an offer is open to the task's
    seat are preferred. The instance lists only the legal Accept / Deny / Pass moves (the
    offers are too many); the checker reads any offer.

Strong policy (the value-aware negotiator):
    Accepts an open offer iff it raises its own value and raises it more than the
    opponent's (estimated at base values). Otherwise it proposes the 1–5-for-1–5 swap of two
    resources that maximises its own gain minus the opponent's estimated gain, among swaps
    that raise its value and that a base-value opponent would gain from; with none, it
    denies an open offer or passes.

Difficulty:
    Level = opponent strength (1 random, 10 the negotiator); hardness is that strength.

Knobs:
    ``opponent_strength`` 1–10, ``seat`` (0, 1 or None: drawn), ``num_resources`` 2–5 (5),
    ``max_turns`` 2–50 (10).

References:
    Liu et al., "SPIRAL", 2025, appendix G; TextArena ``SimpleNegotiation-v0``.

Version history:
    v0: first release.
"""

from __future__ import annotations

import operator
import random
import re
from functools import cache, cached_property, lru_cache
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import register
from taskgen.tasks.games._base import (
    Game,
    GameFamily,
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
MAX_OFFER_QUANTITY = 999
MAX_TURNS = 50
TALK_CHARS = 300
MAX_ITEM_CHARS = 40
MAX_OFFER_CHARS = 500
_PROPOSAL_QUANTITIES = range(1, 6)
_VOCAB_QUANTITIES = range(1, 4)
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


_INVENTORY_TEMPLATES = {
    k: "Your inventory (quantity x your value = worth):\n"
    + "".join(f"  {RESOURCES[i]}: {{}} x {{}} = {{}}\n" for i in range(k))
    + "Your inventory value: {} (start {}, change {:+d})."
    for k in range(1, len(RESOURCES) + 1)
}


@lru_cache(maxsize=4096)
def _inventory_block(have: Bundle, values: Bundle, initial: Bundle) -> str:
    """Renders a player's inventory, values and value change (cached: it rarely changes)."""
    fields: list[int] = []
    now = 0
    for quantity, value in zip(have, values, strict=True):
        fields += (quantity, value, quantity * value)
        now += quantity * value
    start = worth(values, initial)
    return _INVENTORY_TEMPLATES[len(have)].format(*fields, now, start, now - start)


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

    def config(self) -> dict[str, Any]:
        return {"num_resources": self.num_resources, "max_turns": self.max_turns}

    def new_state(self, rng: random.Random) -> NegotiationState:
        draw, span, k = rng.random, MAX_QUANTITY - MIN_QUANTITY + 1, self.num_resources
        counts = [MIN_QUANTITY + int(draw() * span) for _ in range(2 * k)]
        low, width = 1 - VALUE_SPREAD, 2 * VALUE_SPREAD
        values = [max(1, round(b * (low + width * draw()))) for b in self.base + self.base]
        first, second = tuple(counts[:k]), tuple(counts[k:])
        return NegotiationState(
            (first, second), (first, second), (tuple(values[:k]), tuple(values[k:]))
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
        a, b = self.gains(state)
        winner = None if a == b else (0 if a > b else 1)
        return zero_sum(winner, f"value change: Player 0 {a:+d}, Player 1 {b:+d}")

    def offer_to(self, state: NegotiationState, player: int) -> Offer | None:
        """Returns the offer open to ``player``, if any."""
        offer = state.offer
        return offer if offer is not None and offer.proposer != player else None

    # -- moves ----------------------------------------------------------------------------

    def parse_move(self, state: NegotiationState, text: str) -> NegotiationMove | Illegal:
        if self.is_terminal(state):
            return Illegal("the game is over")
        player = state.turn % 2
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
        return _format_move(move)

    def legal_vocabulary(self, state: NegotiationState) -> list[str]:
        if self.is_terminal(state):
            return []
        mask = self.action_mask(state, self.current_player(state))
        return [text for text, legal in zip(self.vocabulary, mask, strict=True) if legal]

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
        return head + [int(have[i] >= q) for i, q in self._offer_needs]

    def apply(
        self, state: NegotiationState, move: NegotiationMove, message: str = ""
    ) -> NegotiationState:
        player = state.turn % 2
        who = f"Turn {state.turn + 1}: Player {player}"
        said = sanitize(" ".join(message.split()), TALK_CHARS) if message else ""
        history = (*state.history, f'{who} said: "{said}"') if said else state.history
        inventories = state.inventories
        offer = state.offer if state.offer is not None and state.offer.proposer != player else None
        new_offer: Offer | None = None
        kind = move.kind
        if kind == "offer":
            new_offer = Offer(player, move.give, move.get)
            line = f"{who} offered [{_format_move(move)}]"
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
        return NegotiationState(
            inventories, state.initial, state.values, state.turn + 1, new_offer, (*history, line)
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

    def is_sound(self, state: NegotiationState, move: NegotiationMove) -> bool:
        return self.own_gain(state, move) >= 0

    def listed_moves(self, legal: list[str]) -> list[str]:
        """Lists Accept, Deny and Pass only: the vocabulary's offers are too many to list."""
        return [move for move in legal if not move.startswith("Offer")]

    def is_interesting(self, state: NegotiationState) -> bool:
        return self.offer_to(state, self.current_player(state)) is not None

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
        if offer is not None and covers(have, offer.get):
            mine = worth(values, offer.give) - worth(values, offer.get)
            theirs = worth(self.base, offer.get) - worth(self.base, offer.give)
            if mine > 0 and mine > theirs:
                return NegotiationMove("accept")
        best: tuple[int, Bundle, Bundle] | None = None
        k = self.num_resources
        for i in range(k):
            for j in range(k):
                if i == j:
                    continue
                for q in _PROPOSAL_QUANTITIES:
                    if q > have[i]:
                        break
                    for r in _PROPOSAL_QUANTITIES:
                        mine = values[j] * r - values[i] * q
                        theirs = self.base[i] * q - self.base[j] * r
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
        have = state.inventories[player]
        parts = [
            self._intros[player],
            _inventory_block(have, state.values[player], state.initial[player]),
            "\n\nHistory:\n  ",
            "\n  ".join(state.history) if state.history else "nothing yet",
            "\n",
        ]
        if state.turn >= self.max_turns:
            parts.append(f"The game is over: {self.outcome(state).reason}.\n")
            return "".join(parts)
        parts.append(f"Turn {state.turn + 1} of {self.max_turns}.\n")
        if state.turn % 2 != player:
            parts.append(f"Waiting for Player {other} to move.\n")
            return "".join(parts)
        offer = self.offer_to(state, player)
        moves = "[Offer: <quantity> <resource>, ... -> <quantity> <resource>, ...]"
        if offer is not None:
            parts.append(
                f"Open offer to you from Player {other}: you would give "
                f"{format_bundle(offer.get)} and receive {format_bundle(offer.give)}.\n"
            )
            moves += ", [Accept], [Deny]" if covers(have, offer.get) else ", [Deny]"
        parts.append(f"Your legal moves: {moves}, [Pass]\n")
        if feedback:
            parts.append(feedback + "\n")
        parts.append(self._instruction)
        return "".join(parts)

    @cached_property
    def _instruction(self) -> str:
        return (
            "Write an optional short message to the other player, then give exactly one move in "
            f"\\boxed{{}}, for example \\boxed{{{self.vocabulary[3]}}} or \\boxed{{Pass}}.\n"
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
        k = self.num_resources

        def pair(key: str) -> tuple[Bundle, Bundle]:
            rows = data[key]
            if len(rows) != 2 or any(len(row) != k for row in rows):
                raise ValueError(f"bad {key}")
            a, b = (tuple(int(x) for x in row) for row in rows)
            if min(a + b) < 0:
                raise ValueError(f"negative {key}")
            return a, b

        offer = None
        if data["offer"] is not None:
            raw = data["offer"]
            give, get = tuple(int(x) for x in raw["give"]), tuple(int(x) for x in raw["get"])
            if len(give) != k or len(get) != k or int(raw["proposer"]) not in (0, 1):
                raise ValueError("bad offer")
            offer = Offer(int(raw["proposer"]), give, get)
        turn = int(data["turn"])
        if not 0 <= turn <= self.max_turns:
            raise ValueError("bad turn")
        history = tuple(str(line) for line in data["history"])
        return NegotiationState(
            pair("inventories"), pair("initial"), pair("values"), turn, offer, history
        )


class NegotiationKnobs(BaseModel):
    """Knobs of the ``simple_negotiation`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    opponent_strength: int = Field(ge=1, le=10, description="1 random … 10 value-aware")
    seat: int | None = Field(default=None, ge=0, le=1, description="the task's seat; None: drawn")
    num_resources: int = Field(default=5, ge=2, le=len(RESOURCES), description="resources")
    max_turns: int = Field(default=10, ge=2, le=MAX_TURNS, description="turns in total")


@register("simple_negotiation")
class SimpleNegotiationFamily(GameFamily):
    """One Simple Negotiation decision: a move that never lowers your own value."""

    version = 0
    description = (
        "Simple Negotiation trades in a seeded game; sound = never lowers own value (SPIRAL)"
    )
    Knobs = NegotiationKnobs
    game_class = SimpleNegotiation

    def make_game(self, knobs: NegotiationKnobs) -> SimpleNegotiation:
        return SimpleNegotiation(num_resources=knobs.num_resources, max_turns=knobs.max_turns)
