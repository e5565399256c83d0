"""``taskgen generate --backend ray`` without a Ray instance in the test process.

These tests live apart from ``test_distributed.py`` so that none of them runs while that
module's in-process Ray is alive: one hides the ``ray`` module (Ray's own threads would
import through the hole), one starts the real command, which starts and stops a Ray of its
own, and a second Ray cluster beside the first on a 2-core machine is a needless risk.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import taskgen
from taskgen.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- errors that need no Ray -----------------------------------------------------------------


def test_ray_address_needs_the_ray_backend(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    code, _, err = _run("generate", "-f", "sat", "-n", "3", "-o", str(out), "--ray-address", "auto")
    assert code == 2
    assert err.strip() == (
        "error: --ray-address is for --backend ray; add --backend ray or drop --ray-address"
    )
    assert not out.exists()


def test_missing_ray_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now raises ImportError
    out = tmp_path / "x.jsonl"
    code, _, err = _run("generate", "-f", "sat", "-n", "3", "-o", str(out), "--backend", "ray")
    assert code == 2
    assert err.strip() == (
        "error: --backend ray needs Ray; install the extra: pip install 'taskgen[ray]'"
    )
    assert not out.exists()


def test_unreachable_cluster_fails_fast_in_one_line(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="needs the ray extra")
    import socket

    with socket.socket() as free:  # a port nothing listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    out = tmp_path / "x.jsonl"
    started = time.perf_counter()
    code, _, err = _run(
        "generate", "-f", "sat", "-n", "3", "-o", str(out), "--backend", "ray",
        "--ray-address", f"127.0.0.1:{port}",
    )  # fmt: skip
    assert code == 2
    assert err.startswith(f"error: cannot reach the Ray cluster at '127.0.0.1:{port}': ")
    assert len(err.strip().splitlines()) == 1
    assert time.perf_counter() - started < 10
    assert not out.exists()


# -- the real command, starting and stopping its own Ray -------------------------------------


def _ray_daemons() -> set[int]:
    """Pids of this user's Ray GCS servers and raylets (Linux /proc)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")[0]
        except OSError:
            continue
        if command.endswith((b"gcs_server", b"raylet")):
            pids.add(int(entry.name))
    return pids


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="counts processes through /proc")
def test_cli_starts_and_stops_its_own_ray(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="needs the ray extra")
    before = _ray_daemons()
    env = {key: value for key, value in os.environ.items() if key != "RAY_ADDRESS"}
    args = ["generate", "-f", "sat", "-d", "3", "-n", "200", "-s", "1", "-o", "-", "-w", "2"]
    command = [sys.executable, "-m", "taskgen.cli", *args]
    ray = subprocess.run(
        [*command, "--backend", "ray"], capture_output=True, env=env, check=False, timeout=120
    )
    assert ray.returncode == 0, ray.stderr.decode()
    local = subprocess.run(command, capture_output=True, env=env, check=True, timeout=120)
    assert ray.stdout == local.stdout  # stdout holds the JSON lines and nothing else
    assert len(ray.stdout.splitlines()) == 200
    assert (
        taskgen.load_task(ray.stdout.splitlines()[-1])
        == list(taskgen.generate("sat", 200, 3, 1))[-1]
    )
    deadline = time.monotonic() + 10
    while _ray_daemons() - before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _ray_daemons() - before, "the command left Ray daemons running"
