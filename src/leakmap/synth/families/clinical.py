"""What a row's clinical text says, as data: each finding with the categories it reveals.

Vendors' exports carry a motive, a diagnosis code, an analysis or an act beside the
patient. Each entry here is written the way such a system writes it (an ICD-10 code and
its label, an analysis code, a CCAM act) and lists exactly the contract categories a
reader must find in it; ``health`` is always added by the caller. ``sex`` and the age
bounds keep findings plausible (no bHCG for a man, no delivery at 80).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from leakmap.synth.person import Person
from leakmap.vocabulary import Category

_GYN = Category.GYNECOLOGY_OBSTETRICS
_LAB = Category.LABORATORY
_TRIES = 30


@dataclass(frozen=True, slots=True)
class Finding:
    """A code and its label, the categories they reveal, whom they can concern."""

    code: str
    label: str
    categories: frozenset[Category]
    sex: str = ""
    min_age: int = 0
    max_age: int = 120


def _f(code: str, label: str, *categories: Category, sex: str = "", ages: tuple[int, int] = (0, 120)) -> Finding:  # fmt: skip
    return Finding(code, label, frozenset(categories), sex, ages[0], ages[1])


#: Emergency-department and consultation motives (free text, as typed at the desk).
MOTIVES = (
    _f("", "Douleur thoracique"), _f("", "Chute à domicile"), _f("", "Dyspnée"),
    _f("", "Idées suicidaires", Category.MENTAL_HEALTH, ages=(12, 120)),
    _f("", "TS médicamenteuse", Category.MENTAL_HEALTH, ages=(12, 120)),
    _f("", "Crise d'angoisse", Category.MENTAL_HEALTH),
    _f("", "IVG médicamenteuse", _GYN, sex="F", ages=(15, 48)),
    _f("", "Métrorragies T1", _GYN, sex="F", ages=(16, 46)),
    _f("", "Ivresse aiguë", Category.ADDICTION, ages=(14, 120)),
    _f("", "AES - exposition VIH", Category.SEXUAL_HEALTH, ages=(15, 120)),
    _f("", "Traumatisme cheville"), _f("", "Fièvre"), _f("", "Céphalées"),
    _f("", "Plaie main"), _f("", "Douleur abdominale"), _f("", "Malaise"),
    _f("", "Chimiothérapie J8", Category.ONCOLOGY, ages=(18, 120)),
)  # fmt: skip

#: Main diagnoses (PMSI DP), ICD-10 codes as the RSS writes them (no dot).
DIAGNOSES = (
    _f("I214", "Infarctus sous-endocardique"), _f("J189", "Pneumopathie, sans précision"),
    _f("S7200", "Fracture du col du fémur", ages=(50, 120)), _f("K358", "Appendicite aiguë"),
    _f("N390", "Infection urinaire"), _f("E119", "Diabète de type 2"),
    _f("F322", "Épisode dépressif sévère", Category.MENTAL_HEALTH, ages=(12, 120)),
    _f("F200", "Schizophrénie paranoïde", Category.MENTAL_HEALTH, ages=(15, 120)),
    _f("F102", "Syndrome de dépendance à l'alcool", Category.ADDICTION, ages=(16, 120)),
    _f("C509", "Tumeur maligne du sein", Category.ONCOLOGY, sex="F", ages=(25, 120)),
    _f("C61", "Tumeur maligne de la prostate", Category.ONCOLOGY, sex="M", ages=(45, 120)),
    _f("Z511", "Séance de chimiothérapie pour tumeur", Category.ONCOLOGY, ages=(18, 120)),
    _f("O800", "Accouchement spontané par présentation du sommet", _GYN, sex="F", ages=(16, 46)),
    _f("O040", "Avortement médical", _GYN, sex="F", ages=(15, 48)),
    _f("B24", "Maladie par VIH", Category.SEXUAL_HEALTH, ages=(15, 120)),
    _f("A530", "Syphilis latente", Category.SEXUAL_HEALTH, ages=(15, 120)),
)  # fmt: skip

#: Laboratory analyses (a laboratory system's codes and labels); all reveal ``laboratory``.
ANALYSES = (
    _f("NFS", "Numération formule sanguine", _LAB), _f("CRP", "Protéine C réactive", _LAB),
    _f("IONO", "Ionogramme sanguin", _LAB), _f("HBA1C", "Hémoglobine glyquée", _LAB),
    _f("TSH", "TSH ultrasensible", _LAB), _f("TROPO", "Troponine T hs", _LAB),
    _f("BHCG", "bHCG plasmatiques", _LAB, _GYN, sex="F", ages=(14, 50)),
    _f("HCGQ", "Dosage bêta-HCG quantitatif", _LAB, _GYN, sex="F", ages=(14, 50)),
    _f("VIH", "Sérologie VIH 1+2 (Ac + Ag p24)", _LAB, Category.SEXUAL_HEALTH, ages=(12, 120)),
    _f("CHLAM", "PCR Chlamydia trachomatis", _LAB, Category.SEXUAL_HEALTH, ages=(14, 120)),
    _f("CA153", "CA 15-3 (suivi cancer du sein)", _LAB, Category.ONCOLOGY, sex="F", ages=(25, 120)),
    _f("PSA", "PSA total", _LAB, sex="M", ages=(40, 120)),
    _f("LITH", "Lithémie", _LAB, Category.MENTAL_HEALTH, ages=(15, 120)),
    _f("ETOH", "Alcoolémie", _LAB, Category.ADDICTION, ages=(12, 120)),
)  # fmt: skip

#: Operating-room interventions (CCAM code and the planner's label).
INTERVENTIONS = (
    _f("HMFC004", "Cholécystectomie cœlioscopique"), _f("LMMA006", "Cure de hernie inguinale"),
    _f("NEKA020", "Prothèse totale de hanche", ages=(40, 120)), _f("NFFC004", "Arthroscopie genou"),
    _f("HHFA016", "Appendicectomie"), _f("KCFA005", "Thyroïdectomie totale", ages=(18, 120)),
    _f("QEFA020", "Tumorectomie sein + GS (carcinome)", Category.ONCOLOGY, sex="F", ages=(25, 120)),
    _f("HHFA009", "Colectomie droite pour néoplasie", Category.ONCOLOGY, ages=(30, 120)),
    _f("JKFA018", "Hystérectomie cœlioscopique", _GYN, sex="F", ages=(30, 90)),
    _f("JQGA003", "Césarienne programmée", _GYN, sex="F", ages=(17, 46)),
    _f("JNJD002", "IVG par aspiration", _GYN, sex="F", ages=(15, 48)),
    _f("EBFA012", "Pose de chambre implantable (chimiothérapie)", Category.ONCOLOGY, ages=(18, 120)),
)  # fmt: skip

#: Consultations (a planning of the day, by motive).
CONSULTATIONS = (
    _f("", "Consultation de suivi"), _f("", "1ère consultation"), _f("", "Résultats"),
    _f("", "Consultation d'annonce (oncologie)", Category.ONCOLOGY, ages=(18, 120)),
    _f("", "Suivi de grossesse 7e mois", _GYN, sex="F", ages=(16, 46)),
    _f("", "Consultation CeGIDD - dépistage IST", Category.SEXUAL_HEALTH, ages=(15, 120)),
    _f("", "Entretien psychiatrique", Category.MENTAL_HEALTH, ages=(12, 120)),
)  # fmt: skip


def fits(finding: Finding, person: Person, when: date) -> bool:
    """Whether ``finding`` can concern ``person`` on ``when`` (sex and age)."""
    if finding.sex and finding.sex != person.sex.value:
        return False
    return finding.min_age <= person.age_on(when) <= finding.max_age


def pick_finding(rng: random.Random, table: tuple[Finding, ...], person: Person, when: date) -> Finding:  # fmt: skip
    """A finding of ``table`` that fits the person (the table's first fitting entry at worst)."""
    for _ in range(_TRIES):
        finding = rng.choice(table)
        if fits(finding, person, when):
            return finding
    return next(f for f in table if fits(f, person, when) or not (f.sex or f.min_age or f.max_age < 120))  # fmt: skip
