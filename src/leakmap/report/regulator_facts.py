"""The figures of a regulator notification, counted once from the case's results.

GDPR Art. 33(3) asks for the categories and approximate numbers of people and of
records concerned; the French authority's form adds minors, deceased people and special
categories. Everything the report, its charts and the breach register show is counted
here, so that the three agree. People are registry patients judged exposed (``notify``
and ``review``); people outside the registry are counted apart, since they are only
approximately grouped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.link.registry import Patient
from leakmap.report.recipients import MINOR_AGE, age_on
from leakmap.report.rows import DocumentRow
from leakmap.vocabulary import HEALTH_CATEGORIES, Category, Decision, FileKind, ReadStatus, Severity

ROOT_FOLDER = "(racine)"


@dataclass(frozen=True, slots=True)
class RegulatorFacts:
    """Counts for the notification; every tuple is in a stable, documented order."""

    people_notify: int
    people_review: int
    people_unregistered: int
    staff: int
    minors: int
    deceased: int
    health_people: int
    by_category: tuple[tuple[Category, int], ...]
    by_severity: tuple[tuple[Severity, int], ...]
    by_folder: tuple[tuple[str, int], ...]
    by_kind_status: tuple[tuple[FileKind, ReadStatus, int], ...]
    documents_total: int
    documents_with_people: int
    pages_total: int
    person_documents: int
    categories_present: frozenset[Category]

    @property
    def people_registered(self) -> int:
        """Registry patients exposed, confirmed or to confirm."""
        return self.people_notify + self.people_review


def count_facts(
    *,
    exposures: Sequence[Exposure],
    unregistered: Sequence[UnregisteredPerson],
    documents: Sequence[DocumentRow],
    patients: Mapping[str, Patient],
    on: date,
    deceased: frozenset[str] = frozenset(),
    staff: Sequence[UnregisteredPerson] = (),
) -> RegulatorFacts:
    """Count people, categories, severities, folders and documents for the report."""
    decisions = Counter(e.decision for e in exposures)
    categories = Counter(c for e in exposures for c in e.categories)
    severities = Counter(e.severity.severity for e in exposures)
    kinds = Counter((d.kind, d.status) for d in documents)
    return RegulatorFacts(
        people_notify=decisions[Decision.NOTIFY],
        people_review=decisions[Decision.REVIEW],
        people_unregistered=len(unregistered),
        staff=len(staff),
        minors=sum(_is_minor(patients.get(e.patient_id), on) for e in exposures),
        deceased=sum(e.patient_id in deceased or Category.DEATH in e.categories for e in exposures),
        health_people=sum(bool(e.categories & HEALTH_CATEGORIES) for e in exposures),
        by_category=tuple((c, categories[c]) for c in Category if categories[c]),
        by_severity=tuple((s, severities[s]) for s in Severity),
        by_folder=_people_by_folder(exposures),
        by_kind_status=tuple(
            (k, s, kinds[(k, s)]) for k in FileKind for s in ReadStatus if kinds[(k, s)]
        ),
        documents_total=len(documents),
        documents_with_people=sum(d.patients > 0 or bool(d.categories) for d in documents),
        pages_total=sum(d.pages for d in documents),
        person_documents=sum(len(e.documents) for e in exposures),
        categories_present=frozenset(categories)
        | frozenset(c for p in unregistered for c in p.categories),
    )


def department_folder(path: str) -> str:
    """The first folder of a leak path, looking inside archives (``a.zip!/Cardio/x.pdf``).

    Hospitals' shares are organised by department, so the first folder is the best
    guess of where in the hospital a file came from; files at the root get ``(racine)``.
    """
    for segment in path.split("!/"):
        parts = [p for p in segment.split("/") if p]
        if len(parts) > 1:
            return parts[0]
    return ROOT_FOLDER


def _people_by_folder(exposures: Sequence[Exposure]) -> tuple[tuple[str, int], ...]:
    people: dict[str, set[str]] = defaultdict(set)
    for exposure in exposures:
        for document in exposure.documents:
            people[department_folder(document)].add(exposure.patient_id)
    counted = [(folder, len(ids)) for folder, ids in people.items()]
    return tuple(sorted(counted, key=lambda item: (-item[1], item[0])))


def _is_minor(patient: Patient | None, on: date) -> bool:
    return bool(patient and patient.birth_date and age_on(patient.birth_date, on) < MINOR_AGE)
