"""The executor seam."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

J = TypeVar("J")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class JobFailure(Generic[J]):
    """A job that did not return: ``reason`` is ``timeout`` or ``parser_crashed``."""

    job: J
    reason: str
    detail: str = ""


class Executor(Protocol):
    """Runs ``work`` over jobs, yielding results (or failures) as they complete."""

    def run(
        self, work: Callable[[J], R], jobs: Iterable[J], *, timeout_s: float
    ) -> Iterator[tuple[J, R | JobFailure[J]]]:
        """Yield (job, result or failure) pairs, in completion order."""
        ...
