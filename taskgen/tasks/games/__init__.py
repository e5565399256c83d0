"""Two-player zero-sum text games: pure rules engines, each also a taskgen family.

=====================  ===========================  ==========================================
family                 engine                       strong policy
=====================  ===========================  ==========================================
``kuhn_poker``         :class:`KuhnPoker`           Nash equilibrium (bluff parameter 1/6)
``tictactoe``          :class:`TicTacToe`           perfect minimax
``simple_negotiation`` :class:`SimpleNegotiation`   value-aware negotiator
=====================  ===========================  ==========================================

:func:`get_game` builds an engine by name; the environments live in :mod:`taskgen.envs.games`.
:func:`read_move` is the one move reader of the environments and of ``taskgen.verify``
(:func:`extract_move`).
"""

from __future__ import annotations

from typing import Any

from taskgen.core.errors import UnknownFamilyError
from taskgen.tasks.games._base import Game, Illegal, Outcome, extract_move, read_move
from taskgen.tasks.games.kuhn_poker import KuhnPoker
from taskgen.tasks.games.simple_negotiation import SimpleNegotiation
from taskgen.tasks.games.tictactoe import TicTacToe

GAMES: dict[str, type[Game[Any, Any]]] = {
    "kuhn_poker": KuhnPoker,
    "simple_negotiation": SimpleNegotiation,
    "tictactoe": TicTacToe,
}
"""Every built-in game engine by name."""


def get_game(name: str, **config: Any) -> Game[Any, Any]:
    """Returns the engine ``name`` configured by ``config`` (e.g. ``num_hands=3``).

    >>> get_game("kuhn_poker", num_hands=3).num_hands
    3

    Raises:
        UnknownFamilyError: ``name`` is not a game; the message lists the games.
        InvalidParamsError: a config value is out of range.
    """
    try:
        cls = GAMES[name]
    except (KeyError, TypeError):
        raise UnknownFamilyError(
            f"unknown game {name!r}; games: {', '.join(sorted(GAMES))}"
        ) from None
    return cls(**config)


__all__ = [
    "GAMES",
    "Game",
    "Illegal",
    "KuhnPoker",
    "Outcome",
    "SimpleNegotiation",
    "TicTacToe",
    "extract_move",
    "get_game",
    "read_move",
]
