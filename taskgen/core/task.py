"""The two records every family shares: the :class:`Task` and the :class:`Verdict`."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable
from typing import Any, TypeVar

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


_VERDICT_FIELDS = frozenset(Verdict.model_fields)
_Record = TypeVar("_Record", bound=BaseModel)


def _slot_setter(name: str) -> Callable[[Any, Any], None]:
    """Returns the setter of BaseModel's slot ``name``; ``object.__setattr__`` for it when
    this pydantic lays its models out otherwise (the import-time check below then decides).

    Called directly, a slot's setter costs a quarter of ``object.__setattr__`` on a model
    class, which first checks the class's own ``__setattr__``.
    """
    slot = BaseModel.__dict__.get(name)
    setter = getattr(slot, "__set__", None)
    if setter is None:
        return lambda record, value: object.__setattr__(record, name, value)
    return setter  # type: ignore[no-any-return]


_SET_DICT = _slot_setter("__dict__")
_SET_FIELDS_SET = _slot_setter("__pydantic_fields_set__")
_SET_EXTRA = _slot_setter("__pydantic_extra__")
_SET_PRIVATE = _slot_setter("__pydantic_private__")


def _assemble(values: dict[str, Any], model: type[_Record], fields: frozenset[str]) -> _Record:
    """Builds a ``model`` from already-typed values of every field (``fields``, its field
    names) without running validation again."""
    record = object.__new__(model)
    _SET_DICT(record, values)
    _SET_FIELDS_SET(record, fields)
    _SET_EXTRA(record, None)
    _SET_PRIVATE(record, None)
    return record


def _assembly_matches() -> bool:
    """Whether :func:`_assemble` gives what validation gives under this pydantic version."""
    values: dict[str, Any] = {
        "reward": 1.0,
        "correct": True,
        "format_ok": True,
        "score": 1.0,
        "reason": "ok",
        "answer": "1",
        "family": "f",
        "task_id": "t",
    }
    try:
        fast, slow = _assemble(dict(values), Verdict, _VERDICT_FIELDS), Verdict(**values)
        return fast == slow and fast.model_dump_json() == slow.model_dump_json()
    except Exception:
        return False


_ASSEMBLE_OK = _assembly_matches()

_TASK_FIELDS = frozenset(Task.model_fields)


def assemble_task(values: dict[str, Any]) -> Task:
    """Returns ``Task.model_construct(**values)`` for a value of every field, built directly.

    For the generator's own output (``build_task``), whose types are right by construction:
    ``model_construct`` costs ~3.5 µs, about a tenth of a small task. Under a pydantic whose
    models are laid out otherwise (checked once at import), ``model_construct`` itself.
    """
    if _TASK_ASSEMBLE_OK and values.keys() == _TASK_FIELDS:
        return _assemble(values, Task, _TASK_FIELDS)
    return Task.model_construct(**values)


def _task_assembly_matches() -> bool:
    """Whether :func:`assemble_task` gives what ``model_construct`` gives in this pydantic."""
    values: dict[str, Any] = {
        "family": "f",
        "id": "f-v1-0",
        "seed": 0,
        "difficulty": 1,
        "params": {"k": 1},
        "prompt": "p",
        "answer": "a",
        "instance": {"x": [1]},
        "version": 1,
        "meta": {},
    }
    try:
        fast = _assemble(dict(values), Task, _TASK_FIELDS)
        slow = Task.model_construct(**values)
        return bool(fast == slow and fast.model_dump_json() == slow.model_dump_json())
    except Exception:
        return False


_TASK_ASSEMBLE_OK = _task_assembly_matches()


def make_verdict(
    reward: float,
    correct: bool,
    format_ok: bool,
    score: float,
    reason: str,
    answer: str | None,
    family: str,
    task_id: str,
) -> Verdict:
    """Returns the Verdict of these values: the one place ``verify`` builds its result.

    Values of exactly the declared types (what ``verify`` produces with the built-in
    policies) skip pydantic's validation, which would only copy them (a microsecond per
    call, a fifth of the overhead ``verify`` adds around a family's check); anything else,
    or a pydantic whose models are laid out differently, goes through the validated
    constructor and behaves exactly as before.
    """
    if (
        _ASSEMBLE_OK
        and type(reward) is float
        and type(score) is float
        and 0.0 <= score <= 1.0
        and type(correct) is bool
        and type(format_ok) is bool
        and type(reason) is str
        and (answer is None or type(answer) is str)
        and type(family) is str
        and type(task_id) is str
    ):
        return _assemble(
            {
                "reward": reward,
                "correct": correct,
                "format_ok": format_ok,
                "score": score,
                "reason": reason,
                "answer": answer,
                "family": family,
                "task_id": task_id,
            },
            Verdict,
            _VERDICT_FIELDS,
        )
    return Verdict(
        reward=reward,
        correct=correct,
        format_ok=format_ok,
        score=score,
        reason=reason,
        answer=answer,
        family=family,
        task_id=task_id,
    )


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


LOAD_CACHE_SIZE = 256
"""How many recently loaded records :func:`load_task` remembers (JSON texts and dicts)."""
_MAX_CACHED_TEXT = 1 << 20
"""JSON texts longer than this are parsed every time rather than held in the cache."""

_texts: dict[str | bytes, Task] = {}
_dicts: dict[int, tuple[dict[str, Any], dict[str, Any], Task]] = {}
_cache_lock = threading.Lock()


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    """Stores ``value``, dropping the oldest entries past :data:`LOAD_CACHE_SIZE` (FIFO)."""
    with _cache_lock:
        while len(cache) >= LOAD_CACHE_SIZE:
            cache.pop(next(iter(cache)), None)
        cache[key] = value


def clear_load_cache() -> None:
    """Forgets every record :func:`load_task` remembered (tests; after re-registering)."""
    with _cache_lock:
        _texts.clear()
        _dicts.clear()


def load_task(task: Task | dict[str, Any] | str | bytes) -> Task:
    """Returns ``task`` as a :class:`Task`, accepting a Task, a dict or JSON text.

    RL trainers verify many completions of one task (a GRPO group of 8-64), so a record
    seen recently is not parsed or validated again. The cache is keyed by content, never by
    the record's ``id``: a JSON text by the text itself; a dict by its identity *and* deep
    equality with a private copy of what was validated, so a dict edited in place after it
    was loaded is validated afresh. (Equality is Python's: an edit that swaps a value for an
    equal one of another numeric type, ``True`` for ``1``, reads as the original.) Records
    that fail to load are never remembered, so a malformed one raises every time.

    Raises:
        InvalidTaskError: the record is malformed; the message names the field.
    """
    if isinstance(task, Task):
        return task
    if isinstance(task, str | bytes):
        found = _texts.get(task)
        if found is not None:
            return found
        loaded = _load_text(task)
        if len(task) <= _MAX_CACHED_TEXT:
            _remember(_texts, task, loaded)
        return loaded
    if isinstance(task, dict):
        entry = _dicts.get(id(task))
        if entry is not None and entry[0] is task and entry[1] == task:
            return entry[2]
        loaded = _validate(task)
        try:
            snapshot = copy.deepcopy(task)
        except Exception:  # an uncopyable value (only meta may hold one): do not cache
            return loaded
        _remember(_dicts, id(task), (task, snapshot, loaded))
        return loaded
    raise InvalidTaskError(f"expected a Task, dict or JSON text, got {type(task).__name__}")


def _load_text(text: str | bytes) -> Task:
    """Parses and validates JSON text (no cache)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InvalidTaskError(f"malformed task: not JSON ({exc})") from None
    except RecursionError:
        raise InvalidTaskError("malformed task: JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise InvalidTaskError("malformed task: expected a JSON object")
    return _validate(data)


def _validate(data: dict[str, Any]) -> Task:
    """Validates a decoded record (no cache)."""
    try:
        return Task.model_validate(data)
    except ValidationError as exc:
        raise InvalidTaskError(describe_validation_error(exc)) from None
    except RecursionError:
        raise InvalidTaskError("malformed task: nested too deeply") from None
