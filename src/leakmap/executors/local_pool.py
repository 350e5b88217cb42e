"""A pool of worker processes on this machine, each job isolated and time-limited.

Why not ``concurrent.futures.ProcessPoolExecutor``: one worker that dies (a parser
segfault, the OOM killer) breaks the whole pool, and a hung job cannot be stopped. Here
each worker runs one job at a time; a worker that dies or overruns is killed and replaced,
its job reported as a ``JobFailure``, and the scan goes on.

Workers are forked, so what the parent built before the pool started (the registry's
name automaton) is shared copy-on-write rather than pickled to each worker. Each worker
seals itself first (``sandbox.seal_worker``: dies with the parent, gives up the case's
descriptors, capped memory, no core file) and caps its CPU time before each job. Jobs are
fed lazily: at most two per worker wait in flight, so memory stays bounded however large
the dump.

``stream`` runs a work function that yields several results per job (a disk file and
every member of its archives): each result travels as soon as it is made, and the time
limit counts from the last one, so a long archive is bounded per member, not as a whole.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from leakmap.executors.base import JobFailure
from leakmap.executors.sandbox import WorkerLimits, cap_cpu, seal_worker

J = TypeVar("J")
R = TypeVar("R")
_POLL_S = 0.5
_ITEM, _DONE, _FAILED = "item", "done", "failed"
#: CPU seconds a job may use, as a multiple of its wall-clock limit (a job waiting on
#: Tesseract's threads may use more CPU than wall time).
_CPU_FACTOR = 2.0


def _serve(
    work: Callable[[Any], Iterable[Any]],
    connection: Connection,
    limits: WorkerLimits,
    parent_pid: int,
    cpu_s: float,
) -> None:
    seal_worker(limits, parent_pid)
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        cap_cpu(cpu_s)
        try:
            for item in work(job):
                connection.send((_ITEM, item))
        except MemoryError:
            connection.send((_FAILED, "out_of_memory", "over the worker's memory cap"))
            return  # a worker that ran out of memory is not trusted with another job
        except Exception as error:  # noqa: BLE001 - the job's boundary: report, go on
            connection.send((_FAILED, "parser_crashed", type(error).__name__))
            continue
        connection.send((_DONE, None))


def _one(work: Callable[[Any], Any]) -> Callable[[Any], Iterable[Any]]:
    def single(job: Any) -> Iterable[Any]:
        return (work(job),)

    return single


@dataclass(slots=True)
class _Worker:
    process: Any
    connection: Connection
    job: Any = None
    started: float = 0.0
    busy: bool = field(default=False)


class LocalPoolExecutor:
    """``workers`` forked processes; one job each at a time."""

    def __init__(self, workers: int, limits: WorkerLimits | None = None) -> None:
        self.workers = max(1, workers)
        self.limits = limits or WorkerLimits()
        self._context = multiprocessing.get_context("fork")

    def run(
        self, work: Callable[[J], R], jobs: Iterable[J], *, timeout_s: float
    ) -> Iterator[tuple[J, R | JobFailure[J]]]:
        """Yield (job, result or failure) as jobs complete."""
        return self.stream(_one(work), jobs, timeout_s=timeout_s)

    def stream(
        self, work: Callable[[J], Iterable[R]], jobs: Iterable[J], *, timeout_s: float
    ) -> Iterator[tuple[J, R | JobFailure[J]]]:
        """Yield (job, result) for every result each job yields, and (job, failure) for a
        job that crashed or overran (after the results it gave before)."""
        pending = iter(jobs)
        pool = [self._start(work, timeout_s) for _ in range(self.workers)]
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

    def _start(self, work: Callable[[Any], Iterable[Any]], timeout_s: float) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve,
            args=(work, child, self.limits, os.getpid(), timeout_s * _CPU_FACTOR),
            daemon=True,
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _give(self, worker: _Worker, job: Any) -> None:
        worker.job, worker.started, worker.busy = job, time.monotonic(), True
        worker.connection.send(job)

    def _collect(
        self, pool: list[_Worker], work: Callable[[Any], Iterable[Any]], timeout_s: float
    ) -> Iterator[tuple[Any, Any]]:
        busy = [w for w in pool if w.busy]
        ready = wait([w.connection for w in busy], timeout=_POLL_S)
        for index, worker in enumerate(pool):
            if not worker.busy:
                continue
            if worker.connection in ready:
                yield from self._drain(pool, index, work, timeout_s)
            elif time.monotonic() - worker.started > timeout_s:
                yield worker.job, JobFailure(worker.job, "timeout", f"over {timeout_s:g} s")
                pool[index] = self._replace(worker, work, timeout_s)

    def _drain(
        self, pool: list[_Worker], index: int, work: Callable[[Any], Iterable[Any]],
        timeout_s: float,
    ) -> Iterator[tuple[Any, Any]]:  # fmt: skip
        """Every message the worker has sent so far."""
        worker = pool[index]
        while worker.busy and worker.connection.poll():
            try:
                message = worker.connection.recv()
            except (EOFError, OSError):
                yield worker.job, JobFailure(worker.job, *self._exit(worker))
                pool[index] = self._replace(worker, work, timeout_s)
                return
            if message[0] == _ITEM:
                worker.started = time.monotonic()
                yield worker.job, message[1]
            elif message[0] == _DONE:
                worker.busy = False
            else:
                yield worker.job, JobFailure(worker.job, message[1], message[2])
                if message[1] == "out_of_memory":
                    pool[index] = self._replace(worker, work, timeout_s)
                    return
                worker.busy = False

    def _exit(self, worker: _Worker) -> tuple[str, str]:
        """Why a worker ended mid-job: its CPU cap (SIGXCPU) is a timeout, else a crash."""
        worker.process.join(timeout=1)
        code = worker.process.exitcode
        if code == -signal.SIGXCPU:
            return "timeout", "over its CPU time"
        return "parser_crashed", f"worker exit code {code}"

    def _replace(
        self, worker: _Worker, work: Callable[[Any], Iterable[Any]], timeout_s: float
    ) -> _Worker:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.connection.close()
        return self._start(work, timeout_s)

    def _stop(self, worker: _Worker) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            worker.connection.send(None)
        worker.process.join(timeout=2)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(timeout=2)
        worker.connection.close()
