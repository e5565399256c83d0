"""The public functions: ``families``, ``sample``, ``generate``, ``verify``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from taskgen.core.errors import InvalidParamsError, InvalidTaskError
from taskgen.core.policy import RewardPolicy
from taskgen.core.registry import Check, Draft, Family, FamilyInfo, get, infos
from taskgen.core.seeding import MAX_SEED, item_seed, stable_hex, task_rng
from taskgen.core.task import Task, Verdict, assemble_task, load_task, make_verdict
from taskgen.verifiers.extract import CONTAINERS, Container, extract_answer

_log = logging.getLogger("taskgen")
_ANSWER_ECHO_CHARS = 200
_BASE_EXTRACT = Family.extract


def families() -> list[FamilyInfo]:
    """Returns every registered family (name, kind, description, version, level range).

    >>> "sat" in [info.name for info in families()]
    True
    """
    return infos()


def _check_seed(seed: object) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise InvalidParamsError(f"seed must be an integer 0–{MAX_SEED}, got {seed!r}")
    return seed


MAX_DRAWS = 100
"""Draws from one seed's stream before giving up on a task no constant answer solves."""


def constant_solves(family: Family, instance: dict[str, Any]) -> bool:
    """Returns whether filling every free cell of the answer with one value solves it.

    >>> from taskgen.core.registry import get
    >>> constant_solves(get("sat"), {"num_vars": 2, "clauses": [[1, 2], [-1, 2]]})
    True
    """
    return family.constant_solves(instance)


def build_task(
    family: Family, difficulty: int, seed: int, knobs: BaseModel, *, draft: Draft | None = None
) -> Task:
    """Draws the task of ``(family, knobs, seed)``; the single place tasks are assembled.

    A draw whose answer one value fills correctly (every blank the same digit, all-zeros,
    all-ones) is drawn again from the same stream, for every family with an answer layout:
    a constant answer must never earn a reward. A ``draft`` made elsewhere (an imported
    instance) skips the generator and this rule.

    Raises:
        InvalidParamsError: the knobs only make tasks that a constant answer solves.
    """
    params = knobs.model_dump(mode="json")
    if draft is not None:
        family.validate_instance(draft.instance)  # made elsewhere: validated like an import
    else:
        rng = task_rng(family.name, family.version, seed, params)
        for _ in range(MAX_DRAWS):
            draft = family.generate(knobs, rng)
            if not constant_solves(family, draft.instance):
                break
        else:
            raise InvalidParamsError(
                f"{family.name}: with {params} every task drawn is solved by a constant "
                "answer (every blank one value); choose knobs with more to decide"
            )
    task_id = stable_hex(family.name, family.version, seed, params, draft.instance)
    # The generator's own output is not validated again here (a third of a small task's
    # cost): the registry tests validate every level's instances through a JSON round trip,
    # and every record from outside is validated by ``load_task``.
    return assemble_task(
        {
            "family": family.name,
            "id": f"{family.name}-v{family.version}-{task_id}",  # content_id() recomputes it
            "seed": seed,
            "difficulty": difficulty,
            "params": params,
            "prompt": draft.prompt,
            "answer": draft.answer,
            "instance": draft.instance,
            "version": family.version,
            "meta": draft.meta,
        }
    )


def content_id(task: Task) -> str:
    """Returns the id ``task`` must carry: a hash of family, version, seed, params, instance."""
    digest = stable_hex(task.family, task.version, task.seed, task.params, task.instance)
    return f"{task.family}-v{task.version}-{digest}"


def check_integrity(task: Task | dict[str, Any] | str) -> Task:
    """Loads ``task`` and proves it is what its generator wrote; returns it.

    The id must be the hash of the task's content (so an edited instance, seed or params is
    caught) and the gold answer must verify (so a task that cannot reward anyone is caught).
    The CLI runs this on every task file it reads.

    Raises:
        InvalidTaskError: the record is malformed, edited, or its gold does not verify.

    >>> check_integrity(sample("sat", 1, 0)).family
    'sat'
    """
    loaded = load_task(task)
    expected = content_id(loaded)
    if loaded.id != expected:
        raise InvalidTaskError(
            f"task id {loaded.id!r} does not match its content ({expected!r}): "
            "the task was edited after it was generated"
        )
    family = get(loaded.family)
    try:
        check = family.check(loaded.instance, loaded.answer)
    except Exception as exc:  # a task the checker cannot read is the task's fault
        raise InvalidTaskError(
            f"task {loaded.id}: the checker raised {type(exc).__name__}"
        ) from None
    if not check.correct:
        raise InvalidTaskError(
            f"task {loaded.id}: its gold answer does not verify ({check.reason})"
        )
    return loaded


def sample(family: str, difficulty: int = 1, seed: int = 0, **knobs: Any) -> Task:
    """Returns the task of ``family`` at ``difficulty`` drawn from ``seed``.

    Explicit knobs override the level's (``sample("sat", 5, k=8)``); ``difficulty`` then
    names the level the other knobs came from. Same arguments, same task, byte for byte.

    >>> sample("sat", difficulty=3, seed=0) == sample("sat", difficulty=3, seed=0)
    True
    """
    spec = get(family)
    resolved = spec.resolve_knobs(difficulty, knobs)
    return build_task(spec, difficulty, _check_seed(seed), resolved)


def generate(
    family: str,
    count: int | None = None,
    difficulty: int = 1,
    seed: int = 0,
    *,
    start: int = 0,
    **knobs: Any,
) -> Iterator[Task]:
    """Yields items ``start .. start+count-1`` of the stream ``(family, difficulty, knobs, seed)``.

    Item ``i`` depends on ``(seed, i)`` alone, so ranges shard across processes with no
    coordination; item 0 is ``sample(family, difficulty, seed)``. ``count=None`` streams
    forever. Each call returns a fresh generator. Every other keyword is a knob, so a knob
    may be called ``n`` (SAT's clause width): ``generate("sat", 10, 5, n=4)``.

    >>> [task.params["n"] for task in generate("sat", 2, 5, n=4)]
    [4, 4]
    """
    spec = get(family)
    resolved = spec.resolve_knobs(difficulty, knobs)
    _check_seed(seed)
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
        raise InvalidParamsError(f"count must be a non-negative integer, got {count!r}")
    if isinstance(start, bool) or not isinstance(start, int) or start < 0:
        raise InvalidParamsError(f"start must be a non-negative integer, got {start!r}")

    def stream() -> Iterator[Task]:
        index = start
        while count is None or index < start + count:
            item = item_seed(spec.name, spec.version, seed, index)
            yield build_task(spec, difficulty, item, resolved)
            index += 1

    return stream()


class CheckMemo:
    """The checks of recent ``(instance, payload)`` pairs, so a repeated answer is judged once.

    GRPO samples 8-64 completions of one task, and many box the same answer (the right one,
    most often): the checker's verdict on a payload depends on the instance and the payload
    alone, so it is kept. Entries hold their instance, and a lookup must present the very
    same object (``load_task`` hands out one object per recent record), so an edited or
    different task can never be answered from the memo. Bounded to ``size`` entries, oldest
    dropped first; payloads longer than ``max_payload`` characters are not kept. ``size = 0``
    turns it off (benchmarks measure the checkers themselves that way).
    """

    def __init__(self, size: int = 4096, max_payload: int = 4096) -> None:
        self.size = size
        self.max_payload = max_payload
        self._entries: dict[tuple[int, str], tuple[dict[str, Any], Check]] = {}
        self._lock = threading.Lock()

    def get(self, instance: dict[str, Any], payload: str) -> Check | None:
        """Returns the kept check of ``payload`` against this very ``instance``, if any."""
        entry = self._entries.get((id(instance), payload))
        if entry is None or entry[0] is not instance:
            return None
        return entry[1]

    def put(self, instance: dict[str, Any], payload: str, check: Check) -> None:
        """Keeps ``check`` (dropping the oldest entries beyond ``size``)."""
        if self.size <= 0 or len(payload) > self.max_payload:
            return
        with self._lock:
            while len(self._entries) >= self.size:
                self._entries.pop(next(iter(self._entries)), None)
            self._entries[(id(instance), payload)] = (instance, check)

    def clear(self) -> None:
        """Forgets every kept check."""
        with self._lock:
            self._entries.clear()


CHECK_MEMO = CheckMemo()
"""The memo :func:`verify` consults before a family's checker."""


def _serialisable(text: str) -> str:
    """Returns ``text`` with lone surrogates (which no UTF-8 writer accepts) replaced by ``?``.

    >>> _serialisable("ok\\udcff")
    'ok?'
    """
    if text.isascii():  # the common case, decided in C without an encoded copy
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def verify(
    task: Task | dict[str, Any] | str,
    completion: str,
    *,
    policy: str | RewardPolicy = "binary",
    container: Container = "boxed",
) -> Verdict:
    """Verifies a model completion against a task; never raises on any completion.

    ``task`` may be a :class:`Task`, a dict or JSON text (a malformed one raises
    :class:`~taskgen.core.errors.InvalidTaskError`: that is the caller's mistake, not the
    model's). ``policy`` is ``"binary"``, ``"saturn"``, ``"partial"`` or a RewardPolicy.

    >>> task = sample("sat", difficulty=1, seed=0)
    >>> verify(task, "\\\\boxed{" + task.answer + "}").correct
    True
    """
    loaded = load_task(task)
    reward_policy = policy if isinstance(policy, RewardPolicy) else RewardPolicy.named(policy)
    if container not in CONTAINERS:
        raise InvalidParamsError(f"container must be one of {', '.join(CONTAINERS)}")
    family = get(loaded.family)
    payload: str | None = None
    if not isinstance(completion, str):
        check = Check(
            False, 0.0, f"completion must be text, got {type(completion).__name__}", False
        )
    else:
        if type(family).extract is _BASE_EXTRACT:  # the shared protocol, without the detour
            extraction = extract_answer(completion, container)
        else:
            extraction = family.extract(completion, container)
        payload = extraction.payload
        if payload is None:
            check = Check(False, 0.0, extraction.reason, False)
        else:
            memo = CHECK_MEMO if CHECK_MEMO.size > 0 else None  # off: no lookups at all
            remembered = None if memo is None else memo.get(loaded.instance, payload)
            if remembered is not None:
                check = remembered
            else:
                try:
                    check = family.check(loaded.instance, payload)
                except Exception:  # a checker bug must not crash a training run
                    _log.exception("checker of %s raised on a payload", family.name)
                    check = Check(False, 0.0, "the checker could not read this answer", False)
                if memo is not None:
                    memo.put(loaded.instance, payload, check)
    correct = check.correct
    if correct:
        score = 1.0
    else:
        score = check.score
        if check.progress is not None and reward_policy.uses_score:
            try:
                score = check.progress()
            except Exception:  # the same: no crash, and no credit
                _log.exception("partial credit of %s raised", family.name)
                score = 0.0
        score = min(max(float(score), 0.0), 1.0)
    return make_verdict(
        reward_policy.reward(correct=correct, format_ok=check.format_ok, score=score),
        correct,
        check.format_ok,
        score,
        _serialisable(check.reason),
        None if payload is None else _serialisable(payload[:_ANSWER_ECHO_CHARS]),
        loaded.family,
        loaded.id,
    )
