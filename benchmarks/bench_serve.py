"""Load test of ``taskgen serve`` on loopback, with a real HTTP client (aiohttp, as OpenRLHF uses).

For each worker count, starts ``taskgen serve --port 0 --workers W`` in a subprocess and
measures, with ``--concurrency`` requests in flight:

* ``verify x1``: ``POST /verify`` with one completion (what a per-sample reward call does);
* ``openrlhf x1``: ``POST /openrlhf`` with one query (what OpenRLHF 0.11 sends per sample);
* ``verify x64``: ``POST /verify`` with 64 completions of one task (a GRPO group);

requests/s, completions/s and p50/p99 latency of each; then the same completions verified
in this process by ``taskgen.verify`` (no HTTP) as the baseline. Completions are a mix of
gold answers, wrong answers and replies with no answer, over a few families.

``--mixed N`` then sends N requests (default 10,000) with malformed ones mixed in (bodies
that are not JSON, wrong fields, broken tasks, unknown paths, too many items) and counts
the responses by kind and status: every request must be answered, with the status its
kind calls for, or the script exits 1.

Usage::

    python benchmarks/bench_serve.py                  # workers 1 and 2, mixed 10,000
    python benchmarks/bench_serve.py --workers 4 --requests 4000 --mixed 0

Needs the serve extra and aiohttp (``pip install 'taskgen[serve]' aiohttp``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import taskgen

FAMILIES = (("sudoku", 2), ("sat", 3), ("futoshiki", 3), ("zebra_puzzle", 2))
BATCH = 64
HEADER = (
    "| call | workers | completions/s | requests/s | p50 ms | p99 ms |\n|---|---|---|---|---|---|"
)


@dataclass
class Load:
    """One kind of request: its path, body and the status it must get."""

    name: str
    path: str
    body: bytes
    status: int
    items: int = 1


def _completions(task: taskgen.Task, rng: random.Random) -> list[str]:
    gold = f"<think>let me see</think> \\boxed{{{task.answer}}}"
    return [gold, "\\boxed{0}", "I am not sure.", f"\\boxed{{{task.answer}}}"][: rng.randint(2, 4)]


def workload(seed: int = 0) -> tuple[list[taskgen.Task], list[str]]:
    """Returns tasks and completions, one per item (tasks repeat, as GRPO groups do)."""
    rng = random.Random(seed)
    tasks, completions = [], []
    for family, level in FAMILIES:
        for task in taskgen.generate(family, 8, level, seed=seed):
            for completion in _completions(task, rng):
                tasks.append(task)
                completions.append(completion)
    return tasks, completions


def valid_loads(tasks: Sequence[taskgen.Task], completions: Sequence[str]) -> dict[str, list[Load]]:
    """Returns the request bodies of each measured scenario."""
    singles, rlhf, batches = [], [], []
    for task, completion in zip(tasks, completions, strict=True):
        label = task.model_dump_json()
        body = {"tasks": [label], "completions": [completion]}
        singles.append(Load("verify x1", "/verify", json.dumps(body).encode(), 200))
        query = {"query": [task.prompt + completion], "prompts": [task.prompt], "labels": [label]}
        rlhf.append(Load("openrlhf x1", "/openrlhf", json.dumps(query).encode(), 200))
    for start in range(0, len(tasks), len(FAMILIES)):
        task = tasks[start]
        group = [completions[(start + i) % len(completions)] for i in range(BATCH)]
        batch = {"task": task.model_dump_json(), "completions": group}
        batches.append(Load("verify x64", "/verify", json.dumps(batch).encode(), 200, BATCH))
    return {"verify x1": singles, "openrlhf x1": rlhf, "verify x64": batches}


def malformed_loads(task: taskgen.Task) -> list[Load]:
    """Returns one request of each malformed kind with the status it must get."""
    record = task.model_dump(mode="json")
    label = task.model_dump_json()
    bodies: list[tuple[str, str, object, int]] = [
        ("not json", "/verify", b"{tasks: [", 400),
        ("empty body", "/verify", b"", 400),
        ("body a list", "/verify", [1, 2], 422),
        ("missing field", "/verify", {"tasks": [label]}, 422),
        ("lengths differ", "/verify", {"tasks": [label], "completions": ["a", "b"]}, 422),
        ("bad policy", "/verify", {"task": label, "completions": ["a"], "policy": "best"}, 422),
        ("broken task", "/verify", {"tasks": [{**record, "seed": "x"}], "completions": ["a"]}, 422),
        ("task not JSON", "/verify", {"tasks": ["{"], "completions": ["a"]}, 422),
        (
            "unknown family",
            "/verify",
            {"tasks": [{**record, "family": "nope"}], "completions": ["a"]},
            422,
        ),
        ("too many items", "/verify", {"task": label, "completions": ["a"] * 5000}, 413),
        ("openrlhf label", "/openrlhf", {"query": ["a"], "prompts": ["a"], "labels": [3]}, 422),
        ("unknown path", "/reward", {"query": []}, 404),
    ]
    loads = []
    for name, path, body, status in bodies:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        loads.append(Load(name, path, raw, status, 0))
    return loads


async def fire(url: str, loads: Sequence[Load], concurrency: int) -> list[tuple[Load, int, float]]:
    """Sends every load, ``concurrency`` at a time; returns (load, status, seconds) each.

    The client is aiohttp, the one OpenRLHF posts rewards with. A transport error or a
    body that is not JSON counts as status 0 (a lost request).
    """
    import aiohttp

    results: list[tuple[Load, int, float]] = []
    queue: asyncio.Queue[Load] = asyncio.Queue()
    for load in loads:
        queue.put_nowait(load)
    headers = {"Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=180)
    async with aiohttp.ClientSession(url, connector=connector, timeout=timeout) as session:

        async def worker() -> None:
            while not queue.empty():
                load = queue.get_nowait()
                start = time.perf_counter()
                try:
                    async with session.post(load.path, data=load.body, headers=headers) as reply:
                        json.loads(await reply.read())  # every answer, errors too, is JSON
                        status = reply.status
                except (aiohttp.ClientError, ValueError):
                    status = 0
                results.append((load, status, time.perf_counter() - start))

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results


def start_server(workers: int, max_pending: int) -> tuple[subprocess.Popen[str], str]:
    """Starts ``taskgen serve`` on a free loopback port; returns the process and its URL."""
    import urllib.request

    command = [sys.executable, "-c", "from taskgen.cli import main; main()", "serve"]
    command += ["--port", "0", "--workers", str(workers), "--max-pending", str(max_pending)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    url = process.stderr.readline().split()[2]
    for _ in range(1000):
        try:
            with urllib.request.urlopen(url + "/health") as reply:
                if json.loads(reply.read())["status"] == "ok":
                    return process, url
        except OSError:
            pass
        time.sleep(0.02)
    process.kill()
    raise RuntimeError("the server did not start")


def stop_server(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(timeout=60)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(url: str, loads: list[Load], requests: int, concurrency: int) -> dict[str, float]:
    picked = [loads[i % len(loads)] for i in range(requests)]
    asyncio.run(fire(url, picked[: min(200, requests)], concurrency))  # warm the caches
    start = time.perf_counter()
    results = asyncio.run(fire(url, picked, concurrency))
    elapsed = time.perf_counter() - start
    bad = [status for _, status, _ in results if status != 200]
    if bad:
        raise SystemExit(f"{len(bad)} of {len(results)} requests failed: {Counter(bad)}")
    latencies = [seconds for _, _, seconds in results]
    return {
        "requests/s": len(results) / elapsed,
        "completions/s": sum(load.items for load, _, _ in results) / elapsed,
        "p50 ms": 1000 * statistics.median(latencies),
        "p99 ms": 1000 * percentile(latencies, 0.99),
    }


def in_process(tasks: Sequence[taskgen.Task], completions: Sequence[str], rounds: int) -> float:
    """Completions per second of ``taskgen.verify`` in this process (Task objects given)."""
    start = time.perf_counter()
    count = 0
    for _ in range(rounds):
        for task, completion in zip(tasks, completions, strict=True):
            taskgen.verify(task, completion)
            count += 1
    return count / (time.perf_counter() - start)


def mixed_run(
    url: str,
    loads: dict[str, list[Load]],
    malformed: list[Load],
    total: int,
    concurrency: int,
    seed: int,
) -> bool:
    """Sends ``total`` requests, one in five malformed; prints counts; returns success."""
    rng = random.Random(seed)
    pool = loads["verify x1"] + loads["openrlhf x1"]
    picked = [
        rng.choice(malformed) if rng.random() < 0.2 else rng.choice(pool) for _ in range(total)
    ]
    start = time.perf_counter()
    results = asyncio.run(fire(url, picked, concurrency))
    elapsed = time.perf_counter() - start
    by_kind: Counter[tuple[str, int, int]] = Counter()
    for load, status, _ in results:
        by_kind[
            (load.name if load.status != 200 else "valid " + load.path, load.status, status)
        ] += 1
    print(
        f"\nmixed run: {total} requests sent, {len(results)} answered in {elapsed:.1f} s "
        f"({len(results) / elapsed:.0f} requests/s, concurrency {concurrency})\n"
    )
    print("| kind | expected | got | count |\n|---|---|---|---|")
    for (kind, expected, got), count in sorted(by_kind.items()):
        print(f"| {kind} | {expected} | {got} | {count} |")
    statuses = Counter(status for _, status, _ in results)
    print("\nby status: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    wrong = sum(n for (_, expected, got), n in by_kind.items() if expected != got)
    lost = total - len(results) + statuses.get(0, 0)
    print(f"lost: {lost}; answered with an unexpected status: {wrong}")
    return lost == 0 and wrong == 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--requests", type=int, default=3000, help="single-item requests per run")
    parser.add_argument("--batches", type=int, default=300, help="64-item requests per run")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--mixed", type=int, default=10_000, help="requests of the mixed run")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    tasks, completions = workload(args.seed)
    loads = valid_loads(tasks, completions)
    malformed = malformed_loads(tasks[0])
    print(
        f"{len(tasks)} (task, completion) pairs over {', '.join(f for f, _ in FAMILIES)}; "
        f"concurrency {args.concurrency}; python {sys.version.split()[0]}\n"
    )
    rows = []
    baseline = in_process(tasks, completions, rounds=20)
    rows.append(("in-process verify", "-", f"{baseline:,.0f}", "-", "-", "-"))
    ok = True
    for workers in args.workers:
        process, url = start_server(workers, max_pending=4 * args.concurrency)
        try:
            for name, count in (
                ("verify x1", args.requests),
                ("openrlhf x1", args.requests),
                ("verify x64", args.batches),
            ):
                result = measure(
                    url,
                    loads[name],
                    count,
                    args.concurrency if name != "verify x64" else max(2, args.concurrency // 8),
                )
                rows.append(
                    (
                        name,
                        str(workers),
                        f"{result['completions/s']:,.0f}",
                        f"{result['requests/s']:,.0f}",
                        f"{result['p50 ms']:.1f}",
                        f"{result['p99 ms']:.1f}",
                    )
                )
            if args.mixed and workers == args.workers[-1]:
                table = rows[:]
                print(HEADER)
                for row in table:
                    print("| " + " | ".join(row) + " |")
                ok = mixed_run(url, loads, malformed, args.mixed, 64, args.seed)
                rows = []
        finally:
            stop_server(process)
    if rows:
        print(HEADER)
        for row in rows:
            print("| " + " | ".join(row) + " |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
