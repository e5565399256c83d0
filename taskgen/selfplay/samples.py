"""From trajectories to policy-gradient samples (with RAE) and to per-game, per-role metrics.

Every turn a trained role played becomes one sample ``(prompt, response, advantage, role,
game)``: the prompt is the observation the role saw, the response its whole reply (reasoning
and move), the advantage that role's RAE advantage for the game (SPIRAL's gamma = 1: every
turn of a role gets the same value). Ready for a REINFORCE / PPO step in any trainer.

>>> from taskgen.envs.opponents import random_policy
>>> from taskgen.selfplay.rollout import play_games
>>> games = play_games(["kuhn_poker"] * 2, random_policy(seed=0), seed=0)
>>> samples = to_samples(games, RoleBaselines())
>>> sorted({s.role for s in samples}), all(s.game == "kuhn_poker" for s in samples)
([0, 1], True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from taskgen.selfplay.rae import RoleBaselines
from taskgen.selfplay.rollout import Trajectory


@dataclass(frozen=True)
class Sample:
    """One training sample: a turn with its role-conditioned advantage."""

    prompt: str
    response: str
    advantage: float
    role: int
    game: str
    legal: bool = True
    ret: float = 0.0


def to_samples(
    trajectories: Sequence[Trajectory],
    baselines: RoleBaselines | None,
    *,
    drop_zero_advantage: bool = False,
) -> list[Sample]:
    """Returns the samples of every trained role's turns, updating ``baselines`` game by game.

    With ``baselines=None`` the advantage is the return itself (plain REINFORCE, no RAE).
    Trajectories are processed in order, and within a game role 0 before role 1, so the
    result is deterministic. ``drop_zero_advantage`` drops samples whose advantage is exactly
    0 (SPIRAL's ``filter_zero_adv``): they carry no gradient.
    """
    samples: list[Sample] = []
    for trajectory in trajectories:
        for role in trajectory.learner_roles:
            ret = trajectory.returns[role]
            advantage = (
                ret if baselines is None else baselines.advantage(trajectory.game, role, ret)
            )
            if drop_zero_advantage and advantage == 0.0:
                continue
            samples.extend(
                Sample(
                    turn.observation, turn.reply, advantage, role, trajectory.game, turn.legal, ret
                )
                for turn in trajectory.turns
                if turn.role == role and turn.learner
            )
    return samples


def metrics(trajectories: Sequence[Trajectory]) -> dict[str, dict[str, float]]:
    """Returns the learner's rates per ``"game/role"``: win, loss, draw, invalid, length.

    ``invalid`` is the share of games the learner lost by an invalid move; ``length`` the
    mean number of turns of the game; ``games`` how many games the row counts.
    """
    table: dict[str, dict[str, Any]] = {}
    for trajectory in trajectories:
        for role in trajectory.learner_roles:
            row = table.setdefault(
                f"{trajectory.game}/{role}",
                {"games": 0, "win": 0, "loss": 0, "draw": 0, "invalid": 0, "length": 0},
            )
            row["games"] += 1
            winner = trajectory.outcome.winner
            row["win" if winner == role else "draw" if winner is None else "loss"] += 1
            if trajectory.outcome.invalid_move and trajectory.outcome.offender == role:
                row["invalid"] += 1
            row["length"] += len(trajectory.turns)
    return {
        key: {
            "games": float(row["games"]),
            **{name: row[name] / row["games"] for name in ("win", "loss", "draw", "invalid")},
            "length": row["length"] / row["games"],
        }
        for key, row in sorted(table.items())
    }
