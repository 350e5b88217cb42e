"""From attributions to exposures: who is exposed, with what, how severely.

A patient's decision is ``notify`` when one mention attributes them with enough
certainty, else ``review``; confidence is the best mention's probability. Categories
are the union over the mentions that point at the patient, a review candidate included
(a reviewer must see everything at stake).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import date

from leakmap.assess.enisa import BreachCircumstances, grade_severity
from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.detect.findings import Role
from leakmap.group.mention import PersonMention
from leakmap.link.attribution import Attribution
from leakmap.link.registry import Patient
from leakmap.vocabulary import IDENTITY_CATEGORIES, Category, Decision

_MINOR_AGE = 18


def assess_exposures(
    attributions: Sequence[Attribution],
    patients: Mapping[str, Patient],
    *,
    today: date,
    circumstances: BreachCircumstances | None = None,
) -> list[Exposure]:
    """One exposure per registry patient that any attribution points at."""
    best: dict[str, float] = defaultdict(float)
    notify: set[str] = set()
    mentions: dict[str, list[PersonMention]] = defaultdict(list)
    for attribution in attributions:
        if attribution.decision is None:
            continue
        for candidate in attribution.candidates:
            pid = candidate.patient_id
            is_best = pid == attribution.patient_id
            if not is_best and attribution.decision is Decision.NOTIFY:
                continue
            mentions[pid].append(attribution.mention)
            best[pid] = max(best[pid], candidate.probability)
            if is_best and attribution.decision is Decision.NOTIFY:
                notify.add(pid)
    return [
        _exposure(
            pid, pid in notify, best[pid], mentions[pid], patients.get(pid), today, circumstances
        )
        for pid in sorted(mentions)
    ]


def _exposure(
    patient_id: str,
    is_notify: bool,
    confidence: float,
    mentions: list[PersonMention],
    patient: Patient | None,
    today: date,
    circumstances: BreachCircumstances | None,
) -> Exposure:
    categories = frozenset().union(*(m.categories for m in mentions)) | {Category.NAME}
    minor = bool(patient and patient.birth_date and _age(patient.birth_date, today) < _MINOR_AGE)
    severity = grade_severity(
        categories,
        identifiers_linked=categories & IDENTITY_CATEGORIES,
        minor=minor,
        vulnerable=False,
        circumstances=circumstances or BreachCircumstances(),
    )
    documents = tuple(sorted({m.document for m in mentions}))
    return Exposure(
        patient_id=patient_id,
        decision=Decision.NOTIFY if is_notify else Decision.REVIEW,
        confidence=round(confidence, 4),
        severity=severity,
        categories=categories,
        documents=documents,
        mention_keys=tuple(sorted({m.key for m in mentions})),
    )


def assess_unregistered(clusters: Sequence[Sequence[PersonMention]]) -> list[UnregisteredPerson]:
    """One unregistered person per cluster of mentions."""
    people = []
    for cluster in clusters:
        named = _representative(cluster)
        people.append(
            UnregisteredPerson(
                family_name=named.family_name,
                given_names=named.given_names,
                birth_date=next((m.birth_date for m in cluster if m.birth_date), None),
                categories=frozenset().union(*(m.categories for m in cluster)) | {Category.NAME},
                documents=tuple(sorted({m.document for m in cluster})),
                mention_keys=tuple(sorted(m.key for m in cluster)),
                staff=any(m.role is Role.STAFF for m in cluster),
            )
        )
    return people


def _representative(cluster: Sequence[PersonMention]) -> PersonMention:
    """The mention whose spelling most of the cluster shares (a slip or stray letters in
    one file lose to the other files), then one with a birth date and the fullest names."""
    spellings = Counter((m.family_name.casefold(), m.given_names.casefold()) for m in cluster)
    return max(
        cluster,
        key=lambda m: (
            spellings[(m.family_name.casefold(), m.given_names.casefold())],
            m.birth_date is not None,
            len(m.given_names),
        ),
    )


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
