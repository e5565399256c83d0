"""The curriculum protocol and the machinery every built-in scheduler shares.

A curriculum answers "what next?" from results. It is a plain object with four methods:

* ``next_tasks(n)`` returns ``n`` tasks to train on;
* ``update(tasks, rewards)`` reports what the learner earned on tasks it was given;
* ``state_dict()`` / ``load_state_dict(state)`` save and restore its progress as JSON-ready data;
* ``stats()`` summarises it for logging (every built-in reports ``levels``: family -> level).

It knows nothing of any trainer. Rewards are read as *success*: each reward is clipped to
``[0, 1]``, so a binary reward is a success indicator, a partial-credit reward is a fractional
success and SATURN's -1 (no answer) counts as 0.

Determinism: a curriculum draws only from its own ``seed``. The ``i``-th random choice and the
``i``-th task seed are stable hashes of ``(seed, i)``, so the state is a few counters and a
restored curriculum continues exactly where the saved one stopped.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

from taskgen.core.api import sample
from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import get, infos
from taskgen.core.seeding import MAX_SEED, stable_int
from taskgen.core.task import Task, load_task

STATE_VERSION = 1
"""Version of the ``state_dict`` layout; bumped when it changes incompatibly."""

TaskLike = Task | dict[str, Any] | str
"""What ``update`` accepts for a task: a :class:`Task`, its dict or its JSON text."""


@runtime_checkable
class Curriculum(Protocol):
    """What trainers and adapters rely on; any object with these methods is a curriculum."""

    def next_tasks(self, n: int) -> list[Task]:
        """Returns the next ``n`` tasks to train on."""
        ...

    def update(self, tasks: Sequence[TaskLike], rewards: Sequence[float | None]) -> None:
        """Reports the reward earned on each task (``None`` means "no result")."""
        ...

    def state_dict(self) -> dict[str, Any]:
        """Returns the progress as JSON-serialisable data."""
        ...

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restores progress saved by :meth:`state_dict`."""
        ...

    def stats(self) -> dict[str, Any]:
        """Returns a JSON-ready summary for logging."""
        ...


def task_family_names() -> list[str]:
    """Returns the sorted names of every registered family that is not a game.

    >>> "sat" in task_family_names()
    True
    """
    return [info.name for info in infos() if info.kind != "game"]


def success(reward: float) -> float:
    """Returns ``reward`` clipped to ``[0, 1]``: how curricula read a reward as success.

    >>> success(-1.0), success(0.25), success(3.0)
    (0.0, 0.25, 1.0)
    """
    return min(max(float(reward), 0.0), 1.0)


def check_families(families: Sequence[str] | str) -> list[str]:
    """Returns ``families`` as a list of registered, non-game names (a str is one family).

    Raises:
        UnknownFamilyError: a name is not registered (the message suggests the nearest).
        InvalidParamsError: the list is empty, repeats a name or names a game.
    """
    names = [families] if isinstance(families, str) else list(families)
    if not names:
        raise InvalidParamsError("a curriculum needs at least one family")
    if len(set(names)) != len(names):
        raise InvalidParamsError(f"families repeat a name: {names}")
    for name in names:
        if get(name).kind == "game":
            raise InvalidParamsError(
                f"{name!r} is a game; curricula schedule single-answer families"
            )
    return names


def clamp_level(family: str, level: float) -> int:
    """Returns ``level`` rounded down and clamped to the family's level range."""
    spec = get(family)
    return min(max(int(level), spec.min_level), spec.max_level)


def check_weights(names: Sequence[str], weights: Mapping[str, float] | None) -> dict[str, float]:
    """Returns one non-negative weight per name (default: equal), rejecting a bad mapping."""
    if weights is None:
        return dict.fromkeys(names, 1.0)
    unknown = sorted(set(weights) - set(names))
    if unknown:
        raise InvalidParamsError(f"weights name {unknown[0]!r}, which is not one of {names}")
    result = {name: float(weights.get(name, 0.0)) for name in names}
    if any(w < 0 for w in result.values()) or sum(result.values()) <= 0:
        raise InvalidParamsError(f"weights must be non-negative with a positive sum, got {weights}")
    return result


def check_positive_int(name: str, value: object) -> int:
    """Returns ``value`` if it is a positive integer, else raises with the input."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidParamsError(f"{name} must be a positive integer, got {value!r}")
    return value


def check_fraction(name: str, value: object) -> float:
    """Returns ``value`` if it is a number in ``[0, 1]``, else raises with the input."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidParamsError(f"{name} must be a number in [0, 1], got {value!r}")
    return float(value)


class BaseCurriculum(ABC):
    """Shared machinery: seeding, counters, argument checks, state versioning.

    Subclasses implement :meth:`_next_task`, :meth:`_observe`, :meth:`levels` and, when they
    keep state beyond the counters, :meth:`_state` / :meth:`_load_state`.

    Args:
        seed: Seeds every random choice and every task this curriculum draws.
        knobs: Optional explicit knobs per family (``{"sat": {"unique": True}}``), applied to
            every task of that family on top of its level's knobs.
    """

    kind: ClassVar[str] = ""
    """Name written into ``state_dict()["kind"]``; a state only loads into the same kind."""

    def __init__(self, *, seed: int = 0, knobs: Mapping[str, Mapping[str, Any]] | None = None):
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
            raise InvalidParamsError(f"seed must be an integer 0–{MAX_SEED}, got {seed!r}")
        self.seed = seed
        self.knobs: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (knobs or {}).items()}
        self._served = 0
        self._choices = 0
        self._results = 0

    # -- the protocol -------------------------------------------------------------------------

    def next_tasks(self, n: int) -> list[Task]:
        """Returns the next ``n`` tasks (``n`` >= 0)."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InvalidParamsError(f"n must be a non-negative integer, got {n!r}")
        return [self._next_task() for _ in range(n)]

    def update(self, tasks: Sequence[TaskLike], rewards: Sequence[float | None]) -> None:
        """Reports rewards; ``None`` rewards (a trainer's "not applicable") are skipped.

        Raises:
            InvalidParamsError: ``tasks`` and ``rewards`` differ in length.
        """
        if len(tasks) != len(rewards):
            raise InvalidParamsError(
                f"update needs one reward per task, got {len(tasks)} tasks, {len(rewards)} rewards"
            )
        for task, reward in zip(tasks, rewards, strict=True):
            if reward is None:
                continue
            self._results += 1
            self._observe(load_task(task), success(reward))

    def state_dict(self) -> dict[str, Any]:
        """Returns the progress as JSON-ready data (configuration is not included)."""
        return {
            "kind": self.kind,
            "version": STATE_VERSION,
            "served": self._served,
            "choices": self._choices,
            "results": self._results,
            **self._state(),
        }

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        """Restores progress saved by :meth:`state_dict` of an identically built curriculum.

        Raises:
            InvalidParamsError: the state is from another kind of curriculum or version, or
                does not fit this one (other families); the curriculum is then unchanged.
        """
        if state.get("kind") != self.kind or state.get("version") != STATE_VERSION:
            raise InvalidParamsError(
                f"state is for {state.get('kind')!r} v{state.get('version')}, "
                f"not {self.kind!r} v{STATE_VERSION}"
            )
        before = self.state_dict()
        try:
            self._served = int(state["served"])
            self._choices = int(state["choices"])
            self._results = int(state["results"])
            self._load_state(state)
        except (KeyError, TypeError, ValueError) as exc:
            if state is not before:
                self.load_state_dict(before)
            raise InvalidParamsError(
                f"state does not fit this {self.kind} curriculum: {type(exc).__name__} {exc}"
            ) from None

    def stats(self) -> dict[str, Any]:
        """Returns ``kind``, ``served``, ``results``, ``levels`` and scheduler-specific facts."""
        return {
            "kind": self.kind,
            "served": self._served,
            "results": self._results,
            "levels": self.levels(),
            **self._stats(),
        }

    # -- for subclasses -----------------------------------------------------------------------

    @abstractmethod
    def levels(self) -> dict[str, float]:
        """Returns the current level per family (a mean level where a distribution is used)."""

    @abstractmethod
    def _next_task(self) -> Task:
        """Returns one task."""

    @abstractmethod
    def _observe(self, task: Task, success: float) -> None:
        """Takes one result, already read as success in ``[0, 1]``."""

    def _state(self) -> dict[str, Any]:
        return {}

    def _load_state(self, state: Mapping[str, Any]) -> None:  # noqa: B027  (optional hook)
        """Restores what :meth:`_state` saved."""

    def _stats(self) -> dict[str, Any]:
        return {}

    def _make(self, family: str, level: int, stream: str, index: int) -> Task:
        """Returns item ``index`` of the named task ``stream`` of ``family`` at ``level``.

        The task seed is a hash of this curriculum's seed, the stream name, the family, the
        level and the index: a fixed stream and index give a reproducible set (a validation
        set), and different streams never share a task.
        """
        task_seed = stable_int("curriculum", stream, self.seed, family, level, index)
        return sample(family, level, task_seed, **self.knobs.get(family, {}))

    def _draw(self, family: str, level: int) -> Task:
        """Returns a fresh training task of ``family`` at ``level`` and counts it as served."""
        task = self._make(family, level, "train", self._served)
        self._served += 1
        return task

    def _rng(self) -> random.Random:
        """Returns a generator for the next random choice (a hash of the seed and a counter)."""
        self._choices += 1
        return random.Random(stable_int("choice", self.kind, self.seed, self._choices))

    def _pick(self, weights: Mapping[str, float]) -> str:
        """Returns one key of ``weights`` with probability proportional to its weight."""
        keys = [key for key in sorted(weights) if weights[key] > 0]
        if not keys:
            keys = sorted(weights)
            return keys[self._rng().randrange(len(keys))]
        return self._rng().choices(keys, weights=[weights[k] for k in keys])[0]


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
