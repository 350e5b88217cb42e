"""Run one command as a child process and measure it: wall, CPU of the whole process tree
and its peak memory (issue 15 points 4 and 5).

Why a child per measured run: ``resource.getrusage(RUSAGE_CHILDREN)`` then counts that
run's CPU alone, workers included (a pool's workers are reaped by the run, and their
time rolls up to it), and one run's imports and caches never colour the next one's.
Peak memory is the largest sum of PSS (proportional set size) over the tree, sampled
every quarter second: PSS counts pages forked workers share once, where adding their RSS
would count a registry shared by fork once per worker. Also here: the generated hospital
the side-by-side and the Ray benchmarks share, sized by environment variables.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
#: A fixed fictitious key, as the other benchmarks: the case is thrown away after.
BENCH_KEY = "7a3e9c1f5b8d2e6a0c4f9b7d3e1a8c5f2d6b0e9a4c7f1d3b8e5a2c6f0d9b4e7a"
_SAMPLE_S = 0.25


@dataclass(frozen=True, slots=True)
class Measured:
    """One measured run: wall seconds, CPU seconds of the tree, peak PSS in bytes."""

    label: str
    wall_s: float
    cpu_s: float
    peak_pss: int
    returncode: int


@dataclass(frozen=True, slots=True)
class HospitalSize:
    """How big a hospital to generate, from ``LEAKMAP_BENCH_*`` or the given defaults."""

    seed: int
    patients: int
    files: int
    scanned_share: float

    @classmethod
    def from_env(cls, *, patients: int, files: int, scanned_share: float) -> HospitalSize:
        env = os.environ.get
        return cls(
            seed=int(env("LEAKMAP_BENCH_SEED", "3")),
            patients=int(env("LEAKMAP_BENCH_PATIENTS", str(patients))),
            files=int(env("LEAKMAP_BENCH_FILES", str(files))),
            scanned_share=float(env("LEAKMAP_BENCH_SCANNED_SHARE", str(scanned_share))),
        )

    def describe(self) -> str:
        return (
            f"seed {self.seed}, {self.patients:,} patients, {self.files:,} files, "
            f"scanned share {self.scanned_share:g}"
        )


def bench_workers() -> int:
    """The pool width every measured pipeline gets: ``LEAKMAP_BENCH_WORKERS`` or all cores."""
    return int(os.environ.get("LEAKMAP_BENCH_WORKERS", str(os.cpu_count() or 1)))


def generate(size: HospitalSize, out: Path) -> float:
    """Write the hospital with ``leakmap synth``; return the seconds it took."""
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "leakmap"), "synth", "--seed", str(size.seed), "--patients",
         str(size.patients), "--files", str(size.files), "--scanned-share",
         str(size.scanned_share), "--out", str(out)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


def leakmap_scan_command(
    hospital: Path, case_dir: Path, *, workers: int, ray: str | None = None
) -> list[str]:
    """A leakmap scan of a generated hospital in a child process (``scan_child.py``)."""
    command = [str(BIN / "python"), str(HERE / "scan_child.py"), str(hospital), str(case_dir)]
    return [*command, "--workers", str(workers), *(["--ray", ray] if ray else [])]


def measure(
    label: str, command: list[str], *, env: dict[str, str] | None = None, whole_tree: bool = False
) -> Measured:
    """Run ``command`` to its end and measure it; its output goes to /dev/null but for errors.

    ``whole_tree``: sample every descendant of this process, not only the command's, and
    take the CPU from those samples (for a scan joining a local Ray cluster this process
    started: its actors are the cluster's children, not the command's).
    """
    child_env = {**os.environ, "LEAKMAP_KEY": os.environ.get("LEAKMAP_KEY", BENCH_KEY)}
    child_env.update(env or {})
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = _PeakSampler(os.getpid() if whole_tree else process.pid, with_root=not whole_tree)
    peak.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    peak.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if whole_tree:
        cpu = peak.tree_cpu_s
    if process.returncode:
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        print(f"{label}: exit {process.returncode}: " + " | ".join(tail), file=sys.stderr)
    return Measured(label, wall, cpu, peak.peak, process.returncode)


class _PeakSampler(threading.Thread):
    """Samples the summed PSS, and each process's CPU time, of a process tree until stopped.

    The CPU sum (``tree_cpu_s``) is what ``RUSAGE_CHILDREN`` cannot see: processes that
    are not the command's children (a Ray cluster's actors), each counted from its first
    sample to its last (a process living under a quarter second may be missed).
    """

    def __init__(self, pid: int, *, with_root: bool) -> None:
        super().__init__(daemon=True)
        self._pid = pid
        self._with_root = with_root
        self._done = threading.Event()
        self.peak = 0
        self._first: dict[int, float] = {}
        self._first_done = False
        self._last: dict[int, float] = {}
        try:
            self._root = psutil.Process(pid)
            self._sample()  # the baseline: what the tree had spent before the command
        except psutil.NoSuchProcess:
            self._root = None

    @property
    def tree_cpu_s(self) -> float:
        return sum(self._last[pid] - self._first[pid] for pid in self._last)

    def run(self) -> None:
        while self._root is not None and not self._done.wait(_SAMPLE_S):
            try:
                self._sample()
            except psutil.NoSuchProcess:
                return

    def _sample(self) -> None:
        root = self._root
        tree = [root] * self._with_root + root.children(recursive=True)
        total = 0
        for process in tree:
            try:
                with process.oneshot():
                    total += process.memory_full_info().pss
                    times = process.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            self._first.setdefault(
                process.pid, 0.0 if self._first_done else times.user + times.system
            )
            self._last[process.pid] = times.user + times.system
        self._first_done = True
        self.peak = max(self.peak, total)

    def stop(self) -> None:
        self._done.set()
        if self.is_alive():
            self.join()


def given_or_generated(size: HospitalSize, root: Path) -> Path:
    """The hospital ``LEAKMAP_BENCH_HOSPITAL`` names, else one generated under ``root``."""
    given = os.environ.get("LEAKMAP_BENCH_HOSPITAL")
    if given:
        print(f"hospital: {given} (given)")
        return Path(given)
    hospital = root / "hospital"
    seconds = generate(size, hospital)
    print(f"hospital: {size.describe()}; generated in {seconds:.0f} s")
    return hospital


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, to say what load a figure was measured under."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"
