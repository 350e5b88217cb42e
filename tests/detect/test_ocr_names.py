"""Names OCR wrote with digits for letters ("MART1N", "R0UX") are found and linked."""

from __future__ import annotations

from datetime import date

import pytest

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.detect.ocr_mend import mend_ocr_digits
from leakmap.extract.document import ExtractedDocument, TextBlock
from leakmap.group.grouping import group_mentions
from leakmap.link.comparisons import compare_family
from leakmap.link.linker import link_mentions
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Decision, FileKind, ReadStatus

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    ("read", "mended"),
    [
        ("Patient : MART1N Noémi", "Patient : MARTIN Noémi"),
        ("R0UX Daniel, THOMA5 Yvette", "ROUX Daniel, THOMAS Yvette"),
        ("Mme Made1eine PET1T", "Mme Madeleine PETIT"),
        # Codes, dates, addresses and files keep their digits.
        ("pT1 N0 B12 COVID-19 le 07/03/1948, 29000", "pT1 N0 B12 COVID-19 le 07/03/1948, 29000"),
        ("jean.dupont1@exemple.fr R0UX_cr.pdf", "jean.dupont1@exemple.fr R0UX_cr.pdf"),
        ("1ère consultation", "1ère consultation"),
    ],
)
def test_digits_read_for_letters_inside_words_are_mended(read: str, mended: str) -> None:
    assert mend_ocr_digits(read) == mended


def test_a_name_ocr_misread_with_digits_is_found_and_linked() -> None:
    people = [
        Patient("10000001", "ROUX", "", "Daniel", date(1945, 8, 1), "M", *[""] * 6),
        Patient("10000002", "SIMON", "", "Pierre", date(1958, 4, 3), "M", *[""] * 6),
        Patient("10000003", "MARTIN", "", "Thomas", date(1995, 7, 21), "M", *[""] * 6),
    ]
    text = (
        "Compte rendu d'examen\nPatient : R0UX Daniel\nNé le : 01/08/1945\n\n"
        "Patient : S1MON Pierre né le 03/04/1958\nPatient : MARTIN Thornas né le 21/07/1995\n"
    )
    document = ExtractedDocument(
        "scan.pdf", "c" * 64, FileKind.PDF, ReadStatus.READ, pages=1,
        blocks=(TextBlock(1, text, ocr=True),),
    )  # fmt: skip
    findings = detect_document(
        document, DetectionContext(NameIndex.build(people), ScanSettings(), TODAY)
    )
    assert [(n.family_name, n.given_names) for n in findings.names] == [
        ("ROUX", "Daniel"), ("SIMON", "Pierre"), ("MARTIN", "Thornas")
    ]  # fmt: skip
    found = link_mentions(
        group_mentions(findings), RegistryIndex.build(people), ScanSettings(), today=TODAY
    )
    assert [(a.patient_id, a.decision) for a in found] == [
        ("10000001", Decision.NOTIFY), ("10000002", Decision.NOTIFY), ("10000003", Decision.NOTIFY)
    ]  # fmt: skip
    assert compare_family(frozenset({"LEROY"}), frozenset({"1EROY"})) == "close"


def test_clinical_words_ocr_misread_are_read_in_scans_only() -> None:
    """A scan's "CoIoscopie" (I for l) and "carc1nome" are a colonoscopy and a carcinoma;
    a typed text is taken as it is written."""
    text = "Compte rendu de CoIoscopie : carc1nome infiltrant.\n"
    found = {}
    for ocr in (True, False):
        document = ExtractedDocument(
            "cr.pdf", "e" * 64, FileKind.PDF, ReadStatus.READ, pages=1,
            blocks=(TextBlock(1, text, ocr=ocr),),
        )  # fmt: skip
        context = DetectionContext(NameIndex.build([]), ScanSettings(use_ner=False), TODAY)
        found[ocr] = {e.term for e in detect_document(document, context).health}
    assert {"COLOSCOPIE", "CARCINOME"} <= found[True]
    assert not {"COLOSCOPIE", "CARCINOME"} & found[False]
