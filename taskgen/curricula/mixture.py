"""Weights over families, each family scheduled by its own sub-curriculum."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from taskgen.core.errors import InvalidParamsError
from taskgen.core.task import Task, load_task
from taskgen.curricula.base import (
    BaseCurriculum,
    Curriculum,
    TaskLike,
    check_families,
    check_weights,
)
from taskgen.curricula.fixed import Fixed


class Mixture(BaseCurriculum):
    """Draws a family by weight for every task, then asks that family's sub-curriculum.

    Results are routed back by ``task.family``; a result of a family outside the mixture is
    counted in ``stats()["ignored"]`` and dropped. A sub-curriculum should only hand out
    tasks of its own family.

    Args:
        components: Family name -> its curriculum, or a plain level for a fixed level
            (``{"sat": SaturnGate("sat"), "sudoku": 3}``).
        weights: Relative frequency per family (default: equal).
        seed: Seeds the family choices (each sub-curriculum has its own seed).

    >>> mix = Mixture({"sat": 2})
    >>> [t.difficulty for t in mix.next_tasks(2)]
    [2, 2]
    """

    kind = "mixture"

    def __init__(
        self,
        components: Mapping[str, Curriculum | int],
        weights: Mapping[str, float] | None = None,
        *,
        seed: int = 0,
    ) -> None:
        super().__init__(seed=seed)
        names = check_families(list(components))
        self.components: dict[str, Curriculum] = {}
        for name in names:
            part = components[name]
            if isinstance(part, int) and not isinstance(part, bool):
                part = Fixed({name: part}, seed=seed)
            if not isinstance(part, Curriculum):
                raise InvalidParamsError(
                    f"component {name!r} must be a curriculum or a level, got {part!r}"
                )
            self.components[name] = part
        self._weights = check_weights(names, weights)
        self._ignored = 0

    def next_tasks(self, n: int) -> list[Task]:
        """Returns ``n`` tasks; each sub-curriculum is asked once for all of its share."""
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise InvalidParamsError(f"n must be a non-negative integer, got {n!r}")
        slots = [self._pick(self._weights) for _ in range(n)]
        batches = {
            name: iter(self.components[name].next_tasks(slots.count(name)))
            for name in sorted(set(slots))
        }
        self._served += n
        return [next(batches[name]) for name in slots]

    def update(self, tasks: Sequence[TaskLike], rewards: Sequence[float | None]) -> None:
        """Routes each result to the sub-curriculum of its family."""
        if len(tasks) != len(rewards):
            raise InvalidParamsError(
                f"update needs one reward per task, got {len(tasks)} tasks, {len(rewards)} rewards"
            )
        routed: dict[str, tuple[list[TaskLike], list[float | None]]] = {}
        for task, reward in zip(tasks, rewards, strict=True):
            family = task.family if isinstance(task, Task) else load_task(task).family
            if family not in self.components:
                self._ignored += 1
                continue
            if reward is not None:
                self._results += 1
            bucket = routed.setdefault(family, ([], []))
            bucket[0].append(task)
            bucket[1].append(reward)
        for family in sorted(routed):
            self.components[family].update(*routed[family])

    def levels(self) -> dict[str, float]:
        """Returns the level each sub-curriculum reports for its family."""
        result: dict[str, float] = {}
        for name, part in self.components.items():
            result[name] = float(part.stats().get("levels", {}).get(name, 0.0))
        return result

    def _next_task(self) -> Task:  # pragma: no cover - next_tasks is overridden
        return self.next_tasks(1)[0]

    def _observe(self, task: Task, success: float) -> None:  # pragma: no cover - see update
        self.update([task], [success])

    def _state(self) -> dict[str, Any]:
        return {
            "ignored": self._ignored,
            "components": {name: part.state_dict() for name, part in self.components.items()},
        }

    def _load_state(self, state: Mapping[str, Any]) -> None:
        self._ignored = int(state["ignored"])
        for name, part in self.components.items():
            part.load_state_dict(state["components"][name])

    def _stats(self) -> dict[str, Any]:
        return {
            "ignored": self._ignored,
            "weights": dict(self._weights),
            "components": {name: part.stats() for name, part in self.components.items()},
        }
