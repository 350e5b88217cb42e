"""Obstetrics and gynaecology: deliveries (mother and newborn), obstetric ultrasound, IVG.

A delivery report exposes two people: the mother (``gynecology_obstetrics``) and the
newborn (``health``), who is a registry patient when the hospital registered the child
and an unregistered ``newborn`` otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta

from leakmap.synth.casting import Fit
from leakmap.synth.establishment import MATERNITY, ORTHOGENY
from leakmap.synth.french_dates import format_time
from leakmap.synth.person import Person, Sex
from leakmap.synth.plan import Exposure, Report, Style, Text
from leakmap.synth.printed_names import print_name
from leakmap.synth.templates.desk import Desk, Section, clinical_report
from leakmap.vocabulary import Category

_MOTHER = Fit(sex=Sex.F, min_age=18, max_age=44)


def delivery(desk: Desk) -> Report:
    """A delivery report: the mother's label, then the newborn's identity and condition."""
    mother, child, when = _mother_and_child(desk)
    child_block, child_exposure = _newborn_block(desk, child, when)
    weeks = desk.rng.randint(36, 41)
    sections: list[Section] = [
        ("Grossesse", (f"G{desk.rng.randint(1, 4)}P{desk.rng.randint(1, 3)}, grossesse {desk.pick('de déroulement normal', 'marquée par un diabète gestationnel', 'compliquée d’une pré-éclampsie')}.",)),  # fmt: skip
        ("Accouchement", (
            f"Terme : {weeks} SA + {desk.rng.randint(0, 6)} j. {desk.pick('Accouchement voie basse spontané', 'Césarienne en urgence pour anomalies du rythme cardiaque fœtal', 'Extraction instrumentale par ventouse')}.",
            f"Péridurale : {desk.pick('oui', 'non')}. Délivrance : {desk.pick('naturelle complète', 'artificielle')}. Pertes sanguines : {desk.rng.randint(150, 900)} mL.",
        )),
    ]  # fmt: skip
    return clinical_report(
        desk,
        service=MATERNITY,
        title=desk.pick(
            "COMPTE RENDU D'ACCOUCHEMENT",
            "Dossier obstétrical - Accouchement",
            "SALLE DE NAISSANCE - Compte rendu",
        ),  # fmt: skip
        person=mother,
        when=when,
        sections=sections,
        extra_blocks=child_block,
        extra_exposures=(child_exposure,),
        stem_prefix=desk.pick("accouchement", "CR_AVB", "naissance"),
    )


def _mother_and_child(desk: Desk) -> tuple[Person, Person, date]:
    """A registry mother with her registered child (when planted), else a new newborn."""
    families = desk.cast.families
    if families and desk.rng.random() < 0.5:
        mother, child = desk.rng.choice(families)
        return desk.cast.remember(mother), desk.cast.remember(child), child.birth_date
    when = desk.day()
    mother = desk.cast.patient(when, _MOTHER)
    return mother, desk.cast.newborn_of(mother, when), when


def _newborn_block(desk: Desk, child: Person, born: date) -> tuple[tuple[Text, ...], Exposure]:
    """The newborn's lines: name, birth date and time, sex, weight, Apgar."""
    name = print_name(desk.rng, child, desk.habits.names)
    sex = desk.pick("fille", "F") if child.sex is Sex.F else desk.pick("garçon", "M")
    lines = (
        f"Nouveau-né : {name.text}",
        f"{'Née' if child.sex is Sex.F else 'Né'} le {desk.date(born)} à {format_time(desk.rng)} - sexe : {sex}",  # fmt: skip
        f"Poids : {desk.rng.randint(2300, 4300)} g  Taille : {desk.rng.randint(45, 54)} cm  PC : {desk.rng.randint(31, 37)} cm",  # fmt: skip
        f"Apgar : {desk.rng.randint(6, 10)}/10 à 1 min, 10/10 à 5 min",
        f"Pédiatre : {desk.cast.physician().family_name.upper()}",
        f"Sage-femme : {_midwife(desk)}",
    )
    categories = {Category.NAME, Category.BIRTH_DATE, Category.HEALTH}
    exposure = Exposure(child, frozenset(categories), name.families, name.given)
    return (Text(("Nouveau-né",), Style.HEADING), Text(lines, Style.BODY)), exposure


def obstetric_ultrasound(desk: Desk) -> Report:
    """A first-, second- or third-trimester ultrasound: imaging and obstetrics."""
    when = desk.day()
    person = desk.cast.patient(when, _MOTHER)
    term = desk.rng.choice((12, 22, 32))
    expected = when + timedelta(weeks=40 - term)
    sections: list[Section] = [
        (
            "",
            (
                f"Échographie du {'1er' if term == 12 else '2e' if term == 22 else '3e'} trimestre - {term} SA.",
                f"Date de début de grossesse : {desk.date(when - timedelta(weeks=term - 2))}    Terme prévu : {desk.date(expected)}",
            ),
        ),  # fmt: skip
        (
            "Biométries",
            (
                desk.pick(
                    f"LCC : {desk.rng.randint(45, 84)} mm, clarté nucale : 1,{desk.rng.randint(1, 9)} mm",
                    f"BIP : {desk.rng.randint(50, 90)} mm, PC : {desk.rng.randint(180, 310)} mm, PA : {desk.rng.randint(160, 300)} mm",
                ),
            ),
        ),  # fmt: skip
        (
            "Conclusion",
            (
                desk.pick(
                    "Grossesse monofœtale évolutive, morphologie normale.",
                    "Grossesse gémellaire bichoriale.",
                    "Biométries au 5e percentile, contrôle dans 3 semaines.",
                ),
            ),
        ),  # fmt: skip
    ]
    return clinical_report(
        desk,
        service=MATERNITY,
        title=desk.pick("ÉCHOGRAPHIE OBSTÉTRICALE", "Compte rendu d'échographie de grossesse"),
        person=person,
        when=when,
        sections=sections,
        health=(Category.IMAGING,),
        stem_prefix=desk.pick("echo_T", "echo_obst", "ECHO"),
    )


def abortion(desk: Desk) -> Report:
    """An IVG consultation (orthogeny): gynaecology and obstetrics."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(sex=Sex.F, min_age=15, max_age=46), other_site_share=0.0)
    weeks = desk.rng.randint(5, 13)
    method = "médicamenteuse (mifépristone puis misoprostol)" if weeks < 8 else "par aspiration sous anesthésie locale"  # fmt: skip
    sections: list[Section] = [
        ("Motif", (f"Demande d'interruption volontaire de grossesse à {weeks} SA.",)),
        (
            "Déroulement",
            (
                f"IVG {method}.",
                desk.pick(
                    "Contraception post-IVG : implant.",
                    "Contraception post-IVG : DIU au cuivre.",
                    "Pilule oestroprogestative prescrite.",
                ),
            ),
        ),  # fmt: skip
        (
            "Suivi",
            (
                f"Consultation de contrôle prévue le {desk.date(when + timedelta(days=desk.rng.randint(14, 21)))}.",
            ),
        ),  # fmt: skip
    ]
    return clinical_report(
        desk,
        service=ORTHOGENY,
        title=desk.pick(
            "CONSULTATION D'ORTHOGÉNIE",
            "IVG - Compte rendu",
            "Centre de santé sexuelle - dossier IVG",
        ),  # fmt: skip
        person=person,
        when=when,
        sections=sections,
        stem_prefix=desk.pick("IVG", "ortho", "CSS"),
    )


def _midwife(desk: Desk) -> str:
    midwife = desk.cast.staff("sage-femme")
    return f"{midwife.first_given} {midwife.family_name.upper()}"
