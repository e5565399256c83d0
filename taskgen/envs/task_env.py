"""TaskEnv: a Gymnasium environment around any single-answer family, with retries.

An episode is one task. ``reset`` draws it and returns its prompt; ``step(reply)`` verifies
the reply with :func:`taskgen.verify`. With ``max_attempts > 1`` a wrong reply earns feedback
(the verdict's reason) as the next observation and another try.

Rewards. Steps that are followed by another attempt pay 0. The step that ends the episode
(a correct reply, or the last attempt) pays the verdict's reward under ``policy``, scaled by
the weight of that attempt: with the default ``reward_schedule=0.5`` a correct reply pays
1 on the first attempt, 0.5 on the second, 0.25 on the third. Penalties (negative rewards,
SATURN's -1 for no answer) are not scaled. So an episode's return is one number within the
policy's bounds, and a first-try success is always worth most.

Feedback. The reason is shown only for families that declare ``multi_turn = True`` (the
default): their reasons describe what is wrong without giving the answer away. Other families
get a generic "not correct" or "no answer found".

Seeding follows Gymnasium: ``reset(seed=s)`` seeds ``self.np_random``; the family (for a
mixture) and the task seed are then drawn from it, so the same seed gives the same task and
later unseeded resets continue the stream. With a curriculum, the curriculum chooses the task
from its own seed.

Observations and actions are :class:`AnyText`: a ``Text`` space whose ``contains`` accepts
every Unicode character (Gymnasium's default charset is letters and digits only), up to
:data:`MAX_TEXT_LENGTH` characters. ``gymnasium.make_vec(..., vectorization_mode="async")``
works with its default shared memory: :mod:`taskgen.envs.spaces` gives ``AnyText`` its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import gymnasium
import numpy as np
from gymnasium.error import ResetNeeded

from taskgen.core.api import sample, verify
from taskgen.core.errors import InvalidParamsError
from taskgen.core.policy import RewardPolicy
from taskgen.core.registry import get
from taskgen.core.seeding import MAX_SEED
from taskgen.core.task import Task, Verdict, load_task
from taskgen.curricula.base import (
    Curriculum,
    check_families,
    check_positive_int,
    check_weights,
    task_family_names,
)
from taskgen.envs.spaces import AnyText
from taskgen.verifiers.extract import CONTAINERS, Container

DEFAULT_FEEDBACK = (
    "Your answer was not accepted: {reason}. You have {remaining} attempt(s) left. "
    "Think again and give your final answer {container_hint}."
)
"""Feedback after a wrong attempt; fields: ``reason``, ``remaining``, ``attempt``,
``container_hint``."""

_CONTAINER_HINTS: dict[str, str] = {
    "boxed": "in \\boxed{}",
    "answer": "between <answer> and </answer>",
    "auto": "in \\boxed{}",
}


def attempt_weights(schedule: float | Sequence[float], max_attempts: int) -> list[float]:
    """Returns the reward weight of each attempt.

    A number ``d`` gives ``1, d, d**2, ...``; a sequence gives the weights themselves (at
    least ``max_attempts`` of them, each in [0, 1]).

    >>> attempt_weights(0.5, 3)
    [1.0, 0.5, 0.25]
    """
    if isinstance(schedule, bool):
        raise InvalidParamsError(f"reward_schedule must be a number or weights, got {schedule!r}")
    if isinstance(schedule, int | float):
        if not 0 <= schedule <= 1:
            raise InvalidParamsError(f"reward_schedule must be in [0, 1], got {schedule}")
        return [float(schedule) ** i for i in range(max_attempts)]
    weights = [float(w) for w in schedule]
    if len(weights) < max_attempts or not all(0 <= w <= 1 for w in weights):
        raise InvalidParamsError(
            f"reward_schedule needs {max_attempts} weights in [0, 1], got {list(schedule)}"
        )
    return weights[:max_attempts]


class TaskEnv(gymnasium.Env[str, str]):
    """A single-agent text environment: one task per episode, up to ``max_attempts`` replies.

    Args:
        family: A family name; a list of names (a mixture: one family drawn per episode,
            by ``weights``); or ``None`` for every registered non-game family.
        difficulty: The level of every task (clamped to each family's range in a mixture).
        knobs: Explicit knobs overriding the level's (single family only).
        weights: Relative frequency of each family in a mixture (default: equal).
        curriculum: If given, every reset takes ``curriculum.next_tasks(1)`` (unless options
            choose the task) and every finished episode of such a task reports its return
            through ``curriculum.update``.
        max_attempts: Replies allowed per task (default 1: single turn).
        reward_schedule: Weight of each attempt's reward (see the module docstring): a
            decay factor (default 0.5) or explicit weights.
        policy: Reward policy: ``"binary"`` (default), ``"saturn"``, ``"partial"``.
        container: Answer container: ``"boxed"`` (default), ``"answer"`` or ``"auto"``.
        feedback: Template of the feedback after a wrong attempt (:data:`DEFAULT_FEEDBACK`).
        render_mode: ``None`` or ``"ansi"`` (``render()`` returns the episode transcript).

    ``reset(options=...)`` may override, for one episode: ``family``, ``difficulty``,
    ``knobs``, or give an explicit ``task`` (a Task, dict or JSON text).

    ``info`` holds ``task`` (the Task, gold answer included: keep ``info`` from the model),
    ``family``, ``difficulty``, ``task_id`` and ``attempt``
    (replies so far); after a step also ``verdict`` (the :class:`~taskgen.Verdict`),
    ``correct`` and ``attempts_left``.
    """

    metadata = {"render_modes": ["ansi"], "render_fps": 1}  # noqa: RUF012  (Gymnasium's)

    def __init__(
        self,
        family: str | Sequence[str] | None = "sat",
        difficulty: int = 1,
        *,
        knobs: Mapping[str, Any] | None = None,
        weights: Mapping[str, float] | None = None,
        curriculum: Curriculum | None = None,
        max_attempts: int = 1,
        reward_schedule: float | Sequence[float] = 0.5,
        policy: str | RewardPolicy = "binary",
        container: Container = "boxed",
        feedback: str = DEFAULT_FEEDBACK,
        render_mode: str | None = None,
    ) -> None:
        self.families = check_families(task_family_names() if family is None else family)
        self.difficulty = difficulty
        self.knobs = dict(knobs or {})
        if self.knobs and len(self.families) > 1:
            raise InvalidParamsError("knobs apply to one family; a mixture takes levels only")
        for name in self.families:  # fail now, not at the first reset
            get(name).resolve_knobs(self._level_for(name, difficulty), self.knobs)
        self.weights = check_weights(self.families, weights)
        self.curriculum = curriculum
        self.max_attempts = check_positive_int("max_attempts", max_attempts)
        self.weights_per_attempt = attempt_weights(reward_schedule, self.max_attempts)
        self.policy = RewardPolicy.named(policy)
        if container not in CONTAINERS:
            raise InvalidParamsError(f"container must be one of {', '.join(CONTAINERS)}")
        self.container: Container = container
        try:
            feedback.format(reason="r", remaining=1, attempt=1, container_hint="h")
        except (KeyError, IndexError, ValueError) as exc:
            raise InvalidParamsError(
                "feedback template may only use {reason}, {remaining}, {attempt} and "
                f"{{container_hint}}; got {feedback!r} ({exc})"
            ) from None
        self.feedback = feedback
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise InvalidParamsError(f"render_mode must be None or 'ansi', got {render_mode!r}")
        self.render_mode = render_mode
        self.observation_space = AnyText()
        self.action_space = AnyText()
        self.task: Task | None = None
        self._attempt = 0
        self._done = True
        self._from_curriculum = False
        self._transcript: list[tuple[str, str]] = []

    # -- helpers ------------------------------------------------------------------------------

    def _level_for(self, family: str, level: int) -> int:
        spec = get(family)
        if len(self.families) > 1 and isinstance(level, int) and not isinstance(level, bool):
            return min(max(level, spec.min_level), spec.max_level)
        return level

    def _draw_task(self, options: Mapping[str, Any]) -> Task:
        self._from_curriculum = False
        if options.get("task") is not None:
            return load_task(options["task"])
        overridden = any(key in options for key in ("family", "difficulty", "knobs"))
        if self.curriculum is not None and not overridden:
            self._from_curriculum = True
            return self.curriculum.next_tasks(1)[0]
        if "family" in options:
            family = str(options["family"])
        elif len(self.families) == 1:
            family = self.families[0]
        else:
            names = sorted(self.weights)
            p = np.array([self.weights[n] for n in names], dtype=float)
            family = names[int(self.np_random.choice(len(names), p=p / p.sum()))]
        level = self._level_for(family, options.get("difficulty", self.difficulty))
        knobs = dict(options.get("knobs", self.knobs if family in self.families else {}))
        seed = int(self.np_random.integers(0, MAX_SEED))
        return sample(family, level, seed, **knobs)

    def _info(self, task: Task) -> dict[str, Any]:
        return {
            "task": task,
            "family": task.family,
            "difficulty": task.difficulty,
            "task_id": task.id,
            "attempt": self._attempt,
        }

    def _feedback_for(self, verdict: Verdict, remaining: int) -> str:
        if get(verdict.family).multi_turn:
            reason = verdict.reason
        else:
            reason = "the answer is not correct" if verdict.format_ok else "no answer was found"
        return self.feedback.format(
            reason=reason.rstrip("."),
            remaining=remaining,
            attempt=self._attempt,
            container_hint=_CONTAINER_HINTS[self.container],
        )

    # -- the Gymnasium API --------------------------------------------------------------------

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[str, dict[str, Any]]:
        """Draws a task and returns ``(prompt, info)``."""
        super().reset(seed=seed)
        task = self._draw_task(options or {})
        self.task = task
        self._attempt = 0
        self._done = False
        self._transcript = [("prompt", task.prompt)]
        return task.prompt, self._info(task)

    def step(self, action: str) -> tuple[str, float, bool, bool, dict[str, Any]]:
        """Verifies one reply; returns ``(observation, reward, terminated, truncated, info)``.

        Raises:
            ResetNeeded: called before ``reset`` or after the episode ended.
        """
        task = self.task
        if self._done or task is None:
            raise ResetNeeded("call reset() before step(), and again after an episode ends")
        verdict = verify(task, action, policy=self.policy, container=self.container)
        self._attempt += 1
        remaining = self.max_attempts - self._attempt
        terminated = verdict.correct or remaining == 0
        if terminated:
            weight = self.weights_per_attempt[self._attempt - 1]
            reward = verdict.reward * weight if verdict.reward > 0 else verdict.reward
            observation = "Correct." if verdict.correct else "Not correct."
            self._done = True
            if self.curriculum is not None and self._from_curriculum:
                self.curriculum.update([task], [reward])
        else:
            reward = 0.0
            observation = self._feedback_for(verdict, remaining)
        self._transcript += [("reply", action if isinstance(action, str) else repr(action))]
        self._transcript += [("feedback", observation)]
        info = self._info(task)
        info.update(verdict=verdict, correct=verdict.correct, attempts_left=remaining)
        return observation, float(reward), terminated, False, info

    def render(self) -> str | None:
        """Returns the transcript of the episode (``render_mode="ansi"``), else None."""
        if self.render_mode != "ansi":
            return None
        return "\n\n".join(f"[{role}]\n{text}" for role, text in self._transcript)
