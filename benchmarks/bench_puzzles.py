"""Prints tasks generated per second and verifications per second for every puzzle family.

    python benchmarks/bench_puzzles.py [--seconds 1] [--least 8] [--levels 1 5 10]
        [--families sudoku ...]
    python benchmarks/bench_puzzles.py --kinds all --levels 1 2 3 4 5 6 7 8 9 10 --seconds 0.3

Every registered family of the chosen kinds (default ``puzzle``; ``all`` for every kind) is
measured (new families need no code here), one process, one core, and the slowest family
and level of each kind is named at the end. Verification is timed on a mix: half the
completions are the task's gold, half the gold of another task of the same level
(well-formed but almost always wrong), so both the accepting and the rejecting paths of the
checker are measured; verify's memo of recent answers is off, so every call runs the checker.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import taskgen
from taskgen.core.api import CHECK_MEMO
from taskgen.verifiers.extract import boxed

POOL = 16
"""Tasks generated up front for the verification measurement."""


def rate(work: Callable[[int], object], seconds: float, least: int = 1) -> float:
    """Calls ``work(i)`` for about ``seconds``, and at least ``least`` times, and returns
    calls per second."""
    count, start = 0, time.perf_counter()
    while True:
        work(count)
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and count >= least:
            return count / elapsed


def measure(family: str, level: int, seconds: float, least: int) -> tuple[float, float]:
    """Returns (tasks/s, verifications/s) of ``family`` at ``level``; generation is timed
    over at least ``least`` seeds, as one slow seed says little about a slow family."""
    taskgen.sample(family, level, 999_999)  # warm up (word lists, tables) outside the timing
    generated = rate(lambda i: taskgen.sample(family, level, 1000 + i), seconds, least)
    tasks = [taskgen.sample(family, level, seed) for seed in range(POOL)]
    completions = [boxed(t.answer) for t in tasks]
    completions += [boxed(tasks[(i + 1) % POOL].answer) for i in range(POOL)]

    def verify(i: int) -> object:
        return taskgen.verify(tasks[i % POOL], completions[i % (2 * POOL)])

    return generated, rate(verify, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.0, help="time per measurement")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--families", nargs="+", help="only these (default: every puzzle)")
    parser.add_argument("--kinds", nargs="+", default=["puzzle"], help="family kinds, or all")
    parser.add_argument("--least", type=int, default=8, help="fewest tasks generated per cell")
    args = parser.parse_args()
    CHECK_MEMO.size = 0  # time the checkers, not the memo
    infos = [i for i in taskgen.families() if "all" in args.kinds or i.kind in args.kinds]
    kinds = {info.name: info.kind for info in taskgen.families()}
    names = args.families or [info.name for info in infos]
    slowest: dict[str, tuple[float, str, int, str]] = {}
    print(f"{'family':<32}{'level':>6}{'tasks/s':>12}{'verifications/s':>18}")
    for name in names:
        for level in args.levels:
            generated, verified = measure(name, level, args.seconds, args.least)
            print(f"{name:<32}{level:>6}{generated:>12,.1f}{verified:>18,.0f}", flush=True)
            kind = kinds[name]
            for what, value in (("generate", generated), ("verify", verified)):
                key = f"{kind} {what}"
                if key not in slowest or value < slowest[key][0]:
                    slowest[key] = (value, name, level, what)
    print("\nslowest per kind:")
    for key, (value, name, level, _) in sorted(slowest.items()):
        print(f"  {key:<24} {name} L{level}: {value:,.1f}/s")


if __name__ == "__main__":
    main()
