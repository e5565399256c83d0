"""The protocol every two-player text game follows, the move reader, and the game families.

A game is a pure rules engine (:class:`Game`): a state, the player to move, the legal moves,
``apply``, ``is_terminal``, the :class:`Outcome`, and each role's text observation. States are
immutable, so engines can be searched (minimax), replayed and run in lock-step batches. The
environments in :mod:`taskgen.envs.games` are thin shells over an engine; what an invalid
move costs is decided there, not here.

A move is read from a reply with :func:`read_move`: text up to the last ``</think>`` is
ignored, then the move is the content of the last ``\\boxed{}``, else of the last ``[...]``.

>>> read_move("I hold the King, so I bet. \\\\boxed{bet}")
'bet'
>>> read_move("<think>[fold]?</think> Let me trade. [Offer: 2 Wood -> 1 Ore]")
'Offer: 2 Wood -> 1 Ore'

Every game is also a taskgen family (kind ``"game"``): see :class:`GameFamily` for the Task
contract (one decision point of a seeded episode).
"""

from __future__ import annotations

import random
import string
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel

from taskgen.core.registry import Check, Draft, Family
from taskgen.core.task import Task
from taskgen.verifiers.extract import last_boxed, strip_thinking, unwrap_latex

S = TypeVar("S")
M = TypeVar("M")

MAX_STRENGTH = 10
HISTORY_STRENGTH = 5
"""Strength of the policy that plays the task's own seat before the decision point."""
MAX_QUOTE = 40
"""At most this many characters of model text are quoted in a reason."""
SAFE_CHARS = frozenset(string.printable)


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    """Returns ``text`` clipped to ``limit`` characters and quoted, for reasons.

    >>> quote("raise the stakes")
    "'raise the stakes'"
    """
    clipped = sanitize(text.strip(), limit)
    return repr(clipped if len(text.strip()) <= limit else clipped + "...")


def sanitize(text: str, limit: int) -> str:
    """Returns ``text`` clipped to ``limit`` characters, non-printable ones replaced by ``?``.

    Observations stay inside the printable ASCII alphabet of the environments' text spaces.

    >>> sanitize("caf\\u00e9\\x00!", 10)
    'caf??!'
    """
    clipped = text[:limit]
    if all(char in SAFE_CHARS for char in clipped):
        return clipped
    return "".join(char if char in SAFE_CHARS else "?" for char in clipped)


def _last_bracketed(text: str) -> tuple[int, int] | None:
    """Returns the span of the last ``[...]`` (linear time: no "[" before the last "]" means
    none before any earlier "]" either)."""
    end = text.rfind("]")
    start = text.rfind("[", 0, end) if end > 0 else -1
    return (start, end) if start >= 0 else None


def clean_payload(payload: str) -> str:
    """Strips LaTeX wrappers, whitespace and one pair of outer brackets from a move payload.

    >>> clean_payload(" \\\\text{[Bet]} ")
    'Bet'
    """
    value = unwrap_latex(payload)
    span = _last_bracketed(value)
    if span is not None:
        value = value[span[0] + 1 : span[1]]
    return value.strip()


def read_move(reply: str) -> str | None:
    """Returns the move text of a reply, or ``None`` when the reply holds no move.

    Text up to the last ``</think>`` is ignored (an unclosed ``<think>`` means no move); the
    move is the last ``\\boxed{}`` if there is one, else the last ``[...]``.
    """
    body = strip_thinking(reply)
    if body is None:
        return None
    boxed = last_boxed(body)
    if boxed is not None:
        return clean_payload(boxed)
    span = _last_bracketed(body)
    if span is None:
        return None
    return body[span[0] + 1 : span[1]].strip()


def talk_of(reply: str, limit: int = 300) -> str:
    """Returns what a reply says besides its move: the text after thinking, minus the move.

    Games with table talk (Simple Negotiation) show this to the other player, clipped to
    ``limit`` characters; the private reasoning belongs inside ``<think>...</think>``.

    >>> talk_of("Deal? [Offer: 1 Ore -> 2 Wood]")
    'Deal?'
    """
    if reply.startswith("\\boxed"):  # a bare move says nothing
        return ""
    body = strip_thinking(reply) or ""
    at = body.rfind("\\boxed")
    if at < 0:
        span = _last_bracketed(body)
        at = span[0] if span is not None else len(body)
    return sanitize(" ".join(body[:at].split()), limit)


@dataclass(frozen=True)
class Illegal:
    """Why a move text was not accepted: ``malformed`` (unreadable) or illegal here."""

    reason: str
    malformed: bool = False


@dataclass(frozen=True)
class Outcome:
    """How a finished game ended: per-player returns, the winner, and why.

    ``invalid_move`` is True when the game ended because ``offender`` made an invalid move
    (see :class:`taskgen.envs.games.InvalidMovePolicy`).
    """

    returns: tuple[float, float]
    winner: int | None
    reason: str
    invalid_move: bool = False
    offender: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Returns the outcome as a JSON-ready dict."""
        return {
            "returns": list(self.returns),
            "winner": self.winner,
            "reason": self.reason,
            "invalid_move": self.invalid_move,
            "offender": self.offender,
        }


def zero_sum(winner: int | None, reason: str) -> Outcome:
    """Returns the +1 / −1 outcome of ``winner`` (0 / 0 when ``winner`` is None, a draw)."""
    if winner is None:
        return Outcome((0.0, 0.0), None, reason)
    return Outcome((1.0, -1.0) if winner == 0 else (-1.0, 1.0), winner, reason)


class Game(ABC, Generic[S, M]):
    """A two-player, turn-based, zero-sum text game as a pure rules engine.

    Players are ``0`` and ``1``; states are immutable; ``apply`` returns a new state. A move
    text (what sits inside ``\\boxed{}``) becomes a move with :meth:`parse_move`, and a move
    becomes its canonical text with :meth:`format_move`. ``vocabulary`` is a finite list of
    canonical move texts used for action masks and random play; a game may accept more
    (Simple Negotiation accepts any well-formed offer).
    """

    name: ClassVar[str] = ""
    """Registry name (snake_case), also the taskgen family and the Gymnasium id."""
    title: ClassVar[str] = ""
    """Human-readable name used in observations."""
    move_optional: ClassVar[bool] = False
    """True when a reply with no move is a legal "talk only" turn (read as ``pass_move``)."""
    has_talk: ClassVar[bool] = False
    """True when a reply's text besides the move is shown to the other player."""
    vocabulary: tuple[str, ...] = ()

    @abstractmethod
    def config(self) -> dict[str, Any]:
        """Returns the constructor arguments, so ``type(game)(**game.config())`` is equal."""

    @abstractmethod
    def new_state(self, rng: random.Random) -> S:
        """Returns the initial state, drawing any chance (cards, inventories) from ``rng``."""

    @abstractmethod
    def current_player(self, state: S) -> int:
        """Returns the player to move (meaningless once the state is terminal)."""

    @abstractmethod
    def is_terminal(self, state: S) -> bool:
        """Returns whether the game is over."""

    @abstractmethod
    def outcome(self, state: S) -> Outcome:
        """Returns the outcome of a terminal state."""

    @abstractmethod
    def parse_move(self, state: S, text: str) -> M | Illegal:
        """Reads a move text for the player to move; never raises on any string."""

    @abstractmethod
    def apply(self, state: S, move: M, message: str = "") -> S:
        """Returns the state after the player to move plays a legal ``move``.

        ``message`` is the table talk of the reply (kept only by games with talk).
        """

    @abstractmethod
    def format_move(self, move: M) -> str:
        """Returns the canonical text of a move (what a perfect reply puts in the box)."""

    @abstractmethod
    def observation(self, state: S, player: int, feedback: str = "") -> str:
        """Returns what ``player`` sees: rules, the visible history, legal moves, the format.

        ``feedback`` (why the last reply was invalid) is shown before the instructions.
        """

    @abstractmethod
    def legal_vocabulary(self, state: S) -> list[str]:
        """Returns the entries of ``vocabulary`` that are legal for the player to move."""

    @abstractmethod
    def strong_move(self, state: S, rng: random.Random) -> M:
        """Returns the strong scripted policy's move (Nash, minimax, value-aware)."""

    @abstractmethod
    def is_sound(self, state: S, move: M) -> bool:
        """Returns whether a legal move is sound by the game's documented criterion."""

    @abstractmethod
    def state_to_dict(self, state: S) -> dict[str, Any]:
        """Returns a JSON-ready dict of ``state`` (inverse of :meth:`state_from_dict`)."""

    @abstractmethod
    def state_from_dict(self, data: dict[str, Any]) -> S:
        """Rebuilds a state; raises ``ValueError`` when ``data`` is malformed."""

    # -- provided -------------------------------------------------------------------------

    pass_move: ClassVar[str] = ""
    """The move text a reply without a move stands for when ``move_optional``."""

    def random_move(self, state: S, rng: random.Random) -> M:
        """Returns a uniformly random legal move from the vocabulary."""
        return self.parse_strict(state, rng.choice(self.legal_vocabulary(state)))

    def parse_strict(self, state: S, text: str) -> M:
        """Parses a move text that must be legal (for scripted play); raises ``ValueError``."""
        move = self.parse_move(state, text)
        if isinstance(move, Illegal):
            raise ValueError(f"{self.name}: {move.reason}")
        return move

    def mixed_move(self, state: S, strength: int, rng: random.Random) -> M:
        """Returns the strong move with probability ``(strength - 1) / 9``, else a random one.

        Strength 1 is the uniformly random legal player, 10 the strong player.
        """
        if rng.random() < (strength - 1) / (MAX_STRENGTH - 1):
            return self.strong_move(state, rng)
        return self.random_move(state, rng)

    def action_mask(self, state: S, player: int) -> list[int]:
        """Returns 1 for each vocabulary entry ``player`` may play now, else 0."""
        if self.is_terminal(state) or self.current_player(state) != player:
            return [0] * len(self.vocabulary)
        legal = set(self.legal_vocabulary(state))
        return [1 if entry in legal else 0 for entry in self.vocabulary]

    def is_interesting(self, state: S) -> bool:
        """Returns whether a decision is worth a task: some legal vocabulary move is unsound."""
        return any(
            not self.is_sound(state, self.parse_strict(state, text))
            for text in self.legal_vocabulary(state)
        )

    def listed_moves(self, legal: list[str]) -> list[str]:
        """Returns the legal moves a task lists in its instance (default: all of them)."""
        return legal

    def sound_vocabulary(self, state: S) -> list[str]:
        """Returns the legal vocabulary moves that are sound."""
        return [
            text
            for text in self.legal_vocabulary(state)
            if self.is_sound(state, self.parse_strict(state, text))
        ]


class Observation(str):
    """What a player sees: the observation text (a ``str``) that also carries the game state.

    Language-model policies use it as the plain text it is; scripted policies read
    ``state`` instead of parsing text. ``player`` is the observer, ``game`` the engine.
    Build one with :meth:`of`.

    >>> seen = Observation.of("Your move.", state=None, player=1, game=None)
    >>> seen, seen.player
    ('Your move.', 1)
    """

    state: Any
    player: int
    game: Game[Any, Any]

    @staticmethod
    def of(text: str, state: Any, player: int, game: Any) -> Observation:
        """Returns ``text`` as an Observation of ``state`` by ``player`` in ``game``."""
        seen = Observation(text)
        seen.state = state
        seen.player = player
        seen.game = game
        return seen

    def __reduce__(self) -> tuple[Any, ...]:
        return (Observation.of, (str(self), self.state, self.player, self.game))


# -- the game families -------------------------------------------------------------------------


class GameKnobs(BaseModel):
    """Knobs every game family has (subclasses add the game's own)."""

    opponent_strength: int
    seat: int | None


class GameInstance(BaseModel):
    """``Task.instance`` of a game family: engine config, seat, state, legal moves listed.

    ``legal_moves`` and ``sound_moves`` are for information (the checker recomputes from
    ``state``); games with a large vocabulary list only part of it (:meth:`Game.listed_moves`).
    """

    game: dict[str, Any]
    seat: int
    state: dict[str, Any]
    legal_moves: list[str]
    sound_moves: list[str]


class GameFamily(Family, ABC):
    """A game as a taskgen family: a Task is one decision point of a seeded episode.

    Contract (shared by every game family):

    * An episode is drawn from the task seed: the game's chance (cards, inventories), the
      task's seat (knob ``seat``, drawn when None), and the moves. The opponent plays the
      mixed policy of strength ``opponent_strength`` (= the difficulty level; 1 random,
      10 strong); the task's own seat plays strength 5 (:data:`HISTORY_STRENGTH`).
    * The task is one of the seat's decision points, drawn uniformly among the interesting
      ones (where some legal move is unsound; :meth:`Game.is_interesting`), else among all.
    * ``prompt`` is that seat's observation (rules, visible history, legal moves, format);
      ``answer`` is the strong policy's move; ``instance`` holds the seat, the full state,
      and for information the legal and sound vocabulary moves.
    * Checking: ``format_ok`` iff a legal move is read from the box; ``correct`` iff it is
      sound by the game's criterion, recomputed from the stored state. Score 1 or 0.
    * ``hardness`` is the opponent's strength. Honestly: a single decision is not harder at
      higher levels; what grows is the strength of the player whose moves shaped the
      history, and, in the single-agent environments, of the opponent the model must beat.
    """

    kind = "game"
    multi_turn = False
    Instance = GameInstance
    game_class: ClassVar[type[Game[Any, Any]]]

    @abstractmethod
    def make_game(self, knobs: Any) -> Game[Any, Any]:
        """Returns the engine configured by ``knobs``."""

    def engine_for(self, params: dict[str, Any]) -> Game[Any, Any]:
        """Returns the engine of a task's ``params``."""
        return self.make_game(self.Knobs.model_validate(params))

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        return {"opponent_strength": level}

    def generate(self, knobs: Any, rng: random.Random) -> Draft:
        game = self.make_game(knobs)
        state = game.new_state(rng)
        seat: int = knobs.seat if knobs.seat is not None else rng.randrange(2)
        interesting: list[Any] = []
        every: list[Any] = []
        while not game.is_terminal(state):
            player = game.current_player(state)
            if player == seat:
                every.append(state)
                if game.is_interesting(state):
                    interesting.append(state)
                move = game.mixed_move(state, HISTORY_STRENGTH, rng)
            else:
                move = game.mixed_move(state, knobs.opponent_strength, rng)
            state = game.apply(state, move)
        point = rng.choice(interesting or every)
        answer = game.format_move(game.strong_move(point, rng))
        legal, sound = game.legal_vocabulary(point), game.sound_vocabulary(point)
        listed = set(game.listed_moves(legal))
        instance = {
            "game": game.config(),
            "seat": seat,
            "state": game.state_to_dict(point),
            "legal_moves": [move for move in legal if move in listed],
            "sound_moves": [move for move in sound if move in listed],
        }
        meta = {
            "decision_points": len(every),
            "random_move_sound": round(len(sound) / max(1, len(legal)), 4),
        }
        return Draft(
            prompt=game.observation(point, seat), answer=answer, instance=instance, meta=meta
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        game, state, seat = self._restore(instance)
        if game is None:
            return Check(False, 0.0, "the task's game state is malformed", False)
        if game.current_player(state) != seat or game.is_terminal(state):
            return Check(False, 0.0, "the task's seat is not the player to move", False)
        text = clean_payload(payload)
        if not text:
            return Check(False, 0.0, "no move found in the answer", False)
        move = game.parse_move(state, text)
        if isinstance(move, Illegal):
            return Check(False, 0.0, move.reason, False)
        shown = game.format_move(move)
        if game.is_sound(state, move):
            return Check(True, 1.0, f"sound move: {shown}")
        return Check(False, 0.0, f"legal but unsound move: {shown}")

    def _restore(self, instance: dict[str, Any]) -> tuple[Game[Any, Any] | None, Any, int]:
        try:
            game = self.game_class(**instance["game"])
            return game, game.state_from_dict(instance["state"]), int(instance["seat"])
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None, None, 0

    def hardness(self, task: Task) -> float:
        return float(task.params["opponent_strength"])
