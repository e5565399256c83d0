"""Shared by the framework tests: the CPU example's tokenizer and model builders."""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "trl_grpo_cpu.py"


def load_example() -> Any:
    """Imports examples/trl_grpo_cpu.py (build_tokenizer, build_model, run)."""
    spec = importlib.util.spec_from_file_location("trl_grpo_cpu", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example() -> Any:
    """The CPU example module (build_tokenizer, build_model, run)."""
    return load_example()


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A tokenizer trained here on sudoku prompts and a few answers (no hub)."""
    import taskgen

    texts = [t.prompt for t in taskgen.generate("sudoku", 10, 2)]
    texts += ["\\boxed{[[1, 2], [3, 4]]} no idea bet check fold"] * 5
    return load_example().build_tokenizer(texts, tmp_path_factory.mktemp("tokenizer"))


# -- a scripted engine in vLLM's place, for OpenRLHF's executors --------------------------------


@dataclass
class _Output:
    token_ids: list[int]
    text: str
    finish_reason: str = "stop"
    logprobs: Any = None


@dataclass
class _Result:
    outputs: list[_Output]


@dataclass
class _SamplingParams:
    max_tokens: int | None = None
    logprobs: Any = None


@dataclass
class ScriptedEngine:
    """Stands in for vLLM: replies with the next scripted text, and keeps every prompt."""

    tokenizer: Any
    replies: list[str]
    seen: list[list[int]] = field(default_factory=list)

    async def generate(
        self, prompt_ids: list[int], params: Any, multi_modal_data: Any = None
    ) -> _Result:
        self.seen.append(list(prompt_ids))
        text = self.replies.pop(0)
        ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
        return _Result([_Output(ids, text)])


@pytest.fixture
def run_scripted(tokenizer: Any) -> Callable[..., tuple[dict[str, Any], ScriptedEngine]]:
    """Runs an OpenRLHF executor on one row with scripted replies; returns (output, engine)."""

    def run(
        executor: Any, row: dict[str, Any], replies: list[str], max_length: int = 4096
    ) -> tuple[dict[str, Any], ScriptedEngine]:
        engine = ScriptedEngine(tokenizer, list(replies))
        params = _SamplingParams()
        out = asyncio.run(
            executor.execute(row["prompt"], row["label"], params, max_length, tokenizer, engine)
        )
        return out, engine

    return run
