"""The protocol every two-player text game follows, the move reader, and the game families.

A game is a pure rules engine (:class:`Game`): a state, the player to move, the legal moves,
``apply``, ``is_terminal``, the :class:`Outcome`, and each role's text observation. States are
immutable, so engines can be searched (minimax), replayed and run in lock-step batches. The
environments in :mod:`taskgen.envs.games` are thin shells over an engine; what an invalid
move costs is decided there, not here.

A move is read from a reply with :func:`read_move`: text up to the last ``</think>`` is
ignored, then the move is the content of the last ``\\boxed{}``, else of the last ``[...]``.
This is the one move reader: the environments call :func:`read_move`, and ``taskgen.verify``
calls :func:`extract_move` (the same reading, with a reason when no move is found) through
:meth:`GameFamily.extract`, so ``[bet]`` plays bet in an environment and is the answer bet
for a task.

>>> read_move("I hold the King, so I bet. \\\\boxed{bet}")
'bet'
>>> read_move("<think>[fold]?</think> Let me trade. [Offer: 2 Wood -> 1 Ore]")
'Offer: 2 Wood -> 1 Ore'

Every game is also a taskgen family (kind ``"game"``): see :class:`GameFamily` for the Task
contract (one decision point of a seeded episode).
"""

from __future__ import annotations

import random
import re
import string
from abc import ABC, abstractmethod
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.registry import Check, Draft, Family
from taskgen.verifiers.extract import (
    MAX_PAYLOAD_CHARS,
    Container,
    Extraction,
    last_boxed,
    last_tagged,
    strip_thinking,
    unwrap_latex,
)

S = TypeVar("S")
M = TypeVar("M")

MAX_STRENGTH = 10
HISTORY_STRENGTH = 5
"""Strength of the mixed policy that plays the moves before a task's decision point."""
MAX_DRAWS = 400
"""Redraws (each from a seed derived from the task's generator) before a family gives up."""
MOVE_PLACEHOLDER = "<move>"
"""What the format example in an observation shows in its box: never a move of any game."""
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


_BARE_BOX = re.compile(r"\\boxed\{([ !-#%-;=-Z^-z|~]*)\}")
"""A whole reply that is one box of printable ASCII without ``$ < [ \\ ] { }``: no thinking
tag, no nested box or bracket, no LaTeX, so its move is the box's text, stripped."""
_bare_box = _BARE_BOX.fullmatch


def bare_move(reply: str) -> str | None:
    """Returns the move of a reply that is exactly a plain ``\\boxed{move}``, else ``None``.

    The fast path of :func:`read_move`: where it answers, it answers as the general reading
    does (the box's text stripped); ``None`` means "read it the general way" (a reply with
    anything around the box, a thinking tag, LaTeX, brackets, non-ASCII text or a final
    full stop), never "no move".

    >>> bare_move("\\\\boxed{ bet }"), bare_move("I bet \\\\boxed{bet}")
    ('bet', None)
    """
    found = _bare_box(reply)
    if found is None:
        return None
    text = found.group(1).strip()
    return None if text.endswith(".") else text


def _find_move(reply: str, container: Container = "boxed") -> tuple[str | None, str]:
    """Returns (move text, why none): the one reading rule behind :func:`read_move` and
    :func:`extract_move`."""
    if container != "answer":
        bare = bare_move(reply)
        if bare is not None:
            return bare, ""
    return _find_move_in_full(reply, container)


def _find_move_in_full(reply: str, container: Container = "boxed") -> tuple[str | None, str]:
    """The general reading of :func:`_find_move`, without the :func:`bare_move` fast path."""
    body = strip_thinking(reply)
    if body is None:
        return None, "no move: <think> was never closed"
    found = last_boxed(body) if container in ("boxed", "auto") else None
    if found is None and container in ("answer", "auto"):
        found = last_tagged(body, "answer")
    if found is not None:
        return clean_payload(found), ""
    span = _last_bracketed(body)
    if span is None:
        return None, "no move found; put your move in \\boxed{}"
    return body[span[0] + 1 : span[1]].strip(), ""


def read_move(reply: str, container: Container = "boxed") -> str | None:
    """Returns the move text of a reply, or ``None`` when the reply holds no move.

    Text up to the last ``</think>`` is ignored (an unclosed ``<think>`` means no move); the
    move is the last ``\\boxed{}`` if there is one (``container="answer"``: the last
    ``<answer>...</answer>``; ``"auto"``: either), else the last ``[...]``. An empty box or
    bracket gives ``""`` (an empty move, which no game accepts).
    """
    return _find_move(reply, container)[0]


def extract_move(reply: str, container: Container = "boxed") -> Extraction:
    """Reads a reply's move exactly as :func:`read_move` does, as ``verify`` wants it.

    >>> extract_move("I check. [check]").payload
    'check'
    >>> extract_move("no idea").reason
    'no move found; put your move in \\\\boxed{}'
    """
    text, why = _find_move(reply, container)
    if text is None:
        return Extraction(None, why)
    if len(text) > MAX_PAYLOAD_CHARS:
        return Extraction(
            None, f"the move is too long ({len(text)} characters; at most {MAX_PAYLOAD_CHARS})"
        )
    if not text:
        return Extraction(None, "the move is empty")
    return Extraction(text)


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
    draws_at_start: ClassVar[bool] = True
    """False when :meth:`new_state` draws nothing from its generator (environments then skip
    seeding one for it); a subclass whose ``new_state`` draws must say True."""

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

    def legal_key(self, state: S) -> Hashable:
        """Returns a hashable key that fixes the legal vocabulary of a non-terminal state.

        Environments remember the action mask and the legal moves per key, so an engine
        returns something cheap to compute (TicTacToe: its empty cells); the default is the
        legal vocabulary itself.
        """
        return tuple(self.legal_vocabulary(state))

    def decision_moves(self, state: S) -> list[str]:
        """Returns the moves a decision task weighs: its "legal moves" for sound shares.

        Default: the legal vocabulary. Simple Negotiation accepts any well-formed offer, so it
        names a finite set here (documented in its module).
        """
        return self.legal_vocabulary(state)

    def sound_moves(self, state: S) -> list[str]:
        """Returns the decision moves that are sound, in the order of :meth:`decision_moves`."""
        return [
            text
            for text in self.decision_moves(state)
            if self.is_sound(state, self.parse_strict(state, text))
        ]

    def listed_moves(self, legal: list[str]) -> list[str]:
        """Returns the legal moves a task lists in its instance (default: all of them)."""
        return legal


_new_str = str.__new__


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
        seen = _new_str(Observation, text)
        seen.__dict__ = {"state": state, "player": player, "game": game}  # one dict: quicker
        return seen

    def __reduce__(self) -> tuple[Any, ...]:
        return (Observation.of, (str(self), self.state, self.player, self.game))


# -- the game families -------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """A drawn decision point: the state, the seat to move, and what the family measured."""

    state: Any
    seat: int
    measure: dict[str, float] = field(default_factory=dict)
    """Facts about the decision for ``Task.meta`` (look-ahead depth, sound share, ...)."""


def restore_position(
    game_class: type[Game[Any, Any]], config: Any, data: Any, seat: Any
) -> tuple[Game[Any, Any], Any]:
    """Rebuilds the engine and state of a game instance and checks ``seat`` is to move.

    Raises:
        ValueError: saying what is wrong: a bad config, a malformed or inconsistent state,
            a finished game (no decision left), or a seat that is not the player to move.
    """
    if not isinstance(config, dict) or not isinstance(data, dict):
        raise ValueError("game and state must be objects")
    try:
        game = game_class(**config)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"game: {exc}") from None
    try:
        state = game.state_from_dict(data)
    except KeyError as exc:
        raise ValueError(f"state: missing {exc}") from None
    except (TypeError, ValueError, IndexError, AttributeError, OverflowError) as exc:
        raise ValueError(f"state: {exc or type(exc).__name__}") from None
    if game.is_terminal(state):
        raise ValueError("state: the game is over, so there is no decision to make")
    if isinstance(seat, bool) or seat != game.current_player(state):
        raise ValueError(f"seat {seat!r} is not the player to move")
    return game, state


class GameInstance(BaseModel):
    """``Task.instance`` of a game family: engine config, seat, state, moves listed.

    Validated like a puzzle instance: unknown keys are refused, and the state is rebuilt at
    load, so a malformed state, a finished game or a seat that is not to move raises
    ``ValueError`` (``InvalidTaskError`` from ``taskgen.verify``) before any answer is read.
    ``legal_moves`` and ``sound_moves`` are for information (the checker recomputes from
    ``state``): every sound decision move, and the legal ones a game lists
    (:meth:`Game.listed_moves`; Simple Negotiation lists Accept, Deny and Pass, its offers
    being too many). Each family subclasses it with its ``game_class``.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    game_class: ClassVar[type[Game[Any, Any]]]

    game: dict[str, Any]
    seat: int = Field(ge=0, le=1)
    state: dict[str, Any]
    legal_moves: list[str]
    sound_moves: list[str]

    @model_validator(mode="after")
    def _playable(self) -> GameInstance:
        restore_position(self.game_class, self.game, self.state, self.seat)
        return self


class GameFamily(Family, ABC):
    """A game as a taskgen family: a Task is one decision of a game, checked for soundness.

    Contract (shared by every game family):

    * The family draws a decision point of its game (:meth:`draw_decision`) whose difficulty
      fits the level: what the level controls, and how it is measured, is in each family's
      level table. A draw where every decision move is sound, or none is, is redrawn from a
      seed derived from the task's generator (:data:`MAX_DRAWS` times at most), so every task
      has a signal: a random decision move is wrong with positive probability.
    * ``prompt`` is the seat's observation (rules, visible history, legal moves, and a format
      line whose box holds a placeholder, never a move); ``answer`` is one sound move;
      ``instance`` holds the engine config, the seat, the full state and, for information,
      the legal and sound moves. ``meta["random_move_sound"]`` is the share of decision
      moves (:meth:`Game.decision_moves`) that are sound: a random legal move's accuracy.
    * Reading: :meth:`extract` is the environments' move reader (:func:`extract_move`): the
      last box, else the last ``[...]``.
    * Checking: ``format_ok`` iff a legal move is read; ``correct`` iff it is sound by the
      game's criterion (:meth:`Game.is_sound`), recomputed from the stored state. Score 1/0.
    """

    kind = "game"
    multi_turn = False
    Instance: ClassVar[type[GameInstance]] = GameInstance
    game_class: ClassVar[type[Game[Any, Any]]]

    @abstractmethod
    def make_game(self, knobs: Any) -> Game[Any, Any]:
        """Returns the engine configured by ``knobs``."""

    @abstractmethod
    def draw_decision(self, game: Any, knobs: Any, rng: random.Random) -> Decision | None:
        """Draws a decision point that fits ``knobs``, or None to be redrawn."""

    def gold_move(self, game: Any, state: Any, rng: random.Random) -> str:
        """Returns the gold answer of a decision (default: the strong policy's move)."""
        return str(game.format_move(game.strong_move(state, rng)))

    def task_prompt(self, game: Any, state: Any, seat: int) -> str:
        """Returns the task's prompt (default: the seat's observation)."""
        return str(game.observation(state, seat))

    def engine_for(self, params: dict[str, Any]) -> Game[Any, Any]:
        """Returns the engine of a task's ``params``."""
        return self.make_game(self.Knobs.model_validate(params))

    def extract(self, completion: str, container: Container = "boxed") -> Extraction:
        """Reads the move as the environments do: the last box, else the last ``[...]``."""
        return extract_move(completion, container)

    def restore(self, instance: dict[str, Any]) -> tuple[Game[Any, Any], Any]:
        """Returns the engine and state of a task instance.

        Raises:
            InvalidTaskError: the instance is malformed (loading a task catches this first).
        """
        fields = set(self.Instance.model_fields)
        try:
            if not isinstance(instance, dict) or set(instance) != fields:
                raise ValueError(f"an instance has exactly the keys {', '.join(sorted(fields))}")
            return restore_position(
                self.game_class, instance["game"], instance["state"], instance["seat"]
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidTaskError(f"malformed {self.name} instance: {exc}") from None

    def generate(self, knobs: Any, rng: random.Random) -> Draft:
        game = self.make_game(knobs)
        for _ in range(MAX_DRAWS):
            decision = self.draw_decision(game, knobs, random.Random(rng.getrandbits(64)))
            if decision is None:
                continue
            legal = game.decision_moves(decision.state)
            sound = game.sound_moves(decision.state)
            if 0 < len(sound) < len(legal):
                break
        else:
            raise InvalidParamsError(
                f"{self.name}: no decision fits these knobs in {MAX_DRAWS} draws"
            )
        state, seat = decision.state, decision.seat
        listed = set(game.listed_moves(legal))
        instance = {
            "game": game.config(),
            "seat": seat,
            "state": game.state_to_dict(state),
            "legal_moves": [move for move in legal if move in listed],
            "sound_moves": sound,
        }
        meta = {"random_move_sound": round(len(sound) / len(legal), 4), **decision.measure}
        return Draft(
            prompt=self.task_prompt(game, state, seat),
            answer=self.gold_move(game, state, rng),
            instance=instance,
            meta=meta,
        )

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        game, state = self.restore(instance)
        text = payload.strip()
        if not text:
            return Check(False, 0.0, "no move found in the answer", False)
        move = game.parse_move(state, text)
        if isinstance(move, Illegal):
            return Check(False, 0.0, move.reason, False)
        shown = game.format_move(move)
        if game.is_sound(state, move):
            return Check(True, 1.0, f"sound move: {shown}")
        return Check(False, 0.0, f"legal but unsound move: {shown}")
