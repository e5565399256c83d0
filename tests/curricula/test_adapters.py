"""Curriculum adapters: endless task/row streams and the Hugging Face IterableDataset."""

from __future__ import annotations

import sys
from itertools import islice

import pytest

import taskgen
from taskgen.core.errors import InvalidParamsError
from taskgen.curricula import Fixed, TargetBand
from taskgen.curricula.adapters import iterable_dataset, row_stream, task_stream
from taskgen.verifiers.extract import boxed
from taskgen.verifiers.rewards import TrlReward


def test_task_stream_is_endless_and_follows_the_curriculum() -> None:
    band = TargetBand("sat", window=4, start=1)
    stream = task_stream(band, batch_size=4)
    first = list(islice(stream, 4))
    band.update(first, [1.0] * 4)
    later = list(islice(stream, 8))
    assert {t.difficulty for t in first} == {1}
    assert {t.difficulty for t in later} == {2}


@pytest.mark.parametrize("row_format", ["trl", "verl", "openrlhf"])
def test_row_stream_rows_carry_the_task(row_format: str) -> None:
    row = next(row_stream(Fixed({"sat": 2}), row_format))  # type: ignore[arg-type]
    text = {"trl": row.get("task"), "openrlhf": row.get("label")}.get(row_format)
    if row_format == "verl":
        text = row["reward_model"]["ground_truth"]
    task = taskgen.load_task(text)
    assert task.difficulty == 2


def test_bad_format_or_batch_size_raise() -> None:
    with pytest.raises(InvalidParamsError):
        row_stream(Fixed({"sat": 1}), "csv")  # type: ignore[arg-type]
    with pytest.raises(InvalidParamsError):
        task_stream(Fixed({"sat": 1}), batch_size=0)


def test_iterable_dataset_without_the_extra_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "datasets", None)  # makes "import datasets" fail
    with pytest.raises(ImportError, match=r"taskgen\[datasets\]"):
        iterable_dataset(Fixed({"sat": 1}))


def test_iterable_dataset_feeds_a_trl_loop_that_moves_the_curriculum() -> None:
    band = TargetBand("sat", window=4, start=1)
    dataset = iterable_dataset(band, "trl", batch_size=4)
    reward = TrlReward(band)
    rows = list(islice(iter(dataset), 4))
    assert {row["difficulty"] for row in rows} == {1}
    completions = [
        [{"role": "assistant", "content": boxed(taskgen.load_task(r["task"]).answer)}] for r in rows
    ]
    assert reward(completions, task=[r["task"] for r in rows]) == [1.0] * 4
    assert band.levels() == {"sat": 2.0}
    assert {row["difficulty"] for row in islice(iter(dataset), 4)} == {2}
