"""Runs ``taskgen generate`` chunks on Ray (extra ``ray``): past one machine, same bytes.

``taskgen generate --backend ray`` cuts the stream into the same index chunks as the local
backend (items ``start .. start+count-1`` of ``(family, difficulty, seed, knobs)``), runs each
chunk as a Ray task that calls the CLI's own chunk function, and hands the results back **in
chunk order** to the driver, which alone writes the output file (JSONL, Parquet, trainer rows,
the ``--split`` validation file). Item ``i`` depends on ``(seed, i)`` only, so the file is
byte-identical to the local run's, whatever the number of workers or nodes.

Scheduling: at most ``workers`` chunk tasks run at once (each asks Ray for one CPU), and at
most ``max_pending`` chunks (running, or finished but not yet written) exist at a time, so
the driver's memory stays bounded however long the stream. A new chunk is submitted as soon
as any running one finishes, not only the oldest.

Where Ray runs, in order of precedence:

1. Ray already initialised in this process (``ray.init(...)`` by the caller): used as it is,
   and left running (an explicit ``address`` must still answer).
2. ``address`` (``--ray-address``): ``host:port`` of a cluster's head (GCS), ``auto`` (the
   cluster ``ray start`` runs on this machine) or ``ray://host:10001`` (Ray Client).
3. the ``RAY_ADDRESS`` environment variable (``ray job submit`` sets it for its driver).
4. otherwise a private local Ray instance with ``workers`` CPUs and no dashboard, shut down
   at the end.

Every node must have the same taskgen installed (``pip install 'taskgen[ray]'``): the driver
refuses results from a worker whose taskgen version differs from its own.

>>> RayBackend(workers=2).max_pending
8
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from types import TracebackType
from typing import Any, Generic, TypeVar

from taskgen.core.errors import TaskgenError

INSTALL_HINT = "--backend ray needs Ray; install the extra: pip install 'taskgen[ray]'"

Job = TypeVar("Job")
Result = TypeVar("Result")


class RayBackendError(TaskgenError, RuntimeError):
    """Raised when Ray is missing, cannot be reached, or a chunk fails on a Ray worker."""


class MissingRayError(RayBackendError, ImportError):
    """Raised when the Ray backend is asked for but Ray is not installed."""


def import_ray() -> Any:
    """Returns the ``ray`` module, or raises :class:`MissingRayError` naming the extra."""
    try:
        import ray
    except ImportError as exc:
        raise MissingRayError(INSTALL_HINT) from exc
    return ray


def _first_line(exc: BaseException) -> str:
    """Returns the first non-empty line of an exception's message (Ray's are multi-line)."""
    for line in str(exc).splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__


PROBE_SECONDS = 5.0
"""How long a TCP connect to an explicit ``host:port`` may take before the address is
refused (Ray itself retries an unreachable head for many minutes)."""


def _probe(address: str) -> None:
    """Fails fast when ``address`` names a ``host:port`` (or ``ray://host:port``) that no
    server answers on; ``auto``, ``local`` and other forms are left to Ray to judge."""
    import socket

    target = address.removeprefix("ray://")
    host, sep, port = target.rpartition(":")
    if not sep or not host or not port.isdigit():
        return
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_SECONDS):
            pass
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise RayBackendError(
            f"cannot reach the Ray cluster at {address!r}: {reason.lower()} (is `ray start "
            "--head` running there, and is this its GCS port, 6379 by default?)"
        ) from exc


def _versioned(fn: Callable[[Job], Result], job: Job) -> tuple[str, Result]:
    """Ray task body: runs ``fn(job)`` on a worker and says which taskgen produced it."""
    from taskgen.version import __version__

    return __version__, fn(job)


class RayBackend(Generic[Job, Result]):
    """An ordered, bounded map of chunk jobs over Ray tasks; a context manager.

    Args:
        workers: chunk tasks running at once (one CPU each); also the CPUs of a private
            local instance.
        address: the cluster to join (see the module docstring); ``None`` means
            ``$RAY_ADDRESS`` or a private local instance.
        max_pending: chunks submitted but not yet handed back; default ``4 * workers``.

    Raises:
        InvalidParamsError: ``workers`` or ``max_pending`` is below 1 (or below ``workers``).
    """

    def __init__(
        self, workers: int = 1, address: str | None = None, max_pending: int | None = None
    ) -> None:
        from taskgen.core.errors import InvalidParamsError

        if workers < 1:
            raise InvalidParamsError(f"workers must be at least 1, got {workers}")
        pending = 4 * workers if max_pending is None else max_pending
        if pending < workers:
            raise InvalidParamsError(
                f"max_pending must be at least workers ({workers}), got {pending}"
            )
        self.workers = workers
        self.address = address
        self.max_pending = pending
        self._ray: Any = None
        self._owned = False

    def __enter__(self) -> RayBackend[Job, Result]:
        """Joins (or starts) Ray; raises :class:`RayBackendError` with a one-line reason."""
        ray = import_ray()
        self._ray = ray
        address = self.address or os.environ.get("RAY_ADDRESS") or None
        if address:
            _probe(address)
        if ray.is_initialized():
            return self
        try:
            if address:
                ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
            else:  # a private instance: its start-up notices (token auth, ...) are noise
                ray.init(
                    address="local",
                    num_cpus=self.workers,
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level=logging.ERROR,
                )
        except Exception as exc:  # Ray raises ConnectionError, ValueError, RuntimeError, ...
            what = f"join the Ray cluster at {address!r}" if address else "start a local Ray"
            raise RayBackendError(f"cannot {what}: {_first_line(exc)}") from exc
        self._owned = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Leaves Ray: shuts down (or disconnects from) what ``__enter__`` started."""
        if self._owned and self._ray is not None:
            self._ray.shutdown()
        self._owned = False

    def map(self, fn: Callable[[Job], Result], jobs: Iterable[Job]) -> Iterator[Result]:
        """Yields ``fn(job)`` for every job, in the order of ``jobs``, computed on Ray.

        ``fn`` must be importable by name on every worker (a module-level function of an
        installed package): Ray sends the reference, not the code. Stopping early cancels
        the chunks still in flight.

        Raises:
            RayBackendError: outside ``with``; a worker runs another taskgen version; a chunk
                raised or its worker died (the message is the cause's first line).
        """
        ray = self._ray
        if ray is None or not ray.is_initialized():
            raise RayBackendError("RayBackend.map needs the backend entered: use `with`")
        from taskgen.version import __version__

        task = ray.remote(_versioned).options(num_cpus=1, max_retries=2)
        todo = iter(jobs)
        order: deque[Any] = deque()  # submitted and not yet yielded, oldest first
        running: set[Any] = set()  # submitted and not known to be finished
        more = True
        try:
            while True:
                while more and len(running) < self.workers and len(order) < self.max_pending:
                    try:
                        job = next(todo)
                    except StopIteration:
                        more = False
                        break
                    ref = task.remote(fn, job)
                    order.append(ref)
                    running.add(ref)
                if not order:
                    return
                head = order[0]
                if head in running:
                    done, _ = ray.wait(list(running), num_returns=1)
                    running.difference_update(done)
                    continue
                version, result = self._get(head)
                order.popleft()
                if version != __version__:
                    raise RayBackendError(
                        f"a Ray worker runs taskgen {version}, this driver {__version__}; "
                        "install the same taskgen on every node"
                    )
                yield result
        finally:
            for ref in order:
                with suppress(Exception):  # already finished, or the cluster is gone
                    ray.cancel(ref)

    def _get(self, ref: Any) -> tuple[str, Result]:
        """Fetches one finished chunk, turning Ray's errors into a one-line message."""
        ray = self._ray
        try:
            value: tuple[str, Result] = ray.get(ref)
        except ray.exceptions.RayTaskError as exc:
            cause = getattr(exc, "cause", None) or exc
            name = type(cause).__name__
            raise RayBackendError(
                f"a chunk failed on a Ray worker: {name}: {_first_line(cause)}"
            ) from exc
        except ray.exceptions.RayError as exc:
            raise RayBackendError(
                f"a chunk was lost on Ray: {type(exc).__name__}: {_first_line(exc)}"
            ) from exc
        return value
