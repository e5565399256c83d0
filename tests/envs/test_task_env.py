"""TaskEnv: Gymnasium API over the registry, seeding, multi-turn feedback, curricula."""

from __future__ import annotations

import warnings

import gymnasium
import pytest
from gymnasium.error import ResetNeeded
from gymnasium.utils.env_checker import check_env

import taskgen
from taskgen.core.errors import InvalidParamsError, UnknownFamilyError
from taskgen.curricula import Fixed, TargetBand, task_family_names
from taskgen.envs import AnyText, TaskEnv, env_id, register_task_envs, task_env_ids
from taskgen.envs.spaces import MAX_TEXT_LENGTH
from taskgen.envs.task_env import attempt_weights
from taskgen.verifiers.extract import boxed

ENV_IDS = sorted(spec for spec in gymnasium.registry if spec.startswith("taskgen/"))


def _gold(task: taskgen.Task) -> str:
    return "Let me think. " + boxed(task.answer)


@pytest.mark.parametrize("env_name", ENV_IDS, ids=ENV_IDS)
def test_check_env_passes_without_warnings(env_name: str) -> None:
    env = gymnasium.make(env_name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_env(env.unwrapped)
    env.close()


def test_every_single_answer_family_has_an_id_and_games_do_not() -> None:
    ids = task_env_ids()
    for family in task_family_names():
        assert env_id(family) in ids
    games = {info.name for info in taskgen.families() if info.kind == "game"}
    for name in ids:  # games get their own environments, never a TaskEnv
        assert name.removeprefix("taskgen/").rsplit("-v", 1)[0] not in games
    assert "taskgen/mixture-v0" in ids
    assert register_task_envs() == []  # idempotent: nothing new the second time


def test_make_with_difficulty_gives_that_level_and_the_gold_wins() -> None:
    env = gymnasium.make(env_id("sat"), difficulty=5)
    prompt, info = env.reset(seed=3)
    task = info["task"]
    assert (task.family, task.difficulty) == ("sat", 5)
    assert prompt == task.prompt
    obs, reward, terminated, truncated, info = env.step(_gold(task))
    assert (reward, terminated, truncated) == (1.0, True, False)
    assert info["verdict"].correct and info["correct"]
    assert obs == "Correct."


def test_same_seed_same_task_and_unseeded_resets_continue() -> None:
    env = TaskEnv("sat", 4)
    first = env.reset(seed=11)[1]["task_id"]
    second = env.reset()[1]["task_id"]
    assert env.reset(seed=11)[1]["task_id"] == first
    assert env.reset()[1]["task_id"] == second
    assert first != second
    assert env.reset(seed=12)[1]["task_id"] != first


def test_task_seed_comes_from_np_random_and_reproduces_with_sample() -> None:
    env = TaskEnv("sat", 2)
    _, info = env.reset(seed=0)
    task = info["task"]
    assert taskgen.sample("sat", 2, task.seed) == task


def test_options_choose_family_level_knobs_or_an_explicit_task() -> None:
    env = TaskEnv(None, 1)
    _, info = env.reset(seed=0, options={"family": "sat", "difficulty": 7})
    assert (info["family"], info["difficulty"]) == ("sat", 7)
    _, info = env.reset(seed=0, options={"family": "sat", "knobs": {"k": 9, "l": 12}})
    assert info["task"].instance["num_vars"] == 9
    saved = taskgen.sample("sat", 3, seed=42)
    _, info = env.reset(options={"task": saved.model_dump_json()})
    assert info["task"] == saved


def test_mixture_draws_several_families() -> None:
    env = gymnasium.make("taskgen/mixture-v0", difficulty=2)
    seen = {env.reset(seed=s)[1]["family"] for s in range(40)}
    expected = set(task_family_names())
    assert seen <= expected
    assert len(seen) >= min(3, len(expected))


def test_wrong_answer_gets_feedback_and_another_try() -> None:
    env = TaskEnv("sat", 3, max_attempts=3)
    _, info = env.reset(seed=1)
    task = info["task"]
    obs, reward, terminated, _, info = env.step("I give up")
    assert (reward, terminated) == (0.0, False)
    assert "no \\boxed{} answer found" in obs and "2 attempt(s) left" in obs
    assert info["attempts_left"] == 2 and not info["verdict"].format_ok
    wrong = boxed("0" * len(task.answer))
    if taskgen.verify(task, wrong).correct:
        wrong = boxed("1" * len(task.answer))
    obs, reward, terminated, _, info = env.step(wrong)
    assert not terminated and "unsatisfied" in obs
    obs, reward, terminated, _, info = env.step(_gold(task))
    assert terminated and reward == 0.25  # third attempt: weight 0.5 ** 2
    assert info["attempt"] == 3
    with pytest.raises(ResetNeeded):
        env.step(_gold(task))


def test_attempts_run_out_and_penalties_are_not_discounted() -> None:
    env = TaskEnv("sat", 2, max_attempts=2, policy="saturn")
    env.reset(seed=5)
    assert env.step("nothing")[1:3] == (0.0, False)
    obs, reward, terminated, _, _ = env.step("still nothing")
    assert (reward, terminated, obs) == (-1.0, True, "Not correct.")


def test_custom_reward_schedule_and_feedback_template() -> None:
    env = TaskEnv("sat", 1, max_attempts=2, reward_schedule=[1.0, 0.9], feedback="retry: {reason}")
    _, info = env.reset(seed=2)
    assert env.step("no")[0] == "retry: no \\boxed{} answer found"
    assert env.step(_gold(info["task"]))[1] == 0.9


def test_reward_schedule_is_checked() -> None:
    assert attempt_weights(1.0, 3) == [1.0, 1.0, 1.0]
    for bad in (1.5, -0.1, [1.0], [1.0, 2.0]):
        with pytest.raises(InvalidParamsError):
            attempt_weights(bad, 2)


def test_family_without_multi_turn_gets_generic_feedback(monkeypatch: pytest.MonkeyPatch) -> None:
    from taskgen.core.registry import get

    monkeypatch.setattr(type(get("sat")), "multi_turn", False)
    env = TaskEnv("sat", 3, max_attempts=2)
    _, info = env.reset(seed=1)
    obs = env.step(boxed("0" * len(info["task"].answer)))[0]
    if not env._done:  # the all-false assignment may happen to be right
        assert "the answer is not correct" in obs and "clause" not in obs


def test_step_before_reset_raises() -> None:
    with pytest.raises(ResetNeeded):
        TaskEnv("sat").step("\\boxed{1}")


def test_bad_arguments_raise_the_documented_errors() -> None:
    with pytest.raises(UnknownFamilyError):
        TaskEnv("sudokku")
    with pytest.raises(InvalidParamsError):
        TaskEnv("sat", 11)
    with pytest.raises(InvalidParamsError):
        TaskEnv("sat", knobs={"nope": 1})
    with pytest.raises(InvalidParamsError):
        TaskEnv("sat", max_attempts=0)
    with pytest.raises(InvalidParamsError):
        TaskEnv("sat", render_mode="human")
    with pytest.raises(InvalidParamsError, match="feedback template"):
        TaskEnv("sat", feedback="wrong: {why}")


def test_text_space_accepts_real_text_and_bounds_length() -> None:
    space = AnyText()
    task = taskgen.sample("sat", 10, seed=0)
    assert task.prompt in space
    assert "emoji 🙂 and CJK 中文 \x00" in space
    assert "x" * (MAX_TEXT_LENGTH + 1) not in space
    assert b"bytes" not in space
    assert space.sample() in space
    assert gymnasium.spaces.Text(10) != space and AnyText() == space


def test_curriculum_drives_resets_and_receives_returns() -> None:
    band = TargetBand("sat", window=4, start=2, seed=0)
    env = TaskEnv("sat", curriculum=band)
    for _ in range(4):
        _, info = env.reset()
        assert info["difficulty"] == 2
        env.step(_gold(info["task"]))
    assert band.levels() == {"sat": 3.0}
    _, info = env.reset()
    assert info["difficulty"] == 3


def test_render_ansi_shows_the_transcript() -> None:
    env = TaskEnv("sat", 1, render_mode="ansi", max_attempts=2)
    prompt, _ = env.reset(seed=0)
    env.step("my reply")
    text = env.render()
    assert text is not None and prompt in text and "my reply" in text
    assert TaskEnv("sat").render() is None


def test_fixed_curriculum_env_works_through_make() -> None:
    env = gymnasium.make(env_id("sat"), curriculum=Fixed({"sat": 6}))
    assert env.reset()[1]["difficulty"] == 6


def test_an_options_override_bypasses_the_curriculum_both_ways() -> None:
    band = TargetBand("sat", window=1, start=2)
    env = TaskEnv("sat", curriculum=band)
    _, info = env.reset(options={"difficulty": 2})
    env.step(_gold(info["task"]))
    assert band.stats()["results"] == 0 and band.levels() == {"sat": 2.0}
