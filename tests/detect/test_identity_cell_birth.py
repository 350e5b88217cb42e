"""An identity cell that holds the birth date ("MOREAU Renée (08/01/1934)"): the name is
what comes before the date and its marker; the "née" ending a given name is no marker."""

from __future__ import annotations

from datetime import date

import pytest

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument, TableRow
from leakmap.group.grouping import group_mentions
from leakmap.link.registry import Patient
from leakmap.settings import ScanSettings
from leakmap.vocabulary import FileKind, ReadStatus

TODAY = date(2026, 11, 29)
PEOPLE = [
    Patient("41000001", "MOREAU", "", "Renée", date(1934, 1, 8), "F", *[""] * 6),
    Patient("41000002", "LE GALL", "", "Daphnée", date(1990, 6, 2), "F", *[""] * 6),
    Patient("41000003", "RIOU", "", "Marie", date(1965, 3, 12), "F", *[""] * 6),
]


@pytest.mark.parametrize(
    ("cell", "family", "given", "birth"),
    [
        ("MOREAU Renée (08/01/1934)", "MOREAU", "Renée", date(1934, 1, 8)),
        ("LE GALL Daphnée 02/06/1990", "LE GALL", "Daphnée", date(1990, 6, 2)),
        ("RIOU Marie née le 12/03/1965", "RIOU", "Marie", date(1965, 3, 12)),
        ("RIOU Marie, née 12/03/1965", "RIOU", "Marie", date(1965, 3, 12)),
    ],
)
def test_the_name_before_the_birth_date_keeps_its_given_name(
    cell: str, family: str, given: str, birth: date
) -> None:
    row = TableRow("lun 12-05", 1, (("Heure", "08:30"), ("Patient", cell), ("Motif", "Suivi")))
    document = ExtractedDocument("planning.xlsx", "d" * 64, FileKind.XLSX, ReadStatus.READ, rows=(row,))  # fmt: skip
    settings = ScanSettings(workers=1, use_ner=False)
    findings = detect_document(document, DetectionContext(NameIndex.build(PEOPLE), settings, TODAY))
    (mention,) = [m for m in group_mentions(findings, document) if m.family_name]
    assert (mention.family_name, mention.given_names, mention.birth_date) == (family, given, birth)
