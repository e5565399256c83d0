"""The contracts everything builds on: Task, Verdict, RewardPolicy, Family, registry, seeding."""

from taskgen.core.errors import (
    DimacsError,
    InvalidParamsError,
    InvalidTaskError,
    RegistrationError,
    TaskgenError,
    UnknownFamilyError,
    UnsatisfiableError,
)
from taskgen.core.policy import RewardPolicy
from taskgen.core.registry import Check, Draft, Family, FamilyInfo, get, names, register
from taskgen.core.task import Task, Verdict, load_task

__all__ = [
    "Check",
    "DimacsError",
    "Draft",
    "Family",
    "FamilyInfo",
    "InvalidParamsError",
    "InvalidTaskError",
    "RegistrationError",
    "RewardPolicy",
    "Task",
    "TaskgenError",
    "UnknownFamilyError",
    "UnsatisfiableError",
    "Verdict",
    "get",
    "load_task",
    "names",
    "register",
]
