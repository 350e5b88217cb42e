"""A billion-laughs part inside a Word, Excel or OpenDocument file is named for what it
is (``xml_entity_expansion``), not ``corrupt`` by whichever library tripped on it; the
same documents without the bomb still read."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable

import docx
import openpyxl
import pytest
from hostile_documents import docx_billion_laughs, odt_billion_laughs, xlsx_billion_laughs

from leakmap.extract.registry import extract_file
from leakmap.settings import ScanSettings
from leakmap.synth.render_formats import odt_letter
from leakmap.vocabulary import FileKind, ReadStatus
from leakmap.walk.leaked_file import LeakedFile, LeakPath


def _file(name: str, kind: FileKind, data: bytes) -> LeakedFile:
    digest = hashlib.sha256(data).hexdigest()
    return LeakedFile(LeakPath.parse(name), digest, len(data), kind, content=data)


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Compte rendu FICTIF")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["NOM", "PRENOM"])
    book.active.append(["TESTCORPUS", "Fictif"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("kind", "bomb", "plain"),
    [
        (FileKind.DOCX, docx_billion_laughs, _docx),
        (FileKind.XLSX, xlsx_billion_laughs, _xlsx),
        (FileKind.ODT, odt_billion_laughs, lambda: odt_letter("Compte rendu FICTIF")),
    ],
)
def test_entity_bomb_in_a_zipped_document_is_named(
    kind: FileKind, bomb: Callable[[], bytes], plain: Callable[[], bytes]
) -> None:
    settings = ScanSettings()
    refused = extract_file(_file(f"bomb.{kind.value}", kind, bomb()), settings)
    assert (refused.status, refused.reason) == (
        ReadStatus.UNREADABLE,
        "xml_entity_expansion: entity declarations in a part",
    )
    assert extract_file(_file(f"plain.{kind.value}", kind, plain()), settings).status is (
        ReadStatus.READ
    )
