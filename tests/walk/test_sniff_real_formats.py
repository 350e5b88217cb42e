"""Real formats sniffed as what they are (issue 17 point 7): DICOM whose free preamble holds
a TIFF header, old Excel saved as a bare BIFF stream, XLSB apart from XLSX, FHIR NDJSON
whose strings hold line separators or whose last line was cut. Hits and near misses."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from leakmap.vocabulary import FileKind
from leakmap.walk.sniff import sniff_content, sniff_path

TIFF_PREAMBLE = b"II*\x00\x08\x00\x00\x00" + bytes(120)


def _dicom(preamble: bytes) -> bytes:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = FileDataset("", {}, file_meta=meta, preamble=preamble)
    dataset.PatientName = "ZARKOVIC^Milan"
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def _bof(opcode: int, version: int, stream: int) -> bytes:
    return struct.pack("<HHHHH", opcode, 6, version, stream, 0) + b"\x0a\x00\x00\x00"


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, b"\x83\x01\x00")
    return buffer.getvalue()


PATIENT = {"resourceType": "Patient", "name": [{"family": "LEROY", "given": ["Anne"]}]}


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (_dicom(TIFF_PREAMBLE), FileKind.DICOM),  # was "image", its patient missed
        (_dicom(b"MM\x00*" + bytes(124)), FileKind.DICOM),
        (_dicom(bytes(128)), FileKind.DICOM),
        (TIFF_PREAMBLE + b"DICX" + bytes(64), FileKind.IMAGE),  # near miss: a TIFF
        (struct.pack("<HHHH", 0x0009, 4, 0, 0x0010) + bytes(4), FileKind.XLS),  # BIFF2
        (_bof(0x0209, 0x0000, 0x0010), FileKind.XLS),  # BIFF3 worksheet
        (_bof(0x0409, 0x0000, 0x0010), FileKind.XLS),  # BIFF4 worksheet
        (_bof(0x0409, 0x0000, 0x0100), FileKind.XLS),  # BIFF4 workbook
        (_bof(0x0809, 0x0500, 0x0005), FileKind.XLS),  # BIFF5 workbook globals
        (_bof(0x0409, 0x0000, 0x0777), FileKind.UNKNOWN),  # near miss: no such stream
        (struct.pack("<HH", 0x0409, 300) + bytes(12), FileKind.UNKNOWN),  # near miss: length
        (_zip("[Content_Types].xml", "xl/workbook.bin"), FileKind.XLSB),
        (_zip("[Content_Types].xml", "xl/workbook.xml"), FileKind.XLSX),
        (_zip("xl/workbook.bin"), FileKind.ZIP),  # near miss: no content types
    ],
)
def test_sniff_real_binary_formats(data: bytes, kind: FileKind) -> None:
    assert sniff_content(data) is kind


def test_sniff_dicom_with_a_tiff_preamble_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "IMG0001.tif"  # the name says TIFF too: only the bytes count
    path.write_bytes(_dicom(TIFF_PREAMBLE))
    assert sniff_path(path, path.stat().st_size) is FileKind.DICOM


@pytest.mark.parametrize(
    "text",
    [
        # a string holding U+2028 and U+0085, where str.splitlines would cut the line
        json.dumps({**PATIENT, "text": "ligne\u2028suite\x85fin"}, ensure_ascii=False)
        + "\n"
        + json.dumps(PATIENT),
        # the last line cut short by the leak
        json.dumps(PATIENT) + "\n" + json.dumps(PATIENT) + "\n" + json.dumps(PATIENT)[:20],
        json.dumps(PATIENT, indent=2),  # a single resource, pretty-printed
    ],
)
def test_sniff_fhir_ndjson_and_single_resources(text: str) -> None:
    assert sniff_content(text.encode()) is FileKind.JSON


def test_sniff_prose_with_braces_is_not_ndjson() -> None:
    text = '{"a": 1} was written\nand then {nothing else}\n'
    assert sniff_content(text.encode()) is FileKind.TXT
