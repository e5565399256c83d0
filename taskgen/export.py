"""Writers and readers for task streams: JSONL (built in) and Parquet (extra ``parquet``).

``taskgen generate --out tasks.parquet`` writes Parquet; ``read_tasks`` reads either format
back into :class:`~taskgen.core.task.Task` objects. In Parquet, the scalar fields are typed
columns and ``params``, ``instance`` and ``meta`` are JSON text columns, so one schema fits
every family. Row groups have a fixed size, so the bytes do not depend on how many worker
processes produced the stream.

``--format trl|verl|openrlhf`` (``open_sink(path, format=...)``, :func:`write_rows`) writes
each trainer's own rows instead (:mod:`taskgen.trainers`), as JSONL or Parquet with a fixed
schema: verl's ``RLHFDataset`` and ``datasets.load_dataset`` read the files as they are.
:func:`validation_seed` names the seed stream a validation set is drawn from, disjoint from
the training stream of the same seed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from taskgen.core.errors import InvalidParamsError, TaskgenError
from taskgen.core.seeding import MAX_SEED, stable_int
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


FORMATS: tuple[str, ...] = ("tasks", "trl", "verl", "openrlhf")
"""What ``taskgen generate --format`` writes: task records, or a trainer's rows."""


def row_of(task: Task, format: str, *, index: int = 0, split: str = "train") -> dict[str, Any]:
    """Returns ``task`` as one row of ``format`` (a trainer's schema, or the task record)."""
    if format == "tasks":
        record: dict[str, Any] = json.loads(task.model_dump_json())
        return record
    if format == "trl":
        from taskgen.trainers.trl import trl_row

        return trl_row(task)
    if format == "verl":
        from taskgen.trainers.verl import verl_row

        return verl_row(task, index=index, split=split)
    if format == "openrlhf":
        from taskgen.trainers.openrlhf import openrlhf_row

        return openrlhf_row(task)
    raise InvalidParamsError(f"unknown format {format!r}; valid: {', '.join(FORMATS)}")


def _row_schema(pa: Any, format: str) -> Any:
    """The fixed Parquet schema of a trainer's rows (inference could vary by row group)."""
    chat = pa.list_(pa.struct([("role", pa.string()), ("content", pa.string())]))
    if format == "trl":
        return pa.schema(
            [
                ("prompt", chat),
                ("task", pa.string()),
                ("family", pa.string()),
                ("difficulty", pa.int32()),
                ("task_id", pa.string()),
            ]
        )
    if format == "verl":
        extra = pa.struct(
            [
                ("split", pa.string()),
                ("index", pa.int64()),
                ("task_id", pa.string()),
                ("family", pa.string()),
                ("difficulty", pa.int32()),
            ]
        )
        truth = pa.struct([("style", pa.string()), ("ground_truth", pa.string())])
        return pa.schema(
            [
                ("data_source", pa.string()),
                ("prompt", chat),
                ("ability", pa.string()),
                ("reward_model", truth),
                ("extra_info", extra),
            ]
        )
    return pa.schema([("prompt", pa.string()), ("label", pa.string())])


class RowSink:
    """Turns task records into a trainer's rows and writes them (JSONL or Parquet).

    Rows are numbered from 0 in stream order (verl's ``extra_info.index``), so the bytes do
    not depend on how many processes made the tasks.
    """

    def __init__(self, path: Path, format: str, *, split: str = "train") -> None:
        if format not in FORMATS[1:]:
            raise InvalidParamsError(f"unknown row format {format!r}; valid: trl, verl, openrlhf")
        self.format = format
        self.split = split
        self.count = 0
        self.parquet = path.suffix == ".parquet"
        if self.parquet:
            pa, pq = _pyarrow()
            self._pa = pa
            self.schema = _row_schema(pa, format)
            self._rows: list[dict[str, Any]] = []
            self._writer = pq.ParquetWriter(str(path), self.schema)
        else:
            self._inner = open_sink(path)

    def write_lines(self, lines: list[str]) -> None:
        """Converts a batch of task records to rows and writes them."""
        rows = []
        for line in lines:
            rows.append(row_of(load_task(line), self.format, index=self.count, split=self.split))
            self.count += 1
        if not self.parquet:
            dumped = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in rows]
            self._inner.write_lines(dumped)
            return
        self._rows.extend(rows)
        while len(self._rows) >= ROW_GROUP_SIZE:
            self._flush(self._rows[:ROW_GROUP_SIZE])
            self._rows = self._rows[ROW_GROUP_SIZE:]

    def _flush(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self._writer.write_table(self._pa.Table.from_pylist(rows, schema=self.schema))

    def close(self) -> None:
        """Writes what is buffered and closes the output."""
        if self.parquet:
            self._flush(self._rows)
            self._rows = []
            self._writer.close()
        else:
            self._inner.close()


def open_sink(path: Path, format: str = "tasks", *, split: str = "train") -> TaskSink:
    """Returns the sink ``generate`` writes to: task records (``format="tasks"``) as
    Parquet for ``*.parquet`` or JSONL (``-`` is stdout), or a trainer's rows."""
    if format != "tasks":
        return RowSink(path, format, split=split)
    if path.suffix == ".parquet":
        return ParquetSink(path)
    if str(path) == "-":
        import sys

        return JsonlSink(sys.stdout, owned=False)
    return JsonlSink(path.open("w", encoding="utf-8"))


def write_rows(
    tasks: Iterable[Task], path: Path | str, format: str = "tasks", *, split: str = "train"
) -> int:
    """Writes ``tasks`` to ``path`` as task records or a trainer's rows; returns the count.

    >>> import taskgen, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "train.jsonl"
    >>> write_rows(taskgen.generate("sat", 3, 1), out, "openrlhf")
    3
    """
    sink = open_sink(Path(path), format, split=split)
    count = 0
    try:
        for task in tasks:
            sink.write_lines([task.model_dump_json()])
            count += 1
    finally:
        sink.close()
    return count


def validation_seed(seed: int) -> int:
    """The seed of the validation stream that goes with training seed ``seed``.

    A different seed is a different stream of tasks (item ``i`` of a stream is a hash of
    family, version, seed and ``i``), so a validation set drawn from it shares no task id
    with the training set; :func:`content_key` catches the rare identical puzzle.

    >>> validation_seed(0) != 0
    True
    """
    return stable_int("validation", seed) % (MAX_SEED + 1)


def content_key(task: Task) -> str:
    """A digest of what makes two tasks the same puzzle: family, version, knobs and instance
    (not the seed or the id)."""
    text = json.dumps(
        [task.family, task.version, task.params, task.instance],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


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
