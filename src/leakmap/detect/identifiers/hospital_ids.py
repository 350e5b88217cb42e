"""Hospital identifiers: IPP (permanent patient id), NDA (stay number), from their labels.

Formats differ by hospital, so the value patterns are settings (``--id-pattern``); what
makes a number an IPP is the label before it ("IPP", "N° patient", "Identifiant") — or,
without a label, being exactly a registry patient id (scored lower).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import replace
from functools import cache

from leakmap.detect.findings import Identifier, IdentifierKind
from leakmap.detect.identifiers.place import Place

RULE = "hospital-ids.v1"
_IPP_LABEL = (
    r"(?:\bIPP\b|\bNIP\b|\bN°\s*NIP|\bN°\s*IPP|\bN[°o]?\s*(?:de\s+)?patient|\bID\.?\s*patient|\bIdentifiant(?:\s+patient)?"
    r"|\bN°\s*(?:de\s+)?dossier\s+patient|\bDossier\s+patient|\bPID\b|\bMRN\b|\bPatient\s*ID)"
)
#: "Dossier" alone names the stay's file in most French hospitals (the NDA: "N° de dossier
#: administratif") but the patient's file (IPP) in some: it is the IPP when the registry
#: knows the number or when the same text labels a stay number apart, the NDA otherwise.
_DOSSIER_LABEL = (
    r"(?:\bN°\s*(?:de\s+)?dossier(?!\s+patient)|\bDossier(?!\s+patient)\s*(?:n°|num[ée]ro)?)"
)
_NDA_LABEL = (
    r"(?:\bNDA\b|\bN°\s*(?:de\s+)?s[ée]jour|\bS[ée]jour\s*(?:n°)?|\bN°\s*(?:de\s+)?venue|\bVenue\b"
    r"|\bN°\s*d'admission|\bEpisode|\bN°\s*d'entr[ée]e|\bVisit\s*(?:n°|number|ID)?"
    r"|\b(?:N°|num[ée]ro)\s*(?:de\s+(?:la\s+)?)?visite|\bde\s+la\s+visite"
    r"|\b(?:N°|num[ée]ro|num\.|identifiant)\s*(?:d['’]\s*)?(?:identifiant\s*d['’]\s*)?hospitalisation"
    r"(?:\s+est)?)"
)
_GAP = r"\s*[:#°.n]*\s*"
_IPP_HEADER = re.compile(r"(?m)^[ \t]*(?:IPP|NIP|N° ?IPP|N° ?patient)\b[^\n]*\S[ \t]{2,}\S")
_UNDER_HEADER_SCORE = 0.96
_BARE_SCORE = 0.8
#: An id printed in groups ("3162 3406", "80-012-345"): checked against the patterns once
#: its separators are taken out.
_GROUPED = r"[0-9]{2,7}(?:[ \-.][0-9]{2,7}){1,3}"
_DIGITS = re.compile(r"[0-9](?<![0-9][0-9])[0-9]{4,11}(?![0-9])")  # first digit first: faster
_DIGIT = re.compile(r"[0-9]")
#: A word every label of a kind holds: a text without any of a kind's words cannot hold
#: its label, and the label regexes are not run over it. Looked for in the lower-cased
#: text, the letters a case-blind regex also takes for i or s (İ, ı, ſ) mapped first.
_KEYWORDS = {
    "ipp": ("ipp", "nip", "patient", "identifiant", "pid", "mrn"),
    "nda": ("nda", "jour", "venue", "admission", "episode", "entr", "visit", "hospitalisation"),
    "dossier": ("dossier",),
}
_CASE_BLIND = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
#: The letters every label of a kind starts with: a lookahead that fails fast where no
#: label can start.
_FIRST_LETTERS = {_IPP_LABEL: "IDNPM", _NDA_LABEL: "NSVEDI", _DOSSIER_LABEL: "ND"}


def find_hospital_ids(
    text: str,
    place: Place,
    *,
    ipp_patterns: tuple[str, ...],
    nda_patterns: tuple[str, ...],
    registry_ids: Container[str],
) -> list[Identifier]:
    """Labelled IPPs and NDAs, then unlabelled numbers that are registry patient ids."""
    lower = text.translate(_CASE_BLIND).lower()
    words = {kind for kind, keys in _KEYWORDS.items() if any(k in lower for k in keys)}
    found: list[Identifier] = []
    if "ipp" in words:
        found += _labelled(text, place, IdentifierKind.IPP, _IPP_LABEL, ipp_patterns)
    if "nda" in words:
        found += _labelled(text, place, IdentifierKind.NDA, _NDA_LABEL, nda_patterns)
    stay_labelled = any(i.kind is IdentifierKind.NDA for i in found)
    dossiers: list[Identifier] = []
    if "dossier" in words:
        patterns = ipp_patterns + nda_patterns
        dossiers = _labelled(text, place, IdentifierKind.NDA, _DOSSIER_LABEL, patterns)
    for spot in {(i.location.start, i.location.end): i for i in dossiers}.values():
        patient_file = stay_labelled or spot.value in registry_ids
        found.append(replace(spot, kind=IdentifierKind.IPP) if patient_file else spot)
    taken = {(i.location.start, i.location.end) for i in found}
    # Under an "IPP" column header (a text export), a registry id needs no label of its own.
    if not _DIGIT.search(text):
        return found
    score = _UNDER_HEADER_SCORE if _IPP_HEADER.search(text) else _BARE_SCORE
    for match in _DIGITS.finditer(text):
        if (match.start(), match.end()) in taken or match.group() not in registry_ids:
            continue
        found.append(_identifier(IdentifierKind.IPP, match, place, score=score, rule="registry-id"))
    return found


@cache
def _label_regex(label: str, pattern: str) -> re.Pattern[str]:
    first = f"(?=[{_FIRST_LETTERS[label]}])"
    return re.compile(rf"{first}{label}{_GAP}(?P<value>{pattern})(?![0-9])", re.IGNORECASE)


def _labelled(
    text: str, place: Place, kind: IdentifierKind, label: str, patterns: tuple[str, ...]
) -> list[Identifier]:
    found = []
    for pattern in patterns:
        for match in _label_regex(label, pattern).finditer(text):
            found.append(_identifier(kind, match, place, score=0.97, rule="label", group="value"))
    starts = {i.location.start for i in found}
    for match in _label_regex(label, _GROUPED).finditer(text):
        compact = re.sub(r"[^0-9]", "", match["value"])
        if match.start("value") in starts or not any(re.fullmatch(p, compact) for p in patterns):
            continue
        found.append(
            _identifier(kind, match, place, score=0.95, rule="label-grouped", group="value")
        )
    return found


def _identifier(
    kind: IdentifierKind,
    match: re.Match[str],
    place: Place,
    *,
    score: float,
    rule: str,
    group: str | int = 0,
) -> Identifier:
    raw = match.group(group)
    return Identifier(
        kind=kind,
        value=re.sub(r"[\s.\-]", "", raw),
        raw=raw,
        location=place.at(match.start(group), match.end(group)),
        detector=f"hospital_ids.{rule}",
        rule=RULE,
        score=score,
        score_before_context=0.5,
    )
