"""``taskgen eval`` end to end against a scripted OpenAI-compatible server on loopback.

The server (stdlib ``http.server`` in a thread) knows every task's prompt. For each prompt it
has a script: the j-th completion it hands out for that prompt is gold, wrong (well formed)
or malformed, so the number of correct samples per task, and hence every pass@k and format
rate, is known exactly. It counts what it answers, so resumed runs are checked for
duplicate requests, and it can fail first attempts (503, 429, a dropped connection).
"""

from __future__ import annotations

import json
import math
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import taskgen
from taskgen.cli import app
from taskgen.evaluate import chat_url, parse_numbers, pass_at_k

pytest.importorskip("httpx", reason="needs the eval extra")

runner = CliRunner()

FAMILIES = ["sat", "dyck_language_errors"]
LEVELS = [1, 2]
TASKS = 3
N = 4
KS = [1, 2, 4]


# -- the scripted server -------------------------------------------------------------------


class ScriptedServer:
    """An OpenAI-compatible chat server on 127.0.0.1 answering prompts from a script.

    ``script[prompt]`` is the list of completions handed out, in order, for that prompt.
    ``fail_first[prompt]`` makes the first attempt for that prompt fail: ``503``, ``429`` or
    ``drop`` (the connection is closed with no answer). ``hold_after`` answers that many
    requests, then holds every further one until :meth:`release` (and then drops it).
    ``status`` answers every request with that error status.
    """

    def __init__(self, script: dict[str, list[str]]) -> None:
        self.script = {prompt: list(texts) for prompt, texts in script.items()}
        self.system_prompts: set[str | None] = set()
        self.fail_first: dict[str, str] = {}
        self.hold_after: int | None = None
        self.status: int | None = None
        self.answered: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.attempts = 0
        self.models: set[str] = set()
        self.lock = threading.Lock()
        self.released = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length))
                prompt = body["messages"][-1]["content"]
                action = server.decide(prompt, body)
                if action == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if isinstance(action, int):
                    self.reply(action, {"error": {"message": f"scripted {action}"}})
                    return
                self.reply(
                    200,
                    {
                        "id": "x",
                        "object": "chat.completion",
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": action},
                                "finish_reason": "stop",
                            }
                        ],
                    },
                )

            def reply(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                if status == 429:
                    self.send_header("retry-after", "0")
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def decide(self, prompt: str, body: dict[str, Any]) -> str | int:
        """Returns the completion to send, an error status, or "drop"."""
        with self.lock:
            self.attempts += 1
            self.models.add(body["model"])
            first = body["messages"][0]
            self.system_prompts.add(first["content"] if first["role"] == "system" else None)
            if self.status is not None:
                return self.status
            if prompt in self.fail_first and not self.failures[prompt]:
                self.failures[prompt] += 1
                failure = self.fail_first[prompt]
                return failure if failure == "drop" else int(failure)
            holding = self.hold_after is not None and sum(self.answered.values()) >= self.hold_after
            if not holding:
                position = self.answered[prompt]
                self.answered[prompt] += 1
                return self.script[prompt][position]
        self.released.wait(30)
        return "drop"

    def release(self) -> None:
        """Lets held requests go (they are dropped, never answered) and stops holding."""
        with self.lock:
            self.hold_after = None
        self.released.set()

    def close(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _tasks() -> list[tuple[str, int, int, taskgen.Task]]:
    return [
        (family, level, index, task)
        for family in FAMILIES
        for level in LEVELS
        for index, task in enumerate(taskgen.generate(family, TASKS, level, 0))
    ]


def _wrong(task: taskgen.Task) -> str:
    """A well-formed wrong answer: all-false for SAT, another position for bracket errors."""
    if task.family == "sat":
        return "0" * int(task.instance["num_vars"])
    return str(int(task.answer) + 1)


def _plan(number: int) -> list[str]:
    """The kinds of the j-th answers to the task numbered ``number``: c gold, then wrong and
    malformed in turn, c = number mod 5 (so every c in 0..4 occurs)."""
    correct = number % 5
    rest = ["wrong" if j % 2 == 0 else "malformed" for j in range(N - correct)]
    return ["gold"] * correct + rest


def _text(kind: str, task: taskgen.Task) -> str:
    if kind == "gold":
        return f"Let me think.\n\\boxed{{{task.answer}}}"
    if kind == "wrong":
        return f"I believe it is \\boxed{{{_wrong(task)}}}"
    return "I cannot tell."


@pytest.fixture(scope="module")
def scripted() -> dict[str, list[str]]:
    """Every prompt's script, checked: prompts distinct, wrong answers wrong and well formed."""
    script: dict[str, list[str]] = {}
    for number, (_, _, _, task) in enumerate(_tasks()):
        assert task.prompt not in script
        wrong = taskgen.verify(task, _text("wrong", task))
        assert not wrong.correct and wrong.format_ok
        assert not taskgen.verify(task, _text("malformed", task)).format_ok
        script[task.prompt] = [_text(kind, task) for kind in _plan(number)]
    return script


def _exact(n: int, c: int, k: int) -> Fraction:
    return 1 - Fraction(math.comb(n - c, k), math.comb(n, k))


def _expected() -> dict[tuple[str, int | None], dict[str, Any]]:
    """The table the script implies, computed here from the plan alone."""
    cells: dict[tuple[str, int | None], list[list[str]]] = {}
    for number, (family, level, _, _) in enumerate(_tasks()):
        plan = _plan(number)
        cells.setdefault((family, level), []).append(plan)
        cells.setdefault((family, None), []).append(plan)
    table: dict[tuple[str, int | None], dict[str, Any]] = {}
    for key, plans in cells.items():
        row: dict[str, Any] = {"tasks": len(plans), "samples": N * len(plans)}
        for k in KS:
            row[f"pass@{k}"] = float(
                sum((_exact(N, p.count("gold"), k) for p in plans), Fraction(0)) / len(plans)
            )
        readable = sum(p.count("gold") + p.count("wrong") for p in plans)
        row["format_rate"] = readable / (N * len(plans))
        table[key] = row
    return table


@pytest.fixture
def server(scripted: dict[str, list[str]]) -> Iterator[ScriptedServer]:
    served = ScriptedServer(scripted)
    yield served
    served.close()


def _args(url: str, out: Path, *more: str) -> list[str]:
    return [
        "eval",
        "--base-url",
        url,
        "--model",
        "scripted",
        "--families",
        ",".join(FAMILIES),
        "--levels",
        ",".join(map(str, LEVELS)),
        "--tasks",
        str(TASKS),
        "--n",
        str(N),
        "--k",
        ",".join(map(str, KS)),
        "--concurrency",
        "6",
        "--retry-wait",
        "0.01",
        "--temperature",
        "1.0",
        "--out",
        str(out),
        "--json",
        *more,
    ]


def _table(stdout: str) -> dict[tuple[str, int | None], dict[str, Any]]:
    rows = json.loads(stdout)
    return {
        (row["family"], row["level"]): {
            key: row[key] for key in ("tasks", "samples", "format_rate", *(f"pass@{k}" for k in KS))
        }
        for row in rows
    }


def _samples(out: Path) -> list[dict[str, Any]]:
    lines = out.read_text().splitlines()
    assert json.loads(lines[0])["type"] == "run"
    return [json.loads(line) for line in lines[1:]]


# -- the estimator and the parsers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "c", "k", "value"),
    [
        (4, 2, 2, Fraction(5, 6)),
        (4, 1, 1, Fraction(1, 4)),
        (4, 3, 2, Fraction(1)),
        (10, 3, 5, 1 - Fraction(21, 252)),
        (4, 0, 4, Fraction(0)),
        (4, 1, 4, Fraction(1)),
    ],
)
def test_pass_at_k_is_the_unbiased_estimator(n: int, c: int, k: int, value: Fraction) -> None:
    assert pass_at_k(n, c, k) == float(value)


def test_pass_at_k_refuses_impossible_counts() -> None:
    for n, c, k in [(4, 5, 1), (4, 1, 5), (4, 1, 0), (4, -1, 1)]:
        with pytest.raises(ValueError):
            pass_at_k(n, c, k)


def test_parsers() -> None:
    assert parse_numbers("1-3,7,2", "--levels", 1, 10) == [1, 2, 3, 7]
    assert chat_url("https://api.example.com/v1") == "https://api.example.com/v1/chat/completions"
    assert chat_url("http://h:1/v1/chat/completions") == "http://h:1/v1/chat/completions"
    assert chat_url("http://h:1/proxy/") == "http://h:1/proxy/v1/chat/completions"
    for spec in ("0-3", "3-1", "x", "11", ""):
        with pytest.raises(ValueError):
            parse_numbers(spec, "--levels", 1, 10)


# -- end to end ----------------------------------------------------------------------------


def test_scripted_server_gives_the_exact_table(server: ScriptedServer, tmp_path: Path) -> None:
    out = tmp_path / "run.jsonl"
    result = runner.invoke(app, _args(server.url, out))
    assert result.exit_code == 0, result.stderr
    assert _table(result.stdout) == _expected()
    every = len(_tasks()) * N
    assert sum(server.answered.values()) == server.attempts == every
    assert set(server.answered.values()) == {N} and server.models == {"scripted"}
    samples = _samples(out)
    assert len(samples) == every
    assert len({(r["task_id"], r["sample"]) for r in samples}) == every
    # a second run asks for nothing and prints the same table
    again = runner.invoke(app, _args(server.url, out))
    assert again.exit_code == 0 and _table(again.stdout) == _expected()
    assert server.attempts == every


def test_rich_table_and_plot(server: ScriptedServer, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="needs the plot extra")
    out, png = tmp_path / "run.jsonl", tmp_path / "plot.png"
    args = [a for a in _args(server.url, out, "--plot", str(png)) if a != "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "pass@4" in result.stdout and "format" in result.stdout
    lines = [line for line in result.stdout.splitlines() if line.strip().startswith("│ sat")]
    assert len(lines) == len(LEVELS) + 1  # a row per level and the family's "all" row
    expected = _expected()[("sat", 1)]
    assert f"{expected['pass@2']:.3f}" in lines[0]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_retries_on_503_429_and_dropped_connections(server: ScriptedServer, tmp_path: Path) -> None:
    prompts = sorted(server.script)
    failing = {prompt: ("503", "429", "drop")[i % 3] for i, prompt in enumerate(prompts[::2])}
    server.fail_first = failing
    result = runner.invoke(app, _args(server.url, tmp_path / "run.jsonl"))
    assert result.exit_code == 0, result.stderr
    assert _table(result.stdout) == _expected()
    every = len(_tasks()) * N
    assert sum(server.failures.values()) == len(failing) > 0
    assert sum(server.answered.values()) == every
    assert server.attempts == every + len(failing)
    retried = [r for r in _samples(tmp_path / "run.jsonl") if r["attempts"] == 2]
    assert len(retried) == len(failing)


def test_client_errors_are_not_retried(server: ScriptedServer, tmp_path: Path) -> None:
    server.status = 404
    result = runner.invoke(app, _args(server.url, tmp_path / "run.jsonl", "-c", "1"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "answered 404: scripted 404" in lines[0]
    assert "0 of 48 samples are saved" in lines[0]
    assert server.attempts == 1


def test_server_errors_give_up_after_the_retries(server: ScriptedServer, tmp_path: Path) -> None:
    server.status = 503
    args = _args(server.url, tmp_path / "run.jsonl", "-c", "1", "--retries", "2")
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "answered 503" in lines[0] and "after 3 attempts" in lines[0]
    assert server.attempts == 3


def test_resume_after_a_kill_sends_no_request_twice(server: ScriptedServer, tmp_path: Path) -> None:
    out = tmp_path / "run.jsonl"
    held = 17
    server.hold_after = held
    command = [sys.executable, "-m", "taskgen.cli", *_args(server.url, out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (out.exists() and len(out.read_text().splitlines()) == held + 1):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        process.kill()
        process.wait()
    with out.open("a") as handle:  # as if the kill had torn a line in half
        handle.write('{"type": "sample", "family": "sat", "le')
    server.release()
    assert sum(server.answered.values()) == held
    result = runner.invoke(app, _args(server.url, out))
    assert result.exit_code == 0, result.stderr
    assert _table(result.stdout) == _expected()
    every = len(_tasks()) * N
    assert set(server.answered.values()) == {N}  # no prompt was answered more than N times
    assert sum(server.answered.values()) == every
    samples = _samples(out)
    assert len(samples) == every
    assert len({(r["task_id"], r["sample"]) for r in samples}) == every


def test_partial_file_resumes_the_missing_samples_only(
    server: ScriptedServer, tmp_path: Path
) -> None:
    out = tmp_path / "run.jsonl"
    assert runner.invoke(app, _args(server.url, out)).exit_code == 0
    lines = out.read_text().splitlines(keepends=True)
    kept = lines[:20]
    out.write_text("".join(kept))
    # the server hands out, per prompt, the kept completions first and then the rest
    prompt_of = {task.id: task.prompt for *_, task in _tasks()}
    kept_texts: dict[str, list[str]] = {}
    for line in kept[1:]:
        record = json.loads(line)
        kept_texts.setdefault(prompt_of[record["task_id"]], []).append(record["completion"])
    for prompt, texts in kept_texts.items():
        rest = list(server.script[prompt])
        for text in texts:
            rest.remove(text)
        server.script[prompt] = texts + rest
    server.answered = Counter({prompt: len(texts) for prompt, texts in kept_texts.items()})
    before = server.attempts
    result = runner.invoke(app, _args(server.url, out))
    assert result.exit_code == 0, result.stderr
    assert _table(result.stdout) == _expected()
    assert server.attempts - before == len(_tasks()) * N - 19
    assert set(server.answered.values()) == {N}


def test_other_settings_refuse_to_resume(
    server: ScriptedServer, scripted: dict[str, list[str]], tmp_path: Path
) -> None:
    out = tmp_path / "run.jsonl"
    assert runner.invoke(app, _args(server.url, out)).exit_code == 0
    result = runner.invoke(app, [*_args(server.url, out), "--temperature", "0.7"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "temperature (1.0 in the file, 0.7 now)" in result.stderr
    second = ScriptedServer(scripted)  # the first one's scripts are used up
    try:
        fresh = runner.invoke(app, [*_args(second.url, out), "--temperature", "0.7", "--fresh"])
    finally:
        second.close()
    assert fresh.exit_code == 0, fresh.stderr
    assert _table(fresh.stdout) == _expected()
    assert sum(second.answered.values()) == len(_tasks()) * N
    assert json.loads(out.read_text().splitlines()[0])["settings"]["temperature"] == 0.7


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_server_is_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    result = runner.invoke(app, _args(url, tmp_path / "run.jsonl", "--retries", "1"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach http://127.0.0.1:")
    assert "gave up after 2 attempts" in lines[0] and "rerun the same command" in lines[0]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (["--base-url", "localhost:8000"], "is not an http(s) URL"),
        (["--base-url", "ftp://host/v1"], "is not an http(s) URL"),
        (["--base-url", "http://host:port/v1"], "port that is not a number"),
        (["--families", "sat,sudokku"], "unknown family 'sudokku'; did you mean 'sudoku'?"),
        (["--levels", "0-3"], "--levels must be 1–10, got 0"),
        (["--levels", "easy"], "is not a number or a range"),
        (["--k", "8"], "--k must be 1–4, got 8 (--n 4 samples per task)"),
        (["--container", "xml"], "--container must be one of"),
        (["-x", "model=other"], "--extra cannot set 'model'"),
        (["--api-key-env", "TASKGEN_TEST_NO_SUCH_VAR"], "that environment variable is not set"),
        (["--out", "/nonexistent-dir/run.jsonl"], "does not exist"),
        (["--tasks", "0"], "--tasks"),
    ],
)
def test_bad_input_is_one_line(change: list[str], fragment: str, tmp_path: Path) -> None:
    args = [*_args("http://127.0.0.1:9/v1", tmp_path / "run.jsonl"), *change]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert fragment in lines[0]
    assert not (tmp_path / "run.jsonl").exists()


def test_a_foreign_results_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "run.jsonl"
    out.write_text('{"hello": 1}\n')
    result = runner.invoke(app, _args("http://127.0.0.1:9/v1", out))
    assert result.exit_code == 2
    assert "line 1 is not a taskgen eval record" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_api_key_is_sent_and_never_saved(
    server: ScriptedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str | None] = []
    handler = server.httpd.RequestHandlerClass
    original = handler.do_POST  # type: ignore[attr-defined]

    def spy(self: BaseHTTPRequestHandler) -> None:
        seen.append(self.headers.get("authorization"))
        original(self)

    monkeypatch.setattr(handler, "do_POST", spy)
    monkeypatch.setenv("TASKGEN_TEST_KEY", "sk-secret-123")
    out = tmp_path / "run.jsonl"
    args = [*_args(server.url, out, "--api-key-env", "TASKGEN_TEST_KEY"), "--system", "Be brief."]
    assert runner.invoke(app, args).exit_code == 0
    assert set(seen) == {"Bearer sk-secret-123"}
    assert server.system_prompts == {"Be brief."}
    assert "sk-secret" not in out.read_text()


def test_importing_the_cli_loads_no_http_client() -> None:
    code = "import sys, taskgen.cli; print(sorted({'httpx', 'matplotlib'} & set(sys.modules)))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
