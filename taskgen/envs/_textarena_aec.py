"""The PettingZoo AEC environment around a TextArena game (see :mod:`.textarena_adapter`).

Kept apart so that PettingZoo and TextArena load only when such an environment is made.
"""

from __future__ import annotations

import difflib
import random
from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv

from taskgen.core.errors import InvalidParamsError
from taskgen.envs.games import InvalidMovePolicy, text_space
from taskgen.envs.textarena_adapter import (
    PrivateRandom,
    ReplyText,
    check_players,
    import_textarena,
)
from taskgen.tasks.games._base import sanitize

_MASK = np.ones(1, dtype=np.int8)
_MAX_OBSERVATION = 200_000


class TextArenaAECEnv(AECEnv):  # type: ignore[misc]
    """A TextArena game as a PettingZoo AEC environment with taskgen's observation shape."""

    metadata = {  # noqa: RUF012  (PettingZoo's attribute)
        "render_modes": ["ansi", "human"],
        "render_fps": 1,
        "name": "taskgen_textarena_v0",
        "is_parallelizable": False,
    }

    def __init__(
        self,
        env_id: str,
        num_players: int = 2,
        invalid: InvalidMovePolicy | str | None = None,
        render_mode: str | None = None,
    ) -> None:
        super().__init__()
        self.ta = import_textarena()
        known = self.ta.envs.registration.ENV_REGISTRY
        if env_id not in known:
            close = difflib.get_close_matches(str(env_id), list(known), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise InvalidParamsError(f"unknown TextArena game {env_id!r}{hint}")
        if render_mode not in (None, "ansi", "human"):
            raise InvalidParamsError(f"render_mode must be ansi or human, got {render_mode!r}")
        self.env_id = env_id
        self.num_players_requested = check_players(num_players)
        self.invalid = None if invalid is None else InvalidMovePolicy.named(invalid)
        self.render_mode = render_mode
        self.metadata = {**self.metadata, "name": f"textarena_{env_id}"}
        self.possible_agents = [f"player_{i}" for i in range(num_players)]
        self.observation_spaces = {
            agent: spaces.Dict(
                {"text": text_space(), "action_mask": spaces.Box(0, 1, (1,), dtype=np.int8)}
            )
            for agent in self.possible_agents
        }
        self.action_spaces = {agent: ReplyText(_MAX_OBSERVATION) for agent in self.possible_agents}
        self._source = random.Random()
        self._texts: dict[str, str] = {}

    def observation_space(self, agent: str) -> spaces.Space[Any]:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space[Any]:
        return self.action_spaces[agent]

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        if seed is not None:
            self._source = random.Random(seed)
        game_seed = self._source.getrandbits(31)
        self._random = PrivateRandom(game_seed)
        self._env = self._random.run(self.ta.make, self.env_id)
        self._random.run(self._reset_game, game_seed)
        self.agents = list(self.possible_agents)
        self.rewards = dict.fromkeys(self.agents, 0.0)
        self._cumulative_rewards = dict.fromkeys(self.agents, 0.0)
        self.terminations = dict.fromkeys(self.agents, False)
        self.truncations = dict.fromkeys(self.agents, False)
        self.infos: dict[str, dict[str, Any]] = {agent: {} for agent in self.agents}
        self._texts = dict.fromkeys(self.agents, "")
        self._pull_observation()

    def _reset_game(self, seed: int) -> None:
        self._env.reset(num_players=self.num_players_requested, seed=seed)

    def _pull_observation(self) -> None:
        player, text = self._random.run(self._env.get_observation)
        agent = self.possible_agents[int(player)]
        self._texts[agent] = sanitize(str(text), _MAX_OBSERVATION)
        self.agent_selection = agent

    def observe(self, agent: str) -> dict[str, Any]:
        mask = _MASK if agent == self.agent_selection and not self.terminations[agent] else None
        return {
            "text": self._texts.get(agent, ""),
            "action_mask": mask if mask is not None else np.zeros(1, dtype=np.int8),
        }

    def step(self, action: Any) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        reply = "" if action is None else str(action)
        done, _ = self._random.run(self._env.step, reply)
        self.rewards = dict.fromkeys(self.agents, 0.0)
        if done:
            self._finish()
        else:
            self._pull_observation()
        self._accumulate_rewards()
        if self.render_mode == "human":
            self.render()

    def _finish(self) -> None:
        closed = self._random.run(self._env.close)
        rewards, game_info = closed if isinstance(closed, tuple) else (closed, {})
        rewards = rewards or {}
        game_info = game_info or {}
        offenders = [
            int(pid)
            for pid, info in game_info.items()
            if isinstance(info, dict) and info.get("invalid_move")
        ]
        returns = [float(rewards.get(i, 0.0)) for i in range(len(self.possible_agents))]
        offender = offenders[0] if offenders else None
        if offender is not None and self.invalid is not None:
            returns = [self.invalid.opponent_reward] * len(returns)
            returns[offender] = self.invalid.penalty
        best = max(returns)
        winners = [i for i, value in enumerate(returns) if value == best]
        reasons = {
            str(info.get("reason", ""))
            for info in game_info.values()
            if isinstance(info, dict) and info.get("reason")
        }
        outcome = {
            "returns": returns,
            "winner": winners[0] if len(winners) == 1 else None,
            "reason": "; ".join(sorted(reasons))[:500],
            "invalid_move": offender is not None,
            "offender": offender,
        }
        for index, name in enumerate(self.possible_agents):
            self.rewards[name] = returns[index]
            self.terminations[name] = True
            self.infos[name] = {"outcome": outcome}

    def render(self) -> str | None:
        """Returns the view of the player to move (``ansi``), printing it for ``human``."""
        if self.render_mode is None:
            return None
        view = self._texts.get(self.agent_selection, "")
        if self.render_mode == "human":
            print(view)
            return None
        return view

    def close(self) -> None:
        """Nothing to release (each game is closed when it ends)."""
