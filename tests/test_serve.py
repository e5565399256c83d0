"""``taskgen serve``: the HTTP reward service, run on a free loopback port and stopped.

Servers run in a thread of the test process (``taskgen.serve.running``) with their own
worker processes; the command itself runs in a subprocess. Requests go through the
standard library's HTTP client, byte for byte as sent.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

pytest.importorskip("starlette", reason="needs the serve extra")
pytest.importorskip("uvicorn", reason="needs the serve extra")

import taskgen
from taskgen.core.errors import InvalidParamsError
from taskgen.serve import (
    MIN_CHUNK,
    ServeConfig,
    _spans,
    openrlhf_body,
    reward_chunk,
    running,
)
from taskgen.trainers.openrlhf import openrlhf_row, reward_func

Reply = tuple[int, Any]


def call(url: str, method: str, path: str, body: object = None, raw: bytes | None = None) -> Reply:
    """Sends one request; returns the status and the parsed JSON body."""
    parts = urlparse(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=60)
    try:
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        headers = {"Content-Type": "application/json"} if data is not None else {}
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        text = response.read()
        return response.status, json.loads(text)
    finally:
        connection.close()


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """One worker; small limits so the 413s are cheap to provoke."""
    config = ServeConfig(workers=1, max_items=64, max_bytes=256 * 1024, max_pending=16)
    with running(config) as base:
        yield base


def _tensor_free(result: dict[str, Any]) -> dict[str, Any]:
    """reward_func returns tensors where torch is installed: make them plain numbers."""

    def plain(value: Any) -> Any:
        return value.tolist() if hasattr(value, "tolist") else value

    return {
        "rewards": [float(r) for r in plain(result["rewards"])],
        "scores": [float(s) for s in plain(result["scores"])],
        "extra_logs": {k: float(plain(v)) for k, v in result["extra_logs"].items()},
    }


def _openrlhf_batch() -> tuple[list[str], list[str], list[str]]:
    queries, prompts, labels = [], [], []
    for family, seed in (("sudoku", 3), ("sat", 1), ("futoshiki", 2)):
        task = taskgen.sample(family, 2, seed=seed)
        row = openrlhf_row(task)
        for reply in (f" \\boxed{{{task.answer}}}", " no idea", " \\boxed{0}"):
            queries.append(row["prompt"] + reply)
            prompts.append(row["prompt"])
            labels.append(row["label"])
    queries[1] = "a chat template that lost the prompt \\boxed{1}"  # prompt not found
    return queries, prompts, labels


def test_openrlhf_gives_reward_funcs_values_as_json(url: str) -> None:
    queries, prompts, labels = _openrlhf_batch()
    status, body = call(
        url, "POST", "/openrlhf", {"query": queries, "prompts": prompts, "labels": labels}
    )
    assert status == 200
    assert body == _tensor_free(reward_func(queries, prompts, labels))
    assert body["rewards"][::3] == [1.0, 1.0, 1.0]
    assert body["extra_logs"]["prompt_not_found"] == pytest.approx(1 / 9)


def test_the_worker_scoring_follows_reward_func_under_saturn() -> None:
    queries, prompts, labels = _openrlhf_batch()
    ours = openrlhf_body(reward_chunk(queries, prompts, labels, "saturn", "boxed"))
    theirs = _tensor_free(reward_func(queries, prompts, labels, policy="saturn"))
    assert ours == theirs
    assert -1.0 in ours["rewards"] and min(ours["scores"]) == 0.0


def test_verify_gives_the_in_process_verdicts(url: str) -> None:
    tasks = [taskgen.sample(f, d, seed=s) for f, d, s in (("sat", 3, 0), ("sudoku", 2, 1))]
    completions = [
        f"\\boxed{{{tasks[0].answer}}}",
        "\\boxed{[[1, 2], [3, 4]]}",
        "<answer>x</answer>",
        "",
    ]
    records = [tasks[0].model_dump(mode="json"), tasks[1].model_dump_json()] * 2
    for policy in ("binary", "saturn", "partial"):
        status, body = call(
            url,
            "POST",
            "/verify",
            {"tasks": records, "completions": completions, "policy": policy},
        )
        assert status == 200
        for got, task, completion in zip(body["verdicts"], tasks * 2, completions, strict=True):
            want = taskgen.verify(task, completion, policy=policy)
            assert got == want.model_dump(
                include={"reward", "correct", "format_ok", "score", "reason", "family", "task_id"}
            )
        assert body["rates"]["accuracy"] == 0.25


def test_one_task_scores_a_group_and_chats_are_read(url: str) -> None:
    task = taskgen.sample("sat", 2, seed=5)
    gold = f"\\boxed{{{task.answer}}}"
    chat = [{"role": "user", "content": "solve"}, {"role": "assistant", "content": gold}]
    status, body = call(
        url, "POST", "/verify", {"task": task.model_dump_json(), "completions": [gold, chat, "?"]}
    )
    assert status == 200
    assert [v["correct"] for v in body["verdicts"]] == [True, True, False]
    status, body = call(
        url,
        "POST",
        "/verify",
        {"task": task.model_dump_json(), "completions": [gold], "container": "answer"},
    )
    assert status == 200 and body["verdicts"][0]["format_ok"] is False


def test_health_and_families(url: str) -> None:
    status, body = call(url, "GET", "/health")
    assert status == 200 and body["status"] == "ok" and body["workers"] == 1
    assert len(body["pids"]) == 1 and body["limits"]["max_items"] == 64
    status, body = call(url, "GET", "/families")
    assert status == 200
    assert [f["name"] for f in body["families"]] == [f.name for f in taskgen.families()]


SAT = taskgen.sample("sat", 1, seed=0)
BAD = {**SAT.model_dump(mode="json"), "difficulty": "hard"}
UNKNOWN = {**SAT.model_dump(mode="json"), "family": "sudoko"}
ONE = {"tasks": [SAT.model_dump_json()], "completions": ["x"]}

BAD_REQUESTS = [
    ("empty", "/verify", b"", 400, "empty"),
    ("not-json", "/verify", b"{tasks:", 400, "not JSON"),
    ("not-utf8", "/verify", b"\xff\xfe\x00{", 400, "not JSON"),
    ("deep", "/verify", b"[" * 100_000, 400, "not JSON"),
    ("list-body", "/verify", b"[1, 2]", 422, "JSON object, got a list"),
    ("missing", "/verify", b'{"tasks": []}', 422, "'completions' is missing"),
    ("wrong-type", "/verify", b'{"tasks": {}, "completions": []}', 422, "'tasks' must be a list"),
    ("lengths", "/verify", json.dumps({**ONE, "completions": ["a", "b"]}), 422, "one task per"),
    ("both", "/verify", json.dumps({**ONE, "task": {}}), 422, "not both"),
    ("completion", "/verify", json.dumps({**ONE, "completions": [3]}), 422, "completions[0]"),
    ("task-type", "/verify", json.dumps({**ONE, "tasks": [7]}), 422, "tasks[0] must be"),
    ("policy", "/verify", json.dumps({**ONE, "policy": "best"}), 422, "'policy' must be one of"),
    ("container", "/verify", json.dumps({**ONE, "container": 1}), 422, "'container'"),
    ("field", "/verify", json.dumps({**ONE, "extra": 1}), 422, "unknown field 'extra'"),
    ("task-json", "/verify", json.dumps({**ONE, "tasks": ["{"]}), 422, "tasks[0]: malformed"),
    ("task-field", "/verify", json.dumps({**ONE, "tasks": [BAD]}), 422, "'difficulty'"),
    ("family", "/verify", json.dumps({**ONE, "tasks": [UNKNOWN]}), 422, "unknown family 'sudoko'"),
    ("items", "/verify", json.dumps({"task": {}, "completions": ["x"] * 65}), 413, "limit is 64"),
    ("bytes", "/verify", json.dumps({**ONE, "completions": ["x" * 300_000]}), 413, "bytes"),
    ("o-missing", "/openrlhf", b'{"query": []}', 422, "'prompts' is missing"),
    (
        "o-label",
        "/openrlhf",
        b'{"query": ["a"], "prompts": ["a"], "labels": [{}]}',
        422,
        "labels[0]",
    ),
    ("o-lengths", "/openrlhf", b'{"query": ["a"], "prompts": [], "labels": []}', 422, "equal"),
    (
        "o-task",
        "/openrlhf",
        b'{"query": ["a"], "prompts": ["a"], "labels": ["{}"]}',
        422,
        "labels[0]: ",
    ),
]


@pytest.mark.parametrize(
    ("path", "raw", "status", "needle"),
    [case[1:] for case in BAD_REQUESTS],
    ids=[case[0] for case in BAD_REQUESTS],
)
def test_bad_input_gets_a_4xx_with_one_line(
    url: str, path: str, raw: bytes | str, status: int, needle: str
) -> None:
    data = raw.encode() if isinstance(raw, str) else raw
    got, body = call(url, "POST", path, raw=data)
    assert got == status, body
    assert set(body) == {"error"} and "\n" not in body["error"]
    assert needle in body["error"]


def test_unknown_paths_and_methods_get_json(url: str) -> None:
    assert call(url, "GET", "/nope")[0] == 404
    status, body = call(url, "GET", "/verify")
    assert status == 405 and "GET" in body["error"]
    assert call(url, "GET", "/health")[0] == 200  # and the server is still there


@pytest.fixture(scope="module")
def tight() -> Iterator[str]:
    """One request at a time, 5 ms allowed: every real batch times out."""
    config = ServeConfig(workers=1, max_pending=1, timeout=0.005)
    with running(config) as base:
        yield base


def test_a_slow_request_gets_504_and_holds_its_slot_until_its_work_is_done(tight: str) -> None:
    task = taskgen.sample("sudoku", 3, seed=0).model_dump_json()
    batch = {"task": task, "completions": [f"\\boxed{{{i}}}" for i in range(4000)]}
    status, body = call(tight, "POST", "/verify", batch)
    assert status == 504 and "timeout" in body["error"]
    status, body = call(tight, "POST", "/verify", batch)  # the first is still being verified
    assert status == 503 and "busy" in body["error"]
    for _ in range(500):
        if call(tight, "GET", "/health")[1]["in_flight"] == 0:
            break
        time.sleep(0.01)
    assert call(tight, "GET", "/health")[1]["in_flight"] == 0


def test_a_killed_worker_is_replaced_and_batches_split_across_workers() -> None:
    task = taskgen.sample("sat", 2, seed=1)
    completions = [f"\\boxed{{{task.answer}}}", "\\boxed{1}"] * MIN_CHUNK  # two chunks
    request = {"task": task.model_dump_json(), "completions": completions}
    with running(ServeConfig(workers=2)) as base:
        before = call(base, "GET", "/health")[1]["pids"]
        assert len(before) == 2
        os.kill(before[0], signal.SIGKILL)
        statuses, pids = [], before
        for _ in range(100):  # the pool notices the death at its next use, or a moment later
            status, body = call(base, "POST", "/verify", request)
            statuses.append(status)
            if status == 200:
                assert [v["correct"] for v in body["verdicts"]] == [True, False] * MIN_CHUNK
            pids = call(base, "GET", "/health")[1]["pids"]
            if status == 200 and before[0] not in pids:
                break
            time.sleep(0.05)
        assert set(statuses) <= {200, 503} and statuses[-1] == 200
        assert len(pids) == 2 and before[0] not in pids


def test_spans_cover_the_batch_in_order() -> None:
    assert _spans(5, 4) == [(0, 5)]
    assert _spans(2 * MIN_CHUNK, 4) == [(0, MIN_CHUNK), (MIN_CHUNK, 2 * MIN_CHUNK)]
    spans = _spans(1001, 3)
    assert spans[0][0] == 0 and spans[-1][1] == 1001 and len(spans) == 3
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))


@pytest.mark.parametrize(
    "knobs",
    [
        {"workers": 0},
        {"timeout": 0},
        {"timeout": float("nan")},
        {"policy": "x"},
        {"container": "y"},
    ],
)
def test_config_refuses_bad_limits(knobs: dict[str, Any]) -> None:
    with pytest.raises(InvalidParamsError):
        ServeConfig(**knobs)


# -- the command --------------------------------------------------------------------------


def _taskgen(*args: str) -> list[str]:
    return [sys.executable, "-c", "from taskgen.cli import main; main()", *args]


def test_the_command_serves_until_sigterm_and_leaves_no_process() -> None:
    process = subprocess.Popen(
        _taskgen("serve", "--port", "0", "--workers", "1"),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert line.startswith("taskgen serve: http://127.0.0.1:"), line
        base = line.split()[2]
        for _ in range(600):
            try:
                status, body = call(base, "GET", "/health")
                break
            except OSError:
                time.sleep(0.02)
        assert status == 200 and len(body["pids"]) == 1
        task = taskgen.sample("sat", 1, seed=0)
        status, reply = call(
            base, "POST", "/verify", {"task": task.model_dump_json(), "completions": ["\\boxed{}"]}
        )
        assert status == 200 and reply["verdicts"][0]["correct"] is False
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0  # a graceful stop, not death by the signal
        assert "Traceback" not in process.stderr.read()
        with pytest.raises(ProcessLookupError):
            os.kill(body["pids"][0], 0)  # the worker is gone too
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_command_refuses_a_taken_port_in_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = subprocess.run(
            _taskgen("serve", "--port", port), capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot listen on 127.0.0.1:")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--policy", "best"], "unknown reward policy 'best'"),
        (["--container", "xml"], "unknown container 'xml'"),
        (["--log-level", "loud"], "--log-level"),
        (["--workers", "0"], "--workers"),
    ],
)
def test_the_command_refuses_bad_options(args: list[str], needle: str) -> None:
    from typer.testing import CliRunner

    from taskgen.cli import app

    result = CliRunner().invoke(app, ["serve", *args])
    assert result.exit_code == 2
    assert needle in result.output and "Traceback" not in result.output


def test_without_the_extra_the_command_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from taskgen.cli import app

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = CliRunner().invoke(app, ["serve", "--port", "0"])
    assert result.exit_code == 2
    assert "pip install 'taskgen[serve]'" in result.output


def test_importing_the_cli_loads_no_web_stack() -> None:
    code = (
        "import sys, taskgen.cli; "
        "print(any(m.startswith(('starlette', 'uvicorn')) for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False"
