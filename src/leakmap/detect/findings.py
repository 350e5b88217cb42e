"""What detection finds in one document: identifiers, names and health evidence.

Detectors return these; they store nothing. Each finding carries its evidence (where,
which detector and rule version, score before and after context) so that the review app
can show it and ``evaluate`` can explain a miss.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from leakmap.extract.document import Box
from leakmap.vocabulary import Category


class IdentifierKind(StrEnum):
    """Kinds of identifiers; each maps to one identity category."""

    BIRTH_DATE = "birth_date"
    DATE = "date"
    IPP = "ipp"
    NDA = "nda"
    NIR = "nir"
    PHONE = "phone"
    EMAIL = "email"
    IBAN = "iban"
    CARD = "card"
    ADDRESS = "address"
    POSTCODE = "postcode"
    BARCODE = "barcode"
    AGE = "age"
    SEX = "sex"


IDENTIFIER_CATEGORY: dict[IdentifierKind, Category | None] = {
    IdentifierKind.BIRTH_DATE: Category.BIRTH_DATE,
    IdentifierKind.DATE: None,
    IdentifierKind.IPP: Category.HOSPITAL_ID,
    IdentifierKind.NDA: Category.HOSPITAL_ID,
    IdentifierKind.NIR: Category.NATIONAL_ID,
    IdentifierKind.PHONE: Category.PHONE,
    IdentifierKind.EMAIL: Category.EMAIL,
    IdentifierKind.IBAN: Category.BANK,
    IdentifierKind.CARD: Category.BANK,
    IdentifierKind.ADDRESS: Category.ADDRESS,
    IdentifierKind.POSTCODE: Category.ADDRESS,
    IdentifierKind.BARCODE: Category.HOSPITAL_ID,
    IdentifierKind.AGE: None,
    IdentifierKind.SEX: None,
}


class Role(StrEnum):
    """Who a name belongs to, in this document."""

    PATIENT = "patient"
    CLINICIAN = "clinician"
    THIRD_PARTY = "third_party"
    #: A member of staff in an HR or payroll file: exposed as a person, not as a patient.
    STAFF = "staff"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Location:
    """Where in an ``ExtractedDocument`` a finding sits.

    ``block`` indexes ``ExtractedDocument.blocks`` (or is -1), ``row`` indexes ``rows``
    (or is -1); ``start``/``end`` are character offsets in that block's text, or in the
    row's cells joined by `` | ``.
    """

    page: int
    block: int = -1
    row: int = -1
    start: int = 0
    end: int = 0
    box: Box | None = None


@dataclass(frozen=True, slots=True)
class Identifier:
    """One identifier found, normalised (``value``) and as written (``raw``)."""

    kind: IdentifierKind
    value: str
    raw: str
    location: Location
    detector: str
    rule: str
    score: float
    score_before_context: float


@dataclass(frozen=True, slots=True)
class NameHit:
    """A person's name found in text: the family name, given names when found beside it.

    ``family_key``/``given_key`` are the normalised forms used for matching; ``birth_name``
    is the name after "née"/"ép." when written.
    """

    family_name: str
    given_names: str
    family_key: str
    given_key: str
    location: Location
    role: Role
    detector: str
    rule: str
    score: float
    birth_name: str = ""
    role_cue: str = ""


@dataclass(frozen=True, slots=True)
class HealthEvidence:
    """A health term that puts a document (or a part of it) in a category."""

    category: Category
    term: str
    location: Location
    negated: bool = False


@dataclass(frozen=True, slots=True)
class DocumentFindings:
    """All findings of one document, with the health categories it reveals."""

    path: str
    sha256: str
    identifiers: tuple[Identifier, ...]
    names: tuple[NameHit, ...]
    health: tuple[HealthEvidence, ...]
    health_categories: frozenset[Category]
    #: Per table row, the ISO day its own table was written (its age is that day's), where
    #: the document's tables say they were written on different days; else empty.
    row_days: tuple[str, ...] = ()


def parse_iso_date(text: str) -> date | None:
    """``YYYY-MM-DD`` to a date, ``None`` when empty or impossible."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
