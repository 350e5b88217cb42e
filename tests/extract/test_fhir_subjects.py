"""A FHIR Bundle's Observations and Encounters are their subject's: their clinical words
go in the patient's record (so its row's health), not in a record of nobody."""

from __future__ import annotations

import json
from datetime import date

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument
from leakmap.extract.json_records import extract_json
from leakmap.group.grouping import group_mentions
from leakmap.link.registry import Patient
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Category, FileKind, ReadStatus

TODAY = date(2026, 11, 29)
PEOPLE = [
    Patient("61000001", "KERGOAT", "", "Yvonne", date(1948, 3, 7), "F", *[""] * 6),
    Patient("61000002", "LE BIHAN", "", "Erwan", date(1990, 6, 2), "M", *[""] * 6),
]


def _patient(ident: str, family: str, given: str, birth: str) -> dict[str, object]:
    return {"resourceType": "Patient", "id": ident, "name": [{"family": family, "given": [given]}],
            "birthDate": birth}  # fmt: skip


def _observation(subject: str, text: str, category: str) -> dict[str, object]:
    return {"resourceType": "Observation", "status": "final",
            "category": [{"coding": [{"code": category}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": "14334-7"}], "text": text},
            "subject": {"reference": subject}, "valueString": "0.8"}  # fmt: skip


BUNDLE = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {"fullUrl": "urn:uuid:aaaa", "resource": _patient("p1", "KERGOAT", "Yvonne", "1948-03-07")},
        {"resource": _observation("Patient/p1", "Lithémie", "laboratory")},
        {"resource": _patient("p2", "LE BIHAN", "Erwan", "1990-06-02")},
        {
            "resource": _observation(
                "https://fhir.example/Patient/p2", "Sérologie VIH", "laboratory"
            )
        },
        {
            "resource": {
                "resourceType": "Encounter",
                "subject": {"reference": "urn:uuid:aaaa"},
                "serviceType": {"text": "Psychiatrie adulte"},
            }
        },  # fmt: skip
        {"resource": _observation("Patient/elsewhere", "Glycémie", "laboratory")},
    ],
}


def test_each_resource_goes_to_its_subject_and_no_one_else() -> None:
    parts = extract_json(json.dumps(BUNDLE).encode(), ScanSettings(workers=1))
    records = [dict(row.cells) for row in parts.rows]
    assert len(records) == 3  # two patients, and the observation of no patient here
    assert "Lithémie" in records[0]["clinique"] and "Psychiatrie" in records[0]["clinique"]
    assert "VIH" in records[1]["clinique"] and "Lithémie" not in records[1]["clinique"]
    assert "14334-7" not in records[0]["clinique"]
    document = ExtractedDocument(
        "bundle.json", "b" * 64, FileKind.JSON, ReadStatus.READ, rows=parts.rows
    )
    settings = ScanSettings(workers=1, use_ner=False)
    findings = detect_document(document, DetectionContext(NameIndex.build(PEOPLE), settings, TODAY))
    categories = {m.family_name: m.categories for m in group_mentions(findings, document)}
    assert {Category.LABORATORY, Category.MENTAL_HEALTH} <= categories["KERGOAT"]
    assert Category.SEXUAL_HEALTH not in categories["KERGOAT"]
    assert {Category.LABORATORY, Category.SEXUAL_HEALTH} <= categories["LE BIHAN"]
