"""Hotline lookup: is the caller affected, with which categories and decision?

A caller spells their name as they can over the phone: accents dropped, hyphens and
particles lost, a married name instead of the birth name, given names in another order,
day and month of birth swapped. The lookup compares normalised names (no accents, case,
punctuation), accepts a close spelling (Jaro-Winkler similarity, or one edit for short
names), tries the birth name as well as the name in use, and accepts a birth date with
day and month swapped. It answers per registry patient, never with documents: the
operator reads out categories in plain words and the decision, nothing else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from leakmap.assess.exposure import Exposure
from leakmap.link.registry import Patient
from leakmap.report.plain_words import category_phrases
from leakmap.vocabulary import Category, Decision, Severity

_CLOSE_NAME = 0.9
_SHORT_NAME = 5
_NON_LETTERS = re.compile(r"[^a-z]+")
# Latin letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "œ": "oe", "æ": "ae"})


class MatchQuality(StrEnum):
    """How the caller's details matched the registry."""

    EXACT = "exact"
    CLOSE = "close"


@dataclass(frozen=True, slots=True)
class LookupAnswer:
    """One registry patient the caller may be; ``affected`` false if in no exposure.

    ``notes`` say where the match was approximate (``family name close``, ``birth
    date with day and month swapped``) so the operator can check with the caller.
    """

    patient_id: str
    match: MatchQuality
    affected: bool
    decision: Decision | None
    categories: frozenset[Category]
    severity: Severity | None
    notes: tuple[str, ...]


def lookup_person(
    exposures: Sequence[Exposure],
    patients: Mapping[str, Patient],
    *,
    family_name: str,
    given_names: str,
    birth_date: date | None,
) -> tuple[LookupAnswer, ...]:
    """Every registry patient matching the caller, affected or not; exact matches first.

    An empty answer means no registry patient matches: the caller may still be among the
    unregistered people, which a reviewer must check.
    """
    by_patient = {e.patient_id: e for e in exposures}
    answers = []
    for patient in patients.values():
        notes = _match(patient, family_name, given_names, birth_date)
        if notes is None:
            continue
        answers.append(_answer(patient.patient_id, notes, by_patient.get(patient.patient_id)))
    return tuple(sorted(answers, key=lambda a: (a.match is not MatchQuality.EXACT, a.patient_id)))


def format_lookup(answers: Sequence[LookupAnswer], *, language: str = "fr") -> str:
    """The answer as an operator reads it: decision and categories, no document."""
    if not answers:
        return "no registry patient matches; the caller may be among unregistered people"
    lines = []
    for answer in answers:
        status = (
            (answer.decision.value if answer.decision else "")
            if answer.affected
            else "not affected"
        )
        lines.append(f"{answer.patient_id}: {status} (match {answer.match.value})")
        if answer.categories:
            lines.append("  " + "; ".join(category_phrases(answer.categories, language)))
        lines += [f"  note: {note}" for note in answer.notes]
    return "\n".join(lines)


def normalise_name(name: str) -> str:
    """Lower case, accents dropped, anything but letters turned into single spaces."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_LETTERS.sub(" ", letters.translate(_UNDECOMPOSED)).strip()


def _answer(patient_id: str, notes: list[str], exposure: Exposure | None) -> LookupAnswer:
    return LookupAnswer(
        patient_id=patient_id,
        match=MatchQuality.CLOSE if notes else MatchQuality.EXACT,
        affected=exposure is not None,
        decision=exposure.decision if exposure else None,
        categories=exposure.categories if exposure else frozenset(),
        severity=exposure.severity.severity if exposure else None,
        notes=tuple(notes),
    )


def _match(
    patient: Patient, family_name: str, given_names: str, birth_date: date | None
) -> list[str] | None:
    """The notes of an approximate match, an empty list for an exact one, None for none."""
    notes: list[str] = []
    if birth_date and patient.birth_date and patient.birth_date != birth_date:
        if not _swapped(patient.birth_date, birth_date):
            return None
        notes.append("birth date with day and month swapped")
    family = _family_match(patient, family_name)
    given = _given_match(patient.given_names, given_names)
    if family is None or given is None:
        family = _family_match(patient, given_names)
        given = _given_match(patient.given_names, family_name)
        if family is None or given is None:
            return None
        notes.append("family and given names swapped")
    return [*notes, *family, *given]


def _family_match(patient: Patient, said: str) -> list[str] | None:
    heard = normalise_name(said)
    if not heard:
        return None
    for registry, label in (
        (patient.family_name, "family name"),
        (patient.birth_name, "birth name"),
    ):
        quality = _name_quality(normalise_name(registry), heard)
        if quality is MatchQuality.EXACT:
            return [] if label == "family name" else ["matched the birth name"]
        if quality is MatchQuality.CLOSE:
            return [f"{label} spelled differently"]
    return None


def _given_match(registry: str, said: str) -> list[str] | None:
    """The caller's first given name against any of the registry's given names."""
    heard = normalise_name(said).split()
    if not heard:
        return []
    first = heard[0]
    known = normalise_name(registry).split()
    if normalise_name(registry) == " ".join(heard) or first in known:
        return []
    if any(_name_quality(k, first) is MatchQuality.CLOSE for k in known):
        return ["given name spelled differently"]
    return None


def _name_quality(registry: str, heard: str) -> MatchQuality | None:
    if not registry:
        return None
    if registry == heard or registry.replace(" ", "") == heard.replace(" ", ""):
        return MatchQuality.EXACT
    parts = registry.split()
    if len(parts) > 1 and heard in parts:
        return MatchQuality.CLOSE
    if JaroWinkler.similarity(registry, heard) >= _CLOSE_NAME:
        return MatchQuality.CLOSE
    allowed = 1 if len(registry) <= _SHORT_NAME else 2
    if DamerauLevenshtein.distance(registry, heard) <= allowed:
        return MatchQuality.CLOSE
    return None


def _swapped(registry: date, heard: date) -> bool:
    return (registry.year, registry.month, registry.day) == (heard.year, heard.day, heard.month)
