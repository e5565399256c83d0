"""Trainer-ready export: each trainer's rows, a validation split that shares no task."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import taskgen
from taskgen.cli import app
from taskgen.export import content_key, read_tasks, row_of, validation_seed, write_rows
from taskgen.trainers.verl import compute_score

runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_verl_parquet_has_verls_schema_and_a_disjoint_validation_file(tmp_path: Path) -> None:
    out = tmp_path / "train.parquet"
    _run("generate", "-f", "sudoku", "-d", "3", "-n", "40", "--format", "verl", "-o", str(out),
         "--split", "12")  # fmt: skip
    train = pq.read_table(out).to_pylist()
    valid = pq.read_table(tmp_path / "train.validation.parquet").to_pylist()
    assert len(train) == 40 and len(valid) == 12
    row = train[0]
    assert set(row) == {"data_source", "prompt", "ability", "reward_model", "extra_info"}
    assert row["data_source"] == "taskgen/sudoku" and row["prompt"][0]["role"] == "user"
    assert row["reward_model"]["style"] == "rule"
    assert [r["extra_info"]["index"] for r in train] == list(range(40))
    assert {r["extra_info"]["split"] for r in valid} == {"validation"}
    tasks = [taskgen.load_task(r["reward_model"]["ground_truth"]) for r in train + valid]
    train_ids = {t.id for t in tasks[:40]}
    assert not train_ids & {t.id for t in tasks[40:]}
    assert not {content_key(t) for t in tasks[:40]} & {content_key(t) for t in tasks[40:]}
    gold = compute_score(row["data_source"], "\\boxed{" + tasks[0].answer + "}",
                         row["reward_model"]["ground_truth"], row["extra_info"])  # fmt: skip
    assert gold["score"] == 1.0


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
@pytest.mark.parametrize("fmt", ["trl", "openrlhf", "tasks"])
def test_every_format_carries_the_task(tmp_path: Path, fmt: str, suffix: str) -> None:
    tasks = list(taskgen.generate("futoshiki", 5, 2, seed=3))
    out = tmp_path / f"rows{suffix}"
    assert write_rows(tasks, out, fmt) == 5
    if fmt == "tasks":
        assert list(read_tasks(out)) == tasks
        return
    if suffix == ".parquet":
        rows = pq.read_table(out).to_pylist()
    else:
        rows = [json.loads(line) for line in out.read_text().splitlines()]
    column = "task" if fmt == "trl" else "label"
    assert [taskgen.load_task(r[column]) for r in rows] == tasks
    assert rows[0] == json.loads(json.dumps(row_of(tasks[0], fmt)))


def test_trl_rows_load_with_the_datasets_library(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "trl.parquet"
    _run("generate", "-f", "sat", "-d", "4", "-n", "6", "--format", "trl", "-o", str(out))
    dataset = datasets.load_dataset("parquet", data_files=str(out), split="train")
    assert dataset.num_rows == 6 and dataset[0]["prompt"][0]["role"] == "user"


def test_row_files_have_the_same_bytes_whatever_the_workers(tmp_path: Path) -> None:
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    for path, workers in ((one, "1"), (two, "2")):
        _run("generate", "-f", "sat", "-d", "3", "-n", "120", "--format", "verl", "-o",
             str(path), "-w", workers)  # fmt: skip
    assert one.read_bytes() == two.read_bytes()


def test_format_and_split_errors_are_one_line(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["generate", "-f", "sat", "-n", "2", "--format", "csv", "-o",
                              str(tmp_path / "x.jsonl")])  # fmt: skip
    assert bad.exit_code == 2 and "is not one of tasks, trl, verl, openrlhf" in bad.output
    few = runner.invoke(app, ["generate", "-f", "sat", "-d", "1", "-n", "300", "-o",
                              str(tmp_path / "s.jsonl"), "--split", "100"])  # fmt: skip
    assert few.exit_code == 2 and "few distinct puzzles" in few.output
    assert validation_seed(5) != 5 and validation_seed(5) == validation_seed(5)
