"""taskgen inside TRL's own GRPOTrainer, on the CPU, with a tiny model built here.

Needs the ``trl`` extra (torch, transformers, trl, datasets); ``bash .ci/trainers`` runs
these in their own virtual environment. The tokenizer is trained on task prompts and the
model has random weights: no hub, no GPU.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("trl", reason="needs the trl extra; run bash .ci/trainers")

import taskgen
from taskgen.curricula import Fixed
from taskgen.trainers import CurriculumFeed, CurriculumLagError
from taskgen.trainers.trl import TaskEnvironment, TrlReward, curriculum_dataset


def test_grpo_trains_on_a_curriculum_dataset_and_the_curriculum_hears_back(
    tmp_path: Path, example: Any
) -> None:
    result = example.run(3, output_dir=str(tmp_path))
    assert result["steps"] == 3
    assert [entry["step"] for entry in result["logs"]] == [1, 2, 3]
    assert all(
        "taskgen/accuracy" in entry and "taskgen/format_ok" in entry for entry in result["logs"]
    )
    assert result["answered"] == 3  # one prompt per step (4 samples of it)
    assert result["issued"] - result["answered"] <= 4  # at most one batch drawn ahead


def test_trls_default_shuffle_buffer_is_refused(tmp_path: Path, example: Any) -> None:
    with pytest.raises(CurriculumLagError, match="shuffle_dataset=False"):
        example.run(2, shuffle_dataset=True, output_dir=str(tmp_path))


def _trainer(
    module: Any, tmp_path: Path, reward: TrlReward | None, dataset: Any, **kwargs: Any
) -> Any:
    from trl import GRPOConfig, GRPOTrainer

    texts = [t.prompt for t in taskgen.generate("sat", 10, 3)]
    tokenizer = module.build_tokenizer(texts, tmp_path / "tok", tools=kwargs.pop("tools", False))
    args = GRPOConfig(
        output_dir=str(tmp_path / "out"),
        max_steps=2,
        per_device_train_batch_size=4,
        num_generations=4,
        max_completion_length=48,
        logging_steps=1,
        report_to="none",
        save_strategy="no",
        use_cpu=True,
        shuffle_dataset=False,
    )
    return GRPOTrainer(
        model=module.build_model(tokenizer),
        reward_funcs=reward,
        args=args,
        train_dataset=dataset,
        processing_class=tokenizer,
        **kwargs,
    )


def _scripted_rollout(answer_of: dict[str, str], reply: Any) -> Any:
    """A TRL rollout_func that answers each prompt with ``reply(index, gold)``."""

    def rollout(prompts: list[Any], trainer: Any) -> dict[str, Any]:
        tokenizer = trainer.processing_class
        prompt_ids, completion_ids, logprobs = [], [], []
        for index, prompt in enumerate(prompts):
            text = tokenizer.apply_chat_template(prompt, tokenize=False, add_generation_prompt=True)
            ids = tokenizer(text, add_special_tokens=False)["input_ids"]
            reply_ids = tokenizer(reply(index, answer_of[prompt[-1]["content"]]) + "<|im_end|>",
                                  add_special_tokens=False)["input_ids"]  # fmt: skip
            prompt_ids.append(ids)
            completion_ids.append(reply_ids)
            logprobs.append([0.0] * len(reply_ids))
        return {"prompt_ids": prompt_ids, "completion_ids": completion_ids, "logprobs": logprobs}

    return rollout


def test_gold_earns_one_and_wrong_zero_through_trls_reward_path(
    tmp_path: Path, example: Any
) -> None:
    feed = CurriculumFeed(Fixed({"sat": 3}), batch_size=4)
    dataset = curriculum_dataset(feed)
    answers: dict[str, str] = {}
    original = feed.tasks

    def remembering() -> Any:  # the gold of every task the dataset hands out
        for task in original():
            answers[task.prompt] = task.answer
            yield task

    feed.tasks = remembering  # type: ignore[method-assign]
    reward = TrlReward(feed)
    rollout = _scripted_rollout(
        answers, lambda i, gold: f"\\boxed{{{gold}}}" if i % 2 == 0 else "\\boxed{no idea}"
    )
    trainer = _trainer(example, tmp_path, reward, dataset, rollout_func=rollout)
    trainer.train()
    logs = [entry for entry in trainer.state.log_history if "reward" in entry]
    assert [entry["taskgen/accuracy"] for entry in logs] == [0.5, 0.5]
    assert [entry["reward"] for entry in logs] == [0.5, 0.5]
    assert [entry["taskgen/format_ok"] for entry in logs] == [0.5, 0.5]  # "no idea" is no bits
    assert feed.answered == 2


def test_task_environment_is_driven_by_trls_tool_loop(tmp_path: Path, example: Any) -> None:
    from datasets import Dataset

    from taskgen.trainers.trl import trl_row

    tasks = list(taskgen.generate("sat", 2, 3, seed=9))
    answers = {t.prompt: t.answer for t in tasks}
    calls: list[str] = []

    class Recording(TaskEnvironment):
        def answer(self, answer: str) -> str:
            """Submits your final answer.

            Args:
                answer: The answer exactly as the task asks for it, without the box.

            Returns:
                Whether it was accepted.
            """
            calls.append(answer)
            return super().answer(answer)

    def reply(index: int, gold: str) -> str:
        arguments = {"answer": gold if index % 2 == 0 else "0" * len(gold)}
        return (
            "<tool_call>\n"
            + json.dumps({"name": "answer", "arguments": arguments})
            + "\n</tool_call>"
        )

    trainer = _trainer(
        example,
        tmp_path,
        None,
        Dataset.from_list([trl_row(t) for t in tasks]),
        environment_factory=Recording,
        rollout_func=_scripted_rollout(answers, reply),
        tools=True,
    )
    trainer.train()
    logs = [entry for entry in trainer.state.log_history if "reward" in entry]
    assert len(calls) == 8  # 2 steps x 4 rollouts, each called the tool once
    assert [entry["rewards/Recording/mean"] for entry in logs] == [0.5, 0.5]
