"""Where per-file work runs: in this process, in a local pool of processes, or on Ray.

Every executor takes picklable jobs and gives back typed results in completion order;
only the parent writes the case. A job that crashes its process or overruns its time
comes back as a ``JobFailure`` instead of stopping the batch.
"""

from __future__ import annotations

from leakmap.executors.base import Executor, JobFailure
from leakmap.executors.local_pool import LocalPoolExecutor
from leakmap.executors.ray_pool import RayExecutor, RayUnavailableError
from leakmap.executors.sandbox import WorkerLimits
from leakmap.executors.serial import SerialExecutor

__all__ = [
    "Executor",
    "JobFailure",
    "LocalPoolExecutor",
    "RayExecutor",
    "RayUnavailableError",
    "SerialExecutor",
    "WorkerLimits",
]
