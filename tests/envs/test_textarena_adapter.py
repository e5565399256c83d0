"""The TextArena adapter: TextArena games through taskgen's PettingZoo interface.

TextArena is an optional extra that the ``dev`` extra installs, so these tests run (and fail
on a missing or broken install) wherever the README's test command is used.
"""

from __future__ import annotations

import random
import re
import sys
import warnings
from typing import Any

import pytest

from taskgen.envs.games import InvalidMovePolicy
from taskgen.envs.textarena_adapter import MissingExtraError, import_textarena, textarena_env

GAMES = ["TicTacToe-v0", "KuhnPoker-v0-short", "SimpleNegotiation-v0"]


def _require_textarena() -> None:
    import_textarena()  # installed by the dev extra: fails loudly when missing


def test_missing_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textarena", None)  # makes "import textarena" fail
    with pytest.raises(MissingExtraError, match=r"pip install 'taskgen\[textarena\]'"):
        textarena_env("TicTacToe-v0")


@pytest.mark.parametrize("game", GAMES)
def test_api_test_passes_and_global_random_is_untouched(game: str) -> None:
    _require_textarena()
    from pettingzoo.test import api_test

    before = random.getstate()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api_test(textarena_env(game), num_cycles=30)
    assert random.getstate() == before


def _first_listed_move(text: str) -> str:
    listed = re.findall(r"'(\[\d+\])'", text.rsplit("Available Moves:", 1)[-1])
    return listed[0]


def test_full_tictactoe_game_with_legal_replies() -> None:
    _require_textarena()
    env = textarena_env("TicTacToe-v0")
    env.reset(seed=0)
    last: dict[str, Any] = {}
    for _agent in env.agent_iter():
        observation, _, terminated, truncated, info = env.last()
        if terminated or truncated:
            last = info
            env.step(None)
            continue
        env.step(f"I choose {_first_listed_move(observation['text'])}")
    outcome = last["outcome"]
    assert outcome["invalid_move"] is False
    assert sorted(outcome["returns"]) in ([-1.0, 1.0], [0.0, 0.0])


def test_invalid_moves_end_the_game_with_our_penalty() -> None:
    _require_textarena()
    env = textarena_env("TicTacToe-v0", invalid=InvalidMovePolicy.spiral())
    env.reset(seed=1)
    first = env.agent_selection
    env.step("no move here")
    assert not env.terminations[first]  # TextArena allows one retry
    assert env.agent_selection == first
    env.step("still nothing")
    assert all(env.terminations.values())
    outcome = env.infos[first]["outcome"]
    assert outcome["invalid_move"] is True and outcome["offender"] == int(first[-1])
    assert env.rewards[first] == -1.5


def test_reset_seed_is_deterministic() -> None:
    _require_textarena()
    env = textarena_env("SimpleNegotiation-v0")
    env.reset(seed=5)
    first = env.observe(env.agent_selection)["text"]
    env.reset(seed=5)
    assert env.observe(env.agent_selection)["text"] == first


def test_unknown_game_suggests_names() -> None:
    _require_textarena()
    with pytest.raises(ValueError, match="did you mean"):
        textarena_env("TicTacToe-v9")
