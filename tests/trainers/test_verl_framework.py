"""taskgen inside verl's own code: RLHFDataset, the reward loop's manager, the tool registry.

Needs verl (``bash .ci/trainers`` installs it in its own virtual environment); runs on the
CPU with a tokenizer trained here.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("verl", reason="needs verl; run bash .ci/trainers")

import taskgen
from taskgen.export import write_rows
from taskgen.trainers.verl import TOOL_NAME, verl_row


def test_rlhf_dataset_reads_every_exported_row(tmp_path: Path, tokenizer: Any) -> None:
    from omegaconf import OmegaConf
    from verl.utils.dataset.rl_dataset import RLHFDataset

    path = tmp_path / "train.parquet"
    assert write_rows(taskgen.generate("sudoku", 24, 2, seed=1), path, "verl") == 24
    config = OmegaConf.create(
        {"max_prompt_length": 4096, "filter_overlong_prompts": True, "cache_dir": str(tmp_path)}
    )
    dataset = RLHFDataset(str(path), tokenizer, config)
    assert len(dataset) == 24  # the old plain-string prompt made verl skip every row
    item = dataset[0]
    assert item["data_source"] == "taskgen/sudoku"
    assert taskgen.load_task(item["reward_model"]["ground_truth"]).family == "sudoku"


def _batch(tokenizer: Any, rows: list[dict[str, Any]], replies: list[str]) -> Any:
    import numpy as np
    import torch
    from verl import DataProto

    prompts, responses, masks = [], [], []
    for row, reply in zip(rows, replies, strict=True):
        prompt = tokenizer(row["prompt"][0]["content"][-200:], add_special_tokens=False)[
            "input_ids"
        ]
        response = tokenizer(reply, add_special_tokens=False)["input_ids"]
        prompts.append(torch.tensor(prompt[-32:]))
        responses.append(torch.tensor(response))
        masks.append(torch.ones(len(prompt[-32:]) + len(response), dtype=torch.long))
    width = max(len(r) for r in responses)
    pad = tokenizer.pad_token_id
    response_tensor = torch.stack(
        [torch.nn.functional.pad(r, (0, width - len(r)), value=pad) for r in responses]
    )
    prompt_width = max(len(p) for p in prompts)
    prompt_tensor = torch.stack(
        [torch.nn.functional.pad(p, (prompt_width - len(p), 0), value=pad) for p in prompts]
    )
    attention = torch.zeros((len(rows), prompt_width + width), dtype=torch.long)
    for i, (p, r) in enumerate(zip(prompts, responses, strict=True)):
        attention[i, prompt_width - len(p) : prompt_width + len(r)] = 1
    return DataProto.from_dict(
        tensors={
            "prompts": prompt_tensor,
            "responses": response_tensor,
            "attention_mask": attention,
        },
        non_tensors={
            "data_source": np.array([r["data_source"] for r in rows], dtype=object),
            "reward_model": np.array([r["reward_model"] for r in rows], dtype=object),
            "extra_info": np.array([dict(r["extra_info"]) for r in rows], dtype=object),
        },
    )


@pytest.mark.parametrize(("policy", "wrong"), [("binary", 0.0), ("saturn", -1.0)])
def test_verls_reward_manager_scores_a_mixed_batch(
    tokenizer: Any, policy: str, wrong: float
) -> None:
    from omegaconf import OmegaConf
    from verl.trainer.ppo.reward import load_reward_manager

    config = OmegaConf.create(
        {
            "reward": {
                "reward_manager": {"source": "register", "name": "naive"},
                "custom_reward_function": {
                    "path": "pkg://taskgen.trainers.verl",
                    "name": "compute_score",
                    "reward_kwargs": {"policy": policy},
                },
            }
        }
    )
    manager = load_reward_manager(config, tokenizer)
    tasks = list(taskgen.generate("sudoku", 2, 2, seed=4))
    rows = [verl_row(t, index=i) for i, t in enumerate(tasks)] * 2
    replies = [f"\\boxed{{{t.answer}}}" for t in tasks] + ["no idea"] * 2
    data = _batch(tokenizer, rows, replies)
    run = manager.loop.run_until_complete  # verl's manager works on its own event loop
    results = [run(manager.run_single(data[i : i + 1])) for i in range(len(rows))]
    assert [r["reward_score"] for r in results] == [1.0, 1.0, wrong, wrong]
    assert [r["reward_extra_info"]["acc"] for r in results] == [1.0, 1.0, 0.0, 0.0]
    assert [r["reward_extra_info"]["format_ok"] for r in results] == [1.0, 1.0, 0.0, 0.0]


def test_the_answer_tool_loads_through_verls_tool_registry(tmp_path: Path) -> None:
    from verl.tools.tool_registry import initialize_tools_from_config

    config = tmp_path / "tools.yaml"
    config.write_text(
        "tools:\n"
        "  - class_name: taskgen.trainers.verl.AnswerTool\n"
        "    config:\n"
        "      type: native\n"
    )
    (tool,) = initialize_tools_from_config(str(config))
    assert tool.name == TOOL_NAME
    task = taskgen.sample("sudoku", 2, seed=5)
    row = verl_row(task, tools=True)
    create_kwargs = row["extra_info"]["tools_kwargs"][TOOL_NAME]["create_kwargs"]

    async def call(answer: str) -> tuple[str, float]:
        instance, _ = await tool.create(create_kwargs=create_kwargs)
        response, reward, _metrics = await tool.execute(instance, {"answer": answer})
        await tool.release(instance)
        return response.text, reward

    right, reward = asyncio.run(call(task.answer))
    assert right.startswith("Accepted") and reward == 0.0
    wrong, _ = asyncio.run(call("[[1]]"))
    assert wrong.startswith("Not accepted:")
    assert row["agent_name"] == "tool_agent"
