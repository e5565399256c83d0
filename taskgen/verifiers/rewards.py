"""Trainer-facing reward functions and the dataset rows they read.

Each function verifies a completion from the serialised task alone (its JSON text carries
everything the checker needs), so nothing is regenerated inside the trainer:

* :class:`TrlReward` — TRL's ``reward_funcs`` signature: ``completions`` plus the dataset
  columns as keyword arguments, one float per completion; optionally feeds every reward back
  into a curriculum. Rows come from :func:`trl_row`.
* :func:`compute_score` — verl's ``custom_reward_function``:
  ``(data_source, solution_str, ground_truth, extra_info=None) -> float``, with the task JSON
  as ``ground_truth``. Rows come from :func:`verl_row`.
* :func:`reward_func` — OpenRLHF's ``--remote_rm_url reward_func.py`` signature:
  ``(queries, prompts, labels) -> {"rewards", "scores", "extra_logs"}``, with the task JSON
  as the label. Rows come from :func:`openrlhf_row`.

Every reward equals ``taskgen.verify(task, completion, policy=..., container=...).reward``.
None of these imports a trainer.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from taskgen.core.api import verify
from taskgen.core.errors import InvalidParamsError
from taskgen.core.policy import RewardPolicy
from taskgen.core.task import Task, Verdict, load_task
from taskgen.verifiers.extract import Container

if TYPE_CHECKING:
    from taskgen.curricula.base import Curriculum

_log = logging.getLogger("taskgen")

TASK_COLUMN = "task"
"""Dataset column holding the task's JSON text (TRL rows)."""
DATA_SOURCE_PREFIX = "taskgen/"
"""verl ``data_source`` of a task: ``"taskgen/<family>"``."""

Message = Mapping[str, Any]
Completion = str | Sequence[Message] | Message


def task_json(task: Task | dict[str, Any] | str) -> str:
    """Returns the task's JSON text: the ground truth every adapter stores."""
    return load_task(task).model_dump_json()


def completion_text(completion: Completion) -> str:
    """Returns the text of a plain or conversational completion.

    A conversational completion is a list of messages; the contents of its assistant
    messages (all messages if none is marked) are joined, so the last ``\\boxed{}`` of the
    last reply counts. A content given as a list of parts contributes its text parts.

    >>> completion_text([{"role": "assistant", "content": "\\\\boxed{1}"}])
    '\\\\boxed{1}'
    """
    if isinstance(completion, str):
        return completion
    messages: list[Message] = [completion] if isinstance(completion, Mapping) else list(completion)
    messages = [m for m in messages if isinstance(m, Mapping)]
    replies = [m for m in messages if m.get("role") == "assistant"] or messages
    return "\n".join(_content_text(m.get("content")) for m in replies)


def _content_text(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, Sequence):
        parts = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, Mapping) and isinstance(part.get("text"), str):
                parts.append(part["text"])
        return "".join(parts)
    return ""


def verify_batch(
    tasks: Sequence[Task | dict[str, Any] | str],
    completions: Sequence[str],
    *,
    policy: str | RewardPolicy = "binary",
    container: Container = "boxed",
) -> list[Verdict]:
    """Verifies ``completions[i]`` against ``tasks[i]``, loading each distinct task once.

    Raises:
        InvalidParamsError: the two lists differ in length.
        InvalidTaskError: a task record is malformed.
    """
    if len(tasks) != len(completions):
        raise InvalidParamsError(
            f"need one task per completion, got {len(tasks)} tasks, {len(completions)} completions"
        )
    cache: dict[str, Task] = {}
    verdicts = []
    for task, completion in zip(tasks, completions, strict=True):
        record = _load_cached(task, cache)
        verdicts.append(verify(record, completion, policy=policy, container=container))
    return verdicts


def _load_cached(task: Task | dict[str, Any] | str, cache: dict[str, Task]) -> Task:
    """Loads ``task``, parsing each distinct JSON text once (a GRPO group shares one task)."""
    if not isinstance(task, str):
        return load_task(task)
    if task not in cache:
        cache[task] = load_task(task)
    return cache[task]


# -- rows ---------------------------------------------------------------------------------------


def trl_row(task: Task, *, conversational: bool = True) -> dict[str, Any]:
    """Returns a TRL dataset row: ``prompt`` plus the columns :class:`TrlReward` reads.

    ``prompt`` is a one-message chat (``conversational=True``) or the plain prompt text;
    ``task`` is the task's JSON text; ``family``, ``difficulty`` and ``task_id`` help logging.
    """
    prompt: str | list[dict[str, str]] = (
        [{"role": "user", "content": task.prompt}] if conversational else task.prompt
    )
    return {
        "prompt": prompt,
        TASK_COLUMN: task.model_dump_json(),
        "family": task.family,
        "difficulty": task.difficulty,
        "task_id": task.id,
    }


def verl_row(task: Task, *, index: int = 0, split: str = "train") -> dict[str, Any]:
    """Returns a verl parquet row; ``reward_model.ground_truth`` is the task's JSON text."""
    return {
        "data_source": DATA_SOURCE_PREFIX + task.family,
        "prompt": [{"role": "user", "content": task.prompt}],
        "ability": "reasoning",
        "reward_model": {"style": "rule", "ground_truth": task.model_dump_json()},
        "extra_info": {
            "split": split,
            "index": index,
            "task_id": task.id,
            "difficulty": task.difficulty,
        },
    }


def openrlhf_row(task: Task) -> dict[str, Any]:
    """Returns an OpenRLHF row: ``--input_key prompt --label_key label``."""
    return {"prompt": task.prompt, "label": task.model_dump_json()}


# -- TRL ----------------------------------------------------------------------------------------


class TrlReward:
    """A TRL ``reward_funcs`` entry that verifies and (optionally) feeds a curriculum.

    Called as TRL calls reward functions: ``completions`` (strings, or message lists in the
    conversational format) and every dataset column as a keyword argument; the task JSON is
    read from the ``task`` column (see :func:`trl_row`). Returns one float per completion,
    or ``None`` where a row has no task (TRL's "not applicable", for mixed datasets).

    With a ``curriculum``, every call reports the rewards through ``curriculum.update``, so
    the scheduler sees each result of each GRPO group.

    Args:
        curriculum: Optional curriculum to feed.
        policy: Reward policy (``"binary"``, ``"saturn"``, ``"partial"`` or a RewardPolicy).
        container: Answer container (``"boxed"``, ``"answer"`` or ``"auto"``).
        column: The column holding the task JSON.
        name: The name TRL logs this reward under.

    >>> import taskgen
    >>> task = taskgen.sample("sat", 1, seed=0)
    >>> reward = TrlReward()
    >>> reward(completions=["\\\\boxed{" + task.answer + "}", "no"], task=[task_json(task)] * 2)
    [1.0, 0.0]
    """

    def __init__(
        self,
        curriculum: Curriculum | None = None,
        *,
        policy: str | RewardPolicy = "binary",
        container: Container = "boxed",
        column: str = TASK_COLUMN,
        name: str = "taskgen",
    ) -> None:
        self.curriculum = curriculum
        self.policy = RewardPolicy.named(policy)
        self.container = container
        self.column = column
        self.__name__ = name  # TRL names each reward function's log column after this

    def __call__(
        self, completions: Sequence[Completion], prompts: Sequence[Any] | None = None, **kwargs: Any
    ) -> list[float | None]:
        """Returns one reward per completion (``None`` for rows without a task)."""
        if self.column not in kwargs:
            raise InvalidParamsError(
                f"no {self.column!r} column reached the reward function; build rows with "
                "taskgen.verifiers.rewards.trl_row (columns: "
                f"{', '.join(sorted(kwargs)) or 'none'})"
            )
        column = list(kwargs[self.column])
        if len(column) != len(completions):
            raise InvalidParamsError(
                f"{len(completions)} completions but {len(column)} values in {self.column!r}"
            )
        present = [i for i, value in enumerate(column) if value is not None]
        cache: dict[str, Task] = {}
        tasks = [_load_cached(column[i], cache) for i in present]
        verdicts = verify_batch(
            tasks,
            [completion_text(completions[i]) for i in present],
            policy=self.policy,
            container=self.container,
        )
        rewards: list[float | None] = [None] * len(column)
        for i, verdict in zip(present, verdicts, strict=True):
            rewards[i] = verdict.reward
        if self.curriculum is not None and tasks:
            self.curriculum.update(tasks, [v.reward for v in verdicts])
        return rewards


# -- verl ---------------------------------------------------------------------------------------


def compute_score(
    data_source: str,
    solution_str: str,
    ground_truth: str | dict[str, Any],
    extra_info: Mapping[str, Any] | None = None,
    **kwargs: Any,
) -> float:
    """verl's custom reward function: verifies ``solution_str`` against the task JSON.

    Point verl at it with ``custom_reward_function.path=<taskgen>/verifiers/rewards.py`` and
    ``custom_reward_function.name=compute_score``. ``extra_info`` may carry ``policy`` and
    ``container`` to override the binary policy and the ``\\boxed{}`` container;
    ``data_source`` and any further keyword arguments are accepted and ignored.

    >>> import taskgen
    >>> task = taskgen.sample("sat", 1, seed=0)
    >>> compute_score("taskgen/sat", "\\\\boxed{" + task.answer + "}", task_json(task))
    1.0
    """
    info = extra_info or {}
    return verify(
        ground_truth,
        solution_str,
        policy=info.get("policy", "binary"),
        container=info.get("container", "boxed"),
    ).reward


# -- OpenRLHF -----------------------------------------------------------------------------------


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
    """OpenRLHF's custom reward function (``--remote_rm_url`` a file defining it).

    ``queries`` are prompt + response texts, ``prompts`` the prompts and ``labels`` the task
    JSON (``--label_key label`` with :func:`openrlhf_row`). Returns ``rewards`` (a torch
    tensor when torch is installed, else a list), ``scores`` (rewards clipped to [0, 1], for
    dynamic filtering) and ``extra_logs`` (accuracy, format rate and ``prompt_not_found``, the
    share of queries whose prompt could not be found). Uses the binary policy; pass
    ``policy=`` / ``container=`` through a wrapper to change it.

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
    cache: dict[str, Task] = {}
    tasks = [_load_cached(label, cache) for label in labels]  # every label is checked
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
    count = max(len(verdicts), 1)
    logs = {
        "accuracy": sum(v.correct for v in verdicts) / count,
        "format_ok": sum(v.format_ok for v in verdicts) / count,
        "prompt_not_found": len(missing) / count,
    }
    try:
        torch: Any = importlib.import_module("torch")
    except ImportError:
        return {"rewards": rewards, "scores": scores, "extra_logs": logs}
    return {
        "rewards": torch.tensor(rewards, dtype=torch.float32),
        "scores": torch.tensor(scores, dtype=torch.float32),
        "extra_logs": {k: torch.tensor(v) for k, v in logs.items()},
    }
