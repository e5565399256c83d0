"""Environments for the two-player text games: a session core, PettingZoo AEC, Gymnasium.

Three layers, thin to thick:

* :class:`GameSession` runs one match of an engine from :mod:`taskgen.tasks.games`: text
  replies in, per-player observations and a final :class:`Outcome` out, with the
  :class:`InvalidMovePolicy` applied. No Gymnasium or PettingZoo; self-play batches sessions.
* :func:`aec_env` (class ``GameAECEnv``) is a PettingZoo AEC environment per game. Agents
  ``player_0`` and ``player_1``; an observation is ``{"text": str, "action_mask": int8
  array}`` where the mask covers the game's finite move vocabulary (PettingZoo 1.27's
  ``api_test`` rejects a bare string observation); the action is the reply text. PettingZoo
  is imported only when an AEC environment is made.
* :class:`GameGymEnv` seats a fixed opponent so a single-agent trainer can play a game:
  ``gymnasium.make("taskgen/kuhn_poker-v0", opponent="nash", seat=0)``. Observation and
  action are text (:class:`~taskgen.envs.spaces.AnyText`); the reward is the model's return
  at the end.

Moves are read from the last ``\\boxed{}`` or ``[...]`` of a reply (text before the last
``</think>`` is ignored) by :func:`~taskgen.tasks.games._base.read_move`, the one reader that
``taskgen.verify`` also uses for the game families' tasks. Every environment draws from its
own generators, seeded in ``reset(seed=...)``; nothing touches the global ``random`` module.

>>> env = GameGymEnv("tictactoe", opponent="minimax", seat=0)
>>> text, info = env.reset(seed=0)
>>> info["legal_moves"]
['0', '1', '2', '3', '4', '5', '6', '7', '8']
>>> text, reward, terminated, truncated, info = env.step("I take the centre: \\\\boxed{4}")
>>> terminated, len(info["legal_moves"])
(False, 7)
"""

from __future__ import annotations

import random
import weakref
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

import gymnasium
import numpy as np

from taskgen.core.errors import InvalidParamsError, TaskgenError
from taskgen.envs.opponents import Policy, make_opponent
from taskgen.envs.spaces import AnyText
from taskgen.tasks.games import GAMES, get_game
from taskgen.tasks.games._base import (
    Game,
    Illegal,
    Observation,
    Outcome,
    _bare_box,
    _find_move_in_full,
    talk_of,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

NAMESPACE = "taskgen"
ENV_VERSION = 0
MAX_TEXT = 200_000
"""Longest observation or reply the text spaces accept (characters)."""
PLAYERS = ("player_0", "player_1")


class GameOverError(TaskgenError, RuntimeError):
    """Raised when a finished game is stepped (reset it first)."""


@dataclass(frozen=True)
class InvalidMovePolicy:
    """What an invalid move costs: ``retries`` more tries (with the reason shown), then forfeit.

    On forfeit the offender gets ``penalty`` and the opponent ``opponent_reward``, and the
    outcome says ``invalid_move=True``. The default is TextArena's (one retry, then −1 / +1,
    zero-sum); :meth:`spiral` is SPIRAL's training rule (no retry, −1.5 / +0.5).

    >>> InvalidMovePolicy.spiral()
    InvalidMovePolicy(retries=0, penalty=-1.5, opponent_reward=0.5)
    """

    retries: int = 1
    penalty: float = -1.0
    opponent_reward: float = 1.0

    def __post_init__(self) -> None:
        if isinstance(self.retries, bool) or not isinstance(self.retries, int) or self.retries < 0:
            raise InvalidParamsError(
                f"retries must be a non-negative integer, got {self.retries!r}"
            )

    @classmethod
    def spiral(cls) -> InvalidMovePolicy:
        """SPIRAL's training rule: the first invalid move loses, −1.5 for it, +0.5 for the other."""
        return cls(0, -1.5, 0.5)

    @classmethod
    def textarena(cls) -> InvalidMovePolicy:
        """TextArena's rule: one retry with the reason shown, then −1 / +1."""
        return cls(1, -1.0, 1.0)

    @classmethod
    def named(cls, spec: InvalidMovePolicy | str | None) -> InvalidMovePolicy:
        """Returns a policy from itself, ``None`` (the default) or a preset name."""
        if isinstance(spec, InvalidMovePolicy):
            return spec
        if spec is None or spec == "textarena":
            return _TEXTARENA
        if spec == "spiral":
            return cls.spiral()
        if spec == "strict":
            return cls(0, -1.0, 1.0)
        raise InvalidParamsError(
            f"unknown invalid-move policy {spec!r}; use textarena, spiral, strict"
        )


_TEXTARENA = InvalidMovePolicy.textarena()


class LegalMoves(list[str]):
    """A read-only list of legal moves: what the PettingZoo environment puts in
    ``infos[agent]["legal_moves"]``, one object shared by every turn with the same legal
    moves (copying ~180 negotiation moves per turn cost about 3% of a game).

    It reads, compares, copies and pickles as the list it is; the methods that would change
    it raise :class:`TypeError` (``list(moves)`` gives an editable copy).

    >>> moves = LegalMoves(["check", "bet"])
    >>> moves == ["check", "bet"], moves[1], "bet" in moves
    (True, 'bet', True)
    >>> moves.append("fold")
    Traceback (most recent call last):
    TypeError: legal moves are read-only (shared between turns); edit a copy: list(moves)
    """

    __slots__ = ()

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(
            "legal moves are read-only (shared between turns); edit a copy: list(moves)"
        )

    append = extend = insert = remove = _read_only
    pop = clear = sort = reverse = _read_only
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _read_only

    def __reduce__(self) -> tuple[type[LegalMoves], tuple[list[str]]]:
        """Pickles and copies through the constructor (list's own protocol would append)."""
        return LegalMoves, (list(self),)


Turn = tuple["NDArray[np.int8]", LegalMoves]
"""A turn's action mask (read-only, shared like the moves) and legal moves."""
TURN_TABLE_SIZE = 4096
"""Legal keys one engine's :func:`turn_table` remembers before it starts afresh."""
_UNSEEN = object()
_new_str = str.__new__
_TURN_TABLES: weakref.WeakKeyDictionary[Game[Any, Any], dict[Hashable, Turn]] = (
    weakref.WeakKeyDictionary()
)


_LAST_TABLE: tuple[Any, dict[Hashable, Turn]] = (None, {})


def turn_table(game: Game[Any, Any]) -> dict[Hashable, Turn]:
    """Returns the table of turns (legal key -> mask and legal moves) shared by every session
    of ``game``, the engine object (a fresh table when the engine cannot be weakly keyed)."""
    global _LAST_TABLE
    if _LAST_TABLE[0] is game:  # environments reset the same engine again and again
        return _LAST_TABLE[1]
    try:
        found = _TURN_TABLES.get(game)
        if found is None:
            found = _TURN_TABLES[game] = {}
    except TypeError:  # unhashable or not weakly referable: remember per session only
        return {}
    _LAST_TABLE = (game, found)
    return found


@dataclass(slots=True)
class StepResult:
    """What one reply did: whether it was a valid move, the move read, and why not."""

    player: int
    valid: bool
    move: str | None
    reason: str
    done: bool
    outcome: Outcome | None = None


class GameSession:
    """One match of a game, driven by text replies.

    Attributes: ``game`` (the engine), ``state`` (its current state), ``invalid`` (the
    :class:`InvalidMovePolicy`), ``outcome`` (None until the end), ``feedback`` (the reason
    shown after an invalid reply), ``strikes`` (consecutive invalid replies of the player to
    move) and ``log`` ((player, canonical move) of every valid move, in order).

    The action mask and the legal moves of a turn are looked up per
    :meth:`~taskgen.tasks.games._base.Game.legal_key` in a table shared by every session of
    the same engine (:func:`turn_table`), so a turn whose legal moves were seen before costs
    a dictionary look-up; the last observation is remembered until the state, the feedback,
    the outcome or the observer changes. Its methods return fresh lists and arrays.

    >>> session = GameSession("kuhn_poker", seed=1, num_hands=1)
    >>> session.step("\\\\boxed{raise}").reason
    "unknown move 'raise'; legal moves: check, bet"
    >>> session.step("[check]").valid
    True
    """

    __slots__ = (
        "_last_view",
        "_memo",
        "_player",
        "_seen",
        "_turn",
        "feedback",
        "game",
        "invalid",
        "log",
        "outcome",
        "state",
        "strikes",
    )

    game: Game[Any, Any]
    state: Any
    invalid: InvalidMovePolicy
    outcome: Outcome | None
    feedback: str
    strikes: int
    log: list[tuple[int, str]]
    _memo: dict[Hashable, Turn]
    _seen: Any
    _player: int
    _turn: Turn | None
    _last_view: tuple[Any, ...]

    def __init__(
        self,
        game: Game[Any, Any] | str,
        *,
        seed: int | None = None,
        rng: random.Random | None = None,
        invalid: InvalidMovePolicy | str | None = None,
        **config: Any,
    ) -> None:
        self.game = get_game(game, **config) if isinstance(game, str) else game
        source = rng if rng is not None else random.Random(seed)
        self.state = self.game.new_state(source)
        self.invalid = InvalidMovePolicy.named(invalid)
        self.outcome = None
        self.feedback = ""
        self.strikes = 0
        self.log = []
        self._memo = turn_table(self.game)
        self._seen = _UNSEEN
        self._player = 0
        self._turn = None
        self._last_view = (_UNSEEN, None, None, None, None)

    def __repr__(self) -> str:
        status = "over" if self.outcome is not None else f"Player {self.current_player} to move"
        return f"GameSession({self.game.name}, {len(self.log)} moves, {status})"

    @property
    def done(self) -> bool:
        """Whether the match is over."""
        return self.outcome is not None

    @property
    def current_player(self) -> int:
        """The player whose reply is expected."""
        return self._player if self._seen is self.state else self._now()

    def _now(self) -> int:
        """Returns the player to move, remembered per state (with the turn's moves)."""
        state = self.state
        if self._seen is not state:
            self._player = self.game.current_player(state)
            self._seen, self._turn = state, None
        return self._player

    def observation(self, player: int | None = None) -> Observation:
        """Returns ``player``'s observation (default: the player to move)."""
        state = self.state
        current = self._player if self._seen is state else self._now()
        who = current if player is None else player
        last = self._last_view
        if (
            last[0] is state
            and last[1] is self.feedback
            and last[2] is self.outcome
            and last[3] is who  # small ints are shared objects: 0 and 1 compare by identity
        ):
            remembered: Observation = last[4]
            return remembered
        text = self.game.observation(state, who, self.feedback if who == current else "")
        if self.outcome is not None and self.outcome.invalid_move:
            text += f"The game is over: {self.outcome.reason}.\n"
        seen = _new_str(Observation, text)  # Observation.of, inlined
        seen.__dict__ = {"state": state, "player": who, "game": self.game}
        self._last_view = (state, self.feedback, self.outcome, who, seen)
        return seen

    def legal_moves(self) -> list[str]:
        """Returns the legal vocabulary moves of the player to move."""
        if self.outcome is not None:
            return []
        return list(self._current()[1])

    def action_mask(self, player: int) -> NDArray[np.int8]:
        """Returns the 0/1 mask over the game's vocabulary for ``player``."""
        if self.outcome is not None or player != (
            self._player if self._seen is self.state else self._now()
        ):
            return np.zeros(len(self.game.vocabulary), dtype=np.int8)
        copied: NDArray[np.int8] = self._current()[0].copy()
        return copied

    def _current(self) -> Turn:
        """Returns the mask and the legal moves of the player to move (the match goes on).

        States are immutable and every move makes a new one, so identity says whether the
        remembered turn still holds; a new state costs its :meth:`Game.legal_key` and a
        look-up in the engine's :func:`turn_table`.
        """
        if self._seen is self.state and self._turn is not None:
            return self._turn
        game, state = self.game, self.state
        player = self._player if self._seen is state else self._now()
        if game.is_terminal(state):  # a finished state set from outside: keys are for turns
            mask = np.asarray(game.action_mask(state, player), dtype=np.int8)
            mask.flags.writeable = False
            self._turn = (mask, LegalMoves(game.legal_vocabulary(state)))
            return self._turn
        key = game.legal_key(state)
        found = self._memo.get(key)
        if found is None:
            mask = np.asarray(game.action_mask(state, player), dtype=np.int8)
            mask.flags.writeable = False
            found = (mask, LegalMoves(game.legal_vocabulary(state)))
            if len(self._memo) >= TURN_TABLE_SIZE:
                self._memo.clear()
            self._memo[key] = found
        self._turn = found
        return found

    def step(self, reply: str) -> StepResult:
        """Plays the reply of the player to move; an invalid one costs what the policy says.

        Raises:
            GameOverError: the match is already over.
        """
        if self.outcome is not None:
            raise GameOverError("the game is over; start a new session or reset the environment")
        game, state = self.game, self.state
        player = self._player if self._seen is state else self._now()
        text = bare = None
        if isinstance(reply, str):
            bare = _bare_box(reply)  # bare_move inlined: the common reply, one regex
            if bare is not None:
                text = bare.group(1).strip()
            if text is None or text.endswith("."):
                text = _find_move_in_full(reply)[0]
                if text is None and game.move_optional:
                    text = game.pass_move
        move: Any
        if text is None:
            move = Illegal("no move found; put your move in \\boxed{}", True)
        elif not text:
            move = Illegal("the move is empty", True)
        else:
            move = game.parse_move(state, text)
        if isinstance(move, Illegal):
            return self._invalid(player, move.reason)
        # a bare box says nothing besides its move: talk_of would return ""
        talk = talk_of(reply) if bare is None and game.has_talk else ""
        shown = self._apply(player, move, talk)
        return StepResult(player, True, shown, "", self.outcome is not None, self.outcome)

    def play_bare(self, reply: str) -> bool:
        """Plays ``reply`` when it is just ``\\boxed{move}`` of a legal move and returns True;
        for any other reply changes nothing and returns False (:meth:`step` then reads it
        and says what is wrong). The environments' fast path for the common reply: the same
        updates as :meth:`step`, without building a :class:`StepResult`."""
        if self.outcome is not None:
            return False
        bare = _bare_box(reply)
        if bare is None:
            return False
        text = bare.group(1).strip()
        if not text or text.endswith("."):
            return False
        state = self.state
        move = self.game.parse_move(state, text)
        if isinstance(move, Illegal):
            return False
        self._apply(self._player if self._seen is state else self._now(), move, "")
        return True

    def _apply(self, player: int, move: Any, talk: str) -> str:
        """Plays ``player``'s valid ``move``; returns it as the log shows it."""
        game = self.game
        self.state = state = game.apply(self.state, move, talk)
        shown = game.format_move(move)
        self.log.append((player, shown))
        self.strikes = 0
        self.feedback = ""
        if game.is_terminal(state):
            self.outcome = game.outcome(state)
        else:
            self._player = game.current_player(state)
            self._seen, self._turn = state, None
        return shown

    def _invalid(self, player: int, reason: str) -> StepResult:
        self.strikes += 1
        if self.strikes > self.invalid.retries:
            returns = [0.0, 0.0]
            returns[player] = self.invalid.penalty
            returns[1 - player] = self.invalid.opponent_reward
            self.outcome = Outcome(
                (returns[0], returns[1]),
                1 - player,
                f"Player {player} made an invalid move ({reason})",
                invalid_move=True,
                offender=player,
            )
            self.feedback = ""
            return StepResult(player, False, None, reason, True, self.outcome)
        left = self.invalid.retries - self.strikes + 1
        self.feedback = (
            f"Your last reply was invalid: {reason}. Try again "
            f"({left} {'try' if left == 1 else 'tries'} left before you forfeit)."
        )
        return StepResult(player, False, None, reason, False)


class MoveText(AnyText):
    """A text action space whose ``sample`` also accepts an action mask over a move vocabulary.

    PettingZoo's ``api_test`` samples ``action_space.sample(observation["action_mask"])``;
    with such a mask this returns a legal move as a reply (``\\boxed{move}``). Any other
    mask is Gymnasium's character mask.
    """

    def __init__(
        self, vocabulary: tuple[str, ...], max_length: int = MAX_TEXT, seed: int | None = None
    ) -> None:
        super().__init__(max_length, seed=seed)
        self.vocabulary = tuple(vocabulary)

    def sample(self, mask: Any = None, probability: Any = None) -> str:
        if isinstance(mask, np.ndarray) and mask.shape == (len(self.vocabulary),):
            legal = np.flatnonzero(mask)
            if len(legal) == 0:
                return ""
            return f"\\boxed{{{self.vocabulary[int(self.np_random.choice(legal))]}}}"
        return super().sample(mask, probability)


def text_space() -> AnyText:
    """Returns the observation text space (any characters, up to :data:`MAX_TEXT`)."""
    return AnyText(MAX_TEXT)


class GameGymEnv(gymnasium.Env[str, str]):
    """A game as a single-agent Gymnasium environment: a fixed opponent takes the other seat.

    Args:
        game: the game name (``kuhn_poker``, ``tictactoe``, ``simple_negotiation``).
        opponent: a name (``random``, ``strong``, the game's strong name such as ``nash``), a
            strength 1–10, or any policy callable (see :mod:`taskgen.envs.opponents`).
        seat: the learner's player index, 0 or 1; None draws it at every reset.
        difficulty: when given, the opponent strength 1–10 (overrides ``opponent``).
        invalid: the :class:`InvalidMovePolicy` (or ``"textarena"``, ``"spiral"``, ``"strict"``).
        render_mode: ``"ansi"`` (``render`` returns the learner's view) or ``"human"``.
        **config: the game's own options (``num_hands=3``, ``max_turns=6``, ...).

    ``step(reply)`` returns reward 0 until the game ends, then the learner's return. An
    invalid reply with retries left returns the same position with the reason shown.
    ``info`` holds ``legal_moves``, ``action_mask``, ``seat``, ``valid`` and, at the end,
    ``outcome`` (with ``invalid_move``).
    """

    metadata = {"render_modes": ["ansi", "human"], "render_fps": 1}  # noqa: RUF012

    def __init__(
        self,
        game: str = "kuhn_poker",
        opponent: str | int | Policy = "strong",
        seat: int | None = 0,
        difficulty: int | None = None,
        invalid: InvalidMovePolicy | str | None = None,
        render_mode: str | None = None,
        **config: Any,
    ) -> None:
        self.game = get_game(game, **config)
        if seat not in (0, 1, None):
            raise InvalidParamsError(f"seat must be 0, 1 or None, got {seat!r}")
        if render_mode not in (None, *self.metadata["render_modes"]):
            raise InvalidParamsError(f"render_mode must be ansi or human, got {render_mode!r}")
        self.opponent_spec: str | int | Policy = opponent if difficulty is None else difficulty
        make_opponent(self.opponent_spec, self.game.name)  # fail early on a bad name
        self.seat = seat
        self.invalid = InvalidMovePolicy.named(invalid)
        self.render_mode = render_mode
        self.observation_space = text_space()
        self.action_space = MoveText(self.game.vocabulary)
        self.session: GameSession | None = None
        self.learner = 0 if seat is None else seat

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[str, dict[str, Any]]:
        super().reset(seed=seed)
        rng = random.Random(int(self.np_random.integers(2**63 - 1)))
        self.session = GameSession(self.game, rng=rng, invalid=self.invalid)
        self.learner = self.seat if self.seat is not None else rng.randrange(2)
        self.opponent = make_opponent(self.opponent_spec, self.game.name, rng.getrandbits(63))
        self._let_opponent_play()
        return self.session.observation(self.learner), self._info(None)

    def step(self, action: str) -> tuple[str, float, bool, bool, dict[str, Any]]:
        session = self._session()
        result = session.step(str(action))
        self._let_opponent_play()
        reward = 0.0
        if session.outcome is not None:
            reward = float(session.outcome.returns[self.learner])
        if self.render_mode == "human":
            self.render()
        return session.observation(self.learner), reward, session.done, False, self._info(result)

    def render(self) -> str | None:
        """Returns (``ansi``) or prints (``human``) the learner's current view."""
        if self.session is None or self.render_mode is None:
            return None
        view = str(self.session.observation(self.learner))
        if self.render_mode == "human":
            print(view)
            return None
        return view

    def _session(self) -> GameSession:
        if self.session is None:
            raise gymnasium.error.ResetNeeded("call reset() before step()")
        return self.session

    def _let_opponent_play(self) -> None:
        session = self._session()
        other = 1 - self.learner
        while not session.done and session.current_player == other:
            reply = self.opponent([(session.observation(other), other, self.game.name)])[0]
            session.step(reply)

    def _info(self, result: StepResult | None) -> dict[str, Any]:
        session = self._session()
        info: dict[str, Any] = {
            "game": self.game.name,
            "seat": self.learner,
            "legal_moves": session.legal_moves() if session.current_player == self.learner else [],
            "action_mask": session.action_mask(self.learner),
        }
        if result is not None:
            info["valid"] = result.valid
            info["reason"] = result.reason
        if session.outcome is not None:
            info["outcome"] = session.outcome.to_dict()
        return info


def env_id(game: str) -> str:
    """Returns the Gymnasium id of a game.

    >>> env_id("kuhn_poker")
    'taskgen/kuhn_poker-v0'
    """
    return f"{NAMESPACE}/{game}-v{ENV_VERSION}"


def register_game_envs() -> list[str]:
    """Registers ``taskgen/<game>-v0`` for every game (string entry points); returns new ids.

    Safe to call again: ids already registered are left alone.
    """
    added = []
    for game in sorted(GAMES):
        name = env_id(game)
        if name not in gymnasium.registry:
            gymnasium.register(
                id=name, entry_point="taskgen.envs.games:GameGymEnv", kwargs={"game": game}
            )
            added.append(name)
    return added


def aec_env(game: str = "kuhn_poker", **kwargs: Any) -> Any:
    """Returns the PettingZoo AEC environment of ``game`` (imports PettingZoo now).

    Keyword arguments are those of ``GameAECEnv``: ``invalid``, ``render_mode`` and the
    game's options.
    """
    from taskgen.envs._game_aec import GameAECEnv

    return GameAECEnv(game, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "GameAECEnv":  # imported on first use, so importing taskgen skips PettingZoo
        from taskgen.envs._game_aec import GameAECEnv

        return GameAECEnv
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


register_game_envs()
