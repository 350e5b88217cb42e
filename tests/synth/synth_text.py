"""Read back the text of generated files (for checking the truth against the files).

Uses the named libraries directly (pypdfium2, python-docx, openpyxl), never leakmap's
extractors: the truth must be checked independently of the code it will score.
"""

from __future__ import annotations

import io
import unicodedata

import openpyxl
import pypdfium2
from docx import Document
from rapidfuzz import fuzz
from synth_leak_walk import mail_body


def fold(text: str) -> str:
    """Upper case, no accents, letters and digits only: ``Le Goff`` → ``LEGOFF``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).upper()


def is_printed(name: str, text: str) -> bool:
    """Whether ``name`` is in ``text`` (both folded), allowing one typing mistake (``MORO`` for ``MOREAU``)."""
    name, text = fold(name), fold(text)
    return name in text or fuzz.partial_ratio(name, text) >= 60


def file_text(kind: str, data: bytes) -> str:
    """All the text a reader can get from a generated file of ``kind``."""
    if kind == "pdf":
        document = pypdfium2.PdfDocument(data)
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()
    if kind == "docx":
        return _docx_text(data)
    if kind == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v is not None]  # fmt: skip
        book.close()
        return "\n".join(cells)
    if kind == "eml":
        return mail_body(data)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("text file in no expected encoding")


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs]
    return "\n".join(parts)
