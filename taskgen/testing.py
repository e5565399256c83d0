"""Checks every family must pass, shipped so plugin families are checked like built-ins.

Each check raises :class:`FamilyCheckError` (an ``AssertionError``) with a message naming the
family, level and seed; :func:`check_family` runs them all.

>>> check_family("sat", levels=(1, 5), seeds=(0,))
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from taskgen.core.api import generate, sample, verify
from taskgen.core.policy import POLICY_NAMES, RewardPolicy
from taskgen.core.registry import get, names
from taskgen.core.task import Task
from taskgen.verifiers.extract import boxed

DEFAULT_SEEDS: tuple[int, ...] = (0, 1, 2)
JUNK_COMPLETIONS: tuple[str, ...] = (
    "",
    "I don't know.",
    "\\boxed{}",
    "\\boxed{",
    "\\boxed{}}}}",
    "\\boxed{\\boxed{\\boxed{}}}",
    "\\boxed{null}",
    "\\boxed{[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    "\\boxed{__import__('os').system('echo pwned')}",
    "\\boxed{" + "9" * 5000 + "}",
    "\\boxed{" + "1" * 200_000 + "}",
    "\\boxed{-1e309}",
    "\\boxed{\x00\x01\x02}",
    "\\boxed{[1, 2, 3]}",
    '\\boxed{{"a": 1}}',
    "<answer>42</answer>",
    "<think>",
    "</think></think>\\boxed{0}",
)


class FamilyCheckError(AssertionError):
    """Raised when a family breaks one of the contracts every family must keep."""


def _fail(family: str, what: str, level: int | None = None, seed: int | None = None) -> None:
    where = "".join(
        [
            f" level {level}" if level is not None else "",
            f" seed {seed}" if seed is not None else "",
        ]
    )
    raise FamilyCheckError(f"{family}{where}: {what}")


def _levels(family: str, levels: Iterable[int] | None) -> list[int]:
    spec = get(family)
    return list(levels) if levels is not None else list(range(spec.min_level, spec.max_level + 1))


def check_gold(
    family: str, levels: Iterable[int] | None = None, seeds: Sequence[int] = DEFAULT_SEEDS
) -> None:
    """Checks the gold answer verifies as correct with score 1.0 under every policy."""
    for level in _levels(family, levels):
        for seed in seeds:
            task = sample(family, level, seed)
            for policy in POLICY_NAMES:
                verdict = verify(task, boxed(task.answer), policy=policy)
                top = RewardPolicy.named(policy).bounds[1]
                if not (verdict.correct and verdict.score == 1.0 and verdict.reward == top):
                    _fail(family, f"gold answer failed ({policy}): {verdict.reason}", level, seed)


def check_determinism(
    family: str, levels: Iterable[int] | None = None, seeds: Sequence[int] = DEFAULT_SEEDS
) -> None:
    """Checks same arguments give byte-identical tasks (in this process; see fingerprint)."""
    for level in _levels(family, levels):
        for seed in seeds:
            first = sample(family, level, seed).model_dump_json()
            if sample(family, level, seed).model_dump_json() != first:
                _fail(family, "two draws of the same seed differ", level, seed)


def check_stream(family: str, level: int | None = None, seed: int = 11, n: int = 4) -> None:
    """Checks a stream: item 0 is ``sample(seed)``, items differ, each is reproducible from
    the seed it records, and ``start=`` shards give the same items."""
    spec = get(family)
    chosen = min(spec.min_level + 1, spec.max_level) if level is None else level
    tasks = list(generate(family, n, chosen, seed))
    if tasks[0] != sample(family, chosen, seed):
        _fail(family, "item 0 of the stream is not sample(seed)", chosen, seed)
    if len({task.seed for task in tasks}) != n:
        _fail(family, "stream items share a seed", chosen, seed)
    for task in tasks:
        if sample(family, chosen, task.seed) != task:
            _fail(family, "a stream item is not reproducible from its seed", chosen, task.seed)
    if list(generate(family, n - 2, chosen, seed, start=2)) != tasks[2:]:
        _fail(family, "start= does not give the same items", chosen, seed)


def check_roundtrip(
    family: str, levels: Iterable[int] | None = None, seeds: Sequence[int] = DEFAULT_SEEDS
) -> None:
    """Checks a task survives JSON and verifies the same after the round trip."""
    for level in _levels(family, levels):
        for seed in seeds:
            task = sample(family, level, seed)
            text = task.model_dump_json()
            again = Task.model_validate_json(text)
            if again != task or again.model_dump_json() != text:
                _fail(family, "JSON round trip changed the task", level, seed)
            for completion in (boxed(task.answer), "\\boxed{0}"):
                if verify(text, completion) != verify(task, completion):
                    _fail(family, "verdict differs after JSON round trip", level, seed)


def check_junk(
    family: str, levels: Iterable[int] | None = None, seeds: Sequence[int] = (0,)
) -> None:
    """Checks junk completions get a verdict in the policy's range, never an exception."""
    for level in _levels(family, levels):
        for seed in seeds:
            task = sample(family, level, seed)
            hidden = f"<think>{boxed(task.answer)}</think> no idea"
            for completion in (*JUNK_COMPLETIONS, hidden):
                for policy in POLICY_NAMES:
                    low, high = RewardPolicy.named(policy).bounds
                    try:
                        verdict = verify(task, completion, policy=policy)
                    except Exception as exc:
                        _fail(family, f"verify raised {type(exc).__name__} on junk", level, seed)
                        raise AssertionError from exc  # unreachable; keeps type checkers calm
                    if not low <= verdict.reward <= high:
                        _fail(family, f"reward {verdict.reward} outside {low}..{high}", level, seed)
                    if completion in ("", "\\boxed{}", hidden) and verdict.correct:
                        _fail(family, f"accepted the junk {completion[:30]!r}", level, seed)
                    if not verdict.reason:
                        _fail(family, "a verdict without a reason", level, seed)


def mean_hardness(family: str, level: int, seeds: Sequence[int] = DEFAULT_SEEDS) -> float:
    """Returns the family's hardness measure averaged over ``seeds`` at ``level``."""
    spec = get(family)
    return sum(spec.hardness(sample(family, level, seed)) for seed in seeds) / len(seeds)


def check_difficulty_grows(family: str, seeds: Sequence[int] = DEFAULT_SEEDS) -> None:
    """Checks mean hardness never falls from one level to the next and ends above its start."""
    spec = get(family)
    levels = list(range(spec.min_level, spec.max_level + 1))
    values = [mean_hardness(family, level, seeds) for level in levels]
    for level, before, after in zip(levels[1:], values, values[1:], strict=False):
        if after < before:
            _fail(family, f"hardness falls from {before:.3g} to {after:.3g}", level)
    if values[-1] <= values[0]:
        _fail(family, f"hardness does not grow ({values[0]:.3g} → {values[-1]:.3g})")


def check_family(
    family: str, levels: Iterable[int] | None = None, seeds: Sequence[int] = DEFAULT_SEEDS
) -> None:
    """Runs every check above on one family."""
    chosen = _levels(family, levels)
    check_gold(family, chosen, seeds)
    check_determinism(family, chosen, seeds)
    check_stream(family)
    check_roundtrip(family, chosen, seeds)
    check_junk(family, chosen, seeds[:1])
    check_difficulty_grows(family, seeds)


def fingerprint(families: Iterable[str] | None = None, seeds: Sequence[int] = (0, 1)) -> str:
    """Returns a hash of every family's tasks at every level for ``seeds``.

    Two processes (say, with different ``PYTHONHASHSEED``) must print the same value.
    """
    digest = hashlib.sha256()
    for family in families if families is not None else names():
        for level in _levels(family, None):
            for seed in seeds:
                digest.update(sample(family, level, seed).model_dump_json().encode("utf-8"))
    return digest.hexdigest()


if __name__ == "__main__":
    print(fingerprint())
