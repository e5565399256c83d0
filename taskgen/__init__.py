"""taskgen: verifiable reasoning tasks for reinforcement learning of language models.

>>> import taskgen
>>> task = taskgen.sample("sat", difficulty=5, seed=0)
>>> taskgen.verify(task, "\\\\boxed{" + task.answer + "}").reward
1.0
"""

from taskgen.core.api import check_integrity, families, generate, sample, verify
from taskgen.core.errors import (
    InvalidParamsError,
    InvalidTaskError,
    TaskgenError,
    UnknownFamilyError,
)
from taskgen.core.policy import RewardPolicy
from taskgen.core.task import Task, Verdict, load_task
from taskgen.version import __version__

# isort: split
import taskgen.envs  # noqa: F401  (registers the Gymnasium ids, once the public names exist)

__all__ = [
    "InvalidParamsError",
    "InvalidTaskError",
    "RewardPolicy",
    "Task",
    "TaskgenError",
    "UnknownFamilyError",
    "Verdict",
    "__version__",
    "check_integrity",
    "families",
    "generate",
    "load_task",
    "sample",
    "verify",
]
