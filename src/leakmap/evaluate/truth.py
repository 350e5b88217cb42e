"""The ground truth a fictitious-hospital generator writes beside its dump: ``truth.json``.

Parsed once, here, into typed records; everything else in ``evaluate`` trusts them. The
reader is tolerant on purpose: unknown keys are ignored and absent sections read as empty,
so a second generator writing the same format (hidden benchmarks use one) needs no change.
Categories stay plain strings, because a generator may know words this version does not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leakmap.errors import LeakmapError

GENERATOR_UNKNOWN = "unknown"


class TruthError(LeakmapError):
    """``truth.json`` cannot be read or does not have the generator's shape."""


@dataclass(frozen=True, slots=True)
class TruthPatient:
    """A registry patient the generator really exposed, and where."""

    patient_id: str
    categories: frozenset[str]
    files: tuple[str, ...]
    is_ambiguous: bool


@dataclass(frozen=True, slots=True)
class TruthUnregistered:
    """A person in the leak who is not in the registry (relative, staff, newborn, ...)."""

    family_name: str
    given_names: str
    birth_date: str | None
    role: str
    categories: frozenset[str]
    files: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TruthFile:
    """One leaked file as the generator wrote it: whom it exposes, and can it be read."""

    path: str
    kind: str
    patients: tuple[str, ...]
    categories: frozenset[str]
    is_readable: bool
    reason: str


@dataclass(frozen=True, slots=True)
class GroundTruth:
    """Everything ``truth.json`` says, keyed the way scoring looks it up."""

    generator: str
    seed: int | None
    patients: dict[str, TruthPatient]
    unregistered: tuple[TruthUnregistered, ...]
    files: dict[str, TruthFile]
    #: The registry's test and dummy records (patient ids): nobody, never to be notified.
    test_records: tuple[str, ...] = ()


def read_truth(path: Path) -> GroundTruth:
    """Read ``truth.json``; raise ``TruthError`` naming the file and the bad part."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TruthError(f"{path}: cannot read the ground truth ({error})") from error
    if not isinstance(raw, dict):
        raise TruthError(f"{path}: the ground truth must be a JSON object")
    try:
        return _ground_truth(raw)
    except (TypeError, ValueError, AttributeError) as error:  # JSON of the wrong shape
        raise TruthError(f"{path}: unexpected ground truth shape ({error})") from error


def _ground_truth(raw: dict[str, Any]) -> GroundTruth:
    seed = raw.get("seed")
    return GroundTruth(
        generator=str(raw.get("generator") or GENERATOR_UNKNOWN),
        seed=int(seed) if seed is not None else None,
        patients={
            str(pid): _patient(str(pid), entry) for pid, entry in _mapping(raw, "patients").items()
        },
        unregistered=tuple(_unregistered(entry) for entry in raw.get("unregistered") or ()),
        files={
            str(path): _file(str(path), entry) for path, entry in _mapping(raw, "files").items()
        },
        test_records=_strings(raw.get("test_records")),
    )


def _mapping(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise TypeError(f"'{key}' must be an object keyed by id or path")
    return value


def _patient(patient_id: str, entry: dict[str, Any]) -> TruthPatient:
    return TruthPatient(
        patient_id=patient_id,
        categories=_words(entry.get("categories")),
        files=_strings(entry.get("files")),
        is_ambiguous=bool(entry.get("ambiguous", False)),
    )


def _unregistered(entry: dict[str, Any]) -> TruthUnregistered:
    return TruthUnregistered(
        family_name=str(entry.get("family_name") or ""),
        given_names=str(entry.get("given_names") or ""),
        birth_date=_optional_text(entry.get("birth_date")),
        role=str(entry.get("role") or GENERATOR_UNKNOWN),
        categories=_words(entry.get("categories")),
        files=_strings(entry.get("files")),
    )


def _file(path: str, entry: dict[str, Any]) -> TruthFile:
    return TruthFile(
        path=path,
        kind=str(entry.get("kind") or GENERATOR_UNKNOWN),
        patients=_strings(entry.get("patients")),
        categories=_words(entry.get("categories")),
        is_readable=bool(entry.get("readable", True)),
        reason=str(entry.get("reason") or ""),
    )


def _optional_text(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise TypeError("expected a list of strings")
    return tuple(str(item) for item in value)


def _words(value: object) -> frozenset[str]:
    return frozenset(word.strip() for word in _strings(value) if word.strip())
