"""The generated registry's test records: in the registry and in one leaked list, listed
in the truth apart, never as exposed patients; the rest of a seed's hospital unchanged."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from leakmap.synth import generate_hospital
from leakmap.synth.dummy_patients import LIST_NAME, RESERVED_IPP_PREFIX, draw_dummy_patients


def test_dummy_patients_are_in_registry_and_dump_not_exposed(tmp_path: Path) -> None:
    generate_hospital(tmp_path, seed=5, patients=100, files=3)
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    with (tmp_path / "registry.csv").open(encoding="utf-8", newline="") as handle:
        ids = [row["patient_id"] for row in csv.DictReader(handle)]
    records = truth["test_records"]
    assert 3 <= len(records) <= 6
    assert all(pid.startswith(RESERVED_IPP_PREFIX) for pid in records)
    assert set(records) <= set(ids) and len(set(ids)) == len(ids)
    assert not set(records) & set(truth["patients"])
    assert truth["files"][LIST_NAME]["patients"] == []
    listed = (tmp_path / "dump" / LIST_NAME).read_text(encoding="utf-8")
    assert all(pid in listed for pid in records)


def test_dummy_patients_are_seeded_on_their_own() -> None:
    assert draw_dummy_patients(5) == draw_dummy_patients(5)
    assert {draw_dummy_patients(seed) for seed in range(8)} != {draw_dummy_patients(5)}
