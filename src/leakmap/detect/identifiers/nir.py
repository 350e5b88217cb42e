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
_NIR = re.compile(
    r"(?<![0-9A-Z])([12378])[ .]?([0-9]{2})[ .]?(0[1-9]|1[0-2]|[2-9][0-9])[ .]?"
    r"([0-9]{2}|2A|2B)[ .]?([0-9]{3})[ .]?([0-9]{3})[ .]?([0-9]{2})(?![0-9])",
    re.IGNORECASE,
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


def find_nirs(text: str, place: Place) -> list[Identifier]:
    """NIRs whose key is valid; a context word raises the score."""
    found = []
    for match in _NIR.finditer(text):
        value = "".join(match.groups()).upper()
        if not nir_key_is_valid(value):
            continue
        context = bool(_CONTEXT.search(text[max(0, match.start() - 40) : match.start()]))
        found.append(
            Identifier(
                kind=IdentifierKind.NIR,
                value=value,
                raw=match.group(),
                location=place.at(match.start(), match.end()),
                detector="nir",
                rule=RULE,
                score=0.99 if context else 0.95,
                score_before_context=0.95,
            )
        )
    return found
