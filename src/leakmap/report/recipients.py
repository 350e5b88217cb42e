"""Whom each letter goes to: the patient, a minor's parents, a deceased patient's heirs, staff.

Only ``notify`` exposures get a letter; ``review`` ones wait for a person's decision. A minor
(under 18 on the letter date) is written to through the parents, except when the exposed
care is legally confidential from them, which goes to review instead: contraception and
abortion (French public health code L2212-7, L5134-1), anonymous screening of sexually
transmitted infections, anonymous care of addictions, all kept here as the categories
``gynecology_obstetrics``, ``sexual_health`` and ``addiction``. A deceased patient (listed
by the caller, or with the ``death`` category) is written to through the heirs, at the
last known address, and never receives a letter in their own name. Staff get their own
letter, handed over internally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.link.registry import Patient
from leakmap.vocabulary import Category, Decision, Severity

MINOR_AGE = 18

#: Care a minor may receive without the parents knowing: such letters go to review.
CONFIDENTIAL_FROM_PARENTS = frozenset(
    {Category.GYNECOLOGY_OBSTETRICS, Category.SEXUAL_HEALTH, Category.ADDICTION}
)


class AddresseeKind(StrEnum):
    """Who reads the letter, relative to the exposed person."""

    PATIENT = "patient"
    PARENTS = "parents"
    HEIRS = "heirs"
    STAFF = "staff"


class HoldReason(StrEnum):
    """Why a ``notify`` person gets no letter yet."""

    CONFIDENTIAL_MINOR_CARE = "confidential_minor_care"
    NOT_IN_REGISTRY = "not_in_registry"


@dataclass(frozen=True, slots=True)
class Addressee:
    """One letter to write: about whom, to whom, saying what exposed categories.

    ``key`` names the files (the patient_id, or ``staff-0001``); ``sex`` is ``F``, ``M``
    or empty; the address is empty for staff (their letters are handed over internally).
    """

    key: str
    kind: AddresseeKind
    family_name: str
    given_names: str
    birth_date: date | None
    sex: str
    address: str
    postcode: str
    city: str
    email: str
    categories: frozenset[Category]
    severity: Severity | None
    documents: int


@dataclass(frozen=True, slots=True)
class Routing:
    """The letters to write and the ``notify`` people held back, with why."""

    addressees: tuple[Addressee, ...]
    held: tuple[tuple[str, HoldReason], ...]


def route_letters(
    exposures: Sequence[Exposure],
    patients: Mapping[str, Patient],
    *,
    on: date,
    deceased: frozenset[str] = frozenset(),
    staff: Sequence[UnregisteredPerson] = (),
) -> Routing:
    """Decide the addressee of every ``notify`` exposure and of every staff member."""
    addressees: list[Addressee] = []
    held: list[tuple[str, HoldReason]] = []
    for exposure in exposures:
        if exposure.decision is not Decision.NOTIFY:
            continue
        patient = patients.get(exposure.patient_id)
        if patient is None:
            held.append((exposure.patient_id, HoldReason.NOT_IN_REGISTRY))
            continue
        kind = addressee_kind(exposure, patient, on=on, deceased=deceased)
        if kind is None:
            held.append((exposure.patient_id, HoldReason.CONFIDENTIAL_MINOR_CARE))
            continue
        addressees.append(_patient_addressee(exposure, patient, kind))
    addressees += [_staff_addressee(i, person) for i, person in enumerate(staff, start=1)]
    return Routing(tuple(addressees), tuple(held))


def addressee_kind(
    exposure: Exposure, patient: Patient, *, on: date, deceased: frozenset[str]
) -> AddresseeKind | None:
    """Patient, parents or heirs; ``None`` when the letter must wait for review."""
    is_minor = patient.birth_date is not None and age_on(patient.birth_date, on) < MINOR_AGE
    if is_minor and exposure.categories & CONFIDENTIAL_FROM_PARENTS:
        return None
    if exposure.patient_id in deceased or Category.DEATH in exposure.categories:
        return AddresseeKind.HEIRS
    if is_minor:
        return AddresseeKind.PARENTS
    return AddresseeKind.PATIENT


def age_on(birth: date, day: date) -> int:
    """Age in whole years on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _patient_addressee(exposure: Exposure, patient: Patient, kind: AddresseeKind) -> Addressee:
    return Addressee(
        key=exposure.patient_id,
        kind=kind,
        family_name=patient.family_name,
        given_names=patient.given_names,
        birth_date=patient.birth_date,
        sex=patient.sex,
        address=patient.address,
        postcode=patient.postcode,
        city=patient.city,
        email="" if kind is AddresseeKind.HEIRS else patient.email,
        categories=exposure.categories,
        severity=exposure.severity.severity,
        documents=len(exposure.documents),
    )


def _staff_addressee(index: int, person: UnregisteredPerson) -> Addressee:
    return Addressee(
        key=f"staff-{index:04d}",
        kind=AddresseeKind.STAFF,
        family_name=person.family_name,
        given_names=person.given_names,
        birth_date=person.birth_date,
        sex="",
        address="",
        postcode="",
        city="",
        email="",
        categories=person.categories,
        severity=None,
        documents=len(person.documents),
    )
