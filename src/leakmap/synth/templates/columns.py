"""Identity columns of patient lists, each with the many headers exports give it.

A list template says which identity columns it has (``NOM``, ``PRENOM``, ``DDN``, ``IPP``
...); ``identity_cells`` fills them for one person and returns the exact categories those
cells expose. Dates stay ``date`` objects: the file renderer writes them (a real date cell
in a workbook, text in one of the usual formats in a CSV).
"""

from __future__ import annotations

from enum import StrEnum

from leakmap.synth.contacts import format_phone
from leakmap.synth.french_dates import format_date
from leakmap.synth.nir import format_nir
from leakmap.synth.person import Person
from leakmap.synth.plan import Cell, Exposure, exposure_of
from leakmap.synth.printed_names import print_name, spell_family
from leakmap.synth.templates.desk import Desk
from leakmap.vocabulary import Category


class Col(StrEnum):
    """An identity column of a patient list."""

    FAMILY = "family"
    GIVEN = "given"
    FULL_NAME = "full_name"
    NAME_AND_BIRTH = "name_and_birth"
    BIRTH_NAME = "birth_name"
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    IPP = "ipp"
    NDA = "nda"
    ADDRESS = "address"
    POSTCODE = "postcode"
    CITY = "city"
    PHONE = "phone"
    EMAIL = "email"
    NIR = "nir"


HEADERS: dict[Col, tuple[str, ...]] = {
    Col.FAMILY: ("NOM", "Nom", "Nom patient", "NOM_USUEL", "nom", "Nom d'usage", "NOM USUEL"),
    Col.GIVEN: ("PRENOM", "Prénom", "Prénom(s)", "prenom", "PRÉNOM"),
    Col.FULL_NAME: ("Patient", "PATIENT", "Nom Prénom", "Identité", "NOM PRENOM"),
    Col.NAME_AND_BIRTH: ("Patient", "Identité", "Patient (DDN)", "NOM Prénom (né le)"),
    Col.BIRTH_NAME: ("Nom de naissance", "NOM_NAISSANCE", "Nom JF", "NOM NAISS."),
    Col.BIRTH_DATE: (
        "DDN",
        "Date de naissance",
        "Né(e) le",
        "date_naissance",
        "Date naiss.",
        "DATE_NAIS",
    ),  # fmt: skip
    Col.SEX: ("Sexe", "SEXE", "S"),
    Col.IPP: ("IPP", "N° IPP", "NIP", "ipp", "N° patient", "NUM_PAT"),
    Col.NDA: ("NDA", "N° séjour", "Venue", "nda", "NUM_SEJOUR"),
    Col.ADDRESS: ("Adresse", "ADRESSE", "adresse"),
    Col.POSTCODE: ("CP", "Code postal", "CODE_POSTAL"),
    Col.CITY: ("Ville", "VILLE", "Commune"),
    Col.PHONE: ("Téléphone", "TEL", "Portable", "tel_portable"),
    Col.EMAIL: ("Email", "Courriel", "mail", "E-mail"),
    Col.NIR: ("N° SS", "NIR", "INS", "num_secu"),
}
_SHOWN_BY = {
    Col.BIRTH_DATE: Category.BIRTH_DATE,
    Col.NAME_AND_BIRTH: Category.BIRTH_DATE,
    Col.IPP: Category.HOSPITAL_ID,
    Col.NDA: Category.HOSPITAL_ID,
    Col.ADDRESS: Category.ADDRESS,
    Col.PHONE: Category.PHONE,
    Col.EMAIL: Category.EMAIL,
    Col.NIR: Category.NATIONAL_ID,
}


def header_for(desk: Desk, column: Col) -> str:
    """One export's header for an identity column."""
    return desk.rng.choice(HEADERS[column])


def identity_cells(
    desk: Desk,
    person: Person,
    columns: tuple[Col, ...],
    *,
    nda: str = "",
    ipp_as_number: bool = False,
) -> tuple[dict[Col, Cell], Exposure]:
    """The person's identity cells for ``columns`` and what they expose (no health yet)."""
    name = print_name(desk.rng, person, desk.habits.names)
    cells: dict[Col, Cell] = {}
    families = name.families
    for column in columns:
        cells[column] = _cell(desk, person, column, name.text, name.given_text, nda, ipp_as_number)
    if Col.FAMILY in columns:
        cells[Col.FAMILY], families = _family_cell(
            desk, person, columns, name.family_text, families
        )
    categories = {Category.NAME}
    categories.update(_SHOWN_BY[c] for c in columns if c in _SHOWN_BY and cells.get(c) not in ("", None))  # fmt: skip
    if cells.get(Col.POSTCODE) and cells.get(Col.CITY):  # where the person lives
        categories.add(Category.ADDRESS)
    exposure = exposure_of(
        person,
        categories,
        families=families,
        given=name.given,
        shows_patient_id=Col.IPP in columns and bool(person.patient_id),
    )
    return cells, exposure


def _family_cell(
    desk: Desk,
    person: Person,
    columns: tuple[Col, ...],
    family_text: str,
    families: tuple[str, ...],
) -> tuple[str, tuple[str, ...]]:
    """With a birth-name column beside it, the family column holds the used name only."""
    if Col.BIRTH_NAME in columns and person.birth_name:
        return spell_family(desk.rng, person.family_name, desk.habits.names), (person.family_name, person.birth_name)  # fmt: skip
    return family_text, families


def _cell(
    desk: Desk, person: Person, column: Col, full: str, given: str, nda: str, ipp_as_number: bool
) -> Cell:
    address = person.address
    values: dict[Col, Cell] = {
        Col.GIVEN: given,
        Col.FULL_NAME: full,
        Col.NAME_AND_BIRTH: _name_and_birth(desk, full, person),
        Col.BIRTH_NAME: spell_family(desk.rng, person.birth_name, desk.habits.names)
        if person.birth_name
        else "",  # fmt: skip
        Col.BIRTH_DATE: person.birth_date,
        Col.SEX: person.sex.value,
        Col.IPP: int(person.patient_id)
        if ipp_as_number and person.patient_id
        else person.patient_id,  # fmt: skip
        Col.NDA: nda,
        Col.ADDRESS: address.one_line if address else "",
        Col.POSTCODE: address.postcode if address else "",
        Col.CITY: address.city if address else "",
        Col.PHONE: format_phone(person.phone, desk.rng.randrange(3)) if person.phone else "",
        Col.EMAIL: person.email,
        Col.NIR: format_nir(person.nir, 0) if person.nir else "",
    }
    return values.get(column, "")


def _name_and_birth(desk: Desk, full: str, person: Person) -> str:
    """``DUPONT Marie (12/03/1965)``: a name and birth date in one cell."""
    born = format_date(person.birth_date, desk.habits.dates)
    return desk.pick(f"{full} ({born})", f"{full} - {born}", f"{full} né(e) le {born}")
