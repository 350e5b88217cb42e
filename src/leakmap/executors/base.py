"""The executor seam."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

J = TypeVar("J")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class JobFailure(Generic[J]):
    """A job that did not return: ``reason`` is ``timeout``, ``parser_crashed`` or ``out_of_memory``."""

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

    def stream(
        self, work: Callable[[J], Iterable[R]], jobs: Iterable[J], *, timeout_s: float
    ) -> Iterator[tuple[J, R | JobFailure[J]]]:
        """Like ``run`` for work that yields several results per job, each as it comes."""
        ...
