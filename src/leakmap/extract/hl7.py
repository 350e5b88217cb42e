"""HL7 v2 messages (ADT, ORU, ORM…) → patient and relative rows, results as text.

A message names its patient in the PID segment and relatives in NK1 segments: each
becomes a ``TableRow`` under the column headers detection already reads (``IPP``,
``NOM``, ``PRENOM``, ``DDN``, ``NIR``...), so a feed of 300 admissions gives 300 person
rows. The INS found in PID-3 (under its OID or type) is the patient's NIR. Orders and
results (OBR, OBX, NTE, DG1...) are the health part: one text line each. Segments are
split by ``hl7_segments`` with the separators each message declares in its MSH, and any
segment break (CR, LF, CRLF, MLLP framing).
"""

from __future__ import annotations

import re

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.encoding import decode_text
from leakmap.extract.hl7_segments import Segment, Separators, is_header, pid_fields
from leakmap.extract.parts import ExtractedParts
from leakmap.settings import ScanSettings

PATIENT_SHEET = "PID"
RELATIVE_SHEET = "NK1"
_SEGMENT_BREAK = re.compile(r"\r\n|\r|\n|\x0b|\x1c")
_TEXT_SEGMENTS = frozenset({"OBR", "OBX", "NTE", "DG1", "PV1", "PV2", "ORC", "AL1", "PR1", "ZBE"})
_HL7_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})")


def extract_hl7(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """PID and NK1 segments as rows; OBR/OBX/PV1/DG1 and similar in their patient's row.

    A message is about the patient of its PID: the visit (PV1's ward "Maladies
    infectieuses - CeGIDD"), orders, results and diagnoses after it are that patient's,
    so they go in the PID row's ``CLINIQUE`` cell. A feed of 40 admissions no longer
    gives every patient the wards of all 40. Segments before any PID stay text.
    """
    rows: list[list[object]] = []  # [sheet, cells, clinical lines]
    lines: list[str] = []
    seps = Separators()
    patient: list[object] | None = None
    for raw in _SEGMENT_BREAK.split(decode_text(data)):
        if not raw.strip():
            continue
        if is_header(raw):
            seps, patient = Separators.of(raw), None
        segment = Segment(raw, seps)
        if segment.kind == "PID":
            patient = [PATIENT_SHEET, patient_cells(segment), []]
            rows.append(patient)
        elif segment.kind == "NK1":
            rows.append([RELATIVE_SHEET, relative_cells(segment), []])
        elif segment.kind in _TEXT_SEGMENTS and (text := segment.text()):
            (patient[2] if patient is not None else lines).append(text)  # type: ignore[union-attr]
    table = tuple(
        TableRow(
            sheet, number, (*cells, (CLINICAL_CELL, " / ".join(clinical))) if clinical else cells
        )  # type: ignore[arg-type]
        for number, (sheet, cells, clinical) in enumerate(rows, start=1)
    )
    blocks = (TextBlock(1, "\n".join(lines)),) if lines else ()
    return ExtractedParts(blocks=blocks, rows=table)


#: The header of a patient row's visits, orders, results and diagnoses.
CLINICAL_CELL = "CLINIQUE"


def patient_cells(pid: Segment) -> tuple[tuple[str, str], ...]:
    """The patient's identity from a PID segment, under French column headers."""
    fields = pid_fields(pid)
    return (
        ("IPP", fields["patient_id"]),
        ("NOM", fields["family_name"]),
        ("PRENOM", fields["given_names"]),
        ("NOM DE NAISSANCE", fields["birth_name"]),
        ("DDN", hl7_date(fields["birth_date"])),
        ("SEXE", fields["sex"]),
        ("ADRESSE", fields["address"]),
        ("CP", fields["postcode"]),
        ("VILLE", fields["city"]),
        ("TEL", fields["phone"]),
        ("EMAIL", fields["email"]),
        ("NIR", fields["nir"]),
    )


def relative_cells(nk1: Segment) -> tuple[tuple[str, str], ...]:
    """A relative or contact from an NK1 segment: name, relationship, address, phone."""
    name, relation, address = nk1.first(2), nk1.first(3), nk1.first(4)
    return (
        ("NOM", nk1.part(name, 0)),
        ("PRENOM", nk1.part(name, 1)),
        ("LIEN", nk1.part(relation, 1) or nk1.part(relation, 0)),
        ("ADRESSE", nk1.part(address, 0)),
        ("CP", nk1.part(address, 4)),
        ("VILLE", nk1.part(address, 2)),
        ("TEL", nk1.part(nk1.first(5), 11) or nk1.part(nk1.first(5), 0)),
    )


def hl7_date(value: str) -> str:
    """``YYYYMMDD[hhmm]`` as ``DD/MM/YYYY``, the way French documents write dates."""
    match = _HL7_DATE.match(value.strip())
    return f"{match[3]}/{match[2]}/{match[1]}" if match else value.strip()
