"""Renders docs/eval_example.png: ``taskgen eval`` against a scripted server on loopback.

    python docs/render_eval_example.py [--out docs/eval_example.png] [--results PATH]

Starts the scripted OpenAI-compatible server of ``tests/test_evaluate.py`` on 127.0.0.1
with a made-up "model" whose chance of answering correctly falls with the level (a different
slope per family); its other answers are wrong (another task's gold) or unreadable. Then
runs the real command in a subprocess, ``taskgen eval --families ... --levels 1-10 --tasks 8
--n 4 --k 1,2,4 --plot <out>``, which prints the table and draws the plot. Whether a sample
is right is decided by a hash of (family, level, task, sample), so the run is reproducible.
Needs the ``eval`` and ``plot`` extras, and pytest (the server lives in the tests).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import taskgen

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = {"sat": 0.07, "sudoku": 0.1, "dyck_language_errors": 0.04, "game_of_24": 0.09}
"""Family and how much the scripted model's chance of a right answer drops per level."""
LEVELS = range(1, 11)
TASKS, N = 8, 4


def _server_class() -> type:
    spec = importlib.util.spec_from_file_location("test_evaluate", ROOT / "tests/test_evaluate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ScriptedServer  # type: ignore[no-any-return]


def _chance(*parts: object) -> float:
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def _script() -> dict[str, list[str]]:
    """Each prompt's N completions: gold with probability 0.97 - drop * (level - 1)."""
    script: dict[str, list[str]] = {}
    for family, drop in FAMILIES.items():
        for level in LEVELS:
            tasks = list(taskgen.generate(family, TASKS, level, 0))
            for index, task in enumerate(tasks):
                other = tasks[(index + 1) % len(tasks)].answer
                replies = []
                for sample in range(N):
                    draw = _chance(family, level, index, sample)
                    if draw < 0.97 - drop * (level - 1):
                        replies.append(f"Working...\n\\boxed{{{task.answer}}}")
                    elif draw < 0.985 - drop * (level - 1) / 2:
                        replies.append(f"So the answer is \\boxed{{{other}}}")
                    else:
                        replies.append("I am not sure.")
                # two tasks of a small level can share a prompt: the server hands out both
                script.setdefault(task.prompt, []).extend(replies)
    return script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "eval_example.png")
    parser.add_argument("--results", type=Path, default=None, help="Keep the results JSONL here.")
    args = parser.parse_args()
    server = _server_class()(_script())
    with tempfile.TemporaryDirectory() as scratch:
        results = args.results or Path(scratch) / "scripted.jsonl"
        command = [
            sys.executable,
            "-m",
            "taskgen.cli",
            "eval",
            "--base-url",
            server.url,
            "--model",
            "scripted",
            "--families",
            ",".join(FAMILIES),
            "--levels",
            "1-10",
            "--tasks",
            str(TASKS),
            "--n",
            str(N),
            "--k",
            "1,2,4",
            "--temperature",
            "1.0",
            "--out",
            str(results),
            "--fresh",
            "--plot",
            str(args.out),
        ]
        try:
            subprocess.run(command, check=True)
        finally:
            server.close()
    print(f"server answered {sum(server.answered.values())} requests")


if __name__ == "__main__":
    main()
