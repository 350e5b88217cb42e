"""Names found by their shape and labels, for people the registry does not know.

Registry search only finds registry names, but a leak also exposes newborns, relatives,
staff and patients of other sites, and OCR mangles registry names. These patterns find a
person where documents announce one: "Nom : X / Prénom : Y" labels, a civil title
("Mme DURAND Jeanne"), or a name just before a birth date ("DUPONT Marie, née le ...").
"""

from __future__ import annotations

import re

from leakmap.detect.findings import NameHit, Role
from leakmap.detect.identifiers.place import Place
from leakmap.detect.roles import role_of
from leakmap.detect.text import name_key

RULE = "name-patterns.v1"
_UP = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]+"
_NOT_TITLE = r"(?!(?:Mme|Mlle|Melle|Mr|Monsieur|Madame|Mademoiselle|Docteur|Dr|Pr|Professeur|Patiente?|N[ée]e?|Le|La)\b)"
_CAP = rf"{_NOT_TITLE}[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?"
_PART = r"(?:(?:de|du|des|le|la|van|von|De|Du|Le|La|DE|DU|LE|LA|DES)\s|[dlDL]['’]\s?)"
_FAMILY = rf"(?:{_PART}?{_UP}(?:[ \-]{_PART}?{_UP}){{0,2}})"
_GIVEN = rf"(?:{_CAP}(?:[ ]{_CAP}){{0,2}})"
_OTHER = r"\s*,?\s*\(?(?:n[ée]e|[ée]pouse|[ée]p\.?)\s+(?P<{}>{})\)?"
_NAME = (
    rf"(?:(?P<f1>{_FAMILY})(?:{_OTHER.format('o1', _FAMILY)})?\s+(?P<g1>{_GIVEN})"
    rf"|(?P<g2>{_GIVEN})\s+(?P<f2>{_FAMILY})(?:{_OTHER.format('o2', _FAMILY)})?)"
)
_TITLED = re.compile(
    # Every match starts with one of these letters: fail fast where none can start.
    r"(?=[PNIEBM])"
    r"(?:\b(?:Patiente?|Nom du patient|Identit[ée]|Enfant|B[ée]b[ée])\s*:?\s*)?"
    r"(?:\b(?:Mme|Mlle|Melle|M\.|Mr\.?|Monsieur|Madame|Mademoiselle)\s+)"
    rf"{_NAME}"
    r"|(?:\b(?:Patiente?|Nom du patient|Identit[ée])\s*:\s*)"
    rf"{_NAME.replace('P<', 'P<x')}"
)
_BEFORE_BIRTH = re.compile(rf"{_NAME}[\s,;:\-–(]*$")
#: A name all in capitals just before a birth date ("ZACHARIE MARTIN né(e) le ..."): which
#: word is the family name is unknown; it is read NOM first, and linkage tries both orders.
_CAPS_BEFORE_BIRTH = re.compile(rf"(?<![\w'’])(?P<caps>{_UP}(?:[ \-]{_UP}){{1,3}})[\s,;:\-–(]*$")
_MARKERS = re.compile(r"(?i)\s*,?\s*\(?\b(?:n[ée]e|[ée]pouse|[ée]p\.?)\s+")
_LABEL_FAMILY = re.compile(
    r"\b(?i:Nom)(?:\s+(?P<qualifier>de\s+naissance|de\s+jeune\s+fille|usuel|utilis[ée]|marital|"
    r"d['’]usage|de\s+famille|du\s+patient|de\s+la\s+patiente))?[ \t]*:?[ \t]*"
    r"(?P<family>[A-ZÀ-Þ][A-Za-zÀ-ÿ'’ \-]{1,40}?)\s*(?=\n|\t|\s{2,}|Pr[ée]nom|N[ée]e?\b|$)"
)
_LABEL_GIVEN = re.compile(
    r"\b(?i:Pr[ée]nom)(?:s|\(s\)|S)?[ \t]*:?[ \t]*(?P<given>[A-ZÀ-Þ][A-Za-zÀ-ÿ'’ \-]{1,40}?)\s*(?=\n|\t|\s{2,}|N[ée]e?\b|Date|Sexe|DDN|[ÂA]ge\b|IPP\b|NIP\b|N°|T[ée]l|Adresse|$)"
)
_LABEL_PAIR_GAP = 120
_STOP = frozenset(
    [
        "COMPTE",
        "RENDU",
        "SERVICE",
        "DOCTEUR",
        "HOPITAL",
        "CENTRE",
        "HOSPITALIER",
        "CHU",
        "CH",
        "EXAMEN",
        "PATIENT",
        "PATIENTE",
        "DATE",
        "NOM",
        "PRENOM",
        "OBJET",
        "MADAME",
        "MONSIEUR",
        "RESULTATS",
        "CONCLUSION",
        "IPP",
        "NDA",
        "IRM",
        "TDM",
        "SCANNER",
        "UNITE",
        "POLE",
        "SECRETARIAT",
        "URGENCES",
        "CONSULTATION",
        "HOSPITALISATION",
        "BILAN",
        "DOSSIER",
        "MEDICAL",
        "LABORATOIRE",
        "RADIOLOGIE",
        "INDICATION",
        "TECHNIQUE",
        "CHER",
        "CONFRERE",
        "DR",
        "PR",
    ]
)


def find_pattern_names(
    text: str, folded: str, place: Place, birth_starts: list[int]
) -> list[NameHit]:
    """Names announced by labels, civil titles, or a following birth date."""
    hits = [*_labelled(text, folded, place), *_titled(text, folded, place)]
    for start in birth_starts:
        line_start = text.rfind("\n", 0, max(0, text.rfind("\n", 0, start))) + 1
        window = text[line_start:start]
        cue = re.search(
            r"(?i)(n[ée]e?\s*(?:\(e\))?\s*le|DDN|date de naissance|naissance|D\.N\.)\s*:?\s*$",
            window,
        )
        head = window[: cue.start()] if cue else window
        if match := _BEFORE_BIRTH.search(head):
            hits.append(_hit(match, line_start, text, folded, place, "before-birth-date"))
        elif match := _CAPS_BEFORE_BIRTH.search(head):
            words = match["caps"].split()
            start, end = line_start + match.start("caps"), line_start + match.end("caps")
            family, given = words[0], " ".join(words[1:])
            hits.append(
                _make(
                    text, folded, place, family, given, "", start, end, "capitals-before-birth-date"
                )
            )
    return [h for h in hits if h is not None]


def _titled(text: str, folded: str, place: Place) -> list[NameHit | None]:
    return [_hit(m, 0, text, folded, place, "civil-title") for m in _TITLED.finditer(text)]


def _labelled(text: str, folded: str, place: Place) -> list[NameHit | None]:
    """ "Nom : X / Prénom : Y" forms; a birth-name label beside a used-name label is one
    person with two names, not two people."""
    hits: list[NameHit | None] = []
    givens = list(_LABEL_GIVEN.finditer(text))
    families = list(_LABEL_FAMILY.finditer(text))
    used = set()
    for family in families:
        if id(family) in used:
            continue
        given = next(
            (g for g in givens if abs(g.start() - family.start()) <= _LABEL_PAIR_GAP), None
        )
        if given is None:
            continue
        partner = next(
            (f for f in families if f is not family and id(f) not in used
             and abs(f.start() - family.start()) <= _LABEL_PAIR_GAP
             and _is_birth_label(f) != _is_birth_label(family)),
            None,
        )  # fmt: skip
        used.add(id(family))
        birth = ""
        main = family
        spans = [family.start("family"), family.end("family")]
        if partner is not None:
            spans += [partner.start("family"), partner.end("family")]
            used.add(id(partner))
            main, other = (partner, family) if _is_birth_label(family) else (family, partner)
            birth = other["family"].strip()
        start = min(*spans, given.start("given"))
        end = max(*spans, given.end("given"))
        name = main["family"].strip()
        hits.append(
            _make(text, folded, place, name, given["given"].strip(), birth, start, end, "labels")
        )
    return hits


def _is_birth_label(match: re.Match[str]) -> bool:
    qualifier = (match["qualifier"] or "").lower()
    return "naissance" in qualifier or "jeune" in qualifier


def _hit(
    match: re.Match[str], offset: int, text: str, folded: str, place: Place, rule: str
) -> NameHit | None:
    groups = {k.lstrip("x"): v for k, v in match.groupdict().items() if v is not None}
    family = groups.get("f1") or groups.get("f2")
    given = groups.get("g1") or groups.get("g2")
    if family is None or given is None:
        return None
    other = groups.get("o1") or groups.get("o2") or ""
    start, end = offset + match.start(), offset + match.end()
    return _make(text, folded, place, family, given, other, start, end, rule)


def _make(
    text: str,
    folded: str,
    place: Place,
    family: str,
    given: str,
    birth: str,
    start: int,
    end: int,
    rule: str,
) -> NameHit | None:
    if not birth and (parts := _MARKERS.split(family, maxsplit=1)) and len(parts) == 2:
        family, birth = parts[0], parts[1].rstrip(")")
    family_key = name_key(family)
    if not family_key or set(family_key.split()) & _STOP or set(name_key(given).split()) & _STOP:
        return None
    role, cue = role_of(folded, start, end)
    return NameHit(
        family_name=family,
        given_names=given,
        family_key=family_key,
        given_key=name_key(given),
        location=place.at(start, end),
        role=role if role is not Role.UNKNOWN else Role.UNKNOWN,
        detector=f"name_patterns.{rule}",
        rule=RULE,
        score=0.8,
        birth_name=birth,
        role_cue=cue,
    )
