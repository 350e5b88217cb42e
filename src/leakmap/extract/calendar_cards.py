"""iCalendar agendas (RFC 5545) and vCard contacts (RFC 6350) → one row per event or card.

A secretary's consultation agenda exported from a calendar program is an ``.ics`` of
events, each naming its patient in ``SUMMARY`` ("Consultation DUPONT Marie - suivi
grossesse") with its day in ``DTSTART``; an address book is a ``.vcf`` of cards with a
name (``N``), a birth date (``BDAY``), phones and addresses. Read as one text, every
patient of the agenda would share every event's reason; as rows, each event is its own
line of a list: its text read as that row's, its health kept to it.

Content lines are unfolded (a line starting with a space or tab continues the one
before), parameters dropped (``ATTENDEE;CN=...:mailto:...``: the value is after the
first colon outside quotes), and ``\\n``, ``\\,``, ``\\;`` unescaped.
"""

from __future__ import annotations

import re

from leakmap.extract.document import TableRow
from leakmap.extract.encoding import decode_text
from leakmap.extract.parts import ExtractedParts
from leakmap.settings import ScanSettings

EVENT_SHEET = "VEVENT"
CARD_SHEET = "VCARD"
_FOLD = re.compile(r"\r?\n[ \t]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")
#: An event's properties and the headers detection reads them under: the organiser is
#: a practitioner (staff), the rest is the event's text.
_EVENT_FIELDS = (
    ("DTSTART", "DATE"), ("SUMMARY", "OBJET"), ("DESCRIPTION", "NOTES"),
    ("LOCATION", "LIEU"), ("ATTENDEE", "PARTICIPANT"), ("ORGANIZER", "MEDECIN"),
)  # fmt: skip


def extract_calendar_or_cards(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Each ``VEVENT`` and each ``VCARD`` as a row; nothing else is personal."""
    rows: list[TableRow] = []
    component: dict[str, list[str]] | None = None
    kind = ""
    for name, value in _content_lines(decode_text(data)):
        if name == "BEGIN" and value.upper() in ("VEVENT", "VCARD"):
            component, kind = {}, value.upper()
        elif name == "END" and component is not None and value.upper() == kind:
            cells = _event_cells(component) if kind == "VEVENT" else _card_cells(component)
            sheet = EVENT_SHEET if kind == "VEVENT" else CARD_SHEET
            rows.append(TableRow(sheet, len(rows) + 1, cells))
            component = None
        elif component is not None:
            component.setdefault(name, []).append(value)
    return ExtractedParts(rows=tuple(rows))


def _content_lines(text: str) -> list[tuple[str, str]]:
    """(property name, value) of each unfolded line. An organiser's or attendee's value
    is their common name (``CN=``), never their address: those are the agenda's staff,
    and their e-mail is no patient's."""
    lines = []
    for line in _LINE_BREAK.split(_FOLD.sub("", text)):
        colon = _value_colon(line)
        if colon < 0:
            continue
        name, *params = line[:colon].split(";")
        name = name.strip().upper()
        value = _unescape(line[colon + 1 :].strip())
        if name in ("ORGANIZER", "ATTENDEE"):
            value = next((p.split("=", 1)[1].strip('"') for p in params if p.upper().startswith("CN=")), "")  # fmt: skip
        lines.append((name, value))
    return lines


def _value_colon(line: str) -> int:
    """The colon that starts the value: the first one outside a quoted parameter."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return index
    return -1


def _unescape(value: str) -> str:
    return (
        value.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";")
        .replace("\\\\", "\\")
    )  # fmt: skip


def _event_cells(event: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
    cells = []
    for prop, header in _EVENT_FIELDS:
        values = [_calendar_value(prop, v) for v in event.get(prop, [])]
        cells.append((header, " ; ".join(v for v in values if v)))
    return tuple(cells)


def _calendar_value(prop: str, value: str) -> str:
    return _day(value) if prop == "DTSTART" else " ".join(value.split())


def _card_cells(card: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
    family, given = "", ""
    if card.get("N"):
        parts = card["N"][0].split(";")
        family = parts[0].strip()
        given = " ".join(p.strip() for p in parts[1:3] if p.strip())
    if not family and card.get("FN"):
        return (("NOM PRENOM", card["FN"][0]), *_card_contacts(card))
    return (("NOM", family), ("PRENOM", given), *_card_contacts(card))


def _card_contacts(card: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
    street = postcode = city = ""
    if card.get("ADR"):
        parts = [*card["ADR"][0].split(";"), *[""] * 7]
        street, city, postcode = ", ".join(p for p in parts[:3] if p.strip()), parts[3], parts[5]
    return (
        ("DDN", _day(card.get("BDAY", [""])[0])),
        ("TEL", (card.get("TEL") or [""])[0].removeprefix("tel:")),
        ("EMAIL", (card.get("EMAIL") or [""])[0]),
        ("ADRESSE", street.strip()),
        ("CP", postcode.strip()),
        ("VILLE", city.strip()),
        ("NOTES", " ".join((card.get("NOTE") or [""])[0].split())),
    )


def _day(value: str) -> str:
    """``YYYYMMDD[THHMMSS]`` or ``YYYY-MM-DD`` as ``DD/MM/YYYY``."""
    match = _DATE.match(value.strip())
    return f"{match[3]}/{match[2]}/{match[1]}" if match else value.strip()
