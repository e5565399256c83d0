"""Prints SAT tasks generated per second and verifications per second, on one core.

    python benchmarks/bench_sat.py [--seconds 2]

Target at level 5: more than 5,000 tasks/s and 20,000 verifications/s. Verify's memo of
recent answers is off, so every verification runs the checker.
"""

from __future__ import annotations

import argparse
import time

import taskgen
from taskgen.core.api import CHECK_MEMO
from taskgen.verifiers.extract import boxed


def rate(work, seconds: float) -> float:
    """Calls ``work(i)`` for about ``seconds`` and returns calls per second."""
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(50):
            work(count)
            count += 1
    return count / elapsed


def measure(level: int, unique: bool, seconds: float) -> tuple[float, float]:
    """Returns (tasks/s, verifications/s) for one level; half the answers are wrong."""
    knobs = {"unique": True} if unique else {}
    generated = rate(lambda i: taskgen.sample("sat", level, i, **knobs), seconds)
    tasks = list(taskgen.generate("sat", 64, level, 0, **knobs))
    completions = [boxed("0" * len(t.answer)) for t in tasks] + [boxed(t.answer) for t in tasks]
    verified = rate(lambda i: taskgen.verify(tasks[i % 64], completions[i % 128]), seconds)
    return generated, verified


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    args = parser.parse_args()
    CHECK_MEMO.size = 0  # time the checker, not the memo
    print(f"{'variant':<18}{'tasks/s':>12}{'verifications/s':>18}")
    for level, unique in [(1, False), (5, False), (10, False), (1, True), (5, True), (10, True)]:
        generated, verified = measure(level, unique, args.seconds)
        name = f"level {level}" + (" unique" if unique else "")
        print(f"{name:<18}{generated:>12,.0f}{verified:>18,.0f}")


if __name__ == "__main__":
    main()
