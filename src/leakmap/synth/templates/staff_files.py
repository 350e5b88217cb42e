"""Human-resources files: staff lists with birth dates, NIR and IBAN, payroll, sick leave.

Staff are not patients: they go to the truth's ``unregistered`` list with role ``staff``.
A rota names staff in their professional capacity only, which exposes nobody: it is a
distractor, like the signatures on clinical reports.
"""

from __future__ import annotations

import random
from datetime import timedelta

from leakmap.synth.contacts import format_iban, make_iban
from leakmap.synth.establishment import ADMISSION_SERVICES, HOSPITAL_SHORT
from leakmap.synth.nir import format_nir
from leakmap.synth.person import Person
from leakmap.synth.plan import Cell, Exposure, Sheet, exposure_of
from leakmap.synth.templates.desk import Desk
from leakmap.vocabulary import Category


def staff_iban(person: Person) -> str:
    """A staff member's IBAN: always the same for the same person across files."""
    return make_iban(random.Random(f"iban-{person.key}"))


def _staff_sample(desk: Desk, low: int, high: int) -> list[Person]:
    staff = list(desk.cast.population.staff)
    return desk.rng.sample(staff, min(len(staff), desk.rng.randint(low, high)))


def _family(desk: Desk, person: Person) -> str:
    return person.family_name.upper() if desk.habits.names.family_upper else person.family_name


def staff_list(desk: Desk) -> Sheet:
    """The staff file: identity, birth date, NIR, address, IBAN, post."""
    when = desk.day()
    with_bank = desk.rng.random() < 0.6
    header = ["Matricule", "NOM", "Prénom", "Date de naissance", "N° SS", "Adresse", "CP", "Ville"]
    if with_bank:
        header.append("IBAN")
    header += ["Fonction", "Service"]
    rows: list[tuple[Cell, ...]] = []
    exposures: list[Exposure] = []
    for person in _staff_sample(desk, 15, 50):
        address = person.address
        cells: list[Cell] = [f"M{person.key:06d}", _family(desk, person), person.given_names, person.birth_date, format_nir(person.nir, desk.rng.randrange(2)), address.one_line if address else "", address.postcode if address else "", address.city if address else ""]  # fmt: skip
        categories = {Category.NAME, Category.BIRTH_DATE, Category.NATIONAL_ID, Category.ADDRESS}
        if with_bank:
            cells.append(format_iban(staff_iban(person), desk.rng.randrange(2)))
            categories.add(Category.BANK)
        cells += [person.job, desk.rng.choice(ADMISSION_SERVICES).short]
        rows.append(tuple(cells))
        exposures.append(exposure_of(person, categories, families=(person.family_name,), given=person.first_given))  # fmt: skip
    return Sheet(desk.stem(desk.pick("personnel", "fichier_agents", "RH_export"), None, when), (f"{HOSPITAL_SHORT} - Direction des ressources humaines",), tuple(header), tuple(rows), tuple(exposures), when)  # fmt: skip


def payroll(desk: Desk) -> Sheet:
    """A payroll transfer file: name, NIR, IBAN, net pay."""
    when = desk.day()
    rows: list[tuple[Cell, ...]] = []
    exposures: list[Exposure] = []
    for person in _staff_sample(desk, 10, 40):
        rows.append((f"M{person.key:06d}", _family(desk, person), person.first_given, person.nir, staff_iban(person), f"{desk.rng.randint(1700, 6500)},{desk.rng.randint(0, 99):02d}"))  # fmt: skip
        exposures.append(exposure_of(person, {Category.NAME, Category.NATIONAL_ID, Category.BANK}, families=(person.family_name,), given=person.first_given))  # fmt: skip
    header = ("MATRICULE", "NOM", "PRENOM", "NIR", "IBAN", "NET_A_PAYER")
    return Sheet(desk.stem("virements_paie", None, when), (), header, tuple(rows), tuple(exposures), when)  # fmt: skip


def sick_leave(desk: Desk) -> Sheet:
    """Sickness absences of staff (health data about staff; maternity adds obstetrics)."""
    when = desk.day()
    rows: list[tuple[Cell, ...]] = []
    exposures: list[Exposure] = []
    for person in _staff_sample(desk, 5, 20):
        reason = desk.pick("Maladie ordinaire", "Accident du travail", "Longue maladie", "Congé maternité" if person.sex.value == "F" else "Maladie ordinaire")  # fmt: skip
        start = when - timedelta(days=desk.rng.randint(0, 200))
        rows.append((_family(desk, person), person.first_given, desk.rng.choice(ADMISSION_SERVICES).short, start, start + timedelta(days=desk.rng.randint(3, 120)), reason))  # fmt: skip
        categories = {Category.NAME, Category.HEALTH}
        if reason == "Congé maternité":
            categories.add(Category.GYNECOLOGY_OBSTETRICS)
        exposures.append(exposure_of(person, categories, families=(person.family_name,), given=person.first_given))  # fmt: skip
    header = ("Nom", "Prénom", "Service", "Début", "Fin", "Motif")
    return Sheet(desk.stem("absences", None, when), ("Suivi des absences",), header, tuple(rows), tuple(exposures), when)  # fmt: skip


def rota(desk: Desk) -> Sheet:
    """A nurses' rota: staff names and shifts only, which exposes nobody."""
    when = desk.day()
    days = [when + timedelta(days=offset) for offset in range(7)]
    rows = tuple(
        (
            f"{person.title} {person.first_given} {person.family_name.upper()}".strip(),
            *(desk.pick("M", "S", "N", "RH", "CA") for _ in days),
        )  # fmt: skip
        for person in _staff_sample(desk, 8, 20)
    )
    header = ("Agent", *(f"{day:%d/%m}" for day in days))
    return Sheet(desk.stem("planning_IDE", None, when), (f"Planning semaine {when:%W}",), header, rows, (), when)  # fmt: skip
