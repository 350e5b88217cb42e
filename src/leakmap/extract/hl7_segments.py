"""HL7 v2 segments as French interfaces write them (IHE PAM France), parsed by hand.

One parser for the leaked feeds (``extract/hl7.py``) and for a registry given as ADT
messages (``link/registry_hl7.py``): fields, components, repetitions and sub-components
are the characters MSH-1 and MSH-2 declare (``|^~\\&`` by default, any others a sender
chose), with the standard escapes. It also reads the truncated and non-conformant
messages a dump is full of. The PID fields used:

- PID-3 identifiers (repeating ``id^^^authority^type``): the IPP is the one whose assigning
  authority is the caller's, else the first typed ``PI``, else the first; the NIR (the
  INS) is the one typed ``NH``, ``INS`` or ``INS-NIR``, or under an INS OID;
- PID-5 names (repeating ``family^given^more given^^^^type``): ``D`` (usual, as the French
  PAM profile writes the name in use) else ``L`` (legal) is the family name, ``M``
  (maiden) or else ``L`` the birth name;
- PID-7 birth date (``YYYYMMDD…``), PID-8 sex, PID-11 address, PID-13 (and PID-14)
  phones and e-mail (``^PRN^PH^^^^^^^^^0612345678``, ``^NET^Internet^x@example.fr``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The INS's assigning authorities: INS-NIR, INS-NIA, and the test and demo ones.
INS_OIDS = ("1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10",
            "1.2.250.1.213.1.4.11", "1.2.250.1.213.1.4.2")  # fmt: skip
NIR_TYPES = ("NH", "INS", "INS-NIR", "INS-C", "INS-NIA")
SEX = {"F": "F", "M": "M"}
_HEADER = re.compile(r"^(?:MSH|FHS|BHS)([^A-Za-z0-9\s])([^A-Za-z0-9\s]{2,4})")


@dataclass(frozen=True, slots=True)
class Separators:
    """The encoding characters of a message (MSH-1 and MSH-2)."""

    field: str = "|"
    component: str = "^"
    repetition: str = "~"
    escape: str = "\\"
    subcomponent: str = "&"

    @classmethod
    def of(cls, msh: str) -> Separators:
        """Read from the MSH segment's first characters (the defaults when unreadable)."""
        match = _HEADER.match(msh)
        if match is None:
            return cls()
        field, characters = match[1], match[2]
        characters = characters.split(field)[0] + "^~\\&"[len(characters) :]
        return cls(field, characters[0], characters[1], characters[2], characters[3])

    def unescape(self, text: str) -> str:
        """Resolve ``\\F\\``, ``\\S\\``, ``\\T\\``, ``\\R\\``, ``\\E\\`` and ``\\Xhh\\``."""
        if self.escape not in text:
            return text
        table = {"F": self.field, "S": self.component, "T": self.subcomponent,
                 "R": self.repetition, "E": self.escape}  # fmt: skip
        pattern = re.escape(self.escape) + r"([FSTRE]|X[0-9A-Fa-f]+)" + re.escape(self.escape)

        def replace(match: re.Match[str]) -> str:
            code = match.group(1)
            if code in table:
                return table[code]
            try:
                return bytes.fromhex(code[1:]).decode("latin-1")
            except ValueError:
                return match.group(0)

        return re.sub(pattern, replace, text)


def is_header(segment: str) -> bool:
    """Whether ``segment`` opens a message or a batch (MSH, FHS, BHS)."""
    return _HEADER.match(segment) is not None


class Segment:
    """One segment, split on demand with its message's separators."""

    def __init__(self, segment: str, seps: Separators) -> None:
        self.fields = segment.split(seps.field)
        self.seps = seps
        self.kind = self.fields[0].strip()

    def repetitions(self, n: int) -> list[list[str]]:
        """The repetitions of field ``n``, each split into components."""
        value = self.fields[n] if n < len(self.fields) else ""
        seps = self.seps
        return [r.split(seps.component) for r in value.split(seps.repetition) if r]

    def first(self, n: int) -> list[str]:
        """The first repetition of field ``n`` (empty when absent)."""
        return (self.repetitions(n) or [[]])[0]

    def part(self, components: list[str], n: int) -> str:
        """Component ``n`` (0-based), its first sub-component, unescaped."""
        value = components[n] if n < len(components) else ""
        return self.seps.unescape(value.split(self.seps.subcomponent)[0]).strip()

    def text(self) -> str:
        """The segment's values as one line of text ("OBX NM ; HB Hémoglobine ; 12.1")."""
        values = (
            " ".join(self.part(c, i) for c in self.repetitions(n) for i in range(len(c)))
            for n in range(1, len(self.fields))
        )
        return f"{self.kind} " + " ; ".join(" ".join(v.split()) for v in values if v.strip())

    def is_nir(self, components: list[str]) -> bool:
        """An identifier typed as a NIR, or assigned by an INS authority."""
        authority = components[3] if len(components) > 3 else ""  # noqa: PLR2004
        return self.part(components, 4) in NIR_TYPES or any(
            oid in authority.split(self.seps.subcomponent) for oid in INS_OIDS
        )

    def ipp(self, authority: str = "") -> str:
        """The IPP among the PID-3 identifiers (see the module docstring)."""
        ids = [i for i in self.repetitions(3) if not self.is_nir(i)]
        if authority:
            return next((self.part(i, 0) for i in ids if self.part(i, 3) == authority), "")
        typed = next((self.part(i, 0) for i in ids if self.part(i, 4) == "PI"), "")
        return typed or (self.part(ids[0], 0) if ids else "")


def pid_fields(pid: Segment, ipp_authority: str = "") -> dict[str, str]:
    """The registry contract's fields of one PID segment (empty where absent)."""
    names = {pid.part(n, 6) or "L": n for n in reversed(pid.repetitions(5))}
    in_use = names.get("D") or names.get("L") or next(iter(names.values()), [])
    birth = names.get("M") or names.get("L") or []
    address = pid.first(11)
    phones = pid.repetitions(13) + pid.repetitions(14)
    family, birth_name = pid.part(in_use, 0), pid.part(birth, 0)
    return {
        "patient_id": pid.ipp(ipp_authority) or pid.part(pid.first(2), 0),
        "nir": next(
            (pid.part(i, 0) for i in pid.repetitions(3) if pid.is_nir(i)),
            pid.part(pid.first(19), 0),
        ),
        "family_name": family,
        "birth_name": "" if birth_name == family else birth_name,
        "given_names": " ".join(filter(None, (pid.part(in_use, 1), pid.part(in_use, 2)))),
        "birth_date": pid.part(pid.first(7), 0)[:8],
        "sex": SEX.get(pid.part(pid.first(8), 0), ""),
        "address": " ".join(filter(None, (pid.part(address, 0), pid.part(address, 1)))),
        "city": pid.part(address, 2),
        "postcode": pid.part(address, 4),
        "phone": next((_phone(pid, p) for p in phones if _phone(pid, p)), ""),
        "email": next((_email(pid, p) for p in phones if _email(pid, p)), ""),
    }


def _phone(pid: Segment, xtn: list[str]) -> str:
    if pid.part(xtn, 2) in ("Internet", "X.400") or pid.part(xtn, 1) == "NET":
        return ""
    return pid.part(xtn, 11) or pid.part(xtn, 0)


def _email(pid: Segment, xtn: list[str]) -> str:
    if pid.part(xtn, 2) == "Internet" or pid.part(xtn, 1) == "NET":
        return pid.part(xtn, 3) or pid.part(xtn, 0)
    return ""
