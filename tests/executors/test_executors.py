"""The local pool survives crashing and hanging jobs, and agrees with the serial executor."""

from __future__ import annotations

import os
import time

from leakmap.executors import JobFailure, LocalPoolExecutor, SerialExecutor


def _work(job: int) -> int:
    if job == 3:
        os._exit(9)  # a parser that kills its process
    if job == 5:
        time.sleep(60)  # a parser that hangs
    return job * job


def test_pool_reports_crash_and_timeout_and_goes_on() -> None:
    results = dict(LocalPoolExecutor(2).run(_work, range(8), timeout_s=2))
    assert isinstance(results[3], JobFailure) and results[3].reason == "parser_crashed"
    assert isinstance(results[5], JobFailure) and results[5].reason == "timeout"
    assert {k: v for k, v in results.items() if k not in (3, 5)} == {
        k: k * k for k in (0, 1, 2, 4, 6, 7)
    }


def test_pool_and_serial_agree() -> None:
    jobs = [0, 1, 2, 4, 6, 7, 8, 9]
    pooled = dict(LocalPoolExecutor(2).run(_work, jobs, timeout_s=10))
    serial = dict(SerialExecutor().run(_work, jobs, timeout_s=10))
    assert pooled == serial
