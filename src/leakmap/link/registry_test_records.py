"""Registry test and dummy records: patients nobody is, never to be notified.

Hospitals' registries hold patients their staff created to try the software ("TEST
Patient", "ZZTEST Jean", "PATIENT FICTIF", "DOUBLON NE PAS UTILISER") and IPP ranges kept
for tests. A leak of their rows exposes nobody, and a letter to them would go to a
made-up address. ``find_test_records`` tells them from the registry with the marker table
``data/test_records.toml`` (words matched whole, so "TESTU" stays a patient) and the
hospital's own ``--test-pattern`` regular expressions on ``patient_id``;
``set_apart_test_records`` takes their attributions out after linkage, so they are
neither in ``affected.csv`` nor written to, and are reported apart (``test_records.csv``).

Linkage still sees them: a leaked "TEST Patient" row must go to the test record, not to
a real homonym, nor to ``unregistered.csv``.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources

from leakmap.detect.text import name_key
from leakmap.errors import ScanCannotRun
from leakmap.link.attribution import Attribution
from leakmap.link.registry import Patient
from leakmap.vocabulary import Decision

TABLE_FILE = "test_records.toml"


@dataclass(frozen=True, slots=True)
class MarkerTable:
    """The marker table, parsed: what makes a registry row a test record.

    ``strong_words`` and ``strong_patterns`` (compiled, matched on a whole folded word),
    ``phrases`` (tuples of words in order) mark a record alone; ``weak_words`` only with
    a strong marker or a birth date in ``dummy_birth_dates``.
    """

    version: str
    strong_words: frozenset[str]
    strong_patterns: tuple[re.Pattern[str], ...]
    phrases: tuple[tuple[str, ...], ...]
    weak_words: frozenset[str]
    dummy_birth_dates: frozenset[date]


@dataclass(frozen=True, slots=True)
class RegistryTestRecord:
    """A registry patient recognised as a test record, and the rule that said so
    (``name:TEST``, ``name:/ZZ[A-Z0-9]*/``, ``phrase:NE PAS UTILISER``,
    ``name:ANONYME+birth_date:1900-01-01``, ``patient_id:/^9999/``): the rule's own text,
    never the patient's name."""

    patient_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class SeenTestRecord:
    """A test record the leak names: one ``test_records.csv`` row. ``documents`` are
    the leaked files (paths) its mentions are in."""

    patient_id: str
    reason: str
    documents: tuple[str, ...]


@cache
def load_marker_table() -> MarkerTable:
    """The package's marker table (``leakmap/data/test_records.toml``), read once."""
    text = resources.files("leakmap").joinpath("data", TABLE_FILE).read_text(encoding="utf-8")
    return parse_marker_table(tomllib.loads(text))


def parse_marker_table(raw: dict[str, object]) -> MarkerTable:
    """A marker table from its TOML form; ``KeyError``/``TypeError`` on a bad shape."""
    strong, weak, dates = (_section(raw, name) for name in ("strong", "weak", "birth_dates"))
    return MarkerTable(
        version=str(raw["version"]),
        strong_words=frozenset(name_key(w) for w in _strings(strong, "words")),
        strong_patterns=tuple(re.compile(p) for p in _strings(strong, "word_patterns")),
        phrases=tuple(tuple(name_key(p).split()) for p in _strings(strong, "phrases")),
        weak_words=frozenset(name_key(w) for w in _strings(weak, "words")),
        dummy_birth_dates=frozenset(date.fromisoformat(d) for d in _strings(dates, "dummy")),
    )


def compile_test_patterns(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """The hospital's ``--test-pattern`` expressions, compiled; every bad one reported at
    once in a ``ScanCannotRun`` that says which and how to fix it."""
    compiled, problems = [], []
    for number, pattern in enumerate(patterns, start=1):
        try:
            compiled.append(re.compile(pattern))
        except re.error as error:
            problems.append(f"--test-pattern #{number} {pattern!r} is not a regular expression ({error})")  # fmt: skip
    if problems:
        raise ScanCannotRun("; ".join(problems) + "; fix it (Python re syntax, e.g. '^9999')")
    return tuple(compiled)


def find_test_records(
    patients: Iterable[Patient],
    *,
    test_patterns: Sequence[str] = (),
    table: MarkerTable | None = None,
) -> dict[str, RegistryTestRecord]:
    """The registry's test records by patient_id: a marker in the names (the table), or
    a ``patient_id`` one of ``test_patterns`` finds (``re.search``: anchor it yourself)."""
    table = table or load_marker_table()
    compiled = compile_test_patterns(test_patterns)
    found: dict[str, RegistryTestRecord] = {}
    for patient in patients:
        reason = why_test_record(patient, table=table, id_patterns=compiled)
        if reason is not None:
            found[patient.patient_id] = RegistryTestRecord(patient.patient_id, reason)
    return found


def why_test_record(
    patient: Patient, *, table: MarkerTable, id_patterns: Sequence[re.Pattern[str]] = ()
) -> str | None:
    """The rule that makes ``patient`` a test record, or ``None`` for a real patient."""
    for pattern in id_patterns:
        if pattern.search(patient.patient_id):
            return f"patient_id:/{pattern.pattern}/"
    strong = _strong_marker(patient, table)
    if strong is not None:
        return strong
    weak = sorted(_words(patient) & table.weak_words)
    if weak and patient.birth_date in table.dummy_birth_dates:
        return f"name:{weak[0]}+birth_date:{patient.birth_date.isoformat()}"
    return None


def set_apart_test_records(
    attributions: Sequence[Attribution], records: dict[str, RegistryTestRecord]
) -> tuple[list[Attribution], list[SeenTestRecord]]:
    """Attributions without the test records, and the test records the leak names.

    A mention whose best candidate is a test record is that record's: it is set apart,
    unless linkage sent it to review among real homonyms, who stay in review without
    it. A test record among another mention's candidates is struck off that list.
    """
    if not records:
        return list(attributions), []
    kept: list[Attribution] = []
    documents: dict[str, set[str]] = defaultdict(set)
    for attribution in attributions:
        if attribution.patient_id in records:
            documents[attribution.patient_id].add(attribution.mention.document)
            rest = _real_review(attribution, records)
            if rest is not None:
                kept.append(rest)
            continue
        real = tuple(c for c in attribution.candidates if c.patient_id not in records)
        kept.append(attribution if len(real) == len(attribution.candidates) else replace(attribution, candidates=real))  # fmt: skip
    seen = [
        SeenTestRecord(pid, records[pid].reason, tuple(sorted(documents[pid])))
        for pid in sorted(documents)
    ]
    return kept, seen


def _real_review(
    attribution: Attribution, records: dict[str, RegistryTestRecord]
) -> Attribution | None:
    """A review attribution's real homonyms, its test record struck off; else None."""
    if attribution.decision is not Decision.REVIEW:
        return None
    real = tuple(c for c in attribution.candidates if c.patient_id not in records)
    if not real:
        return None
    best = max(real, key=lambda c: c.probability)
    return replace(attribution, patient_id=best.patient_id, confidence=best.probability, candidates=real)  # fmt: skip


def _strong_marker(patient: Patient, table: MarkerTable) -> str | None:
    words = _words(patient)
    hit = sorted(words & table.strong_words)
    if hit:
        return f"name:{hit[0]}"
    for pattern in table.strong_patterns:
        if any(pattern.fullmatch(word) for word in words):
            return f"name:/{pattern.pattern}/"
    family = " ".join(name_key(n) for n in (patient.family_name, patient.birth_name) if n)
    given = name_key(patient.given_names)
    for text in (f" {family} {given} ", f" {given} {family} "):
        for phrase in table.phrases:
            if f" {' '.join(phrase)} " in text:
                return f"phrase:{' '.join(phrase)}"
    return None


def _words(patient: Patient) -> set[str]:
    names = (patient.family_name, patient.birth_name, patient.given_names)
    return {word for name in names for word in name_key(name).split()}


def _section(raw: dict[str, object], name: str) -> dict[str, object]:
    section = raw[name]
    if not isinstance(section, dict):
        raise TypeError(f"[{name}] must be a table")
    return section


def _strings(section: dict[str, object], key: str) -> tuple[str, ...]:
    values = section.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"{key} must be a list of strings")
    return tuple(values)
