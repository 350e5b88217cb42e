"""DICOM files → the patient's header fields as one row, the study as text.

Only the header is read (``stop_before_pixels``): the pixels are an image of the body,
not text, and are neither decoded nor OCR'd. The patient row uses the column headers
detection reads (``NOM``, ``PRENOM``, ``DDN``, ``IPP``); the study and series descriptions,
modality and body part are the health part (imaging), written as labelled lines.
"""

from __future__ import annotations

import io
import warnings

import pydicom
from pydicom.dataset import Dataset
from pydicom.valuerep import PersonName

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.hl7 import hl7_date
from leakmap.extract.parts import ExtractedParts
from leakmap.settings import ScanSettings

DICOM_SHEET = "DICOM"
#: Study attributes written as text, with the French label detection understands.
_STUDY_FIELDS = (
    ("Modalité", "Modality"),
    ("Examen", "StudyDescription"),
    ("Série", "SeriesDescription"),
    ("Région", "BodyPartExamined"),
    ("Date de l'examen", "StudyDate"),
    ("Établissement", "InstitutionName"),
    ("Médecin prescripteur", "ReferringPhysicianName"),
)


def extract_dicom(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """PatientName, PatientBirthDate, PatientID and sex as a row; the study as text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom warns on every non-conformant value
        dataset = pydicom.dcmread(io.BytesIO(data), stop_before_pixels=True)
    return ExtractedParts(
        blocks=_study_block(dataset), rows=(TableRow(DICOM_SHEET, 1, patient_cells(dataset)),)
    )


def patient_cells(dataset: Dataset) -> tuple[tuple[str, str], ...]:
    name = dataset.get("PatientName")
    person = name if isinstance(name, PersonName) else PersonName(str(name or ""))
    return (
        ("IPP", str(dataset.get("PatientID", "") or "")),
        ("NOM", person.family_name),
        ("PRENOM", " ".join(p for p in (person.given_name, person.middle_name) if p)),
        ("DDN", hl7_date(str(dataset.get("PatientBirthDate", "") or ""))),
        ("SEXE", str(dataset.get("PatientSex", "") or "")),
    )


def _study_block(dataset: Dataset) -> tuple[TextBlock, ...]:
    lines = []
    for label, keyword in _STUDY_FIELDS:
        value = str(dataset.get(keyword, "") or "").replace("^", " ").strip()
        if keyword == "StudyDate":
            value = hl7_date(value)
        if value:
            lines.append(f"{label} : {value}")
    return (TextBlock(1, "\n".join(lines)),) if lines else ()
