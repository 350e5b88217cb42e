"""Where a scan's time goes: CPU and wall seconds per stage and file kind, in each process.

Why a clock of its own: workers are other processes, so a profile of the parent says
nothing of extraction, OCR or detection. Each process keeps its own totals here; a
worker hands them back with the file they were spent on (``take_times``), and the parent
adds them up (``StageLedger``) and stores them in the case (``store/stage_times.py``).

Stages nest (OCR runs inside the PDF extractor, NER inside detection): a stage is charged
its *own* time, its inner stages' taken off, so the rows add up to the whole without
counting a second twice. A stage is timed with ``stage("ocr")`` around the call (or the
``timed_stage`` decorator on a function, a one-line hook in a module another stage owns);
the file kind a worker is reading is set once for the file with ``reading_kind``.

CPU is ``time.process_time()`` (all threads of the process: Tesseract's too), wall is
``time.perf_counter()``. Summed over workers, wall seconds exceed the scan's wall time.
A stage costs about a microsecond to time: time calls per file or per page, never per word.
"""

from __future__ import annotations

import functools
import os
import resource
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from time import perf_counter, process_time
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

#: Stage names, in pipeline order: the table prints them in this order.
STAGES = (
    "list", "registry", "prepare", "walk", "extract", "ocr", "barcodes", "detect", "ner", "group",
    "fingerprint", "commit", "link", "assess", "outputs", "other",
)  # fmt: skip
#: Stages that are OCR (scanned pages only): left out of "CPU s per file outside OCR".
OCR_STAGES = frozenset({"ocr", "barcodes"})
#: The stage that counts files: one call per file content read.
FILE_STAGE = "extract"


@dataclass(frozen=True, slots=True)
class StageTime:
    """Seconds one stage spent on files of one kind (``kind`` empty: not per file)."""

    stage: str
    kind: str
    calls: int
    cpu_s: float
    wall_s: float


_totals: dict[tuple[str, str], list[float]] = {}
#: Inner-stage seconds of each open stage, innermost last: [cpu, wall].
_open: list[list[float]] = []
_kind = ""


def _forget_in_child() -> None:
    """A forked worker starts with no times: what the parent had measured before the fork
    is the parent's to send, and counting it in each worker too would count it thrice."""
    _totals.clear()
    _open.clear()


os.register_at_fork(after_in_child=_forget_in_child)


class stage:  # noqa: N801 - used as ``with stage("ocr"):``, like a function
    """Charge the time of the ``with`` block to ``name`` (and the current file kind)."""

    __slots__ = ("_cpu", "_inner", "_kind", "_name", "_wall")

    def __init__(self, name: str, *, kind: str | None = None) -> None:
        self._name = name
        self._kind = kind

    def __enter__(self) -> None:
        self._inner = [0.0, 0.0]
        _open.append(self._inner)
        self._cpu, self._wall = process_time(), perf_counter()

    def __exit__(self, *exc: object) -> None:
        cpu, wall = process_time() - self._cpu, perf_counter() - self._wall
        _open.pop()
        if _open:
            _open[-1][0] += cpu
            _open[-1][1] += wall
        key = (self._name, _kind if self._kind is None else self._kind)
        total = _totals.get(key)
        if total is None:
            total = _totals[key] = [0, 0.0, 0.0]
        total[0] += 1
        total[1] += cpu - self._inner[0]
        total[2] += wall - self._inner[1]


def timed_stage(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator form of ``stage``: every call of the function is charged to ``name``."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            with stage(name):
                return function(*args, **kwargs)

        return timed

    return decorate


@contextmanager
def reading_kind(kind: str) -> Iterator[None]:
    """Charge the stages of the block to files of ``kind`` (``pdf``, ``docx``...)."""
    global _kind
    previous, _kind = _kind, kind
    try:
        yield
    finally:
        _kind = previous


def take_times() -> tuple[StageTime, ...]:
    """This process's totals since the last call, then forgotten (a worker sends them)."""
    times = tuple(
        StageTime(name, kind, int(calls), cpu, wall)
        for (name, kind), (calls, cpu, wall) in _totals.items()
    )
    _totals.clear()
    return times


def process_tree_cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the pool's
    workers, once joined): the measured whole that the stages' rows are checked against."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return process_time() + children.ru_utime + children.ru_stime


class StageLedger:
    """The parent's sum of every process's times, by stage and kind."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], StageTime] = {}

    def add(self, times: Iterable[StageTime]) -> None:
        """Add times a worker sent (or this process took)."""
        for time in times:
            key = (time.stage, time.kind)
            old = self._rows.get(key)
            self._rows[key] = time if old is None else add_stage_times(old, time)

    def rows(self) -> tuple[StageTime, ...]:
        """The sums so far, in stage then kind order."""
        return order_stage_times(self._rows.values())


def add_stage_times(a: StageTime, b: StageTime) -> StageTime:
    """Two rows of the same stage and kind, summed."""
    return StageTime(a.stage, a.kind, a.calls + b.calls, a.cpu_s + b.cpu_s, a.wall_s + b.wall_s)


def order_stage_times(times: Iterable[StageTime]) -> tuple[StageTime, ...]:
    """Rows in pipeline order of their stage (unknown stages last), then by kind."""
    rank = {name: i for i, name in enumerate(STAGES)}
    return tuple(sorted(times, key=lambda t: (rank.get(t.stage, len(STAGES)), t.stage, t.kind)))
