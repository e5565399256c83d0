"""Compares ``taskgen generate`` on local worker processes and on Ray, at 1 and 2 workers.

    python benchmarks/bench_generate_backends.py [--sudoku 2000] [--sat 20000]

Needs the ``ray`` extra (``pip install 'taskgen[ray]'``). For each family and worker count,
the command runs in this process through typer's test runner, writing JSONL to a temporary
directory:

* local: ``--backend local -w W`` (``-w 2`` spawns its process pool inside the timing);
* Ray: a local Ray with W CPUs is started first (``ray.init``, timed apart as the start-up
  cost), then ``--backend ray -w W`` runs on it (the CLI finds Ray initialised and uses it;
  the workers' first import of taskgen is inside the timing), then Ray is shut down (timed).

tasks/s is N divided by the command's wall time. Every file's sha256 is compared with the
local one-worker file; a mismatch is printed and makes the exit status 1.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner

from taskgen.cli import app


def run(out: Path, family: str, level: int, n: int, workers: int, backend: str) -> float:
    """Runs ``taskgen generate`` once and returns its wall time in seconds."""
    args = ["generate", "-f", family, "-d", str(level), "-n", str(n), "-s", "0"]
    args += ["-o", str(out), "-w", str(workers), "--backend", backend]
    start = time.perf_counter()
    result = CliRunner().invoke(app, args)
    elapsed = time.perf_counter() - start
    if result.exit_code != 0:
        raise SystemExit(f"taskgen {' '.join(args)} failed: {result.stderr.strip()}")
    return elapsed


def sha256(path: Path) -> str:
    """Returns the hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    """Prints one Markdown table row per (family, backend, workers)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sudoku", type=int, default=2000, help="sudoku level-5 tasks")
    parser.add_argument("--sat", type=int, default=20000, help="sat level-5 tasks")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    options = parser.parse_args()
    import ray

    cases = [("sudoku", 5, options.sudoku), ("sat", 5, options.sat)]
    rows: list[tuple[str, ...]] = []
    mismatches = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        reference: dict[str, str] = {}
        for family, level, n in cases:
            for workers in options.workers:
                out = folder / f"{family}-local-{workers}.jsonl"
                seconds = run(out, family, level, n, workers, "local")
                reference.setdefault(family, sha256(out))
                same = sha256(out) == reference[family]
                digest = sha256(out)[:16] + ("" if same else " (differs)")
                rows.append((family, "local", str(workers), str(n), f"{seconds:.2f}",
                             f"{n / seconds:,.0f}", "", "", digest))  # fmt: skip
                mismatches += not same
                print(*rows[-1], sep=" | ", file=sys.stderr)
        for workers in options.workers:
            start = time.perf_counter()
            ray.init(
                address="local",
                num_cpus=workers,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.ERROR,
            )
            startup = time.perf_counter() - start
            timed = []
            for family, level, n in cases:
                out = folder / f"{family}-ray-{workers}.jsonl"
                timed.append((family, n, run(out, family, level, n, workers, "ray"), out))
            start = time.perf_counter()
            ray.shutdown()
            shutdown = time.perf_counter() - start
            for family, n, seconds, out in timed:
                same = sha256(out) == reference[family]
                digest = sha256(out)[:16] + ("" if same else " (differs)")
                rows.append((family, "ray", str(workers), str(n), f"{seconds:.2f}",
                             f"{n / seconds:,.0f}", f"{startup:.2f}", f"{shutdown:.2f}",
                             digest))  # fmt: skip
                mismatches += not same
                print(*rows[-1], sep=" | ", file=sys.stderr)
    header = ("family (level 5)", "backend", "workers", "tasks", "seconds", "tasks/s",
              "ray.init s", "ray.shutdown s", "sha256 (first 16 hex)")  # fmt: skip
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in sorted(rows, key=lambda r: (r[0] != "sudoku", r[1], r[2])):
        print("| " + " | ".join(row) + " |")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
