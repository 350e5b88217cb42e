"""The ground truth: who each leaked file really exposes, written as ``truth.json``.

Built from the exposures templates declared, never by reading the files back. A patient
is ``ambiguous`` when no file that exposes them tells them apart from a registry homonym:
every mention prints a name (and perhaps a birth date, address, phone or e-mail) that
another registry patient shares, and no IPP or NIR. A name tells apart as far as it is
printed: "Philippe Frédéric MULLER" is not Philippe Gilles MULLER, and "ANDRÉ née BOUZID"
is not Mrs GAUDIN née ANDRÉ; and so does an age printed on a dated document ("44 ans" in
a 2019 report is not the namesake born in 1982).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from leakmap.synth.contacts import ascii_fold
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person, Role
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category

GENERATOR = "leakmap.synth/1"
SEPARATOR = "!/"
_ORDER = list(Category)


def name_key(family: str, given: str) -> tuple[str, str]:
    """How a reader compares names: no accents, no case, no spaces, hyphens or apostrophes."""

    def fold(text: str) -> str:
        return "".join(c for c in ascii_fold(text).upper() if c.isalnum())

    return fold(family), fold(given.split(" ")[0] if given else "")


class RegistryIndex:
    """Registry patients by (family or birth name, first given name)."""

    def __init__(self, patients: tuple[Person, ...]) -> None:
        self._by_name: dict[tuple[str, str], list[Person]] = defaultdict(list)
        for person in patients:
            for family in {person.family_name, person.birth_name} - {""}:
                self._by_name[name_key(family, person.first_given)].append(person)

    def could_be(self, exposure: Exposure) -> set[int]:
        """Keys of registry patients this mention fits, given what it prints."""
        found: dict[int, Person] = {}
        for family in exposure.families:
            for person in self._by_name.get(name_key(family, exposure.given), ()):
                found[person.key] = person
        return {key for key, person in found.items() if _consistent(person, exposure)}


def _words(names: str) -> list[str]:
    return [w for w in ascii_fold(names).upper().replace("-", " ").split(" ") if w]


def _consistent(person: Person, exposure: Exposure) -> bool:
    printed = {name_key(f, "")[0] for f in exposure.families}
    carried = {name_key(f, "")[0] for f in (person.family_name, person.birth_name) if f}
    given = _words(exposure.given)
    if not printed <= carried or _words(person.given_names)[: len(given)] != given:
        return False
    shown, target = exposure.categories, exposure.person
    day = exposure.age_on
    if day is not None and person.age_on(day) != target.age_on(day):
        return False
    checks = (
        (Category.BIRTH_DATE, person.birth_date == target.birth_date),
        (Category.ADDRESS, person.address == target.address),
        (Category.PHONE, person.phone == target.phone),
        (Category.EMAIL, person.email == target.email),
    )
    return all(same for category, same in checks if category in shown)


def _is_ambiguous(index: RegistryIndex, exposure: Exposure) -> bool:
    if exposure.shows_patient_id or Category.NATIONAL_ID in exposure.categories:
        return False
    return len(index.could_be(exposure)) > 1


@dataclass
class _Entry:
    person: Person
    categories: set[Category] = field(default_factory=set)
    files: list[str] = field(default_factory=list)
    ambiguous_everywhere: bool = True


class TruthBook:
    """Collects every leaked file and exposure, then writes ``truth.json``."""

    def __init__(self, registry: tuple[Person, ...]) -> None:
        self._index = RegistryIndex(registry)
        self._files: dict[str, dict[str, object]] = {}
        self._patients: dict[str, _Entry] = {}
        self._others: dict[int, _Entry] = {}

    def record(self, item: LeakedItem, *, prefix: str = "", family: str = "") -> None:
        """Record a file and, for containers, all its members (``a.zip!/b.pdf``);
        ``family`` names the export family that wrote it (the key is absent otherwise)."""
        path = f"{prefix}{SEPARATOR}{item.name}" if prefix else item.name
        if path in self._files:
            raise ValueError(f"two leaked files at {path}")
        people = self._record_exposures(path, item.exposures) if not item.reason else []
        categories = {c for e in item.exposures for c in e.categories} if not item.reason else set()
        self._files[path] = {
            "kind": item.kind,
            "patients": people,
            "categories": _ordered(categories),
            "readable": not item.reason,
            "reason": item.reason,
            **_scan_entry(item),
            **({"family": family} if family else {}),
        }
        for member in item.members:
            self.record(member, prefix=path)

    def _record_exposures(self, path: str, exposures: tuple[Exposure, ...]) -> list[str]:
        patients: list[str] = []
        for exposure in _merged(exposures):
            person = exposure.person
            if person.role is Role.PATIENT:
                entry = self._patients.setdefault(person.patient_id, _Entry(person))
                entry.ambiguous_everywhere &= _is_ambiguous(self._index, exposure)
                patients.append(person.patient_id)
            else:
                entry = self._others.setdefault(person.key, _Entry(person))
            entry.categories |= exposure.categories
            if path not in entry.files:
                entry.files.append(path)
        return sorted(set(patients))

    @property
    def exposed_patients(self) -> int:
        """Registry patients exposed by at least one readable file."""
        return len(self._patients)

    @property
    def unregistered_people(self) -> int:
        """People exposed who are not registry patients."""
        return len(self._others)

    @property
    def files(self) -> int:
        """Files recorded, archive members and attachments included."""
        return len(self._files)

    def as_json(self, seed: int) -> dict[str, object]:
        """The truth in the shape ``leakmap.evaluate`` reads."""
        return {
            "generator": GENERATOR,
            "seed": seed,
            "patients": {
                pid: {
                    "categories": _ordered(e.categories),
                    "files": e.files,
                    "ambiguous": e.ambiguous_everywhere,
                }  # fmt: skip
                for pid, e in sorted(self._patients.items())
            },
            "unregistered": [_unregistered(e) for _, e in sorted(self._others.items())],
            "files": dict(sorted(self._files.items())),
        }

    def write(self, path: Path, *, seed: int) -> None:
        """Write ``truth.json`` (UTF-8, indented, keys in a stable order)."""
        text = json.dumps(self.as_json(seed), ensure_ascii=False, indent=1)
        path.write_text(text + "\n", encoding="utf-8")


def _scan_entry(item: LeakedItem) -> dict[str, object]:
    """The keys a scan adds to its file entry (none for other files, so that dumps
    without scans keep their truth byte for byte)."""
    if item.scan is None:
        return {}
    scan = item.scan
    entry: dict[str, object] = {"scanned": True, "dpi": scan.dpi, "medium": scan.medium,
                                "pages": scan.pages, "barcodes": list(scan.barcodes)}  # fmt: skip
    if scan.label_pt is not None:
        entry["small_label_pt"] = scan.label_pt
    return entry


def _merged(exposures: tuple[Exposure, ...]) -> list[Exposure]:
    """One exposure per person in a file: categories united, any IPP shown counts."""
    by_person: dict[int, list[Exposure]] = defaultdict(list)
    for exposure in exposures:
        by_person[exposure.person.key].append(exposure)
    merged = []
    for group in by_person.values():
        first = group[0]
        if len(group) == 1:
            merged.append(first)
            continue
        categories = frozenset().union(*(e.categories for e in group))
        families = tuple(dict.fromkeys(f for e in group for f in e.families))
        shows = any(e.shows_patient_id for e in group)
        given = max((e.given for e in group), key=lambda g: len(g.split(" ")))
        aged = next((e.age_on for e in group if e.age_on is not None), None)
        merged.append(Exposure(first.person, categories, families, given, shows, aged))
    return merged


def _unregistered(entry: _Entry) -> dict[str, object]:
    person = entry.person
    shown = Category.BIRTH_DATE in entry.categories
    return {
        "family_name": person.family_name,
        "given_names": person.given_names,
        "birth_date": person.birth_date.isoformat() if shown else None,
        "role": person.role.value,
        "categories": _ordered(entry.categories),
        "files": entry.files,
    }


def _ordered(categories: set[Category] | frozenset[Category]) -> list[str]:
    return [c.value for c in sorted(categories, key=_ORDER.index)]
