"""SATURN's curriculum gate: validate at the current level, advance when pass@1 exceeds ε.

SATURN (arXiv 2505.16368, §2.1) alternates two loops. *Estimation*: at the current level a
validation set is drawn and the model's pass@1 on it measured; if pass@1 > ε the level rises
and estimation repeats, else *training* at that level follows, with pass@1 checked again on the
same validation set every ``check_every`` (250) training samples. The paper's ε is 0.75 for
its 7B model (0.5 for 1.5B). The original code stepped levels by hand; this class runs the
gate automatically over the family's integer levels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import get
from taskgen.core.task import Task
from taskgen.curricula.base import (
    BaseCurriculum,
    check_families,
    check_fraction,
    check_positive_int,
    success,
)

Phase = Literal["validate", "train"]


class SaturnGate(BaseCurriculum):
    """One family's level, raised whenever pass@1 on a validation set exceeds ``eps``.

    A validation set is ``validation_size`` tasks from a stream of their own, so it never
    overlaps the training tasks. As in SATURN, a level is re-checked on the same set, except
    that in-stream validation draws a fresh set for each check (``fresh_validation``): the
    learner has trained on the previous one, so it would overstate pass@1.

    Two ways to measure pass@1:

    * ``in_stream_validation=True`` (default, no extra code in the training loop): while a
      check is due, ``next_tasks`` first hands out the validation tasks; the results that come
      back through ``update`` are the measurement (several samples of one task, as in a GRPO
      group, are averaged). The learner then also trains on them, unlike in the paper.
    * ``in_stream_validation=False``: ``next_tasks`` serves training tasks only; when
      :attr:`needs_validation` is true, evaluate :meth:`validation_tasks` yourself (greedy or
      sampled) and pass the rewards to :meth:`report_validation`.

    If results for some in-stream validation tasks never come back, the missing ones are
    handed out again after ``check_every`` further results, so the gate cannot stall.

    Args:
        family: The family to schedule (SATURN used ``"sat"``).
        start: First level.
        eps: Advance when pass@1 is strictly greater than this (default 0.75, SATURN's 7B).
        validation_size: Tasks in each level's validation set (SATURN held out 20).
        check_every: Training results between two checks at the same level (SATURN: 250).
        max_level: Highest level to reach (default: the family's highest).
        in_stream_validation: See above.
        fresh_validation: Draw a new validation set for every check (default: the same as
            ``in_stream_validation``).
        seed: Seeds the tasks.
        knobs: Optional explicit knobs per family.
    """

    kind = "saturn_gate"

    def __init__(
        self,
        family: str = "sat",
        *,
        start: int = 1,
        eps: float = 0.75,
        validation_size: int = 20,
        check_every: int = 250,
        max_level: int | None = None,
        in_stream_validation: bool = True,
        fresh_validation: bool | None = None,
        seed: int = 0,
        knobs: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(seed=seed, knobs=knobs)
        self.family = check_families(family)[0]
        spec = get(self.family)
        self.eps = check_fraction("eps", eps)
        self.validation_size = check_positive_int("validation_size", validation_size)
        self.check_every = check_positive_int("check_every", check_every)
        self.max_level = spec.max_level if max_level is None else spec.check_level(max_level)
        self.in_stream_validation = bool(in_stream_validation)
        self.fresh_validation = (
            self.in_stream_validation if fresh_validation is None else bool(fresh_validation)
        )
        self.level = spec.check_level(start)
        if self.level > self.max_level:
            raise InvalidParamsError(f"start {start} is above max_level {self.max_level}")
        self._phase: Phase = "validate"
        self._handed_out = 0
        self._scores: dict[str, list[float]] = {}
        self._since_check = 0
        self._history: list[dict[str, Any]] = []
        self._checks = 0
        self._cache: tuple[int, int, list[Task]] | None = None

    # -- validation ---------------------------------------------------------------------------

    def validation_tasks(self) -> list[Task]:
        """Returns the validation set of the current check at the current level."""
        round_ = self._checks if self.fresh_validation else 0
        if self._cache is None or self._cache[:2] != (self.level, round_):
            stream = f"validation/{round_}"
            tasks = [
                self._make(self.family, self.level, stream, i) for i in range(self.validation_size)
            ]
            self._cache = (self.level, round_, tasks)
        return list(self._cache[2])

    @property
    def needs_validation(self) -> bool:
        """Whether a pass@1 measurement at the current level is due."""
        return self._phase == "validate"

    def report_validation(self, rewards: Sequence[float]) -> bool:
        """Takes one reward per validation task (in order); returns whether the level rose.

        Raises:
            InvalidParamsError: not exactly one reward per validation task.
        """
        if len(rewards) != self.validation_size:
            raise InvalidParamsError(
                f"report_validation needs {self.validation_size} rewards, got {len(rewards)}"
            )
        return self._gate(sum(success(r) for r in rewards) / self.validation_size)

    def _gate(self, pass_at_1: float) -> bool:
        advanced = pass_at_1 > self.eps and self.level < self.max_level
        self._history.append(
            {"level": self.level, "pass_at_1": round(pass_at_1, 6), "advanced": advanced}
        )
        self._scores = {}
        self._handed_out = 0
        self._since_check = 0
        self._checks += 1
        if advanced:
            self.level += 1
            self._phase = "validate"
        else:
            self._phase = "train"
        return advanced

    # -- the protocol -------------------------------------------------------------------------

    def levels(self) -> dict[str, float]:
        """Returns the current level of the family."""
        return {self.family: float(self.level)}

    def _next_task(self) -> Task:
        if (
            self.in_stream_validation
            and self._phase == "validate"
            and self._handed_out < self.validation_size
        ):
            task = self.validation_tasks()[self._handed_out]
            self._handed_out += 1
            self._served += 1
            return task
        return self._draw(self.family, self.level)

    def _observe(self, task: Task, success: float) -> None:
        if task.family != self.family or task.difficulty != self.level:
            return  # a late result from another level says nothing about this one
        if task.id in {t.id for t in self.validation_tasks()}:
            if self.in_stream_validation and self._phase == "validate":
                cell = self._scores.setdefault(task.id, [0.0, 0.0])
                cell[0] += success
                cell[1] += 1
                if len(self._scores) == self.validation_size:
                    per_task = [s / n for s, n in self._scores.values()]
                    self._gate(sum(per_task) / len(per_task))
            return
        self._since_check += 1
        if self._since_check < self.check_every:
            return
        if self._phase == "train":
            self._phase = "validate"
            self._since_check = 0
        elif self.in_stream_validation and self._handed_out >= self.validation_size:
            self._handed_out = 0  # results went missing: hand the validation set out again
            self._since_check = 0

    def _state(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "phase": self._phase,
            "handed_out": self._handed_out,
            "scores": {key: list(cell) for key, cell in self._scores.items()},
            "since_check": self._since_check,
            "checks": self._checks,
            "history": [dict(entry) for entry in self._history],
        }

    def _load_state(self, state: Mapping[str, Any]) -> None:
        self.level = int(state["level"])
        phase = state["phase"]
        if phase not in ("validate", "train"):
            raise InvalidParamsError(f"state has an unknown phase {phase!r}")
        self._phase = phase
        self._handed_out = int(state["handed_out"])
        self._scores = {key: [float(s), float(n)] for key, (s, n) in state["scores"].items()}
        self._since_check = int(state["since_check"])
        self._checks = int(state["checks"])
        self._history = [dict(entry) for entry in state["history"]]

    def _stats(self) -> dict[str, Any]:
        last = self._history[-1]["pass_at_1"] if self._history else None
        return {
            "phase": self._phase,
            "last_pass_at_1": last,
            "checks": len(self._history),
            "history": [dict(entry) for entry in self._history[-20:]],
        }
