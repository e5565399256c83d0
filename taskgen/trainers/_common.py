"""What every trainer adapter shares: completions as text, batched verification, rates to
log, curriculum feeds that notice a lagging pipeline, and episode sessions.

Not a trainer module: ``trl.py``, ``verl.py`` and ``openrlhf.py`` build on these. Nothing
here imports a trainer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from taskgen.core.api import verify
from taskgen.core.errors import InvalidParamsError, TaskgenError
from taskgen.core.policy import RewardPolicy
from taskgen.core.task import Task, Verdict, load_task
from taskgen.curricula.base import Curriculum, check_positive_int
from taskgen.verifiers.extract import Container, boxed

Message = Mapping[str, Any]
Completion = str | Sequence[Message] | Message
TaskLike = Task | dict[str, Any] | str

DATA_SOURCE_PREFIX = "taskgen/"
"""``data_source`` of a task's row (verl): ``"taskgen/<family>"``."""


def task_json(task: TaskLike) -> str:
    """Returns the task's JSON text: the ground truth every row format stores."""
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
    tasks: Sequence[TaskLike],
    completions: Sequence[str],
    *,
    policy: str | RewardPolicy = "binary",
    container: Container = "boxed",
) -> list[Verdict]:
    """Verifies ``completions[i]`` against ``tasks[i]``; a task repeated in the batch (a GRPO
    group) is parsed once (:func:`~taskgen.core.task.load_task` remembers recent records).

    Raises:
        InvalidParamsError: the two lists differ in length.
        InvalidTaskError: a task record is malformed.
    """
    if len(tasks) != len(completions):
        raise InvalidParamsError(
            f"need one task per completion, got {len(tasks)} tasks, {len(completions)} completions"
        )
    return [
        verify(task, completion, policy=policy, container=container)
        for task, completion in zip(tasks, completions, strict=True)
    ]


def rates(verdicts: Sequence[Verdict]) -> dict[str, float]:
    """Returns the shares a trainer logs: ``accuracy`` (correct), ``format_ok`` (an answer
    was read) and ``reward`` (the mean reward). Empty batches give zeros."""
    count = max(len(verdicts), 1)
    return {
        "accuracy": sum(v.correct for v in verdicts) / count,
        "format_ok": sum(v.format_ok for v in verdicts) / count,
        "reward": sum(v.reward for v in verdicts) / count,
    }


# -- curricula: hand tasks out, hear results back, notice when they stop coming ----------------


class CurriculumLagError(TaskgenError, RuntimeError):
    """Raised when far more tasks were handed out than results came back.

    The usual cause is a buffer between the dataset and the reward function: TRL's
    ``GRPOConfig(shuffle_dataset=True)`` (the default) shuffles an iterable dataset through
    a 1,000-row buffer, so a curriculum hears of its choices about 1,000 rows late; with
    several processes, one rank reading the data for all (``dispatch_batches``) while each
    rank scores only its own share has the same effect.
    """


DEFAULT_MAX_LAG = 256
"""Tasks a feed may have out before a result comes back (a few generation batches)."""


@dataclass
class CurriculumFeed:
    """A curriculum as a trainer sees it: tasks out through :meth:`tasks`, results back
    through :meth:`report`, with both counted.

    A trainer's data pipeline reads a little ahead (a batch being generated, one
    prefetched). When the gap grows past ``max_lag`` tasks, the pipeline is buffering the
    curriculum's choices and its decisions would arrive late: :meth:`report` raises
    :class:`CurriculumLagError` with the cause and the fix instead of training on stale
    choices. ``max_lag=None`` turns the check off.

    **Several processes.** A feed belongs to one process. Give each data-parallel rank its
    own curriculum with its own seed (``seed=base + rank``) and let each rank read its own
    dataset (TRL: ``accelerator_config={"dispatch_batches": False}``); each curriculum then
    learns from the results of the tasks it chose. Shared state across ranks is not
    supported: it would need the rewards gathered across processes.

    >>> from taskgen.curricula import Fixed
    >>> feed = CurriculumFeed(Fixed({"sat": 1}), batch_size=2)
    >>> stream = feed.tasks()
    >>> tasks = [next(stream), next(stream)]
    >>> feed.report(tasks, [1.0, 0.0])
    >>> feed.issued, feed.answered, feed.lag
    (2, 2, 0)
    """

    curriculum: Curriculum
    batch_size: int = 16
    max_lag: int | None = DEFAULT_MAX_LAG
    issued: int = 0
    answered: int = 0
    _outstanding: set[str] = field(default_factory=set, repr=False)

    def __post_init__(self) -> None:
        check_positive_int("batch_size", self.batch_size)
        if self.max_lag is not None:
            check_positive_int("max_lag", self.max_lag)

    @property
    def lag(self) -> int:
        """Tasks handed out whose results have not come back."""
        return self.issued - self.answered

    def tasks(self) -> Iterator[Task]:
        """Yields the curriculum's tasks forever, ``batch_size`` drawn at a time."""
        while True:
            for task in self.curriculum.next_tasks(self.batch_size):
                self.issued += 1
                self._outstanding.add(task.id)
                yield task

    def report(self, tasks: Sequence[Task], rewards: Sequence[float | None]) -> None:
        """Passes results to the curriculum; each task id counts once (a GRPO group).

        Raises:
            CurriculumLagError: more than ``max_lag`` tasks are still out.
        """
        self.curriculum.update(tasks, rewards)
        for task in tasks:
            if task.id in self._outstanding:
                self._outstanding.discard(task.id)
                self.answered += 1
        if self.max_lag is not None and self.lag > self.max_lag:
            raise CurriculumLagError(
                f"the curriculum handed out {self.issued} tasks but heard back about "
                f"{self.answered}: something between the dataset and the reward buffers "
                "rows. With TRL set GRPOConfig(shuffle_dataset=False) (its default shuffles "
                "an iterable dataset through a 1,000-row buffer); with several processes "
                "give each rank its own curriculum and dataset "
                "(accelerator_config={'dispatch_batches': False}). "
                "CurriculumFeed(max_lag=None) turns this check off."
            )


def as_feed(curriculum: Curriculum | CurriculumFeed | None) -> CurriculumFeed | None:
    """Wraps a bare curriculum in a feed with the lag check off (nothing is counted out)."""
    if curriculum is None or isinstance(curriculum, CurriculumFeed):
        return curriculum
    return CurriculumFeed(curriculum, max_lag=None)


# -- episodes: one task or one game, replies in, feedback and a reward out --------------------


@dataclass
class Session:
    """One multi-turn episode behind a trainer's agent interface.

    Opened from a row's label by :func:`open_session`: a task's JSON (a
    :class:`~taskgen.envs.TaskEnv` episode: wrong answers get the verdict's reason back
    while attempts remain) or a game spec ``{"game": ..., "seed": ..., "opponent": ...,
    "seat": ...}`` (a :class:`~taskgen.envs.games.GameGymEnv` match against a fixed
    opponent). :meth:`step` takes the model's reply and returns the text to show next.
    """

    env: Any
    prompt: str
    reward: float = 0.0
    done: bool = False
    turns: int = 0
    correct: bool = False
    format_ok: bool = True

    def step(self, reply: str) -> str:
        """Plays one reply; returns the feedback (or the game's next observation)."""
        if self.done:
            return "The episode is over."
        observation, reward, terminated, truncated, info = self.env.step(reply)
        self.turns += 1
        self.reward += float(reward)
        self.done = bool(terminated or truncated)
        verdict = info.get("verdict")
        if verdict is not None:
            self.correct = self.correct or bool(verdict.correct)
            self.format_ok = bool(verdict.format_ok)
        elif "outcome" in info:
            self.correct = self.reward > 0
        return str(observation)


GAME_KEYS = ("game", "seed", "opponent", "seat")


def game_label(game: str, seed: int, *, opponent: str | int = "strong", seat: int = 0) -> str:
    """Returns the label of a game episode (what :func:`open_session` opens)."""
    return json.dumps({"game": game, "seed": seed, "opponent": opponent, "seat": seat})


def open_session(
    label: TaskLike,
    *,
    max_attempts: int = 3,
    policy: str | RewardPolicy = "binary",
    container: Container = "boxed",
) -> Session:
    """Opens the episode a row's label describes (a task's JSON, or a game spec)."""
    spec: Any = label
    if isinstance(label, str) and '"game"' in label[:200]:
        try:
            spec = json.loads(label)
        except ValueError:
            spec = label
    if isinstance(spec, Mapping) and "game" in spec and set(spec) <= set(GAME_KEYS):
        from taskgen.envs.games import GameGymEnv

        game_env = GameGymEnv(
            str(spec["game"]), opponent=spec.get("opponent", "strong"), seat=spec.get("seat", 0)
        )
        observation, _ = game_env.reset(seed=int(spec.get("seed", 0)))
        return Session(game_env, str(observation))
    from taskgen.envs.task_env import TaskEnv

    task = load_task(label)
    env = TaskEnv(
        task.family, task.difficulty, max_attempts=max_attempts, policy=policy, container=container
    )
    prompt, _ = env.reset(options={"task": task})
    return Session(env, prompt)


def tool_reply(answer: str) -> str:
    """Turns a tool argument (the bare answer) into a completion the verifier reads."""
    return answer if "\\boxed{" in answer or "<answer>" in answer else boxed(answer)
