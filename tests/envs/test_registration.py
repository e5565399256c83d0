"""Registration: ids per family, plugin families, import hygiene, vector environments."""

from __future__ import annotations

import random
import subprocess
import sys
from typing import Any

import gymnasium
from pydantic import BaseModel

import taskgen
from taskgen.core.registry import Check, Draft, Family, get, register, unregister
from taskgen.envs import env_id, register_task_envs, task_env_ids


def test_id_version_is_the_family_generator_version() -> None:
    for name in task_env_ids():
        family = name.removeprefix("taskgen/").rsplit("-v", 1)[0]
        if family != "mixture":
            assert name == f"taskgen/{family}-v{get(family).version}"


def test_importing_taskgen_pulls_in_no_multi_agent_or_trainer_library() -> None:
    code = (
        "import sys, taskgen, gymnasium\n"
        "assert 'taskgen/sat-v0' in gymnasium.registry\n"
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
    envs = gymnasium.make_vec("taskgen/sat-v0", num_envs=2, difficulty=2)
    observations, infos = envs.reset(seed=0)
    answers = tuple("\\boxed{" + task.answer + "}" for task in infos["task"])
    assert len(observations) == 2
    _, rewards, terminated, _, _ = envs.step(answers)
    assert list(rewards) == [1.0, 1.0] and all(terminated)
    envs.close()
