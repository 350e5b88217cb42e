"""One registry record's fields, checked and turned into a ``Patient``, whatever the format.

CSV rows, FHIR resources and HL7 messages all end here as plain field strings (the
contract's column names), so that the checks and their messages are the same for every
format. Strings that repeat across patients (names, places, birth dates) are shared
rather than copied: a three-million-patient registry then holds each surname once, and
fits in memory with the linkage beside it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from datetime import date

from leakmap.i18n import _
from leakmap.link.registry import Patient
from leakmap.link.registry_problems import RegistryProblems

#: Fields a patient cannot be linked without.
REQUIRED = ("patient_id", "family_name", "given_names")
#: A NIR: sex, year, month, department (2A/2B in Corsica), commune, order, with or
#: without its two-digit key.
_NIR = re.compile(r"[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{6}(?:[0-9]{2})?")
_SEX = {"F": "F", "M": "M", "": ""}

DateParser = Callable[[str], date]


class SharedValues:
    """One object per distinct value: repeated names and dates are stored once."""

    def __init__(self) -> None:
        self._dates: dict[str, date] = {}

    @staticmethod
    def text(value: str) -> str:
        """The shared copy of a string."""
        return sys.intern(value) if value else ""

    def birth_date(self, text: str, parse: DateParser) -> date:
        """The shared date for ``text``; ``parse`` raises ``ValueError`` when it is not one."""
        found = self._dates.get(text)
        if found is None:
            found = self._dates[text] = parse(text)
        return found


def patient_of(
    fields: Mapping[str, str],
    where: str,
    problems: RegistryProblems,
    *,
    parse_date: DateParser = date.fromisoformat,
    date_hint: str = "YYYY-MM-DD",
    shared: SharedValues,
) -> Patient | None:
    """The patient of one record, or ``None`` with its problems noted under ``where``."""
    before = problems.count
    for column in REQUIRED:
        if not fields.get(column, "").strip():
            problems.add(
                where, _("{column} is empty; every patient needs one").format(column=column)
            )
    birth_date = _birth_date(fields, where, problems, parse_date, date_hint, shared)
    sex = _SEX.get(fields.get("sex", "").strip().upper())
    if sex is None:
        problems.add(where, _("sex must be F or M (or empty); map other codes in the mapping"))
    nir = fields.get("nir", "").replace(" ", "").strip().upper()
    if nir and not _NIR.fullmatch(nir):
        problems.add(where, _("nir is not a NIR (13 characters, or 15 with the key); fix it"))
    if problems.count > before:
        return None
    return _patient(fields, birth_date, sex or "", nir, shared)


def _birth_date(
    fields: Mapping[str, str],
    where: str,
    problems: RegistryProblems,
    parse: DateParser,
    hint: str,
    shared: SharedValues,
) -> date | None:
    text = fields.get("birth_date", "").strip()
    if not text:
        return None
    try:
        return shared.birth_date(text, parse)
    except ValueError:
        problems.add(
            where, _("birth_date is not {hint}; fix the row or the date format").format(hint=hint)
        )
        return None


def _patient(
    fields: Mapping[str, str], birth_date: date | None, sex: str, nir: str, shared: SharedValues
) -> Patient:
    def text(column: str) -> str:
        return shared.text(fields.get(column, "").strip())

    return Patient(
        patient_id=fields["patient_id"].strip(),
        family_name=text("family_name"),
        birth_name=text("birth_name"),
        given_names=text("given_names"),
        birth_date=birth_date,
        sex=sex,
        address=fields.get("address", "").strip(),
        postcode=text("postcode"),
        city=text("city"),
        phone=fields.get("phone", "").strip(),
        email=fields.get("email", "").strip().lower(),
        nir=nir,
    )


class SeenIds:
    """Patient ids met so far, to report a patient listed twice."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def is_repeated(self, patient_id: str, where: str, problems: RegistryProblems) -> bool:
        """Whether ``patient_id`` was met before (noted as a problem when it was)."""
        if patient_id in self._seen:
            problems.add(where, _("patient_id duplicated; list each patient once"))
            return True
        if patient_id:
            self._seen.add(patient_id)
        return False
