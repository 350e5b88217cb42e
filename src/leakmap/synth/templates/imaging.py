"""Radiology reports: mammography, CT, MRI, ultrasound, X-ray.

Every report is ``imaging``; a CT done to stage or follow a known cancer adds ``oncology``,
an obstetric ultrasound belongs to ``obstetrics.py``.
"""

from __future__ import annotations

from leakmap.synth.casting import Fit
from leakmap.synth.establishment import IMAGING
from leakmap.synth.person import Sex
from leakmap.synth.plan import Report
from leakmap.synth.templates.desk import Desk, Section, clinical_report
from leakmap.vocabulary import Category


def mammography(desk: Desk) -> Report:
    """Screening or diagnostic mammography with its ACR classification."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(sex=Sex.F, min_age=40, max_age=85))
    follow_up = desk.rng.random() < 0.2
    acr = desk.pick("ACR 1", "ACR 2", "ACR 2", "ACR 3", "ACR 4", "ACR 5")
    sections: list[Section] = [
        ("Indication", (desk.pick(
            "Dépistage organisé.",
            "Surveillance annuelle, antécédent de cancer du sein gauche traité en 2017 (tumorectomie + radiothérapie)." if follow_up else "Mastodynies droites.",
            "Nodule palpé par la patiente.",
        ),)),
        ("Technique", ("Mammographie bilatérale deux incidences (face, oblique externe), complétée par une échographie.",)),
        ("Résultats", (
            f"Seins de densité de type {desk.pick('A', 'B', 'C', 'D')}.",
            desk.pick("Pas de foyer de microcalcifications suspectes.", "Opacité stellaire de 14 mm du QSE gauche.", "Kyste simple de 8 mm à droite."),
        )),
        ("Conclusion", (f"{acr} bilatéral." if acr in ("ACR 1", "ACR 2") else f"{acr} du sein {desk.pick('droit', 'gauche')}. {desk.pick('Microbiopsie proposée.', 'Contrôle à 6 mois.')}",)),
    ]  # fmt: skip
    return clinical_report(
        desk,
        service=IMAGING,
        title=desk.pick(
            "MAMMOGRAPHIE BILATÉRALE",
            "Compte rendu de sénologie",
            "Mammographie - échographie mammaire",
        ),  # fmt: skip
        person=person,
        when=when,
        sections=sections,
        health=(Category.ONCOLOGY,) if follow_up else (),
        stem_prefix=desk.pick("mammo", "CR_mammographie", "SENO"),
    )


def ct_scan(desk: Desk) -> Report:
    """A CT scan: staging of a cancer (oncology) or an emergency indication."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(min_age=18))
    oncology = desk.rng.random() < 0.45
    if oncology:
        indication = desk.pick(
            "Bilan d'extension d'un adénocarcinome colique.",
            "Réévaluation après 3 cures de chimiothérapie (FOLFOX) d'un cancer du côlon métastatique.",
            "Suivi d'un carcinome pulmonaire non à petites cellules.",
            "Bilan d'un lymphome B diffus à grandes cellules.",
        )
        conclusion = desk.pick("Pas d'argument pour une localisation secondaire.", "Progression hépatique (2 nouvelles lésions).", "Réponse partielle selon RECIST 1.1.")  # fmt: skip
    else:
        indication = desk.pick("Douleurs de la fosse iliaque droite, fièvre.", "Traumatisme crânien sous anticoagulant.", "Dyspnée, suspicion d'embolie pulmonaire.", "Colique néphrétique droite.")  # fmt: skip
        conclusion = desk.pick("Appendicite aiguë non compliquée.", "Absence d'hémorragie intracrânienne.", "Embolie pulmonaire segmentaire droite.", "Lithiase urétérale droite de 5 mm.")  # fmt: skip
    region = desk.pick("thoraco-abdomino-pelvien", "abdomino-pelvien", "cérébral", "thoracique")
    sections: list[Section] = [
        ("Indication", (indication,)),
        (
            "Technique",
            (
                f"Scanner {region} {desk.pick('avec', 'sans et avec')} injection de produit de contraste iodé. PDL : {desk.rng.randint(200, 900)} mGy.cm.",
            ),
        ),  # fmt: skip
        (
            "Résultat",
            (desk.pick("Examen de bonne qualité.", "Artéfacts de mouvement."), conclusion),
        ),
        ("Conclusion", (conclusion,)),
    ]
    return clinical_report(
        desk,
        service=IMAGING,
        title=f"TOMODENSITOMÉTRIE {region.upper()}",
        person=person,
        when=when,
        sections=sections,
        health=(Category.ONCOLOGY,) if oncology else (),
        stem_prefix=desk.pick("TDM", "scanner", "CR_TDM"),
    )


def mri(desk: Desk) -> Report:
    """A brain, spine, knee or prostate MRI."""
    when = desk.day()
    person = desk.cast.patient(when, Fit(min_age=10))
    region, finding = desk.rng.choice(
        (
            (
                "cérébrale",
                "Hypersignaux FLAIR de la substance blanche périventriculaire, évocateurs d'une pathologie inflammatoire démyélinisante.",
            ),  # fmt: skip
            ("cérébrale", "Pas d'anomalie de signal du parenchyme cérébral."),
            (
                "du rachis lombaire",
                "Hernie discale L4-L5 postéro-latérale gauche au contact de la racine L5.",
            ),  # fmt: skip
            ("du genou droit", "Fissure horizontale de la corne postérieure du ménisque médial."),
        )
    )
    return clinical_report(
        desk,
        service=IMAGING,
        title=f"IRM {region.upper()}",
        person=person,
        when=when,
        sections=[
            ("Technique", ("Séquences T1, T2, FLAIR, diffusion.",)),
            ("Résultats", (finding,)),
            ("Conclusion", (finding.split(",")[0] + ".",)),
        ],  # fmt: skip
        stem_prefix=desk.pick("IRM", "CR_IRM"),
    )


def ultrasound(desk: Desk) -> Report:
    """An abdominal, thyroid or venous Doppler ultrasound."""
    when = desk.day()
    person = desk.cast.patient(when)
    exam, finding = desk.rng.choice(
        (
            (
                "ÉCHOGRAPHIE ABDOMINALE",
                "Foie de taille normale, stéatose modérée. Vésicule lithiasique sans signe de cholécystite.",
            ),  # fmt: skip
            ("ÉCHOGRAPHIE THYROÏDIENNE", "Nodule isoéchogène du lobe droit de 14 mm, EU-TIRADS 3."),
            (
                "ÉCHO-DOPPLER VEINEUX DES MEMBRES INFÉRIEURS",
                "Thrombose veineuse profonde poplitée gauche.",
            ),  # fmt: skip
            ("ÉCHOGRAPHIE RÉNALE", "Reins de taille normale, pas de dilatation des cavités."),
        )
    )
    return clinical_report(
        desk,
        service=IMAGING,
        title=exam,
        person=person,
        when=when,
        sections=[("Résultats", (finding,)), ("Conclusion", (finding.split(".")[0] + ".",))],
        stem_prefix=desk.pick("echo", "ECHO", "CR_echo"),
    )


def chest_xray(desk: Desk) -> Report:
    """A chest X-ray, short as they are."""
    when = desk.day()
    person = desk.cast.patient(when)
    finding = desk.pick("Pas de foyer parenchymateux. Cul-de-sac libres.", "Opacité alvéolaire du lobe inférieur droit.", "Cardiomégalie, redistribution vasculaire vers les sommets.")  # fmt: skip
    return clinical_report(
        desk,
        service=IMAGING,
        title=desk.pick("RADIOGRAPHIE THORACIQUE DE FACE", "RX THORAX"),
        person=person,
        when=when,
        sections=[("", (finding,))],
        stem_prefix=desk.pick("RX", "radio_thorax"),
    )
