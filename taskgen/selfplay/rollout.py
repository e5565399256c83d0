"""Batched self-play: many games advance in lock-step, one policy call per step.

At every step each unfinished game has exactly one pending observation (the player to move).
The observations are grouped by the policy that controls that seat and each policy is called
once with its whole group, so an LLM server batches them. Policies follow the protocol of
:mod:`taskgen.envs.opponents`: a callable from a list of ``(observation, role, game)`` to a
list of replies. A scripted opponent, a frozen snapshot of the learner and the learner itself
all fit it.

Seating:

* **self-play** (``opponents=None``): the learner holds both seats; both roles are trained.
* **learner vs a pool** (``opponents=[...]``): game ``i`` draws its opponent from the pool
  (seeded) and seats the learner at ``i % 2``, so the learner's seat alternates; only the
  learner's turns are trained (as SPIRAL's fixed-opponent runs).

Games are taskgen's own (``"kuhn_poker"``, ``GameSpec("tictactoe")``) or any two-player
TextArena game through the adapter (``"textarena:ConnectFour-v0"``; needs the ``textarena``
extra). TextArena games have no engine state, so only text-reading policies can play them, and
a turn's ``legal`` is False only for the reply that lost the game by an invalid move.

>>> from taskgen.envs.opponents import random_policy
>>> games = play_games(["tictactoe"] * 4, random_policy(seed=0), seed=0)
>>> [len(t.turns) > 4 for t in games], games[0].learner_roles
([True, True, True, True], (0, 1))
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from taskgen.core.errors import InvalidParamsError
from taskgen.core.seeding import stable_int
from taskgen.envs.games import GameSession, InvalidMovePolicy, StepResult
from taskgen.envs.opponents import Policy, PolicyInput
from taskgen.tasks.games._base import Outcome

DEFAULT_MAX_TURNS = 50
"""Replies after which a game is cut off as a draw (SPIRAL's truncation)."""
TEXTARENA_PREFIX = "textarena:"


@dataclass(frozen=True)
class Turn:
    """One reply in a game: who played, what they saw and said, and whether it was legal."""

    game: str
    role: int
    observation: str
    reply: str
    action: str | None
    legal: bool
    reason: str = ""
    learner: bool = True


@dataclass
class Trajectory:
    """A finished game: every turn, the final zero-sum returns and how it ended."""

    game: str
    seed: int
    turns: list[Turn]
    outcome: Outcome
    learner_roles: tuple[int, ...]
    opponent: str = "self"
    truncated: bool = False

    @property
    def returns(self) -> tuple[float, float]:
        """Each role's final return."""
        return self.outcome.returns


@dataclass(frozen=True)
class GameSpec:
    """A game to play and its engine options (``GameSpec("kuhn_poker", {"num_hands": 1})``)."""

    name: str
    options: Mapping[str, Any] = field(default_factory=dict)


def _spec(game: str | GameSpec) -> GameSpec:
    return game if isinstance(game, GameSpec) else GameSpec(game)


class AECSession:
    """Drives a two-player PettingZoo AEC text game like a :class:`GameSession`.

    Used for TextArena games through :func:`taskgen.envs.textarena_adapter.textarena_env`;
    observations are ``{"text": ..., "action_mask": ...}`` and actions are reply texts.
    """

    def __init__(self, env: Any, seed: int) -> None:
        self.env = env
        self.outcome: Outcome | None = None
        env.reset(seed=seed)

    @property
    def done(self) -> bool:
        """Whether the game is over."""
        return self.outcome is not None

    @property
    def current_player(self) -> int:
        """The index of the agent whose reply is expected."""
        return int(self.env.possible_agents.index(self.env.agent_selection))

    def observation(self) -> str:
        """Returns the text the player to move sees."""
        return str(self.env.observe(self.env.agent_selection)["text"])

    def step(self, reply: str) -> StepResult:
        """Plays a reply; reads the outcome from ``infos`` when the game ends."""
        player = self.current_player
        self.env.step(reply)
        agent = self.env.agent_selection
        if not (self.env.terminations.get(agent) or self.env.truncations.get(agent)):
            return StepResult(player, True, None, "", False)
        info = self.env.infos.get(agent, {}).get("outcome", {})
        returns = tuple(float(r) for r in info.get("returns", (0.0, 0.0)))
        self.outcome = Outcome(
            (returns[0], returns[1]),
            info.get("winner"),
            str(info.get("reason", "game over")),
            bool(info.get("invalid_move", False)),
            info.get("offender"),
        )
        valid = not (self.outcome.invalid_move and self.outcome.offender == player)
        return StepResult(
            player, valid, None, "" if valid else self.outcome.reason, True, self.outcome
        )


def _session(
    spec: GameSpec, seed: int, invalid: InvalidMovePolicy | str | None
) -> GameSession | AECSession:
    if spec.name.startswith(TEXTARENA_PREFIX):
        from taskgen.envs.textarena_adapter import textarena_env

        env = textarena_env(
            spec.name[len(TEXTARENA_PREFIX) :], invalid=invalid, **dict(spec.options)
        )
        return AECSession(env, seed)
    return GameSession(spec.name, seed=seed, invalid=invalid, **dict(spec.options))


@dataclass
class _Live:
    index: int
    spec: GameSpec
    session: GameSession | AECSession
    seats: tuple[int, int]  # which policy (0 = learner, k = pool[k - 1]) plays role 0 / 1
    seed: int
    turns: list[Turn] = field(default_factory=list)


def _policy_name(policy: Policy) -> str:
    return getattr(policy, "name", None) or repr(policy)


def play_games(
    games: Sequence[str | GameSpec],
    learner: Policy,
    *,
    opponents: Sequence[Policy] | None = None,
    seed: int = 0,
    invalid: InvalidMovePolicy | str | None = None,
    max_turns: int = DEFAULT_MAX_TURNS,
) -> list[Trajectory]:
    """Plays ``games`` to the end in lock-step and returns one trajectory per game, in order.

    ``games`` may mix families (``["kuhn_poker", "tictactoe"]``). Game ``i``'s chance comes
    from a stable hash of ``(seed, i)`` and its opponent from a seeded draw, so the same
    arguments and deterministic policies give the same trajectories. ``invalid`` is the
    invalid-move policy (retries, penalties); a game that reaches ``max_turns`` replies ends
    as a draw (``truncated``).
    """
    if max_turns < 1:
        raise InvalidParamsError(f"max_turns must be at least 1, got {max_turns}")
    if opponents is not None and not opponents:
        raise InvalidParamsError("the opponent pool is empty; pass None for pure self-play")
    policies: list[Policy] = [learner, *(opponents or [])]
    picker = random.Random(stable_int("selfplay-opponents", seed))
    live: list[_Live] = []
    for index, game in enumerate(games):
        spec = _spec(game)
        game_seed = stable_int("selfplay-game", spec.name, seed, index)
        session = _session(spec, game_seed, invalid)
        if opponents is None:
            seats = (0, 0)
        else:
            other = 1 + picker.randrange(len(opponents))
            seats = (0, other) if index % 2 == 0 else (other, 0)
        live.append(_Live(index, spec, session, seats, game_seed))

    finished: dict[int, Trajectory] = {}
    pending = list(live)
    while pending:
        groups: dict[int, list[_Live]] = {}
        for item in pending:
            groups.setdefault(item.seats[item.session.current_player], []).append(item)
        for who in sorted(groups):
            members = groups[who]
            batch: list[PolicyInput] = [
                (m.session.observation(), m.session.current_player, m.spec.name) for m in members
            ]
            replies = policies[who](batch)
            if len(replies) != len(batch):
                raise InvalidParamsError(
                    f"policy {_policy_name(policies[who])} returned {len(replies)} replies "
                    f"for {len(batch)} observations"
                )
            for member, (observation, role, name), reply in zip(
                members, batch, replies, strict=True
            ):
                result = member.session.step(reply if isinstance(reply, str) else "")
                member.turns.append(
                    Turn(
                        name,
                        role,
                        str(observation),
                        reply,
                        result.move,
                        result.valid,
                        result.reason,
                        learner=who == 0,
                    )
                )
        still: list[_Live] = []
        for item in pending:
            if item.session.done or len(item.turns) >= max_turns:
                finished[item.index] = _finish(item, opponents, policies)
            else:
                still.append(item)
        pending = still
    return [finished[index] for index in range(len(live))]


def _finish(item: _Live, opponents: Sequence[Policy] | None, policies: list[Policy]) -> Trajectory:
    outcome = item.session.outcome
    truncated = outcome is None
    if outcome is None:
        outcome = Outcome((0.0, 0.0), None, f"cut off after {len(item.turns)} turns (draw)")
    learner_roles = tuple(role for role in (0, 1) if item.seats[role] == 0)
    opponent = "self"
    if opponents is not None:
        opponent = _policy_name(policies[max(item.seats)])
    return Trajectory(
        item.spec.name, item.seed, item.turns, outcome, learner_roles, opponent, truncated
    )
