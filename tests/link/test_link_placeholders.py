"""Placeholder names ("John Doe", "Jean Dupont", "Patient X"): nobody on the name alone.

Each case runs real detection on a text, groups its mentions and links them against a
registry that does hold namesakes (a hospital has its Jean DUPONT). Every person here is
fictitious.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument, TextBlock
from leakmap.group.grouping import group_mentions
from leakmap.link.attribution import Attribution
from leakmap.link.linker import link_mentions
from leakmap.link.placeholders import is_placeholder_name, load_placeholder_table
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.link.unregistered import unregistered_clusters
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Decision, FileKind, ReadStatus

SETTINGS = ScanSettings(workers=1)
TODAY = date(2026, 11, 29)
REGISTRY = [
    Patient("20000001", "DUPONT", "", "Jean", date(1951, 3, 2), "M", *[""] * 6),
    Patient("20000002", "DOE", "", "John", date(1980, 6, 14), "M", *[""] * 6),
    Patient("20000003", "LEFICTIF", "", "Gaston", date(1949, 1, 9), "M", *[""] * 6),
    *[
        Patient(f"{i:08d}", f"NOM{i:04d}", "", "Paul", date(1950, 1, 1 + i % 28), "M", *[""] * 6)
        for i in range(300)
    ],
]


def attribute(text: str) -> list[Attribution]:
    context = DetectionContext(NameIndex.build(REGISTRY), SETTINGS, TODAY)
    block = TextBlock(1, "Compte rendu de consultation.\n" + text)
    document = ExtractedDocument("x.pdf", "2" * 64, FileKind.PDF, ReadStatus.READ, blocks=(block,))
    mentions = group_mentions(detect_document(document, context))
    return link_mentions(mentions, RegistryIndex.build(REGISTRY), SETTINGS, today=TODAY)


def decisions(text: str) -> dict[str, Decision | None]:
    return {a.patient_id or "": a.decision for a in attribute(text) if a.patient_id}


@pytest.mark.parametrize(
    ("family", "given", "expected"),
    [
        ("DOE", "John", True),
        ("Dupont", "Jean", True),
        ("JEAN", "DUPONT", True),
        ("Dupont", "Marie", True),
        ("Test", "Test", True),
        ("PATIENT", "Test", True),
        ("X", "X", True),
        ("Anonyme", "", True),
        ("Inconnu", "Patient", True),
        ("Dupont", "Jean-Pierre", False),
        ("Dupont", "Gaston", False),
        ("TEST", "Jean", False),
        ("Patient", "", False),
        ("Xavier", "X", False),
    ],
)
def test_placeholder_name_table(family: str, given: str, expected: bool) -> None:
    assert is_placeholder_name(family, given, load_placeholder_table()) is expected


def test_bare_placeholder_names_notify_nobody() -> None:
    for text in ("Contact : John DOE.", "Exemple : M. Jean DUPONT", "Patient : DUPONT Jean"):
        attributions = attribute(text)
        assert attributions and attributions[0].candidates, text  # a namesake was there
        assert all(a.decision is None and a.patient_id is None for a in attributions), text
        assert unregistered_clusters(attributions) == []


def test_placeholder_namesake_with_birth_date_is_notified() -> None:
    assert decisions("Patient : DUPONT Jean, né le 02/03/1951.") == {"20000001": Decision.NOTIFY}


def test_placeholder_namesake_with_ipp_is_notified() -> None:
    assert decisions("Patient : DUPONT Jean, IPP 20000001.")["20000001"] is Decision.NOTIFY


def test_real_name_alone_is_still_linked() -> None:
    assert decisions("Patient : LEFICTIF Gaston.").get("20000003") is not None


def test_a_scan_of_a_broken_mail_notifies_the_namesake_named_with_a_birth_date(
    tmp_path: Path,
) -> None:
    registry = tmp_path / "registry.csv"
    header = "patient_id,family_name,birth_name,given_names,birth_date,sex,address,postcode,city,phone,email,nir"  # fmt: skip
    rows = [f"{p.patient_id},{p.family_name},,{p.given_names},{p.birth_date},{p.sex},,,,,," for p in REGISTRY[:60]]  # fmt: skip
    registry.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    body = (
        "From: Hélène <h@x.example>\nTo: c@d.example\nSubject: Modèle de courrier\n"
        'Content-Type: multipart/mixed; boundary="XYZ"\n\n--ABC\n\n'
        "Exemple : Madame, Monsieur John DOE.\n"
        "Compte rendu : DUPONT Jean, né le 02/03/1951, hospitalisé en cardiologie.\n"
    )
    dump = tmp_path / "dump"
    dump.mkdir()
    (dump / "modele.eml").write_bytes(body.encode("latin-1"))
    scan(dump, registry=registry, case_dir=tmp_path / "case", settings=SETTINGS)
    with (tmp_path / "case" / "affected.csv").open(encoding="utf-8", newline="") as handle:
        affected = {row["patient_id"]: row["decision"] for row in csv.DictReader(handle)}
    assert affected == {"20000001": "notify"}
    with (tmp_path / "case" / "documents.csv").open(encoding="utf-8", newline="") as handle:
        (row,) = csv.DictReader(handle)
    assert (row["status"], row["reason"]) == ("partial", "corrupt: malformed mail (MIME boundary not found)")  # fmt: skip
