"""Scripted opponents for the text games, in the policy protocol self-play uses.

A **policy** is a callable from a batch of ``(observation, role, game)`` triples to a batch of
replies (one text per triple): ``role`` is the player index (0 or 1) and ``game`` the game's
name. Language-model policies read the observation as text; scripted ones read the game state
it carries (:class:`~taskgen.tasks.games._base.Observation`), so they never parse text.

========================  ==========================================================
name                      policy
========================  ==========================================================
``random``                a uniformly random legal move (strength 1)
``strong``                the game's strong policy (strength 10): ``nash`` for Kuhn
                          Poker, ``minimax`` for TicTacToe, ``negotiator`` for
                          Simple Negotiation (each name also works for its game)
``1`` … ``10``            strength: the strong move with probability (s − 1) / 9,
                          else a random one; the difficulty in single-agent mode
========================  ==========================================================

>>> from taskgen.envs.games import GameSession
>>> session = GameSession("tictactoe", seed=0)
>>> policy = make_opponent("minimax", "tictactoe", seed=0)
>>> policy([(session.observation(), 0, "tictactoe")])[0].startswith("\\\\boxed{")
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from taskgen.core.errors import InvalidParamsError
from taskgen.tasks.games import GAMES
from taskgen.tasks.games._base import MAX_STRENGTH, Observation

PolicyInput = tuple[str, int, str]
"""(observation, role, game name)."""
Policy = Callable[[Sequence[PolicyInput]], list[str]]
"""A batch of (observation, role, game) to a batch of replies."""

STRONG_NAMES: dict[str, str] = {
    "kuhn_poker": "nash",
    "tictactoe": "minimax",
    "simple_negotiation": "negotiator",
}
"""The name of each game's strong policy."""


class ScriptedPolicy:
    """Plays the strong move with probability ``(strength - 1) / 9``, else a random legal one.

    Strength 1 is the random player, 10 the strong one. Draws only from its own generator.
    """

    def __init__(self, strength: int = MAX_STRENGTH, seed: int | None = None) -> None:
        if isinstance(strength, bool) or not isinstance(strength, int):
            raise InvalidParamsError(f"strength must be an integer 1–10, got {strength!r}")
        if not 1 <= strength <= MAX_STRENGTH:
            raise InvalidParamsError(f"strength must be 1–10, got {strength}")
        self.strength = strength
        self.rng = random.Random(seed)

    def __call__(self, batch: Sequence[PolicyInput]) -> list[str]:
        replies = []
        for observation, _role, _game in batch:
            if not isinstance(observation, Observation):
                raise TypeError(
                    "scripted policies read the game state from taskgen Observation objects; "
                    f"got {type(observation).__name__}"
                )
            game = observation.game
            if self.strength == 1:  # the random player needs no strength draw
                move = game.random_move(observation.state, self.rng)
            else:
                move = game.mixed_move(observation.state, self.strength, self.rng)
            replies.append(f"\\boxed{{{game.format_move(move)}}}")
        return replies

    def __repr__(self) -> str:
        return f"ScriptedPolicy(strength={self.strength})"


def random_policy(seed: int | None = None) -> ScriptedPolicy:
    """Returns the uniformly random legal player."""
    return ScriptedPolicy(1, seed)


def strong_policy(seed: int | None = None) -> ScriptedPolicy:
    """Returns the strong player of whatever game it is asked to play."""
    return ScriptedPolicy(MAX_STRENGTH, seed)


def opponent_strength(spec: str | int, game: str) -> int:
    """Returns the strength an opponent name stands for in ``game``.

    >>> opponent_strength("nash", "kuhn_poker"), opponent_strength("random", "tictactoe")
    (10, 1)

    Raises:
        InvalidParamsError: an unknown name, or a strong name of another game.
    """
    if isinstance(spec, int) and not isinstance(spec, bool):
        if not 1 <= spec <= MAX_STRENGTH:
            raise InvalidParamsError(f"opponent strength must be 1–10, got {spec}")
        return spec
    text = str(spec).strip().lower()
    if text.isdigit():
        return opponent_strength(int(text), game)
    if text == "random":
        return 1
    if text == "strong" or text == STRONG_NAMES.get(game):
        return MAX_STRENGTH
    if game not in GAMES:
        raise InvalidParamsError(f"unknown game {game!r}; games: {', '.join(sorted(GAMES))}")
    known = f"random, strong, {STRONG_NAMES[game]}, or a strength 1-10"
    raise InvalidParamsError(f"unknown opponent {spec!r} for {game}; use {known}")


def make_opponent(spec: str | int | Policy, game: str, seed: int | None = None) -> Policy:
    """Returns the policy ``spec`` names for ``game`` (a callable is returned as it is).

    Raises:
        InvalidParamsError: ``spec`` names no opponent of ``game``.
    """
    if callable(spec):
        return spec
    return ScriptedPolicy(opponent_strength(spec, game), seed)
