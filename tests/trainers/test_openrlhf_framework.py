"""taskgen inside OpenRLHF 0.11's own agent code: the reward-file path and the multi-turn agent.

Needs OpenRLHF (``bash .ci/trainers`` installs it without vLLM, which needs a GPU); the
executors run on the CPU with a tokenizer trained here and a scripted engine in place of
vLLM. OpenRLHF loads both files by path, as done here.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("openrlhf.utils.agent", reason="needs openrlhf; run bash .ci/trainers")

import taskgen
import taskgen.trainers.openrlhf as adapter
from taskgen.trainers import game_label

FILE = adapter.__file__


def _load_like_openrlhf(path: str) -> Any:
    """OpenRLHF's _load_agent_executor, which lives in a module that imports vLLM."""
    from openrlhf.utils.agent import AgentExecutorBase

    assert path.endswith(".py")
    spec = importlib.util.spec_from_file_location("agent_module", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert hasattr(module, "AgentExecutor")
    assert issubclass(module.AgentExecutor, AgentExecutorBase)
    return module.AgentExecutor()


def test_the_reward_file_scores_a_mixed_batch_in_the_single_turn_executor(
    run_scripted: Any,
) -> None:
    from openrlhf.utils.agent import SingleTurnAgentExecutor

    executor = SingleTurnAgentExecutor(remote_rm_url=FILE)  # loads reward_func from our file
    task = taskgen.sample("sudoku", 2, seed=3)
    row = adapter.openrlhf_row(task)
    rewards, accuracy = [], []
    for reply in (f"\\boxed{{{task.answer}}}", "no idea"):
        out, _ = run_scripted(executor, row, [reply])
        rewards.append(float(out["reward"][0]))
        accuracy.append(float(out["extra_logs"]["accuracy"]))
    assert rewards == [1.0, 0.0] and accuracy == [1.0, 0.0]


def test_the_agent_gives_feedback_and_pays_the_second_attempt_half(
    tokenizer: Any, run_scripted: Any
) -> None:
    executor = _load_like_openrlhf(FILE)
    task = taskgen.sample("sudoku", 2, seed=4)
    row = adapter.openrlhf_row(task)
    replies = ["\\boxed{[[1]]}", f"\\boxed{{{task.answer}}}"]
    out, engine = run_scripted(executor, row, replies, max_length=8192)
    assert out["reward"] == 0.5
    assert len(out["action_ranges"]) == 2
    second_prompt = tokenizer.decode(engine.seen[1])
    assert "attempt(s) left" in second_prompt  # the verdict's reason came back as feedback


def test_the_agent_plays_a_game_to_the_end(run_scripted: Any) -> None:
    executor = _load_like_openrlhf(FILE)
    label = game_label("kuhn_poker", seed=2, opponent="random")
    row = {"prompt": adapter.open_session(label).prompt, "label": label}
    out, _ = run_scripted(executor, row, ["[check]", "[check]", "[fold]"] * 10, max_length=8192)
    assert out["reward"] in (-2.0, -1.0, 0.0, 1.0, 2.0)
    assert float(out["extra_logs"]["turns"]) == len(out["action_ranges"])


def test_the_flags_in_the_readme_exist_in_openrlhfs_parser() -> None:
    spec = importlib.util.find_spec("openrlhf.cli.train_ppo_ray")
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text())
    flags = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", "") == "add_argument"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    script = Path(__file__).resolve().parents[2] / "examples" / "openrlhf" / "run_reinforce.sh"
    words = script.read_text().split()
    used = {w.split("=")[0] for w in words if w.startswith("--") and len(w) > 2}
    used -= {
        "--family",
        "--difficulty",
        "--format",
        "--out",
        "--split",
        "--workers",
        "--head",
        "--num-gpus",
        "--address",
    }  # fmt: skip  (taskgen's and ray's own)
    assert "--train.agent_func_path" in used and "--reward.remote_url" in used
    assert used <= flags, sorted(used - flags)
    assert "--remote_rm_url" not in flags and "--input_key" not in flags  # the old names
