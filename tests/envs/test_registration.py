"""Registration: ids per family, plugin families, import hygiene, vector environments."""

from __future__ import annotations

import copy
import pickle
import random
import subprocess
import sys
from typing import Any

import gymnasium
import pytest
from gymnasium.vector.utils import (
    create_shared_memory,
    read_from_shared_memory,
    write_to_shared_memory,
)
from pydantic import BaseModel

import taskgen
from taskgen.core.registry import Check, Draft, Family, get, register, unregister
from taskgen.envs import env_id, register_task_envs, task_env_ids
from taskgen.envs.games import env_id as game_env_id
from taskgen.envs.spaces import AnyText


def test_id_version_is_the_family_generator_version() -> None:
    for name in task_env_ids():
        family = name.removeprefix("taskgen/").rsplit("-v", 1)[0]
        if family != "mixture":
            assert name == f"taskgen/{family}-v{get(family).version}"


def test_importing_taskgen_pulls_in_no_multi_agent_or_trainer_library() -> None:
    code = (
        "import sys, taskgen, gymnasium\n"
        "from taskgen.envs import env_id\n"
        "assert env_id('sat') in gymnasium.registry\n"
        "print(sorted(m for m in ('pettingzoo', 'datasets', 'trl', 'verl', 'openrlhf', 'torch')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


class _EchoKnobs(BaseModel):
    size: int = 1


class _EchoInstance(BaseModel):
    value: int


class _Echo(Family):
    kind = "puzzle"
    description = "repeat a number (test plugin)"
    Knobs = _EchoKnobs
    Instance = _EchoInstance

    def knobs_for_level(self, level: int) -> dict[str, Any]:
        return {"size": level}

    def generate(self, knobs: Any, rng: random.Random) -> Draft:
        value = rng.randrange(10**knobs.size)
        return Draft(f"Repeat {value} in \\boxed{{}}.", str(value), {"value": value})

    def check(self, instance: dict[str, Any], payload: str) -> Check:
        ok = payload.strip() == str(instance["value"])
        return Check(ok, float(ok), "correct" if ok else "a different number")

    def hardness(self, task: taskgen.Task) -> float:
        return float(task.difficulty)


def test_a_plugin_family_gets_an_id_from_another_registration_call() -> None:
    register("echo_plugin_test")(_Echo)
    try:
        assert register_task_envs() == ["taskgen/echo_plugin_test-v0"]
        env = gymnasium.make(env_id("echo_plugin_test"), difficulty=3)
        _, info = env.reset(seed=0)
        reward = env.step("\\boxed{" + info["task"].answer + "}")[1]
        assert reward == 1.0
    finally:
        unregister("echo_plugin_test")
        del gymnasium.registry["taskgen/echo_plugin_test-v0"]


def test_vector_environments_step_text_actions() -> None:
    envs = gymnasium.make_vec(env_id("sat"), num_envs=2, difficulty=2)
    observations, infos = envs.reset(seed=0)
    answers = tuple("\\boxed{" + task.answer + "}" for task in infos["task"])
    assert len(observations) == 2
    _, rewards, terminated, _, _ = envs.step(answers)
    assert list(rewards) == [1.0, 1.0] and all(terminated)
    envs.close()


# -- async vector environments: observations pass through shared memory ----------------------

VECTOR_IDS = [env_id("sat"), env_id("sudoku")] + [
    game_env_id(game) for game in ("kuhn_poker", "tictactoe", "simple_negotiation")
]


def _replies(infos: dict[str, Any], num_envs: int) -> tuple[str, ...]:
    """A reply per environment: the gold answer of a task, the first legal move of a game."""
    if "task" in infos:
        return tuple("\\boxed{" + infos["task"][i].answer + "}" for i in range(num_envs))
    return tuple("\\boxed{" + infos["legal_moves"][i][0] + "}" for i in range(num_envs))


def _rollout(env_id_: str, mode: str, steps: int = 2, **vector_kwargs: Any) -> list[Any]:
    envs = gymnasium.make_vec(
        env_id_, 3, vectorization_mode=mode, vector_kwargs=vector_kwargs or None
    )
    try:
        observations, infos = envs.reset(seed=11)
        trace: list[Any] = [tuple(observations)]
        for _ in range(steps):
            observations, rewards, terminated, truncated, infos = envs.step(_replies(infos, 3))
            trace += [tuple(observations), list(rewards), list(terminated), list(truncated)]
        return trace
    finally:
        envs.close()


@pytest.mark.parametrize("name", VECTOR_IDS, ids=VECTOR_IDS)
def test_async_vector_envs_see_what_sync_ones_see(name: str) -> None:
    sync, async_ = _rollout(name, "sync"), _rollout(name, "async")
    assert async_ == sync
    assert all(isinstance(text, str) and "aaaa" not in text for text in async_[0])


def test_async_vector_envs_under_spawn_and_without_copies() -> None:
    name = env_id("sat")
    expected = _rollout(name, "sync", steps=1)
    assert _rollout(name, "async", steps=1, context="spawn") == expected
    assert _rollout(name, "async", steps=1, copy=False) == expected
    assert _rollout(name, "async", steps=1, shared_memory=False) == expected


def test_any_text_shared_memory_round_trips_every_character() -> None:
    space = AnyText(12)
    memory = create_shared_memory(space, n=3)
    view = read_from_shared_memory(space, memory, n=3)
    assert view == ("", "", "")
    texts = ["中文 ✓ ∨¬", "a\x00b\udcff😀", "x" * 12]
    for index, text in enumerate(texts):
        write_to_shared_memory(space, index, text, memory)
    assert view == tuple(texts) and list(view) == texts and view[-1] == "x" * 12
    assert view[1:] == tuple(texts[1:])
    write_to_shared_memory(space, 2, "short", memory)  # a shorter text replaces a longer one
    copied = copy.deepcopy(view)
    assert copied == (texts[0], texts[1], "short") and type(copied) is tuple
    assert pickle.loads(pickle.dumps(view)) == copied
    with pytest.raises(ValueError, match="at most 12"):
        write_to_shared_memory(space, 0, "y" * 13, memory)
    with pytest.raises(IndexError):
        view[3]
