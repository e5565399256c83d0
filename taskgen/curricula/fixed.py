"""Open-loop curricula: a fixed mix of levels, and levels as a function of progress."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import get
from taskgen.core.task import Task
from taskgen.curricula.base import (
    BaseCurriculum,
    check_families,
    check_positive_int,
    check_weights,
    clamp_level,
)


class _SuccessLog(BaseCurriculum):
    """Keeps the mean success per (family, level) for ``stats`` (results do not steer)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._tally: dict[str, list[float]] = {}

    def _observe(self, task: Task, success: float) -> None:
        cell = self._tally.setdefault(f"{task.family}@{task.difficulty}", [0.0, 0.0])
        cell[0] += success
        cell[1] += 1

    def _state(self) -> dict[str, Any]:
        return {"tally": {key: list(cell) for key, cell in self._tally.items()}}

    def _load_state(self, state: Mapping[str, Any]) -> None:
        self._tally = {key: [float(s), float(n)] for key, (s, n) in state["tally"].items()}

    def _stats(self) -> dict[str, Any]:
        return {"success": {key: s / n for key, (s, n) in sorted(self._tally.items()) if n}}


class Fixed(_SuccessLog):
    """Draws families by weight, each at a fixed level; results are only logged.

    Args:
        levels: The level of each family, e.g. ``{"sat": 5, "sudoku": 3}``.
        weights: Relative frequency per family (default: equal).
        seed: Seeds the family choices and the tasks.
        knobs: Optional explicit knobs per family.

    >>> curriculum = Fixed({"sat": 4}, seed=0)
    >>> [task.difficulty for task in curriculum.next_tasks(3)]
    [4, 4, 4]
    """

    kind = "fixed"

    def __init__(
        self,
        levels: Mapping[str, int],
        weights: Mapping[str, float] | None = None,
        *,
        seed: int = 0,
        knobs: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(seed=seed, knobs=knobs)
        names = check_families(list(levels))
        self._levels = {name: get(name).check_level(levels[name]) for name in names}
        self._weights = check_weights(names, weights)

    def levels(self) -> dict[str, float]:
        """Returns the fixed level of each family."""
        return {name: float(level) for name, level in self._levels.items()}

    def _next_task(self) -> Task:
        family = self._pick(self._weights) if len(self._weights) > 1 else next(iter(self._weights))
        return self._draw(family, self._levels[family])


LevelFunction = Callable[[float], float]
"""Maps training progress in ``[0, 1]`` to a level (rounded down, clamped to the range)."""


class Schedule(_SuccessLog):
    """Sets each family's level from the fraction of ``total`` tasks served so far.

    Progress counts tasks *served* (not results), so a schedule also runs where no rewards
    come back. By default the levels ``start..end`` get equal shares of ``total``; pass
    ``level_at`` for any other shape (``lambda p: 1 + 9 * p ** 2``). After ``total`` tasks
    the last level stays.

    Args:
        families: One family name or several.
        total: Number of tasks over which the schedule runs.
        start: First level (clamped to each family's range).
        end: Last level (default: each family's highest).
        level_at: Optional function from progress in ``[0, 1]`` to a level.
        weights: Relative frequency per family (default: equal).
        seed: Seeds the family choices and the tasks.
        knobs: Optional explicit knobs per family.

    >>> curriculum = Schedule("sat", total=4, start=1, end=2)
    >>> [task.difficulty for task in curriculum.next_tasks(5)]
    [1, 1, 2, 2, 2]
    """

    kind = "schedule"

    def __init__(
        self,
        families: Sequence[str] | str,
        total: int,
        *,
        start: int = 1,
        end: int | None = None,
        level_at: LevelFunction | None = None,
        weights: Mapping[str, float] | None = None,
        seed: int = 0,
        knobs: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(seed=seed, knobs=knobs)
        self._names = check_families(families)
        self._total = check_positive_int("total", total)
        if end is not None and end < start:
            raise InvalidParamsError(f"end must be >= start, got start={start}, end={end}")
        self._start = start
        self._end = end
        self._level_at = level_at
        self._weights = check_weights(self._names, weights)

    @property
    def progress(self) -> float:
        """Returns the fraction of ``total`` served, capped at 1."""
        return min(self._served / self._total, 1.0)

    def level_of(self, family: str) -> int:
        """Returns the current level of ``family``."""
        spec = get(family)
        if self._level_at is not None:
            return clamp_level(family, self._level_at(self.progress))
        start = clamp_level(family, self._start)
        end = spec.max_level if self._end is None else clamp_level(family, self._end)
        return min(start + int(self.progress * (end - start + 1)), end)

    def levels(self) -> dict[str, float]:
        """Returns each family's current level."""
        return {name: float(self.level_of(name)) for name in self._names}

    def _stats(self) -> dict[str, Any]:
        return {"progress": self.progress, **super()._stats()}

    def _next_task(self) -> Task:
        family = self._pick(self._weights) if len(self._names) > 1 else self._names[0]
        return self._draw(family, self.level_of(family))
