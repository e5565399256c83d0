"""One module per trainer: its row format, reward function, dataset helpers and agent.

* :mod:`taskgen.trainers.trl` — ``GRPOTrainer``: ``trl_row``, ``TrlReward`` (logs accuracy and
  format rates, feeds a curriculum), ``curriculum_dataset``, ``TaskEnvironment`` for
  ``environment_factory``.
* :mod:`taskgen.trainers.verl` — ``verl_row`` (verl's Parquet schema), ``compute_score``
  (returns score, acc and format_ok; honours ``reward_kwargs``), ``AnswerTool`` for the tool
  agent loop.
* :mod:`taskgen.trainers.openrlhf` — ``openrlhf_row``, ``reward_func`` (a
  ``--reward.remote_url`` file), ``AgentExecutor`` (a ``--train.agent_func_path`` file).

Every reward equals ``taskgen.verify(task, completion, policy=...).reward``: the rows carry
the task's JSON, so nothing is regenerated inside the trainer. No trainer is imported until
a class that subclasses one of its types is used. ``taskgen generate --format
verl|trl|openrlhf`` writes each trainer's rows (:func:`taskgen.export.write_rows`).
"""

from taskgen.trainers._common import (
    CurriculumFeed,
    CurriculumLagError,
    completion_text,
    game_label,
    open_session,
    task_json,
    verify_batch,
)

__all__ = [
    "CurriculumFeed",
    "CurriculumLagError",
    "completion_text",
    "game_label",
    "open_session",
    "task_json",
    "verify_batch",
]
