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

The segment parsing is done here (fields ``|``, repetitions ``~``, components ``^``,
sub-components ``&`` as declared in MSH-2, with the standard escapes): it is small, and
it keeps memory bounded whatever the file size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from leakmap.link.registry import Patient
from leakmap.link.registry_fields import SharedValues, patient_of
from leakmap.link.registry_problems import RegistryProblems

_INS_OIDS = ("1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10")
_NIR_TYPES = ("NH", "INS", "INS-NIR")
_SEX = {"F": "F", "M": "M"}
_FRAMING = str.maketrans({"\x0b": "\r", "\x1c": "\r"})


@dataclass(frozen=True, slots=True)
class _Separators:
    """The encoding characters of a message (MSH-1 and MSH-2)."""

    field: str = "|"
    component: str = "^"
    repetition: str = "~"
    escape: str = "\\"
    subcomponent: str = "&"

    @classmethod
    def of(cls, msh: str) -> _Separators:
        """Read from the MSH segment's first characters."""
        characters = msh[4:8].ljust(4)
        return cls(msh[3], characters[0], characters[1], characters[2], characters[3])

    def unescape(self, text: str) -> str:
        """Resolve ``\\F\\``, ``\\S\\``, ``\\T\\``, ``\\R\\``, ``\\E\\`` and ``\\Xhh\\``."""
        if self.escape not in text:
            return text
        table = {"F": self.field, "S": self.component, "T": self.subcomponent,
                 "R": self.repetition, "E": self.escape}  # fmt: skip
        pattern = re.escape(self.escape) + r"([FSTRE]|X[0-9A-Fa-f]+)" + re.escape(self.escape)

        def replace(match: re.Match[str]) -> str:
            code = match.group(1)
            return table[code] if code in table else bytes.fromhex(code[1:]).decode("latin-1")

        return re.sub(pattern, replace, text)


def read_hl7_registry(path: Path, *, ipp_authority: str = "") -> list[Patient]:
    """Every patient of a file of ADT messages (the last message about an IPP wins)."""
    problems = RegistryProblems(path.name)
    by_id: dict[str, Patient] = {}
    shared = SharedValues()
    for number, segments in enumerate(_messages(path), start=1):
        where = f"message {number}"
        pid = next((s for s in segments if s.startswith("PID")), None)
        if pid is None:
            continue
        fields = _pid_fields(pid, _Separators.of(segments[0]), ipp_authority)
        patient = patient_of(
            fields, where, problems, parse_date=_hl7_date, date_hint="YYYYMMDD", shared=shared
        )
        if patient is not None:
            by_id[patient.patient_id] = patient
        if problems.too_many:
            break
    if not by_id and not problems.messages:
        problems.add_file("holds no message with a PID segment; give ADT messages")
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


class _Pid:
    """One PID segment, split on demand."""

    def __init__(self, segment: str, seps: _Separators) -> None:
        self.fields = segment.split(seps.field)
        self.seps = seps

    def repetitions(self, n: int) -> list[list[str]]:
        """The repetitions of PID-``n``, each split into components."""
        value = self.fields[n] if n < len(self.fields) else ""
        seps = self.seps
        return [r.split(seps.component) for r in value.split(seps.repetition) if r]

    def first(self, n: int) -> list[str]:
        """The first repetition of PID-``n`` (empty when absent)."""
        return (self.repetitions(n) or [[]])[0]

    def part(self, components: list[str], n: int) -> str:
        """Component ``n`` (0-based), its first sub-component, unescaped."""
        value = components[n] if n < len(components) else ""
        return self.seps.unescape(value.split(self.seps.subcomponent)[0])

    def is_nir(self, components: list[str]) -> bool:
        """An identifier typed as a NIR, or assigned by an INS authority."""
        authority = components[3] if len(components) > 3 else ""
        return self.part(components, 4) in _NIR_TYPES or any(
            oid in authority.split(self.seps.subcomponent) for oid in _INS_OIDS
        )

    def ipp(self, authority: str) -> str:
        """The IPP among the PID-3 identifiers (see the module docstring)."""
        ids = [i for i in self.repetitions(3) if not self.is_nir(i)]
        if authority:
            return next((self.part(i, 0) for i in ids if self.part(i, 3) == authority), "")
        typed = next((self.part(i, 0) for i in ids if self.part(i, 4) == "PI"), "")
        return typed or (self.part(ids[0], 0) if ids else "")


def _pid_fields(segment: str, seps: _Separators, ipp_authority: str) -> dict[str, str]:
    """The contract fields of one PID segment."""
    pid = _Pid(segment, seps)
    names = {pid.part(n, 6) or "L": n for n in reversed(pid.repetitions(5))}
    in_use = names.get("D") or names.get("L") or next(iter(names.values()), [])
    birth = names.get("M") or names.get("L") or []
    address = pid.first(11)
    phones = pid.repetitions(13)
    family, birth_name = pid.part(in_use, 0), pid.part(birth, 0)
    return {
        "patient_id": pid.ipp(ipp_authority),
        "nir": next((pid.part(i, 0) for i in pid.repetitions(3) if pid.is_nir(i)), ""),
        "family_name": family,
        "birth_name": "" if birth_name == family else birth_name,
        "given_names": " ".join(filter(None, (pid.part(in_use, 1), pid.part(in_use, 2)))),
        "birth_date": pid.part(pid.first(7), 0)[:8],
        "sex": _SEX.get(pid.part(pid.first(8), 0), ""),
        "address": pid.part(address, 0),
        "city": pid.part(address, 2),
        "postcode": pid.part(address, 4),
        "phone": next(
            (pid.part(p, 0) or pid.part(p, 11) for p in phones if pid.part(p, 2) != "Internet"), ""
        ),
        "email": next((pid.part(p, 3) for p in phones if pid.part(p, 2) == "Internet"), ""),
    }


def _hl7_date(text: str) -> date:
    """An HL7 date (``YYYYMMDD``); ``ValueError`` when it is not a whole day."""
    if len(text) != len("YYYYMMDD") or not text.isdigit():
        raise ValueError("not YYYYMMDD")
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))
