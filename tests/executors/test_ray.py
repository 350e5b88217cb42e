"""The Ray executor keeps the local pool's contract on a real (local) Ray instance:
crashing and hanging jobs come back as failures, the rest as results, and a scan run on
Ray writes the same case as a serial scan."""

from __future__ import annotations

import csv
import functools
import os
import sys
import time
from pathlib import Path

import pytest
import ray
from ray import cloudpickle

from leakmap.executors import JobFailure, RayExecutor
from leakmap.scan import scan
from leakmap.settings import ScanSettings

# Workers are fresh processes that cannot import this test module: send it by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _set_offset(value: int) -> None:
    os.environ["LEAKMAP_TEST_OFFSET"] = str(value)  # per-process state, as a scan's context


def _work(job: int) -> int:
    if job == 3:
        os._exit(9)  # a parser that kills its process
    if job == 5:
        time.sleep(60)  # a parser that hangs
    if job == 6:
        raise ValueError("a parser that raises")
    return job * job + int(os.environ.get("LEAKMAP_TEST_OFFSET", "0"))


@pytest.fixture(scope="module")
def local_ray():
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level="ERROR",
        _node_ip_address="127.0.0.1",
    )
    yield
    ray.shutdown()


def test_ray_reports_crash_timeout_and_error_and_goes_on(local_ray: None) -> None:
    executor = RayExecutor(2, setup=functools.partial(_set_offset, 100))
    results = dict(executor.run(_work, range(9), timeout_s=5))
    assert isinstance(results[3], JobFailure) and results[3].reason == "parser_crashed"
    assert isinstance(results[5], JobFailure) and results[5].reason == "timeout"
    assert isinstance(results[6], JobFailure) and results[6].reason == "parser_crashed"
    assert {k: v for k, v in results.items() if k not in (3, 5, 6)} == {
        k: k * k + 100 for k in (0, 1, 2, 4, 7, 8)
    }


def test_ray_runs_the_jobs_queued_behind_a_crash_on_the_new_actor(local_ray: None) -> None:
    # One actor holds a second job queued behind the one it runs: when the first kills
    # the actor, the second never ran and must be run by the replacement, not failed.
    executor = RayExecutor(1, setup=functools.partial(_set_offset, 0))
    results = dict(executor.run(_work, [3, 4, 7], timeout_s=5))
    assert isinstance(results[3], JobFailure) and results[3].reason == "parser_crashed"
    assert {k: v for k, v in results.items() if k != 3} == {4: 16, 7: 49}


def test_a_scan_on_ray_writes_the_case_a_serial_scan_writes(
    local_ray: None,
    small_dump: tuple[Path, dict[str, set[str]]],
    registry_csv: Path,
    tmp_path: Path,
    case_key: str,
) -> None:
    dump, _ = small_dump
    serial = tmp_path / "serial"
    on_ray = tmp_path / "ray"
    scan(dump, registry=registry_csv, case_dir=serial, settings=ScanSettings(workers=1))
    scan(
        dump,
        registry=registry_csv,
        case_dir=on_ray,
        settings=ScanSettings(workers=2, ray_address="local"),
    )
    assert _rows(serial / "affected.csv"), "the small dump exposes registry patients"
    for name in ("documents.csv", "affected.csv", "unregistered.csv"):
        assert _rows(on_ray / name) == _rows(serial / name), name


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return sorted(csv.DictReader(handle), key=lambda row: sorted(row.items()))
