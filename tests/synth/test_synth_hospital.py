"""The generated hospital: contract-shaped registry, a dump the truth fully accounts for,
the hard cases planted, and the same output for the same seed.

One small hospital (300 patients, 60 files) is generated per module and shared.
"""

from __future__ import annotations

import csv
import filecmp
import io
import json
import random
import zipfile
from collections import Counter
from pathlib import Path

import pypdfium2
import pytest
from synth_leak_walk import walk_dump
from synth_text import file_text, fold, is_printed

from leakmap.synth import SynthSummary, generate_hospital
from leakmap.synth.nir import nir_key
from leakmap.synth.people import KeyCounter, build_population
from leakmap.synth.truth import GENERATOR
from leakmap.vocabulary import Category

CONTRACT_HEADER = "patient_id,family_name,birth_name,given_names,birth_date,sex,address,postcode,city,phone,email,nir"  # fmt: skip
SEED, PATIENTS, FILES = 11, 300, 60


@pytest.fixture(scope="module")
def hospital(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthSummary]:
    out = tmp_path_factory.mktemp("hospital")
    return out, generate_hospital(out, seed=SEED, patients=PATIENTS, files=FILES)


@pytest.fixture(scope="module")
def truth(hospital: tuple[Path, SynthSummary]) -> dict:
    return json.loads((hospital[0] / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def registry(hospital: tuple[Path, SynthSummary]) -> list[dict[str, str]]:
    with (hospital[0] / "registry.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_synth_summary_counts_what_was_written(hospital, truth, registry) -> None:
    out, summary = hospital
    assert summary.patients == PATIENTS == len(registry) - len(truth["test_records"])
    assert summary.files == len(truth["files"]) >= FILES
    assert summary.exposed_patients == len(truth["patients"]) > 0
    assert summary.unregistered == len(truth["unregistered"])
    assert (summary.registry, summary.dump, summary.truth) == (out / "registry.csv", out / "dump", out / "truth.json")  # fmt: skip


def test_synth_registry_has_the_contract_header_exactly(hospital) -> None:
    first_line = (hospital[0] / "registry.csv").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == CONTRACT_HEADER


def test_synth_registry_values_are_well_formed(registry) -> None:
    ids = [row["patient_id"] for row in registry]
    assert len(set(ids)) == len(ids)
    for row in registry:
        assert len(row["patient_id"]) == 8 and row["patient_id"].isdigit()
        assert row["sex"] in ("F", "M")
        assert len(row["birth_date"]) == 10 and row["birth_date"][4] == "-"
        assert row["given_names"] and row["family_name"]
        assert not row["email"] or "@" in row["email"]
        assert not row["phone"] or (len(row["phone"]) == 10 and row["phone"].startswith("0"))


def test_synth_nir_keys_are_valid_and_match_sex_and_birth(registry) -> None:
    nirs = [row for row in registry if row["nir"]]
    assert 0.8 * len(registry) < len(nirs) < len(registry)  # most, not all
    for row in nirs:
        nir = row["nir"]
        assert len(nir) == 15
        assert nir_key(nir[:13]) == nir[13:]
        assert nir[0] == ("2" if row["sex"] == "F" else "1")
        assert nir[1:5] == row["birth_date"][2:4] + row["birth_date"][5:7]


def test_synth_every_dump_file_has_a_truth_entry_and_back(hospital, truth) -> None:
    walked = {path for path, _ in walk_dump(hospital[0] / "dump")}
    assert walked == set(truth["files"])


def test_synth_truth_people_and_words_are_known(truth, registry) -> None:
    ids = {row["patient_id"] for row in registry}
    words = {c.value for c in Category}
    assert truth["generator"] == GENERATOR and truth["seed"] == SEED
    assert set(truth["patients"]) <= ids
    for entry in truth["patients"].values():
        assert set(entry["categories"]) <= words
        assert {"name", "hospital_id"} & set(entry["categories"])
        assert "health" in entry["categories"]  # every patient exposure is health data
        assert set(entry["files"]) <= set(truth["files"])
    for entry in truth["files"].values():
        assert set(entry["patients"]) <= ids and set(entry["categories"]) <= words
    for person in truth["unregistered"]:
        assert person["role"] in ("relative", "staff", "newborn", "other_site")
        assert set(person["files"]) <= set(truth["files"])


def test_synth_patient_files_agree_with_file_patients(truth) -> None:
    for patient_id, entry in truth["patients"].items():
        for path in entry["files"]:
            assert patient_id in truth["files"][path]["patients"]


def test_synth_unreadable_files_are_really_unreadable(hospital, truth) -> None:
    dump = hospital[0] / "dump"
    reasons = Counter(f["reason"] for f in truth["files"].values() if not f["readable"])
    assert reasons.keys() == {"empty", "corrupt", "encrypted"}
    contents = dict(walk_dump(dump))
    for path, entry in truth["files"].items():
        if entry["reason"] == "empty":
            assert contents[path] == b""
        elif entry["reason"] == "encrypted":
            assert contents[path] is None
        elif entry["reason"] == "corrupt" and entry["kind"] == "pdf":
            with pytest.raises(pypdfium2.PdfiumError):
                pypdfium2.PdfDocument(contents[path])
        elif entry["reason"] == "corrupt":
            assert not zipfile.is_zipfile(io.BytesIO(contents[path] or b""))
        if not entry["readable"]:
            assert entry["patients"] == [] and entry["categories"] == []


def test_synth_every_exposed_name_is_printed_in_its_file(hospital, truth, registry) -> None:
    """The truth does not invent: each patient's used or birth name (or, in an export
    keyed by patient number, the IPP) is in the file's text."""
    by_id = {row["patient_id"]: row for row in registry}
    contents = dict(walk_dump(hospital[0] / "dump"))
    for path, entry in truth["files"].items():
        if not entry["patients"]:
            continue
        text = file_text(entry["kind"], contents[path] or b"")
        for patient_id in entry["patients"]:
            row = by_id[patient_id]
            if "name" not in entry["categories"]:  # an export keyed by IPP only
                assert patient_id.lstrip("0") in text, (path, patient_id)
                continue
            names = [n for n in (row["family_name"], row["birth_name"]) if n]
            assert any(is_printed(name, text) for name in names), (path, patient_id)


def test_synth_same_seed_same_bytes(hospital, tmp_path) -> None:
    again = generate_hospital(tmp_path, seed=SEED, patients=PATIENTS, files=FILES)
    out = hospital[0]
    for name in ("registry.csv", "truth.json"):
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes()
    first, second = dict(walk_dump(out / "dump")), dict(walk_dump(again.dump))
    assert first == second
    assert not filecmp.dircmp(out / "dump", again.dump).diff_files


def test_synth_another_seed_another_hospital(hospital, tmp_path) -> None:
    generate_hospital(tmp_path, seed=SEED + 1, patients=PATIENTS, files=FILES)
    assert (hospital[0] / "registry.csv").read_bytes() != (tmp_path / "registry.csv").read_bytes()


def test_synth_refuses_to_overwrite_a_foreign_dump(tmp_path) -> None:
    (tmp_path / "dump").mkdir()
    (tmp_path / "dump" / "evidence.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(FileExistsError):
        generate_hospital(tmp_path, seed=1, patients=PATIENTS, files=5)


def test_synth_rewrites_its_own_earlier_output(tmp_path) -> None:
    generate_hospital(tmp_path, seed=1, patients=PATIENTS, files=5)
    summary = generate_hospital(tmp_path, seed=2, patients=PATIENTS, files=5)
    truth = json.loads(summary.truth.read_text(encoding="utf-8"))
    assert {p for p, _ in walk_dump(summary.dump)} == set(truth["files"])


def test_synth_refuses_too_small_a_registry(tmp_path) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate_hospital(tmp_path, seed=1, patients=10, files=5)


def test_synth_a_physician_named_like_a_patient_signs_without_exposing_them(hospital, truth, registry) -> None:  # fmt: skip
    population = build_population(random.Random(SEED), patients=PATIENTS, keys=KeyCounter())
    patients = {(p.family_name, p.first_given): p.patient_id for p in population.patients}
    namesakes = [p for p in population.staff if (p.family_name, p.first_given) in patients]
    contents = dict(walk_dump(hospital[0] / "dump"))
    signed_elsewhere = 0
    for physician in namesakes:
        family, given = fold(physician.family_name), fold(physician.first_given)
        forms = {f"DR{given}{family}", f"DR{family}{given}", f"DR{given[0]}{family}", f"DOCTEUR{given}{family}"}  # fmt: skip
        namesake_id = patients[(physician.family_name, physician.first_given)]
        for path, entry in truth["files"].items():
            if (
                entry["readable"]
                and entry["kind"] != "zip"
                and namesake_id not in entry["patients"]
            ):
                text = fold(file_text(entry["kind"], contents[path] or b""))
                signed_elsewhere += any(form in text for form in forms)
    assert signed_elsewhere > 0


def test_synth_homonyms_are_among_the_exposed(truth, registry) -> None:
    names = Counter((row["family_name"], row["given_names"].split(" ")[0]) for row in registry)
    exposed = [row for row in registry if row["patient_id"] in truth["patients"]]
    assert any(names[(row["family_name"], row["given_names"].split(" ")[0])] > 1 for row in exposed)
