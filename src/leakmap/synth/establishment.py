"""The fictitious hospital itself: its names, sites, services and the jobs of its staff.

Every document's letterhead, every folder of the dump and every admissions export draws
from here, so that a service always carries the same health categories (a stay in
psychiatry is ``mental_health`` wherever it is written).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from leakmap.vocabulary import Category

HOSPITAL = "Centre Hospitalier de Kerval"
HOSPITAL_SHORT = "CH Kerval"
HOSPITAL_ADDRESS = ("3 allée des Ajoncs", "BP 41742", "29107 Quimper Cedex")
HOSPITAL_PHONE = "02 61 91 00 00"
FINESS = "290099991"
MAIL_DOMAIN = "ch-kerval.example"
SITES = ("Site de Kerval", "Site de Penhars", "Hôpital de jour Saint-Corentin")
#: The partner clinic whose patients are not in this hospital's registry.
OTHER_SITE = "Clinique des Ajoncs (Concarneau)"


@dataclass(frozen=True, slots=True)
class Service:
    """A clinical service: how it is written, its unit code, the categories its stays reveal."""

    name: str
    short: str
    uf: str
    categories: frozenset[Category]


def _service(name: str, short: str, uf: str, *categories: Category) -> Service:
    return Service(name, short, uf, frozenset(categories))


ANAPATH = _service("Anatomie et cytologie pathologiques", "ANAPATH", "4410", Category.PATHOLOGY)
IMAGING = _service("Imagerie médicale", "RADIO", "4210", Category.IMAGING)
LABORATORY = _service("Laboratoire de biologie médicale", "LABO", "4310", Category.LABORATORY)
MATERNITY = _service("Gynécologie-Obstétrique", "MATER", "2610", Category.GYNECOLOGY_OBSTETRICS)
ORTHOGENY = _service("Centre de santé sexuelle - Orthogénie", "ORTHO", "2640", Category.GYNECOLOGY_OBSTETRICS)  # fmt: skip
GASTRO = _service("Hépato-gastro-entérologie", "HGE", "1330")
ONCOLOGY = _service("Oncologie médicale", "ONCO", "1510", Category.ONCOLOGY)
PSYCHIATRY = _service("Psychiatrie adulte", "PSY", "3110", Category.MENTAL_HEALTH)
ADDICTION = _service("Addictologie - CSAPA", "ADDICTO", "3150", Category.ADDICTION)
GENETICS = _service("Génétique médicale", "GENET", "4510", Category.GENETICS)
INFECTIOLOGY = _service("Maladies infectieuses - CeGIDD", "INFECTIO", "1710", Category.SEXUAL_HEALTH)  # fmt: skip
MORTUARY = _service("Chambre mortuaire", "MORTUAIRE", "9010", Category.DEATH)
GENERAL_SERVICES = (
    _service("Cardiologie", "CARDIO", "1210"),
    _service("Pneumologie", "PNEUMO", "1250"),
    _service("Médecine interne", "MED INT", "1110"),
    _service("Chirurgie viscérale et digestive", "CHIR VISC", "2110"),
    _service("Chirurgie orthopédique", "ORTHOPEDIE", "2150"),
    _service("Urgences", "SAU", "0510"),
    _service("Gériatrie", "GERIA", "1810"),
    _service("Pédiatrie", "PEDIA", "2810"),
    _service("Neurologie", "NEURO", "1410"),
    _service("Endocrinologie-Diabétologie", "ENDOC", "1610"),
    _service("Néphrologie", "NEPHRO", "1620"),
    GASTRO,
)
ADMISSION_SERVICES = (
    *GENERAL_SERVICES,
    MATERNITY,
    ONCOLOGY,
    PSYCHIATRY,
    ADDICTION,
    INFECTIOLOGY,
)

_JOBS = (
    ("Dr", "praticien hospitalier", 30), ("Pr", "PU-PH", 3), ("Dr", "chef de clinique", 5),
    ("", "interne", 10), ("IDE", "infirmière", 22), ("", "aide-soignante", 8),
    ("", "secrétaire médicale", 10), ("", "sage-femme", 3), ("", "cadre de santé", 4), ("", "assistante sociale", 2),
    ("", "agent administratif", 6),
)  # fmt: skip


def draw_job(rng: random.Random) -> tuple[str, str]:
    """A staff member's title (``Dr``, ``Pr``, ``IDE`` or none) and post."""
    title, job, _ = rng.choices(_JOBS, [weight for *_, weight in _JOBS])[0]
    return title, job


def letterhead(rng: random.Random, service: Service) -> tuple[str, ...]:
    """The lines at the top of a document, in one of several house styles."""
    style = rng.randrange(4)
    if style == 0:
        return (HOSPITAL.upper(), rng.choice(SITES), f"Service {service.name}", HOSPITAL_ADDRESS[2])
    if style == 1:
        return (HOSPITAL, service.name, f"Tél. secrétariat : {HOSPITAL_PHONE}")
    if style == 2:
        return (f"{HOSPITAL_SHORT} - {service.name.upper()}", f"UF {service.uf} - FINESS {FINESS}")
    return (HOSPITAL, *HOSPITAL_ADDRESS, service.name)
