"""A bandit over (family, level) arms driven by absolute learning progress.

Learning progress is how fast success on an arm is changing. Following the teacher-student
and ALP-GMM line of work (Matiisen et al. 2017; Portelas et al. 2019), each arm keeps a fast
and a slow exponential moving average of its success; their absolute difference is the arm's
*absolute learning progress* (ALP). It is high where the learner is improving (or forgetting)
and near zero on arms it has mastered or cannot yet touch, so sampling arms in proportion to
ALP finds the frontier without a hand-set threshold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import get
from taskgen.core.task import Task
from taskgen.curricula.base import BaseCurriculum, check_families, check_fraction


def arm_key(family: str, level: int) -> str:
    """Returns the name of an arm, ``"family@level"``.

    >>> arm_key("sat", 3)
    'sat@3'
    """
    return f"{family}@{level}"


class LearningProgress(BaseCurriculum):
    """Samples (family, level) arms in proportion to absolute learning progress.

    With probability ``explore`` an arm is drawn uniformly; otherwise in proportion to its
    ALP = |fast EMA − slow EMA| of success (uniformly while every ALP is zero). An arm's
    averages start at its first result. Results of tasks outside the arms are ignored.

    ``levels()`` reports, per family, the mean level of the progress-driven choice (the
    levels the bandit is focusing on), without the uniform exploration.

    Args:
        families: One family name or several.
        levels: The levels to use as arms (default: every level of each family).
        fast: Step size of the fast average (default 0.1).
        slow: Step size of the slow average (default 0.02); must be below ``fast``.
        explore: Probability of a uniform draw (default 0.2).
        seed: Seeds the arm choices and the tasks.
        knobs: Optional explicit knobs per family.
    """

    kind = "learning_progress"

    def __init__(
        self,
        families: Sequence[str] | str,
        *,
        levels: Sequence[int] | None = None,
        fast: float = 0.1,
        slow: float = 0.02,
        explore: float = 0.2,
        seed: int = 0,
        knobs: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(seed=seed, knobs=knobs)
        self._names = check_families(families)
        self.fast = check_fraction("fast", fast)
        self.slow = check_fraction("slow", slow)
        if not 0 < self.slow < self.fast:
            raise InvalidParamsError(f"need 0 < slow < fast, got slow={slow}, fast={fast}")
        self.explore = check_fraction("explore", explore)
        self._arms: dict[str, tuple[str, int]] = {}
        for name in self._names:
            spec = get(name)
            chosen = range(spec.min_level, spec.max_level + 1) if levels is None else levels
            for level in chosen:
                if spec.min_level <= level <= spec.max_level:
                    self._arms[arm_key(name, level)] = (name, level)
        if not self._arms:
            raise InvalidParamsError(f"no level in {levels} is valid for {self._names}")
        self._ema: dict[str, list[float]] = {}  # arm -> [fast, slow, count]

    def progress(self) -> dict[str, float]:
        """Returns each arm's absolute learning progress (0 for an arm never tried)."""
        return {
            key: abs(self._ema[key][0] - self._ema[key][1]) if key in self._ema else 0.0
            for key in self._arms
        }

    def probabilities(self) -> dict[str, float]:
        """Returns the probability of drawing each arm next."""
        greedy = self._greedy()
        uniform = 1.0 / len(self._arms)
        return {
            key: self.explore * uniform + (1 - self.explore) * greedy[key] for key in self._arms
        }

    def _greedy(self) -> dict[str, float]:
        alp = self.progress()
        total = sum(alp.values())
        if total <= 0:
            return {key: 1.0 / len(self._arms) for key in self._arms}
        return {key: value / total for key, value in alp.items()}

    def levels(self) -> dict[str, float]:
        """Returns, per family, the mean level of the progress-driven arm choice."""
        greedy = self._greedy()
        result = {}
        for name in self._names:
            mass = {lvl: greedy[key] for key, (f, lvl) in self._arms.items() if f == name}
            total = sum(mass.values())
            result[name] = sum(lvl * p for lvl, p in mass.items()) / total if total else 0.0
        return result

    def _next_task(self) -> Task:
        rng = self._rng()
        keys = list(self._arms)
        if rng.random() < self.explore:
            key = keys[rng.randrange(len(keys))]
        else:
            greedy = self._greedy()
            key = rng.choices(keys, weights=[greedy[k] for k in keys])[0]
        family, level = self._arms[key]
        return self._draw(family, level)

    def _observe(self, task: Task, success: float) -> None:
        key = arm_key(task.family, task.difficulty)
        if key not in self._arms:
            return
        if key not in self._ema:
            self._ema[key] = [success, success, 1.0]
            return
        cell = self._ema[key]
        cell[0] += self.fast * (success - cell[0])
        cell[1] += self.slow * (success - cell[1])
        cell[2] += 1

    def _state(self) -> dict[str, Any]:
        return {"ema": {key: list(cell) for key, cell in self._ema.items()}}

    def _load_state(self, state: Mapping[str, Any]) -> None:
        self._ema = {key: [float(x) for x in cell] for key, cell in state["ema"].items()}

    def _stats(self) -> dict[str, Any]:
        alp = self.progress()
        return {
            "arms": {
                key: {
                    "alp": round(alp[key], 6),
                    "success": round(self._ema[key][0], 6) if key in self._ema else None,
                    "results": int(self._ema[key][2]) if key in self._ema else 0,
                }
                for key in self._arms
            }
        }
