"""Adapters that plug a curriculum into a trainer without the trainer knowing.

* :func:`task_stream` — an endless iterator of tasks, pulled from the curriculum in batches;
* :func:`row_stream` — the same as dataset rows for TRL, verl or OpenRLHF;
* :func:`iterable_dataset` — a Hugging Face ``datasets.IterableDataset`` of those rows (needs
  the ``datasets`` extra: ``pip install 'taskgen[datasets]'``).

Rewards flow back through :class:`taskgen.verifiers.rewards.TrlReward` (``curriculum=``) or
any call to ``curriculum.update``. Rows are drawn lazily, so a row handed to the trainer
reflects the curriculum's state at the time it was read (a trainer that prefetches a batch
sees the update one batch later). Iterate in the process that receives the rewards: a data
loader with worker processes would copy the curriculum (TRL's default of 0 workers is right).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any, Literal

from taskgen.core.errors import InvalidParamsError
from taskgen.core.task import Task
from taskgen.curricula.base import Curriculum, check_positive_int
from taskgen.verifiers.rewards import openrlhf_row, trl_row, verl_row

RowFormat = Literal["trl", "verl", "openrlhf"]
ROW_FORMATS: tuple[str, ...] = ("trl", "verl", "openrlhf")


def task_stream(curriculum: Curriculum, batch_size: int = 16) -> Iterator[Task]:
    """Yields tasks forever, asking the curriculum for ``batch_size`` at a time.

    >>> from itertools import islice
    >>> from taskgen.curricula import Fixed
    >>> [t.difficulty for t in islice(task_stream(Fixed({"sat": 2}), batch_size=2), 3)]
    [2, 2, 2]
    """
    check_positive_int("batch_size", batch_size)

    def stream() -> Iterator[Task]:
        while True:
            yield from curriculum.next_tasks(batch_size)

    return stream()


def _row_maker(format: str, conversational: bool) -> Callable[[Task, int], dict[str, Any]]:
    if format == "trl":
        return lambda task, index: trl_row(task, conversational=conversational)
    if format == "verl":
        return lambda task, index: verl_row(task, index=index)
    if format == "openrlhf":
        return lambda task, index: openrlhf_row(task)
    raise InvalidParamsError(f"unknown row format {format!r}; known: {', '.join(ROW_FORMATS)}")


def row_stream(
    curriculum: Curriculum,
    format: RowFormat = "trl",
    *,
    batch_size: int = 16,
    conversational: bool = True,
) -> Iterator[dict[str, Any]]:
    """Yields dataset rows forever (see :func:`taskgen.verifiers.rewards.trl_row` & co.).

    >>> from taskgen.curricula import Fixed
    >>> row = next(row_stream(Fixed({"sat": 1}), "verl"))
    >>> row["data_source"], row["extra_info"]["index"]
    ('taskgen/sat', 0)
    """
    make = _row_maker(format, conversational)

    def rows() -> Iterator[dict[str, Any]]:
        for index, task in enumerate(task_stream(curriculum, batch_size)):
            yield make(task, index)

    return rows()


def iterable_dataset(
    curriculum: Curriculum,
    format: RowFormat = "trl",
    *,
    batch_size: int = 16,
    conversational: bool = True,
) -> Any:
    """Returns an endless ``datasets.IterableDataset`` of rows drawn from the curriculum.

    Trainers need a step budget for an endless dataset (TRL: ``max_steps``).

    Raises:
        ImportError: the ``datasets`` extra is not installed (the message says how).
    """
    _row_maker(format, conversational)  # fail on a bad format before importing anything
    check_positive_int("batch_size", batch_size)
    try:
        datasets = importlib.import_module("datasets")
    except ImportError as exc:
        raise ImportError(
            "iterable_dataset needs the Hugging Face datasets library: "
            "pip install 'taskgen[datasets]' (or use row_stream / task_stream)"
        ) from exc

    def generate() -> Iterator[dict[str, Any]]:
        yield from row_stream(
            curriculum, format, batch_size=batch_size, conversational=conversational
        )

    return datasets.IterableDataset.from_generator(generate)
