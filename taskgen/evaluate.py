"""``taskgen eval``: pass@k of any OpenAI-compatible chat server, per family and level.

The command draws ``--tasks`` tasks per family and level (item ``i`` of the stream
``(family, level, --seed)``, so a rerun regenerates exactly the same tasks), sends each
task's prompt ``--n`` times to ``POST <base>/v1/chat/completions`` (vLLM, SGLang,
llama.cpp's server, hosted APIs), verifies every reply with :func:`taskgen.verify` and
reports pass@k per family and level with the unbiased estimator of Chen et al. (2021)::

    pass@k = 1 - C(n - c, k) / C(n, k)      (n samples of a task, c of them correct)

averaged over the tasks of a cell.

Usage::

    taskgen eval --base-url http://localhost:8000/v1 --model Qwen/Qwen3-8B \\
        --families sat,sudoku --levels 1-10 --tasks 20 --n 8 --k 1,4,8 \\
        --temperature 0.6 --concurrency 64 --out qwen3.jsonl --plot qwen3.png

Decisions, written down:

* **One request per sample**, not the API's ``n``: not every server implements ``n``, and a
  sample is the unit that is saved and resumed.
* **Results file** (JSONL): the first line is a ``run`` record of the settings that change
  answers (model, temperature, max_tokens, system prompt, extra request fields, answer
  container); every later line is one ``sample`` record (family, level, index, task id,
  sample number, verdict, completion), written and flushed as soon as it is verified. A
  rerun with the same ``--out`` skips every (task id, sample) already there, so a killed
  run resumes where it stopped; a rerun with different answer settings is refused (use
  another ``--out``, or ``--fresh`` to start over). A line torn by a kill is cut off. The
  API key is never written.
* **Retries**: connection errors, timeouts, 429 and 5xx are retried with exponential
  backoff (``--retry-wait`` * 2^attempt, jittered, at most 60 s, or the server's
  ``Retry-After``). Any other status (400, 401, 404, ...) is a mistake a retry cannot fix:
  the run stops sending, lets the requests in flight finish and exits with one line naming
  the status and the server's message. So does a request whose retries run out. Everything
  verified so far stays in the results file.
* **Base URL**: ``http://host:8000``, ``http://host:8000/v1`` and the full
  ``.../v1/chat/completions`` all name the same endpoint.
* **API key**: read from the environment variable ``--api-key-env`` (by default
  ``OPENAI_API_KEY`` when it is set) and sent as ``Authorization: Bearer``.
* **Table**: one row per family and level (and an ``all`` row per family over its levels):
  tasks, samples, pass@k for each k, and the format rate (share of samples whose answer
  could be read at all). pass@k counts only tasks with at least k samples.
* **Plot** (``--plot``, the ``plot`` extra): pass@1 against level, one line per family.

The HTTP client (httpx, the ``eval`` extra), rich and matplotlib are imported inside the
functions that use them: importing this module costs nothing beyond typer.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast
from urllib.parse import urlsplit, urlunsplit

import typer

if TYPE_CHECKING:
    import httpx

    from taskgen.core.task import Task
    from taskgen.verifiers.extract import Container

RESULTS_FORMAT = 1
"""Version of the results file's records; bump it when their fields change meaning."""

MAX_BACKOFF = 60.0
"""Longest wait, in seconds, between two attempts of one request."""

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2

SampleKey = tuple[str, int]
"""A sample's identity in the results file: (task id, sample number)."""


class EvalError(Exception):
    """Raised when the server refuses a request for good, or cannot be reached after retries."""


def exact_pass_at_k(n: int, c: int, k: int) -> Fraction:
    """Returns the unbiased pass@k estimate 1 - C(n-c, k) / C(n, k) as an exact fraction.

    Raises:
        ValueError: unless 0 <= c <= n and 1 <= k <= n.

    >>> exact_pass_at_k(4, 2, 2)
    Fraction(5, 6)
    """
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"pass@k needs 0 <= c <= n and 1 <= k <= n, got n={n}, c={c}, k={k}")
    return 1 - Fraction(math.comb(n - c, k), math.comb(n, k))


def pass_at_k(n: int, c: int, k: int) -> float:
    """Returns the unbiased pass@k estimate of a task with ``c`` of ``n`` samples correct.

    Raises:
        ValueError: unless 0 <= c <= n and 1 <= k <= n.

    >>> pass_at_k(4, 2, 2)
    0.8333333333333334
    >>> pass_at_k(5, 0, 3), pass_at_k(5, 3, 3)
    (0.0, 1.0)
    """
    return float(exact_pass_at_k(n, c, k))


def parse_numbers(spec: str, what: str, low: int, high: int | None = None) -> list[int]:
    """Reads ``1-10`` / ``1,3,5`` / ``2-4,7`` into sorted distinct integers in [low, high].

    Raises:
        ValueError: a part is not an integer or a range, or a number is out of bounds.

    >>> parse_numbers("2-4,1,3", "levels", 1, 10)
    [1, 2, 3, 4]
    """
    numbers: set[int] = set()
    for part in spec.split(","):
        text = part.strip()
        match = re.fullmatch(r"(\d+)\s*(?:-\s*(\d+))?", text)
        if match is None:
            raise ValueError(f"{what} {spec!r}: {text!r} is not a number or a range like 1-10")
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if last < first:
            raise ValueError(f"{what} {spec!r}: the range {text!r} runs backwards")
        for number in (first, last):
            if number < low or (high is not None and number > high):
                bound = f"{low}–{high}" if high is not None else f"at least {low}"
                raise ValueError(f"{what} must be {bound}, got {number}")
        numbers.update(range(first, last + 1))
    return sorted(numbers)


def parse_families(spec: str) -> list[str]:
    """Reads ``all`` or a comma-separated list of family names, in the order given.

    Raises:
        UnknownFamilyError: a name is not registered (the message suggests the nearest).

    >>> parse_families("sudoku, sat")
    ['sudoku', 'sat']
    """
    import taskgen
    from taskgen.core.registry import get

    if spec.strip().lower() == "all":
        return [info.name for info in taskgen.families()]
    names: list[str] = []
    for part in spec.split(","):
        name = part.strip()
        if name and name not in names:
            names.append(get(name).name)
    if not names:
        raise ValueError("--families names no family; give names like sat,sudoku or all")
    return names


def chat_url(base_url: str) -> str:
    """Returns the chat-completions endpoint of a server given by its base URL.

    Raises:
        ValueError: the URL is not http(s)://host[:port][/path].

    >>> chat_url("http://localhost:8000"), chat_url("http://localhost:8000/v1/")
    ('http://localhost:8000/v1/chat/completions', 'http://localhost:8000/v1/chat/completions')
    """
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"--base-url {base_url!r} is not an http(s) URL like http://localhost:8000/v1"
        )
    try:
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        raise ValueError(f"--base-url {base_url!r} has a port that is not a number") from None
    path = parts.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        path = (path if path.endswith("/v1") else path + "/v1") + "/chat/completions"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


@dataclass(frozen=True)
class EvalConfig:
    """Everything one evaluation needs; built by the command from its options."""

    base_url: str
    model: str
    families: list[str]
    levels: list[int]
    tasks: int = 10
    n: int = 1
    ks: list[int] = field(default_factory=lambda: [1])
    seed: int = 0
    temperature: float = 0.0
    max_tokens: int = 4096
    system: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    api_key: str | None = None
    concurrency: int = 16
    retries: int = 5
    retry_wait: float = 1.0
    timeout: float = 600.0
    container: str = "boxed"

    def settings(self) -> dict[str, Any]:
        """Returns the settings that change answers: a results file is only resumed with these."""
        return {
            "model": self.model,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "system": self.system,
            "extra": self.extra,
            "container": self.container,
        }

    def body(self, prompt: str) -> dict[str, Any]:
        """Returns the JSON body of one chat-completions request for ``prompt``."""
        messages = [{"role": "system", "content": self.system}] if self.system else []
        messages.append({"role": "user", "content": prompt})
        return {
            **self.extra,
            "model": self.model,
            "messages": messages,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
        }


# -- the results file ---------------------------------------------------------------------


@dataclass
class Results:
    """The sample records of a results file, keyed by (task id, sample number)."""

    path: Path
    settings: dict[str, Any] | None = None
    records: dict[SampleKey, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Results:
        """Reads a results file (a missing file is empty); cuts off a line torn by a kill.

        Raises:
            ValueError: the file is not a taskgen results file.
        """
        results = cls(path)
        if not path.exists():
            return results
        data = path.read_bytes()
        end = data.rfind(b"\n") + 1
        if end < len(data):  # a last line without its newline: the write was interrupted
            with path.open("r+b") as handle:
                handle.truncate(end)
        for number, line in enumerate(data[:end].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                raise ValueError(f"results file {str(path)!r}: line {number} is not JSON") from None
            kind = record.get("type") if isinstance(record, dict) else None
            if number == 1 and kind == "run":
                results.settings = record.get("settings")
            elif kind == "sample" and results.settings is not None:
                results.records[(str(record["task_id"]), int(record["sample"]))] = record
            else:
                raise ValueError(
                    f"results file {str(path)!r}: line {number} is not a taskgen eval record"
                )
        return results

    def start(self, settings: dict[str, Any]) -> None:
        """Writes the run record if the file has none yet."""
        if self.settings is None:
            self.path.write_text(
                json.dumps({"type": "run", "format": RESULTS_FORMAT, "settings": settings}) + "\n",
                encoding="utf-8",
            )
            self.settings = settings

    def add(self, record: dict[str, Any]) -> None:
        """Appends one sample record and flushes it to disk."""
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=True) + "\n")
        self.records[(record["task_id"], record["sample"])] = record


def settings_mismatch(saved: dict[str, Any], wanted: dict[str, Any]) -> str | None:
    """Describes how a results file's settings differ from this run's, or None if they agree.

    >>> settings_mismatch({"model": "a"}, {"model": "b"})
    "model ('a' in the file, 'b' now)"
    """
    differ = [
        f"{name} ({saved.get(name)!r} in the file, {value!r} now)"
        for name, value in wanted.items()
        if saved.get(name) != value
    ]
    return ", ".join(differ) or None


# -- talking to the server ----------------------------------------------------------------


def _short(text: str, limit: int = 160) -> str:
    """Returns a server message on one line, at most ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _server_message(response: httpx.Response) -> str:
    """Returns the error message of an OpenAI-style error body, or the body's text."""
    try:
        body = response.json()
    except ValueError:
        return _short(response.text) or "(empty body)"
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return _short(error["message"])
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return _short(body["message"])
    return _short(response.text)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return min(max(float(value), 0.0), MAX_BACKOFF)
    except ValueError:
        return None


def _reply_of(body: object) -> tuple[str, str | None] | None:
    """Returns (content, finish_reason) of a chat-completions body, or None if it is not one."""
    if not isinstance(body, dict):
        return None
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None
    message = choices[0].get("message")
    if not isinstance(message, dict):
        return None
    content = message.get("content")
    if content is not None and not isinstance(content, str):
        return None
    finish = choices[0].get("finish_reason")
    return content or "", finish if isinstance(finish, str) else None


async def complete(
    client: httpx.AsyncClient, url: str, config: EvalConfig, prompt: str
) -> tuple[str, str | None, int]:
    """Asks the server for one completion of ``prompt``; returns (text, finish reason, attempts).

    Raises:
        EvalError: a status no retry can fix, or retries exhausted (the last problem named).
    """
    import httpx

    jitter = random.Random()
    problem = ""
    for attempt in range(config.retries + 1):
        wait = min(config.retry_wait * 2**attempt, MAX_BACKOFF) * jitter.uniform(0.5, 1.0)
        try:
            response = await client.post(url, json=config.body(prompt))
        except httpx.TransportError as exc:
            reason = _short(str(exc)) or type(exc).__name__
            problem = f"cannot reach {url}: {reason}"
        else:
            status = response.status_code
            if status == 200:
                try:
                    reply = _reply_of(response.json())
                except ValueError:
                    reply = None
                if reply is not None:
                    return reply[0], reply[1], attempt + 1
                problem = f"{url} answered 200 without a chat completion: {_short(response.text)}"
            elif status == 429 or status >= 500:
                problem = f"{url} answered {status}: {_server_message(response)}"
                after = _retry_after(response)
                wait = wait if after is None else after
            else:
                raise EvalError(f"{url} answered {status}: {_server_message(response)}")
        if attempt < config.retries:
            await asyncio.sleep(wait)
    tries = config.retries + 1
    raise EvalError(f"{problem} (gave up after {tries} attempt{'s' if tries > 1 else ''})")


# -- the run ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One sample to ask for: a task of a family and level, and the sample number."""

    task: Task
    level: int
    index: int
    sample: int


def tasks_of(config: EvalConfig, family: str, level: int) -> list[Task]:
    """Returns the tasks of one cell: items 0..tasks-1 of the stream (family, level, seed)."""
    import taskgen

    return list(taskgen.generate(family, config.tasks, level, config.seed))


@dataclass
class RunReport:
    """What a run did: task ids per cell, requests sent, and the error that stopped it."""

    task_ids: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    requested: int = 0
    error: str | None = None


async def run_async(
    config: EvalConfig,
    results: Results,
    *,
    on_progress: Callable[[int], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> RunReport:
    """Asks for every sample not yet in ``results``, verifies and saves each as it comes.

    ``on_progress(count)`` is called as samples are found done or finished. A fatal error
    stops the sending; requests already in flight finish and are saved.
    """
    import httpx

    import taskgen

    url = chat_url(config.base_url)
    report = RunReport()
    queue: asyncio.Queue[Job | None] = asyncio.Queue(maxsize=2 * config.concurrency)
    advance = on_progress or (lambda count: None)

    async def produce() -> None:
        try:
            for family in config.families:
                for level in config.levels:
                    if report.error:
                        break
                    tasks = await asyncio.to_thread(tasks_of, config, family, level)
                    report.task_ids[(family, level)] = [task.id for task in tasks]
                    for index, task in enumerate(tasks):
                        for sample in range(config.n):
                            if (task.id, sample) in results.records:
                                advance(1)
                            elif not report.error:
                                await queue.put(Job(task, level, index, sample))
        except taskgen.TaskgenError as exc:
            report.error = report.error or str(exc)
        for _ in range(config.concurrency):  # not in a finally: a cancelled run must not wait
            await queue.put(None)

    async def work(client: httpx.AsyncClient) -> None:
        while (job := await queue.get()) is not None:
            if report.error:
                continue
            report.requested += 1
            try:
                text, finish, attempts = await complete(client, url, config, job.task.prompt)
            except EvalError as exc:
                report.error = report.error or str(exc)
                continue
            verdict = taskgen.verify(job.task, text, container=cast("Container", config.container))
            results.add(
                {
                    "type": "sample",
                    "family": job.task.family,
                    "level": job.level,
                    "index": job.index,
                    "task_id": job.task.id,
                    "sample": job.sample,
                    "correct": verdict.correct,
                    "format_ok": verdict.format_ok,
                    "reward": verdict.reward,
                    "reason": verdict.reason,
                    "finish_reason": finish,
                    "attempts": attempts,
                    "completion": text,
                }
            )
            advance(1)

    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    limits = httpx.Limits(max_connections=config.concurrency)
    timeout = httpx.Timeout(config.timeout, connect=min(config.timeout, 30.0))
    async with httpx.AsyncClient(
        headers=headers, limits=limits, timeout=timeout, transport=transport
    ) as client:
        await asyncio.gather(produce(), *(work(client) for _ in range(config.concurrency)))
    return report


# -- the summary: table and plot ----------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """The results of one family at one level (``level`` None: over all its levels)."""

    family: str
    level: int | None
    tasks: int
    samples: int
    correct: int
    format_ok: int
    pass_at: dict[int, float | None]

    @property
    def format_rate(self) -> float | None:
        """Returns the share of samples whose answer could be read, or None without samples."""
        return self.format_ok / self.samples if self.samples else None

    def as_dict(self) -> dict[str, Any]:
        """Returns the cell as plain JSON data."""
        return {
            "family": self.family,
            "level": self.level,
            "tasks": self.tasks,
            "samples": self.samples,
            "correct": self.correct,
            "format_rate": self.format_rate,
            **{f"pass@{k}": value for k, value in self.pass_at.items()},
        }


def _cell(
    family: str, level: int | None, per_task: list[list[dict[str, Any]]], ks: list[int]
) -> Cell:
    """Builds a cell from the sample records of each of its tasks."""
    done = [records for records in per_task if records]
    pass_at: dict[int, float | None] = {}
    for k in sorted({1, *ks}):
        values = [
            exact_pass_at_k(len(records), sum(bool(r["correct"]) for r in records), k)
            for records in done
            if len(records) >= k
        ]
        # averaged exactly, so a cell's value is the correctly rounded mean
        pass_at[k] = float(sum(values, Fraction(0)) / len(values)) if values else None
    flat = [record for records in done for record in records]
    return Cell(
        family,
        level,
        len(done),
        len(flat),
        sum(bool(r["correct"]) for r in flat),
        sum(bool(r["format_ok"]) for r in flat),
        {k: pass_at[k] for k in sorted({1, *ks})},
    )


def summarize(config: EvalConfig, results: Results, report: RunReport) -> list[Cell]:
    """Returns a cell per family and level (and one per family over its levels).

    Only the samples of this run's tasks, numbered below ``n``, count, whatever else the
    results file holds.
    """
    cells: list[Cell] = []
    for family in config.families:
        every: list[list[dict[str, Any]]] = []
        for level in config.levels:
            ids = report.task_ids.get((family, level))
            if ids is None:
                continue
            per_task = [
                [results.records[(i, s)] for s in range(config.n) if (i, s) in results.records]
                for i in ids
            ]
            every.extend(per_task)
            cells.append(_cell(family, level, per_task, config.ks))
        if len(config.levels) > 1 and every:
            cells.append(_cell(family, None, every, config.ks))
    return cells


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def print_table(cells: list[Cell], ks: list[int], title: str) -> None:
    """Prints the results table (family × level: tasks, samples, pass@k, format rate)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for name in ("family", "level", "tasks", "samples"):
        table.add_column(name, justify="left" if name == "family" else "right")
    for k in ks:
        table.add_column(f"pass@{k}", justify="right")
    table.add_column("format", justify="right")
    for number, cell in enumerate(cells):
        last = number + 1 == len(cells) or cells[number + 1].family != cell.family
        table.add_row(
            cell.family,
            "all" if cell.level is None else str(cell.level),
            str(cell.tasks),
            str(cell.samples),
            *(_number(cell.pass_at.get(k)) for k in ks),
            _number(cell.format_rate),
            end_section=last,
            style="bold" if cell.level is None else None,
        )
    Console(width=max(100, 20 + 10 * len(ks))).print(table)


def require_matplotlib() -> None:
    """Raises ImportError naming the ``plot`` extra when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ImportError("--plot needs matplotlib: pip install 'taskgen[plot]'") from None


def render_plot(cells: list[Cell], path: Path, title: str) -> None:
    """Draws pass@1 against level, one line per family, to ``path`` (PNG, SVG or PDF)."""
    require_matplotlib()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_family: dict[str, list[Cell]] = {}
    for cell in cells:
        if cell.level is not None and cell.pass_at.get(1) is not None:
            by_family.setdefault(cell.family, []).append(cell)
    many = len(by_family) > 10
    figure, axes = plt.subplots(figsize=(9.5 if many else 7.5, 4.8), dpi=120)
    colours = plt.get_cmap("tab20" if many else "tab10")
    markers = "osD^vP*Xh<>p"
    for number, (family, line) in enumerate(by_family.items()):
        xs = [float(cell.level or 0) for cell in line]
        ys = [float(cell.pass_at[1] or 0.0) for cell in line]
        axes.plot(
            xs,
            ys,
            marker=markers[number % len(markers)],
            color=colours(number % colours.N),
            label=family,
            linewidth=1.6,
        )
    levels = sorted({cell.level for line in by_family.values() for cell in line if cell.level})
    axes.set_xticks(levels)
    axes.set_xlabel("level")
    axes.set_ylabel("pass@1")
    axes.set_ylim(-0.03, 1.03)
    axes.grid(alpha=0.3)
    axes.set_title(title)
    if by_family:
        axes.legend(
            fontsize=7 if many else 9,
            loc="center left" if many else "best",
            bbox_to_anchor=(1.01, 0.5) if many else None,
            ncol=2 if len(by_family) > 20 else 1,
        )
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


# -- the command --------------------------------------------------------------------------


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _parse_extra(pairs: Iterable[str]) -> dict[str, Any]:
    """Reads ``-x name=value`` request fields; values are JSON where they parse."""
    reserved = {"model", "messages", "temperature", "max_tokens", "stream", "n"}
    extra: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            _fail(f"--extra {pair!r} must look like name=value")
        if name in reserved:
            _fail(f"--extra cannot set {name!r}; it has its own option or is fixed")
        try:
            extra[name] = json.loads(raw)
        except ValueError:
            extra[name] = raw
    return extra


def _slug(model: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", model).strip("_") or "model"


def _api_key(env: str | None) -> str | None:
    if env is None:
        return os.environ.get("OPENAI_API_KEY") or None
    value = os.environ.get(env)
    if not value:
        _fail(f"--api-key-env names {env!r}, but that environment variable is not set")
    return value


def _open_results(out: Path, fresh: bool, settings: dict[str, Any]) -> Results:
    if out.is_dir():
        _fail(f"--out {str(out)!r} is a directory; give a .jsonl file name")
    if not out.parent.exists():
        _fail(f"--out {str(out)!r}: the folder {str(out.parent)!r} does not exist")
    if fresh and out.exists():
        out.unlink()
    try:
        results = Results.load(out)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        _fail(f"cannot resume from {str(out)!r}: {reason}; use another --out or --fresh")
    if results.settings is not None:
        differ = settings_mismatch(results.settings, settings)
        if differ:
            _fail(
                f"{str(out)!r} holds a run with other settings: {differ}; "
                "use another --out, or --fresh to start over"
            )
    try:
        results.start(settings)
    except OSError as exc:
        _fail(f"cannot write {str(out)!r}: {exc.strerror or exc}")
    return results


def eval_command(
    base_url: Annotated[
        str, typer.Option("--base-url", help="Server, e.g. http://localhost:8000/v1.")
    ],
    model: Annotated[str, typer.Option("--model", "-m", help="Model name the server serves.")],
    families: Annotated[
        str, typer.Option("--families", "-f", help="Comma-separated families, or all.")
    ] = "all",
    levels: Annotated[str, typer.Option("--levels", "-l", help="Levels: 1-10, 1,5,10.")] = "1-10",
    tasks: Annotated[int, typer.Option("--tasks", "-t", min=1, help="Tasks per level.")] = 10,
    n: Annotated[int, typer.Option("--n", "-n", min=1, help="Samples per task.")] = 1,
    k: Annotated[str, typer.Option("--k", help="pass@k values, e.g. 1,4,8 (each <= n).")] = "1",
    seed: Annotated[int, typer.Option("--seed", "-s", min=0, help="Seed of the tasks.")] = 0,
    temperature: Annotated[float, typer.Option(min=0.0, help="Sampling temperature.")] = 0.0,
    max_tokens: Annotated[
        int, typer.Option("--max-tokens", min=1, help="Tokens per completion.")
    ] = 4096,
    system: Annotated[str | None, typer.Option("--system", help="System prompt.")] = None,
    extra: Annotated[
        list[str] | None,
        typer.Option("--extra", "-x", help="Extra request field as name=value (top_p=0.95)."),
    ] = None,
    api_key_env: Annotated[
        str | None,
        typer.Option(
            "--api-key-env",
            help="Env variable holding the API key (default OPENAI_API_KEY if set).",
        ),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-c", min=1, help="Requests in flight.")
    ] = 16,
    retries: Annotated[int, typer.Option(min=0, help="Retries per request (429, 5xx).")] = 5,
    retry_wait: Annotated[
        float, typer.Option("--retry-wait", min=0.0, help="First backoff, seconds.")
    ] = 1.0,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds per request.")] = 600.0,
    container: Annotated[
        str, typer.Option(help="Answer container: boxed, answer or auto.")
    ] = "boxed",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Results JSONL (default taskgen_eval_<model>.jsonl)."),
    ] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="Discard a results file.")] = False,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write pass@1 by level to this PNG.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the table as JSON.")] = False,
) -> None:
    """Measures pass@k per family and level of an OpenAI-compatible chat server.

    Each prompt is sent --n times to <base-url>/v1/chat/completions.

    Every reply is verified and saved to --out as it comes: the same command resumes.
    """
    from taskgen.core.errors import TaskgenError
    from taskgen.verifiers.extract import CONTAINERS

    try:
        url = chat_url(base_url)
        names = parse_families(families)
        level_list = parse_numbers(levels, "--levels", 1, 10)
        ks = parse_numbers(k, "--k", 1, n)
    except (TaskgenError, ValueError) as exc:
        message = str(exc)
        if message.startswith("--k must be 1–"):
            message += f" (--n {n} samples per task)"
        _fail(message)
    if container not in CONTAINERS:
        _fail(f"--container must be one of {', '.join(CONTAINERS)}, got {container!r}")
    if not model.strip():
        _fail("--model is empty; give the name the server serves")
    try:
        import httpx  # noqa: F401
    except ImportError:
        _fail("taskgen eval needs httpx: pip install 'taskgen[eval]'")
    if plot is not None:
        try:
            require_matplotlib()
        except ImportError as exc:
            _fail(str(exc))
    config = EvalConfig(
        base_url=url,
        model=model,
        families=names,
        levels=level_list,
        tasks=tasks,
        n=n,
        ks=ks,
        seed=seed,
        temperature=temperature,
        max_tokens=max_tokens,
        system=system,
        extra=_parse_extra(extra or []),
        api_key=_api_key(api_key_env),
        concurrency=concurrency,
        retries=retries,
        retry_wait=retry_wait,
        timeout=timeout,
        container=container,
    )
    path = out or Path(f"taskgen_eval_{_slug(model)}.jsonl")
    results = _open_results(path, fresh, config.settings())
    if n > 1 and temperature == 0.0:
        typer.echo("note: --n > 1 at temperature 0 draws near-identical samples", err=True)
    report = _run_with_progress(config, results)
    if report.error:
        total = len(names) * len(level_list) * tasks * n
        done = sum(
            1
            for ids in report.task_ids.values()
            for i in ids
            for s in range(n)
            if (i, s) in results.records
        )
        _fail(
            f"{report.error}; {done} of {total} samples are saved in {str(path)!r}, "
            "rerun the same command to resume",
            EXIT_FAILED,
        )
    cells = summarize(config, results, report)
    title = f"{model}: pass@k by family and level ({n} sample{'s' if n > 1 else ''} per task)"
    if as_json:
        typer.echo(json.dumps([cell.as_dict() for cell in cells], indent=2))
    else:
        print_table(cells, ks, title)
    if plot is not None:
        try:
            render_plot(cells, plot, f"{model}: pass@1 by level")
        except (OSError, ValueError) as exc:
            _fail(f"cannot write the plot {str(plot)!r}: {exc}")
        typer.echo(f"wrote the plot to {plot}", err=True)


def _run_with_progress(config: EvalConfig, results: Results) -> RunReport:
    """Runs the evaluation under a rich progress bar on standard error."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    total = len(config.families) * len(config.levels) * config.tasks * config.n
    console = Console(stderr=True)
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        bar = progress.add_task(f"eval {config.model}", total=total)
        return asyncio.run(
            run_async(config, results, on_progress=lambda count: progress.advance(bar, count))
        )
