"""Clinical narrative that makes reports long: history, examination, course.

It names nobody, but it is full of dates (previous exams, past stays) that are not birth
dates, and of the medical words a reader must not take for identities (``Parkinson``,
``Crohn``, ``Hodgkin`` are diseases, not patients).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from leakmap.vocabulary import Category

Section = tuple[str, tuple[str, ...]]

#: What some sentences reveal beyond ``health``: a lymphoma in the history is oncology,
#: a blood test's result is laboratory, whatever the document is about.
_REVEALS = (
    ("Lymphome de Hodgkin", Category.ONCOLOGY),
    ("bilan biologique", Category.LABORATORY),
    ("normalisation de la CRP", Category.LABORATORY),
)

_HISTORY = (
    "Antécédents de diabète de type 2 traité par metformine depuis {past}.",
    "Hospitalisation en cardiologie du {past} au {later} pour une décompensation cardiaque.",
    "Suivi pour une maladie de Crohn iléale, dernière coloscopie le {past}.",
    "Maladie de Parkinson diagnostiquée en {year}, traitée par lévodopa.",
    "Lymphome de Hodgkin traité dans l'enfance, en rémission complète.",
    "Allergie à la pénicilline (urticaire).",
    "Tabagisme sevré depuis {year}, environ 20 paquets-années.",
    "Vit seul(e) à domicile, autonome, passage d'une aide-ménagère deux fois par semaine.",
    "Pas de traitement anticoagulant. Vaccinations à jour.",
    "Dernier bilan biologique du {past} sans particularité.",
    "Chirurgie : cholécystectomie en {year}, prothèse totale de genou droit, cure de hernie inguinale gauche dans l'enfance.",  # fmt: skip
    "Traitement habituel : amlodipine 5 mg, atorvastatine 20 mg, lévothyroxine 75 µg, paracétamol si douleurs, oméprazole 20 mg le soir.",  # fmt: skip
    "Mode de vie : retraité(e) de l'enseignement, marié(e), deux enfants, vit en maison avec escalier, conduit encore, pas d'alcool déclaré.",  # fmt: skip
)
_EXAMINATION = (
    "Poids {weight} kg, taille {height} cm, IMC {bmi}.",
    "Tension artérielle {systolic}/{diastolic} mmHg, fréquence cardiaque {pulse}/min, SpO2 97 % en air ambiant.",  # fmt: skip
    "Auscultation cardio-pulmonaire normale. Abdomen souple, indolore.",
    "Pas de signe de Babinski, réflexes ostéo-tendineux présents et symétriques.",
    "Examen cutané : pas de lésion suspecte.",
)
_COURSE = (
    "Évolution favorable sous traitement, apyrexie obtenue à J{day}.",
    "Contrôle biologique du {later} : normalisation de la CRP.",
    "Avis spécialisé demandé le {later}, en attente.",
    "Sortie envisagée après réévaluation en staff le {later}.",
    "Information délivrée au patient, qui l'a comprise et accepte la prise en charge proposée.",
    "Le dossier a été présenté en réunion pluridisciplinaire le {later}; la décision collégiale retient une surveillance clinique et biologique rapprochée, avec réévaluation à trois mois.",  # fmt: skip
    "Kinésithérapie respiratoire quotidienne, mobilisation précoce au fauteuil, bas de contention, prévention des escarres par matelas à air et changements de position toutes les trois heures.",  # fmt: skip
    "Ordonnance de sortie remise en main propre, avec le compte rendu et les résultats des examens ; rendez-vous de contrôle à prendre auprès du secrétariat.",  # fmt: skip
)


def narrative(rng: random.Random, when: date, write_date: Callable[[date], str]) -> list[Section]:
    """Two or three sections of generic clinical prose, dated before ``when``."""
    past = when - timedelta(days=rng.randint(60, 2000))
    values = {
        "past": write_date(past),
        "later": write_date(past + timedelta(days=rng.randint(2, 40))),
        "year": str(past.year - rng.randint(0, 15)),
        "weight": str(rng.randint(45, 120)),
        "height": str(rng.randint(150, 195)),
        "bmi": f"{rng.randint(18, 38)},{rng.randint(0, 9)}",
        "systolic": str(rng.randint(100, 175)),
        "diastolic": str(rng.randint(55, 100)),
        "pulse": str(rng.randint(50, 110)),
        "day": str(rng.randint(2, 9)),
    }
    sections: list[Section] = [
        (
            rng.choice(("Histoire de la maladie", "Antécédents", "ANTÉCÉDENTS")),
            _some(rng, _HISTORY, values),
        ),  # fmt: skip
        (rng.choice(("Examen clinique", "À l'examen")), _some(rng, _EXAMINATION, values)),
    ]
    if rng.random() < 0.6:
        sections.append((rng.choice(("Évolution", "Au total")), _some(rng, _COURSE, values)))
    return sections


def _some(rng: random.Random, sentences: tuple[str, ...], values: dict[str, str]) -> tuple[str, ...]:  # fmt: skip
    """A few sentences; one time in three, nearly all of them (a long, two-page report)."""
    most = len(sentences) if rng.random() < 0.35 else min(4, len(sentences))
    chosen = rng.sample(sentences, rng.randint(2, most))
    return tuple(sentence.format(**values) for sentence in chosen)


def revealed(sections: Sequence[Section]) -> set[Category]:
    """The categories the narrative's sentences reveal, for the truth."""
    lines = [line for _, body in sections for line in body]
    return {category for cue, category in _REVEALS if any(cue in line for line in lines)}
