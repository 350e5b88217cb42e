"""The hospital's patient registry: the people a leak can be attributed to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Patient:
    """One registry row, parsed and checked (contract: "Registry CSV")."""

    patient_id: str
    family_name: str
    birth_name: str
    given_names: str
    birth_date: date | None
    sex: str
    address: str
    postcode: str
    city: str
    phone: str
    email: str
    nir: str
