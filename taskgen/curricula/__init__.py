"""Curriculum schedulers: what to train on next, decided from results.

Every scheduler follows one protocol (:class:`Curriculum`): ``next_tasks(n)``,
``update(tasks, rewards)``, ``state_dict()`` / ``load_state_dict()`` (JSON) and ``stats()``.
None imports a trainer; :mod:`taskgen.trainers` plugs them into one (TRL:
:func:`taskgen.trainers.trl.curriculum_dataset`), and :func:`task_stream` yields a
curriculum's tasks forever.

>>> from taskgen.curricula import TargetBand
>>> band = TargetBand("sat", window=4, start=2)
>>> tasks = band.next_tasks(4)
>>> band.update(tasks, [1.0, 1.0, 1.0, 1.0])
>>> band.levels()
{'sat': 3.0}
"""

from taskgen.curricula.band import TargetBand
from taskgen.curricula.base import (
    BaseCurriculum,
    Curriculum,
    success,
    task_family_names,
    task_stream,
)
from taskgen.curricula.fixed import Fixed, Schedule
from taskgen.curricula.mixture import Mixture
from taskgen.curricula.progress import LearningProgress
from taskgen.curricula.saturn import SaturnGate

__all__ = [
    "BaseCurriculum",
    "Curriculum",
    "Fixed",
    "LearningProgress",
    "Mixture",
    "SaturnGate",
    "Schedule",
    "TargetBand",
    "success",
    "task_family_names",
    "task_stream",
]
