"""Writers and readers for task streams: JSONL (built in) and Parquet (extra ``parquet``).

``taskgen generate --out tasks.parquet`` writes Parquet; ``read_tasks`` reads either format
back into :class:`~taskgen.core.task.Task` objects. In Parquet, the scalar fields are typed
columns and ``params``, ``instance`` and ``meta`` are JSON text columns, so one schema fits
every family. Row groups have a fixed size, so the bytes do not depend on how many worker
processes produced the stream.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from taskgen.core.errors import TaskgenError
from taskgen.core.task import Task, load_task

ROW_GROUP_SIZE = 10_000
SCALAR_COLUMNS = ("family", "id", "seed", "difficulty", "version", "prompt", "answer")
JSON_COLUMNS = ("params", "instance", "meta")
INSTALL_HINT = "Parquet needs pyarrow; install the extra: pip install 'taskgen[parquet]'"


class MissingParquetError(TaskgenError, ImportError):
    """Raised when Parquet is asked for but pyarrow is not installed."""


class TaskSink(Protocol):
    """Something that takes task records as JSON lines, in order."""

    def write_lines(self, lines: list[str]) -> None:
        """Writes a batch of JSON task records."""

    def close(self) -> None:
        """Flushes and closes the output."""


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise MissingParquetError(INSTALL_HINT) from exc
    return pyarrow, pyarrow.parquet


class JsonlSink:
    """Writes one task record per line to a text stream."""

    def __init__(self, stream: Any, *, owned: bool = True) -> None:
        self.stream = stream
        self.owned = owned

    def write_lines(self, lines: list[str]) -> None:
        """Writes the records, each followed by a newline."""
        self.stream.write("".join(line + "\n" for line in lines))

    def close(self) -> None:
        """Closes the stream if this sink opened it."""
        if self.owned:
            self.stream.close()
        else:
            self.stream.flush()


class ParquetSink:
    """Writes task records to a Parquet file in row groups of :data:`ROW_GROUP_SIZE`."""

    def __init__(self, path: Path | str, row_group_size: int = ROW_GROUP_SIZE) -> None:
        pa, pq = _pyarrow()
        self._pa = pa
        self.schema = pa.schema(
            [
                ("family", pa.string()),
                ("id", pa.string()),
                ("seed", pa.int64()),
                ("difficulty", pa.int32()),
                ("version", pa.int32()),
                ("prompt", pa.string()),
                ("answer", pa.string()),
                *((name, pa.string()) for name in JSON_COLUMNS),
            ]
        )
        self.row_group_size = row_group_size
        self._rows: list[dict[str, Any]] = []
        self._writer = pq.ParquetWriter(str(path), self.schema)

    def write_lines(self, lines: list[str]) -> None:
        """Buffers the records and writes every full row group."""
        for line in lines:
            record = json.loads(line)
            for name in JSON_COLUMNS:
                record[name] = json.dumps(record[name], ensure_ascii=False, separators=(",", ":"))
            self._rows.append(record)
        while len(self._rows) >= self.row_group_size:
            self._flush(self._rows[: self.row_group_size])
            self._rows = self._rows[self.row_group_size :]

    def _flush(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self._writer.write_table(self._pa.Table.from_pylist(rows, schema=self.schema))

    def close(self) -> None:
        """Writes the last, partial row group and closes the file."""
        self._flush(self._rows)
        self._rows = []
        self._writer.close()


def open_sink(path: Path) -> TaskSink:
    """Returns a Parquet sink for ``*.parquet``, else a JSONL sink (``-`` is stdout)."""
    if path.suffix == ".parquet":
        return ParquetSink(path)
    if str(path) == "-":
        import sys

        return JsonlSink(sys.stdout, owned=False)
    return JsonlSink(path.open("w", encoding="utf-8"))


def read_tasks(path: Path | str) -> Iterator[Task]:
    """Yields the tasks of a JSONL or Parquet file written by ``taskgen generate``.

    Raises:
        InvalidTaskError: a record is malformed (the message names the field).
        MissingParquetError: a Parquet file is read without pyarrow.
    """
    path = Path(path)
    if path.suffix == ".parquet":
        _, pq = _pyarrow()
        for batch in pq.ParquetFile(str(path)).iter_batches():
            for row in batch.to_pylist():
                for name in JSON_COLUMNS:
                    row[name] = json.loads(row[name])
                yield load_task(row)
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield load_task(line)
