"""What a worker does to itself before it touches a leaked byte.

Why: a worker parses hostile files. It must not outlive the scan (an orphan that goes on
parsing and holding the case open after the parent is killed), must not reach the case
database through descriptors it inherited by ``fork``, must not grow without bound (a
1.3 KB PDF asking for a 14,400 pt page, a 300 MB line), must not burn a core forever in a
loop the wall clock misses, and must never dump its memory — patients' data — to a core
file.

The address-space cap is counted *above* what the worker inherits: a forked worker
already maps the parent's registry automaton (gigabytes for a million patients, shared
copy-on-write), so the cap bounds what parsing may add, which is what a hostile file
controls.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
from dataclasses import dataclass
from pathlib import Path

from leakmap.log_names import withhold_library_text

_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class WorkerLimits:
    """The bounds of one worker; 0 turns a bound off."""

    #: Bytes of address space a worker may add to what it inherits at fork.
    memory_bytes: int = 1024 * 1024 * 1024
    #: Files and folders whose inherited descriptors the worker gives up (the case).
    private_paths: tuple[Path, ...] = ()


def seal_worker(limits: WorkerLimits, parent_pid: int) -> None:
    """Die with the parent, drop the case's descriptors, cap memory, write no core, and
    keep libraries' messages (which may quote leaked text) off stderr."""
    _die_with_parent(parent_pid)
    withhold_library_text()
    _drop_descriptors(limits.private_paths)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if limits.memory_bytes > 0:
        cap_memory(limits.memory_bytes)


def cap_memory(extra_bytes: int) -> None:
    """Cap the address space at what this process maps now plus ``extra_bytes``."""
    limit = _mapped_bytes() + extra_bytes
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def cap_cpu(seconds: float) -> None:
    """Allow this process ``seconds`` more CPU time (SIGXCPU past it): set before each job,
    so a job spinning in C code where the wall-clock watch cannot reach it still ends."""
    if seconds <= 0:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(used + seconds) + 1
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _die_with_parent(parent_pid: int) -> None:
    """``PR_SET_PDEATHSIG``: the kernel kills this worker when the parent dies, even one
    busy in a parser; then check the parent did not die before the call took effect."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def _drop_descriptors(private_paths: tuple[Path, ...]) -> None:
    """Point every inherited descriptor on a private path at ``/dev/null``.

    ``dup2`` rather than ``close``: the parent's SQLite connection object lives on in this
    process's copy of memory and may close its descriptor number one day; that number must
    stay ours, harmless, rather than be reused by a leaked file.
    """
    roots = [str(p.resolve()) for p in private_paths]
    if not roots:
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for entry in list(Path("/proc/self/fd").iterdir()):
            fd = int(entry.name)
            if fd == null:
                continue
            try:
                target = str(entry.readlink())
            except OSError:
                continue
            if any(target == root or target.startswith(root + os.sep) for root in roots):
                with contextlib.suppress(OSError):
                    os.dup2(null, fd)
    finally:
        os.close(null)


def _mapped_bytes() -> int:
    """This process's virtual size now (``VmSize``), in bytes."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
