"""The fictitious people of a generated hospital: patients, staff, relatives, others.

One record for everybody, so that a document template can print any of them the same way;
``role`` says why the person exists and decides where the ground truth lists them.
Only ``Role.PATIENT`` people (with a ``patient_id``) are in ``registry.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Role(StrEnum):
    """Why a person exists in the fictitious hospital; the unregistered ones use the
    truth's ``role`` words (``relative``, ``staff``, ``newborn``, ``other_site``)."""

    PATIENT = "patient"
    RELATIVE = "relative"
    STAFF = "staff"
    NEWBORN = "newborn"
    OTHER_SITE = "other_site"


class Sex(StrEnum):
    """Registry sex codes."""

    F = "F"
    M = "M"


@dataclass(frozen=True, slots=True)
class Address:
    """A French postal address; ``extra`` is a building or flat line, often empty."""

    street: str
    extra: str
    postcode: str
    city: str

    @property
    def one_line(self) -> str:
        """The registry's ``address`` cell: street, then the extra line if any."""
        return f"{self.street}, {self.extra}" if self.extra else self.street


@dataclass(frozen=True, slots=True)
class Person:
    """Somebody who may be printed in a leaked document.

    ``key`` is unique within one generated hospital (the truth groups unregistered people
    by it). ``birth_name`` is set for married women whose ``family_name`` is the married
    name. ``given_names`` holds one or more names, space separated, as in the registry.
    ``title`` is the staff's professional title ("Dr", "Pr", "IDE"), ``job`` their post.
    """

    key: int
    role: Role
    family_name: str
    given_names: str
    birth_date: date
    sex: Sex
    birth_name: str = ""
    address: Address | None = None
    phone: str = ""
    email: str = ""
    nir: str = ""
    patient_id: str = ""
    death_date: date | None = None
    title: str = ""
    job: str = ""

    @property
    def first_given(self) -> str:
        """The usual given name: the first of the given names."""
        return self.given_names.split(" ", 1)[0]

    @property
    def is_registered(self) -> bool:
        """True for registry patients."""
        return bool(self.patient_id)

    def age_on(self, day: date) -> int:
        """Age in whole years on ``day``."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    def is_alive_on(self, day: date) -> bool:
        """False once the person has died (documents about them stop, except death ones)."""
        return self.death_date is None or day <= self.death_date
