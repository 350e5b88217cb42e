"""A hospital with scans, the other formats and the hostile set: what the truth says of
each is what the files are, and a seed still gives the same bytes.

One small hospital (300 patients, 25 files) is generated per module and shared; no OCR.
"""

from __future__ import annotations

import filecmp
import io
import json
import zipfile
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageSequence

from leakmap.synth import generate_hospital
from leakmap.synth.hostile import BOMB_BYTES
from leakmap.synth.render_scan import MIN_DPI_FOR_SMALL_LABEL

SEED, PATIENTS, FILES = 5, 300, 25
OPTIONS = {"scanned_share": 0.6, "formats": True, "hostile": True}


@pytest.fixture(scope="module")
def hospital(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scanned_hospital")
    generate_hospital(out, seed=SEED, patients=PATIENTS, files=FILES, **OPTIONS)
    return out


@pytest.fixture(scope="module")
def files(hospital: Path) -> dict[str, dict]:
    return json.loads((hospital / "truth.json").read_text(encoding="utf-8"))["files"]


def _loose_scans(hospital: Path, files: dict[str, dict]) -> dict[str, dict]:
    return {p: f for p, f in files.items() if f.get("scanned") and "!/" not in p}


def test_synth_scans_are_marked_and_expose_their_patients(hospital, files) -> None:
    scans = {p: f for p, f in files.items() if f.get("scanned")}
    assert len(scans) >= 3
    assert {f["kind"] for f in scans.values()} <= {"pdf", "image"}
    assert any(f["patients"] for f in scans.values())
    for entry in scans.values():
        assert 150 <= entry["dpi"] <= 300 and entry["pages"] >= 1
        assert "small_label_pt" not in entry or entry["dpi"] >= MIN_DPI_FOR_SMALL_LABEL
        assert entry["kind"] == ("pdf" if entry["medium"] == "pdf" else "image")


def test_synth_scans_have_no_text_only_pages_at_their_resolution(hospital, files) -> None:
    for path, entry in _loose_scans(hospital, files).items():
        data = (hospital / "dump" / path).read_bytes()
        if entry["medium"] == "pdf":
            document = pypdfium2.PdfDocument(data)
            assert len(document) == entry["pages"]
            assert all(not page.get_textpage().get_text_range().strip() for page in document)
            document.close()
        else:
            with Image.open(io.BytesIO(data)) as image:
                assert sum(1 for _ in ImageSequence.Iterator(image)) == entry["pages"]
                assert round(image.info["dpi"][0]) == entry["dpi"]


def test_synth_hostile_files_carry_the_scan_reasons(hospital, files) -> None:
    reasons = {f["reason"] for f in files.values() if not f["readable"]}
    assert {"archive_bomb", "nested_too_deep", "xml_entity_expansion", "encrypted", "corrupt"} <= reasons  # fmt: skip
    bomb = next(p for p, f in files.items() if f["reason"] == "archive_bomb").split("!/")[0]
    assert (hospital / "dump" / bomb).stat().st_size < BOMB_BYTES // 20  # small on disk
    deep = next(p for p, f in files.items() if f["reason"] == "nested_too_deep")
    assert deep.count("!/") == 9
    for entry in files.values():
        if not entry["readable"]:
            assert entry["patients"] == [] and entry["categories"] == []


def test_synth_traversal_member_is_stored_with_dots_and_listed_without(hospital, files) -> None:
    with zipfile.ZipFile(hospital / "dump" / "exports" / "export_dpi.zip") as archive:
        (stored,) = archive.namelist()
    assert stored.startswith("../../")
    assert f"exports/export_dpi.zip!/{stored.removeprefix('../../')}" in files


def test_synth_other_formats_are_there_with_patients(files) -> None:
    kinds = {f["kind"] for f in files.values() if f["readable"]}
    assert {"hl7", "dicom", "sql", "json", "rtf", "odt", "doc", "ods", "xls", "7z", "tar", "msg"} <= kinds  # fmt: skip
    for kind in ("hl7", "dicom", "sql", "json"):
        assert all(f["patients"] for f in files.values() if f["kind"] == kind), kind


def test_synth_same_seed_same_bytes_with_every_option(hospital, tmp_path) -> None:
    again = generate_hospital(tmp_path, seed=SEED, patients=PATIENTS, files=FILES, **OPTIONS)
    assert (hospital / "truth.json").read_bytes() == again.truth.read_bytes()
    comparison = filecmp.dircmp(hospital / "dump", again.dump)
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
    for left in (hospital / "dump").rglob("*"):
        if left.is_file():
            assert left.read_bytes() == (again.dump / left.relative_to(hospital / "dump")).read_bytes()  # fmt: skip


def test_synth_scanned_share_is_checked(tmp_path) -> None:
    with pytest.raises(ValueError, match="scanned_share"):
        generate_hospital(tmp_path, seed=1, patients=PATIENTS, files=5, scanned_share=1.5)
