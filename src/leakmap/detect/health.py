"""Health categories of a text, with the words that triggered them.

One Aho-Corasick pass over the folded token stream finds every lexicon term. A term that
stands as a box to tick ("☐ VIH", "[ ] Sérologie VIH") belongs to a blank form, not to a
person's record, and is kept as evidence with ``negated=True`` but does not count. So is
a malignancy finding ruled out in its own sentence ("Absence de malignité", "pas de
prolifération tumorale"): a benign biopsy is pathology, not cancer. Only those finding
words are read for negation: "pas de récidive du cancer" still says cancer.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick

from leakmap.detect.findings import HealthEvidence
from leakmap.detect.health_lexicon import LEXICON, SERVICE_CODES
from leakmap.detect.identifiers.place import Place
from leakmap.detect.text import Token, fold, joined_tokens, tokenize
from leakmap.vocabulary import Category

RULE = "health-lexicon.v1"
_TICK_BOXES = ("☐", "□", "■", "▢", "❑", "☑", "☒", "[ ]", "[]", "[x]", "[X]", "( )", "___")
_TICK_WINDOW = 5


@dataclass(frozen=True, slots=True)
class _Term:
    category: Category
    words: int


#: Characters OCR reads one for another, each folded to one of them on both sides when a
#: text was OCR'd: "COIOSCOPIE" is COLOSCOPIE, "CARC1NOME" CARCINOME, "5EVRAGE" SEVRAGE.
#: One character for one: offsets hold.
_OCR_LOOKALIKES = str.maketrans("L1058", "IIOSB")


@cache
def _automaton(lookalikes_folded: bool = False) -> ahocorasick.Automaton:
    """The lexicon's terms (and plurals) as whole-word keys; with their look-alike
    characters folded (``_OCR_LOOKALIKES``) for text OCR read."""
    automaton = ahocorasick.Automaton()
    for category, terms in [*LEXICON.items(), *SERVICE_CODES.items()]:
        for term in terms:
            for form in {term, term + "S"}:
                key = form.translate(_OCR_LOOKALIKES) if lookalikes_folded else form
                automaton.add_word(f" {key} ", (form, _Term(category, len(form.split()))))
    automaton.make_automaton()
    return automaton


def find_health(
    text: str, tokens: list[Token], place: Place, *, ocr: bool = False
) -> list[HealthEvidence]:
    """Every lexicon term in the text, tick-box terms marked ``negated``; in a text OCR
    read (``ocr``), terms with look-alike characters too."""
    if not tokens:
        return []
    joined, starts = joined_tokens(tokens)
    hits = list(_automaton().iter(joined))
    if ocr:
        exact = {end for end, _ in hits}
        slipped = _automaton(lookalikes_folded=True).iter(joined.translate(_OCR_LOOKALIKES))
        hits += [(end, found) for end, found in slipped if end not in exact]
    found = []
    for end, (form, term) in hits:
        first = bisect_left(starts, end - len(form))
        start, stop = tokens[first].start, tokens[first + term.words - 1].end
        found.append(
            HealthEvidence(
                category=term.category,
                term=form,
                location=place.at(start, stop),
                negated=_is_tick_box(text, start) or _is_ruled_out(form, text, start),
            )
        )
    return found


def find_row_health(
    values: list[str] | tuple[str, ...], separator: str, place: Place
) -> list[HealthEvidence]:
    """Every lexicon term of a table row, read cell by cell (offsets into the cells joined
    by ``separator``): a term never straddles two cells, and the values that recur down a
    column ("Post-op", "Bilan lipidique", a service) are read once per scan, not per row."""
    found = []
    offset = 0
    for value in values:
        for category, term, start, end, negated in _cell_health(value):
            found.append(
                HealthEvidence(category, term, place.at(offset + start, offset + end), negated)
            )
        offset += len(value) + len(separator)
    return found


@lru_cache(maxsize=1 << 16)
def _cell_health(value: str) -> tuple[tuple[Category, str, int, int, bool], ...]:
    evidence = find_health(value, tokenize(fold(value)), Place(1))
    return tuple(
        (e.category, e.term, e.location.start, e.location.end, e.negated) for e in evidence
    )


def categories_of(
    evidence: list[HealthEvidence] | tuple[HealthEvidence, ...],
) -> frozenset[Category]:
    """The categories the evidence supports; any specific category implies ``health``."""
    categories = {e.category for e in evidence if not e.negated}
    if categories:
        categories.add(Category.HEALTH)
    return frozenset(categories)


#: Words that state a malignancy finding, which a report may rule out.
_FINDINGS = frozenset(
    {"MALIGNE", "MALIGNES", "MALIGNITE", "MALIGNITES", "MALIN", "MALINS", "TUMORAL", "TUMORALE",
     "TUMORALES", "TUMORAUX", "CARCINOMATEUX", "CARCINOMATEUSE", "CARCINOMATEUSES",
     "METASTATIQUE", "METASTATIQUES", "NEOPLASIQUE", "NEOPLASIQUES"}
)  # fmt: skip
_RULED_OUT = re.compile(r"\b(?:(?:ABSENCE|PAS) D(?:E|ES|U)?|SANS|AUCUNE?|NI|NEGATI[FV]E?S?)\b")
_SENTENCE_END = re.compile(r"[.;:\n]")
_NEGATION_WINDOW = 60


def _is_ruled_out(form: str, text: str, start: int) -> bool:
    """A malignancy finding negated earlier in its sentence ("absence de cellule maligne")."""
    if form not in _FINDINGS:
        return False
    before = text[max(0, start - _NEGATION_WINDOW) : start]
    clause = _SENTENCE_END.split(before)[-1]
    return _RULED_OUT.search(fold(clause)) is not None


def _is_tick_box(text: str, start: int) -> bool:
    before = text[max(0, start - _TICK_WINDOW) : start].strip()
    return (
        bool(before)
        and before[-1] in _TICK_BOXES
        and before[-1] not in "()oO_"
        or before.endswith("[ ]")
    )
