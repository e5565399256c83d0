"""Kuhn Poker: a match of one-card poker hands, with its exact game theory.

Description:
    The smallest poker (Kuhn, 1950), used by SPIRAL for self-play. The rules engine
    :class:`KuhnPoker` plays a match of ``num_hands`` hands; the functions :func:`hand_value`,
    :func:`best_response_value` and :func:`exploitability` compute the one-hand game exactly
    with :class:`fractions.Fraction`.

Rules (exact):
    * Deck J < Q < K. In each hand both players ante 1 chip (pot 2) and get one private
      card; the third card is not dealt. Deals are independent from hand to hand.
    * The opener of hand ``h`` (0-based) is player ``h % 2``: Player 0 opens hand 1, Player 1
      hand 2, and so on. (SPIRAL let Player 1 open the first round.)
    * Moves: ``check`` and ``bet`` while no bet is pending; ``call`` and ``fold`` facing a
      bet. A bet and a call each put 1 chip into the pot (the original code never added
      them, so every hand was worth ±1; here a called bet is worth ±2).
    * Lines: check-check → showdown for 1; bet-call or check-bet-call → showdown for 2;
      bet-fold or check-bet-fold → the bettor wins 1. At a showdown the higher card wins.
    * After ``num_hands`` hands, the player with more chips wins the match; equal chips is
      a draw (the original declared the last round's winner the match winner).
    * Returns: ``reward="match"`` (default) gives +1 / −1 / 0 on the match outcome;
      ``reward="chips"`` gives each player's net chips (zero-sum as well).

Information sets (for strategies):
    A one-hand strategy is a mapping from an information set to the probability of the
    aggressive move there, ``bet`` where check/bet is offered and ``call`` facing a bet.
    Keys are the card (``J``, ``Q``, ``K``) followed by the hand's moves so far as letters
    ``c`` (check) and ``b`` (bet): ``"K"`` (opener, first move), ``"Qc"`` (responder after a
    check), ``"Jb"`` (responder facing a bet), ``"Qcb"`` (opener facing a bet after checking).
    "First player" means the hand's opener. :data:`INFOSETS` lists all twelve.

Task contract (family ``kuhn_poker``):
    See :class:`~taskgen.tasks.games._base.GameFamily`. Answer: the move inside the box,
    ``\\boxed{bet}`` (``[bet]`` reads the same). Soundness (:data:`SOUND`) is judged on the
    one-hand chip game, not on the match score (a chip-lead endgame may call for other play):
    a legal move is sound iff some Nash equilibrium **that reaches the information set with
    positive probability** plays it there with positive probability. An equilibrium that
    never reaches a position says nothing about it: the α = 1/3 equilibrium bets every K, so
    it never checks a K and never faces check-bet with one, and whatever it "plays" there
    (folding included) is part of it; the equilibria that do check a K (α < 1/3) all call
    there, so folding a K after check-bet is unsound. By this rule the opener never bets a Q,
    never calls with a J and never folds a K after check-bet; the responder calls with a K,
    folds a J facing a bet, checks behind with a Q and bets a K after a check; every other
    legal move is sound. Tasks are drawn only at the seven information sets where one of the
    two legal moves is unsound (:data:`DEPTH`), so a random legal move is right half the time.

Difficulty (measured):
    Each of those information sets needs a known look-ahead depth (:data:`DEPTH`): the
    plies one must look ahead, assuming the opponent never makes a dominated move, to see
    the unsound move is worse. Depth 1 (facing a bet with a J or a K: the showdown is decided
    by your card alone): fold a J, call with a K. Depth 2 (responder after a check): bet a K
    (a fold gives what checking gives, a call more); check a Q (only a K calls a bet, a J
    folds). Depth 3 (opener's first move with a Q): betting is called only by a K and folded
    to by a J, while checking loses at most 1 to a K and wins at least 1 from a J. The knob
    ``depth_weights`` gives the share of decisions of each depth (the class is drawn by it,
    the information set uniformly within the class, the hand uniformly among the match's
    hands); ``hardness`` is the expected depth of these weights:

    =====  ===================  ==============  ===================================
    level  weights (1, 2, 3)    expected depth  answers (fold, call, bet, check)
    =====  ===================  ==============  ===================================
    1      0.6, 0.4, 0          1.4             0.30, 0.30, 0.20, 0.20
    4      0.55, 0.4, 0.05      1.5             0.275, 0.275, 0.20, 0.25
    7      0.5, 0.4, 0.1        1.6             0.25, 0.25, 0.20, 0.30
    10     0.45, 0.4, 0.15      1.7             0.225, 0.225, 0.20, 0.35
    =====  ===================  ==============  ===================================

    (linear in between). The answers column is each constant's expected accuracy: with two
    legal moves per decision and the deepest decision always a check, the depth cannot grow
    further without one constant solving more than about a third of the tasks.

Knobs:
    ``depth_weights`` (three non-negative weights), ``seat`` (0, 1 or None: drawn),
    ``num_hands`` 1–25 (5), ``reward`` "match" or "chips".

References:
    H. W. Kuhn, "A simplified two-person poker", 1950. Liu et al., "SPIRAL: Self-Play on
    Zero-Sum Games Incentivizes Reasoning via Multi-Agent Multi-Turn RL", 2025.

Version history:
    v1: the level is the decision's look-ahead depth (table above), not the opponent's
    strength; tasks only at decisions with an unsound move (no task where both moves are
    sound); the prompt's format example is the placeholder ``\\boxed{<move>}``, not a legal
    move; the soundness rule names the equilibria that reach the position; the instance
    refuses unknown keys and a state that is over or not the seat's turn; ``[bet]`` is read
    as a box.
    v0: first release.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Mapping
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Any, Literal, NamedTuple

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
    zero_sum,
)

CARDS = ("J", "Q", "K")
MOVES = ("check", "bet", "call", "fold")
MAX_HANDS = 25
NASH_ALPHA = Fraction(1, 6)
"""Bluff parameter of the Nash opponent (any value in [0, 1/3] is an equilibrium)."""
INFOSETS: tuple[str, ...] = tuple(card + line for line in ("", "c", "b", "cb") for card in CARDS)
"""The twelve one-hand information sets, see the module docstring."""
_LETTER = {"check": "c", "bet": "b"}
_PAST = {"check": "checked", "bet": "bet", "call": "called", "fold": "folded"}
_ENDS = {
    ("check", "check"): "showdown",
    ("bet", "call"): "showdown",
    ("check", "bet", "call"): "showdown",
    ("bet", "fold"): "fold",
    ("check", "bet", "fold"): "fold",
}

Strategy = Mapping[str, Fraction | float | int]
"""Information set → probability of the aggressive move (bet, or call facing a bet)."""

SOUND: dict[str, frozenset[str]] = {
    "J": frozenset({"check", "bet"}),
    "Q": frozenset({"check"}),
    "K": frozenset({"check", "bet"}),
    "Jc": frozenset({"check", "bet"}),
    "Qc": frozenset({"check"}),
    "Kc": frozenset({"bet"}),
    "Jb": frozenset({"fold"}),
    "Qb": frozenset({"call", "fold"}),
    "Kb": frozenset({"call"}),
    "Jcb": frozenset({"fold"}),
    "Qcb": frozenset({"call", "fold"}),
    "Kcb": frozenset({"call"}),
}
"""The sound moves per information set: those some Nash equilibrium that reaches the set with
positive probability plays there with positive probability (see the module docstring)."""
DEPTH: dict[str, int] = {"Jb": 1, "Jcb": 1, "Kb": 1, "Kcb": 1, "Kc": 2, "Qc": 2, "Q": 3}
"""The information sets with an unsound move, and the look-ahead depth each needs."""


# -- one-hand game theory ---------------------------------------------------------------------


def nash_strategy(alpha: Fraction | float = NASH_ALPHA) -> dict[str, Fraction]:
    """Returns the Nash equilibrium of Kuhn's family with bluff parameter ``alpha`` in [0, 1/3].

    The opener bets J with ``alpha``, K with ``3 alpha``, never Q, and after check-bet calls
    with Q with ``alpha + 1/3``; the responder bets K and J with 1/3 after a check, calls
    with K always and Q with 1/3.

    >>> hand_value(nash_strategy(0), nash_strategy(0))
    Fraction(-1, 18)
    """
    a = Fraction(alpha)
    if not 0 <= a <= Fraction(1, 3):
        raise InvalidParamsError(f"alpha must be in [0, 1/3], got {alpha}")
    third = Fraction(1, 3)
    return {
        "J": a,
        "Q": Fraction(0),
        "K": 3 * a,
        "Jc": third,
        "Qc": Fraction(0),
        "Kc": Fraction(1),
        "Jb": Fraction(0),
        "Qb": third,
        "Kb": Fraction(1),
        "Jcb": Fraction(0),
        "Qcb": a + third,
        "Kcb": Fraction(1),
    }


def uniform_strategy() -> dict[str, Fraction]:
    """Returns the strategy that plays both moves with probability 1/2 everywhere."""
    return dict.fromkeys(INFOSETS, Fraction(1, 2))


def _checked(strategy: Strategy) -> dict[str, Fraction]:
    missing = [key for key in INFOSETS if key not in strategy]
    if missing:
        raise InvalidParamsError(
            f"strategy lacks information sets {', '.join(missing)}; keys: {', '.join(INFOSETS)}"
        )
    exact: dict[str, Fraction] = {}
    for key in INFOSETS:
        value = strategy[key]
        try:
            prob = Fraction(value)
        except (TypeError, ValueError, OverflowError):
            raise InvalidParamsError(f"strategy[{key!r}] must be a number, got {value!r}") from None
        if not 0 <= prob <= 1:
            raise InvalidParamsError(f"strategy[{key!r}] must be in [0, 1], got {value!r}")
        exact[key] = prob
    return exact


def _terminal_payoff(first: int, second: int, line: str) -> Fraction | None:
    """Returns the opener's chips at the end of ``line`` (letters c/b/k/f), else None."""
    ends = {"cc": 1, "bk": 2, "cbk": 2, "bf": 0, "cbf": 0}
    if line not in ends:
        return None
    if line == "bf":
        return Fraction(1)
    if line == "cbf":
        return Fraction(-1)
    stake = ends[line]
    return Fraction(stake if first > second else -stake)


def _children(line: str) -> tuple[str, str]:
    """Returns the (aggressive, passive) continuations of a non-terminal line."""
    if line.endswith("b"):
        return line + "k", line + "f"
    return line + "b", line + "c"


def _key(card: int, line: str) -> str:
    return CARDS[card] + line


def _expected(
    first: int, second: int, line: str, s1: dict[str, Fraction], s2: dict[str, Fraction]
) -> Fraction:
    payoff = _terminal_payoff(first, second, line)
    if payoff is not None:
        return payoff
    opener_moves = len(line) % 2 == 0
    card, strategy = (first, s1) if opener_moves else (second, s2)
    p = strategy[_key(card, line)]
    aggressive, passive = _children(line)
    return p * _expected(first, second, aggressive, s1, s2) + (1 - p) * _expected(
        first, second, passive, s1, s2
    )


def hand_value(first: Strategy, second: Strategy) -> Fraction:
    """Returns the opener's exact expected chips in one hand, ``first`` vs ``second``.

    ``first`` is read at the opener's information sets, ``second`` at the responder's.

    >>> hand_value(nash_strategy(Fraction(1, 3)), nash_strategy(0))
    Fraction(-1, 18)
    """
    s1, s2 = _checked(first), _checked(second)
    total = Fraction(0)
    for a in range(3):
        for b in range(3):
            if a != b:
                total += _expected(a, b, "", s1, s2)
    return total / 6


def _best(
    card: int, seat: int, line: str, weights: dict[int, Fraction], other: dict[str, Fraction]
) -> Fraction:
    """Returns the best responder's summed value (its own sign) below ``line``.

    ``weights`` maps each opponent card to the probability the opponent reached ``line``.
    """
    cards = list(weights)
    probe = cards[0]
    first, second = (card, probe) if seat == 0 else (probe, card)
    if _terminal_payoff(first, second, line) is not None:
        total = Fraction(0)
        for opp in cards:
            pair = (card, opp) if seat == 0 else (opp, card)
            payoff = _terminal_payoff(pair[0], pair[1], line)
            assert payoff is not None  # same line, same terminal status
            total += weights[opp] * (payoff if seat == 0 else -payoff)
        return total
    aggressive, passive = _children(line)
    if len(line) % 2 == seat:  # the best responder moves: take the better branch
        return max(
            _best(card, seat, aggressive, weights, other),
            _best(card, seat, passive, weights, other),
        )
    up = {opp: w * other[_key(opp, line)] for opp, w in weights.items()}
    down = {opp: w * (1 - other[_key(opp, line)]) for opp, w in weights.items()}
    return _best(card, seat, aggressive, up, other) + _best(card, seat, passive, down, other)


def best_response_value(strategy: Strategy, seat: int) -> Fraction:
    """Returns the exact value a best response in ``seat`` (0 opener, 1 responder) gets.

    The opponent plays ``strategy`` at its own information sets.

    >>> best_response_value(nash_strategy(), 1)
    Fraction(1, 18)
    """
    if seat not in (0, 1):
        raise InvalidParamsError(f"seat must be 0 or 1, got {seat!r}")
    other = _checked(strategy)
    total = Fraction(0)
    for card in range(3):
        weights = {opp: Fraction(1, 6) for opp in range(3) if opp != card}
        total += _best(card, seat, "", weights, other)
    return total


def exploitability(strategy: Strategy) -> Fraction:
    """Returns how much a best response wins against ``strategy``, averaged over both seats.

    ``(best_response_value(s, 0) + best_response_value(s, 1)) / 2``: zero exactly for a Nash
    equilibrium, positive otherwise (OpenSpiel's convention, in chips per hand). ``strategy``
    is a plain mapping {information set: probability of bet/call}; see :data:`INFOSETS`.

    >>> exploitability(nash_strategy())
    Fraction(0, 1)
    >>> exploitability(uniform_strategy()) > 0
    True
    """
    return (best_response_value(strategy, 0) + best_response_value(strategy, 1)) / 2


# -- the match engine -------------------------------------------------------------------------


class KuhnState(NamedTuple):
    """A match in progress: the deals, the current hand, its moves, the chips so far.

    ``node`` numbers the current hand's moves so far (0 none, 1 check, 2 bet, 3 check-bet;
    read them as ``moves``), so a move costs a table read and one small tuple.
    """

    deals: tuple[tuple[int, int], ...]
    """Per hand, (Player 0's card, Player 1's card) as 0=J, 1=Q, 2=K."""
    hand: int = 0
    node: int = 0
    """The current hand's moves so far, as an index into :data:`_PREFIXES`."""
    chips: tuple[int, int] = (0, 0)
    """Net chips won by each player in finished hands (zero-sum)."""
    log: tuple[tuple[str, ...], ...] = ()
    """The moves of each finished hand."""

    @property
    def moves(self) -> tuple[str, ...]:
        """The current hand's moves so far."""
        return _PREFIXES[self.node]


def hand_result(
    cards: tuple[int, int], opener: int, moves: tuple[str, ...]
) -> tuple[int, int, bool]:
    """Returns (winner, chips won, showdown) of a finished hand.

    >>> hand_result((2, 0), 0, ("bet", "call"))
    (0, 2, True)
    >>> hand_result((2, 0), 1, ("check", "bet", "fold"))
    (0, 1, False)
    """
    end = _ENDS[moves]
    if end == "fold":
        bettor = (opener + len(moves) - 2) % 2
        return bettor, 1, False
    stake = 2 if moves[-1] == "call" else 1
    return (0 if cards[0] > cards[1] else 1), stake, True


_new_state = tuple.__new__
_Random = random.Random
_NO_CHIPS = (0, 0)
_DEALS: tuple[tuple[int, int], ...] = tuple((a, b) for a in range(3) for b in range(3) if a != b)
"""The six equally likely deals (Player 0's card, Player 1's card)."""
_PREFIXES: tuple[tuple[str, ...], ...] = ((), ("check",), ("bet",), ("check", "bet"))
"""The unfinished moves of a hand, by ``KuhnState.node``."""
_NODES = {moves: node for node, moves in enumerate(_PREFIXES)}
_DEPTHS = tuple(len(moves) for moves in _PREFIXES)
"""How many moves the current hand has had, by ``KuhnState.node``."""
_LINES: tuple[tuple[str, ...], ...] = tuple(_ENDS)
"""The finished lines of a hand, in the order of ``_ENDS``."""


def _next_code(moves: tuple[str, ...], move: str) -> int:
    """Returns the node after ``move``, or ``~i`` when it finishes the hand with line ``i``."""
    after = (*moves, move)
    return ~_LINES.index(after) if after in _ENDS else _NODES[after]


_STEP: tuple[dict[str, int], ...] = tuple(
    {
        move: _next_code(moves, move)
        for move in (("call", "fold") if moves[-1:] == ("bet",) else ("check", "bet"))
    }
    for moves in _PREFIXES
)
"""Per node, each legal move's next node, or ``~i`` when it finishes the hand with line ``i``."""
_FOLD_AT = tuple(len(line) - 2 if line[-1] == "fold" else -1 for line in _LINES)
"""Per finished line, after how many moves the folded-to bet was made (-1: a showdown)."""
_STAKES = tuple(2 if line[-1] == "call" else 1 for line in _LINES)
_LEGAL = tuple(tuple(step) for step in _STEP)
"""The legal moves per node: check/bet, or call/fold facing a bet."""
_POT_ADDED = tuple(sum(1 for m in moves if m in ("bet", "call")) for moves in _PREFIXES)
_MOVES_SO_FAR = tuple(
    tuple(
        "Moves this hand: "
        + (
            ", ".join(f"Player {(opener + i) % 2} {_PAST[m]}" for i, m in enumerate(moves))
            or "none yet"
        )
        + ".\n"
        for moves in _PREFIXES
    )
    for opener in (0, 1)
)
_LEGAL_LINE = ("Your legal moves: [check], [bet]\n", "Your legal moves: [call], [fold]\n")
_INSTRUCTION = (
    "Think it over, then give your move in \\boxed{}: \\boxed{<move>}, with <move> one of the "
    "moves listed above.\n"
)


@lru_cache(maxsize=4096)
def _hand_text(
    hand: int, cards: tuple[int, int], opener: int, moves: tuple[str, ...], player: int
) -> str:
    """Describes a finished hand from ``player``'s side (the opponent's card only if shown)."""
    winner, amount, showdown = hand_result(cards, opener, moves)
    said = ", ".join(f"Player {(opener + i) % 2} {_PAST[m]}" for i, m in enumerate(moves))
    other = CARDS[cards[1 - player]] if showdown else "?"
    who = "You" if winner == player else f"Player {winner}"
    return (
        f"Hand {hand + 1}: you had {CARDS[cards[player]]}, Player {1 - player} had {other}; "
        f"{said}. {who} won {amount} chip{'s' if amount > 1 else ''}.\n"
    )


@lru_cache(maxsize=4096)
def _chips_line(mine: int, theirs: int, player: int) -> str:
    """Writes the chips line of ``player``'s view."""
    return f"Chips won so far: you {mine:+d}, Player {1 - player} {theirs:+d}.\n"


@lru_cache(maxsize=4096)
def _hand_view(num_hands: int, hand: int, card: int, node: int, player: int) -> tuple[str, bool]:
    """Returns the current hand as ``player`` sees it, up to the feedback, and whether
    ``player`` is to move (then the caller appends the feedback and the instruction)."""
    opener = hand % 2
    parts = [
        f"\nHand {hand + 1} of {num_hands}. Your card: {CARDS[card]}. "
        f"Pot: {2 + _POT_ADDED[node]} chips.\n",
        _MOVES_SO_FAR[opener][node],
    ]
    if (opener + len(_PREFIXES[node])) % 2 != player:
        parts.append(f"Waiting for Player {1 - player} to move.\n")
        return "".join(parts), False
    parts.append(_LEGAL_LINE[_LEGAL[node][0] == "call"])
    return "".join(parts), True


class KuhnPoker(Game[KuhnState, str]):
    """The Kuhn Poker match engine (rules in the module docstring)."""

    name = "kuhn_poker"
    title = "Kuhn Poker"
    vocabulary = MOVES

    def __init__(
        self,
        num_hands: int = 5,
        reward: Literal["match", "chips"] = "match",
        alpha: Fraction | float | str = NASH_ALPHA,
    ) -> None:
        if (
            isinstance(num_hands, bool)
            or not isinstance(num_hands, int)
            or not 1 <= num_hands <= MAX_HANDS
        ):
            raise InvalidParamsError(f"num_hands must be 1–{MAX_HANDS}, got {num_hands!r}")
        if reward not in ("match", "chips"):
            raise InvalidParamsError(f"reward must be 'match' or 'chips', got {reward!r}")
        self.num_hands = num_hands
        self.reward = reward
        self.alpha = Fraction(alpha)
        self.strategy = nash_strategy(self.alpha)
        self._bet_odds = {key: float(p) for key, p in self.strategy.items()}
        self._seen_heads: list[tuple[Any, ...]] = [(None, None, None, ""), (None, None, None, "")]
        self._seen_finished: list[tuple[Any, ...]] = [(None, (), ""), (None, (), "")]
        self._outcomes: dict[tuple[int, int], Outcome] = {}

    def config(self) -> dict[str, Any]:
        return {"num_hands": self.num_hands, "reward": self.reward, "alpha": str(self.alpha)}

    def new_state(self, rng: random.Random) -> KuhnState:
        draw = rng.random
        deals = tuple([_DEALS[int(draw() * 6)] for _ in range(self.num_hands)])
        return _new_state(KuhnState, (deals, 0, 0, _NO_CHIPS, ()))

    def opener(self, hand: int) -> int:
        """Returns the player who opens hand ``hand`` (0-based)."""
        return hand % 2

    def current_player(self, state: KuhnState) -> int:
        return (self.opener(state[1]) + _DEPTHS[state[2]]) % 2

    def is_terminal(self, state: KuhnState) -> bool:
        return state[1] >= self.num_hands

    def outcome(self, state: KuhnState) -> Outcome:
        found = self._outcomes.get(state[3])
        if found is None:  # one per chip count (outcomes are frozen, so shared)
            found = self._outcomes[state[3]] = self._outcome_of(state[3])
        return found

    def _outcome_of(self, chips: tuple[int, int]) -> Outcome:
        a, b = chips
        winner = None if a == b else (0 if a > b else 1)
        hands = f"{self.num_hands} hand{'s' if self.num_hands != 1 else ''}"
        text = f"chips Player 0 {a:+d}, Player 1 {b:+d} after {hands}"
        if self.reward == "chips":
            return Outcome((float(a), float(b)), winner, text)
        return zero_sum(winner, text)

    def legal_moves(self, state: KuhnState) -> tuple[str, ...]:
        """Returns the legal moves: check/bet, or call/fold facing a bet."""
        return _LEGAL[state[2]]

    def legal_vocabulary(self, state: KuhnState) -> list[str]:
        return [] if self.is_terminal(state) else list(_LEGAL[state[2]])

    def legal_key(self, state: KuhnState) -> Hashable:
        return _LEGAL[state[2]]

    def parse_move(self, state: KuhnState, text: str) -> str | Illegal:
        if state[1] >= self.num_hands:
            return Illegal("the match is over")
        if text in _LEGAL[state[2]]:  # a legal move as written: itself
            return text
        move = text.strip().rstrip(".!").lower()
        legal = _LEGAL[state[2]]
        if move not in MOVES:
            return Illegal(f"unknown move {quote(text)}; legal moves: {', '.join(legal)}", True)
        if move not in legal:
            return Illegal(f"'{move}' is not legal now; legal moves: {', '.join(legal)}")
        return move

    def apply(self, state: KuhnState, move: str, message: str = "") -> KuhnState:
        """Returns the state after a legal move: a table read and one small tuple, and at the
        end of a hand the chips and the log (the engine's hot path)."""
        deals, hand, node, chips, log = state
        step = _STEP[node][move]
        if step >= 0:
            return _new_state(KuhnState, (deals, hand, step, chips, log))
        line = ~step
        fold_at = _FOLD_AT[line]
        if fold_at >= 0:  # the bettor takes the pot
            winner, amount = (self.opener(hand) + fold_at) % 2, 1
        else:
            cards = deals[hand]
            winner, amount = (0 if cards[0] > cards[1] else 1), _STAKES[line]
        won = amount if winner == 0 else -amount
        chips = (chips[0] + won, chips[1] - won)
        return _new_state(KuhnState, (deals, hand + 1, 0, chips, (*log, _LINES[line])))

    def format_move(self, move: str) -> str:
        return move

    def infoset(self, state: KuhnState) -> str:
        """Returns the information set of the player to move (see the module docstring)."""
        card = state.deals[state.hand][self.current_player(state)]
        return CARDS[card] + "".join(_LETTER[m] for m in state.moves)

    def random_move(self, state: KuhnState, rng: random.Random) -> str:
        """Returns a uniformly random legal move, drawn exactly as ``rng.choice`` draws."""
        legal = _LEGAL[state[2]]
        if type(rng) is not _Random:
            return rng.choice(legal)
        # random.Random.choice of two inlined: the same getrandbits(2) calls, the same stream
        r = rng.getrandbits(2)
        while r >= 2:
            r = rng.getrandbits(2)
        return legal[r]

    def strong_move(self, state: KuhnState, rng: random.Random) -> str:
        aggressive, passive = (
            ("call", "fold") if _LEGAL[state.node][0] == "call" else ("bet", "check")
        )
        return aggressive if rng.random() < self._bet_odds[self.infoset(state)] else passive

    def is_sound(self, state: KuhnState, move: str) -> bool:
        return move in SOUND[self.infoset(state)]

    # -- observation ----------------------------------------------------------------------

    @cached_property
    def _rules(self) -> str:
        n = self.num_hands
        return (
            "Rules:\n"
            "- The deck has three cards: J (Jack) < Q (Queen) < K (King).\n"
            f"- The match has {n} hand{'s' if n != 1 else ''}. In each hand both players ante 1 "
            "chip (the pot starts at 2) and each gets one private card; the third card is not "
            "dealt.\n"
            "- Player 0 acts first in hand 1, Player 1 in hand 2, and so on, alternating.\n"
            "- With no bet pending you may check (bet nothing) or bet (put 1 chip in the pot). "
            "Facing a bet you may call (put 1 chip in the pot) or fold (give up the hand).\n"
            "- Check-check, or a bet and a call, lead to a showdown: the higher card takes the "
            "pot (1 chip won after check-check, 2 after a called bet). After a fold the bettor "
            "takes the pot (1 chip won).\n"
            f"- After {n} hand{'s' if n != 1 else ''} the player who won more chips wins the "
            "match; equal chips is a draw.\n"
        )

    @cached_property
    def _intros(self) -> tuple[str, str]:
        return tuple(  # type: ignore[return-value]
            f"You are Player {p} in a match of Kuhn Poker against Player {1 - p}.\n\n" + self._rules
            for p in (0, 1)
        )

    def observation(self, state: KuhnState, player: int, feedback: str = "") -> str:
        deals, hand, node, chips, log = state
        seen = self._seen_heads[player]
        head: str
        if seen[0] is log and seen[1] is chips and seen[2] is deals:
            head = seen[3]  # the same finished hands and chips: remembered per player
        else:
            head = self._head(deals, log, chips, player)
            self._seen_heads[player] = (log, chips, deals, head)
        if hand >= self.num_hands:
            return f"{head}The match is over: {self.outcome(state).reason}.\n"
        view, to_move = _hand_view(self.num_hands, hand, deals[hand][player], node, player)
        if not to_move:
            return head + view
        if feedback:
            return f"{head}{view}{feedback}\n{_INSTRUCTION}"
        return head + view + _INSTRUCTION

    def _head(
        self,
        deals: tuple[tuple[int, int], ...],
        log: tuple[tuple[str, ...], ...],
        chips: tuple[int, int],
        player: int,
    ) -> str:
        """Writes what ``player`` sees before the current hand: intro, rules, finished hands
        and chips. It changes only when a hand ends, so :meth:`observation` remembers the
        last one per player (by the identity of the state's immutable parts)."""
        chips_line = _chips_line(chips[player], chips[1 - player], player)
        if not log:
            return self._intros[player] + chips_line
        seen_deals, seen_log, seen_text = self._seen_finished[player]
        if seen_deals is deals and len(log) == len(seen_log) + 1 and log[:-1] == seen_log:
            hand = len(seen_log)  # one more hand than last time: add its line
            text = seen_text + _hand_text(hand, deals[hand], self.opener(hand), log[-1], player)
        else:
            text = self._finished_hands(deals, log, player)
        self._seen_finished[player] = (deals, log, text)
        return f"{self._intros[player]}Finished hands:\n{text}{chips_line}"

    def _finished_hands(
        self, deals: tuple[tuple[int, int], ...], log: tuple[tuple[str, ...], ...], player: int
    ) -> str:
        """Describes every finished hand from ``player``'s side, one line each."""
        return "".join(
            [
                _hand_text(hand, deals[hand], self.opener(hand), moves, player)
                for hand, moves in enumerate(log)
            ]
        )

    # -- serialisation --------------------------------------------------------------------

    def state_to_dict(self, state: KuhnState) -> dict[str, Any]:
        return {
            "deals": [list(d) for d in state.deals],
            "hand": state.hand,
            "moves": list(state.moves),
            "chips": list(state.chips),
            "log": [list(m) for m in state.log],
        }

    def state_from_dict(self, data: dict[str, Any]) -> KuhnState:
        if set(data) != {"deals", "hand", "moves", "chips", "log"}:
            raise ValueError("a Kuhn Poker state has deals, hand, moves, chips and log")
        deals = tuple(_int_pair(deal) for deal in _list(data["deals"]))
        if len(deals) != self.num_hands or any(a == b or {a, b} - {0, 1, 2} for a, b in deals):
            raise ValueError(f"deals must be {self.num_hands} pairs of different cards 0-2")
        moves = tuple(_text(m) for m in _list(data["moves"]))
        log = tuple(tuple(_text(m) for m in _list(hand)) for hand in _list(data["log"]))
        hand = _int(data["hand"])
        if len(log) != hand or any(m not in _ENDS for m in log) or not 0 <= hand <= self.num_hands:
            raise ValueError("the log must hold one finished line per finished hand")
        if moves not in _NODES:
            raise ValueError("the current hand's moves must be none, check, bet or check-bet")
        state = KuhnState(deals)
        for hand_moves in log:
            for move in hand_moves:
                state = self.apply(state, move)
        for move in moves:
            state = self.apply(state, move)
        if list(state.chips) != [_int(c) for c in _list(data["chips"])]:
            raise ValueError("chips do not match the finished hands")
        return state


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {value!r}"[:80])
    return value


def _int_pair(value: Any) -> tuple[int, int]:
    items = _list(value)
    if len(items) != 2:
        raise ValueError("a deal is two cards")
    return _int(items[0]), _int(items[1])


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a move name, got {value!r}"[:80])
    return value


# -- the family -------------------------------------------------------------------------------


LEVEL_WEIGHTS: dict[int, list[float]] = {
    level: [
        round(0.6 - 0.15 * (level - 1) / 9, 4),
        0.4,
        round(0.15 * (level - 1) / 9, 4),
    ]
    for level in range(1, 11)
}
"""Level → weights of decisions needing 1, 2 and 3 plies of look-ahead (module docstring)."""


class KuhnKnobs(BaseModel):
    """Knobs of the ``kuhn_poker`` family."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    depth_weights: list[float] = Field(
        min_length=3, max_length=3, description="weights of look-ahead depths 1, 2, 3"
    )
    seat: int | None = Field(default=None, ge=0, le=1, description="the task's seat; None: drawn")
    num_hands: int = Field(default=5, ge=1, le=MAX_HANDS, description="hands per match")
    reward: Literal["match", "chips"] = Field(default="match", description="match or chips")

    @model_validator(mode="after")
    def _weights(self) -> KuhnKnobs:
        if min(self.depth_weights) < 0 or sum(self.depth_weights) <= 0:
            raise ValueError("depth_weights must be non-negative with a positive sum")
        return self


def _options(knobs: KuhnKnobs) -> dict[int, list[tuple[str, list[int]]]]:
    """Returns, per depth with positive weight, the information sets the knobs can reach and
    the hands at which the task's seat would face each."""
    options: dict[int, list[tuple[str, list[int]]]] = {}
    for infoset, depth in DEPTH.items():
        if knobs.depth_weights[depth - 1] <= 0:
            continue
        line = len(infoset) - 1
        hands = [
            h
            for h in range(knobs.num_hands)
            if knobs.seat is None or (h % 2 + line) % 2 == knobs.seat
        ]
        if hands:
            options.setdefault(depth, []).append((infoset, hands))
    return options


class KuhnInstance(GameInstance):
    """``Task.instance`` of the ``kuhn_poker`` family."""

    game_class = KuhnPoker


@register("kuhn_poker")
class KuhnPokerFamily(GameFamily):
    """One decision of a Kuhn Poker match: bet, check, call or fold soundly."""

    version = 1
    description = (
        "Kuhn Poker decisions; level = look-ahead depth; sound = in an equilibrium reaching it"
    )
    max_constant_accuracy = 0.55
    """Two legal moves per decision: the issue's bound for this game (see the docstring)."""
    Knobs = KuhnKnobs
    Instance = KuhnInstance
    game_class = KuhnPoker

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        return {"depth_weights": list(LEVEL_WEIGHTS[level])}

    def make_game(self, knobs: KuhnKnobs) -> KuhnPoker:
        return KuhnPoker(num_hands=knobs.num_hands, reward=knobs.reward)

    def validate_for_generation(self, knobs: KuhnKnobs) -> None:
        if not _options(knobs):
            raise InvalidParamsError(
                "kuhn_poker: with these depth_weights, seat and num_hands no decision of a "
                "weighted depth reaches the seat (a one-hand match gives seat 1 only depths 1-2)"
            )

    def draw_decision(
        self, game: KuhnPoker, knobs: KuhnKnobs, rng: random.Random
    ) -> Decision | None:
        options = _options(knobs)
        depths = sorted(options)
        depth = rng.choices(depths, [knobs.depth_weights[d - 1] for d in depths])[0]
        infoset, hands = rng.choice(options[depth])
        hand = rng.choice(hands)
        line = ["check" if letter == "c" else "bet" for letter in infoset[1:]]
        seat = (hand % 2 + len(line)) % 2
        deals = list(game.new_state(rng).deals)
        mine = CARDS.index(infoset[0])
        other = rng.choice([card for card in range(3) if card != mine])
        deals[hand] = (mine, other) if seat == 0 else (other, mine)
        state = KuhnState(tuple(deals))
        while state.hand < hand:
            state = game.apply(state, game.mixed_move(state, HISTORY_STRENGTH, rng))
        for move in line:
            state = game.apply(state, move)
        return Decision(state, seat, {"depth": depth})

    def hardness(self, task: Task) -> float:
        """Returns the expected look-ahead depth of the task's ``depth_weights`` (the depths
        its knobs can reach); the task's own depth is ``meta["depth"]``."""
        knobs = KuhnKnobs.model_validate(task.params)
        options = _options(knobs)
        total = sum(knobs.depth_weights[d - 1] for d in options)
        if total <= 0:
            return 0.0
        return sum(d * knobs.depth_weights[d - 1] for d in options) / total
