"""French social security numbers (NIR): 13 digits and a 2-digit key, mod 97.

Corsica's departments 2A and 2B count as 19 and 18 for the key. Written with spaces or
dots between groups, sometimes with an OCR slip in a separator: the separators are
optional, the digits are not.
"""

from __future__ import annotations

import re

from leakmap.detect.findings import Identifier, IdentifierKind
from leakmap.detect.identifiers.place import Place

RULE = "nir.v1"
_SEP = r"[ .\-]?"
_NIR = re.compile(
    rf"(?<![0-9A-Z])([12378]){_SEP}([0-9]{{2}}){_SEP}(0[1-9]|1[0-2]|[2-9][0-9]){_SEP}"
    rf"([0-9]{{2}}|2A|2B){_SEP}([0-9]{{3}}){_SEP}([0-9]{{3}}){_SEP}([0-9]{{2}})(?![0-9])",
    re.IGNORECASE,
)
#: Written off the usual grouping (one digit a box on a form, "2-48-11-69-123-007-21", an
#: OCR comma for a dot): 15 characters with at most one separator between any two. Only
#: taken after a social-security word, the key and the structure checked on the digits.
_LOOSE = re.compile(r"(?<![0-9A-Z])[12378](?:[ .,\-_/']?[0-9AB]){14}(?![0-9])", re.I)
_COMPACT = re.compile(
    r"[12378][0-9]{2}(?:0[1-9]|1[0-2]|[2-9][0-9])(?:[0-9]{2}|2A|2B)[0-9]{8}", re.I
)
_CONTEXT = re.compile(r"(S[ée]cu|NIR|INSEE|N°\s*SS|s[ée]curit[ée] sociale|NSS|matricule)", re.I)


def nir_key_is_valid(nir: str) -> bool:
    """True when the 15-character NIR's key matches its 13 digits (2A/2B handled)."""
    body, key = nir[:13].upper(), nir[13:15]
    body = body.replace("2A", "19", 1) if body[5:7] == "2A" else body
    body = body.replace("2B", "18", 1) if body[5:7] == "2B" else body
    if not (body.isdigit() and key.isdigit()):
        return False
    return 97 - int(body) % 97 == int(key)


def nir_cell(cell: str) -> str:
    """A table cell that is a NIR ("2 48 03 75 103 001 46"), compact and upper case; "" when
    it is not 15 characters with a valid key."""
    compact = _CELL_SEPARATORS.sub("", cell).upper()
    return compact if len(compact) == 15 and nir_key_is_valid(compact) else ""  # noqa: PLR2004


_CELL_SEPARATORS = re.compile(r"[\s.]")


def find_nirs(text: str, place: Place) -> list[Identifier]:
    """NIRs whose key is valid; a context word raises the score."""
    found = []
    for match in _NIR.finditer(text):
        value = "".join(match.groups()).upper()
        if not nir_key_is_valid(value):
            continue
        context = bool(_CONTEXT.search(text[max(0, match.start() - 40) : match.start()]))
        found.append(_nir(match, value, place, "nir", 0.99 if context else 0.95, 0.95))
    taken = [(i.location.start, i.location.end) for i in found]
    for match in _LOOSE.finditer(text):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        value = re.sub(r"[^0-9AB]", "", match.group().upper())
        if not (_COMPACT.fullmatch(value) and nir_key_is_valid(value)):
            continue
        if not _CONTEXT.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        found.append(_nir(match, value, place, "nir.loose", 0.95, 0.8))
    return found


def _nir(
    match: re.Match[str], value: str, place: Place, detector: str, score: float, before: float
) -> Identifier:
    return Identifier(
        kind=IdentifierKind.NIR,
        value=value,
        raw=match.group(),
        location=place.at(match.start(), match.end()),
        detector=detector,
        rule=RULE,
        score=score,
        score_before_context=before,
    )
