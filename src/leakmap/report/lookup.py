"""Hotline lookup: is the caller affected, with which categories and decision?

Two layers. ``lookup_person`` is the tolerant matcher below. ``answer_caller`` is what a
caller is told, and it answers for one person only: it needs the family name, a given
name and the birth date together (or the IPP and the birth date), accepts only matches
that name one person without guessing at spelling (accents, case, hyphens, the birth
name and swapped family/given names are forgiven; a close spelling or a swapped day and
month is not), and says "affected" with that person's categories or "not found", never
which namesakes exist, their ids or their decisions. A not-affected registry patient and
a stranger both get "not found": being a patient of the hospital is itself health data.
The answer never says more than the letter would: for a minor (on the day of the call),
the care that is confidential from the parents (``recipients.CONFIDENTIAL_FROM_PARENTS``,
the rule that holds their letter) is left out and the call is marked for a reviewer, as
the letter is. People found in the leak who are in no registry (relatives, patients of
other sites, staff) are answered by the same full-identity rule.

A caller spells their name as they can over the phone: accents dropped, hyphens and
particles lost, a married name instead of the birth name, given names in another order,
day and month of birth swapped. The lookup compares normalised names (no accents, case,
punctuation), accepts a close spelling (Jaro-Winkler similarity, or one edit for short
names), tries the birth name as well as the name in use, and accepts a birth date with
day and month swapped. It answers per registry patient, never with documents: the
operator reads out categories in plain words and the decision, nothing else.

An answer is written in one language, its wording and its categories alike: the one the
user speaks (``leakmap.i18n``) unless ``language`` says otherwise. The matcher's notes are
English msgids, translated when shown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.errors import LeakmapError
from leakmap.i18n import N_, _, active_language, speaking
from leakmap.link.registry import Patient
from leakmap.report.plain_words import category_phrases
from leakmap.report.recipients import CONFIDENTIAL_FROM_PARENTS, MINOR_AGE, age_on
from leakmap.vocabulary import Category, Decision, Severity

#: The one line a caller's incomplete question gets (``leakmap lookup``, exit 2), in
#: English: ``LookupRefused`` carries it in the user's language.
LOOKUP_REFUSAL = N_(
    "give the family name, a given name and the birth date (or the IPP and the birth date)"
)
_BIRTH_NAME_NOTE = N_("matched the birth name")
_SWAPPED_NAMES_NOTE = N_("family and given names swapped")
_SWAPPED_DATE_NOTE = N_("birth date with day and month swapped")
_CLOSE_FAMILY_NOTE = N_("family name spelled differently")
_CLOSE_BIRTH_NAME_NOTE = N_("birth name spelled differently")
_CLOSE_GIVEN_NOTE = N_("given name spelled differently")
#: Notes of a match that still names one person exactly (no spelling is guessed at).
_EXACT_NOTES = frozenset({_BIRTH_NAME_NOTE, _SWAPPED_NAMES_NOTE})
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


def format_lookup(answers: Sequence[LookupAnswer], *, language: str | None = None) -> str:
    """The answer as an operator reads it: decision and categories, no document.

    In ``language`` (default: the user's), wording and categories alike.
    """
    language = language or active_language()
    with speaking(language):
        if not answers:
            return _("no registry patient matches; the caller may be among unregistered people")
        lines = []
        for answer in answers:
            lines.append(
                _("{patient_id}: {status} (match {match})").format(
                    patient_id=answer.patient_id,
                    status=_lookup_status(answer),
                    match=_(_MATCH_WORDS[answer.match]),
                )
            )
            if answer.categories:
                lines.append("  " + "; ".join(category_phrases(answer.categories, language)))
            lines += [_("  note: {note}").format(note=_(note)) for note in answer.notes]
        return "\n".join(lines)


_MATCH_WORDS = {MatchQuality.EXACT: N_("exact"), MatchQuality.CLOSE: N_("close")}
_DECISION_WORDS = {Decision.NOTIFY: N_("notify"), Decision.REVIEW: N_("review")}


def _lookup_status(answer: LookupAnswer) -> str:
    if not answer.affected:
        return _("not affected")
    if answer.decision is None:
        return ""
    return _(_DECISION_WORDS[answer.decision])


class LookupRefused(LeakmapError):
    """A caller's question names no single person (a surname alone, no birth date)."""

    exit_code = 2


class CallerStatus(StrEnum):
    """What a caller is told: ``ambiguous`` when several records share the exact identity."""

    AFFECTED = "affected"
    NOT_FOUND = "not found"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True, slots=True)
class CallerQuery:
    """The details a caller gives; empty strings and ``None`` for what they did not give."""

    family_name: str = ""
    given_names: str = ""
    birth_date: date | None = None
    ipp: str = ""

    @property
    def names_one_person(self) -> bool:
        """Whether the details are enough to answer for one person (else refuse)."""
        if self.birth_date is None:
            return False
        by_name = bool(normalise_name(self.family_name) and normalise_name(self.given_names))
        return by_name or bool(self.ipp.strip())

    def canonical(self) -> str:
        """The question in one normalised line: what the audit log hashes (never stores)."""
        born = self.birth_date.isoformat() if self.birth_date else ""
        family, given = normalise_name(self.family_name), normalise_name(self.given_names)
        return f"ipp={self.ipp.strip()}|family={family}|given={given}|born={born}"


@dataclass(frozen=True, slots=True)
class CallerAnswer:
    """The answer for the caller alone; ``to_confirm`` when a reviewer still checks it."""

    status: CallerStatus
    categories: frozenset[Category] = frozenset()
    to_confirm: bool = False


def answer_caller(
    query: CallerQuery,
    *,
    exposures: Sequence[Exposure],
    patients: Mapping[str, Patient],
    unregistered: Sequence[UnregisteredPerson] = (),
    on: date | None = None,
) -> CallerAnswer:
    """Affected (with categories) or not found, for the one person ``query`` names.

    Raises ``LookupRefused`` when the query does not name one person. Several records
    with exactly the caller's identity (registry duplicates, a twin-like homonym) give
    ``ambiguous`` and no categories: a reviewer must take the call. ``on`` (default
    today) is the day of the call, which says who is a minor.
    """
    if not query.names_one_person:
        raise LookupRefused(_(LOOKUP_REFUSAL))
    day = on or date.today()
    by_patient = {e.patient_id: e for e in exposures}
    found: list[CallerAnswer] = [
        _patient_answer(by_patient.get(pid), query.birth_date, day)
        for pid in _exact_patients(query, patients)
    ]
    if not query.ipp.strip():
        found += [
            _withhold_from_parents(
                CallerAnswer(CallerStatus.AFFECTED, person.categories, not person.staff),
                person.birth_date,
                day,
            )
            for person in unregistered
            if _is_unregistered_caller(person, query)
        ]
    if len(found) > 1:
        return CallerAnswer(CallerStatus.AMBIGUOUS)
    return found[0] if found else CallerAnswer(CallerStatus.NOT_FOUND)


def format_caller_answer(answer: CallerAnswer, *, language: str | None = None) -> str:
    """The answer as the operator reads it out: no id, no document, no one else.

    In ``language`` (default: the user's), wording and categories alike.
    """
    language = language or active_language()
    with speaking(language):
        if answer.status is CallerStatus.AMBIGUOUS:
            return _("ambiguous: several records match these details; pass the call to a reviewer")
        if answer.status is CallerStatus.NOT_FOUND:
            return _("not found")
        lines = [
            _("affected (a reviewer is still confirming it)")
            if answer.to_confirm
            else _("affected")
        ]
        if answer.categories:
            lines.append("  " + "; ".join(category_phrases(answer.categories, language)))
        return "\n".join(lines)


def _exact_patients(query: CallerQuery, patients: Mapping[str, Patient]) -> list[str]:
    """Ids of the registry patients the query names exactly (IPP or full identity)."""
    ipp = query.ipp.strip()
    if ipp:
        patient = patients.get(ipp)
        matches = patient is not None and patient.birth_date == query.birth_date
        return [ipp] if matches else []
    found = []
    for patient in patients.values():
        if patient.birth_date != query.birth_date:
            continue
        notes = _match(patient, query.family_name, query.given_names, query.birth_date)
        if notes is not None and set(notes) <= _EXACT_NOTES:
            found.append(patient.patient_id)
    return found


def _patient_answer(exposure: Exposure | None, born: date | None, day: date) -> CallerAnswer:
    if exposure is None:
        return CallerAnswer(CallerStatus.NOT_FOUND)
    answer = CallerAnswer(
        CallerStatus.AFFECTED,
        exposure.categories,
        to_confirm=exposure.decision is not Decision.NOTIFY,
    )
    return _withhold_from_parents(answer, born, day)


def _withhold_from_parents(answer: CallerAnswer, born: date | None, day: date) -> CallerAnswer:
    """A minor's confidential care left out, the call marked for a reviewer (as the letter is).

    The caller of a minor's line is most often a parent, whom that care is kept from.
    """
    is_minor = born is not None and age_on(born, day) < MINOR_AGE
    if not is_minor or not answer.categories & CONFIDENTIAL_FROM_PARENTS:
        return answer
    return CallerAnswer(answer.status, answer.categories - CONFIDENTIAL_FROM_PARENTS, True)


def _is_unregistered_caller(person: UnregisteredPerson, query: CallerQuery) -> bool:
    if person.birth_date is None or person.birth_date != query.birth_date:
        return False
    family, given = normalise_name(person.family_name), normalise_name(person.given_names)
    return family == normalise_name(query.family_name) and (
        normalise_name(query.given_names).split()[:1] == given.split()[:1]
        or normalise_name(query.given_names) == given
    )


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
        notes.append(_SWAPPED_DATE_NOTE)
    family = _family_match(patient, family_name)
    given = _given_match(patient.given_names, given_names)
    if family is None or given is None:
        family = _family_match(patient, given_names)
        given = _given_match(patient.given_names, family_name)
        if family is None or given is None:
            return None
        notes.append(_SWAPPED_NAMES_NOTE)
    return [*notes, *family, *given]


def _family_match(patient: Patient, said: str) -> list[str] | None:
    heard = normalise_name(said)
    if not heard:
        return None
    for registry, exact, close in (
        (patient.family_name, None, _CLOSE_FAMILY_NOTE),
        (patient.birth_name, _BIRTH_NAME_NOTE, _CLOSE_BIRTH_NAME_NOTE),
    ):
        quality = _name_quality(normalise_name(registry), heard)
        if quality is MatchQuality.EXACT:
            return [exact] if exact else []
        if quality is MatchQuality.CLOSE:
            return [close]
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
        return [_CLOSE_GIVEN_NOTE]
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
