"""Read a registry of HL7 v2 ADT messages (A01, A04, A08, A28, A31…), streamed.

A patient-index extract is often a file of ADT messages: each message's PID segment
describes one patient, and a later message about the same IPP (an A08 update) replaces
the earlier one. Messages are read one at a time, whatever separates them (CR, LF, MLLP
framing bytes). The PID fields used:

- PID-3 identifiers (repeating ``id^^^authority^type``): the IPP is the one whose assigning
  authority is the mapping's ``[hl7] ipp_authority``, else the first typed ``PI``, else
  the first; the NIR is the one typed ``NH`` or ``INS`` or under an INS OID;
- PID-5 names (repeating ``family^given^more given^^^^type``): ``D`` (usual, as the French
  PAM profile writes the name in use) else ``L`` (legal) is the family name, ``M``
  (maiden) or else ``L`` the birth name;
- PID-7 birth date (``YYYYMMDD…``), PID-8 sex, PID-11 address, PID-13 phone and e-mail.

The segments are parsed by ``extract.hl7_segments`` (separators as MSH-1 and MSH-2
declare them, the standard escapes), the same parser that reads leaked feeds; messages
are read one at a time, which keeps memory bounded whatever the file size.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from leakmap.extract.hl7_segments import Segment, Separators, pid_fields
from leakmap.i18n import _
from leakmap.link.registry import Patient
from leakmap.link.registry_fields import SharedValues, patient_of
from leakmap.link.registry_problems import RegistryProblems

_FRAMING = str.maketrans({"\x0b": "\r", "\x1c": "\r"})


def read_hl7_registry(path: Path, *, ipp_authority: str = "") -> list[Patient]:
    """Every patient of a file of ADT messages (the last message about an IPP wins)."""
    problems = RegistryProblems(path.name)
    by_id: dict[str, Patient] = {}
    shared = SharedValues()
    for number, segments in enumerate(_messages(path), start=1):
        where = _("message {number}").format(number=number)
        pid = next((s for s in segments if s.startswith("PID")), None)
        if pid is None:
            continue
        fields = pid_fields(Segment(pid, Separators.of(segments[0])), ipp_authority)
        patient = patient_of(
            fields, where, problems, parse_date=_hl7_date, date_hint="YYYYMMDD", shared=shared
        )
        if patient is not None:
            by_id[patient.patient_id] = patient
        if problems.too_many:
            break
    if not by_id and not problems.messages:
        problems.add_file(_("holds no message with a PID segment; give ADT messages"))
    problems.raise_if_any()
    return list(by_id.values())


def looks_like_hl7(path: Path) -> bool:
    """Whether the file starts with an HL7 v2 message header (MLLP framing allowed)."""
    with path.open("rb") as handle:
        start = handle.read(16).lstrip(b"\x0b\r\n \t\xef\xbb\xbf")
    return start.startswith(b"MSH")


def _messages(path: Path) -> Iterator[list[str]]:
    """The segments of each message, one message at a time."""
    segments: list[str] = []
    with path.open("rb") as handle:
        for raw in handle:
            text = _decode(raw).translate(_FRAMING)
            for segment in text.split("\r"):
                segment = segment.strip("\n")
                if not segment.strip():
                    continue
                if segment.startswith("MSH") and segments:
                    yield segments
                    segments = []
                if segments or segment.startswith("MSH"):
                    segments.append(segment)
    if segments:
        yield segments


def _decode(raw: bytes) -> str:
    """UTF-8, else Latin-1 (French systems often send ISO 8859-1)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _hl7_date(text: str) -> date:
    """An HL7 date (``YYYYMMDD``); ``ValueError`` when it is not a whole day."""
    if len(text) != len("YYYYMMDD") or not text.isdigit():
        raise ValueError("not YYYYMMDD")
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))
