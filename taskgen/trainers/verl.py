"""verl: Parquet rows, the reward function, and an answer tool for multi-turn rollouts.

* :func:`verl_row` — verl's RL dataset schema: ``data_source`` (``taskgen/<family>``),
  ``prompt`` (chat messages), ``ability``, ``reward_model`` (``style: rule``,
  ``ground_truth``: the task's JSON) and ``extra_info``. ``taskgen generate --format verl
  --out train.parquet`` writes these rows; verl's ``RLHFDataset`` reads them as they are.
* :func:`compute_score` — ``reward.custom_reward_function``: returns a dict with ``score``,
  ``acc`` and ``format_ok``, which verl's reward manager logs (``reward_extra_info``).
  ``reward_kwargs`` (``policy``, ``container``, ``attempt_decay``) reach it as keyword
  arguments and win over the same keys in a row's ``extra_info``.
* ``AnswerTool`` — a verl ``BaseTool`` for the tool agent loop: the model calls
  ``check_answer`` and gets the verdict's reason back; :func:`verl_row` with ``tools=True``
  passes the task to it (``extra_info.tools_kwargs``) and names the ``tool_agent`` loop.

Configuration (verl 0.9, Hydra overrides)::

    data.train_files=train.parquet data.val_files=val.parquet
    reward.custom_reward_function.path=pkg://taskgen.trainers.verl
    reward.custom_reward_function.name=compute_score
    +reward.custom_reward_function.reward_kwargs.policy=saturn

verl is imported only by ``AnswerTool`` (``pip install 'taskgen[verl]'`` or verl's own
install); the rows and the reward need nothing but taskgen.

>>> import taskgen
>>> task = taskgen.sample("sat", 1, seed=0)
>>> compute_score("taskgen/sat", "\\\\boxed{" + task.answer + "}", task_json(task))
{'score': 1.0, 'acc': 1.0, 'format_ok': 1.0}
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from typing import Any

from taskgen.core.api import verify
from taskgen.core.registry import get
from taskgen.core.task import Task, load_task
from taskgen.trainers._common import (
    DATA_SOURCE_PREFIX,
    task_json,
    tool_reply,
)

__all__ = ["DATA_SOURCE_PREFIX", "TOOL_NAME", "compute_score", "task_json", "verl_row"]

TOOL_NAME = "check_answer"
"""The function name the model calls in a tool rollout."""


def verl_row(
    task: Task, *, index: int = 0, split: str = "train", tools: bool = False
) -> dict[str, Any]:
    """Returns a verl dataset row; ``reward_model.ground_truth`` is the task's JSON text.

    With ``tools=True`` the row also names verl's ``tool_agent`` loop (``agent_name``) and
    passes the task to ``AnswerTool`` through ``extra_info.tools_kwargs``.
    """
    truth = task.model_dump_json()
    extra: dict[str, Any] = {
        "split": split,
        "index": index,
        "task_id": task.id,
        "family": task.family,
        "difficulty": task.difficulty,
    }
    row: dict[str, Any] = {
        "data_source": DATA_SOURCE_PREFIX + task.family,
        "prompt": [{"role": "user", "content": task.prompt}],
        "ability": get(task.family).kind,
        "reward_model": {"style": "rule", "ground_truth": truth},
        "extra_info": extra,
    }
    if tools:
        extra["tools_kwargs"] = {TOOL_NAME: {"create_kwargs": {"task": truth}}}
        row["agent_name"] = "tool_agent"
    return row


def compute_score(
    data_source: str,
    solution_str: str,
    ground_truth: str | dict[str, Any],
    extra_info: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> dict[str, float]:
    """verl's custom reward function: verifies ``solution_str`` against the task JSON.

    Returns ``{"score": reward, "acc": 1.0 or 0.0, "format_ok": 1.0 or 0.0}``; verl uses
    ``score`` as the reward and logs every key. Options, from ``reward_kwargs`` (keyword
    arguments) first, then the row's ``extra_info``:

    * ``policy``: ``"binary"`` (default), ``"saturn"`` or ``"partial"``;
    * ``container``: ``"boxed"`` (default), ``"answer"`` or ``"auto"``;
    * ``attempt_decay``: in a multi-turn rollout, multiply a positive reward by
      ``attempt_decay ** (turns - 1)`` (verl passes ``num_turns`` in ``extra_info``), as
      :class:`~taskgen.envs.TaskEnv` weighs later attempts. Off by default.

    ``data_source`` and other keyword arguments verl passes are accepted and ignored.
    """
    info = dict(extra_info or {})

    def option(name: str, default: Any) -> Any:
        if kwargs.get(name) is not None:
            return kwargs[name]
        return info.get(name, default)

    task = load_task(ground_truth)
    verdict = verify(
        task,
        solution_str,
        policy=option("policy", "binary"),
        container=option("container", "boxed"),
    )
    reward = verdict.reward
    decay = option("attempt_decay", None)
    turns = info.get("num_turns")
    if decay is not None and reward > 0 and isinstance(turns, int | float) and turns > 1:
        # verl counts the prompt and every reply and tool turn; attempts are the assistant's
        attempts = max(1, int(turns) // 2)
        reward *= float(decay) ** (attempts - 1)
    return {
        "score": float(reward),
        "acc": float(verdict.correct),
        "format_ok": float(verdict.format_ok),
    }


# -- multi-turn: a tool for verl's tool agent loop ----------------------------------------------


def _tool_schema() -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": TOOL_NAME,
            "description": (
                "Check your final answer to the puzzle. Returns whether it is accepted and, "
                "if not, the first problem found."
            ),
            "parameters": {
                "type": "object",
                "properties": {
                    "answer": {
                        "type": "string",
                        "description": "The answer exactly as the task asks for it.",
                    }
                },
                "required": ["answer"],
            },
        },
    }


@functools.cache
def _answer_tool_class() -> type:
    try:
        base_tool = importlib.import_module("verl.tools.base_tool")
        schemas = importlib.import_module("verl.tools.schemas")
    except ImportError as exc:
        raise ImportError("AnswerTool needs verl: pip install 'taskgen[verl]'") from exc

    class AnswerTool(base_tool.BaseTool):  # type: ignore[name-defined,misc]
        """Checks an answer against the rollout's task; the reason is the feedback.

        verl's tool loop creates an instance per call with ``create_kwargs`` from the row
        (:func:`verl_row` with ``tools=True``), executes it and releases it. The step
        reward is 0: the rollout's reward comes from :func:`compute_score` on the final
        answer, so checking an answer never pays by itself.
        """

        def __init__(self, config: dict[str, Any], tool_schema: Any = None) -> None:
            self._tasks: dict[str, Task] = {}
            super().__init__(config, tool_schema)

        def get_openai_tool_schema(self) -> Any:
            return schemas.OpenAIFunctionToolSchema.model_validate(_tool_schema())

        async def create(self, instance_id: str | None = None, **kwargs: Any) -> tuple[str, Any]:
            instance_id, response = await super().create(instance_id)
            create_kwargs = kwargs.get("create_kwargs") or {}
            if create_kwargs.get("task") is not None:
                self._tasks[instance_id] = load_task(create_kwargs["task"])
            return instance_id, response

        async def execute(
            self, instance_id: str, parameters: dict[str, Any], **kwargs: Any
        ) -> tuple[Any, float, dict[str, Any]]:
            task = self._tasks.get(instance_id)
            if task is None:
                return schemas.ToolResponse(text="No task is open."), 0.0, {}
            answer = parameters.get("answer")
            if not isinstance(answer, str):
                text = 'Call check_answer with {"answer": "<your answer>"}.'
                return schemas.ToolResponse(text=text), 0.0, {"correct": False}
            verdict = verify(task, tool_reply(answer))
            if verdict.correct:
                text = "Accepted. Give this answer as your final answer."
            else:
                text = f"Not accepted: {verdict.reason.rstrip('.')}."
            return schemas.ToolResponse(text=text), 0.0, {"correct": verdict.correct}

        async def release(self, instance_id: str, **kwargs: Any) -> None:
            self._tasks.pop(instance_id, None)

    AnswerTool.__module__ = __name__
    AnswerTool.__qualname__ = "AnswerTool"
    return AnswerTool


def __getattr__(name: str) -> Any:
    """``AnswerTool`` is built on first access, so importing this module needs no verl."""
    if name == "AnswerTool":
        return _answer_tool_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
