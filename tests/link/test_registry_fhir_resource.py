"""A registry given as one bare FHIR Patient resource (not a Bundle, not NDJSON) loads as
that one patient, however it is laid out (issue 17 point 7); a lone resource of another
type is refused with what to give instead. Every person is fictitious."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from leakmap.errors import RegistryError
from leakmap.link.registry_formats import load_registry_any

pytestmark = pytest.mark.usefixtures("english_messages")  # asserts English messages

PATIENT = {
    "resourceType": "Patient",
    "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": "10000008"}],
    "name": [{"use": "official", "family": "Leroy", "given": ["Anne"]}],
    "gender": "female",
    "birthDate": "1975-06-15",
}


def _last_type(resource: dict[str, object]) -> dict[str, object]:
    """The same resource with ``resourceType`` as its last key (JSON has no key order)."""
    return {**{k: v for k, v in resource.items() if k != "resourceType"}, "resourceType": "Patient"}


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Patient-10000008.json", json.dumps(PATIENT, indent=2)),  # was refused
        ("patient.json", json.dumps(_last_type(PATIENT), indent=1)),
        ("patient.json", "\ufeff" + json.dumps(PATIENT, indent=2)),
        ("patient.ndjson", json.dumps(PATIENT, indent=2)),  # misnamed: still one resource
        ("patient.json", json.dumps(PATIENT)),
    ],
)
def test_single_patient_resource_is_a_registry_of_one(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (patient,) = load_registry_any(path)
    assert (patient.patient_id, patient.family_name, patient.given_names) == (
        "10000008", "Leroy", "Anne",
    )  # fmt: skip
    assert (patient.birth_date, patient.sex) == (date(1975, 6, 15), "F")


def test_single_resource_of_another_type_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_text(json.dumps({"resourceType": "Organization", "name": "CH"}, indent=2))
    with pytest.raises(RegistryError, match="holds no Patient resource"):
        load_registry_any(path)
