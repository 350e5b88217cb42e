"""A pool of worker processes on this machine, each job isolated and time-limited.

Why not ``concurrent.futures.ProcessPoolExecutor``: one worker that dies (a parser
segfault, the OOM killer) breaks the whole pool, and a hung job cannot be stopped. Here
each worker runs one job at a time; a worker that dies or overruns is killed and replaced,
its job reported as a ``JobFailure``, and the scan goes on.

Workers are forked, so what the parent built before the pool started (the registry's
name automaton) is shared copy-on-write rather than pickled to each worker. Jobs are fed
lazily: at most two per worker wait in flight, so memory stays bounded however large the
dump.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from leakmap.executors.base import JobFailure

J = TypeVar("J")
R = TypeVar("R")
_POLL_S = 0.5


def _serve(work: Callable[[Any], Any], connection: Connection) -> None:
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        connection.send(work(job))


@dataclass(slots=True)
class _Worker:
    process: Any
    connection: Connection
    job: Any = None
    started: float = 0.0
    busy: bool = field(default=False)


class LocalPoolExecutor:
    """``workers`` forked processes; one job each at a time."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._context = multiprocessing.get_context("fork")

    def run(
        self, work: Callable[[J], R], jobs: Iterable[J], *, timeout_s: float
    ) -> Iterator[tuple[J, R | JobFailure[J]]]:
        """Yield (job, result or failure) as jobs complete."""
        pending = iter(jobs)
        pool = [self._start(work) for _ in range(self.workers)]
        queue: deque[J] = deque()
        try:
            exhausted = False
            while True:
                exhausted = exhausted or self._fill(queue, pending)
                for worker in pool:
                    if not worker.busy and queue:
                        self._give(worker, queue.popleft())
                busy = [w for w in pool if w.busy]
                if not busy and not queue and exhausted:
                    return
                yield from self._collect(pool, work, timeout_s)
        finally:
            for worker in pool:
                self._stop(worker)

    def _fill(self, queue: deque[J], pending: Iterator[J]) -> bool:
        while len(queue) < self.workers:
            try:
                queue.append(next(pending))
            except StopIteration:
                return True
        return False

    def _start(self, work: Callable[[Any], Any]) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(work, child), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _give(self, worker: _Worker, job: Any) -> None:
        worker.job, worker.started, worker.busy = job, time.monotonic(), True
        worker.connection.send(job)

    def _collect(
        self, pool: list[_Worker], work: Callable[[Any], Any], timeout_s: float
    ) -> Iterator[tuple[Any, Any]]:
        busy = [w for w in pool if w.busy]
        ready = wait([w.connection for w in busy], timeout=_POLL_S)
        now = time.monotonic()
        for index, worker in enumerate(pool):
            if not worker.busy:
                continue
            if worker.connection in ready:
                try:
                    result = worker.connection.recv()
                except (EOFError, OSError):
                    yield worker.job, JobFailure(worker.job, "parser_crashed", self._exit(worker))
                    pool[index] = self._replace(worker, work)
                    continue
                worker.busy = False
                yield worker.job, result
            elif now - worker.started > timeout_s:
                yield worker.job, JobFailure(worker.job, "timeout", f"over {timeout_s:g} s")
                pool[index] = self._replace(worker, work)

    def _exit(self, worker: _Worker) -> str:
        worker.process.join(timeout=1)
        return f"worker exit code {worker.process.exitcode}"

    def _replace(self, worker: _Worker, work: Callable[[Any], Any]) -> _Worker:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.connection.close()
        return self._start(work)

    def _stop(self, worker: _Worker) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            worker.connection.send(None)
        worker.process.join(timeout=2)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(timeout=2)
        worker.connection.close()
