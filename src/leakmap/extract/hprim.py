"""HPRIM Santé and ASTM E1394 lab records → one row per patient, with its results.

French laboratory systems exchange results as HPRIM Santé files (``.hpr``): lines of
records, each opened by its type, ``H|`` for the header, ``P|`` for a patient, then
``OBR|``/``OBX|`` (HPRIM 2.x) or ``O|``/``R|`` (ASTM E1394, which HPRIM derives from and
analysers still write) for orders and results, ``C|`` comments, ``A|`` continuations of
the record above, ``L|`` the end. The header declares the separators: ``H|~^\\&|`` in
HPRIM (repetition, component, escape, sub-component), ``H|\\^&|`` in ASTM (repetition,
component, escape).

The patient record's fields (ASTM E1394 §8, counted with the record type as field 1): 3
the requester's patient id (the hospital's IPP), 4 the laboratory's own number, 5 a third
id, 6 the name (``NOM^Prénom^^^Civilité``), 7 the birth (maiden) name, 8 the birth date
(``YYYYMMDD[hhmm]``), 9 the sex, 11 the address, 13 the phone, 14 the attending
physician. Each patient becomes one ``TableRow`` under the headers detection reads for HL7
(``IPP``, ``NOM``, ``PRENOM``, ``DDN``...); the results that follow it, up to the next
patient, go in its row's ``RESULTATS`` cell, so that a file of thirty patients gives each
its own analyses, not the whole file's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.encoding import decode_text
from leakmap.extract.hl7 import hl7_date
from leakmap.extract.hl7_segments import Segment, Separators
from leakmap.extract.parts import ExtractedParts
from leakmap.settings import ScanSettings

PATIENT_SHEET = "P"
#: The header record: ``H``, a field separator, 3 or 4 encoding characters, the separator.
HEADER = re.compile(r"^H([^A-Za-z0-9\s])([^A-Za-z0-9\s]{3,4})\1")
_RECORD_BREAK = re.compile(r"\r\n|\r|\n")
#: Records that carry what was asked and found for the patient above them.
_RESULT_RECORDS = frozenset({"OBR", "OBX", "O", "R", "C", "AP", "AC"})
_POSTCODE = re.compile(r"^\d{5}$")


def separators_of(header: str) -> Separators:
    """The separators an ``H`` record declares (HPRIM's ``~^\\&``, ASTM's ``\\^&``)."""
    match = HEADER.match(header)
    if match is None:
        return Separators()
    field_sep, characters = match[1], match[2]
    if len(characters) == 4:  # noqa: PLR2004  HPRIM: repetition, component, escape, sub
        return Separators(field_sep, characters[1], characters[0], characters[2], characters[3])
    # ASTM: repetition, component, escape; no sub-component (one nobody writes stands in).
    return Separators(field_sep, characters[1], characters[0], characters[2], "\x00")


@dataclass(slots=True)
class _Patient:
    record: Segment
    results: list[str] = field(default_factory=list)


def extract_hprim(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """One row per ``P`` record, its results in the row; what no patient owns as text."""
    seps = Separators()
    patients: list[_Patient] = []
    loose: list[str] = []
    last: list[str] | None = None
    for line in _RECORD_BREAK.split(decode_text(data)):
        if not line.strip():
            continue
        if HEADER.match(line):
            seps, last = separators_of(line), loose
            continue
        record = Segment(line, seps)
        if record.kind == "A" and last is not None and last:  # continues the line above
            last[-1] += " " + " ".join(record.fields[1:])
        elif record.kind == "P":
            patients.append(_Patient(record))
            last = None
        elif record.kind in _RESULT_RECORDS:
            owner = patients[-1].results if patients else loose
            owner.append(record.text())
            last = owner
        elif record.kind != "L":
            loose.append(record.text())
            last = loose
    rows = tuple(
        TableRow(PATIENT_SHEET, number, patient_cells(p.record, p.results))
        for number, p in enumerate(patients, start=1)
    )
    blocks = (TextBlock(1, "\n".join(loose)),) if loose else ()
    return ExtractedParts(blocks=blocks, rows=rows)


def patient_cells(record: Segment, results: list[str]) -> tuple[tuple[str, str], ...]:
    """The patient's identity from a ``P`` record, under French column headers."""
    name, address = record.first(5), record.first(10)
    street, postcode, city = _address(record, address)
    physician = record.first(13)
    return (
        ("IPP", record.part(record.first(2), 0)),
        ("N° LABORATOIRE", record.part(record.first(3), 0)),
        ("IDENTIFIANT 3", record.part(record.first(4), 0)),
        ("CIVILITE", record.part(name, 4)),
        ("NOM", record.part(name, 0)),
        ("PRENOM", " ".join(p for p in (record.part(name, 1), record.part(name, 2)) if p)),
        ("NOM DE NAISSANCE", record.part(record.first(6), 0)),
        ("DDN", hl7_date(record.part(record.first(7), 0))),
        ("SEXE", record.part(record.first(8), 0)),
        ("ADRESSE", street),
        ("CP", postcode),
        ("VILLE", city),
        ("TEL", record.part(record.first(12), 0)),
        ("MEDECIN", " ".join(p for p in (record.part(physician, i) for i in (1, 2)) if p)),
        ("RESULTATS", " / ".join(results)),
    )


def _address(record: Segment, components: list[str]) -> tuple[str, str, str]:
    """Street, postcode and city of an address field, whatever the order of its parts:
    ASTM writes ``street^city^state^zip``, HL7-minded vendors ``street^other^city^state^zip``;
    the postcode is the five-digit part, the city the last named part before it."""
    parts = [record.part(components, i) for i in range(len(components))]
    at = next((i for i, p in enumerate(parts) if _POSTCODE.match(p)), None)
    if at is None:
        return ", ".join(p for p in parts if p), "", ""
    city = next((p for p in reversed(parts[1:at]) if p and not p[0].isdigit()), "")
    street = ", ".join(p for p in parts[:at] if p and p != city)
    return street, parts[at], city
