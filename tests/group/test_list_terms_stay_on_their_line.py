"""A list's line terms are its person's: an export whose first page is read as a text
list and the rest as table rows must not give every row's person the first page's
motives (one "CHIMIOTHERAPIE" line made every patient of the file a cancer patient)."""

from __future__ import annotations

from datetime import date

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument, TableRow, TextBlock
from leakmap.group.grouping import group_mentions
from leakmap.link.registry import Patient
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Category, FileKind, ReadStatus

TODAY = date(2026, 11, 29)
LINES = (
    ("THOMAS", "ANNE", "15.03.48", "48296151", "MALAISE"),
    ("GIRAUD", "MARIE", "16.01.80", "42552384", "IDEES SUICIDAIRES"),
    ("LE FLOCH", "STEPHANE", "30.09.78", "27005790", "CHIMIOTHERAPIE J8"),
    ("ROBIN", "MATHILDE", "19.10.47", "18196711", "AES - EXPOSITION VIH"),
    ("BARON", "MARINE", "05.03.04", "13334053", "TRAUMATISME CHEVILLE"),
)
PEOPLE = [
    Patient(
        ipp,
        family,
        "",
        given.title(),
        date(int(d[6:]) + (1900 if int(d[6:]) > 10 else 2000), int(d[3:5]), int(d[:2])),
        "",
        *[""] * 6,
    )  # fmt: skip
    for family, given, d, ipp, _ in LINES
] + [Patient("05972242", "JOLY", "", "Léa", date(2012, 8, 18), "F", *[""] * 6)]


def test_a_row_person_does_not_take_the_motives_of_the_text_lists_lines() -> None:
    header = "CH KERVAL   PASSAGES URGENCES        EDITE LE 18.10.22   PAGE    1\n" + "-" * 60
    lines = [f"10:00  {f} {g:<28}{d}  {ipp}  {motive}" for f, g, d, ipp, motive in LINES]
    row = TableRow("table1", 1, (("HEURE", "13:45"), ("NOM PRENOM", "JOLY LEA"), ("NE LE", "18.08.12"), ("IPP", "05972242"), ("MOTIF", "FIEVRE")))  # fmt: skip
    document = ExtractedDocument(
        "LST221018.TXT", "f" * 64, FileKind.TXT, ReadStatus.READ,
        blocks=(TextBlock(1, header + "\n" + "\n".join(lines)),), rows=(row,),
    )  # fmt: skip
    settings = ScanSettings(workers=1, use_ner=False)
    findings = detect_document(document, DetectionContext(NameIndex.build(PEOPLE), settings, TODAY))
    by_family = {m.family_name: m.categories for m in group_mentions(findings, document)}
    assert Category.ONCOLOGY in by_family["LE FLOCH"]
    assert Category.MENTAL_HEALTH in by_family["GIRAUD"]
    assert Category.SEXUAL_HEALTH not in by_family["GIRAUD"]
    joly = by_family["JOLY"]
    assert Category.HEALTH in joly  # an emergency list: a hospital patient
    assert not joly & {Category.ONCOLOGY, Category.MENTAL_HEALTH, Category.SEXUAL_HEALTH}
