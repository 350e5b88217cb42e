"""The hash locks agree with pyproject.toml (issue 17, point 8).

``make install`` installs ``requirements/runtime.lock`` with ``--require-hashes`` and the
package with ``--no-deps``: a dependency added to pyproject.toml but not locked would be
missing at run time, and a pin outside the declared range would be a version nobody
asked for. Read as text; ``make lock`` is how the files are made again.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def _pins(lock: Path) -> dict[str, tuple[Version, int]]:
    """Each pinned package's version and how many hashes follow its pin."""
    pins: dict[str, tuple[Version, int]] = {}
    current = ""
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match[1])
            pins[current] = (Version(match[2]), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def _declared() -> tuple[list[Requirement], list[Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = [Requirement(text) for text in project["dependencies"]]
    dev = [Requirement(text) for text in project["optional-dependencies"]["dev"]]
    return runtime, dev


def _unmet(requirements: list[Requirement], pins: dict[str, tuple[Version, int]]) -> list[str]:
    unmet = []
    for requirement in requirements:
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None or not requirement.specifier.contains(pinned[0], prereleases=True):
            unmet.append(f"{requirement} (locked: {pinned[0] if pinned else 'absent'})")
    return unmet


def test_every_declared_dependency_is_locked_within_its_range_with_hashes() -> None:
    runtime, dev = _declared()
    runtime_pins = _pins(ROOT / "requirements" / "runtime.lock")
    dev_pins = _pins(ROOT / "requirements" / "dev.lock")
    assert _unmet(runtime, runtime_pins) == [], "run `make lock`"
    assert _unmet(runtime + dev, dev_pins) == [], "run `make lock`"
    assert [name for name, (_, hashes) in runtime_pins.items() if hashes == 0] == []
    assert [name for name, (_, hashes) in dev_pins.items() if hashes == 0] == []


def test_the_dev_environment_runs_the_runtime_lock_s_versions() -> None:
    runtime_pins = _pins(ROOT / "requirements" / "runtime.lock")
    dev_pins = _pins(ROOT / "requirements" / "dev.lock")
    differing = {
        name: (version, dev_pins.get(name, (None, 0))[0])
        for name, (version, _) in runtime_pins.items()
        if dev_pins.get(name, (None, 0))[0] != version
    }
    assert differing == {}  # tests run what users run


def _audit_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit", ROOT / "requirements" / "audit.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_audit_says_not_audited_when_packages_were_skipped(capsys) -> None:
    audit = _audit_module()
    report = [
        {"name": "click", "version": "8.5.1", "vulns": []},
        {"name": "xlrd", "version": "2.0.2", "skip_reason": "Dependency not found on PyPI"},
    ]
    assert audit._verdict(Path("runtime.lock"), report) == 0
    assert "not audited — 1 of 2 locked packages could not be checked" in capsys.readouterr().out


def test_audit_fails_on_a_known_vulnerability(capsys) -> None:
    audit = _audit_module()
    report = [
        {"name": "click", "version": "8.5.1", "vulns": []},
        {"name": "jinja2", "version": "3.1.2", "vulns": [{"id": "GHSA-h5c8-rqwp-cp95",
         "fix_versions": ["3.1.3"]}]},
    ]  # fmt: skip
    assert audit._verdict(Path("runtime.lock"), report) == 1
    out = capsys.readouterr().out
    assert "jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in: 3.1.3)" in out
    assert "1 of 2 checked packages are vulnerable" in out


def test_audit_offline_prints_not_audited_and_exits_0(tmp_path: Path) -> None:
    pytest.importorskip("pip_audit")  # in .venv-dev, where `make audit` runs
    closed = {**os.environ, "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "requirements" / "audit.py"), str(ROOT / "requirements" / "runtime.lock")],
        capture_output=True, text=True, env={**closed, "PIP_AUDIT_CACHE": str(tmp_path)},
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "leakmap audit: not audited" in result.stdout
