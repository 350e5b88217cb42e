"""A person mention: the identifiers that belong to one person in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from leakmap.detect.findings import IdentifierKind, Location, Role
from leakmap.vocabulary import Category


@dataclass(frozen=True, slots=True)
class WithheldContact:
    """An e-mail address or phone of a mail's address lines or signature given to no one.

    Why kept: the sender's, recipients' and copies' contacts are the hospital's, not the
    patient's (``group/correspondents.py``), except a patient's own, which only the
    registry can tell once the mention is linked (``link/own_contacts.py``).
    """

    kind: IdentifierKind
    value: str


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One person as written in one place of one document: a label block, a table row,
    a letter header. Fields are normalised where detection could (dates parsed, ids
    stripped of separators); empty string or ``None`` when absent.

    ``categories`` are what this mention exposes of the person: the identity categories
    seen in the mention plus the document's (or the row's) health categories.
    ``sex`` is the record's own (a row's sex column): a patient of the other sex is
    not this person. ``written_on`` is the document's latest date (its report, print or extraction date):
    an age printed in a 2019 report is the age of 2019, not of the scan's day.
    """

    document: str
    sha256: str
    index: int
    family_name: str
    given_names: str
    birth_name: str
    birth_date: date | None
    ipp: str
    nda: str
    nir: str
    phone: str
    email: str
    postcode: str
    role: Role
    location: Location
    categories: frozenset[Category]
    age: int | None = None
    address: str = ""
    written_on: date | None = None
    #: ``F`` or ``M`` where the record says (a sex column, HL7 PID-8, FHIR gender).
    sex: str = ""
    #: The document's contacts taken off its mails' correspondents: this person's only
    #: if the registry says so once they are linked.
    withheld: tuple[WithheldContact, ...] = ()

    def age_at(self, day: date) -> int | None:
        """The printed age carried forward to ``day`` (as printed when the document's date
        is unknown or after ``day``)."""
        if self.age is None or self.written_on is None or self.written_on > day:
            return self.age
        later = (day.month, day.day) < (self.written_on.month, self.written_on.day)
        return self.age + day.year - self.written_on.year - later

    @property
    def key(self) -> str:
        """Stable id of the mention within the case."""
        return f"{self.sha256[:16]}:{self.index}"
