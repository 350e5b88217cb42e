"""DICOMDIR files → one row per PATIENT record, its studies in the row.

A DICOMDIR (the index of a CD or a PACS export) holds no image, only directory records:
PATIENT records name each person (PatientName, PatientID, PatientBirthDate, PatientSex),
the STUDY records under them say what was examined. Records form a tree through byte
offsets (the next record at the same level, the first record one level down); a broken
offset must not lose a patient, so when one points at no record, the records are read in
file order, each STUDY going to the PATIENT before it (the order writers use).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from pydicom.dataset import Dataset

from leakmap.extract.document import TableRow, TextBlock
from leakmap.extract.hl7 import hl7_date

DICOMDIR_SHEET = "DICOMDIR"
#: The Media Storage SOP Class of a DICOMDIR (Basic Directory).
DICOMDIR_SOP_CLASS = "1.2.840.10008.1.3.10"
_NEXT = "OffsetOfTheNextDirectoryRecord"
_LOWER = "OffsetOfReferencedLowerLevelDirectoryEntity"
_ROOT = "OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity"

#: The identity cells of a dataset or a PATIENT record (``dicom.patient_cells``).
CellsOf = Callable[[Dataset], tuple[tuple[str, str], ...]]


def is_dicomdir(dataset: Dataset) -> bool:
    """A DICOMDIR by its SOP class, or by holding directory records at all."""
    meta = getattr(dataset, "file_meta", None)
    sop_class = str(meta.get("MediaStorageSOPClassUID", "")) if meta is not None else ""
    return sop_class == DICOMDIR_SOP_CLASS or "DirectoryRecordSequence" in dataset


def directory_parts(
    dataset: Dataset, patient_cells: CellsOf
) -> tuple[tuple[TextBlock, ...], tuple[TableRow, ...]]:
    """Each patient as a row (``patient_cells`` gives its identity cells) with an ``EXAMEN``
    cell listing its studies; the studies as text lines too, for the health categories."""
    rows: list[TableRow] = []
    lines: list[str] = []
    for patient, studies in patient_studies(dataset):
        described = [_study_text(study) for study in studies]
        described = [text for text in described if text]
        cells = (*patient_cells(patient), ("EXAMEN", " ; ".join(described)))
        rows.append(TableRow(DICOMDIR_SHEET, len(rows) + 1, cells))
        lines.extend(described)
    blocks = (TextBlock(1, "\n".join(f"Examen : {line}" for line in lines)),) if lines else ()
    return blocks, tuple(rows)


def patient_studies(dataset: Dataset) -> list[tuple[Dataset, list[Dataset]]]:
    """(PATIENT record, its STUDY records), by the offsets' tree; in file order when an
    offset points at no record (a file edited without rewriting them, or cut short)."""
    records = list(dataset.get("DirectoryRecordSequence", []))
    by_offset = {getattr(r, "seq_item_tell", None): r for r in records}
    offsets = [dataset.get(_ROOT)] + [r.get(key) for r in records for key in (_NEXT, _LOWER)]
    if any(isinstance(o, int) and o and o not in by_offset for o in offsets):
        return _in_file_order(records)
    reached: set[int] = set()
    found: list[tuple[Dataset, list[Dataset]]] = []
    for patient in _chain(by_offset, dataset.get(_ROOT), reached):
        if _type(patient) == "PATIENT":
            studies = _chain(by_offset, patient.get(_LOWER), reached)
            found.append((patient, [s for s in studies if _type(s) == "STUDY"]))
    return found if found else _in_file_order(records)


def _chain(
    by_offset: dict[int | None, Dataset], offset: object, reached: set[int]
) -> Iterator[Dataset]:
    """Records linked by ``OffsetOfTheNextDirectoryRecord`` from ``offset``; a loop ends it."""
    while isinstance(offset, int) and offset and offset in by_offset:
        record = by_offset[offset]
        if id(record) in reached:
            return
        reached.add(id(record))
        yield record
        offset = record.get(_NEXT)


def _in_file_order(records: Sequence[Dataset]) -> list[tuple[Dataset, list[Dataset]]]:
    found: list[tuple[Dataset, list[Dataset]]] = []
    for record in records:
        if _type(record) == "PATIENT":
            found.append((record, []))
        elif _type(record) == "STUDY" and found:
            found[-1][1].append(record)
    return found


def _type(record: Dataset) -> str:
    return str(record.get("DirectoryRecordType", "")).strip().upper()


def _study_text(study: Dataset) -> str:
    description = str(study.get("StudyDescription", "") or "").replace("^", " ").strip()
    day = hl7_date(str(study.get("StudyDate", "") or ""))
    return f"{description} ({day})" if description and day else description
