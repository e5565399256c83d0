"""The family base class and the registry: a plain dict from name to family.

A new family is one module in ``taskgen/tasks/`` with a :class:`Family` subclass decorated by
``@register("name")``; ``taskgen.tasks`` imports every module there, so registration happens
when ``taskgen`` is imported. Registering checks the name, the base class and the models, so a
slip fails at import with :class:`RegistrationError`.
"""

from __future__ import annotations

import difflib
import random
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from taskgen.core.errors import InvalidParamsError, RegistrationError, UnknownFamilyError

if TYPE_CHECKING:
    from taskgen.core.task import Task
    from taskgen.verifiers.extract import Container, Extraction
    from taskgen.verifiers.progress import AnswerLayout

Kind = Literal["sat", "puzzle", "game"]
KINDS: tuple[str, ...] = ("sat", "puzzle", "game")
_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


@dataclass(frozen=True)
class Draft:
    """What a family's generator returns; the core turns it into a :class:`Task`."""

    prompt: str
    answer: str
    instance: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """A family checker's judgement of one extracted answer payload.

    ``format_ok`` is False when the payload could not be read as an answer at all (wrong
    shape, bad characters); ``score`` is the documented partial credit in [0, 1]. When that
    credit is costly (a solver search), the checker leaves ``score`` at 0 and passes
    ``progress``, which :func:`taskgen.verify` calls only for a policy that uses the score.
    """

    correct: bool
    score: float
    reason: str
    format_ok: bool = True
    progress: Callable[[], float] | None = field(default=None, compare=False, repr=False)

    def credit(self) -> float:
        """Returns the partial credit, computing ``progress`` when there is one."""
        if self.correct:
            return 1.0
        return self.progress() if self.progress is not None else self.score


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False)[:3]:
        loc = ".".join(str(p) for p in error.get("loc", ()))
        msg = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        got = error.get("input")
        shown = repr(got) if isinstance(got, int | float | str | bool) else None
        text = f"{loc}: {msg}" if loc else msg
        parts.append(f"{text} (got {shown[:40]})" if shown is not None and loc else text)
    return "; ".join(parts)


class Family(ABC):
    """Base class of every family: knobs, level table, generator, checker.

    Subclasses set the class attributes and implement the four abstract methods. The core
    handles seeding, ids, answer extraction and reward policies, so a family only deals
    with its own puzzle.
    """

    name: ClassVar[str] = ""
    """Registry name, set by :func:`register`."""
    version: ClassVar[int] = 0
    """Generator version; bump it whenever any seed's output changes."""
    kind: ClassVar[Kind] = "puzzle"
    description: ClassVar[str] = ""
    """One line for ``taskgen list``."""
    Knobs: ClassVar[type[BaseModel]]
    """Pydantic model of the family's knobs, with their ranges."""
    Instance: ClassVar[type[BaseModel]]
    """Pydantic model of ``Task.instance``; validated whenever a task is loaded."""
    min_level: ClassVar[int] = 1
    max_level: ClassVar[int] = 10
    multi_turn: ClassVar[bool] = True
    """Whether a wrong answer's reason is useful feedback for another attempt."""
    cell_answer: ClassVar[bool] = True
    """Whether a sat/puzzle family's answer is a grid of cells (then it must give a layout)."""
    max_constant_accuracy: ClassVar[float] = 0.35
    """Most tasks of one level the best constant answer may solve (``taskgen.testing``)."""

    @abstractmethod
    def knobs_for_level(self, level: int) -> dict[str, Any]:
        """Returns the knobs of difficulty ``level`` (already range-checked)."""

    @abstractmethod
    def generate(self, knobs: Any, rng: random.Random) -> Draft:
        """Draws one instance from ``rng`` with validated ``knobs``."""

    @abstractmethod
    def check(self, instance: dict[str, Any], payload: str) -> Check:
        """Judges an extracted answer payload; must never raise on any string."""

    def accepts(self, instance: dict[str, Any], payload: str) -> bool:
        """Returns whether ``payload`` is a correct answer: ``check(...).correct`` alone.

        Generation screens (no constant answer may be right) need only this bit. A family
        whose reasoned check is costly may override it with an exact fast test; the registry
        tests (:func:`taskgen.testing.check_accepts`) hold the two to the same verdict on
        golds, near misses, constant, lazy and junk answers.
        """
        return self.check(instance, payload).correct

    @abstractmethod
    def hardness(self, task: Task) -> float:
        """Returns a number that grows with difficulty (shown to grow by the tests)."""

    def extract(self, completion: str, container: Container = "boxed") -> Extraction:
        """Finds the answer payload of a completion (the shared protocol by default).

        Override only where the family's own interface reads answers differently, so that
        ``verify`` and the family's environments agree (games also read a bare ``[move]``).
        """
        from taskgen.verifiers.extract import extract_answer  # verifiers import this module

        return extract_answer(completion, container)

    def answer_layout(self, instance: dict[str, Any]) -> AnswerLayout | None:
        """Describes an answer as cells (shape, values, givens) when the family reads one.

        Families that return a layout give partial credit as progress toward a solution
        (:mod:`taskgen.verifiers.progress`), and ``taskgen.testing`` attacks them with
        constant, random and clue-ignoring answers of that shape. ``None`` (the default)
        means the answer is not a grid of cells; such a family gives no partial credit
        beyond 0 and 1 unless it documents its own.
        """
        return None

    def constant_solves(self, instance: dict[str, Any]) -> bool:
        """Returns whether filling every free cell of the answer with one value solves it.

        Generation redraws such tasks. The default writes each constant fill of
        :meth:`answer_layout` and asks :meth:`accepts`; a family may first rule the
        question out from the instance (a Latin row with two blanks repeats any constant)
        and fall back to this. Tests hold overrides to the default's verdict.
        """
        layout = self.answer_layout(instance)
        if layout is None:
            return False
        return any(
            self.accepts(instance, layout.write(layout.fill([value] * len(layout.free))))
            for value in layout.values
        )

    def lazy_answers(self, instance: dict[str, Any]) -> dict[str, list[str]]:
        """Returns answers a model could write without solving, by class (payloads, no box).

        For families whose answer is not a grid of cells, the "givens left as they are":
        the input echoed back (a word list unsorted, a ciphertext as its own plaintext), the
        question's own options, a prefix without its completion. ``taskgen.testing`` checks
        that each class solves (almost) no task and earns no partial credit. The default has
        none; grid families are attacked through :meth:`answer_layout` instead.
        """
        return {}

    def validate_for_generation(self, knobs: Any) -> None:  # noqa: B027  (optional hook)
        """Raises :class:`InvalidParamsError` when valid knobs still cannot be generated.

        Override for limits that only bind the generator (an imported instance may exceed
        them): SAT cannot draw more distinct clauses than exist.
        """

    # -- provided ---------------------------------------------------------------------------

    def check_level(self, level: object) -> int:
        """Returns ``level`` if it is an allowed difficulty, else raises with the range."""
        if isinstance(level, bool) or not isinstance(level, int):
            raise InvalidParamsError(
                f"difficulty must be an integer {self.min_level}–{self.max_level}, got {level!r}"
            )
        if not self.min_level <= level <= self.max_level:
            raise InvalidParamsError(
                f"difficulty must be {self.min_level}–{self.max_level}, got {level}"
            )
        return level

    def resolve_knobs(self, level: int, overrides: dict[str, Any] | None = None) -> BaseModel:
        """Returns the validated knobs of ``level`` with explicit ``overrides`` applied.

        A level's own knobs (no overrides) are validated once and shared when the knobs
        model is frozen (every built-in one is): ``knobs_for_level`` is a fixed table.
        """
        if not overrides and type(level) is int and self.Knobs.model_config.get("frozen"):
            cache = self.__dict__.setdefault("_level_knobs", {})
            knobs = cache.get(level)
            if knobs is None:
                knobs = cache[level] = self._resolve(level, None)
            return knobs  # type: ignore[no-any-return]
        return self._resolve(level, overrides)

    def _resolve(self, level: int, overrides: dict[str, Any] | None) -> BaseModel:
        values = dict(self.knobs_for_level(self.check_level(level)))
        if overrides:
            known = set(self.Knobs.model_fields)
            unknown = sorted(set(overrides) - known)
            if unknown:
                valid = ", ".join(sorted(known))
                raise InvalidParamsError(
                    f"unknown knob {unknown[0]!r} for {self.name}; valid: {valid}"
                )
            values.update(overrides)
        try:
            knobs = self.Knobs.model_validate(values)
        except ValidationError as exc:
            raise InvalidParamsError(f"{self.name}: {_describe(exc)}") from None
        self.validate_for_generation(knobs)
        return knobs

    def validate_params(self, params: dict[str, Any]) -> None:
        """Raises ``ValueError`` naming the field when ``params`` do not fit the knobs model."""
        try:
            self.Knobs.model_validate(params)
        except ValidationError as exc:
            raise ValueError(f"params: {_describe(exc)}") from None

    def validate_instance(self, instance: dict[str, Any]) -> None:
        """Raises ``ValueError`` naming the field when ``instance`` is malformed."""
        try:
            self.Instance.model_validate(instance)
        except ValidationError as exc:
            raise ValueError(f"instance: {_describe(exc)}") from None


@dataclass(frozen=True)
class FamilyInfo:
    """What :func:`taskgen.families` reports about one registered family."""

    name: str
    kind: str
    description: str
    version: int
    min_level: int
    max_level: int


_REGISTRY: dict[str, Family] = {}
F = TypeVar("F", bound=type[Family])


def register(name: str) -> Callable[[F], F]:
    """Registers a :class:`Family` subclass under ``name`` (a class decorator).

    Raises:
        RegistrationError: the name is not new snake_case, the class is not a Family, or
            its ``Knobs`` / ``Instance`` are not pydantic models.
    """

    def decorator(cls: F) -> F:
        if not _NAME_PATTERN.match(name):
            raise RegistrationError(f"family name {name!r} is not snake_case")
        if name in _REGISTRY:
            raise RegistrationError(f"family {name!r} is already registered")
        if not (isinstance(cls, type) and issubclass(cls, Family)):
            raise RegistrationError(f"{cls!r} is not a subclass of taskgen Family")
        for attr in ("Knobs", "Instance"):
            model = getattr(cls, attr, None)
            if not (isinstance(model, type) and issubclass(model, BaseModel)):
                raise RegistrationError(f"family {name!r} needs a pydantic {attr} model")
        if cls.kind not in KINDS:
            raise RegistrationError(f"family {name!r} has kind {cls.kind!r}; use one of {KINDS}")
        if not cls.description:
            raise RegistrationError(f"family {name!r} needs a one-line description")
        cls.name = name
        _REGISTRY[name] = cls()
        return cls

    return decorator


def unregister(name: str) -> None:
    """Removes a family (for tests of plugin families)."""
    _REGISTRY.pop(name, None)


def get(name: str) -> Family:
    """Returns the registered family ``name``.

    Raises:
        UnknownFamilyError: with the nearest name and the list of known ones.
    """
    if not _LOADED:
        _ensure_loaded()
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        known = sorted(_REGISTRY)
        close = suggest(name, known)
        hint = f"; did you mean {close!r}? Known" if close else "; known"
        raise UnknownFamilyError(f"unknown family {name!r}{hint}: {', '.join(known)}") from None


def suggest(name: object, known: list[str]) -> str | None:
    """Returns the known name a mistyped ``name`` most likely meant, or None.

    Case, hyphens and spaces are forgiven first (``SAT``, ``Number-Wall``); then the closest
    spelling wins.

    >>> suggest("SAT", ["sat", "sudoku"]), suggest("sudokku", ["sat", "sudoku"])
    ('sat', 'sudoku')
    >>> suggest("chess", ["sat", "sudoku"]) is None
    True
    """

    def folded(text: str) -> str:
        return "_".join(text.replace("-", " ").replace("_", " ").split()).casefold()

    wanted = folded(str(name))
    by_fold = {folded(k): k for k in known}
    if wanted in by_fold:
        return by_fold[wanted]
    close = difflib.get_close_matches(wanted, list(by_fold), n=1)
    return by_fold[close[0]] if close else None


def names() -> list[str]:
    """Returns the sorted names of every registered family."""
    _ensure_loaded()
    return sorted(_REGISTRY)


def infos() -> list[FamilyInfo]:
    """Returns a :class:`FamilyInfo` per registered family, sorted by name."""
    _ensure_loaded()
    return [
        FamilyInfo(f.name, f.kind, f.description, f.version, f.min_level, f.max_level)
        for _, f in sorted(_REGISTRY.items())
    ]


_LOADED = False
"""Whether the built-in families are registered (``get`` checks a flag, not an import)."""


def _ensure_loaded() -> None:
    global _LOADED
    if not _LOADED:
        import taskgen.tasks  # noqa: F401  (importing registers every built-in family)

        _LOADED = True
