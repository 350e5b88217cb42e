"""Files of the formats a hospital's systems export: HL7 feeds, DICOM headers, SQL dumps,
JSON exports, OpenDocument and RTF letters, XLS worklists, 7z and tar archives.

Each builder takes plain values (already fictitious) and returns the file's bytes,
written the way the producing software writes them, so that the scan identifies them by
content and reads them as it would the real thing.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import py7zr
import xlwt
from py7zr.helpers import ArchiveTimestamp
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

Person = dict[str, str]  # keys: ipp, family, given, birth (YYYY-MM-DD), sex

#: Written as every member's time, so that a seed gives the same archive bytes.
_FIXED_TIME = datetime(2024, 1, 1, tzinfo=UTC)
_ODF_TEXT = "application/vnd.oasis.opendocument.text"
_ODF_SHEET = "application/vnd.oasis.opendocument.spreadsheet"
_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def hl7_adt(person: Person, *, relative: Person | None = None, result: str = "") -> bytes:
    """An ADT^A01 (or ORU^R01 with ``result``) message: MSH, PID, NK1, OBR/OBX."""
    birth = person["birth"].replace("-", "")
    kind = "ORU^R01" if result else "ADT^A01"
    segments = [
        f"MSH|^~\\&|LAB|CHX|DPI|CHX|20240105120000||{kind}|MSG0001|P|2.5",
        f"PID|1||{person['ipp']}^^^CHX^PI||{person['family']}^{person['given']}^^^^^D||"
        f"{birth}|{person['sex']}",
    ]
    if relative:
        segments.append(f"NK1|1|{relative['family']}^{relative['given']}|SPO^Conjoint")
    if result:
        segments += [
            "OBR|1||R1|NFS^Numération formule sanguine",
            f"OBX|1|ST|HB^Hémoglobine||{result}",
        ]
    return "\r".join(segments).encode("utf-8") + b"\r"


def sql_dump(people: Sequence[Person]) -> bytes:
    """A mysqldump of a ``patients`` table: CREATE TABLE then one multi-row INSERT."""
    values = ",".join(
        f"('{p['ipp']}','{_sql(p['family'])}','{_sql(p['given'])}','{p['birth']}')" for p in people
    )
    return (
        "-- MySQL dump 10.13\n"
        "CREATE TABLE `patients` (\n  `ipp` varchar(12) NOT NULL,\n  `nom` varchar(60),\n"
        "  `prenom` varchar(60),\n  `ddn` date,\n  PRIMARY KEY (`ipp`)\n);\n"
        f"INSERT INTO `patients` VALUES {values};\n"
    ).encode()


def json_export(people: Sequence[Person]) -> bytes:
    """An API export: ``{"patients": [{...}, ...]}``."""
    records = [
        {"ipp": p["ipp"], "nom": p["family"], "prenom": p["given"], "date_naissance": p["birth"]}
        for p in people
    ]
    return json.dumps({"patients": records}, ensure_ascii=False, indent=1).encode()


def rtf_letter(text: str) -> bytes:
    """A Windows-1252 RTF letter (accents as ``\\'xx`` escapes)."""
    escaped = "".join(c if ord(c) < 128 else f"\\'{c.encode('cp1252')[0]:02x}" for c in text)
    body = escaped.replace("\n", "\\par\n")
    return f"{{\\rtf1\\ansi\\ansicpg1252\\deff0 {{\\fonttbl{{\\f0 Arial;}}}}\n{body}\n}}".encode()


def odt_letter(text: str) -> bytes:
    """An OpenDocument text: one paragraph per line."""
    paragraphs = "".join(f"<text:p>{_xml(line)}</text:p>" for line in text.splitlines())
    return _odf(_ODF_TEXT, f"<office:text>{paragraphs}</office:text>")


def ods_sheet(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """An OpenDocument spreadsheet of one sheet: a header row then data rows."""
    lines = "".join(
        "<table:table-row>"
        + "".join(f"<table:table-cell><text:p>{_xml(c)}</text:p></table:table-cell>" for c in row)
        + "</table:table-row>"
        for row in (header, *rows)
    )
    sheet = f'<office:spreadsheet><table:table table:name="Liste">{lines}</table:table></office:spreadsheet>'
    return _odf(_ODF_SHEET, sheet)


def xls_sheet(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """A BIFF8 workbook (Excel 97–2003) of one sheet."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Worklist")
    for r, row in enumerate((header, *rows)):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dicom_header(person: Person, *, study: str, instance_uid: str = "") -> bytes:
    """A DICOM file (Part 10) with patient and study attributes, and no pixels.

    Without ``instance_uid`` a random one is drawn (the file then differs on every call).
    """
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = instance_uid or generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = FileDataset("", {}, file_meta=meta, preamble=b"\x00" * 128)
    dataset.PatientName = f"{person['family']}^{person['given']}"
    dataset.PatientID = person["ipp"]
    dataset.PatientBirthDate = person["birth"].replace("-", "")
    dataset.PatientSex = person["sex"]
    dataset.Modality = "CT"
    dataset.StudyDescription = study
    buffer = io.BytesIO()
    dataset.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


class _StableSevenZip(py7zr.SevenZipFile):
    """py7zr's writer with every member time fixed (it stamps "now" otherwise)."""

    @staticmethod
    def _make_file_info_from_name(bio: Any, size: int, arcname: str) -> Any:
        info = py7zr.SevenZipFile._make_file_info_from_name(bio, size, arcname)
        for key in ("creationtime", "lastwritetime", "lastaccesstime"):
            info[key] = ArchiveTimestamp.from_datetime(_FIXED_TIME.timestamp())
        return info


def seven_zip(members: dict[str, bytes], *, password: str | None = None) -> bytes:
    """A 7z archive of ``members`` (encrypted, headers too, with ``password``).

    Without a password the same members give the same bytes; encryption draws a random
    salt and IV, so an encrypted archive differs on every call.
    """
    buffer = io.BytesIO()
    with _StableSevenZip(
        buffer, "w", password=password, header_encryption=bool(password)
    ) as archive:
        for name, data in members.items():
            archive.writestr(data, name)
    return buffer.getvalue()


def tar_archive(members: dict[str, bytes], *, compression: str = "gz") -> bytes:
    """A tar archive (``compression``: ``gz``, ``bz2``, ``xz`` or ``""``); names kept as given.

    Member times are 0 and the gzip header carries no time, so the bytes are stable.
    """
    buffer = io.BytesIO()
    mode = "w" if compression in ("gz", "") else f"w:{compression}"
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    data = buffer.getvalue()
    return gzip.compress(data, mtime=0) if compression == "gz" else data


def _odf(mimetype: str, body: str) -> bytes:
    """An OpenDocument package; entries dated ``_FIXED_TIME`` so the bytes are stable."""
    content = f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODF_NS}><office:body>{body}</office:body></office:document-content>'
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text, method in (("mimetype", mimetype, zipfile.ZIP_STORED),
                                   ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED),
                                   ("content.xml", content, zipfile.ZIP_DEFLATED)):  # fmt: skip
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME.timetuple()[:6])
            archive.writestr(info, text, compress_type=method)
    return buffer.getvalue()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sql(text: str) -> str:
    return text.replace("'", "''")
