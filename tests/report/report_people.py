"""Fictitious people and exposures for the report tests (every person here is invented).

The documents of these exposures are named with clinical words on purpose, and
``CLINICAL_WORDS`` lists words of the (fictitious) clinical text those documents hold, so
that tests can check no letter, kit or report lets any of them through.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdfium2 as pdfium

from leakmap.assess.enisa import BreachCircumstances, grade_severity
from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.link.registry import Patient
from leakmap.vocabulary import IDENTITY_CATEGORIES, Category, Decision

C = Category
LETTER_DAY = date(2025, 2, 20)

# Words of the clinical text of the leaked documents; none may reach a letter or kit.
CLINICAL_WORDS = (
    "adénocarcinome",
    "FOLFOX",
    "séropositivité",
    "sertraline",
    "IVG",
    "Chimiothérapie",
)


def _patient(pid, family, given, born, sex, address="", postcode="", city="", email="", birth=""):
    return Patient(pid, family, birth, given, born, sex, address, postcode, city, "", email, "")


PATIENTS = {
    p.patient_id: p
    for p in [
        _patient("20000001", "Vasseur", "Élodie", date(1972, 4, 9), "F", "5 rue des Acacias",
                 "44000", "Nantes", "elodie.vasseur@example.org", birth="Marchand"),
        _patient("20000002", "Garnier", "Hugo", date(2013, 9, 1), "M", "9 allée des Pins",
                 "33000", "Bordeaux"),
        _patient("20000003", "Roussel", "Inès", date(2009, 1, 20), "F", "2 rue Basse", "59000",
                 "Lille"),
        _patient("20000004", "Fabre", "Lucien", date(1931, 6, 30), "M", "14 quai Neuf", "31000",
                 "Toulouse", "lucien.fabre@example.org"),
        _patient("20000005", "Wójcik", "Łukasz", date(1988, 12, 3), "M"),
        _patient("20000006", "Benoît", "Anne-Sophie", date(1990, 2, 14), "F", "7 rue Haute",
                 "67000", "Strasbourg"),
    ]
}  # fmt: skip


def exposure(
    patient_id: str, *categories: Category, decision: Decision = Decision.NOTIFY
) -> Exposure:
    """An exposure graded the way the scan grades it, in documents named clinically."""
    found = frozenset(categories) | {C.NAME}
    severity = grade_severity(
        found,
        identifiers_linked=found & IDENTITY_CATEGORIES,
        minor=False,
        vulnerable=False,
        circumstances=BreachCircumstances(),
    )
    documents = (
        "Oncologie/CR_chimiotherapie_FOLFOX.pdf",
        f"export.zip!/Psychiatrie/sertraline_{patient_id}.docx",
    )
    return Exposure(patient_id, decision, 0.97, severity, found, documents, ())


EXPOSURES = [
    exposure("20000001", C.BIRTH_DATE, C.ADDRESS, C.BANK, C.HEALTH, C.ONCOLOGY),
    exposure("20000002", C.HOSPITAL_ID, C.HEALTH, C.IMAGING),
    exposure("20000003", C.GYNECOLOGY_OBSTETRICS, C.HEALTH),
    exposure("20000004", C.NATIONAL_ID, C.MENTAL_HEALTH, C.HEALTH),
    exposure("20000005", C.PHONE),
    exposure("20000006", C.SEXUAL_HEALTH, decision=Decision.REVIEW),
]
DECEASED = frozenset({"20000004"})
STAFF = [
    UnregisteredPerson("Mercier", "Odile", None, frozenset({C.NAME, C.PHONE, C.EMAIL}),
                       ("RH/planning_urgences.xlsx",), ()),
]  # fmt: skip


def pdf_text(path: Path) -> str:
    """Every page's text of a PDF, read back with pdfium."""
    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def flat(text: str) -> str:
    """Text with every run of white space (no-break spaces, line ends) made one space."""
    return " ".join(text.split())


#: A final case.toml (``example = false``) with every example value replaced by fictitious
#: values of another hospital: what a DPO writes before sending.
FILLED_CASE_TOML = """example = false
[hospital]
name = "Hôpital fictif du Lac"
address = ["3 rue du Port", "74000 Annecy"]
city = "Annecy"
[dpo]
name = "Paul DELORME"
email = "dpo@hopital-du-lac.invalid"
phone = "04 50 11 22 33"
address = ["Hôpital fictif du Lac, DPO", "3 rue du Port", "74000 Annecy"]
[breach]
reference = "HFL-2025-007"
started_on = 2025-03-01T22:10:00
discovered_on = 2025-03-03T08:05:00
ended_on = 2025-03-03T12:30:00
published_on = 2025-03-20
hotline_phone = "04 50 99 88 77"
cross_border = true
cross_border_people = 3
cross_border_countries = ["Suisse"]
[authority]
police_complaint = "Plainte contre X déposée le 4 mars 2025."
other_eu_authorities = ["Préposé fédéral à la protection des données (Suisse)"]
"""
