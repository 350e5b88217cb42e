"""Names found by their shape and labels, for people the registry does not know.

Registry search only finds registry names, but a leak also exposes newborns, relatives,
staff and patients of other sites, and OCR mangles registry names. These patterns find a
person where documents announce one: "Nom : X / Prénom : Y" labels, a civil title
("Mme DURAND Jeanne"), or a name just before a birth date ("DUPONT Marie, née le ...").
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import replace

from leakmap.detect.findings import NameHit, Role
from leakmap.detect.identifiers.place import Place
from leakmap.detect.name_parts import split_person
from leakmap.detect.names import SPOUSE_MARKERS
from leakmap.detect.roles import role_of
from leakmap.detect.rows import split_full_name
from leakmap.detect.text import name_key

RULE = "name-patterns.v1"
LABELLED = "name_patterns.labels"  # a name read from "Nom :" and "Prénom :" labels
_UP = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’\-]+"
_NOT_TITLE = r"(?!(?:Mme|Mlle|Melle|Mr|Monsieur|Madame|Mademoiselle|Docteur|Dr|Pr|Professeur|Patiente?|N[ée]e?|Le|La)\b)"
_CAP = rf"{_NOT_TITLE}[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?"
_PART = r"(?:(?:de|du|des|le|la|van|von|De|Du|Le|La|DE|DU|LE|LA|DES)\s|[dlDL]['’]\s?)"
_FAMILY = rf"(?:{_PART}?{_UP}(?:[ \-]{_PART}?{_UP}){{0,2}})"
_GIVEN = rf"(?:{_CAP}(?:[ ]{_CAP}){{0,2}})"
_OTHER = r"\s*,?\s*\(?(?P<{}>n[ée]e|[ée]pouse|[ée]p\.?)\s+(?P<{}>{})\)?"
_NAME = (
    # Family and given names on one line: "M. THOMAS" above "Signé électroniquement" or
    # "Page 1/2" is not Mr Signé THOMAS.
    rf"(?:(?P<f1>{_FAMILY})(?:{_OTHER.format('m1', 'o1', _FAMILY)})?[ \t]+(?P<g1>{_GIVEN})"
    rf"|(?P<g2>{_GIVEN})[ \t]+(?P<f2>{_FAMILY})(?:{_OTHER.format('m2', 'o2', _FAMILY)})?)"
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
#: Whom to call, and who is who to the patient: "Personne à prévenir : Isabelle LEFÈVRE
#: (voisine)", "Contact : Frédéric LE ROUX (père)", "Personne de confiance : M. Paul
#: MARTIN, fils". Relatives are exposed too (as unregistered people, never as patients).
_KIN = (
    r"p[èe]re|m[èe]re|[ée]poux|[ée]pouse|mari|femme|conjointe?|compagne|compagnon|"
    r"concubine?|fils|fille|fr[èe]re|s(?:œ|oe)ur|oncle|tante|neveu|ni[èe]ce|grand-p[èe]re|"
    r"grand-m[èe]re|petit-fils|petite-fille|beau-p[èe]re|belle-m[èe]re|belle-fille|"
    r"beau-fils|gendre|cousine?|voisine?|amie?|tut(?:eur|rice)|curat(?:eur|rice)"
)
_CONTACT_LABEL = (
    r"(?i:personne\s+(?:[àa]\s+pr[ée]venir|de\s+confiance|[àa]\s+contacter)|"
    r"[àa]\s+pr[ée]venir|contact(?:\s+familial)?|tiers\s+demandeur|"
    r"repr[ée]sentant\s+l[ée]gal|tut(?:eur|rice)|curat(?:eur|rice))"
)
_AFTER_CONTACT_LABEL = re.compile(
    # Every match starts with one of these letters: fail fast where none can start.
    rf"(?=[PpÀàAaCcTtRr]){_CONTACT_LABEL}\s*:\s*(?:(?:Mme|Mlle|M\.|Mr\.?|Monsieur|Madame)\s+)?"
)
_NAME_AT = re.compile(_NAME)
#: "X (père)", "X, sa nièce"; not "Léa MARTIN, fille de Mme MARTIN" (the name is the
#: patient's own, the relative comes after "de").
_KIN_AFTER = re.compile(rf"[(,]\s*(?i:(?:sa|son)\s+)?(?i:{_KIN})\b(?!\s+(?i:de|du|des|d['’]))")
_NAME_BEFORE = re.compile(rf"{_NAME}\s*$")
_KIN_WINDOW = 80  # characters before a kinship word searched for the name
_BEFORE_BIRTH = re.compile(rf"{_NAME}[\s,;:\-–(]*$")
#: A name all in capitals just before a birth date ("ZACHARIE MARTIN né(e) le ..."): which
#: word is the family name is unknown; it is read NOM first, and linkage tries both orders.
_CAPS_BEFORE_BIRTH = re.compile(rf"(?<![\w'’])(?P<caps>{_UP}(?:[ \-]{_UP}){{1,3}})[\s,;:\-–(]*$")
#: A name in title case alone on its line (after a label) just before a birth date.
_TWORD = (
    r"(?:(?:[Dd]e|[Dd]u|[Dd]es|[Ll]e|[Ll]a|[Vv]an|[Vv]on|[Dd]a|[Dd]os|[Ee]l|[Bb]en)\s)?"
    r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?"
)
_TITLE_BEFORE_BIRTH = re.compile(
    r"(?:^|[:\n])[ \t]*(?:(?:Mme|Mlle|Melle|M\.|Mr\.?|Monsieur|Madame|Mademoiselle)[ \t]+)?"
    rf"(?P<name>{_TWORD}(?: {_TWORD}){{1,3}})[ \t,;\-–(]*\n?[ \t]*$"
)
_MARKERS = re.compile(r"(?i)\s*,?\s*\(?\b(n[ée]e|[ée]pouse|[ée]p\.?)\s+")
#: Between a label and its value: spaces, a colon, and the dotted (or underscored) leader
#: of a form printed by a fixed-width edition ("NOM ............... : DUPONT").
_LEADER = r"[ \t]*(?:(?:\.{2,}|…+|_{2,})[ \t]*)?:?[ \t]*"
_LABEL_FAMILY = re.compile(
    r"\b(?i:Nom)(?:\s+(?P<qualifier>(?i:de\s+naissance|de\s+jeune\s+fille|usuel|utilis[ée]|marital|"
    r"d['’]usage|de\s+famille|du\s+patient|de\s+la\s+patiente)))?"
    + _LEADER
    + r"(?P<family>[A-ZÀ-Þ][A-Za-zÀ-ÿ'’ \-]{1,40}?)\s*(?=\n|\t|\s{2,}|Pr[ée]nom|N[ée]e?\b|N(?:om|OM)\b|$)"
)
_LABEL_GIVEN = re.compile(
    r"\b(?i:Pr[ée]nom)(?:s|S|\([sS]\))?"
    r"(?:\s+(?i:de\s+naissance|utilis[ée]|usuel|d['’]usage))?"
    + _LEADER
    + r"(?P<given>[A-ZÀ-Þ][A-Za-zÀ-ÿ'’ \-]{1,40}?)\s*(?=\n|\t|\s{2,}|N[ée]e?\b|N(?:om|OM)\b|Date|Sexe|DDN|[ÂA]ge\b|IPP\b|NIP\b|N°|T[ée]l|Adresse|$)"
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
        "SIGNE",
        "PAGE",
        "DOCUMENT",
        "REF",
    ]
)


def find_pattern_names(
    text: str,
    folded: str,
    place: Place,
    birth_starts: list[int],
    family_names: Container[str] = frozenset(),
) -> list[NameHit]:
    """Names announced by labels, civil titles, or a following birth date.

    ``family_names`` (the registry's, with their given names) tells which word of a name
    written without capitals is the family name ("Nathan Le Goff" or "Le Goff Nathan")."""
    labelled = _labelled(text, folded, place)
    hits = [*labelled, *_titled(text, folded, place)]
    hits += [_hit(m, 0, text, folded, place, "contact", Role.THIRD_PARTY) for m in _contacts(text)]
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
            # "LE GOFF YANN", "N'DIAYE NÉE LAURENT LAURA": particles and markers as in cells
            family, given, birth = split_full_name(match["caps"], family_names=frozenset())
            start, end = line_start + match.start("caps"), line_start + match.end("caps")
            hits.append(_make(text, folded, place, family, given, birth, start, end,
                              "capitals-before-birth-date"))  # fmt: skip
        elif match := _TITLE_BEFORE_BIRTH.search(head):
            # "Nouveau-né : Le Goff Nathan" above "Né le 11-02-2020": no capitals to say
            # which is the family name; the registry's names, else the given-name lexicon.
            family, given, birth = _title_case_split(match["name"], family_names)
            start, end = line_start + match.start("name"), line_start + match.end("name")
            hits.append(_make(text, folded, place, family, given, birth, start, end,
                              "title-case-before-birth-date"))  # fmt: skip
    found = [h for h in hits if h is not None]
    if _given_in_capitals([h for h in labelled if h is not None]):
        found = [_given_capitals_read(h) for h in found]
    return found


def _title_case_split(name: str, family_names: Container[str]) -> tuple[str, str, str]:
    """A name with no capitals to tell (family, given, birth name): the registry's family
    names when they know it ("Nathan Le Goff"), else the given-name lexicon and position
    ("Rosette Moreau", "Le Goff Nathan")."""
    family, given, birth = split_full_name(name, family_names=family_names)
    if name_key(family) in family_names:
        return family, given, birth
    words = name.split()
    family_words, given_words = split_person(words)
    return " ".join(words[i] for i in family_words), " ".join(words[i] for i in given_words), ""


def _given_in_capitals(labelled: list[NameHit]) -> bool:
    """The document's labels write the given name in capitals and the family name not
    ("Nom : Faure  Prénom : JULIE"): a document keeps one way of writing names."""
    ways = {
        (h.family_name.isupper(), h.given_names.isupper())
        for h in labelled
        if len(h.family_name) > 1 and len(h.given_names) > 1
    }
    return (False, True) in ways and (True, False) not in ways


def _given_capitals_read(hit: NameHit) -> NameHit:
    """A name read capitals-first ("TIMÉO Faure") in a document that capitalises given
    names: the capitals are the given name."""
    if (
        hit.detector == LABELLED
        or hit.birth_name
        or not hit.family_name.isupper()
        or hit.given_names.isupper()
        or " " in hit.given_names
    ):
        return hit
    family, given = hit.given_names, hit.family_name
    return replace(
        hit, family_name=family, given_names=given, family_key=name_key(family),
        given_key=name_key(given),
    )  # fmt: skip


def _contacts(text: str) -> list[re.Match[str]]:
    """A name after a contact label, or just before a kinship word. Both searched from
    their label or word (rare), the name matched there: never the name pattern over the
    whole text."""
    found = []
    for label in _AFTER_CONTACT_LABEL.finditer(text):
        if match := _NAME_AT.match(text, label.end()):
            found.append(match)
    for kin in _KIN_AFTER.finditer(text):
        start = max(0, kin.start() - _KIN_WINDOW)
        if match := _NAME_BEFORE.search(text, start, kin.start()):
            found.append(match)
    return found


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
    match: re.Match[str],
    offset: int,
    text: str,
    folded: str,
    place: Place,
    rule: str,
    role: Role | None = None,
) -> NameHit | None:
    groups = {k.lstrip("x"): v for k, v in match.groupdict().items() if v is not None}
    family = groups.get("f1") or groups.get("f2")
    given = groups.get("g1") or groups.get("g2")
    if family is None or given is None:
        return None
    other = groups.get("o1") or groups.get("o2") or ""
    if other and name_key(groups.get("m1") or groups.get("m2") or "") in SPOUSE_MARKERS:
        family, other = other, family  # "X épouse Y": Mrs Y, born X
    start, end = offset + match.start(), offset + match.end()
    return _make(text, folded, place, family, given, other, start, end, rule, role)


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
    role: Role | None = None,
) -> NameHit | None:
    if not birth and (parts := _MARKERS.split(family, maxsplit=1)) and len(parts) == 3:
        family, marker, birth = parts[0], parts[1], parts[2].rstrip(")")
        if name_key(marker) in SPOUSE_MARKERS:  # "X épouse Y": Mrs Y, born X
            family, birth = birth, family
    family_key = name_key(family)
    if not family_key or set(family_key.split()) & _STOP or set(name_key(given).split()) & _STOP:
        return None
    found, cue = role_of(folded, start, end)
    role = role or found
    return NameHit(
        family_name=family,
        given_names=given,
        family_key=family_key,
        given_key=name_key(given),
        location=place.at(start, end),
        role=role,
        detector=f"name_patterns.{rule}",
        rule=RULE,
        score=0.8,
        birth_name=birth,
        role_cue=cue,
    )
