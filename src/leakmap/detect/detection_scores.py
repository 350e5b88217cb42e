"""How well detection finds what labelled text marks: precision, recall and F1 per label.

Matching is by span overlap within a label: a labelled span counts as recalled when a
found span of the same label overlaps it, and a found span counts as correct when it
overlaps a labelled span of the same label. Overlap rather than exact bounds, because
leakmap's spans follow its own conventions (a postcode hit carries its city, an address
runs to the end of its line) and what matters for a leak is *that* the thing was seen.

Findings become labelled spans the eds-pseudo way: a ``NameHit`` gives a ``NOM`` span for
its family (and birth) name and a ``PRENOM`` span for its given names; a postcode hit gives
a ``ZIP`` and a ``VILLE`` span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from leakmap.detect.document import DetectionContext, detect_text
from leakmap.detect.findings import Identifier, IdentifierKind, NameHit
from leakmap.detect.identifiers.place import Place
from leakmap.detect.labelled_text import Label, LabelledSpan, LabelledText
from leakmap.detect.ner import NerPolicy, find_ner_names
from leakmap.detect.text import fold

IDENTIFIER_LABEL: dict[IdentifierKind, Label] = {
    IdentifierKind.BIRTH_DATE: Label.DATE_NAISSANCE,
    IdentifierKind.DATE: Label.DATE,
    IdentifierKind.IPP: Label.IPP,
    IdentifierKind.NDA: Label.NDA,
    IdentifierKind.NIR: Label.SECU,
    IdentifierKind.PHONE: Label.TEL,
    IdentifierKind.EMAIL: Label.MAIL,
    IdentifierKind.ADDRESS: Label.ADRESSE,
    IdentifierKind.IBAN: Label.IBAN,
    IdentifierKind.CARD: Label.CARTE,
}
_DATE_LABELS = (Label.DATE, Label.DATE_NAISSANCE)
_CODE = re.compile(r"[0-9]{2} ?[0-9]{3}")
#: Where a city starts in the text around a postcode: past any "Ville :" label.
_CITY = re.compile(r"(?<![\w])(?!(?i:ville)\b)[A-ZÀ-Ý]")


@dataclass(frozen=True, slots=True)
class Comparison:
    """One text: the labelled spans, the found ones, and where they disagree."""

    source: str
    labelled: tuple[LabelledSpan, ...]
    found: tuple[LabelledSpan, ...]
    missed: tuple[LabelledSpan, ...]
    spurious: tuple[LabelledSpan, ...]


@dataclass(frozen=True, slots=True)
class LabelScore:
    """Counts for one label over a set of texts; ratios are ``None`` when undefined."""

    label: Label
    support: int
    recalled: int
    found: int
    correct: int

    @property
    def recall(self) -> float | None:
        """Share of labelled spans found; ``None`` without labelled spans."""
        return self.recalled / self.support if self.support else None

    @property
    def precision(self) -> float | None:
        """Share of found spans that are labelled; ``None`` when nothing was found."""
        return self.correct / self.found if self.found else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall; ``None`` when either is undefined."""
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def detect_labelled(
    labelled: LabelledText, context: DetectionContext, *, ner: NerPolicy | None = None
) -> Comparison:
    """Run ``detect_text`` (and NER under ``ner``, when given) and compare with the labels."""
    place = Place(1, block=0)
    identifiers, names, _ = detect_text(labelled.text, place, context)
    if ner is not None:
        names += find_ner_names(labelled.text, place, known=names, policy=ner)
    return compare(labelled, spans_found(labelled.text, identifiers, names))


def spans_found(
    text: str, identifiers: Iterable[Identifier], names: Iterable[NameHit]
) -> list[LabelledSpan]:
    """Findings in ``text`` as labelled spans (kinds eds-pseudo does not label are left out)."""
    spans: list[LabelledSpan] = []
    for identifier in identifiers:
        spans += _identifier_spans(text, identifier)
    for hit in names:
        spans += name_spans(text, hit)
    return sorted(spans, key=lambda s: (s.start, s.label))


def name_spans(text: str, hit: NameHit) -> list[LabelledSpan]:
    """The ``NOM`` and ``PRENOM`` spans inside a name hit's span."""
    start, end = hit.location.start, hit.location.end
    spans: list[LabelledSpan] = []
    taken: list[tuple[int, int]] = []
    for family in (hit.family_name, hit.birth_name):
        for lo, hi in _words_in(text, start, end, family, taken):
            spans.append(LabelledSpan(Label.NOM, lo, hi, text[lo:hi]))
            taken.append((lo, hi))
    for lo, hi in _words_in(text, start, end, hit.given_names, taken):
        spans.append(LabelledSpan(Label.PRENOM, lo, hi, text[lo:hi]))
    return spans


def compare(labelled: LabelledText, found: Sequence[LabelledSpan]) -> Comparison:
    """Which labelled spans were found, and which found spans no label supports."""
    missed = tuple(s for s in labelled.spans if not any(_same(s, f) for f in found))
    spurious = tuple(f for f in found if not any(_same(f, s) for s in labelled.spans))
    return Comparison(labelled.source, labelled.spans, tuple(found), missed, spurious)


def score_labels(comparisons: Iterable[Comparison]) -> tuple[LabelScore, ...]:
    """Per-label counts over all texts, in ``Label`` order."""
    counts = {label: [0, 0, 0, 0] for label in Label}
    for comparison in comparisons:
        for span in comparison.labelled:
            counts[span.label][0] += 1
        for span in comparison.missed:
            counts[span.label][1] += 1
        for span in comparison.found:
            counts[span.label][2] += 1
        for span in comparison.spurious:
            counts[span.label][3] += 1
    return tuple(
        LabelScore(label, support, support - missed, found, found - spurious)
        for label, (support, missed, found, spurious) in counts.items()
    )


@dataclass(frozen=True, slots=True)
class DateRoles:
    """Birth dates told from other dates: of the labelled dates found as a date of either
    kind, how many got the right kind; ``labelled`` counts all labelled dates."""

    labelled: int
    found: int
    right: int

    @property
    def accuracy(self) -> float | None:
        """Share of found dates given the right kind; ``None`` when none was found."""
        return self.right / self.found if self.found else None


def score_date_roles(comparisons: Iterable[Comparison]) -> DateRoles:
    """How well birth dates are told apart from exam, admission and signature dates."""
    labelled = found = right = 0
    for comparison in comparisons:
        dates = [f for f in comparison.found if f.label in _DATE_LABELS]
        for span in comparison.labelled:
            if span.label not in _DATE_LABELS:
                continue
            labelled += 1
            match = next((f for f in dates if f.start < span.end and span.start < f.end), None)
            if match is not None:
                found += 1
                right += match.label is span.label
    return DateRoles(labelled, found, right)


def _identifier_spans(text: str, identifier: Identifier) -> list[LabelledSpan]:
    start, end = identifier.location.start, identifier.location.end
    if identifier.kind is IdentifierKind.POSTCODE:
        return _postcode_spans(text, start, end)
    label = IDENTIFIER_LABEL.get(identifier.kind)
    return [] if label is None else [LabelledSpan(label, start, end, text[start:end])]


def _postcode_spans(text: str, start: int, end: int) -> list[LabelledSpan]:
    """A ``ZIP`` span for the code and a ``VILLE`` span for the city before or after it."""
    code = _CODE.search(text, start, end)
    if code is None:
        return []
    spans = [LabelledSpan(Label.ZIP, code.start(), code.end(), code.group())]
    for lo, hi in ((start, code.start()), (code.end(), end)):
        city = _CITY.search(text, lo, hi)
        if city is not None:
            city_end = city.start() + len(text[city.start() : hi].rstrip(" \t,("))
            spans.append(
                LabelledSpan(Label.VILLE, city.start(), city_end, text[city.start() : city_end])
            )
    return spans


def _words_in(
    text: str, start: int, end: int, words: str, taken: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Where each word of ``words`` sits in ``text[start:end]``, adjacent words merged."""
    found: list[tuple[int, int]] = []
    cursor = start
    folded = fold(text)
    for word in words.split():
        position = _free_find(folded, fold(word), cursor, end, taken)
        if position < 0:
            continue
        span = (position, position + len(word))
        if found and span[0] - found[-1][1] <= 1:
            found[-1] = (found[-1][0], span[1])
        else:
            found.append(span)
        cursor = span[1]
    return found


def _free_find(text: str, word: str, start: int, end: int, taken: list[tuple[int, int]]) -> int:
    position = text.find(word, start, end)
    while position >= 0 and any(lo < position + len(word) and position < hi for lo, hi in taken):
        position = text.find(word, position + 1, end)
    return position


def _same(a: LabelledSpan, b: LabelledSpan) -> bool:
    return a.label is b.label and a.start < b.end and b.start < a.end
