"""Any TextArena game through taskgen's PettingZoo interface (optional extra ``textarena``).

``pip install 'taskgen[textarena]'``, then::

    from taskgen.envs.textarena_adapter import textarena_env
    env = textarena_env("TicTacToe-v0")          # a PettingZoo AEC environment
    env.reset(seed=0)
    for agent in env.agent_iter():
        observation, reward, terminated, truncated, info = env.last()
        env.step(None if terminated or truncated else my_policy(observation["text"]))

The environment has the same shape as taskgen's own games (:mod:`taskgen.envs.games`):
agents ``player_0`` … , observations ``{"text": str, "action_mask": int8 array of one 1}``
(TextArena has no finite move vocabulary, so the mask only says "a free-text reply is
expected"), actions are reply texts, and at the end ``infos[agent]["outcome"]`` says who won
and whether the game ended by an invalid move. So our opponents' protocol, self-play and
curricula work with the whole TextArena catalogue.

Differences from using TextArena directly:

* **RNG isolation.** TextArena seeds and draws from the global ``random`` module. The
  adapter swaps in a private generator state around every call into TextArena and restores
  the caller's afterwards, so the global generator is left as it was and two adapters do not
  disturb each other.
* **Fresh game per reset.** TextArena's observation wrapper keeps history across resets, so
  ``reset`` makes a new TextArena environment each time.
* **Invalid moves** follow TextArena's own rule (``error_allowance``, usually one retry, the
  reason shown); with ``invalid=InvalidMovePolicy(...)`` the final rewards of a game lost by
  an invalid move become that policy's ``penalty`` / ``opponent_reward``.

Games that call the network (OpenRouter judges, ``nltk`` downloads) still do so; Kuhn Poker,
TicTacToe, Simple Negotiation, ConnectFour and other pure-Python games need none.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from taskgen.core.errors import InvalidParamsError, TaskgenError
from taskgen.envs.games import InvalidMovePolicy, text_space
from taskgen.envs.spaces import AnyText

T = TypeVar("T")
INSTALL_HINT = "TextArena is not installed; install the extra: pip install 'taskgen[textarena]'"


class MissingExtraError(TaskgenError, ImportError):
    """Raised when an optional extra (here ``textarena``) is needed but not installed."""


def import_textarena() -> Any:
    """Returns the ``textarena`` module, or raises :class:`MissingExtraError` with the fix."""
    try:
        import textarena
    except ImportError as exc:
        raise MissingExtraError(INSTALL_HINT) from exc
    return textarena


class ReplyText(AnyText):
    """The adapter's action space: free text; ``sample`` ignores an action mask."""

    def sample(self, mask: Any = None, probability: Any = None) -> str:
        if isinstance(mask, np.ndarray):
            mask = None
        return super().sample(mask, probability)


def textarena_env(env_id: str, **kwargs: Any) -> Any:
    """Returns the PettingZoo AEC environment of TextArena game ``env_id`` (e.g. "KuhnPoker-v0").

    Keyword arguments are those of ``TextArenaAECEnv``: ``num_players`` (2),
    ``invalid``, ``render_mode``.

    Raises:
        MissingExtraError: TextArena is not installed.
    """
    import_textarena()
    from taskgen.envs._textarena_aec import TextArenaAECEnv

    return TextArenaAECEnv(env_id, **kwargs)


class PrivateRandom:
    """Runs callables with the global ``random`` module holding a private state.

    >>> private = PrivateRandom(0)
    >>> outside = random.getstate()
    >>> first = private.run(random.random)
    >>> random.getstate() == outside and first == random.Random(0).random()
    True
    """

    def __init__(self, seed: int | None = None) -> None:
        self.state = random.Random(seed).getstate()

    def run(self, function: Callable[..., T], *args: Any) -> T:
        """Calls ``function(*args)`` with the private state swapped in, then swaps it out."""
        outside = random.getstate()
        random.setstate(self.state)
        try:
            return function(*args)
        finally:
            self.state = random.getstate()
            random.setstate(outside)


def check_players(num_players: int) -> int:
    """Returns ``num_players`` if it is at least 1, else raises."""
    if isinstance(num_players, bool) or not isinstance(num_players, int) or num_players < 1:
        raise InvalidParamsError(f"num_players must be a positive integer, got {num_players!r}")
    return num_players


__all__ = [
    "INSTALL_HINT",
    "InvalidMovePolicy",
    "MissingExtraError",
    "PrivateRandom",
    "ReplyText",
    "check_players",
    "import_textarena",
    "text_space",
    "textarena_env",
]
