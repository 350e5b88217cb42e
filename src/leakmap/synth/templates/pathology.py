"""Anatomopathology and cytology reports: biopsies, surgical specimens, smears.

The conclusion decides the categories: every report is ``pathology`` (its service), a
malignant conclusion adds ``oncology``, a cervical smear ``gynecology_obstetrics``.
"""

from __future__ import annotations

from leakmap.synth.casting import Fit
from leakmap.synth.establishment import ANAPATH
from leakmap.synth.person import Sex
from leakmap.synth.plan import Report
from leakmap.synth.templates.desk import Desk, Section, clinical_report
from leakmap.vocabulary import Category

_SIDES = ("gauche", "droit")
_QUADRANTS = ("QSE", "QSI", "QIE", "QII", "union des quadrants supérieurs", "rétro-aréolaire")


def breast_biopsy(desk: Desk) -> Report:
    """Breast microbiopsies: carcinoma (oncology) or a benign lesion."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(sex=Sex.F, min_age=30, max_age=90))
    side, quadrant = desk.rng.choice(_SIDES), desk.rng.choice(_QUADRANTS)
    malignant = desk.rng.random() < 0.55
    micro, conclusion = _breast_findings(desk, malignant)
    sections: list[Section] = [
        ("Renseignements cliniques", (desk.pick(
            f"Opacité spiculée du sein {side}, {quadrant}, classée ACR 5.",
            f"Masse palpable du sein {side} apparue depuis 3 mois.",
            f"Microcalcifications groupées du sein {side} (ACR 4), biopsie sous stéréotaxie.",
        ),)),
        ("Macroscopie", (f"{desk.rng.randint(2, 6)} carottes biopsiques blanchâtres mesurant de 8 à 15 mm, incluses en totalité.",)),
        ("Microscopie", micro),
        ("Conclusion", conclusion),
    ]  # fmt: skip
    return clinical_report(
        desk,
        service=ANAPATH,
        title=desk.pick(
            "COMPTE RENDU ANATOMO-PATHOLOGIQUE",
            "Compte-rendu d'anatomie et de cytologie pathologiques",
            "EXAMEN HISTOLOGIQUE - Microbiopsies mammaires",
        ),  # fmt: skip
        person=person,
        when=when,
        sections=_with_exam_number(desk, when.year, sections),
        health=(Category.ONCOLOGY,) if malignant else (),
        stem_prefix=desk.pick("CR_anapath", "ACP", "biopsie_sein", "H"),
    )


def _breast_findings(desk: Desk, malignant: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if malignant:
        grade = desk.rng.choice(("I", "II", "III"))
        ki67 = desk.rng.randint(5, 60)
        return (
            (
                "Prolifération carcinomateuse infiltrante d'architecture trabéculaire et massive.",
                f"Grade histopronostique de Elston et Ellis (SBR modifié) : {grade}.",
                f"Immunohistochimie : RE positifs (90 %), RP {desk.pick('positifs (40 %)', 'négatifs')}, HER2 score {desk.pick('0', '1+', '3+')}, Ki67 {ki67} %.",  # fmt: skip
            ),
            (
                f"Carcinome infiltrant de type non spécifique (canalaire), grade {grade}.",
                desk.pick(
                    "Absence d'emboles vasculaires visibles sur ce prélèvement.",
                    "Présence d'une composante in situ de haut grade.",
                ),  # fmt: skip
            ),
        )
    lesion = desk.pick("Fibroadénome", "Mastopathie fibrokystique", "Adénose sclérosante", "Cytostéatonécrose")  # fmt: skip
    return (
        (
            "Tissu mammaire fibreux avec structures glandulaires régulières.",
            "Pas d'atypie cytonucléaire.",
        ),  # fmt: skip
        (f"{lesion}. Absence de lésion tumorale maligne.",),
    )


def colon_polyp(desk: Desk) -> Report:
    """Polyps from a colonoscopy: adenoma, or an adenocarcinoma (oncology)."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(min_age=45, max_age=90))
    malignant = desk.rng.random() < 0.25
    conclusion = (
        "Adénocarcinome lieberkühnien moyennement différencié infiltrant la sous-muqueuse."
        if malignant
        else desk.pick(
            "Adénome tubuleux en dysplasie de bas grade, exérèse complète.",
            "Polype hyperplasique.",
            "Adénome festonné sessile sans dysplasie.",
        )  # fmt: skip
    )
    sections: list[Section] = [
        (
            "Renseignements cliniques",
            (
                desk.pick(
                    "Polypes coliques réséqués à l'anse lors de la coloscopie.",
                    "Test immunologique positif, polype du sigmoïde.",
                ),
            ),
        ),  # fmt: skip
        ("Examen macroscopique", (f"Pot 1 : {desk.rng.randint(1, 4)} fragments de 3 à 12 mm.",)),
        ("Conclusion", (conclusion,)),
    ]
    return clinical_report(
        desk,
        service=ANAPATH,
        title=desk.pick("ANATOMIE PATHOLOGIQUE - Biopsies digestives", "Compte rendu histologique"),
        person=person,
        when=when,
        sections=_with_exam_number(desk, when.year, sections),
        health=(Category.ONCOLOGY,) if malignant else (),
        stem_prefix=desk.pick("anapath_colon", "ACP", "H"),
    )


def skin_excision(desk: Desk) -> Report:
    """A skin excision: naevus, or a basal cell carcinoma or melanoma (oncology)."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(min_age=18))
    kind = desk.rng.choice(("naevus", "basocellulaire", "mélanome", "kératose"))
    conclusions = {
        "naevus": "Naevus naevocellulaire composé, sans atypie. Exérèse complète.",
        "basocellulaire": "Carcinome basocellulaire nodulaire, exérèse complète (marge latérale 2 mm).",
        "mélanome": "Mélanome superficiel extensif, indice de Breslow 0,8 mm, Clark III, non ulcéré.",
        "kératose": "Kératose séborrhéique. Absence de malignité.",
    }
    site = desk.pick("dos", "joue gauche", "avant-bras droit", "aile du nez", "jambe gauche")
    sections: list[Section] = [
        ("Renseignements cliniques", (f"Lésion pigmentée du {site}, exérèse.",)),
        ("Conclusion", (conclusions[kind],)),
    ]
    return clinical_report(
        desk,
        service=ANAPATH,
        title="EXAMEN ANATOMO-PATHOLOGIQUE - Exérèse cutanée",
        person=person,
        when=when,
        sections=_with_exam_number(desk, when.year, sections),
        health=(Category.ONCOLOGY,) if kind in ("basocellulaire", "mélanome") else (),
        stem_prefix=desk.pick("peau", "ACP", "derm"),
    )


def prostate_biopsy(desk: Desk) -> Report:
    """Prostate biopsies (men over 50): adenocarcinoma with a Gleason score, or benign."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(sex=Sex.M, min_age=50))
    malignant = desk.rng.random() < 0.6
    conclusion = (
        f"Adénocarcinome prostatique acinaire, score de Gleason {desk.pick('3+3=6', '3+4=7', '4+3=7', '4+4=8')} (ISUP {desk.rng.randint(1, 4)}), sur {desk.rng.randint(1, 6)} biopsies sur 12."  # fmt: skip
        if malignant
        else "Hyperplasie bénigne de la prostate. Absence de lésion carcinomateuse sur les 12 biopsies."
    )
    return clinical_report(
        desk,
        service=ANAPATH,
        title="Biopsies prostatiques écho-guidées - Compte rendu",
        person=person,
        when=when,
        sections=_with_exam_number(
            desk,
            when.year,
            [
                ("PSA", (f"PSA : {desk.rng.randint(4, 40)},{desk.rng.randint(0, 9)} ng/mL",)),
                ("Conclusion", (conclusion,)),
            ],
        ),  # fmt: skip
        health=(Category.ONCOLOGY,) if malignant else (),
        stem_prefix="prostate",
    )


def cervical_smear(desk: Desk) -> Report:
    """A cervical smear (Bethesda), a gynaecological exam."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(sex=Sex.F, min_age=25, max_age=66))
    result = desk.pick(
        "Absence de lésion malpighienne intra-épithéliale ou de malignité (NIL/M).",
        "Atypies des cellules malpighiennes de signification indéterminée (ASC-US).",
        "Lésion malpighienne intra-épithéliale de bas grade (LSIL).",
        "Lésion malpighienne intra-épithéliale de haut grade (HSIL). Colposcopie recommandée.",
    )
    sections: list[Section] = [
        (
            "Type de prélèvement",
            (desk.pick("Frottis cervico-utérin en phase liquide", "Frottis de dépistage"),),
        ),  # fmt: skip
        ("Qualité", ("Satisfaisant pour évaluation, zone de jonction présente.",)),
        ("Interprétation (système de Bethesda 2014)", (result,)),
    ]
    return clinical_report(
        desk,
        service=ANAPATH,
        title=desk.pick(
            "CYTOLOGIE CERVICO-UTÉRINE", "Compte rendu de cytopathologie gynécologique"
        ),
        person=person,
        when=when,
        sections=_with_exam_number(desk, when.year, sections),
        health=(Category.GYNECOLOGY_OBSTETRICS,),
        stem_prefix=desk.pick("FCU", "frottis", "cyto"),
    )


def fluid_cytology(desk: Desk) -> Report:
    """Cytology of a thyroid nodule or of a pleural effusion (metastasis: oncology)."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(min_age=20))
    thyroid = desk.rng.random() < 0.5
    if thyroid:
        result, malignant = desk.pick("Bethesda II : lésion bénigne (nodule colloïde).", "Bethesda III : atypies de signification indéterminée."), False  # fmt: skip
        site = "Cytoponction d'un nodule thyroïdien lobaire droit de 22 mm (EU-TIRADS 4)."
    else:
        malignant = desk.rng.random() < 0.5
        result = (
            "Présence de cellules carcinomateuses d'origine glandulaire, compatibles avec une métastase d'adénocarcinome (TTF1+)."  # fmt: skip
            if malignant
            else "Liquide inflammatoire à prédominance lymphocytaire, absence de cellule maligne."
        )
        site = "Liquide pleural droit, 40 mL, citrin."
    return clinical_report(
        desk,
        service=ANAPATH,
        title="EXAMEN CYTOLOGIQUE",
        person=person,
        when=when,
        sections=_with_exam_number(
            desk, when.year, [("Prélèvement", (site,)), ("Conclusion", (result,))]
        ),  # fmt: skip
        health=(Category.ONCOLOGY,) if malignant else (),
        stem_prefix="cyto",
    )


def _with_exam_number(desk: Desk, year: int, sections: list[Section]) -> list[Section]:
    """Prepend the laboratory's exam number (``H22-04512``), another non-personal number."""
    number = f"{desk.pick('H', 'C', 'B')}{year % 100:02d}-{desk.rng.randint(1, 19999):05d}"
    return [("", (f"N° d'examen : {number}",)), *sections]
