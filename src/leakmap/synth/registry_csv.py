"""``registry.csv`` in the contract's default layout, from the generated patients."""

from __future__ import annotations

import csv
from pathlib import Path

from leakmap.synth.person import Person

REGISTRY_COLUMNS = (
    "patient_id", "family_name", "birth_name", "given_names", "birth_date", "sex",
    "address", "postcode", "city", "phone", "email", "nir",
)  # fmt: skip


def registry_row(person: Person) -> tuple[str, ...]:
    """One patient as the hospital's export writes them: family names in capitals."""
    address = person.address
    return (
        person.patient_id,
        person.family_name.upper(),
        person.birth_name.upper(),
        person.given_names,
        person.birth_date.isoformat(),
        person.sex.value,
        address.one_line if address else "",
        address.postcode if address else "",
        address.city if address else "",
        person.phone,
        person.email,
        person.nir,
    )


def write_registry(path: Path, patients: tuple[Person, ...]) -> None:
    """Write the registry: UTF-8, comma separated, ``csv`` module quoting."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTRY_COLUMNS)
        writer.writerows(registry_row(person) for person in patients)
