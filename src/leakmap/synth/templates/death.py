"""Death certificates and autopsy requests (``death``), about registry patients who died."""

from __future__ import annotations

from leakmap.synth.establishment import MORTUARY
from leakmap.synth.plan import Report
from leakmap.synth.templates.desk import Desk, Section, clinical_report


def death_certificate(desk: Desk) -> Report:
    """The certificate's administrative and medical parts."""
    person = desk.cast.deceased()
    died = person.death_date or desk.day()
    sections: list[Section] = [
        (
            "Volet administratif",
            (
                f"Date et heure du décès : {desk.date(died)} à {desk.rng.randint(0, 23)}h{desk.rng.randint(0, 59):02d}",
                f"Lieu : {desk.pick('Centre Hospitalier de Kerval, service de Gériatrie', 'au domicile', 'EHPAD')}",
                "Obstacle médico-légal : NON",
                "Mise en bière immédiate : NON",
            ),
        ),  # fmt: skip
        (
            "Volet médical - causes du décès",
            (
                desk.pick(
                    "Choc septique sur pneumopathie d'inhalation.",
                    "Arrêt cardio-respiratoire, cardiopathie ischémique.",
                    "Évolution terminale d'un adénocarcinome pancréatique métastatique.",
                    "AVC ischémique sylvien gauche étendu.",
                ),
            ),
        ),  # fmt: skip
    ]
    return clinical_report(
        desk,
        service=MORTUARY,
        title=desk.pick(
            "CERTIFICAT DE DÉCÈS", "Certificat de décès - modèle 2017", "Déclaration de décès"
        ),  # fmt: skip
        person=person,
        when=died,
        sections=sections,
        stem_prefix=desk.pick("certif_deces", "CD", "deces"),
    )


def autopsy_request(desk: Desk) -> Report:
    """A request for a medical autopsy, with the family's (non-)opposition."""
    person = desk.cast.deceased()
    died = person.death_date or desk.day()
    sections: list[Section] = [
        (
            "Demande",
            (
                f"Autopsie médicale demandée suite au décès survenu le {desk.date(died)}.",
                desk.pick(
                    "Recherche de la cause d'une mort inattendue.",
                    "Évaluation de l'extension tumorale.",
                    "Suspicion de dissection aortique.",
                ),
            ),
        ),  # fmt: skip
        (
            "Famille",
            (
                desk.pick(
                    "Pas d'opposition exprimée par la famille (registre national des refus consulté).",
                    "La famille a été informée.",
                ),
            ),
        ),  # fmt: skip
    ]
    return clinical_report(
        desk,
        service=MORTUARY,
        title="DEMANDE D'AUTOPSIE MÉDICALE",
        person=person,
        when=died,
        sections=sections,
        stem_prefix=desk.pick("autopsie", "demande_autopsie"),
    )
