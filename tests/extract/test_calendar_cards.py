"""An agenda exported as iCalendar and an address book as vCards: one row per event or
card, each event's reason its own patient's."""

from __future__ import annotations

from datetime import date

from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.calendar_cards import extract_calendar_or_cards
from leakmap.extract.document import ExtractedDocument
from leakmap.group.grouping import group_mentions
from leakmap.link.linker import link_mentions
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Category, Decision, FileKind, ReadStatus
from leakmap.walk.sniff import sniff_content

TODAY = date(2026, 11, 29)
PEOPLE = [
    Patient("31004417", "KERGOAT", "", "Yvonne", date(1948, 3, 7), "F", *[""] * 6),
    Patient("31004588", "LE BIHAN", "", "Erwan", date(1990, 6, 2), "M", *[""] * 6),
    *(Patient(f"3100500{n}", family, "", given, date(1960 + n, 1, 2), "F", *[""] * 6)
      for n, (family, given) in enumerate([("RIOU", "Anne"), ("TANGUY", "Julie"), ("LE GALL", "Camille"),
                                           ("MORVAN", "Léa"), ("CADIOU", "Nolwenn"), ("LE ROUX", "Marie")])),
]  # fmt: skip
AGENDA = "\r\n".join(
    [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Agenda secrétariat//FR",
        "BEGIN:VEVENT", "DTSTART:20220512T083000", "SUMMARY:Consultation KERGOAT Yvonne (07/03/1948)",
        " - suivi lithémie", "ORGANIZER;CN=\"Dr LE GOFF\":mailto:legoff@chu.example", "END:VEVENT",
        "BEGIN:VEVENT", "DTSTART:20220512T090000", "SUMMARY:LE BIHAN Erwan - résultat sérologie VIH",
        "DESCRIPTION:Rappeler le patient\\, IPP 31004588", "END:VEVENT",
        "END:VCALENDAR",
    ]
)  # fmt: skip
CARDS = "\n".join(
    ["BEGIN:VCARD", "VERSION:3.0", "N:KERGOAT;Yvonne;;;", "FN:Yvonne KERGOAT", "BDAY:1948-03-07",
     "TEL;TYPE=CELL:06 12 34 56 78", "ADR;TYPE=HOME:;;12 rue de Siam;Brest;;29200;France", "END:VCARD"]
)  # fmt: skip
SETTINGS = ScanSettings(workers=1, use_ner=False)


def _mentions(data: bytes, kind: FileKind) -> dict[str, object]:
    parts = extract_calendar_or_cards(data, SETTINGS)
    document = ExtractedDocument("agenda", "c" * 64, kind, ReadStatus.READ, rows=parts.rows)
    findings = detect_document(document, DetectionContext(NameIndex.build(PEOPLE), SETTINGS, TODAY))
    mentions = group_mentions(findings, document)
    found = link_mentions(mentions, RegistryIndex.build(PEOPLE), SETTINGS, today=TODAY)
    return {a.patient_id: a for a in found if a.patient_id}


def test_an_agenda_gives_each_event_its_own_patient_and_reason() -> None:
    assert sniff_content(AGENDA.encode()) is FileKind.ICS
    rows = extract_calendar_or_cards(AGENDA.encode(), SETTINGS).rows
    first = dict(rows[0].cells)
    assert first["DATE"] == "12/05/2022" and "suivi lithémie" in first["OBJET"]
    assert first["MEDECIN"] == "Dr LE GOFF"  # the organiser by name, not by address
    found = _mentions(AGENDA.encode(), FileKind.ICS)
    assert {k: a.decision for k, a in found.items()} == {
        "31004417": Decision.NOTIFY, "31004588": Decision.NOTIFY
    }  # fmt: skip
    assert Category.MENTAL_HEALTH in found["31004417"].mention.categories
    assert Category.SEXUAL_HEALTH not in found["31004417"].mention.categories
    assert Category.SEXUAL_HEALTH in found["31004588"].mention.categories
    assert Category.EMAIL not in found["31004417"].mention.categories


def test_a_vcard_is_a_person_with_a_birth_date_and_an_address() -> None:
    assert sniff_content(CARDS.encode()) is FileKind.VCF
    (row,) = extract_calendar_or_cards(CARDS.encode(), SETTINGS).rows
    cells = dict(row.cells)
    assert (cells["NOM"], cells["PRENOM"], cells["DDN"]) == ("KERGOAT", "Yvonne", "07/03/1948")
    assert (cells["CP"], cells["VILLE"], cells["TEL"]) == ("29200", "Brest", "06 12 34 56 78")
    found = _mentions(CARDS.encode(), FileKind.VCF)
    assert found["31004417"].decision is Decision.NOTIFY
    assert found["31004417"].mention.birth_date == date(1948, 3, 7)
