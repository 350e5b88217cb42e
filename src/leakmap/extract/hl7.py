"""HL7 v2 messages (ADT, ORU, ORM) → patient and relative rows, results as text.

A message names its patient in the PID segment and relatives in NK1 segments: each
becomes a ``TableRow`` under the column headers detection already reads (``IPP``,
``NOM``, ``PRENOM``, ``DDN``...), so a feed of 300 admissions gives 300 person rows.
Orders and results (OBR, OBX, NTE) are the health part: one text line each. Segments are
split by hand (``\\r``-separated, ``|`` fields, ``^`` components, ``~`` repetitions), which
also reads the truncated and non-conformant messages a dump is full of.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.encoding import decode_text
from leakmap.extract.parts import ExtractedParts
from leakmap.settings import ScanSettings

PATIENT_SHEET = "PID"
RELATIVE_SHEET = "NK1"
_SEGMENT_BREAK = re.compile(r"\r\n|\r|\n")
_TEXT_SEGMENTS = frozenset({"OBR", "OBX", "NTE", "DG1", "PV1", "ORC"})
_HL7_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})")
#: PID-5 name type codes: ``L`` is the birth (legal) name in French IHE PAM profiles.
_BIRTH_NAME_TYPE = "L"


def extract_hl7(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """PID and NK1 segments as rows; OBR/OBX/NTE and similar as text lines."""
    rows: list[TableRow] = []
    lines: list[str] = []
    for segment in _SEGMENT_BREAK.split(decode_text(data)):
        fields = segment.split("|")
        kind = fields[0].strip()
        if kind == "PID":
            rows.append(TableRow(PATIENT_SHEET, len(rows) + 1, patient_cells(fields)))
        elif kind == "NK1":
            rows.append(TableRow(RELATIVE_SHEET, len(rows) + 1, relative_cells(fields)))
        elif kind in _TEXT_SEGMENTS:
            lines.append(_segment_text(fields))
    blocks = (TextBlock(1, "\n".join(line for line in lines if line)),) if lines else ()
    return ExtractedParts(blocks=blocks, rows=tuple(rows))


def patient_cells(fields: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The patient's identity from a PID segment, under French column headers."""
    names = [_components(rep) for rep in _field(fields, 5).split("~") if rep]
    usual = next((n for n in names if _at(n, 6) != _BIRTH_NAME_TYPE), names[0] if names else [])
    birth = next((n for n in names if _at(n, 6) == _BIRTH_NAME_TYPE), [])
    address = _components(_field(fields, 11).split("~")[0])
    return (
        ("IPP", _patient_id(_field(fields, 3)) or _at(_components(_field(fields, 2)), 0)),
        ("NOM", _at(usual, 0)),
        ("PRENOM", " ".join(p for p in (_at(usual, 1), _at(usual, 2)) if p)),
        ("NOM DE NAISSANCE", _at(birth, 0) if birth and birth is not usual else ""),
        ("DDN", hl7_date(_field(fields, 7))),
        ("SEXE", _field(fields, 8)),
        ("ADRESSE", " ".join(p for p in (_at(address, 0), _at(address, 1)) if p)),
        ("CP", _at(address, 4)),
        ("VILLE", _at(address, 2)),
        ("TEL", _at(_components(_field(fields, 13).split("~")[0]), 0)),
        ("NIR", _field(fields, 19)),
    )


def relative_cells(fields: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """A relative or contact from an NK1 segment: name, relationship, address, phone."""
    name = _components(_field(fields, 2).split("~")[0])
    address = _components(_field(fields, 4).split("~")[0])
    return (
        ("NOM", _at(name, 0)),
        ("PRENOM", _at(name, 1)),
        ("LIEN", _at(_components(_field(fields, 3)), 1) or _at(_components(_field(fields, 3)), 0)),
        ("ADRESSE", _at(address, 0)),
        ("CP", _at(address, 4)),
        ("VILLE", _at(address, 2)),
        ("TEL", _at(_components(_field(fields, 5).split("~")[0]), 0)),
    )


def hl7_date(value: str) -> str:
    """``YYYYMMDD[hhmm]`` as ``DD/MM/YYYY``, the way French documents write dates."""
    match = _HL7_DATE.match(value.strip())
    return f"{match[3]}/{match[2]}/{match[1]}" if match else value.strip()


def _patient_id(field: str) -> str:
    """The first PID-3 identifier typed ``PI`` (the IPP), else the first one."""
    ids = [_components(rep) for rep in field.split("~") if rep]
    chosen = next((i for i in ids if _at(i, 4) == "PI"), ids[0] if ids else [])
    return _at(chosen, 0)


def _segment_text(fields: Sequence[str]) -> str:
    values = (" ".join(c for c in _components(f) if c) for f in fields[2:])
    return f"{fields[0]} " + " ; ".join(v for v in values if v)


def _field(fields: Sequence[str], number: int) -> str:
    return fields[number] if number < len(fields) else ""


def _components(field: str) -> list[str]:
    return [part.replace("\\S\\", "^").replace("\\T\\", "&") for part in field.split("^")]


def _at(parts: Sequence[str], index: int) -> str:
    return parts[index].strip() if index < len(parts) else ""
