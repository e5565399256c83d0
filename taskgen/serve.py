"""``taskgen serve``: rewards over HTTP, for trainers that call a remote reward.

Endpoints (every body is JSON; every error is ``{"error": "<one line>"}`` with a 4xx/5xx):

* ``POST /openrlhf`` — OpenRLHF's ``--reward.remote_url http://host:port/openrlhf``. OpenRLHF
  0.11 (``SingleTurnAgentExecutor._fetch_rewards_via_http``) posts
  ``{"query": [...], "prompts": [...], "labels": [...]}`` (prompt + response texts, prompts,
  task JSON labels) and reads ``rewards``, ``scores`` and ``extra_logs`` from the reply. The
  values are those of :func:`taskgen.trainers.openrlhf.reward_func`, as plain JSON lists
  and floats: ``{"rewards": [...], "scores": [...], "extra_logs": {"accuracy": ...,
  "format_ok": ..., "reward": ..., "prompt_not_found": ...}}``.
* ``POST /verify`` — a batch: ``{"tasks": [task JSON text or object, ...], "completions":
  [...], "policy": "binary" | "saturn" | "partial", "container": "boxed" | "answer" |
  "auto"}`` (``"task": one task`` instead of ``tasks`` scores every completion against it,
  a GRPO group). Returns ``{"verdicts": [{"reward", "correct", "format_ok", "score",
  "reason", "family", "task_id"}, ...], "rates": {"accuracy", "format_ok", "reward"}}``.
  A completion is text or a chat (a list of messages; the assistant replies are read).
* ``GET /health`` — ``{"status": "ok", "workers", "pids", "in_flight", "limits", "version"}``.
* ``GET /families`` — every registered family (name, kind, description, version, levels).

Verification is CPU-bound, so it runs in a pool of worker processes (``--workers``, all
cores by default); the event loop only reads, checks and answers requests. A large batch
is split across the workers. ``load_task`` remembers recent records in each worker, so
the samples of one prompt (sent one by one by OpenRLHF) parse their label once.

Limits, each answered with one line of JSON and never a crash:

* a body over ``--max-bytes`` is refused with 413 (from its Content-Length, before it is
  read, or while it streams in); more than ``--max-batch`` items is 413;
* a body that is not JSON is 400; a field of the wrong shape, an unknown policy or
  container, lists of different lengths, or a malformed task is 422 naming the field
  (``tasks[3]: malformed task: field 'family' ...``);
* more than ``--max-pending`` requests being verified at once is 503 (``server busy``); a
  request slot is freed only when its work has left the pool, so the pool's backlog stays
  bounded even when clients give up;
* a request not verified within ``--timeout`` seconds is 504. Work not yet started is
  cancelled; a verification already running in a worker cannot be interrupted and
  finishes first (its slot stays taken until then);
* a worker process that dies (killed, out of memory) breaks the pool: the requests it
  held get 503 and the pool is started again for the next ones;
* an unknown path is 404, a wrong method 405; anything unexpected is 500 with the
  exception's class, never a traceback to the client.

Everything served is deterministic: the same request gets the same body.

The web stack (Starlette on uvicorn) is the ``serve`` extra, imported only when a server
is built: ``pip install 'taskgen[serve]'``.

Usage::

    taskgen serve --port 8000 --workers 8
    curl -s localhost:8000/health
    # OpenRLHF: --reward.remote_url http://127.0.0.1:8000/openrlhf
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import socket
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import typer

from taskgen.verifiers.parse import json_kind

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response


DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MAX_BODY_BYTES = 32 * 1024 * 1024
"""Default largest request body, in bytes (``--max-bytes``)."""
MAX_ITEMS = 4096
"""Default largest batch, in completions (``--max-batch``)."""
MAX_PENDING = 256
"""Default number of requests verified at once before new ones get 503 (``--max-pending``)."""
TIMEOUT_SECONDS = 60.0
"""Default time a request may take before it gets 504 (``--timeout``)."""
MIN_CHUNK = 16
"""A batch is split across workers in chunks of at least this many items."""
EXTRA_HINT = "pip install 'taskgen[serve]'"

JSONObject = dict[str, Any]
ItemResult = tuple[float, bool, bool, float, str, str, str]
"""One verdict as a worker sends it back: reward, correct, format_ok, score, reason,
family, task id (a tuple pickles far faster than a pydantic model)."""
VERDICT_FIELDS = ("reward", "correct", "format_ok", "score", "reason", "family", "task_id")


class RequestError(Exception):
    """Raised when a request cannot be served; carries the HTTP status and a one-line reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = " ".join(message.split())


class ItemError(Exception):
    """Raised in a worker when item ``index`` of a batch is malformed (status 422)."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        return (ItemError, (self.message, self.status))


def _positive(name: str, value: float, *, integer: bool = True) -> None:
    from taskgen.core.errors import InvalidParamsError

    bad = isinstance(value, bool) or not isinstance(value, int if integer else (int, float))
    if bad or not value > 0 or (not integer and not math.isfinite(value)):
        kind = "a positive integer" if integer else "a positive number of seconds"
        raise InvalidParamsError(f"{name} must be {kind}, got {value!r}")


@dataclass(frozen=True)
class ServeConfig:
    """What a server allows and how it verifies.

    ``policy`` and ``container`` apply to ``/openrlhf`` (OpenRLHF sends neither) and are
    the defaults of ``/verify``.

    Raises:
        InvalidParamsError: a limit is not positive, or the policy or container is unknown.
    """

    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    max_bytes: int = MAX_BODY_BYTES
    max_items: int = MAX_ITEMS
    max_pending: int = MAX_PENDING
    timeout: float = TIMEOUT_SECONDS
    policy: str = "binary"
    container: str = "boxed"

    def __post_init__(self) -> None:
        from taskgen.core.errors import InvalidParamsError
        from taskgen.core.policy import POLICY_NAMES
        from taskgen.verifiers.extract import CONTAINERS

        for name in ("workers", "max_bytes", "max_items", "max_pending"):
            _positive(name, getattr(self, name))
        _positive("timeout", self.timeout, integer=False)
        if self.policy not in POLICY_NAMES:
            raise InvalidParamsError(
                f"unknown reward policy {self.policy!r}; known: {', '.join(POLICY_NAMES)}"
            )
        if self.container not in CONTAINERS:
            raise InvalidParamsError(
                f"unknown container {self.container!r}; known: {', '.join(CONTAINERS)}"
            )

    def limits(self) -> JSONObject:
        """Returns the limits as ``/health`` reports them."""
        return {
            "max_bytes": self.max_bytes,
            "max_items": self.max_items,
            "max_pending": self.max_pending,
            "timeout": self.timeout,
        }


# -- reading requests: shapes checked here, in the event loop, before any work is queued ---


def _body_object(body: object) -> Mapping[str, Any]:
    if not isinstance(body, dict):
        raise RequestError(422, f"the body must be a JSON object, got {json_kind(body)}")
    return body


def _list_field(body: Mapping[str, Any], name: str, config: ServeConfig) -> list[Any]:
    if name not in body:
        raise RequestError(422, f"field {name!r} is missing")
    value = body[name]
    if not isinstance(value, list):
        raise RequestError(422, f"field {name!r} must be a list, got {json_kind(value)}")
    if len(value) > config.max_items:
        raise RequestError(
            413, f"field {name!r} holds {len(value)} items; the limit is {config.max_items}"
        )
    return value


def _strings(name: str, values: list[Any], what: str = "a string") -> list[str]:
    for index, value in enumerate(values):
        if not isinstance(value, str):
            raise RequestError(422, f"{name}[{index}] must be {what}, got {json_kind(value)}")
    return values


def _choice(body: Mapping[str, Any], name: str, default: str, known: Sequence[str]) -> str:
    value = body.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str) or value not in known:
        shown = value if isinstance(value, str) else json_kind(value)
        raise RequestError(422, f"field {name!r} must be one of {', '.join(known)}, got {shown!r}")
    return value


@dataclass(frozen=True)
class RewardRequest:
    """A checked ``/openrlhf`` request."""

    queries: list[str]
    prompts: list[str]
    labels: list[str]


def parse_openrlhf(body: object, config: ServeConfig) -> RewardRequest:
    """Checks an OpenRLHF body ``{"query", "prompts", "labels"}`` (equal-length string lists).

    Raises:
        RequestError: 422 naming the field that is missing or of the wrong shape; 413 for
            too many items.
    """
    record = _body_object(body)
    queries = _strings("query", _list_field(record, "query", config))
    prompts = _strings("prompts", _list_field(record, "prompts", config))
    labels = _strings("labels", _list_field(record, "labels", config), "a string (task JSON)")
    if not len(queries) == len(prompts) == len(labels):
        raise RequestError(
            422,
            f"need equal lengths, got {len(queries)} query, {len(prompts)} prompts, "
            f"{len(labels)} labels",
        )
    return RewardRequest(queries, prompts, labels)


@dataclass(frozen=True)
class VerifyRequest:
    """A checked ``/verify`` request: ``tasks[i]`` is a task's JSON text or object."""

    tasks: list[str | dict[str, Any]]
    completions: list[str]
    policy: str
    container: str


def parse_verify(body: object, config: ServeConfig) -> VerifyRequest:
    """Checks a ``/verify`` body; completions given as chats are reduced to their text.

    Raises:
        RequestError: 422 naming the field that is missing or of the wrong shape; 413 for
            too many items.
    """
    from taskgen.core.policy import POLICY_NAMES
    from taskgen.trainers._common import completion_text
    from taskgen.verifiers.extract import CONTAINERS

    record = _body_object(body)
    unknown = sorted(set(record) - {"tasks", "task", "completions", "policy", "container"})
    if unknown:
        raise RequestError(
            422,
            f"unknown field {unknown[0]!r}; fields: tasks (or task), completions, policy, "
            "container",
        )
    completions: list[str] = []
    for index, item in enumerate(_list_field(record, "completions", config)):
        if isinstance(item, str):
            completions.append(item)
        elif isinstance(item, list) and all(isinstance(m, dict) for m in item):
            completions.append(completion_text(item))
        else:
            raise RequestError(
                422,
                f"completions[{index}] must be a string or a list of messages, "
                f"got {json_kind(item)}",
            )
    if "task" in record and "tasks" in record:
        raise RequestError(422, "give 'tasks' (one per completion) or 'task', not both")
    tasks: list[str | dict[str, Any]]
    if "task" in record:
        one = record["task"]
        if not isinstance(one, str | dict):
            raise RequestError(
                422, f"field 'task' must be an object or JSON text, got {json_kind(one)}"
            )
        tasks = [one] * len(completions)
    else:
        tasks = _list_field(record, "tasks", config)
        for index, item in enumerate(tasks):
            if not isinstance(item, str | dict):
                raise RequestError(
                    422, f"tasks[{index}] must be an object or JSON text, got {json_kind(item)}"
                )
        if len(tasks) != len(completions):
            raise RequestError(
                422,
                f"need one task per completion, got {len(tasks)} tasks, "
                f"{len(completions)} completions",
            )
    policy = _choice(record, "policy", config.policy, POLICY_NAMES)
    container = _choice(record, "container", config.container, CONTAINERS)
    return VerifyRequest(tasks, completions, policy, container)


# -- the work: module-level functions run in the worker processes ----------------------------


def _init_worker() -> None:
    """Starts a worker: Ctrl-C is the server's to handle; taskgen and the registry load now."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import taskgen

    taskgen.families()


def _pid() -> int:
    return os.getpid()


def _load(task: str | dict[str, Any], index: int, name: str) -> Any:
    from taskgen.core.errors import TaskgenError
    from taskgen.core.task import load_task

    try:
        return load_task(task)  # remembers recent records: one prompt's samples parse once
    except TaskgenError as exc:
        raise ItemError(f"{name}[{index}]: {exc}") from None
    except RecursionError:
        raise ItemError(f"{name}[{index}]: the task nests too deeply") from None


def _as_tuple(verdict: Any) -> ItemResult:
    return (
        verdict.reward,
        verdict.correct,
        verdict.format_ok,
        verdict.score,
        verdict.reason,
        verdict.family,
        verdict.task_id,
    )


def _check_one(task: Any, completion: str, policy: str, container: Any, where: str) -> ItemResult:
    from taskgen.core.api import verify
    from taskgen.core.errors import TaskgenError

    try:
        return _as_tuple(verify(task, completion, policy=policy, container=container))
    except TaskgenError as exc:  # an unknown family, say: the task's fault
        raise ItemError(f"{where}: {exc}") from None


def verify_chunk(
    tasks: Sequence[str | dict[str, Any]],
    completions: Sequence[str],
    policy: str,
    container: str,
    offset: int = 0,
) -> list[ItemResult]:
    """Verifies ``completions[i]`` against ``tasks[i]`` (in a worker); items are numbered
    from ``offset`` in error messages.

    Raises:
        ItemError: a task is malformed (the message names ``tasks[i]``).
    """
    results = []
    for i, (raw, completion) in enumerate(zip(tasks, completions, strict=True)):
        task = _load(raw, offset + i, "tasks")
        results.append(_check_one(task, completion, policy, container, f"tasks[{offset + i}]"))
    return results


def reward_chunk(
    queries: Sequence[str],
    prompts: Sequence[str],
    labels: Sequence[str],
    policy: str,
    container: str,
    offset: int = 0,
) -> list[tuple[ItemResult, bool]]:
    """Scores OpenRLHF samples as :func:`~taskgen.trainers.openrlhf.reward_func` does (in a
    worker): each verdict with whether the prompt was found in its query.

    A query that does not contain its prompt is graded as a reply with no answer, reason
    :data:`~taskgen.trainers.openrlhf.PROMPT_NOT_FOUND`.

    Raises:
        ItemError: a label is not a well-formed task (the message names ``labels[i]``).
    """
    from taskgen.core.policy import RewardPolicy
    from taskgen.trainers.openrlhf import PROMPT_NOT_FOUND, response_of

    reward_policy = RewardPolicy.named(policy)
    no_answer = reward_policy.reward(correct=False, format_ok=False, score=0.0)
    tasks = [_load(label, offset + i, "labels") for i, label in enumerate(labels)]
    results: list[tuple[ItemResult, bool]] = []
    for i, (task, query, prompt) in enumerate(zip(tasks, queries, prompts, strict=True)):
        response = response_of(query, prompt)
        if response is None:
            unread = (no_answer, False, False, 0.0, PROMPT_NOT_FOUND, task.family, task.id)
            results.append((unread, False))
        else:
            where = f"labels[{offset + i}]"
            results.append((_check_one(task, response, policy, container, where), True))
    return results


# -- answers: the same formulas as taskgen.trainers.openrlhf.reward_func -----------------------


def openrlhf_body(items: Sequence[tuple[ItemResult, bool]]) -> JSONObject:
    """Returns the ``/openrlhf`` reply for scored samples (``reward_func``'s values)."""
    count = max(len(items), 1)
    rewards = [item[0] for item, _ in items]
    return {
        "rewards": rewards,
        "scores": [min(max(r, 0.0), 1.0) for r in rewards],
        "extra_logs": {
            "accuracy": sum(item[1] for item, _ in items) / count,
            "format_ok": sum(item[2] for item, _ in items) / count,
            "reward": sum(rewards) / count,
            "prompt_not_found": sum(not found for _, found in items) / count,
        },
    }


def verify_body(items: Sequence[ItemResult]) -> JSONObject:
    """Returns the ``/verify`` reply: one verdict per item and the batch's rates."""
    count = max(len(items), 1)
    return {
        "verdicts": [dict(zip(VERDICT_FIELDS, item, strict=True)) for item in items],
        "rates": {
            "accuracy": sum(item[1] for item in items) / count,
            "format_ok": sum(item[2] for item in items) / count,
            "reward": sum(item[0] for item in items) / count,
        },
    }


def _spans(count: int, workers: int) -> list[tuple[int, int]]:
    """Splits ``range(count)`` into at most ``workers`` contiguous spans of >= MIN_CHUNK."""
    parts = max(1, min(workers, count // MIN_CHUNK))
    size, extra = divmod(count, parts)
    spans, start = [], 0
    for part in range(parts):
        stop = start + size + (part < extra)
        spans.append((start, stop))
        start = stop
    return spans


# -- the pool and admission control ----------------------------------------------------------


class RewardService:
    """The process pool behind the endpoints, with the in-flight bound and the timeout."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.in_flight = 0
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._restarting: asyncio.Future[None] | None = None
        self._stopped = False

    def start(self) -> None:
        """Starts the worker processes and waits until each has loaded taskgen."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        pool = ProcessPoolExecutor(
            self.config.workers, mp_context=context, initializer=_init_worker
        )
        for job in [pool.submit(_pid) for _ in range(self.config.workers * 2)]:
            job.result()
        self._pool = pool

    def stop(self) -> None:
        """Cancels queued work and stops the workers (running work finishes first)."""
        with self._lock:  # waits for a restart under way; none starts after this
            self._stopped = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def pids(self) -> list[int]:
        """Returns the worker processes' ids (read from the pool's process table)."""
        processes = getattr(self._pool, "_processes", None) or {}
        return sorted(int(pid) for pid in processes)

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        """Replaces a broken pool (in a thread); meanwhile requests get 503."""
        with self._lock:
            if self._stopped or self._pool is not broken:
                return  # stopping, or another request restarted it already
            self._pool = None
            broken.shutdown(wait=False, cancel_futures=True)
            self.start()

    def _restart_soon(self, broken: ProcessPoolExecutor) -> RequestError:
        """Starts replacing a broken pool in the background; returns the 503 to answer."""
        if self._pool is broken:
            self._restarting = asyncio.get_running_loop().run_in_executor(
                None, self._restart, broken
            )
        return RequestError(503, "a verification worker died; the pool is restarting, retry")

    async def run(self, jobs: Sequence[tuple[Callable[..., Any], tuple[Any, ...]]]) -> list[Any]:
        """Runs ``fn(*args)`` for each job in the pool; returns the results in order.

        Raises:
            RequestError: 503 when too many requests are in flight or a worker died; 504
                when the jobs outlast the timeout; the status of an :class:`ItemError`.
        """
        from concurrent.futures.process import BrokenProcessPool

        pool = self._pool
        if pool is None:
            raise RequestError(
                503, "the worker pool is starting, restarting or stopping; retry shortly"
            )
        if self.in_flight >= self.config.max_pending:
            raise RequestError(
                503,
                f"server busy: {self.in_flight} requests in flight "
                f"(limit {self.config.max_pending}); retry shortly",
            )
        self.in_flight += 1
        loop = asyncio.get_running_loop()
        futures: list[Future[Any]] = []
        try:
            futures = [pool.submit(fn, *args) for fn, args in jobs]
        except BrokenProcessPool:
            raise self._restart_soon(pool) from None
        except RuntimeError:
            raise RequestError(503, "the server is stopping") from None
        finally:
            self._release_when_done(futures, loop)
        try:
            return await asyncio.wait_for(
                asyncio.gather(*(asyncio.wrap_future(f) for f in futures)), self.config.timeout
            )
        except asyncio.TimeoutError:
            raise RequestError(
                504,
                f"verification took longer than {self.config.timeout:g} s (timeout); "
                "send smaller batches or raise --timeout",
            ) from None
        except BrokenProcessPool:
            raise self._restart_soon(pool) from None
        except ItemError as exc:
            raise RequestError(exc.status, exc.message) from None

    def _release_when_done(
        self, futures: Sequence[Future[Any]], loop: asyncio.AbstractEventLoop
    ) -> None:
        """Frees the request's slot once every job has left the pool (done or cancelled)."""
        remaining = [len(futures)]

        def release() -> None:
            self.in_flight -= 1

        def one_done(_: Future[Any]) -> None:
            remaining[0] -= 1
            if remaining[0] == 0:
                loop.call_soon_threadsafe(release)

        if not futures:
            release()
        for future in futures:
            future.add_done_callback(one_done)

    async def openrlhf(self, request: RewardRequest) -> JSONObject:
        """Scores an OpenRLHF batch, split across the workers."""
        policy, container = self.config.policy, self.config.container
        jobs = [
            (
                reward_chunk,
                (
                    request.queries[a:b],
                    request.prompts[a:b],
                    request.labels[a:b],
                    policy,
                    container,
                    a,
                ),
            )
            for a, b in _spans(len(request.labels), self.config.workers)
        ]
        parts = await self.run(jobs)
        return openrlhf_body([item for part in parts for item in part])

    async def verify(self, request: VerifyRequest) -> JSONObject:
        """Verifies a batch, split across the workers."""
        jobs = [
            (
                verify_chunk,
                (
                    request.tasks[a:b],
                    request.completions[a:b],
                    request.policy,
                    request.container,
                    a,
                ),
            )
            for a, b in _spans(len(request.completions), self.config.workers)
        ]
        parts = await self.run(jobs)
        return verify_body([item for part in parts for item in part])


# -- the ASGI application --------------------------------------------------------------------


def _import_stack() -> None:
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as exc:
        raise ImportError(f"taskgen serve needs Starlette and uvicorn: {EXTRA_HINT}") from exc


def _json(status: int, body: object) -> Response:
    from starlette.responses import Response

    return Response(
        json.dumps(body, separators=(",", ":")).encode(),
        status_code=status,
        media_type="application/json",
    )


def _error(status: int, message: str) -> Response:
    return _json(status, {"error": message})


async def _read_json(request: Request, config: ServeConfig) -> object:
    """Reads the body, at most ``max_bytes`` of it, and parses it as JSON."""
    declared = request.headers.get("content-length")
    too_big = f"the body is over the limit of {config.max_bytes} bytes"
    if declared is not None and declared.isdigit() and int(declared) > config.max_bytes:
        raise RequestError(413, too_big)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > config.max_bytes:
            raise RequestError(413, too_big)
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        raise RequestError(400, "the body is empty; send a JSON object")
    try:
        return json.loads(raw)
    except RecursionError:
        raise RequestError(400, "the body is not JSON: nested too deeply") from None
    except ValueError as exc:
        raise RequestError(400, f"the body is not JSON: {exc}") from None


def create_app(config: ServeConfig | None = None) -> Starlette:
    """Returns the ASGI application; its lifespan starts and stops the worker pool.

    Raises:
        ImportError: Starlette is not installed (the ``serve`` extra).
    """
    _import_stack()
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.routing import Route

    import taskgen

    settings = config or ServeConfig()
    service = RewardService(settings)

    async def openrlhf(request: Request) -> Response:
        try:
            parsed = parse_openrlhf(await _read_json(request, settings), settings)
            return _json(200, await service.openrlhf(parsed))
        except RequestError as exc:
            return _error(exc.status, exc.message)

    async def verify(request: Request) -> Response:
        try:
            parsed = parse_verify(await _read_json(request, settings), settings)
            return _json(200, await service.verify(parsed))
        except RequestError as exc:
            return _error(exc.status, exc.message)

    async def health(request: Request) -> Response:
        return _json(
            200,
            {
                "status": "ok" if service.pids() else "starting",
                "workers": settings.workers,
                "pids": service.pids(),
                "in_flight": service.in_flight,
                "limits": settings.limits(),
                "policy": settings.policy,
                "container": settings.container,
                "version": taskgen.__version__,
            },
        )

    async def families(request: Request) -> Response:
        return _json(200, {"families": [asdict(info) for info in taskgen.families()]})

    async def http_error(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        if status == 404:
            return _error(404, f"no endpoint {request.url.path}; endpoints: {ENDPOINTS}")
        if status == 405:
            return _error(405, f"{request.method} is not allowed on {request.url.path}")
        return _error(status, str(getattr(exc, "detail", "")) or "bad request")

    async def internal_error(request: Request, exc: Exception) -> Response:
        return _error(500, f"internal error ({type(exc).__name__}); the server goes on")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        await asyncio.to_thread(service.start)
        try:
            yield
        finally:
            await asyncio.to_thread(service.stop)

    app = Starlette(
        routes=[
            Route("/openrlhf", openrlhf, methods=["POST"]),
            Route("/verify", verify, methods=["POST"]),
            Route("/health", health, methods=["GET"]),
            Route("/families", families, methods=["GET"]),
        ],
        exception_handlers={HTTPException: http_error, Exception: internal_error},
        lifespan=lifespan,
    )
    app.state.service = service
    return app


LOG_LEVELS = ("critical", "error", "warning", "info", "debug", "trace")
ENDPOINTS = "POST /openrlhf, POST /verify, GET /health, GET /families"


def bind(host: str, port: int) -> socket.socket:
    """Returns a socket bound to ``(host, port)``; port 0 picks a free one.

    Raises:
        OSError: the address is taken or cannot be bound.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, so asyncio sets TCP_NODELAY on accepted connections (it checks the
    # protocol): otherwise Nagle holds a response's body back for the client's delayed ACK
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _server(app: Starlette, config: ServeConfig, log_level: str) -> Any:
    """Returns a uvicorn server for ``app`` that stops gracefully on SIGINT or SIGTERM.

    uvicorn raises a caught signal again once it has stopped (so the process dies of it);
    here a stop asked for by a signal is the command's normal end, status 0. A second
    Ctrl-C stops at once, without waiting for requests in flight.
    """
    import signal

    import uvicorn

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return

            def stop(sig: int, frame: object) -> None:
                self.force_exit = self.should_exit and sig == signal.SIGINT
                self.should_exit = True

            handled = (signal.SIGINT, signal.SIGTERM)
            originals = {sig: signal.signal(sig, stop) for sig in handled}
            try:
                yield
            finally:
                for sig, handler in originals.items():
                    signal.signal(sig, handler)

    return Server(
        uvicorn.Config(
            app,
            log_level=log_level,
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=max(1, math.ceil(config.timeout)),
        )
    )


@contextlib.contextmanager
def running(
    config: ServeConfig | None = None, host: str = DEFAULT_HOST, port: int = 0
) -> Iterator[str]:
    """Runs a server in a background thread; yields its base URL and stops it on exit.

    For tests, notebooks and benchmarks (``with running(ServeConfig(workers=2)) as url``).

    Raises:
        ImportError: the ``serve`` extra is missing.
        RuntimeError: the server did not start within a minute.
    """
    _import_stack()
    settings = config or ServeConfig()
    sock = bind(host, port)
    server = _server(create_app(settings), settings, "warning")
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(6000):
            if server.started or not thread.is_alive():
                break
            threading.Event().wait(0.01)
        if not server.started:
            raise RuntimeError("the server did not start")
        bound_host, bound_port = sock.getsockname()[:2]
        yield f"http://{_url_host(bound_host)}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=120)
        sock.close()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


# -- the command -----------------------------------------------------------------------------


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = DEFAULT_HOST,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port; 0 picks a free one.")
    ] = DEFAULT_PORT,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", min=1, help="Verification processes [default: cores]."),
    ] = None,
    max_batch: Annotated[
        int, typer.Option("--max-batch", min=1, help="Most completions in one request.")
    ] = MAX_ITEMS,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Largest request body, in bytes.")
    ] = MAX_BODY_BYTES,
    max_pending: Annotated[
        int,
        typer.Option("--max-pending", min=1, help="Requests verified at once; more get 503."),
    ] = MAX_PENDING,
    timeout: Annotated[
        float,
        typer.Option("--timeout", min=0.001, help="Seconds a request may take; then 504."),
    ] = TIMEOUT_SECONDS,
    policy: Annotated[
        str, typer.Option("--policy", help="Reward policy of /openrlhf (binary, saturn, partial).")
    ] = "binary",
    container: Annotated[
        str, typer.Option("--container", help="Answer container: boxed, answer or auto.")
    ] = "boxed",
    log_level: Annotated[
        str, typer.Option("--log-level", help="uvicorn's log level (warning, info, ...).")
    ] = "warning",
) -> None:
    """Serves rewards over HTTP: POST /openrlhf (OpenRLHF's --reward.remote_url), POST
    /verify (batches), GET /health, GET /families. Stops on Ctrl-C or SIGTERM."""
    from taskgen.cli import _fail
    from taskgen.core.errors import TaskgenError

    try:
        config = ServeConfig(
            workers=workers or os.cpu_count() or 1,
            max_bytes=max_bytes,
            max_items=max_batch,
            max_pending=max_pending,
            timeout=timeout,
            policy=policy,
            container=container,
        )
    except TaskgenError as exc:
        _fail(str(exc))
    if log_level.lower() not in LOG_LEVELS:
        _fail(f"--log-level must be one of {', '.join(LOG_LEVELS)}, got {log_level!r}")
    try:
        _import_stack()
    except ImportError as exc:
        _fail(str(exc))
    try:
        sock = bind(host, port)
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {(exc.strerror or str(exc)).lower()}")
    except (UnicodeError, ValueError, OverflowError) as exc:
        _fail(f"cannot listen on {host}:{port}: {exc}")
    bound_port = sock.getsockname()[1]
    server = _server(create_app(config), config, log_level.lower())
    typer.echo(
        f"taskgen serve: http://{_url_host(host)}:{bound_port} ({config.workers} workers; "
        f"{ENDPOINTS})",
        err=True,
    )
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    if not server.started:
        raise typer.Exit(1)
