"""Task streams on disk: JSONL and Parquet, read back as Tasks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import taskgen
from taskgen.export import MissingParquetError, ParquetSink, read_tasks


def _generate(out: Path, workers: int, family: str = "sat", n: int = 130) -> bytes:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "taskgen.cli",
            "generate",
            "-f",
            family,
            "-d",
            "2",
            "-n",
            str(n),
            "-s",
            "5",
            "-o",
            str(out),
            "-w",
            str(workers),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def test_parquet_has_the_same_bytes_whatever_the_workers(tmp_path: Path) -> None:
    one = _generate(tmp_path / "one.parquet", 1)
    two = _generate(tmp_path / "two.parquet", 2)
    assert one == two


@pytest.mark.parametrize("family", ["sat", "sudoku", "kuhn_poker"])
def test_parquet_and_jsonl_read_back_the_same_tasks(tmp_path: Path, family: str) -> None:
    _generate(tmp_path / "t.parquet", 1, family, n=12)
    _generate(tmp_path / "t.jsonl", 1, family, n=12)
    expected = list(taskgen.generate(family, 12, 2, 5))
    assert list(read_tasks(tmp_path / "t.parquet")) == expected
    assert list(read_tasks(tmp_path / "t.jsonl")) == expected


def test_row_groups_have_a_fixed_size(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    sink = ParquetSink(tmp_path / "g.parquet", row_group_size=4)
    tasks = list(taskgen.generate("sat", 10, 1, 0))
    sink.write_lines([t.model_dump_json() for t in tasks[:3]])
    sink.write_lines([t.model_dump_json() for t in tasks[3:]])
    sink.close()
    metadata = pq.ParquetFile(str(tmp_path / "g.parquet")).metadata
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [4, 4, 2]


def test_missing_pyarrow_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingParquetError, match=r"taskgen\[parquet\]"):
        ParquetSink(tmp_path / "x.parquet")
