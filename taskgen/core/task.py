"""The two records every family shares: the :class:`Task` and the :class:`Verdict`."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from taskgen.core.errors import InvalidTaskError, TaskgenError


class Task(BaseModel):
    """One generated (or imported) task: immutable, JSON-serialisable, self-sufficient.

    A task carries everything its verifier needs, so a task saved today verifies tomorrow
    in another process without regenerating anything. Validation checks that the family
    is registered and that ``params`` and ``instance`` match the family's models.

    >>> import taskgen
    >>> task = taskgen.sample("sat", difficulty=1, seed=0)
    >>> Task.model_validate_json(task.model_dump_json()) == task
    True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    family: str = Field(description="registry name, snake_case")
    id: str = Field(description="stable content hash of family, version, seed, params, instance")
    seed: int = Field(ge=0, description="the integer the instance was drawn from")
    difficulty: int = Field(description="level 1 (trivial) to 10 (very hard)")
    params: dict[str, Any] = Field(description="the concrete knobs used")
    prompt: str = Field(description="full text shown to the model")
    answer: str = Field(description="one gold answer, as written inside the answer container")
    instance: dict[str, Any] = Field(description="structured data the checker reads")
    version: int = Field(ge=0, description="the family's generator version")
    meta: dict[str, Any] = Field(
        default_factory=dict, description="derived facts (e.g. SATURN's D); not read by checkers"
    )

    @model_validator(mode="after")
    def _matches_family(self) -> Task:
        from taskgen.core.registry import get  # the registry imports this module

        try:
            family = get(self.family)
        except TaskgenError as exc:
            raise ValueError(str(exc)) from None
        family.validate_params(self.params)
        family.validate_instance(self.instance)
        return self


class Verdict(BaseModel):
    """The outcome of verifying one completion against one task.

    ``reward`` is what the chosen :class:`~taskgen.core.policy.RewardPolicy` made of
    ``correct``, ``format_ok`` and ``score``; ``reason`` is short and fit to show a model.
    """

    model_config = ConfigDict(frozen=True)

    reward: float
    correct: bool
    format_ok: bool
    score: float = Field(
        ge=0.0,
        le=1.0,
        description="partial credit; a costly one (a solver search) is computed only for a "
        "policy that uses it (partial), else a wrong answer's score is 0",
    )
    reason: str
    answer: str | None = Field(default=None, description="extracted payload (clipped)")
    family: str = ""
    task_id: str = ""


def _field_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "task"


def describe_validation_error(exc: ValidationError, what: str = "task") -> str:
    """Formats a pydantic error as one line naming the first bad field."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    loc = _field_path(tuple(first.get("loc", ())))
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    if loc == "task" or (first.get("type") == "value_error" and not first.get("loc")):
        return f"malformed {what}: {message}{more}"
    return f"malformed {what}: field '{loc}': {message}{more}"


def load_task(task: Task | dict[str, Any] | str | bytes) -> Task:
    """Returns ``task`` as a :class:`Task`, accepting a Task, a dict or JSON text.

    Raises:
        InvalidTaskError: the record is malformed; the message names the field.
    """
    if isinstance(task, Task):
        return task
    try:
        if isinstance(task, dict):
            return Task.model_validate(task)
        if isinstance(task, str | bytes):
            try:
                data = json.loads(task)
            except ValueError as exc:
                raise InvalidTaskError(f"malformed task: not JSON ({exc})") from None
            except RecursionError:
                raise InvalidTaskError("malformed task: JSON nested too deeply") from None
            if not isinstance(data, dict):
                raise InvalidTaskError("malformed task: expected a JSON object")
            return Task.model_validate(data)
    except ValidationError as exc:
        raise InvalidTaskError(describe_validation_error(exc)) from None
    except RecursionError:
        raise InvalidTaskError("malformed task: nested too deeply") from None
    raise InvalidTaskError(f"expected a Task, dict or JSON text, got {type(task).__name__}")
