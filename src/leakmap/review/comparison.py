"""The side-by-side table of an item: the mention's fields against each candidate's.

Each row is one compared field with the linker's agreement level per candidate
(``exact``, ``fuzzy``, ``disagree``…), so a reviewer sees at a glance which fields agreed
and which did not, and can check the values themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from leakmap.group.mention import PersonMention
from leakmap.i18n import N_
from leakmap.link.attribution import Candidate
from leakmap.link.registry import Patient


@dataclass(frozen=True, slots=True)
class CandidateCell:
    """A candidate's value for one field, and how the linker compared it."""

    value: str
    agreement: str


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One field: the mention's value and each candidate's, in candidate order."""

    label: str
    mention_value: str
    cells: tuple[CandidateCell, ...]


#: The compared fields and their labels (English msgids: the template translates them).
_FIELDS = (
    ("family_name", N_("Family name")),
    ("given_names", N_("Given names")),
    ("birth_date", N_("Birth date")),
    ("ipp", N_("Hospital id (IPP)")),
    ("nir", N_("Social security number")),
    ("postcode", N_("Postcode")),
    ("phone", N_("Phone")),
    ("email", N_("E-mail")),
)


def comparison_rows(
    mention: PersonMention,
    candidates: Sequence[Candidate],
    patients: Sequence[Patient | None],
) -> list[ComparisonRow]:
    """Rows for every field that the mention or a candidate has a value for."""
    levels = [dict(a.split(":", 1) for a in c.agreements if ":" in a) for c in candidates]
    rows = []
    for field, label in _FIELDS:
        cells = tuple(
            CandidateCell(_patient_value(p, field), level.get(field, "missing"))
            for p, level in zip(patients, levels, strict=True)
        )
        shown = _mention_value(mention, field)
        if shown or any(c.value for c in cells):
            rows.append(ComparisonRow(label, shown, cells))
    rows.append(
        ComparisonRow(
            "Sex", "", tuple(CandidateCell(_patient_value(p, "sex"), "") for p in patients)
        )
    )
    rows.append(
        ComparisonRow(
            "City", "", tuple(CandidateCell(_patient_value(p, "city"), "") for p in patients)
        )
    )
    return rows


def _mention_value(mention: PersonMention, field: str) -> str:
    if field == "family_name" and mention.birth_name:
        return f"{mention.family_name} (born {mention.birth_name})"
    if field == "birth_date":
        return mention.birth_date.isoformat() if mention.birth_date else ""
    return str(getattr(mention, field, "") or "")


def _patient_value(patient: Patient | None, field: str) -> str:
    if patient is None:
        return "not in the registry snapshot"
    if field == "ipp":
        return patient.patient_id
    if field == "family_name" and patient.birth_name:
        return f"{patient.family_name} (born {patient.birth_name})"
    if field == "birth_date":
        return patient.birth_date.isoformat() if patient.birth_date else ""
    return str(getattr(patient, field, "") or "")
