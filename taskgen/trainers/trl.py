"""TRL: dataset rows, the reward function, curriculum datasets and a multi-turn environment.

Everything a ``trl.GRPOTrainer`` run needs, with no glue code:

* :func:`trl_row` / :func:`trl_dataset` — rows with a ``prompt`` (chat messages) and the
  ``task`` column (the task's JSON) the reward reads; ``taskgen generate --format trl``
  writes the same rows.
* :class:`TrlReward` — a ``reward_funcs`` entry: one reward per completion, exactly
  ``taskgen.verify``'s; logs ``taskgen/accuracy``, ``taskgen/format_ok`` (and each
  curriculum level) through TRL's ``log_metric``; feeds a curriculum.
* :func:`curriculum_dataset` — an endless ``datasets.IterableDataset`` drawn from a
  :class:`~taskgen.trainers._common.CurriculumFeed`, with declared features. Train with
  ``GRPOConfig(shuffle_dataset=False)``: TRL's default shuffles an iterable dataset through
  a 1,000-row buffer, and the feed raises :class:`CurriculumLagError` when results come
  back that late.
* :class:`TaskEnvironment` — ``GRPOTrainer(environment_factory=TaskEnvironment)``: the
  model answers through an ``answer`` tool and gets the verdict's reason back while
  attempts remain; a row whose ``task`` column holds a game label plays that game, one
  move per call of the same tool.

TRL and ``datasets`` are imported only inside the functions that need them
(``pip install 'taskgen[trl]'``).

>>> import taskgen
>>> task = taskgen.sample("sat", 1, seed=0)
>>> reward = TrlReward()
>>> reward(completions=["\\\\boxed{" + task.answer + "}", "no"], task=[task_json(task)] * 2)
[1.0, 0.0]
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from taskgen.core.errors import InvalidParamsError
from taskgen.core.policy import RewardPolicy
from taskgen.core.task import Task, load_task
from taskgen.curricula.base import Curriculum
from taskgen.trainers._common import (
    Completion,
    CurriculumFeed,
    CurriculumLagError,
    Session,
    completion_text,
    open_session,
    rates,
    task_json,
    tool_reply,
    verify_batch,
)
from taskgen.verifiers.extract import Container

__all__ = [
    "TASK_COLUMN",
    "CurriculumFeed",
    "CurriculumLagError",
    "TaskEnvironment",
    "TrlReward",
    "curriculum_dataset",
    "task_json",
    "trl_dataset",
    "trl_row",
]

TASK_COLUMN = "task"
"""Dataset column holding the task's JSON text."""
INSTALL_HINT = "pip install 'taskgen[trl]'"


def _import(name: str, what: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ImportError(f"{what} needs {name}: {INSTALL_HINT}") from exc


# -- rows -----------------------------------------------------------------------------------


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


def _features(conversational: bool) -> Any:
    datasets = _import("datasets", "a TRL dataset")
    message = {"role": datasets.Value("string"), "content": datasets.Value("string")}
    prompt = datasets.List(message) if conversational else datasets.Value("string")
    return datasets.Features(
        {
            "prompt": prompt,
            TASK_COLUMN: datasets.Value("string"),
            "family": datasets.Value("string"),
            "difficulty": datasets.Value("int32"),
            "task_id": datasets.Value("string"),
        }
    )


def trl_dataset(tasks: Iterable[Task], *, conversational: bool = True) -> Any:
    """Returns a ``datasets.Dataset`` of :func:`trl_row` rows (a fixed training set)."""
    datasets = _import("datasets", "trl_dataset")
    rows = [trl_row(task, conversational=conversational) for task in tasks]
    return datasets.Dataset.from_list(rows, features=_features(conversational))


def curriculum_dataset(
    curriculum: Curriculum | CurriculumFeed, *, conversational: bool = True
) -> Any:
    """Returns an endless ``datasets.IterableDataset`` of rows the curriculum chooses.

    Pass the same feed to :class:`TrlReward` so the results flow back; rows are drawn
    lazily, so each generation batch reflects the latest results. An endless dataset needs
    ``GRPOConfig(max_steps=...)``, and ``shuffle_dataset=False`` (see the module docstring).
    Iterate in the process that receives the rewards: data-loader worker processes would
    copy the curriculum (TRL's default of 0 workers is right).
    """
    feed = curriculum if isinstance(curriculum, CurriculumFeed) else CurriculumFeed(curriculum)
    datasets = _import("datasets", "curriculum_dataset")

    def rows() -> Iterator[dict[str, Any]]:
        for task in feed.tasks():
            yield trl_row(task, conversational=conversational)

    return datasets.IterableDataset.from_generator(rows, features=_features(conversational))


# -- the reward function --------------------------------------------------------------------


class TrlReward:
    """A TRL ``reward_funcs`` entry that verifies, logs and (optionally) feeds a curriculum.

    Called as TRL calls reward functions: ``completions`` (strings, or message lists in the
    conversational format) and every dataset column as a keyword argument; the task JSON is
    read from the ``task`` column (:func:`trl_row`). Returns one float per completion, or
    ``None`` where a row has no task (TRL's "not applicable", for mixed datasets).

    Args:
        curriculum: a :class:`CurriculumFeed` (the one :func:`curriculum_dataset` reads: the
            lag check applies) or a bare curriculum (results only); each call reports every
            result, so the scheduler sees each sample of each GRPO group.
        policy: reward policy (``"binary"``, ``"saturn"``, ``"partial"`` or a RewardPolicy).
        container: answer container (``"boxed"``, ``"answer"`` or ``"auto"``).
        column: the column holding the task JSON.
        name: the name TRL logs this reward under.

    Through TRL's ``log_metric`` (passed to reward functions since TRL 1.x) every call logs
    ``taskgen/accuracy`` and ``taskgen/format_ok``, and with a curriculum
    ``taskgen/level/<family>``. ``self.last_rates`` holds the latest batch's rates.
    """

    def __init__(
        self,
        curriculum: Curriculum | CurriculumFeed | None = None,
        *,
        policy: str | RewardPolicy = "binary",
        container: Container = "boxed",
        column: str = TASK_COLUMN,
        name: str = "taskgen",
    ) -> None:
        if curriculum is None or isinstance(curriculum, CurriculumFeed):
            self.feed = curriculum
        else:
            self.feed = CurriculumFeed(curriculum, max_lag=None)
        self.policy = RewardPolicy.named(policy)
        self.container = container
        self.column = column
        self.__name__ = name  # TRL names each reward function's log column after this
        self.last_rates: dict[str, float] = {}

    @property
    def curriculum(self) -> Curriculum | None:
        """The curriculum fed, if any."""
        return None if self.feed is None else self.feed.curriculum

    def __call__(
        self, completions: Sequence[Completion], prompts: Sequence[Any] | None = None, **kwargs: Any
    ) -> list[float | None]:
        """Returns one reward per completion (``None`` for rows without a task)."""
        if self.column not in kwargs:
            raise InvalidParamsError(
                f"no {self.column!r} column reached the reward function; build rows with "
                "taskgen.trainers.trl.trl_row (columns: "
                f"{', '.join(sorted(k for k in kwargs if k != 'log_metric')) or 'none'})"
            )
        column = list(kwargs[self.column])
        if len(column) != len(completions):
            raise InvalidParamsError(
                f"{len(completions)} completions but {len(column)} values in {self.column!r}"
            )
        present = [i for i, value in enumerate(column) if value is not None]
        tasks = [load_task(column[i]) for i in present]
        verdicts = verify_batch(
            tasks,
            [completion_text(completions[i]) for i in present],
            policy=self.policy,
            container=self.container,
        )
        rewards: list[float | None] = [None] * len(column)
        for i, verdict in zip(present, verdicts, strict=True):
            rewards[i] = verdict.reward
        self.last_rates = rates(verdicts)
        log_metric: Callable[[str, float], None] | None = kwargs.get("log_metric")
        if log_metric is not None and verdicts:
            log_metric("taskgen/accuracy", self.last_rates["accuracy"])
            log_metric("taskgen/format_ok", self.last_rates["format_ok"])
        if self.feed is not None and tasks:
            self.feed.report(tasks, [v.reward for v in verdicts])
            levels = getattr(self.feed.curriculum, "levels", None)
            if log_metric is not None and callable(levels):
                for family, level in levels().items():
                    log_metric(f"taskgen/level/{family}", float(level))
        return rewards


# -- multi-turn: environment_factory ----------------------------------------------------------


class TaskEnvironment:
    """A ``GRPOTrainer(environment_factory=TaskEnvironment)`` environment for any family.

    TRL makes one instance per rollout and calls ``reset(**row)`` with the dataset row
    (:func:`trl_row`: the task JSON is in ``task``); the prompt is already in the row, so
    ``reset`` adds nothing to it. The model answers by calling the ``answer`` tool; a wrong
    answer returns the verdict's reason while attempts remain (the
    :class:`~taskgen.envs.TaskEnv` episode), and :meth:`get_reward` returns the episode's
    reward (1, then 0.5, 0.25 for later attempts by default), which TRL adds to
    ``reward_funcs`` under this class's name. A row whose ``task`` column holds a game spec
    (:func:`taskgen.trainers._common.game_label`) plays that game instead, move by move,
    through the same tool.

    Subclass to change ``max_attempts``, ``policy`` or ``container`` (TRL calls the factory
    with no arguments).
    """

    max_attempts: int = 3
    policy: str = "binary"
    container: Container = "boxed"

    def __init__(self) -> None:
        self.session: Session | None = None

    def reset(self, **row: Any) -> str | None:
        """Opens the episode of the row's ``task`` column; returns a game's first view."""
        label = row.get(TASK_COLUMN)
        if label is None:
            raise InvalidParamsError(f"the row has no {TASK_COLUMN!r} column (see trl_row)")
        self.session = open_session(
            label, max_attempts=self.max_attempts, policy=self.policy, container=self.container
        )
        is_game = not hasattr(self.session.env, "task")
        return "\n\n" + self.session.prompt if is_game else None

    def answer(self, answer: str) -> str:
        """Submits your final answer (or, in a game, your next move).

        Args:
            answer: The answer exactly as the task asks for it, without the box.

        Returns:
            Whether it was accepted; if not, why, and how many attempts are left.
        """
        if self.session is None:
            return "No task is open."
        return self.session.step(tool_reply(answer))

    def get_reward(self) -> float:
        """The episode's reward: 0 until an answer is accepted or the attempts run out."""
        return 0.0 if self.session is None else self.session.reward
