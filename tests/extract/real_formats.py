"""Real-format files the tests build (issue 17 point 7): DICOM with a TIFF preamble, a
DICOMDIR written by pydicom's FileSet, FHIR NDJSON and single resources, BIFF2-5 and XLSB
workbooks. Every person is fictitious (the shared test registry's patients)."""

from __future__ import annotations

import gc
import io
import json
import tempfile
import warnings
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pydicom
from biff_writer import biff5_workbook, biff_worksheet
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.fileset import FileSet
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian
from xlsb_writer import xlsb_workbook

TIFF_PREAMBLE = b"II*\x00\x08\x00\x00\x00" + bytes(120)
HEADER = ["IPP", "NOM", "PRENOM", "DDN"]


def dicom_image(family: str, given: str, birth: str, ipp: str, *, preamble: bytes) -> bytes:
    """A CT header (no pixels) whose preamble is ``preamble``: a TIFF header, say."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CTImageStorage
    meta.MediaStorageSOPInstanceUID = f"1.2.826.0.1.3680043.8.498.{ipp}"
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = FileDataset("", {}, file_meta=meta, preamble=preamble)
    dataset.PatientName = f"{family}^{given}"
    dataset.PatientID = ipp
    dataset.PatientBirthDate = birth
    dataset.PatientSex = "M"
    dataset.Modality = "CT"
    dataset.StudyDescription = "Scanner thoracique"
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def _instance(number: int, family: str, given: str, ipp: str, study: str) -> Dataset:
    uid = f"1.2.826.0.1.3680043.8.498.{ipp}"
    dataset = Dataset()
    dataset.file_meta = FileMetaDataset()
    dataset.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset.file_meta.MediaStorageSOPClassUID = CTImageStorage
    dataset.file_meta.MediaStorageSOPInstanceUID = f"{uid}.3"
    dataset.SOPClassUID, dataset.SOPInstanceUID = CTImageStorage, f"{uid}.3"
    dataset.StudyInstanceUID, dataset.SeriesInstanceUID = f"{uid}.1", f"{uid}.2"
    dataset.PatientName, dataset.PatientID = f"{family}^{given}", ipp
    dataset.StudyDate, dataset.StudyTime, dataset.StudyID = "20240115", "1200", str(number)
    dataset.AccessionNumber, dataset.StudyDescription = "", study
    dataset.Modality, dataset.SeriesNumber, dataset.InstanceNumber = "CT", 1, 1
    return dataset


def dicomdir(
    patients: Sequence[tuple[str, str, str, str, str, str]], *, with_birth_dates: bool
) -> bytes:
    """A DICOMDIR (pydicom's FileSet), one study per (family, given, birth, sex, IPP, study).

    FileSet writes PATIENT records with name and id only; ``with_birth_dates`` adds the
    birth date and sex the way an edited DICOMDIR has them, which leaves its offsets
    pointing at the old places (the reader must then read records in file order).
    """
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        # FileSet stages files in a TemporaryDirectory it never cleans up: collected
        # here, its ResourceWarning is ours to ignore, not a failure of the next test.
        warnings.simplefilter("ignore", ResourceWarning)
        files = FileSet()
        for number, (family, given, _birth, _sex, ipp, study) in enumerate(patients, start=1):
            files.add(_instance(number, family, given, ipp, study))
        files.write(folder)
        data = (Path(folder) / "DICOMDIR").read_bytes()
        del files
        gc.collect()
    if not with_birth_dates:
        return data
    dataset = pydicom.dcmread(io.BytesIO(data))
    people = iter(patients)
    for record in dataset.DirectoryRecordSequence:
        if record.DirectoryRecordType == "PATIENT":
            _family, _given, birth, sex, *_ = next(people)
            record.PatientBirthDate, record.PatientSex = birth, sex
    buffer = io.BytesIO()
    dataset.save_as(buffer)
    return buffer.getvalue()


def fhir_patient(ipp: str, family: str, given: str, birth: str) -> dict[str, object]:
    return {
        "resourceType": "Patient",
        "id": f"pat-{ipp}",
        "identifier": [{"type": {"coding": [{"code": "MR"}]}, "value": ipp}],
        "name": [{"use": "official", "family": family, "given": given.split()}],
        "gender": "female",
        "birthDate": birth,
    }


def fhir_ndjson(resources: Sequence[dict[str, object]], *, cut_last: bool = False) -> bytes:
    """One resource a line; a note holding U+2028 (valid JSON, a line break to Python)."""
    lines = [json.dumps(r, ensure_ascii=False) for r in resources]
    lines.append(
        json.dumps(
            {"resourceType": "Observation", "note": [{"text": "Glycémie\u2028à jeun"}]},
            ensure_ascii=False,
        )
    )
    if cut_last:
        lines.append(lines[0][: len(lines[0]) // 2])
    return ("\n".join(lines) + "\n").encode()


def biff_list(version: int, rows: Sequence[Sequence[str]]) -> bytes:
    """A worklist saved by Excel 2, 3, 4 (one bare worksheet) or 5 (a workbook stream)."""
    grid = [HEADER, *rows]
    return biff5_workbook("Liste", grid) if version == 5 else biff_worksheet(version, grid)


def xlsb_list(rows: Sequence[tuple[str, str, str, date]]) -> bytes:
    """A worklist saved as XLSB, birth dates as date-formatted serial numbers."""
    return xlsb_workbook("Liste", [HEADER, *rows])
