"""The case's ``stage_times`` table: where each wave's scan spent its CPU and wall time.

Rows are added to, never replaced: a scan flushes what it measured every few seconds and
a killed scan, resumed into the same wave, adds the rest, so the table of a resumed wave
holds both runs' work (and a file the kill interrupted, read twice, counts twice: it was).
"""

from __future__ import annotations

from collections.abc import Iterable
from time import perf_counter

from leakmap.stage_clock import StageLedger, StageTime, process_tree_cpu, take_times
from leakmap.store.case import Case


def add_stage_times(case: Case, wave: int, times: Iterable[StageTime]) -> None:
    """Add ``times`` to the wave's rows (one transaction)."""
    rows = [(wave, t.stage, t.kind, t.calls, t.cpu_s, t.wall_s) for t in times]
    if not rows:
        return
    db = case.connection
    with db:
        db.executemany(
            "INSERT INTO stage_times (wave, stage, kind, calls, cpu_s, wall_s) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (wave, stage, kind) DO UPDATE SET "
            "calls = calls + excluded.calls, cpu_s = cpu_s + excluded.cpu_s, "
            "wall_s = wall_s + excluded.wall_s",
            rows,
        )


def load_stage_times(case: Case, *, wave: int | None = None) -> tuple[StageTime, ...]:
    """The rows of one wave, or of every wave summed, in pipeline order."""
    query = "SELECT stage, kind, calls, cpu_s, wall_s FROM stage_times"
    rows = case.connection.execute(
        *((query + " WHERE wave = ?", (wave,)) if wave is not None else (query,))
    ).fetchall()
    ledger = StageLedger()
    ledger.add(StageTime(str(s), str(k), int(c), float(cpu), float(w)) for s, k, c, cpu, w in rows)
    return ledger.rows()


def stage_waves(case: Case) -> tuple[int, ...]:
    """The waves that have rows."""
    rows = case.connection.execute("SELECT DISTINCT wave FROM stage_times ORDER BY wave")
    return tuple(int(r[0]) for r in rows)


#: Seconds between two writes of the times measured so far (a kill loses at most these).
FLUSH_EVERY_S = 2.0


class StageBook:
    """The scan's side: adds every process's times, writes them to the case now and then.

    ``finish`` charges what no stage measured (workers' start-up, pickling results across
    the pipe, the parent's progress display) to a stage ``other``: the process tree's CPU
    measured from ``process_tree_cpu`` less the sum of the rows.
    """

    def __init__(self, case: Case, wave: int, *, cpu_at_start: float) -> None:
        """``cpu_at_start``: ``process_tree_cpu()`` when the scan began."""
        self._case, self._wave = case, wave
        self._pending = StageLedger()
        self._total = StageLedger()
        self._flushed = perf_counter()
        self._cpu_at_start = cpu_at_start

    def add(self, times: Iterable[StageTime]) -> None:
        """Add times (a worker's, or this process's ``take_times()``); write if due."""
        times = tuple(times)
        self._pending.add(times)
        self._total.add(times)
        if perf_counter() - self._flushed >= FLUSH_EVERY_S:
            self.flush()

    def flush(self) -> None:
        """Write what was added since the last write."""
        add_stage_times(self._case, self._wave, self._pending.rows())
        self._pending = StageLedger()
        self._flushed = perf_counter()

    def finish(self) -> tuple[StageTime, ...]:
        """Add this process's last times and ``other``, write, and return this run's rows."""
        self.add(take_times())
        measured = process_tree_cpu() - self._cpu_at_start
        unmeasured = measured - sum(t.cpu_s for t in self._total.rows())
        if unmeasured > 0:
            self.add((StageTime("other", "", 1, unmeasured, 0.0),))
        self.flush()
        return self._total.rows()
