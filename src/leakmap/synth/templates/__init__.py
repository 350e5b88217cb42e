"""The catalogue of documents the fictitious hospital leaks, with their formats and folders.

Listed explicitly (no registration by import): each entry names the template, how often
it occurs, the file formats it is written in, and the folders of the dump it lives in
(``{year}`` is the document's year).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from leakmap.synth.plan import Plan
from leakmap.synth.templates import (
    death,
    endoscopy,
    imaging,
    impersonal,
    laboratory,
    letters,
    lists,
    obstetrics,
    pathology,
    specialties,
    staff_files,
)
from leakmap.synth.templates.desk import Desk

REPORT_FORMATS = (("pdf", 65), ("docx", 25), ("txt", 10))
LIST_FORMATS = (("xlsx", 50), ("csv", 42), ("txt", 8))


@dataclass(frozen=True, slots=True)
class DocumentKind:
    """One kind of leaked document."""

    name: str
    make: Callable[[Desk], Plan]
    weight: float
    formats: tuple[tuple[str, int], ...]
    folders: tuple[str, ...]

    def draw_format(self, rng: random.Random) -> str:
        """The file format of one document of this kind."""
        names, weights = zip(*self.formats, strict=True)
        return rng.choices(names, weights)[0]


def _kind(name: str, make: Callable[[Desk], Plan], weight: float, formats: tuple[tuple[str, int], ...], *folders: str) -> DocumentKind:  # fmt: skip
    return DocumentKind(name, make, weight, formats, folders)


_ANAPATH = ("Services/Anatomopathologie/{year}", "Services/Anatomopathologie/CR valides", "Utilisateurs/secretariat.acp/Documents")  # fmt: skip
_RADIO = ("Services/Radiologie/CR/{year}", "Radiologie/CR", "Services/Radiologie/Mammographies")
_LABO = ("Services/Laboratoire/Resultats", "Laboratoire/Listes", "exports/labo")
_MATER = ("Services/Maternite/Accouchements/{year}", "Services/Maternite/Echographies", "Maternite")
_LETTERS = ("Courriers/Sortie/{year}", "Courriers", "Utilisateurs/m.secretariat/Bureau", "Services/Medecine_interne/Courriers")  # fmt: skip

CATALOGUE: tuple[DocumentKind, ...] = (
    _kind("breast_biopsy", pathology.breast_biopsy, 4, REPORT_FORMATS, *_ANAPATH),
    _kind("colon_polyp", pathology.colon_polyp, 2, REPORT_FORMATS, *_ANAPATH),
    _kind("skin_excision", pathology.skin_excision, 2, REPORT_FORMATS, *_ANAPATH),
    _kind("prostate_biopsy", pathology.prostate_biopsy, 1.5, REPORT_FORMATS, *_ANAPATH),
    _kind(
        "cervical_smear",
        pathology.cervical_smear,
        2.5,
        REPORT_FORMATS,
        "Services/Anatomopathologie/Cytologie",
        *_ANAPATH[:1],
    ),  # fmt: skip
    _kind(
        "fluid_cytology",
        pathology.fluid_cytology,
        1,
        REPORT_FORMATS,
        "Services/Anatomopathologie/Cytologie",
    ),  # fmt: skip
    _kind("mammography", imaging.mammography, 3, REPORT_FORMATS, *_RADIO),
    _kind("ct_scan", imaging.ct_scan, 3, REPORT_FORMATS, *_RADIO[:2]),
    _kind("mri", imaging.mri, 2, REPORT_FORMATS, *_RADIO[:2]),
    _kind("ultrasound", imaging.ultrasound, 2, REPORT_FORMATS, *_RADIO[:2]),
    _kind("chest_xray", imaging.chest_xray, 1.5, REPORT_FORMATS, *_RADIO[:2]),
    _kind(
        "biochemistry",
        laboratory.biochemistry,
        4,
        REPORT_FORMATS,
        *_LABO[:1],
        "Utilisateurs/j.biologiste/Téléchargements",
    ),  # fmt: skip
    _kind(
        "serology", laboratory.serology, 3.5, REPORT_FORMATS, *_LABO[:1], "Services/Infectiologie"
    ),  # fmt: skip
    _kind("delivery", obstetrics.delivery, 3, REPORT_FORMATS, *_MATER),
    _kind("obstetric_ultrasound", obstetrics.obstetric_ultrasound, 2, REPORT_FORMATS, *_MATER[1:]),
    _kind(
        "abortion",
        obstetrics.abortion,
        1,
        REPORT_FORMATS,
        "Services/Maternite/Orthogenie",
        "Services/Gyneco/IVG",
    ),  # fmt: skip
    _kind(
        "colonoscopy",
        endoscopy.colonoscopy,
        2.5,
        REPORT_FORMATS,
        "Services/Gastro/Coloscopies",
        "Gastro/Coloscopies/{year}",
    ),  # fmt: skip
    _kind("gastroscopy", endoscopy.gastroscopy, 1, REPORT_FORMATS, "Services/Gastro/Endoscopies"),
    _kind("discharge_letter", letters.discharge_letter, 7, REPORT_FORMATS, *_LETTERS),
    _kind(
        "appointment_letter",
        letters.appointment_letter,
        4,
        (("pdf", 5), ("docx", 5)),
        "Courriers/Convocations",
        "Courriers/Convocations/{year}",
    ),  # fmt: skip
    _kind(
        "psychiatry_note",
        specialties.psychiatry_note,
        2.5,
        REPORT_FORMATS,
        "Services/Psychiatrie/CMP",
        "Services/Psychiatrie/Observations",
    ),  # fmt: skip
    _kind(
        "addiction_note",
        specialties.addiction_note,
        1.5,
        REPORT_FORMATS,
        "Services/Addictologie",
        "Services/Addictologie/CSAPA",
    ),  # fmt: skip
    _kind(
        "genetics_report", specialties.genetics_report, 1.2, REPORT_FORMATS, "Services/Genetique"
    ),  # fmt: skip
    _kind(
        "hiv_followup",
        specialties.hiv_followup,
        1.5,
        REPORT_FORMATS,
        "Services/Infectiologie",
        "Services/Infectiologie/CeGIDD",
    ),  # fmt: skip
    _kind(
        "death_certificate",
        death.death_certificate,
        1,
        REPORT_FORMATS,
        "Services/Chambre_mortuaire",
        "Direction/Deces",
    ),  # fmt: skip
    _kind(
        "autopsy_request", death.autopsy_request, 0.5, REPORT_FORMATS, "Services/Chambre_mortuaire"
    ),  # fmt: skip
    _kind(
        "or_planning",
        lists.or_planning,
        3,
        (("xlsx", 80), ("csv", 10), ("txt", 10)),
        "Services/Bloc/Planning",
        "Services/Bloc/Planning/{year}",
    ),  # fmt: skip
    _kind("lab_worklist", lists.lab_worklist, 4, LIST_FORMATS, *_LABO[1:]),
    _kind(
        "admissions_export",
        lists.admissions_export,
        3.5,
        (("csv", 70), ("xlsx", 30)),
        "exports/DPI",
        "exports/PMSI",
        "exports",
    ),  # fmt: skip
    _kind(
        "consultation_agenda",
        lists.consultation_agenda,
        2.5,
        (("txt", 40), ("xlsx", 30), ("csv", 30)),
        "Secretariats/Agendas",
        "Utilisateurs/m.secretariat/Documents",
    ),  # fmt: skip
    _kind(
        "tumour_board",
        lists.tumour_board,
        1.2,
        (("xlsx", 60), ("csv", 20), ("txt", 20)),
        "Services/Oncologie/RCP",
    ),  # fmt: skip
    _kind(
        "billing_export",
        lists.billing_export,
        1.2,
        (("csv", 60), ("xlsx", 40)),
        "Direction/Finances",
        "exports/facturation",
    ),  # fmt: skip
    _kind(
        "survey_contacts",
        lists.survey_contacts,
        1.2,
        (("csv", 70), ("xlsx", 30)),
        "Direction/Qualite/e-Satis",
    ),  # fmt: skip
    _kind(
        "transfer_list",
        lists.transfer_list,
        0.8,
        (("xlsx", 60), ("csv", 40)),
        "Direction/Partenariats",
        "exports",
    ),  # fmt: skip
    _kind(
        "death_register",
        lists.death_register,
        0.5,
        (("xlsx", 70), ("csv", 30)),
        "Services/Chambre_mortuaire",
    ),  # fmt: skip
    _kind(
        "results_export",
        lists.results_export,
        1.2,
        (("csv", 60), ("xlsx", 30), ("txt", 10)),
        "exports/labo",
        "Services/Laboratoire/SIL",
    ),  # fmt: skip
    _kind(
        "staff_list", staff_files.staff_list, 1, (("xlsx", 70), ("csv", 30)), "RH/Personnel", "RH"
    ),  # fmt: skip
    _kind(
        "payroll",
        staff_files.payroll,
        0.6,
        (("csv", 80), ("xlsx", 20)),
        "RH/Paie",
        "RH/Paie/{year}",
    ),  # fmt: skip
    _kind("sick_leave", staff_files.sick_leave, 0.6, (("xlsx", 100),), "RH/Absences"),
    _kind(
        "rota",
        staff_files.rota,
        1,
        (("xlsx", 100),),
        "Services/Cardiologie/Planning",
        "RH/Plannings",
    ),  # fmt: skip
    _kind(
        "protocol",
        impersonal.protocol,
        2,
        (("pdf", 60), ("docx", 40)),
        "Direction/Qualite/Protocoles",
        "Intranet/Procedures",
    ),  # fmt: skip
    _kind("menu", impersonal.menu, 1, (("xlsx", 60), ("csv", 40)), "Logistique/Restauration"),
    _kind(
        "blank_form",
        impersonal.blank_form,
        1.5,
        (("pdf", 50), ("docx", 50)),
        "Intranet/Formulaires",
        "Services/Laboratoire/Formulaires",
    ),  # fmt: skip
    _kind(
        "meeting_minutes",
        impersonal.meeting_minutes,
        1,
        (("docx", 70), ("pdf", 30)),
        "Direction/CME",
    ),  # fmt: skip
    _kind(
        "service_note",
        impersonal.service_note,
        1.5,
        (("pdf", 60), ("docx", 40)),
        "Direction/Notes_de_service",
    ),  # fmt: skip
)
BY_NAME = {kind.name: kind for kind in CATALOGUE}
_WEIGHTS = tuple(kind.weight for kind in CATALOGUE)


def draw_kind(rng: random.Random) -> DocumentKind:
    """A document kind, by its weight."""
    return rng.choices(CATALOGUE, _WEIGHTS)[0]
