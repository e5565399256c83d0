"""OpenRLHF 0.11's own HTTP reward client against ``taskgen serve``'s ``/openrlhf``.

``SingleTurnAgentExecutor(remote_rm_url=URL)`` decodes prompt + reply into a query and posts
``{"query", "prompts", "labels"}`` with aiohttp (``_fetch_rewards_via_http``); the rewards
it reads back must be the ones ``reward_func`` gives in process. A scripted engine stands in
for vLLM; the tokenizer is trained here (no hub).
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("openrlhf.utils.agent", reason="needs openrlhf; run bash .ci/trainers")
pytest.importorskip("starlette", reason="needs the serve extra")
pytest.importorskip("uvicorn", reason="needs the serve extra")

import taskgen
import taskgen.trainers.openrlhf as adapter
from taskgen.serve import ServeConfig, running


def test_openrlhfs_http_client_reads_the_rewards_reward_func_gives(
    tokenizer: Any, run_scripted: Any
) -> None:
    from openrlhf.utils.agent import SingleTurnAgentExecutor

    task = taskgen.sample("sudoku", 2, seed=3)
    row = adapter.openrlhf_row(task)
    replies = [f"\\boxed{{{task.answer}}}", "no idea", "\\boxed{[[1, 2], [3, 4]]}"]
    with running(ServeConfig(workers=1)) as url:
        executor = SingleTurnAgentExecutor(remote_rm_url=url + "/openrlhf")
        outs = [run_scripted(executor, row, [reply])[0] for reply in replies]
    in_process = []
    for out in outs:
        query = tokenizer.decode(out["observation_tokens"], skip_special_tokens=False)
        result = adapter.reward_func([query], [row["prompt"]], [row["label"]])
        in_process.append(float(result["rewards"][0]))
        logs = {k: float(v) for k, v in result["extra_logs"].items()}
        assert out["extra_logs"] == logs
    assert [out["reward"] for out in outs] == [[1.0], [0.0], [0.0]]  # JSON lists, as sent
    assert [out["reward"][0] for out in outs] == in_process
    assert [out["scores"] for out in outs] == [[1.0], [0.0], [0.0]]
    assert [out["extra_logs"]["accuracy"] for out in outs] == [1.0, 0.0, 0.0]
