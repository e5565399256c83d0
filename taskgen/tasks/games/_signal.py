"""Measures whether game decision tasks carry a signal: what trivial answers and chance earn.

For one game family and level, over a list of seeds: the accuracy of the best constant answer
(each candidate used on every task), of a verbatim copy of the prompt, of a uniformly random
decision move (``meta["random_move_sound"]``), the mean ``hardness``, and how many tasks
would let every decision move pass. ``benchmarks/bench_games.py`` prints these; the game
tests hold them under the targets.

>>> report = measure_signal("kuhn_poker", 10, range(20))
>>> report.random_move, report.all_sound
(0.5, 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from taskgen.core.api import sample, verify
from taskgen.core.errors import InvalidParamsError
from taskgen.core.registry import get
from taskgen.core.task import Task
from taskgen.tasks.games import GAMES
from taskgen.tasks.games._base import GameFamily, Illegal
from taskgen.tasks.games.simple_negotiation import RESOURCES


@dataclass(frozen=True)
class SignalReport:
    """What trivial answers and chance earn on one game family and level."""

    family: str
    level: int
    tasks: int
    best_constant: float
    """Share of tasks the best constant answer solves."""
    constant: str
    """That answer."""
    prompt_copy: float
    """Share of tasks a copy of the prompt solves."""
    random_move: float
    """Mean share of sound decision moves: a uniformly random decision move's accuracy."""
    hardness: float
    """Mean of the family's ``hardness``."""
    all_sound: int
    """Tasks where every decision move is sound (must be 0)."""


def constant_answers(family: str, tasks: Iterable[Task] = ()) -> list[str]:
    """Returns the constant answers to try: the game's move vocabulary, every gold answer in
    ``tasks``, and for Simple Negotiation Accept, Deny, Pass, a greedy offer per pair of
    resources and every offer of 1–5 units of one resource for 1–5 of another."""
    answers = set(GAMES[family]().vocabulary) if family != "simple_negotiation" else set()
    if family == "simple_negotiation":
        answers |= {"Accept", "Deny", "Pass"}
        for give in RESOURCES:
            for get_ in RESOURCES:
                if give != get_:
                    answers.add(f"Offer: 1 {give} -> 999 {get_}")
                    answers |= {
                        f"Offer: {q} {give} -> {r} {get_}" for q in range(1, 6) for r in range(1, 6)
                    }
    answers |= {task.answer for task in tasks}
    return sorted(answers)


def measure_signal(
    family: str, level: int, seeds: Iterable[int], answers: Iterable[str] | None = None
) -> SignalReport:
    """Samples ``family`` at ``level`` for each seed and measures its signal.

    ``answers`` are the constants to try (default :func:`constant_answers`). A constant is
    judged as the family's checker judges it (parse, then soundness), on each task's state
    restored once.
    """
    spec = get(family)
    if not isinstance(spec, GameFamily):
        raise InvalidParamsError(f"{family} is not a game family")
    tasks = [sample(family, level, seed) for seed in seeds]
    candidates = list(answers) if answers is not None else constant_answers(family, tasks)
    positions = [spec.restore(task.instance) for task in tasks]
    best, constant = -1, ""
    for answer in candidates:
        solved = 0
        for game, state in positions:
            move = game.parse_move(state, answer)
            solved += not isinstance(move, Illegal) and game.is_sound(state, move)
        if solved > best:
            best, constant = solved, answer
    count = len(tasks)
    return SignalReport(
        family=family,
        level=level,
        tasks=count,
        best_constant=best / count,
        constant=constant,
        prompt_copy=sum(verify(task, task.prompt).correct for task in tasks) / count,
        random_move=sum(float(task.meta["random_move_sound"]) for task in tasks) / count,
        hardness=sum(spec.hardness(task) for task in tasks) / count,
        all_sound=sum(float(task.meta["random_move_sound"]) >= 1.0 for task in tasks),
    )
