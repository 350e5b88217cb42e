"""Per-file work on a Ray cluster: the same contract as the local pool, across machines.

Why Ray: a national-scale dump (millions of scanned pages) needs more cores than one
machine has; Ray schedules the jobs over a cluster the responder already runs, and a
worker that dies (a parser segfault, a node lost) comes back as an error instead of
stopping the batch.

Each worker is a Ray actor that runs one job at a time, so that a hung job can be stopped
by killing its actor (Ray cannot cancel a task stuck in C code) and the actor replaced.
The per-process state the work needs (the registry's name automaton) is put once in
Ray's object store by ``setup`` and installed in every actor, rather than pickled with
each job. Each actor has a second job queued behind the one it runs (``_DEPTH``), so it
never waits idle for the driver to commit a result and send the next job; a job's time
limit counts from when its actor starts it. A job that hung its actor is the one running:
it fails, the job behind it goes to the replacement. When an actor dies with two jobs in
flight, either may have killed it (one that finished may not have got its result out
before the next one crashed the process), so both are run again, each alone on an actor:
only a job that kills an actor with nothing queued behind it is reported as the crash.

What stays private: usage statistics are switched off before Ray starts (Ray would
otherwise report them over the network), no dashboard is started, and a local instance
never spills objects (extracted text) to disk unencrypted. Ray's servers listen on the
node's network interfaces: use Ray only on a cluster network the responder controls, its
storage as protected as the case, the dump readable at the same path on every node. On
one machine the local pool needs no port at all and is the default.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from leakmap.executors.base import JobFailure
from leakmap.log_names import withhold_library_text

J = TypeVar("J")
R = TypeVar("R")
_POLL_S = 0.5
#: Jobs in flight per actor: the one running, and one queued behind it.
_DEPTH = 2
#: How long an actor may take to start before its first job's clock runs anyway.
_START_UP_S = 120.0


class RayUnavailableError(RuntimeError):
    """Ray is not installed, or the cluster at ``address`` cannot be joined."""


class _Worker:
    """A Ray actor body: installs the per-process state, then runs jobs one at a time."""

    def __init__(self, setup: Callable[[], None] | None, work: Callable[[Any], Any]) -> None:
        withhold_library_text()  # an actor starts fresh: its logs must not quote leaked text
        if setup is not None:
            setup()
        self._work = work

    def run(self, job: Any) -> Any:
        return self._work(job)

    def ready(self) -> bool:
        """Answers once ``__init__`` has run: a job's clock starts when its actor is up."""
        return True


@dataclass(slots=True)
class _Slot:
    """One actor and its jobs in flight, oldest (the one running) first."""

    actor: Any
    jobs: deque[tuple[Any, Any]] = field(default_factory=deque)  # (job, result ref)
    #: When the oldest job in flight started: sent, or its predecessor came back.
    started: float = 0.0
    #: Running a job that was in flight when an actor died: nothing is queued behind it.
    alone: bool = False
    #: The actor's ``ready()`` call until it answers: an actor's start-up (imports, setup:
    #: seconds on a loaded node) is not charged to the file it runs first.
    ready: Any = None
    created: float = field(default_factory=time.monotonic)


class RayExecutor:
    """``workers`` Ray actors, on a local instance or on the cluster at ``address``.

    ``setup`` runs once in every actor before its first job (for a scan: install the
    detection context); it must be picklable.
    """

    def __init__(
        self,
        workers: int,
        *,
        address: str | None = None,
        setup: Callable[[], None] | None = None,
    ) -> None:
        self.workers = max(1, workers)
        self.address = address
        self.setup = setup

    def run(
        self, work: Callable[[J], R], jobs: Iterable[J], *, timeout_s: float
    ) -> Iterator[tuple[J, R | JobFailure[J]]]:
        """Yield (job, result or failure) as jobs complete."""
        ray = _ray()
        started_here = self._connect(ray)
        try:
            actor_class = ray.remote(num_cpus=1, max_restarts=0, max_task_retries=0)(_Worker)
            setup_ref = ray.put(self.setup)
            work_ref = ray.put(work)

            def new_slot() -> _Slot:
                actor = actor_class.remote(setup_ref, work_ref)
                return _Slot(actor, ready=actor.ready.remote())

            slots = [new_slot() for _ in range(self.workers)]
            pending = iter(jobs)
            queue: deque[J] = deque()
            suspects: deque[J] = deque()  # in flight on an actor that died: run alone
            exhausted = False
            while True:
                while not exhausted and len(queue) < self.workers * _DEPTH:
                    try:
                        queue.append(next(pending))
                    except StopIteration:
                        exhausted = True
                for slot in slots:
                    if not slot.jobs:
                        slot.alone = bool(suspects)
                    while not slot.alone and queue and len(slot.jobs) < _DEPTH:
                        _send(slot, queue.popleft())
                    if slot.alone and not slot.jobs:
                        _send(slot, suspects.popleft())
                if not any(s.jobs for s in slots) and not queue and not suspects and exhausted:
                    return
                yield from self._collect(ray, slots, new_slot, queue, suspects, timeout_s)
        finally:
            if started_here:
                ray.shutdown()

    def stream(
        self, work: Callable[[J], Iterable[R]], jobs: Iterable[J], *, timeout_s: float
    ) -> Iterator[tuple[J, R | JobFailure[J]]]:
        """Like ``LocalPoolExecutor.stream``, but an actor returns a job's results
        together: on a cluster the time limit bounds the whole job (an archive and its
        members), and a job that fails gives no result at all."""
        for job, outcome in self.run(partial(_as_list, work), jobs, timeout_s=timeout_s):
            if isinstance(outcome, JobFailure):
                yield job, outcome
            else:
                for item in outcome:
                    yield job, item

    def _connect(self, ray: Any) -> bool:
        """Join the cluster, or start a private local instance; True if started here."""
        if ray.is_initialized():
            return False
        os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
        try:
            if self.address:
                ray.init(address=self.address, log_to_driver=False, logging_level="ERROR")
            else:
                ray.init(
                    num_cpus=self.workers,
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level="ERROR",
                    _node_ip_address="127.0.0.1",
                    _system_config={"automatic_object_spilling_enabled": False},
                )
        except (ConnectionError, RuntimeError, ValueError) as error:
            where = self.address or "a local instance"
            raise RayUnavailableError(
                f"could not start Ray on {where} ({error}); check the address, or scan without "
                "--ray to use this machine's cores"
            ) from error
        return True

    def _collect(
        self,
        ray: Any,
        slots: list[_Slot],
        new_slot: Callable[[], _Slot],
        queue: deque[Any],
        suspects: deque[Any],
        timeout_s: float,
    ) -> Iterator[tuple[Any, Any]]:
        """Yield what the running jobs gave back; replace the actors that died or hung
        (a dead actor's jobs in flight go to ``suspects``, a hung one's queued job back
        in front of ``queue``)."""
        heads = [slot.jobs[0][1] for slot in slots if slot.jobs]
        ready, _ = ray.wait(heads, num_returns=1, timeout=_POLL_S)
        ready_ids = {ref.hex() for ref in ready}
        now = time.monotonic()
        for index, slot in enumerate(slots):
            if not slot.jobs:
                continue
            if slot.ready is not None:
                up, _ = ray.wait([slot.ready], timeout=0)
                if up or now - slot.created > timeout_s + _START_UP_S:
                    slot.ready = None  # up (or its start-up hangs: the clock runs now)
                slot.started = now
            job, ref = slot.jobs[0]
            if ref.hex() in ready_ids:
                slot.started = now
                try:
                    result = ray.get(ref)
                except ray.exceptions.RayActorError as error:
                    if len(slot.jobs) == 1:  # it ran alone: it is the one that crashed
                        yield job, JobFailure(job, "parser_crashed", _first_line(error))
                    else:
                        suspects.extend(queued for queued, _ref in slot.jobs)
                    slots[index] = new_slot()
                    continue
                except ray.exceptions.RayTaskError as error:
                    slot.jobs.popleft()
                    yield job, JobFailure(job, "parser_crashed", _first_line(error))
                    continue
                slot.jobs.popleft()
                yield job, result
            elif now - slot.started > timeout_s:
                ray.kill(slot.actor, no_restart=True)
                slot.jobs.popleft()
                yield job, JobFailure(job, "timeout", f"over {timeout_s:g} s")
                slots[index] = self._replace(slot, new_slot, queue)

    @staticmethod
    def _replace(slot: _Slot, new_slot: Callable[[], _Slot], queue: deque[Any]) -> _Slot:
        """A new actor for a killed one; the job queued behind goes back to the queue."""
        queue.extendleft(job for job, _ref in reversed(slot.jobs))
        return new_slot()


def _send(slot: _Slot, job: Any) -> None:
    if not slot.jobs:
        slot.started = time.monotonic()
    slot.jobs.append((job, slot.actor.run.remote(job)))


def _as_list(work: Callable[[Any], Iterable[Any]], job: Any) -> list[Any]:
    return list(work(job))


def _ray() -> Any:
    try:
        import ray
    except ImportError as error:
        raise RayUnavailableError(
            "Ray is not installed: pip install 'leakmap[cluster]' (or scan without --ray)"
        ) from error
    return ray


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__
