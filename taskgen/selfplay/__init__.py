"""Batched self-play on the text games and role-conditioned advantage estimation (RAE).

>>> from taskgen.envs.opponents import random_policy
>>> from taskgen.selfplay import RoleBaselines, metrics, play_games, to_samples
>>> games = play_games(["kuhn_poker", "tictactoe"] * 4, random_policy(seed=1), seed=3)
>>> samples = to_samples(games, RoleBaselines(), drop_zero_advantage=True)
>>> sorted(metrics(games))
['kuhn_poker/0', 'kuhn_poker/1', 'tictactoe/0', 'tictactoe/1']
"""

from taskgen.selfplay.rae import RoleBaselines
from taskgen.selfplay.rollout import DEFAULT_MAX_TURNS, GameSpec, Trajectory, Turn, play_games
from taskgen.selfplay.samples import Sample, metrics, to_samples

__all__ = [
    "DEFAULT_MAX_TURNS",
    "GameSpec",
    "RoleBaselines",
    "Sample",
    "Trajectory",
    "Turn",
    "metrics",
    "play_games",
    "to_samples",
]
