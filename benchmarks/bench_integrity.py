"""Prints what answers that do not solve earn, per family and level, and how long 10 MB
completions take to verify.

    python benchmarks/bench_integrity.py [--families sat sudoku ...] [--levels 1 5 10]

Columns (means over the tasks of ``taskgen.testing.attack``: 8 per level for grid families,
40 for games): the class of trivial answers that earns most under ``policy="partial"`` and its
mean reward, the share of tasks the best constant answer solves, the share a copy of the prompt
solves, and the mean partial reward of the gold with one cell changed. Then the time of one
``verify`` of several 10 MB completions (one core).
"""

from __future__ import annotations

import argparse
import time

import taskgen
from taskgen.testing import attack

HUGE = 10_000_000


def huge_completions() -> dict[str, str]:
    """Completions of about 10 MB that once took seconds to verify."""
    return {
        "open braces": "\\boxed{" + "{" * HUGE,
        "brace pairs": "\\boxed{" + "{}" * (HUGE // 2),
        "open boxes": "\\boxed{" * (HUGE // 7),
        "spaced boxes": "\\boxed {" * (HUGE // 8),
        "plain text": "x" * HUGE,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--families", nargs="+", help="only these (default: every family)")
    parser.add_argument("--levels", type=int, nargs="+", default=list(range(1, 11)))
    args = parser.parse_args()
    names = args.families or [info.name for info in taskgen.families()]
    print(
        f"{'family':<20}{'level':>6}  {'best trivial class':<24}{'constant':>9}{'prompt':>8}",
        end="",
    )
    print(f"{'one away':>10}  best lazy class (share solved)")
    for name in names:
        for level in args.levels:
            report = attack(name, level)
            worst, earned = report.worst_partial
            away = "-" if report.one_away is None else f"{report.one_away:.2f}"
            lazy = "-"
            if report.lazy_correct:
                top = max(report.lazy_correct, key=lambda key: report.lazy_correct[key])
                lazy = f"{top} {report.lazy_correct[top]:.0%}"
            print(
                f"{name:<20}{level:>6}  {worst + ' ' + format(earned, '.2f'):<24}"
                f"{report.constant_correct:>9.0%}{report.prompt_correct:>8.0%}{away:>10}  {lazy}",
                flush=True,
            )
    task = taskgen.sample("sudoku", 5, 0)
    print(f"\n{'10 MB completion':<20}{'seconds':>10}")
    for label, completion in huge_completions().items():
        start = time.perf_counter()
        taskgen.verify(task, completion)
        print(f"{label:<20}{time.perf_counter() - start:>10.3f}", flush=True)


if __name__ == "__main__":
    main()
