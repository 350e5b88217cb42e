"""Laboratory results: biochemistry panels and serologies (HIV among them, sometimes).

Every result is ``laboratory``; an HIV, syphilis or chlamydia test adds ``sexual_health``
(whatever its result), a pregnancy work-up ``gynecology_obstetrics``.
"""

from __future__ import annotations

from leakmap.synth.casting import Fit
from leakmap.synth.establishment import LABORATORY
from leakmap.synth.person import Sex
from leakmap.synth.plan import Grid, Report
from leakmap.synth.templates.desk import Desk, clinical_report
from leakmap.vocabulary import Category

#: analyte, unit, low, high, decimals
_PANEL = (
    ("Sodium", "mmol/L", 135, 145, 0), ("Potassium", "mmol/L", 3.5, 5.0, 1),
    ("Créatinine", "µmol/L", 45, 104, 0), ("DFG (CKD-EPI)", "mL/min/1,73m²", 60, 120, 0),
    ("Glucose à jeun", "mmol/L", 4.1, 5.9, 2), ("HbA1c", "%", 4.0, 6.0, 1),
    ("CRP", "mg/L", 0, 5, 1), ("ASAT", "UI/L", 5, 34, 0), ("ALAT", "UI/L", 5, 55, 0),
    ("Gamma GT", "UI/L", 12, 64, 0), ("Bilirubine totale", "µmol/L", 5, 21, 0),
    ("Cholestérol total", "g/L", 1.5, 2.0, 2), ("TSH", "mUI/L", 0.35, 4.94, 2),
    ("Hémoglobine", "g/dL", 12.0, 16.0, 1), ("Leucocytes", "G/L", 4.0, 10.0, 1),
    ("Plaquettes", "G/L", 150, 400, 0), ("Ferritine", "µg/L", 15, 150, 0),
)  # fmt: skip


def biochemistry(desk: Desk) -> Report:
    """A panel of results in a table, out-of-range values flagged."""
    when = desk.day()
    person = desk.cast.patient(when)
    analytes = desk.rng.sample(_PANEL, desk.rng.randint(5, 12))
    rows = tuple(_result_row(desk, *analyte) for analyte in analytes)
    table = Grid(("Analyse", "Résultat", "Unité", "Valeurs de référence", ""), rows)
    return clinical_report(
        desk,
        service=LABORATORY,
        title=desk.pick(
            "COMPTE RENDU D'ANALYSES DE BIOLOGIE MÉDICALE",
            "Résultats de laboratoire",
            "BIOCHIMIE - HÉMATOLOGIE",
        ),  # fmt: skip
        person=person,
        when=when,
        sections=[
            (
                "Prescripteur",
                (desk.pick("Service des urgences", "Consultation externe", "Médecin traitant"),),
            )
        ],  # fmt: skip
        extra_blocks=(table,),
        stem_prefix=desk.pick("resultats", "BIO", "labo"),
    )


def _result_row(desk: Desk, name: str, unit: str, low: float, high: float, digits: int) -> tuple[str, ...]:  # fmt: skip
    value = desk.rng.uniform(low * 0.7, high * 1.4)
    flag = "H" if value > high else "B" if value < low else ""
    written = f"{value:.{digits}f}".replace(".", ",")
    return (name, written, unit, f"{low} - {high}".replace(".", ","), flag)


def serology(desk: Desk) -> Report:
    """Serologies: hepatitis, toxoplasmosis, and in many of them HIV or syphilis."""
    when = desk.day()
    pregnancy = desk.rng.random() < 0.3
    fit = Fit(sex=Sex.F, min_age=18, max_age=44) if pregnancy else Fit(min_age=15)
    person = desk.cast.patient(when, fit)
    tests = [("Ag HBs", desk.pick("Négatif", "Négatif", "Positif")), ("Ac anti-VHC", "Négatif")]
    sexual = desk.rng.random() < 0.6
    if sexual:
        tests.append(("VIH 1/2 (Ac + Ag p24), test combiné", desk.pick("Négatif", "Négatif", "Négatif", "POSITIF - à confirmer par Western Blot")))  # fmt: skip
        if desk.rng.random() < 0.4:
            tests.append(("Syphilis (TPHA / VDRL)", desk.pick("Négatif", "TPHA positif, VDRL 1/8")))
    if pregnancy:
        tests += [("Toxoplasmose IgG", desk.pick("Positif (immunisée)", "Négatif")), ("Rubéole IgG", "Positif (> 10 UI/mL)")]  # fmt: skip
    table = Grid(("Sérologie", "Résultat"), tuple(tests))
    health = [Category.SEXUAL_HEALTH] if sexual else []
    if pregnancy:
        health.append(Category.GYNECOLOGY_OBSTETRICS)
    return clinical_report(
        desk,
        service=LABORATORY,
        title=desk.pick(
            "SÉROLOGIES",
            "Immunologie - Sérologies infectieuses",
            "Bilan prénatal" if pregnancy else "Bilan pré-thérapeutique",
        ),  # fmt: skip
        person=person,
        when=when,
        sections=[("Contexte", (_context(desk, pregnancy=pregnancy),))],
        extra_blocks=(table,),
        health=tuple(health),
        stem_prefix=desk.pick("sero", "serologies", "BIO"),
    )


def _context(desk: Desk, *, pregnancy: bool) -> str:
    """Why the serologies were asked for (a pregnancy always says so)."""
    if pregnancy:
        return desk.pick("Bilan de grossesse, 1er trimestre.", "Suivi de grossesse (12 SA).")
    return desk.pick(
        "Bilan pré-opératoire.", "Accident d'exposition au sang (patient source).", "Dépistage."
    )
