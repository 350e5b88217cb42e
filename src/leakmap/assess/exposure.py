"""What assessment produces: per person, what was exposed and how severe it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from leakmap.vocabulary import Category, Decision, Severity


@dataclass(frozen=True, slots=True)
class SeverityScore:
    """The ENISA 2013 inputs and result: SE = DPC x EI + CB, kept to be shown."""

    dpc: float
    ei: float
    cb: float
    score: float
    severity: Severity
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Exposure:
    """One registry patient judged exposed: the ``affected.csv`` row and why."""

    patient_id: str
    decision: Decision
    confidence: float
    severity: SeverityScore
    categories: frozenset[Category]
    documents: tuple[str, ...]
    mention_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UnregisteredPerson:
    """A person found in the leak who matches no registry patient."""

    family_name: str
    given_names: str
    birth_date: date | None
    categories: frozenset[Category]
    documents: tuple[str, ...]
    mention_keys: tuple[str, ...]
    #: Found in staff files (HR, payroll): gets the staff letter.
    staff: bool = False
