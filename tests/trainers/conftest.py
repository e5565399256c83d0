"""Shared by the framework tests: the CPU example's tokenizer and model builders."""

from __future__ import annotations

import importlib.util
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
