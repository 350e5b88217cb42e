"""A wrong letter is the worst outcome: a row whose own sex, age or birth date contradicts
a registry patient never notifies that patient; a row giving its tie to the patient is a
relative's, not a namesake patient's."""

from __future__ import annotations

from datetime import date

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import ExtractedDocument, TableRow
from leakmap.extract.hl7 import extract_hl7
from leakmap.group.grouping import group_mentions
from leakmap.link.attribution import Candidate
from leakmap.link.linker import contradicted, link_mentions
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Decision, FileKind, ReadStatus
from leakmap.walk.sniff import sniff_content

TODAY = date(2026, 11, 29)
PEOPLE = [
    Patient("10000001", "KERGOAT", "", "Yvonne", date(1948, 3, 7), "F", *[""] * 6),
    Patient("10000002", "GUILLOU", "", "Hervé", date(2004, 1, 30), "M", *[""] * 6),
    Patient("10000003", "LE BIHAN", "", "Camille", date(1990, 6, 2), "F", *[""] * 6),
]


def _decisions(headers: tuple[str, ...], *rows: tuple[str, ...]) -> dict[str, Decision | None]:
    table = tuple(
        TableRow("liste", i, tuple(zip(headers, row, strict=True))) for i, row in enumerate(rows, 1)
    )
    document = ExtractedDocument("liste.csv", "a" * 64, FileKind.CSV, ReadStatus.READ, rows=table)
    return _link(document)


def _link(document: ExtractedDocument) -> dict[str, Decision | None]:
    settings = ScanSettings(workers=1, use_ner=False)
    findings = detect_document(document, DetectionContext(NameIndex.build(PEOPLE), settings, TODAY))
    found = link_mentions(
        group_mentions(findings, document), RegistryIndex.build(PEOPLE), settings, today=TODAY
    )
    return {a.mention.family_name: a.decision for a in found if a.patient_id}


def test_a_row_of_the_other_sex_is_never_notified() -> None:
    decisions = _decisions(
        ("Nom", "Prénom", "Né(e) le", "Sexe", "Motif"),
        ("KERGOAT", "Yvonne", "07/03/1948", "F", "Chute"),
        ("LE BIHAN", "Camille", "02/06/1990", "M", "Colique néphrétique"),
    )
    assert decisions["KERGOAT"] is Decision.NOTIFY
    assert decisions.get("LE BIHAN") is not Decision.NOTIFY


def test_a_row_whose_age_contradicts_is_never_notified() -> None:
    decisions = _decisions(
        ("Nom", "Prénom", "Âge", "Date RDV"),
        ("GUILLOU", "Hervé", "61", "12/05/2022"),  # the registry's Hervé was 18 then
        ("KERGOAT", "Yvonne", "74", "12/05/2022"),
    )
    assert decisions.get("GUILLOU") is not Decision.NOTIFY
    assert decisions["KERGOAT"] is not None


def test_a_row_whose_birth_date_contradicts_is_never_notified_even_with_its_ipp() -> None:
    decisions = _decisions(
        ("IPP", "Nom", "Prénom", "DDN"),
        ("10000002", "GUILLOU", "Hervé", "14/09/1961"),
    )
    assert decisions.get("GUILLOU") is not Decision.NOTIFY


def test_an_hl7_next_of_kin_is_a_relative_not_a_namesake_patient() -> None:
    message = "\r".join(
        [
            "MSH|^~\\&|DPI|CHU|PAM|CHU|20220512093000||ADT^A01|M1|P|2.5",
            "PID|||10000002^^^CHU^PI||GUILLOU^Hervé||20040130|M",
            "NK1|1|KERGOAT^Yvonne|MTH^Mère|^^Brest^^29200|^PRN^PH^^^^^^^^^0600000000",
        ]
    ).encode("latin-1")  # a Latin-1 feed: its accents make no binary
    assert sniff_content(message) is FileKind.HL7
    parts = extract_hl7(message, ScanSettings(workers=1))
    document = ExtractedDocument(
        "adt.hl7", "b" * 64, FileKind.HL7, ReadStatus.READ, rows=parts.rows
    )
    assert _link(document) == {"GUILLOU": Decision.NOTIFY}


def test_an_age_beside_an_agreeing_birth_date_vetoes_nothing() -> None:
    """A birth date outweighs an age, which in running text is often someone else's; the
    age still weighs, it just does not forbid the letter by itself."""
    weighed = ("family_name:exact", "given_names:exact")
    assert not contradicted(
        Candidate("1", 1.0, 30.0, (*weighed, "birth_date:exact", "age:disagree"))
    )
    assert contradicted(Candidate("1", 1.0, 30.0, (*weighed, "age:disagree")))
    assert contradicted(Candidate("1", 1.0, 30.0, (*weighed, "birth_date:exact", "sex:disagree")))
