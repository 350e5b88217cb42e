"""Run every ``benchmarks/bench_*.py`` in turn, each in its own process (``make bench``).

A process per benchmark so that one's imports, caches and memory (a million-patient
registry, a loaded model) never colour another's figures. Exits non-zero when any failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    """Run the benchmarks in name order, printing each one's output as it comes."""
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"##### {script.name}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)
        print(
            f"##### {script.name}: exit {result.returncode}, {time.perf_counter() - started:.0f} s\n"
        )
        if result.returncode:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
