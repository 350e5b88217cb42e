"""``make audit``: pip-audit on a hash-locked requirements file, honest about what it checked.

pip-audit asks PyPI's advisory service about every pinned release. Offline, or behind a
mirror that serves packages but not PyPI's JSON API, it either fails like any error or,
worse, skips every package ("Dependency not found on PyPI and could not be audited") and
still ends with "No known vulnerabilities found". This wrapper reads pip-audit's JSON and
says which of these happened:

- every package checked, none vulnerable: ``audited``, exit 0;
- a known vulnerability: one line per advisory, exit 1;
- the service out of reach, or some packages not checked: ``not audited`` with the count
  and the reason, exit 0, so an offline run is never mistaken for a clean one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

#: What pip-audit (through requests/urllib3) prints when the advisory service is out of reach.
_OFFLINE_SIGNS = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "ProxyError",
    "Max retries exceeded",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "Connection refused",
)


def main(lock: Path) -> int:
    """Audit ``lock`` as pinned (no resolution, no install) and say what came of it."""
    command = [
        sys.executable, "-m", "pip_audit", "--requirement", str(lock), "--require-hashes",
        "--disable-pip", "--progress-spinner", "off", "--timeout", "20", "--format", "json",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        dependencies = json.loads(done.stdout)["dependencies"]
    except (json.JSONDecodeError, KeyError, TypeError):
        return _failed(lock, done)
    return _verdict(lock, dependencies)


def _failed(lock: Path, done: subprocess.CompletedProcess[str]) -> int:
    """pip-audit gave no report: offline (not audited, 0) or another error (its own rc)."""
    output = done.stdout + done.stderr
    if any(sign in output for sign in _OFFLINE_SIGNS):
        print(
            f"leakmap audit: not audited — pip-audit could not reach its vulnerability "
            f"database (PyPI); {lock} was NOT checked. Run `make audit` again with network."
        )
        return 0
    sys.stderr.write(output)
    print(f"leakmap audit: pip-audit failed (exit {done.returncode}); {lock} was NOT checked")
    return done.returncode or 1


def _verdict(lock: Path, dependencies: list[dict[str, object]]) -> int:
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    checked = len(dependencies) - len(skipped)
    for dep in vulnerable:
        for vuln in dep["vulns"]:  # type: ignore[attr-defined]
            fixes = ", ".join(vuln.get("fix_versions") or ()) or "no fixed release yet"
            print(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in: {fixes})")
    if skipped:
        reason = str(skipped[0]["skip_reason"])
        print(
            f"leakmap audit: not audited — {len(skipped)} of {len(dependencies)} locked "
            f"packages could not be checked (first: {reason}); the advisory database "
            f"(PyPI's JSON API) did not answer for them. Run `make audit` again with network."
        )
    if vulnerable:
        print(f"leakmap audit: {len(vulnerable)} of {checked} checked packages are vulnerable")
        return 1
    if not skipped:
        print(f"leakmap audit: {lock} audited, {checked} packages, no known vulnerabilities")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "requirements/runtime.lock")))
