"""DICOM files → the patient's header fields as one row, the study as text.

Only the header is read (``stop_before_pixels``): the pixels are an image of the body,
not text, and are neither decoded nor OCR'd. The patient row uses the column headers
detection reads (``NOM``, ``PRENOM``, ``DDN``, ``IPP``); the study and series descriptions,
modality and body part are the health part (imaging), written as labelled lines.
A DICOMDIR gives one row per PATIENT record (``dicomdir``).

A file cut short is read as far as it goes: pydicom stops silently at the end of the
bytes, so the last element is checked against them; a cut value (a name ending
``VASSEU``) or a file holding no dataset at all is ``partial: corrupt: truncated``, and
the cut value is left out rather than given half.
"""

from __future__ import annotations

import io
import warnings

import pydicom
from pydicom.dataset import Dataset
from pydicom.valuerep import PersonName

from leakmap.extract.dicomdir import directory_parts, is_dicomdir
from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.hl7 import hl7_date
from leakmap.extract.parts import ExtractedParts, Unreadable
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus, Reason

DICOM_SHEET = "DICOM"
#: The reason a file cut short is partial.
TRUNCATED = f"{Reason.CORRUPT.value}: truncated"
#: A value length meaning "undefined, up to a delimiter" (sequences).
_UNDEFINED_LENGTH = 0xFFFFFFFF
#: The shortest element header (tag, VR, 2-byte length): fewer bytes left is a cut one.
_ELEMENT_HEADER_BYTES = 8
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
        truncated = _drop_cut_value(dataset, len(data))
        if not len(dataset):
            raise Unreadable(Reason.CORRUPT, "truncated" if truncated else "no dataset")
        if is_dicomdir(dataset):
            blocks, rows = directory_parts(dataset, patient_cells)
        else:
            blocks = _study_block(dataset)
            rows = (TableRow(DICOM_SHEET, 1, patient_cells(dataset)),)
    if truncated:
        return ExtractedParts(blocks, rows, status=ReadStatus.PARTIAL, reason=TRUNCATED)
    return ExtractedParts(blocks, rows)


def _drop_cut_value(dataset: Dataset, size: int) -> bool:
    """True when the file ends inside an element (which is then removed) or inside the
    file meta group (the dataset then holds nothing)."""
    meta = getattr(dataset, "file_meta", None)
    if not len(dataset) and meta is not None and len(meta):
        return True
    elements = list(dataset._dict.values())  # raw elements: their offsets in the file
    if not elements:
        return False
    last = elements[-1]
    tell, length = getattr(last, "value_tell", None), getattr(last, "length", None)
    if not isinstance(tell, int) or not isinstance(length, int) or length == _UNDEFINED_LENGTH:
        return False
    end = tell + length
    if end < size < end + _ELEMENT_HEADER_BYTES:
        return True  # the next element's header is cut: pydicom drops it silently
    if end <= size:
        return False
    if getattr(last, "VR", None) != "SQ":  # a sequence keeps its whole items
        del dataset[last.tag]
    return True


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
