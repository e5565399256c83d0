"""Keep each family's success rate inside a target band by moving its level up or down.

Group-relative methods (GRPO, RLOO) learn nothing from a prompt that every sample solves or
every sample fails: the advantage is zero. The signal is strongest where success is neither
rare nor certain, so this scheduler holds each family in a band such as ``[0.3, 0.7]``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import get
from taskgen.core.task import Task
from taskgen.curricula.base import (
    BaseCurriculum,
    check_families,
    check_fraction,
    check_positive_int,
    check_weights,
    clamp_level,
)


class TargetBand(BaseCurriculum):
    """Per family: level up when the rolling success rate is above ``high``, down below ``low``.

    Each family keeps the last ``window`` results of tasks at its current level. Once the
    window is full, a mean above ``high`` raises the level by ``step``, a mean below ``low``
    lowers it, and either move empties the window (results at the old level no longer
    count). Inside the band the window keeps rolling.

    Args:
        families: One family name or several.
        low: Lower edge of the band (default 0.3).
        high: Upper edge of the band (default 0.7).
        window: Results per decision (default 32).
        start: First level (clamped to each family's range).
        step: Levels moved per decision (default 1).
        weights: Relative frequency per family (default: equal).
        seed: Seeds the family choices and the tasks.
        knobs: Optional explicit knobs per family.
    """

    kind = "target_band"

    def __init__(
        self,
        families: Sequence[str] | str,
        *,
        low: float = 0.3,
        high: float = 0.7,
        window: int = 32,
        start: int = 1,
        step: int = 1,
        weights: Mapping[str, float] | None = None,
        seed: int = 0,
        knobs: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(seed=seed, knobs=knobs)
        self._names = check_families(families)
        self.low = check_fraction("low", low)
        self.high = check_fraction("high", high)
        if self.low >= self.high:
            raise InvalidParamsError(f"low must be below high, got low={low}, high={high}")
        self.window = check_positive_int("window", window)
        self.step = check_positive_int("step", step)
        self._weights = check_weights(self._names, weights)
        self._level = {name: clamp_level(name, start) for name in self._names}
        self._recent: dict[str, deque[float]] = {
            name: deque(maxlen=self.window) for name in self._names
        }
        self._moves = dict.fromkeys(self._names, 0)

    def levels(self) -> dict[str, float]:
        """Returns each family's current level."""
        return {name: float(level) for name, level in self._level.items()}

    def _next_task(self) -> Task:
        family = self._pick(self._weights) if len(self._names) > 1 else self._names[0]
        return self._draw(family, self._level[family])

    def _observe(self, task: Task, success: float) -> None:
        family = task.family
        if family not in self._level or task.difficulty != self._level[family]:
            return
        recent = self._recent[family]
        recent.append(success)
        if len(recent) < self.window:
            return
        rate = sum(recent) / len(recent)
        spec = get(family)
        level = self._level[family]
        if rate > self.high:
            level = min(level + self.step, spec.max_level)
        elif rate < self.low:
            level = max(level - self.step, spec.min_level)
        if level != self._level[family]:
            self._level[family] = level
            self._moves[family] += 1
            recent.clear()

    def _state(self) -> dict[str, Any]:
        return {
            "level": dict(self._level),
            "recent": {name: list(values) for name, values in self._recent.items()},
            "moves": dict(self._moves),
        }

    def _load_state(self, state: Mapping[str, Any]) -> None:
        for name in self._names:
            self._level[name] = int(state["level"][name])
            self._recent[name] = deque(
                (float(v) for v in state["recent"][name]), maxlen=self.window
            )
            self._moves[name] = int(state["moves"][name])

    def _stats(self) -> dict[str, Any]:
        rates = {
            name: (sum(values) / len(values) if values else None)
            for name, values in self._recent.items()
        }
        return {"success": rates, "moves": dict(self._moves), "band": [self.low, self.high]}
