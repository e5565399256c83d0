"""Registers a Gymnasium id for every single-answer family, plus a mixture.

``taskgen/<family>-v<version>`` (:func:`env_id`) makes a :class:`TaskEnv` over that family;
the id's version is the family's generator version, so a changed generator gets a new id and
Gymnasium names the replacement of a retired one. ``taskgen/mixture-v0`` draws the family
per episode from every registered non-game family (or ``family=[...]``). Games register
their own environments.

Registration runs when ``taskgen`` is imported. Entry points are strings, so nothing beyond
Gymnasium is imported until an environment is made. A family registered later (a plugin)
gets its id from another call to :func:`register_task_envs`.
"""

from __future__ import annotations

import gymnasium

from taskgen.core.registry import get
from taskgen.curricula.base import task_family_names

NAMESPACE = "taskgen"
ENTRY_POINT = "taskgen.envs.task_env:TaskEnv"
MIXTURE_ID = f"{NAMESPACE}/mixture-v0"


def env_id(family: str) -> str:
    """Returns the Gymnasium id of ``family``'s environment (its version is the family's).

    >>> env_id("sat") == f"taskgen/sat-v{get('sat').version}"
    True
    """
    return f"{NAMESPACE}/{family}-v{get(family).version}"


def register_task_envs() -> list[str]:
    """Registers every non-game family not yet registered, and the mixture; returns new ids.

    Safe to call again: ids already in Gymnasium's registry are left alone.
    """
    added = []
    for family in task_family_names():
        name = env_id(family)
        if name not in gymnasium.registry:
            gymnasium.register(id=name, entry_point=ENTRY_POINT, kwargs={"family": family})
            added.append(name)
    if MIXTURE_ID not in gymnasium.registry:
        gymnasium.register(id=MIXTURE_ID, entry_point=ENTRY_POINT, kwargs={"family": None})
        added.append(MIXTURE_ID)
    return added


def task_env_ids() -> list[str]:
    """Returns the registered ids of single-answer environments (families and mixture)."""
    return sorted(
        spec.id
        for spec in gymnasium.registry.values()
        if spec.id.startswith(NAMESPACE + "/") and spec.entry_point == ENTRY_POINT
    )
