"""``notify`` counts its letters as it writes them: off a terminal, plain lines that say
``letters 12/60`` with a rate and the time left, then how long it took.

A real case (registry snapshot and exposures through the store API) of 60 fictitious
patients is notified by ``leakmap notify`` as a subprocess, its stderr a pipe.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date

import pytest
from report_people import exposure

from leakmap.link.registry import Patient
from leakmap.store import Case
from leakmap.vocabulary import Category as C

KEY = "7d2a9c4e1f8b3a6d0c5e9f2b7a4d1c8e3f6a9b2d5c8e1f4a7b0d3c6e9f2a5b8d"
PEOPLE = 60


def _patients() -> list[Patient]:
    return [
        Patient(f"{40000000 + i}", f"Fictif{i:02d}", "", "Camille", date(1970, 1, 1 + i % 28),
                "FM"[i % 2], f"{i + 1} rue des Essais", "44000", "Nantes", "", "", "")
        for i in range(PEOPLE)
    ]  # fmt: skip


def test_notify_progress_counts_letters_in_plain_lines(tmp_path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEAKMAP_KEY", KEY)
        with Case.open(tmp_path) as case:
            patients = _patients()
            case.replace_patients(patients)
            exposures = [exposure(p.patient_id, C.ADDRESS, C.HEALTH) for p in patients]
            case.replace_results(attributions=[], exposures=exposures, unregistered=[])
    env = {**os.environ, "LEAKMAP_KEY": KEY, "LEAKMAP_LANGUAGE": "en"}
    env.pop("LEAKMAP_QUIET", None)  # a pipe alone must give plain lines
    result = subprocess.run(
        [sys.executable, "-m", "leakmap", "notify", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    counts = [line for line in result.stderr.splitlines() if line.startswith("letters ")]
    assert counts[0] == f"letters 0/{PEOPLE}"
    middle = [re.match(r"letters (\d+)/60 · .*/s, about .* left$", line) for line in counts[1:-1]]
    assert middle and all(middle), counts
    assert 0 < int(middle[0].group(1)) < PEOPLE
    assert re.fullmatch(rf"letters {PEOPLE}/{PEOPLE}, took \d+ s", counts[-1])
    assert "\r" not in result.stderr and "\x1b[" not in result.stderr
    assert "Fictif" not in result.stderr  # counts only, never a name
