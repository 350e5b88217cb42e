"""Scale-out measured (issue 15 point 5): one hospital scanned with the local process
pool and on a local Ray cluster of 1 and 2 workers; equal outputs, Ray's overhead over
the pool, and the speed-up of 2 Ray workers over 1 (target ≥ 1.8×).

The cluster is started here (``ray.init`` with that many CPUs, no dashboard, no usage
statistics, on 127.0.0.1 only) and the scan joins it as a second driver with
``leakmap scan --ray ADDRESS``, as it would join a real cluster; starting the cluster is
not counted in the scan's wall time, joining it and starting the actors is. Each scan is
a child process measured alone (``measured.py``). Outputs compared: ``affected.csv``,
``unregistered.csv`` and ``documents.csv``, rows sorted.

Size: 1,000 files, 20,000 patients, scanned share 0.1 by default; the same
``LEAKMAP_BENCH_*`` variables as ``bench_compare.py`` change it (``LEAKMAP_BENCH_HOSPITAL``
scans a hospital already generated). On a machine with fewer than 2 free cores the
speed-up cannot show: the load average is printed before and after.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from measured import (
    HospitalSize,
    Measured,
    given_or_generated,
    leakmap_scan_command,
    load_average,
    measure,
)

DEFAULT_SIZE = {"patients": 20_000, "files": 1_000, "scanned_share": 0.1}
COMPARED = ("affected.csv", "unregistered.csv", "documents.csv")


def main() -> int:
    """Generate (or take) one hospital; scan it four ways; print walls, overhead, speed-up."""
    size = HospitalSize.from_env(**DEFAULT_SIZE)
    os.environ.setdefault("LEAKMAP_KEY", "7a3e9c1f5b8d2e6a0c4f9b7d3e1a8c5f2d6b0e9a4c7f1d3b8e5a2c6f0d9b4e7a")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench_ray_") as work:
        root = Path(work)
        hospital = given_or_generated(size, root)
        print(f"before: {load_average()}", flush=True)
        runs: dict[str, Measured] = {}
        for workers in (1, 2):
            label = f"pool {workers}"
            runs[label] = measure(label, leakmap_scan_command(hospital, root / label, workers=workers))  # fmt: skip
        for workers in (1, 2):
            label = f"ray {workers}"
            with _local_cluster(workers) as address:
                runs[label] = measure(label, leakmap_scan_command(hospital, root / label, workers=workers, ray=address), whole_tree=True)  # fmt: skip
        print(f"after: {load_average()}")
        if any(run.returncode for run in runs.values()):
            return 1
        differences = {
            label: _differing(root / "pool 2", root / label) for label in runs if label != "pool 2"
        }
    _print_table(runs, differences)
    return 0 if not any(differences.values()) else 1


class _local_cluster:  # noqa: N801 - used as a context manager, named like one
    """A private local Ray cluster of ``cpus`` CPUs for one measured scan; its address."""

    def __init__(self, cpus: int) -> None:
        self._cpus = cpus
        # Ray's sockets live under the temp dir: keep the path short (AF_UNIX limit).
        self._temp = tempfile.mkdtemp(prefix="rb", dir="/tmp")

    def __enter__(self) -> str:
        import ray

        os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
        context = ray.init(
            num_cpus=self._cpus,
            include_dashboard=False,
            log_to_driver=False,
            logging_level="ERROR",
            _node_ip_address="127.0.0.1",
            _temp_dir=self._temp,
            _system_config={"automatic_object_spilling_enabled": False},
        )
        return str(context.address_info["gcs_address"])

    def __exit__(self, *_: object) -> None:
        import ray

        ray.shutdown()
        shutil.rmtree(self._temp, ignore_errors=True)


def _differing(reference: Path, other: Path) -> list[str]:
    """The compared outputs whose sorted rows differ between two cases."""
    return [name for name in COMPARED if _sorted_rows(reference / name) != _sorted_rows(other / name)]  # fmt: skip


def _sorted_rows(path: Path) -> list[str]:
    if not path.exists():
        return ["<missing>"]
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[:1] + sorted(lines[1:])


def _print_table(runs: dict[str, Measured], differences: dict[str, list[str]]) -> None:
    print(f"{'':<10}{'wall s':>9}{'CPU s':>9}{'peak MB':>9}  outputs vs pool 2")
    for label, run in runs.items():
        same = "reference" if label == "pool 2" else (", ".join(differences[label]) or "equal")
        if label != "pool 2" and differences[label]:
            same = f"DIFFER: {same}"
        print(f"{label:<10}{run.wall_s:>9.1f}{run.cpu_s:>9.1f}{run.peak_pss / 2**20:>9.0f}  {same}")
    for workers in (1, 2):
        pool, ray = runs[f"pool {workers}"], runs[f"ray {workers}"]
        print(
            f"Ray overhead over the pool, {workers} worker(s): {ray.wall_s / pool.wall_s:.2f}x "
            f"wall ({ray.wall_s - pool.wall_s:+.1f} s)"
        )
    print(
        f"speed-up, Ray 2 workers over 1: {runs['ray 1'].wall_s / runs['ray 2'].wall_s:.2f}x "
        f"(target >= 1.8x); pool 2 over 1: {runs['pool 1'].wall_s / runs['pool 2'].wall_s:.2f}x"
    )
    print(
        "Ray rows: CPU s and peak MB count the scan and the local cluster (raylet, GCS, "
        "actors); the cluster's start is not in the wall time"
    )


if __name__ == "__main__":
    sys.exit(main())
