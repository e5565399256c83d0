"""Checks every family must pass, shipped so plugin families are checked like built-ins.

Each check raises :class:`FamilyCheckError` (an ``AssertionError``) with a message naming the
family, level and seed; :func:`check_family` runs them all.

>>> check_family("sat", levels=(1, 5), seeds=(0,))
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from taskgen.core.api import generate, sample, verify
from taskgen.core.policy import POLICY_NAMES, RewardPolicy
from taskgen.core.registry import Check, Family, get, names
from taskgen.core.task import Task
from taskgen.verifiers.extract import boxed, extract_answer
from taskgen.verifiers.grid import Grid
from taskgen.verifiers.progress import AnswerLayout

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


def check_checker(
    family: str, levels: Iterable[int] | None = None, seeds: Sequence[int] = (0,)
) -> None:
    """Calls the family's checker directly (``verify`` would hide its exceptions) on the gold
    and on every junk payload: it must return a :class:`Check` with a score in [0, 1] and a
    reason, and accept the gold."""
    spec = get(family)
    for level in _levels(family, levels):
        for seed in seeds:
            task = sample(family, level, seed)
            payloads = [task.answer, task.prompt, "0", "[[0]]", ""]
            for completion in JUNK_COMPLETIONS:
                found = extract_answer(completion).payload
                if found is not None:
                    payloads.append(found)
            for payload in payloads:
                try:
                    check = spec.check(task.instance, payload)
                except Exception as exc:
                    what = f"the checker raised {type(exc).__name__} on {payload[:30]!r}"
                    _fail(family, what, level, seed)
                    raise AssertionError from exc  # unreachable
                if not isinstance(check, Check):
                    _fail(family, f"the checker returned {check!r}", level, seed)
                try:
                    credit = check.credit()
                except Exception as exc:
                    what = f"partial credit raised {type(exc).__name__} on {payload[:30]!r}"
                    _fail(family, what, level, seed)
                    raise AssertionError from exc  # unreachable
                if not 0.0 <= check.score <= 1.0 or not 0.0 <= credit <= 1.0:
                    _fail(family, f"the checker scored {check.score} / {credit}", level, seed)
                if not check.reason:
                    _fail(family, "the checker gave no reason", level, seed)
                if payload == task.answer and not check.correct:
                    _fail(family, f"the checker rejects the gold: {check.reason}", level, seed)


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
    check_checker(family, chosen, seeds[:1])
    check_difficulty_grows(family, seeds)
    check_reward_integrity(family, chosen)


# -- reward integrity: answers that do not solve must not earn ----------------------------------

TRIVIAL_PARTIAL_CEILING = 0.25
"""Most mean partial reward any class of trivial answers may earn, per family and level."""
ONE_AWAY_MARGIN = 0.15
"""How far above the best trivial class an answer one cell from a solution must score."""
INTEGRITY_SEEDS: tuple[int, ...] = tuple(range(8))
"""Tasks per level for cell families (every answer class is several answers per task)."""
LAZY_CORRECT_CEILING = 0.10
"""Most tasks of one level a class of a family's :meth:`~Family.lazy_answers` may solve."""
CONSTANT_WORDS: tuple[str, ...] = ("0", "1", "-1", "yes", "no", "none", "true", "false", "A")
"""Constant answers tried on every family without a layout, besides every gold seen."""
DECISION_SEEDS: tuple[int, ...] = tuple(range(40))
"""Tasks per level for families without a layout (games): rates need more tasks."""
_BOX = re.compile(r"\\boxed\{([^{}]*)\}")


@dataclass(frozen=True)
class AttackReport:
    """What trivial answers earn on one family and level (means over tasks)."""

    family: str
    level: int
    partial: dict[str, float]
    """Mean partial reward per class of trivial cell answers (empty without a layout)."""
    constant_correct: float
    """Share of tasks the best constant answer solves (constants: every gold seen)."""
    prompt_correct: float
    """Share of tasks a copy of the prompt solves."""
    one_away: float | None
    """Mean partial reward of the gold with one free cell changed (None: no layout)."""
    lazy_correct: dict[str, float] = field(default_factory=dict)
    """Share of tasks each class of the family's own lazy answers solves."""

    @property
    def worst_partial(self) -> tuple[str, float]:
        """The class of trivial answers that earns most, and its mean partial reward."""
        if not self.partial:
            return ("-", 0.0)
        name = max(self.partial, key=lambda key: self.partial[key])
        return name, self.partial[name]


def _gold_grid(task: Task, layout: AnswerLayout) -> Grid | None:
    """Reads the gold as a grid of layout values: JSON rows (of the layout's symbols, if it
    has them), or one row of digits (SAT's bits)."""
    rows, cols = layout.rows, layout.cols
    try:
        value = json.loads(task.answer)
    except ValueError:
        value = None
    if isinstance(value, list) and len(value) == rows:
        if layout.symbols is not None:  # fixed cells may be written with other tokens
            index = dict(zip(layout.symbols, layout.values, strict=True))
            return [
                [layout.fixed.get((r, c), index.get(cell, -1)) for c, cell in enumerate(row)]
                for r, row in enumerate(value)
            ]
        return [list(row) for row in value]
    text = task.answer.strip()
    if rows == 1 and len(text) == cols and text.isdigit():
        return [[int(ch) for ch in text]]
    return None


def trivial_cell_answers(task: Task, rng: random.Random) -> dict[str, list[str]]:
    """Returns answers of the right shape that ignore the clues, by class.

    Classes: ``constant`` (the givens, every blank one value), ``constant-grid`` (every cell
    one value, givens ignored), ``random`` (blanks uniform), ``shuffled`` (the gold's own
    blank values in a random order: right counts, wrong places), ``sorted`` (the same values
    in ascending order, as a list in the prompt would give them), ``relabelled`` (the gold
    under a random permutation of values: for a Latin square, another Latin square), and
    ``other-gold`` (the solution of another task of the same knobs).
    """
    spec = get(task.family)
    layout = spec.answer_layout(task.instance)
    if layout is None:
        return {}
    free, values = layout.free, layout.values
    gold = _gold_grid(task, layout)
    answers: dict[str, list[str]] = {
        "constant": [layout.write(layout.fill([v] * len(free))) for v in values],
        "constant-grid": [
            layout.write([[v] * layout.cols for _ in range(layout.rows)]) for v in values
        ],
        "random": [layout.write(layout.fill([rng.choice(values) for _ in free])) for _ in range(4)],
    }
    if gold is not None:
        blanks = [gold[r][c] for r, c in free]
        answers["shuffled"] = [
            layout.write(layout.fill(rng.sample(blanks, len(blanks)))) for _ in range(3)
        ]
        answers["sorted"] = [layout.write(layout.fill(sorted(blanks)))]
        relabelled = []
        for _ in range(3):
            image = _derangement(values, rng)
            relabelled.append(layout.write([[image.get(v, v) for v in row] for row in gold]))
        answers["relabelled"] = relabelled
    other = sample(task.family, task.difficulty, task.seed + 7919, **task.params)
    other_layout = spec.answer_layout(other.instance)
    if other_layout is not None and (other_layout.rows, other_layout.cols) == (
        layout.rows,
        layout.cols,
    ):
        answers["other-gold"] = [other.answer]
    return answers


def _derangement(values: Sequence[int], rng: random.Random) -> dict[int, int]:
    """Returns a random permutation of ``values`` that moves every value (a relabelling)."""
    while True:
        image = rng.sample(list(values), len(values))
        if len(values) < 2 or all(a != b for a, b in zip(values, image, strict=True)):
            return dict(zip(values, image, strict=True))


def one_away_answers(task: Task) -> list[str]:
    """Returns the gold with one blank cell changed, for a few blank cells."""
    spec = get(task.family)
    layout = spec.answer_layout(task.instance)
    gold = None if layout is None else _gold_grid(task, layout)
    if layout is None or gold is None or len(layout.values) < 2:
        return []
    answers = []
    step = max(1, len(layout.free) // 4)
    for r, c in layout.free[::step]:
        grid = [row[:] for row in gold]
        grid[r][c] = next(v for v in layout.values if v != gold[r][c])
        answers.append(layout.write(grid))
    return answers


def attack(family: str, level: int, seeds: Sequence[int] | None = None) -> AttackReport:
    """Attacks ``family`` at ``level`` with trivial answers; returns what they earn.

    The partial means count answers that do not solve their task: a trivial answer that
    happens to be a solution (a tiny SAT formula has many) is a solution, and no verifier
    may refuse one. Constant answers are the constant fills of the layout when the family
    has one, else every gold seen at the level (each used for every task) and a few words.
    """
    spec = get(family)
    if seeds is None:
        first = sample(family, level, 0)
        seeds = INTEGRITY_SEEDS if spec.answer_layout(first.instance) else DECISION_SEEDS
    tasks = [sample(family, level, seed) for seed in seeds]
    rng = random.Random(f"attack/{family}/{level}")
    sums: dict[str, list[float]] = {}
    solved_by_value: dict[int, int] = {}
    lazy_hits: dict[str, list[float]] = {}
    for task in tasks:
        for name, answers in trivial_cell_answers(task, rng).items():
            for answer in answers:
                verdict = verify(task, boxed(answer), policy="partial")
                if not verdict.correct:
                    sums.setdefault(name, []).append(verdict.reward)
        for name, answers in spec.lazy_answers(task.instance).items():
            for answer in answers:
                verdict = verify(task, boxed(answer), policy="partial")
                lazy_hits.setdefault(name, []).append(float(verdict.correct))
                if not verdict.correct:
                    sums.setdefault(f"lazy:{name}", []).append(verdict.reward)
        layout = spec.answer_layout(task.instance)
        if layout is None:
            continue
        for value in layout.values:
            fill = layout.write(layout.fill([value] * len(layout.free)))
            solved_by_value[value] = (
                solved_by_value.get(value, 0) + verify(task, boxed(fill)).correct
            )
    partial = {name: sum(v) / len(v) for name, v in sums.items() if v}
    if solved_by_value:
        best_constant = max(solved_by_value.values()) / len(tasks)
    else:
        constants = sorted({task.answer for task in tasks} | set(CONSTANT_WORDS))
        best_constant = max(
            sum(verify(task, boxed(answer)).correct for task in tasks) for answer in constants
        ) / len(tasks)
    prompt = sum(verify(task, task.prompt).correct for task in tasks) / len(tasks)
    nearby = [
        verify(task, boxed(answer), policy="partial").reward
        for task in tasks
        for answer in one_away_answers(task)
    ]
    one_away = sum(nearby) / len(nearby) if nearby else None
    lazy = {name: sum(hits) / len(hits) for name, hits in lazy_hits.items()}
    return AttackReport(family, level, partial, best_constant, prompt, one_away, lazy)


def check_reward_integrity(
    family: str, levels: Iterable[int] | None = None, seeds: Sequence[int] | None = None
) -> None:
    """Checks answers that do not solve earn (almost) nothing, at every level.

    * every class of :func:`trivial_cell_answers` earns a mean partial reward of at most
      :data:`TRIVIAL_PARTIAL_CEILING`;
    * no constant fill of a cell answer solves a task (``build_task`` redraws such tasks);
      for other families the best constant answer solves at most ``max_constant_accuracy``
      of the tasks (a family attribute, 0.35 by default); a copy of the prompt solves no
      more than the best constant;
    * no answer in a box of the prompt (format examples) solves the task;
    * each class of the family's :meth:`~taskgen.core.registry.Family.lazy_answers` (the
      input echoed back) solves at most :data:`LAZY_CORRECT_CEILING` of the tasks;
    * an answer one cell from a solution earns :data:`ONE_AWAY_MARGIN` more than the best
      trivial class, on average.
    """
    spec = get(family)
    for level in _levels(family, levels):
        report = attack(family, level, seeds)
        name, worst = report.worst_partial
        if worst > TRIVIAL_PARTIAL_CEILING:
            _fail(family, f"trivial answers ({name}) earn {worst:.2f} partial reward", level)
        # with a layout the generator redraws constant-solvable tasks, so no constant solves
        has_layout = spec.answer_layout(sample(family, level, 0).instance) is not None
        ceiling = 0.0 if has_layout else spec.max_constant_accuracy
        if report.constant_correct > ceiling:
            share = f"{report.constant_correct:.0%}"
            _fail(family, f"a constant answer solves {share} of tasks", level)
        if report.prompt_correct > max(report.constant_correct, 0.0) + 1e-9:
            _fail(family, f"a copy of the prompt solves {report.prompt_correct:.0%}", level)
        for lazy_name, solved in report.lazy_correct.items():
            if solved > LAZY_CORRECT_CEILING:
                _fail(family, f"lazy answers ({lazy_name}) solve {solved:.0%} of tasks", level)
        if report.one_away is not None and report.one_away < worst + ONE_AWAY_MARGIN:
            _fail(family, f"one cell from a solution earns only {report.one_away:.2f}", level)
        for seed in (0, 1, 2):
            task = sample(family, level, seed)
            for example in _BOX.findall(task.prompt):
                if verify(task, boxed(example)).correct:
                    _fail(family, f"the prompt's box {example!r} solves the task", level, seed)


def check_accepts(
    family: str, levels: Iterable[int] | None = None, seeds: Sequence[int] = (0, 1)
) -> None:
    """Checks :meth:`~taskgen.core.registry.Family.accepts` agrees with ``check(...).correct``.

    On the gold, answers one cell away, the trivial cell answers (constants, random fills,
    the givens as they are), the family's lazy answers and junk: a fast ``accepts`` may never
    say yes where the reasoned check says no, or the other way round. A family's own
    ``constant_solves`` must also answer as the default screen does on its tasks.
    """
    spec = get(family)
    rng = random.Random(f"accepts/{family}")
    for level in _levels(family, levels):
        for seed in seeds:
            task = sample(family, level, seed)
            if spec.constant_solves(task.instance) != Family.constant_solves(spec, task.instance):
                _fail(family, "constant_solves() differs from the default screen", level, seed)
            payloads = [task.answer, task.answer[:-1], " " + task.answer + " ", "", "[]", "0"]
            payloads += one_away_answers(task)
            for answers in trivial_cell_answers(task, rng).values():
                payloads += answers
            for answers in spec.lazy_answers(task.instance).values():
                payloads += answers
            for payload in payloads:
                if (
                    spec.accepts(task.instance, payload)
                    != spec.check(task.instance, payload).correct
                ):
                    _fail(
                        family, f"accepts() and check() disagree on {payload[:40]!r}", level, seed
                    )


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
