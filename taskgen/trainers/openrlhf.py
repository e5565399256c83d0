"""OpenRLHF: JSONL rows, the reward function, and an agent for multi-turn rollouts.

* :func:`openrlhf_row` — ``{"prompt": ..., "label": <task JSON>}``; ``taskgen generate
  --format openrlhf --out train.jsonl`` writes these rows. Train with
  ``--data.input_key prompt --data.label_key label`` (OpenRLHF 0.11 names).
* :func:`reward_func` — the custom reward a ``--reward.remote_url`` Python file defines:
  ``(queries, prompts, labels) -> {"rewards", "scores", "extra_logs"}``. Point OpenRLHF at
  this very file: ``--reward.remote_url $(python -m taskgen.trainers.openrlhf)`` (the module
  prints its own path).
* ``AgentExecutor`` — for ``--train.agent_func_path`` (the same file): each rollout is a
  multi-turn :class:`~taskgen.trainers._common.Session` over the row's label: a task
  (wrong answers get the verdict's reason back while attempts remain) or a game against a
  fixed opponent (:func:`game_row`). Built on OpenRLHF's ``MultiTurnAgentExecutor``.

OpenRLHF loads both by file path, so everything here imports taskgen absolutely; torch and
OpenRLHF are imported only when an agent runs or a tensor is returned.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Sequence
from typing import Any

from taskgen.core.errors import InvalidParamsError
from taskgen.core.policy import RewardPolicy
from taskgen.core.task import Task, Verdict, load_task
from taskgen.trainers._common import (
    Session,
    game_label,
    open_session,
    rates,
    task_json,
    verify_batch,
)

__all__ = [
    "PROMPT_NOT_FOUND",
    "game_row",
    "openrlhf_row",
    "response_of",
    "reward_func",
    "task_json",
]

_log = logging.getLogger("taskgen")


def openrlhf_row(task: Task) -> dict[str, Any]:
    """Returns an OpenRLHF row: ``--data.input_key prompt --data.label_key label``."""
    return {"prompt": task.prompt, "label": task.model_dump_json()}


def game_row(
    game: str, seed: int, *, opponent: str | int = "strong", seat: int = 0
) -> dict[str, Any]:
    """Returns the row of one game against a fixed opponent, for ``AgentExecutor``."""
    label = game_label(game, seed, opponent=opponent, seat=seat)
    return {"prompt": open_session(label).prompt, "label": label}


PROMPT_NOT_FOUND = "the prompt was not found in the query, so no response was read"
"""Verdict reason of an OpenRLHF sample whose prompt is missing from its query."""


def response_of(query: str, prompt: str) -> str | None:
    """Returns the response part of an OpenRLHF query (prompt + response), or None.

    The prompt is cut off where it is a prefix, else after its last occurrence (a chat
    template may put text before it). Detokenising can change whitespace (a tokenizer's
    clean-up drops the space before punctuation), so the prompt is next looked for with
    whitespace ignored. A query that does not contain its prompt either way gives ``None``:
    the response cannot be told apart from the prompt, and the prompt's text (its format
    example's ``\\boxed{}``) must never be graded. This fails closed.

    >>> response_of("Q: solve. A: \\\\boxed{1}", "Q: solve.")
    ' A: \\\\boxed{1}'
    >>> response_of("Q: solve . A: 1", "Q:  solve .")
    ' A: 1'
    >>> response_of("Q: solve. A: 1", "Q: solve!") is None
    True
    """
    if not (isinstance(query, str) and isinstance(prompt, str)):
        return None
    if query.startswith(prompt):
        return query[len(prompt) :]
    at = query.rfind(prompt)
    if at >= 0:
        return query[at + len(prompt) :]
    return _after_ignoring_whitespace(query, prompt)


def _after_ignoring_whitespace(query: str, prompt: str) -> str | None:
    """Returns the query after the last occurrence of ``prompt``, whitespace ignored."""
    bare_prompt = "".join(prompt.split())
    if not bare_prompt:  # a prompt of whitespace only: everything is response
        return query
    positions = [i for i, char in enumerate(query) if not char.isspace()]
    bare_query = "".join(query[i] for i in positions)
    at = bare_query.rfind(bare_prompt)
    if at < 0:
        return None
    return query[positions[at + len(bare_prompt) - 1] + 1 :]


def _unread(task: Task, policy: RewardPolicy) -> Verdict:
    """Returns the verdict of a sample whose response could not be read: no answer."""
    return Verdict(
        reward=policy.reward(correct=False, format_ok=False, score=0.0),
        correct=False,
        format_ok=False,
        score=0.0,
        reason=PROMPT_NOT_FOUND,
        family=task.family,
        task_id=task.id,
    )


def reward_func(
    queries: Sequence[str], prompts: Sequence[str], labels: Sequence[str], **kwargs: Any
) -> dict[str, Any]:
    """OpenRLHF's custom reward function (``--reward.remote_url`` a file defining it).

    ``queries`` are prompt + response texts, ``prompts`` the prompts and ``labels`` the task
    JSON (``--data.label_key label`` with :func:`openrlhf_row`). Returns ``rewards`` (a torch
    tensor when torch is installed, else a list), ``scores`` (rewards clipped to [0, 1], for
    dynamic filtering) and ``extra_logs`` (``accuracy``, ``format_ok``, mean ``reward`` and
    ``prompt_not_found``, the share of queries whose prompt could not be found). Uses the
    binary policy; pass ``policy=`` / ``container=`` through a wrapper to change it.

    The response is what follows the prompt in the query (:func:`response_of`). Where the
    prompt cannot be found, the sample fails closed: it is graded as a reply with no answer
    (0 under ``binary``, -1 under ``saturn``, reason :data:`PROMPT_NOT_FOUND`), never by
    reading the prompt's own text, and a warning is logged.
    """
    if not len(queries) == len(prompts) == len(labels):
        raise InvalidParamsError(
            f"need equal lengths, got {len(queries)} queries, {len(prompts)} prompts, "
            f"{len(labels)} labels"
        )
    policy = RewardPolicy.named(kwargs.get("policy", "binary"))
    container = kwargs.get("container", "boxed")
    responses = [response_of(q, p) for q, p in zip(queries, prompts, strict=True)]
    found = [i for i, response in enumerate(responses) if response is not None]
    missing = [i for i, response in enumerate(responses) if response is None]
    tasks = [load_task(label) for label in labels]  # every label is checked
    verdicts: list[Verdict] = [_unread(tasks[i], policy) for i in range(len(tasks))]
    graded = verify_batch(
        [tasks[i] for i in found],
        [responses[i] or "" for i in found],
        policy=policy,
        container=container,
    )
    for i, verdict in zip(found, graded, strict=True):
        verdicts[i] = verdict
    if missing:
        _log.warning(
            "%d of %d OpenRLHF queries do not contain their prompt; graded as no answer",
            len(missing),
            len(responses),
        )
    rewards = [v.reward for v in verdicts]
    scores = [min(max(r, 0.0), 1.0) for r in rewards]
    logs = rates(verdicts)
    logs["prompt_not_found"] = len(missing) / max(len(verdicts), 1)
    try:
        torch: Any = importlib.import_module("torch")
    except ImportError:
        return {"rewards": rewards, "scores": scores, "extra_logs": logs}
    return {
        "rewards": torch.tensor(rewards, dtype=torch.float32),
        "scores": torch.tensor(scores, dtype=torch.float32),
        "extra_logs": {k: torch.tensor(v) for k, v in logs.items()},
    }


# -- multi-turn: an agent for --train.agent_func_path -------------------------------------------

FEEDBACK_TEMPLATE = "\n\n{feedback}\n\n"
"""How the environment's feedback is appended after the model's reply."""
MAX_ATTEMPTS = 3


@functools.cache
def _agent_classes() -> tuple[type, type]:
    try:
        agent = importlib.import_module("openrlhf.utils.agent")
        torch = importlib.import_module("torch")
    except ImportError as exc:
        raise ImportError("the OpenRLHF agent needs openrlhf and torch installed") from exc

    class AgentInstance(agent.AgentInstanceBase):  # type: ignore[name-defined,misc]
        """One rollout: a task or a game opened from the row's label."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.session: Session | None = None

        async def reset(self, states: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            self.session = open_session(states["label"], max_attempts=MAX_ATTEMPTS)
            return {"observation": states["observation"]}

        async def step(self, state_dict: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
            session = self.session
            if session is None:
                raise InvalidParamsError("step() before reset()")
            before = session.reward
            feedback = session.step(str(state_dict["action_text"]))
            delta = session.reward - before
            return {
                "rewards": torch.tensor(delta),
                "scores": torch.tensor(min(max(session.reward, 0.0), 1.0)),
                "environment_feedback": ""
                if session.done
                else FEEDBACK_TEMPLATE.format(feedback=feedback),
                "done": session.done,
                "sampling_params": state_dict.get("sampling_params"),
                "extra_logs": {
                    "accuracy": torch.tensor(float(session.correct)),
                    "turns": torch.tensor(float(session.turns)),
                },
            }

    class AgentExecutor(agent.MultiTurnAgentExecutor):  # type: ignore[name-defined,misc]
        """OpenRLHF's multi-turn executor over :class:`AgentInstance`."""

        def __init__(self) -> None:
            super().__init__(AgentInstance)

    return AgentInstance, AgentExecutor


def __getattr__(name: str) -> Any:
    """``AgentInstance`` and ``AgentExecutor`` are built on first access (they subclass
    OpenRLHF's classes, so importing this module needs no OpenRLHF)."""
    if name == "AgentInstance":
        return _agent_classes()[0]
    if name == "AgentExecutor":
        return _agent_classes()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":  # prints this file's path, for --reward.remote_url / agent_func_path
    print(__file__)
