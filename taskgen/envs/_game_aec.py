"""The PettingZoo AEC environment of a text game (kept apart so PettingZoo loads lazily).

Use :func:`taskgen.envs.games.aec_env`; the contract is described in
:mod:`taskgen.envs.games`.
"""

from __future__ import annotations

import _random
import random
from collections.abc import Iterator
from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv
from pettingzoo.utils.env import AECIterable

from taskgen.core.errors import InvalidParamsError
from taskgen.envs.games import (
    PLAYERS,
    GameSession,
    InvalidMovePolicy,
    MoveText,
    StepResult,
    text_space,
)
from taskgen.tasks.games import get_game
from taskgen.tasks.games._base import Observation

_SEATS = {agent: index for index, agent in enumerate(PLAYERS)}
_new_str = str.__new__
_seed = _random.Random.seed
"""The C seeding that ``random.Random(n)`` runs for an integer ``n`` (its Python wrapper costs
as much again)."""
_NO_DRAWS = random.Random(0)
"""Handed to the engines whose first state draws nothing (``Game.draws_at_start`` False), so
a reset seeds one generator, not two (seeding is most of a reset's time)."""


class _AgentCycle(AECIterable):  # type: ignore[misc]
    """PettingZoo's ``AECIterable`` whose iterator is a generator (a cheaper ``next``): each
    ``iter()`` starts afresh with ``max_iter`` turns, as PettingZoo's does."""

    def __iter__(self) -> Iterator[str]:
        env, left = self.env, self.max_iter
        while env.agents and left > 0:
            left -= 1
            yield env.agent_selection


class GameAECEnv(AECEnv):  # type: ignore[misc]
    """A two-player text game as a PettingZoo AEC environment.

    Observations are ``{"text": str, "action_mask": int8 array}`` (the mask covers the
    game's vocabulary, all zeros for a player not to move); actions are reply texts. At the
    end both players get their return; ``infos[agent]["outcome"]`` says how the game ended
    and whether by an invalid move. ``infos[agent]`` also holds ``legal_moves`` of the
    player to move, and after an invalid reply with retries left, ``reason``.

    The action mask and the legal moves are read-only and shared by every turn with the same
    legal moves (a read-only NumPy array and a :class:`~taskgen.envs.games.LegalMoves`
    list): keep them as they are, or copy them (``mask.copy()``, ``list(moves)``) to edit.
    """

    metadata = {  # noqa: RUF012  (PettingZoo's attribute)
        "render_modes": ["ansi", "human"],
        "render_fps": 1,
        "name": "taskgen_game_v0",
        "is_parallelizable": False,
    }

    _skip_agent_selection: str | None  # PettingZoo's, set by the first dead step

    def __init__(
        self,
        game: str = "kuhn_poker",
        invalid: InvalidMovePolicy | str | None = None,
        render_mode: str | None = None,
        **config: Any,
    ) -> None:
        super().__init__()
        self.game = get_game(game, **config)
        self.invalid = InvalidMovePolicy.named(invalid)
        if render_mode not in (None, "ansi", "human"):
            raise InvalidParamsError(f"render_mode must be ansi or human, got {render_mode!r}")
        self.render_mode = render_mode
        self.metadata = {**self.metadata, "name": f"taskgen_{self.game.name}_v0"}
        self.possible_agents = list(PLAYERS)
        size = len(self.game.vocabulary)
        self.observation_spaces = {
            agent: spaces.Dict(
                {
                    "text": text_space(),
                    "action_mask": spaces.Box(0, 1, (size,), dtype=np.int8),
                }
            )
            for agent in PLAYERS
        }
        self.action_spaces = {agent: MoveText(self.game.vocabulary) for agent in PLAYERS}
        self._no_moves = np.zeros(size, dtype=np.int8)
        """The mask of a player not to move (read-only, like every mask this returns)."""
        self._no_moves.flags.writeable = False
        self._source = random.Random()
        self._rng = random.Random(0)
        """The generator of each match's first state, seeded anew at every reset."""
        self.session = GameSession(self.game, rng=random.Random(0), invalid=self.invalid)

    def observation_space(self, agent: str) -> spaces.Space[Any]:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space[Any]:
        return self.action_spaces[agent]

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        if seed is not None:
            if type(seed) is int:  # what random.Random(seed) does, on the generator we have
                _seed(self._source, seed)
                self._source.gauss_next = None  # type: ignore[attr-defined]
            else:
                self._source = random.Random(seed)
        bits = self._source.getrandbits(63)  # drawn always: the next reset's stream
        rng = _NO_DRAWS
        if self.game.draws_at_start:  # random.Random(bits), without a new generator
            rng = self._rng
            _seed(rng, bits)
            rng.gauss_next = None  # type: ignore[attr-defined]
        self.session = session = GameSession(self.game, rng=rng, invalid=self.invalid)
        self.agents = ["player_0", "player_1"]  # PLAYERS, in order
        self.rewards = {"player_0": 0.0, "player_1": 0.0}
        self._cumulative_rewards = {"player_0": 0.0, "player_1": 0.0}
        self.terminations = {"player_0": False, "player_1": False}
        self.truncations = {"player_0": False, "player_1": False}
        current = session.current_player
        self.agent_selection = PLAYERS[current]
        legal = session._current()[1]  # a new session has no outcome: the match goes on
        self.infos: dict[str, dict[str, Any]] = {
            "player_0": {"legal_moves": legal if current == 0 else []},
            "player_1": {"legal_moves": legal if current == 1 else []},
        }

    def agent_iter(self, max_iter: int = 2**63) -> _AgentCycle:
        """Yields the agent to move until every agent is done (PettingZoo's ``agent_iter``)."""
        return _AgentCycle(self, max_iter)

    def observe(self, agent: str) -> dict[str, Any]:
        try:
            player = _SEATS[agent]
        except (KeyError, TypeError):
            player = PLAYERS.index(agent)  # raises ValueError, as it always did
        # session.observation(player) and session.action_mask(player), inlined: one call
        session = self.session
        state = session.state
        current = session._player if session._seen is state else session._now()
        feedback, outcome, last = session.feedback, session.outcome, session._last_view
        text: Observation
        if last[0] is state and last[1] is feedback and last[2] is outcome and last[3] is player:
            text = last[4]  # small ints are shared objects: 0 and 1 compare by identity
        else:
            game = session.game
            view = game.observation(state, player, feedback if player == current else "")
            if outcome is not None and outcome.invalid_move:
                view += f"The game is over: {outcome.reason}.\n"
            text = _new_str(Observation, view)  # Observation.of, inlined
            text.__dict__ = {"state": state, "player": player, "game": game}
            session._last_view = (state, feedback, outcome, player, text)
        if outcome is None and player == current:
            turn = session._turn
            if turn is None:
                turn = session._current()
            return {"text": text, "action_mask": turn[0]}
        return {"text": text, "action_mask": self._no_moves}

    def last(
        self, observe: bool = True
    ) -> tuple[dict[str, Any] | None, float, bool, bool, dict[str, Any]]:
        """Returns the observation, cumulative reward, termination, truncation and info of the
        agent to move (PettingZoo's ``last``, without its per-call indirections)."""
        agent = self.agent_selection
        return (
            self.observe(agent) if observe else None,
            self._cumulative_rewards[agent],
            self.terminations[agent],
            self.truncations[agent],
            self.infos[agent],
        )

    def step(self, action: Any) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        session = self.session
        valid, offender, reason = True, 0, ""
        if type(action) is not str or not session.play_bare(action):
            reply = "" if action is None else action if type(action) is str else str(action)
            result = session.step(reply)
            valid, offender, reason = result.valid, result.player, result.reason
        outcome = session.outcome
        if outcome is None:
            # the match goes on: both agents are here and every reward is 0.0, so the
            # cumulative rewards stay as they are (what PettingZoo's accumulation gives)
            self.rewards = {"player_0": 0.0, "player_1": 0.0}
            current = session._player  # session.current_player: step saw the new state
            self.agent_selection = PLAYERS[current]
            turn = session._turn
            if turn is None or session._seen is not session.state:
                turn = session._current()
            legal = turn[1]  # the match goes on: the turn's (read-only) legal moves
            infos = self.infos
            infos["player_0"] = {"legal_moves": legal if current == 0 else []}
            infos["player_1"] = {"legal_moves": legal if current == 1 else []}
            if not valid:
                infos[PLAYERS[offender]]["reason"] = reason
        else:
            # the match ends with both agents here (they leave only by dead steps after it):
            # what setting every reward, _refresh_infos and _accumulate_rewards give
            first, second = outcome.returns
            self.rewards = {"player_0": float(first), "player_1": float(second)}
            terminations, cumulative = self.terminations, self._cumulative_rewards
            terminations["player_0"] = terminations["player_1"] = True
            cumulative["player_0"] += float(first)
            cumulative["player_1"] += float(second)
            infos = self.infos
            infos["player_0"] = {"legal_moves": []}
            infos["player_1"] = {"legal_moves": []}
            if not valid:
                infos[PLAYERS[offender]]["reason"] = reason
            infos["player_0"]["outcome"] = outcome.to_dict()
            infos["player_1"]["outcome"] = outcome.to_dict()
        if self.render_mode == "human":
            self.render()

    def _was_dead_step(self, action: Any) -> None:
        """PettingZoo's ``_was_dead_step`` for this environment's two agents, without its
        list building: removes the finished agent to move and selects the next one."""
        if action is not None:
            raise ValueError("when an agent is dead, the only valid action is None")
        agent = self.agent_selection
        del self.terminations[agent]
        del self.truncations[agent]
        del self.rewards[agent]
        del self._cumulative_rewards[agent]
        del self.infos[agent]
        agents = self.agents
        agents.remove(agent)
        terminations, truncations = self.terminations, self.truncations
        for other in agents:  # the first agent still to remove, if any (PettingZoo's order)
            if terminations[other] or truncations[other]:
                if getattr(self, "_skip_agent_selection", None) is None:
                    self._skip_agent_selection = agent
                self.agent_selection = other
                break
        else:
            skipped = getattr(self, "_skip_agent_selection", None)
            if skipped is not None:
                self.agent_selection = skipped
            self._skip_agent_selection = None
        rewards = self.rewards
        for other in rewards:  # PettingZoo's _clear_rewards (an int 0, as there)
            rewards[other] = 0

    def _refresh_infos(self, result: StepResult | None) -> None:
        session = self.session
        outcome = session.outcome
        infos = self.infos
        if outcome is None:
            current = session.current_player
            for index, name in enumerate(self.agents):
                infos[name] = {"legal_moves": session.legal_moves() if current == index else []}
        else:
            for name in self.agents:
                infos[name] = {"legal_moves": []}
        if result is not None and not result.valid and result.player < len(self.agents):
            infos[self.agents[result.player]]["reason"] = result.reason
        if outcome is not None:
            for name in self.agents:
                infos[name]["outcome"] = outcome.to_dict()

    def render(self) -> str | None:
        """Returns the view of the player to move (``ansi``), printing it for ``human``."""
        if self.render_mode is None:
            return None
        player = PLAYERS.index(self.agent_selection) if self.agents else 0
        view = str(self.session.observation(player))
        if self.render_mode == "human":
            print(view)
            return None
        return view

    def close(self) -> None:
        """Nothing to release."""
