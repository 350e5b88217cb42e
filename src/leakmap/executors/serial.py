"""Run jobs one after the other in this process: for tests, debugging and tiny dumps.

There is no isolation: a job that hangs hangs the scan. The pool executor is the default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from leakmap.executors.base import JobFailure

J = TypeVar("J")
R = TypeVar("R")


class SerialExecutor:
    """Runs each job in the calling process."""

    def run(
        self, work: Callable[[J], R], jobs: Iterable[J], *, timeout_s: float
    ) -> Iterator[tuple[J, R | JobFailure[J]]]:
        """Yield each job's result in order."""
        del timeout_s  # no way to interrupt in-process work
        for job in jobs:
            yield job, work(job)

    def stream(
        self, work: Callable[[J], Iterable[R]], jobs: Iterable[J], *, timeout_s: float
    ) -> Iterator[tuple[J, R | JobFailure[J]]]:
        """Yield every result of each job, in order."""
        del timeout_s
        for job in jobs:
            for item in work(job):
                yield job, item
