"""Every trainer's reward function: documented signatures, the same rewards as verify."""

from __future__ import annotations

import inspect
import json

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.curricula import TargetBand, task_family_names
from taskgen.trainers import completion_text
from taskgen.trainers.openrlhf import PROMPT_NOT_FOUND, openrlhf_row, response_of, reward_func
from taskgen.trainers.trl import TrlReward, trl_row
from taskgen.trainers.verl import compute_score, verl_row
from taskgen.verifiers.extract import boxed

FAMILIES = task_family_names()
ALL_FAMILIES = [info.name for info in taskgen.families()]


def _completions(task: taskgen.Task) -> list[str]:
    """Fake model replies: gold, gold after thinking, junk, no answer, a wrong guess."""
    return [
        boxed(task.answer),
        "<think>try \\boxed{nope}</think> so " + boxed(task.answer),
        boxed("definitely wrong"),
        "I am not sure.",
        boxed(task.answer[::-1]),
        "",
    ]


@pytest.mark.parametrize("family", FAMILIES, ids=FAMILIES)
@pytest.mark.parametrize("policy", ["binary", "saturn", "partial"])
def test_every_adapter_equals_verify(family: str, policy: str) -> None:
    task = taskgen.sample(family, 2, seed=7)
    completions = _completions(task)
    expected = [taskgen.verify(task, c, policy=policy).reward for c in completions]
    assert expected[0] == 1.0

    row = trl_row(task)
    trl = TrlReward(policy=policy)(
        completions=[[{"role": "assistant", "content": c}] for c in completions],
        prompts=[row["prompt"]] * len(completions),
        task=[row["task"]] * len(completions),
        family=[row["family"]] * len(completions),
        trainer_state=None,
    )
    assert trl == expected

    vrow = verl_row(task, index=3)
    verl = [
        compute_score(
            vrow["data_source"],
            c,
            vrow["reward_model"]["ground_truth"],
            {**vrow["extra_info"], "policy": policy},
        )
        for c in completions
    ]
    assert [v["score"] for v in verl] == expected
    assert [v["acc"] for v in verl] == [float(taskgen.verify(task, c).correct) for c in completions]

    orow = openrlhf_row(task)
    queries = ["<|user|>" + orow["prompt"] + "<|assistant|>" + c for c in completions]
    prompts = ["<|user|>" + orow["prompt"] + "<|assistant|>"] * len(completions)
    out = reward_func(queries, prompts, [orow["label"]] * len(completions), policy=policy)
    assert [float(r) for r in out["rewards"]] == expected
    assert [float(s) for s in out["scores"]] == [min(max(r, 0.0), 1.0) for r in expected]


def test_signatures_match_the_trainers_documented_ones() -> None:
    assert list(inspect.signature(compute_score).parameters)[:4] == [
        "data_source",
        "solution_str",
        "ground_truth",
        "extra_info",
    ]
    assert list(inspect.signature(reward_func).parameters)[:3] == ["queries", "prompts", "labels"]
    reward = TrlReward(name="sat_reward")
    assert reward.__name__ == "sat_reward"  # TRL logs each reward under its __name__


def test_trl_plain_text_completions_and_positional_call() -> None:
    task = taskgen.sample("sat", 3, seed=1)
    row = trl_row(task, conversational=False)
    assert row["prompt"] == task.prompt
    assert TrlReward()([boxed(task.answer), "x"], [row["prompt"]] * 2, task=[row["task"]] * 2) == [
        1.0,
        0.0,
    ]


def test_trl_rows_without_a_task_get_none() -> None:
    task = taskgen.sample("sat", 1, seed=0)
    rewards = TrlReward()(
        completions=[boxed(task.answer), "x"], task=[task.model_dump_json(), None]
    )
    assert rewards == [1.0, None]


def test_trl_reward_feeds_the_curriculum() -> None:
    band = TargetBand("sat", window=4, start=3)
    tasks = band.next_tasks(4)
    reward = TrlReward(band)
    reward(
        completions=[boxed(t.answer) for t in tasks for _ in range(2)],
        task=[t.model_dump_json() for t in tasks for _ in range(2)],
    )
    assert band.levels() == {"sat": 4.0}
    assert band.stats()["results"] == 8


def test_trl_reward_names_a_missing_column() -> None:
    with pytest.raises(InvalidParamsError, match="'task' column"):
        TrlReward()(completions=["x"], ground_truth=["y"])
    with pytest.raises(InvalidParamsError):
        TrlReward()(completions=["x", "y"], task=["z"])


def test_conversational_completion_text() -> None:
    messages = [
        {"role": "assistant", "content": "first \\boxed{1}"},
        {"role": "tool", "content": "\\boxed{999}"},
        {"role": "assistant", "content": [{"type": "text", "text": "final \\boxed{2}"}]},
    ]
    text = completion_text(messages)
    assert "999" not in text and text.endswith("\\boxed{2}")
    assert completion_text({"role": "assistant", "content": "hi"}) == "hi"
    assert completion_text([{"content": "no role"}]) == "no role"


def test_openrlhf_prompt_examples_are_not_taken_for_the_answer() -> None:
    task = taskgen.sample("sat", 1, seed=0)
    prompt = task.prompt + "\nExample: \\boxed{" + task.answer + "}"
    out = reward_func([prompt + " I do not know."], [prompt], [task.model_dump_json()])
    assert [float(r) for r in out["rewards"]] == [0.0]
    assert response_of("abc", "zzz") is None
    assert response_of("sys abc tail", "abc") == " tail"
    assert out["extra_logs"]["accuracy"] == 0.0


def test_a_malformed_task_is_the_callers_mistake() -> None:
    with pytest.raises(InvalidTaskError):
        compute_score("taskgen/sat", "\\boxed{1}", json.dumps({"family": "sat"}))
    with pytest.raises(InvalidParamsError):
        reward_func(["a"], [], ["b"])


def _leaky_prompt(task: taskgen.Task) -> str:
    """The task's prompt with the gold answer boxed inside it, as a format example might."""
    return task.prompt + "\nFor example: \\boxed{" + task.answer + "}\nYour reply:"


def _respace(text: str) -> str:
    """What detokenising may do: a space doubled, a space before punctuation dropped."""
    return text.replace(" ", "  ", 1).replace(" :", ":")


@pytest.mark.parametrize("family", ALL_FAMILIES, ids=ALL_FAMILIES)
def test_openrlhf_never_grades_the_prompt(family: str) -> None:
    task = taskgen.sample(family, 1, seed=3)
    prompt = _leaky_prompt(task)
    label = task.model_dump_json()
    assert taskgen.verify(task, prompt).correct  # grading the prompt would pay
    other = prompt.replace("example", "exampel")  # not the prompt, whatever the whitespace
    queries = [
        _respace(prompt),  # the prompt, whitespace changed, and an empty response
        _respace(prompt) + " " + boxed(task.answer),  # found despite the whitespace
        other,  # the prompt is not in the query: nothing may be read
        other + boxed(task.answer),
    ]
    for policy, missing in (("binary", 0.0), ("saturn", -1.0)):
        out = reward_func(queries, [prompt] * len(queries), [label] * len(queries), policy=policy)
        assert [float(r) for r in out["rewards"]] == [missing, 1.0, missing, missing]
        assert out["extra_logs"]["prompt_not_found"] == 2 / 4


def test_openrlhf_unread_samples_say_why(caplog: pytest.LogCaptureFixture) -> None:
    task = taskgen.sample("sat", 1, seed=0)
    assert response_of("Q: solve . A: 1", "Q:  solve .") == " A: 1"
    assert response_of("Q: solved. A: 1", "Q: solve.") is None
    assert response_of("whole reply", "   ") == "whole reply"
    assert response_of("x", None) is None  # type: ignore[arg-type]
    with caplog.at_level("WARNING", logger="taskgen"):
        out = reward_func(["unrelated"], [task.prompt], [task.model_dump_json()])
    assert out["extra_logs"]["accuracy"] == 0.0 and out["extra_logs"]["format_ok"] == 0.0
    assert "do not contain their prompt" in caplog.text
    assert PROMPT_NOT_FOUND.startswith("the prompt was not found")
    with pytest.raises(InvalidTaskError):  # a bad label is still the caller's mistake
        reward_func(["x"], ["y"], [json.dumps({"family": "sat"})])


@pytest.mark.parametrize(("turns", "expected"), [(None, 1.0), (2, 1.0), (4, 0.5), (6, 0.25)])
def test_verl_attempt_decay_counts_assistant_turns(turns: int | None, expected: float) -> None:
    """verl's tool agent loop reports num_turns = user + assistant turns + 1 (a single-turn
    rollout is 2), so a reply after one tool round trip is the second attempt."""
    task = taskgen.sample("sat", 3, seed=2)
    row = verl_row(task)
    info = {**row["extra_info"], "num_turns": turns}
    truth = row["reward_model"]["ground_truth"]
    right = compute_score(row["data_source"], boxed(task.answer), truth, info, attempt_decay=0.5)
    assert right["score"] == expected
    wrong = compute_score(
        row["data_source"], "none", truth, info, attempt_decay=0.5, policy="saturn"
    )
    assert wrong["score"] == -1.0  # a penalty is never decayed away
    plain = compute_score(row["data_source"], boxed(task.answer), truth, info)
    assert plain["score"] == 1.0  # off unless asked for
