"""Gymnasium environments around every family, registered when ``taskgen`` is imported.

>>> import gymnasium
>>> env_id("sat")  # the id's version is the family's generator version
'taskgen/sat-v1'
>>> env = gymnasium.make(env_id("sat"), difficulty=3, max_attempts=2)
>>> prompt, info = env.reset(seed=0)
>>> info["family"], info["difficulty"]
('sat', 3)
"""

from taskgen.envs.registration import env_id, register_task_envs, task_env_ids
from taskgen.envs.spaces import AnyText
from taskgen.envs.task_env import TaskEnv

__all__ = ["AnyText", "TaskEnv", "env_id", "register_task_envs", "task_env_ids"]

register_task_envs()
import taskgen.envs.games  # noqa: E402, F401  (registers taskgen/<game>-v0 for every game)
