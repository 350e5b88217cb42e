"""Psychiatry, addiction, genetics and HIV follow-up notes: the most sensitive documents.

Each one carries its service's category (``mental_health``, ``addiction``, ``genetics``,
``sexual_health``); psychiatry and addiction notes often name a relative to call, who is
exposed too (an unregistered ``relative``).
"""

from __future__ import annotations

from leakmap.synth.casting import Fit
from leakmap.synth.establishment import ADDICTION, GENETICS, INFECTIOLOGY, PSYCHIATRY
from leakmap.synth.person import Sex
from leakmap.synth.plan import Report
from leakmap.synth.templates.desk import Desk, Section, clinical_report, relative_line
from leakmap.vocabulary import Category


def psychiatry_note(desk: Desk) -> Report:
    """A psychiatric consultation or admission note, sometimes under constraint."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(min_age=16))
    diagnosis = desk.pick(
        "Épisode dépressif caractérisé sévère avec idées suicidaires scénarisées.",
        "Trouble bipolaire de type I, épisode maniaque.",
        "Schizophrénie paranoïde, rupture thérapeutique.",
        "Trouble anxieux généralisé.",
        "Tentative de suicide par intoxication médicamenteuse volontaire.",
    )
    sections: list[Section] = [
        (
            "Mode d'hospitalisation",
            (
                desk.pick(
                    "Soins libres.",
                    "SDT (soins à la demande d'un tiers), urgence.",
                    "SDRE (soins sur décision du représentant de l'État).",
                ),
            ),
        ),  # fmt: skip
        ("Motif", (diagnosis,)),
        (
            "Traitement",
            (
                desk.pick(
                    "Sertraline 50 mg/j, hydroxyzine si besoin.",
                    "Lithium 800 mg/j (lithémie cible 0,6-0,8).",
                    "Aripiprazole 15 mg/j, injection retard discutée.",
                ),
            ),
        ),  # fmt: skip
    ]
    extra = ()
    if desk.rng.random() < 0.5:
        text, relative = relative_line(desk, person)
        sections.append(("Entourage", (text,)))
        extra = (relative,)
    return clinical_report(
        desk,
        service=PSYCHIATRY,
        title=desk.pick(
            "OBSERVATION MÉDICALE - PSYCHIATRIE",
            "CMP - Compte rendu d'entretien",
            "Entretien psychiatrique d'accueil",
        ),  # fmt: skip
        person=person,
        when=when,
        sections=sections,
        extra_exposures=extra,
        stem_prefix=desk.pick("psy", "CMP", "entretien"),
    )


def addiction_note(desk: Desk) -> Report:
    """An alcohol withdrawal or opioid substitution follow-up note."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(min_age=18, max_age=80))
    substance = desk.pick(
        "Sevrage alcoolique programmé, consommation déclarée 12 UA/jour, score AUDIT 28.",
        "Traitement de substitution aux opiacés : méthadone 60 mg/j, délivrance quotidienne.",
        "Usage de cocaïne, prise en charge en CSAPA.",
        "Buprénorphine 8 mg/j, relais en ville prévu.",
        "Tabagisme 30 PA, Fagerström 8, substitution nicotinique.",
    )
    sections: list[Section] = [("Motif", (substance,)), ("Projet", (desk.pick("Post-cure en SSR addictologie.", "Suivi CSAPA mensuel.", "Groupe de parole, Alcooliques Anonymes."),))]  # fmt: skip
    extra = ()
    if desk.rng.random() < 0.35:
        text, relative = relative_line(desk, person)
        sections.append(("", (text,)))
        extra = (relative,)
    return clinical_report(
        desk,
        service=ADDICTION,
        title=desk.pick(
            "ADDICTOLOGIE - Compte rendu de consultation",
            "Sevrage - observation",
            "CSAPA - Note de suivi",
        ),  # fmt: skip
        person=person,
        when=when,
        sections=sections,
        extra_exposures=extra,
        stem_prefix=desk.pick("addicto", "sevrage", "CSAPA"),
    )


def genetics_report(desk: Desk) -> Report:
    """A karyotype or a BRCA analysis (the latter with a cancer history: oncology)."""
    when = desk.day()
    brca = desk.rng.random() < 0.5
    person = desk.cast.patient(when, Fit(sex=Sex.F, min_age=25) if brca else Fit())
    if brca:
        result = desk.pick("Variant pathogène BRCA1 c.5266dupC (classe 5) identifié à l'état hétérozygote.", "Absence de variant pathogène dans les gènes BRCA1, BRCA2, PALB2.")  # fmt: skip
        sections: list[Section] = [("Indication", ("Antécédent personnel de cancer du sein à 38 ans, mère et tante maternelle atteintes.",)), ("Résultat", (result,))]  # fmt: skip
    else:
        formula = desk.pick("46,XX", "46,XY", "47,XY,+21", "45,X", "46,XX,t(11;22)(q23;q11.2)")
        sections = [("Indication", (desk.pick("Fausses couches à répétition.", "Retard de croissance, dysmorphie.", "Infertilité du couple."),)), ("Résultat", (f"Caryotype constitutionnel : {formula}",))]  # fmt: skip
    return clinical_report(
        desk,
        service=GENETICS,
        title=desk.pick("CYTOGÉNÉTIQUE - CARYOTYPE", "Génétique moléculaire - compte rendu")
        if not brca
        else "ONCOGÉNÉTIQUE - Analyse BRCA1/BRCA2",  # fmt: skip
        person=person,
        when=when,
        sections=sections,
        health=(Category.ONCOLOGY,) if brca else (),
        stem_prefix=desk.pick("genet", "caryotype", "GEN"),
    )


def hiv_followup(desk: Desk) -> Report:
    """An HIV or PrEP follow-up consultation (CeGIDD / infectious diseases)."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(min_age=18, max_age=80))
    prep = desk.rng.random() < 0.3
    lines = (
        (
            "Suivi PrEP (Truvada) : sérologie VIH négative, créatinine normale, dépistage IST négatif.",
        )
        if prep
        else (
            f"Infection VIH-1 connue depuis {desk.rng.randint(1995, 2021)}, stade A.",
            f"CD4 : {desk.rng.randint(250, 1100)}/mm3, charge virale {desk.pick('indétectable (< 20 copies/mL)', '1 250 copies/mL')}.",  # fmt: skip
            f"Traitement : {desk.pick('bictégravir/emtricitabine/ténofovir alafénamide', 'dolutégravir + lamivudine')}.",  # fmt: skip
        )
    )
    return clinical_report(
        desk,
        service=INFECTIOLOGY,
        title=desk.pick(
            "CONSULTATION DE MALADIES INFECTIEUSES", "Suivi VIH", "CeGIDD - Consultation"
        ),  # fmt: skip
        person=person,
        when=when,
        sections=[("", lines)],
        stem_prefix=desk.pick("infectio", "consult_MIT", "suivi"),
    )
