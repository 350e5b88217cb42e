"""Workers are bounded: memory-capped, dying with their parent, blind to the case's files,
and a job's failure midway keeps what it sent before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

from leakmap.executors import JobFailure, LocalPoolExecutor, SerialExecutor, WorkerLimits

GIB = 1024 * 1024 * 1024


def _members(job: int) -> Iterator[str]:
    for index in range(3):
        if job == 1 and index == 2:
            raise ValueError("a parser bug on the third member")
        yield f"{job}.{index}"


def test_stream_sends_every_item_and_keeps_them_when_the_job_fails_midway() -> None:
    got = list(LocalPoolExecutor(2).stream(_members, [0, 1, 2], timeout_s=10))
    items = sorted(item for _, item in got if isinstance(item, str))
    assert items == ["0.0", "0.1", "0.2", "1.0", "1.1", "2.0", "2.1", "2.2"]
    [failure] = [item for _, item in got if isinstance(item, JobFailure)]
    assert (failure.job, failure.reason, failure.detail) == (1, "parser_crashed", "ValueError")


def test_serial_stream_agrees() -> None:
    pooled = sorted(item for _, item in LocalPoolExecutor(2).stream(_members, [0, 2], timeout_s=10))
    assert pooled == sorted(
        item for _, item in SerialExecutor().stream(_members, [0, 2], timeout_s=10)
    )


def _allocate(job: int) -> int:
    blob = bytearray(job)  # a parser asking for `job` bytes at once
    return len(blob)


def test_a_job_over_the_memory_cap_is_out_of_memory_and_the_pool_goes_on() -> None:
    pool = LocalPoolExecutor(1, WorkerLimits(memory_bytes=GIB // 2))
    results = dict(pool.run(_allocate, [2 * GIB, 1024, 8 * GIB, 10], timeout_s=30))
    assert isinstance(results[2 * GIB], JobFailure) and results[2 * GIB].reason == "out_of_memory"
    assert isinstance(results[8 * GIB], JobFailure) and results[8 * GIB].reason == "out_of_memory"
    assert results[1024] == 1024 and results[10] == 10


def _spin(job: int) -> int:
    while True:  # a parser stuck in a loop that never yields
        job += 1


def test_cpu_time_cap_ends_a_spinning_job_as_a_timeout() -> None:
    # wall limit 1 s: the watch kills it; either way the reason is a timeout
    [(_, failure)] = list(LocalPoolExecutor(1).run(_spin, [0], timeout_s=1))
    assert isinstance(failure, JobFailure) and failure.reason == "timeout"


def _descriptors(job: str) -> list[str]:
    targets = []
    for entry in Path("/proc/self/fd").iterdir():
        try:
            targets.append(str(entry.readlink()))
        except OSError:
            continue
    return targets


def test_workers_do_not_hold_the_case_files_open(tmp_path: Path) -> None:
    case = tmp_path / "case"
    case.mkdir()
    held = (case / "case.db").open("wb")  # the parent holds the case database open
    try:
        pool = LocalPoolExecutor(1, WorkerLimits(private_paths=(case,)))
        [(_, targets)] = list(pool.run(_descriptors, ["look"], timeout_s=10))
    finally:
        held.close()
    assert not [t for t in targets if t.startswith(str(case))]
    assert "/dev/null" in targets


_PARENT = textwrap.dedent(
    """
    import sys, time
    from leakmap.executors import LocalPoolExecutor

    def slow(job):
        time.sleep(60)  # a worker busy in a parser
        return job

    pool = LocalPoolExecutor(2)
    stream = pool.run(slow, [1, 2], timeout_s=120)
    import multiprocessing
    def pids():
        return [p.pid for p in multiprocessing.active_children()]
    import threading
    def report():
        time.sleep(1.5)
        print(" ".join(map(str, pids())), flush=True)
    threading.Thread(target=report, daemon=True).start()
    for _ in stream:
        pass
    """
)


def test_workers_die_with_their_parent_killed_by_sigkill() -> None:
    command = [sys.executable, "-c", _PARENT]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as parent:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
    time.sleep(1)
    assert not [pid for pid in workers if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for its reaper is dead
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False
