"""Registry duplicates: one person, two records; what the leak shows goes to the one kept.

Registries keep the second record of a person after a merge, marked in its names
("DUPONT Marie DOUBLON", "FUSIONNÉ avec IPP 000123", "NE PAS UTILISER voir 000123": the
marker table ``data/duplicate_records.toml``). A leaked file of before the merge carries
the duplicate's IPP; linkage attributes it to that record, and another file to the kept
one: two letters to one person, or a review between a person and their own duplicate.

``find_duplicate_records`` pairs each marked record with its survivor: the patient_id it
names, else the one unmarked record born the same day whose family name and first given
name it holds. ``merge_duplicate_records`` then rewrites attributions after linkage: a
duplicate's mention is its survivor's, and candidates of one person add up (a mention
split 50/50 between a person and their duplicate is that person's, certain enough to
notify when no field of either record contradicts it). A marked record with no survivor
is left as it is (a test record, never notified: ``registry_test_records``). Unmarked
records sharing name and birth date are not merged: they may be two people (homonyms
born the same day), which a person settles in review.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources

from leakmap.detect.text import name_key
from leakmap.link.attribution import Attribution, Candidate
from leakmap.link.linker import contradicted
from leakmap.link.registry import Patient
from leakmap.vocabulary import Decision

TABLE_FILE = "duplicate_records.toml"


@dataclass(frozen=True, slots=True)
class DuplicateMarkers:
    """The marker table, parsed: whole words and phrases (tuples of words in order)."""

    version: str
    words: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class DuplicateRecord:
    """A registry record that is another record's person: ``survivor`` is the record
    kept; ``reason`` says how it was told (``named:patient_id`` or ``same:name+birth_date``),
    never the person's name."""

    patient_id: str
    survivor: str
    reason: str


@cache
def load_duplicate_markers() -> DuplicateMarkers:
    """The package's table (``leakmap/data/duplicate_records.toml``), read once."""
    text = resources.files("leakmap").joinpath("data", TABLE_FILE).read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    return DuplicateMarkers(
        version=str(raw["version"]),
        words=frozenset(name_key(w) for w in raw["words"]),
        phrases=tuple(tuple(name_key(p).split()) for p in raw["phrases"]),
    )


def find_duplicate_records(
    patients: Sequence[Patient], markers: DuplicateMarkers | None = None
) -> dict[str, DuplicateRecord]:
    """Each marked duplicate with a survivor, by the duplicate's patient_id."""
    markers = markers or load_duplicate_markers()
    marked = [p for p in patients if _is_marked(p, markers)]
    if not marked:
        return {}
    marked_ids = {p.patient_id for p in marked}
    kept = {p.patient_id: p for p in patients if p.patient_id not in marked_ids}
    born: dict[date, list[Patient]] = defaultdict(list)
    for patient in kept.values():
        if patient.birth_date is not None:
            born[patient.birth_date].append(patient)
    found: dict[str, DuplicateRecord] = {}
    for duplicate in marked:
        record = _survivor(duplicate, kept, born)
        if record is not None:
            found[duplicate.patient_id] = record
    return found


def merge_duplicate_records(
    attributions: Iterable[Attribution],
    duplicates: dict[str, DuplicateRecord],
    *,
    notify_threshold: float,
) -> list[Attribution]:
    """Attributions with every duplicate replaced by its survivor (see the module)."""
    if not duplicates:
        return list(attributions)
    return [_merged(a, duplicates, notify_threshold) for a in attributions]


def _merged(
    attribution: Attribution, duplicates: dict[str, DuplicateRecord], notify_threshold: float
) -> Attribution:
    def kept(patient_id: str) -> str:
        record = duplicates.get(patient_id)
        return record.survivor if record is not None else patient_id

    touched = attribution.patient_id in duplicates or any(
        c.patient_id in duplicates for c in attribution.candidates
    )
    if not touched:
        return attribution
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in attribution.candidates:
        groups[kept(candidate.patient_id)].append(candidate)
    candidates = sorted(
        (_one_person(pid, group) for pid, group in groups.items()), key=lambda c: -c.probability
    )
    patient_id = kept(attribution.patient_id) if attribution.patient_id else None
    decision = attribution.decision
    best = candidates[0] if candidates else None
    if (
        decision is Decision.REVIEW
        and best is not None
        and best.probability >= notify_threshold
        and not any(contradicted(c) for c in groups[best.patient_id])
    ):
        patient_id, decision = best.patient_id, Decision.NOTIFY
    confidence = next(
        (c.probability for c in candidates if c.patient_id == patient_id),
        attribution.confidence,
    )
    return replace(
        attribution,
        patient_id=patient_id,
        confidence=confidence,
        decision=decision,
        candidates=tuple(candidates),
    )


def _one_person(patient_id: str, group: list[Candidate]) -> Candidate:
    """One person's candidate from their records': the probabilities add up, the
    strongest record's weight and agreements speak for it."""
    strongest = max(group, key=lambda c: c.match_weight)
    total = min(1.0, sum(c.probability for c in group))
    return Candidate(patient_id, total, strongest.match_weight, strongest.agreements)


def _survivor(
    duplicate: Patient, kept: dict[str, Patient], born: dict[date, list[Patient]]
) -> DuplicateRecord | None:
    words = _words(duplicate)
    named = [w for w in words if w in kept]
    if len(named) == 1:
        return DuplicateRecord(duplicate.patient_id, named[0], "named:patient_id")
    if duplicate.birth_date is None:
        return None
    same = [p for p in born.get(duplicate.birth_date, []) if _holds_name_of(words, p)]
    if len(same) == 1:
        return DuplicateRecord(duplicate.patient_id, same[0].patient_id, "same:name+birth_date")
    return None


def _holds_name_of(words: set[str], patient: Patient) -> bool:
    family = set(name_key(patient.family_name).split())
    given = name_key(patient.given_names).split()
    return bool(family) and family <= words and bool(given) and given[0] in words


def _is_marked(patient: Patient, markers: DuplicateMarkers) -> bool:
    words = _words(patient)
    if words & markers.words:
        return True
    text = f" {' '.join(_name_fields(patient))} "
    return any(f" {' '.join(phrase)} " in text for phrase in markers.phrases)


def _name_fields(patient: Patient) -> list[str]:
    names = (patient.family_name, patient.birth_name, patient.given_names)
    return [name_key(name) for name in names if name]


def _words(patient: Patient) -> set[str]:
    return {word for name in _name_fields(patient) for word in name.split()}
