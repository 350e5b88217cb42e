"""Plain text files (saved web pages and XML exports too) → one text block, any encoding."""

from __future__ import annotations

from leakmap.extract.document import TextBlock
from leakmap.extract.encoding import decode_text
from leakmap.extract.fixed_width import split_text_tables
from leakmap.extract.html_text import markup_to_text
from leakmap.extract.parts import ExtractedParts
from leakmap.settings import ScanSettings


def extract_text(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """The whole file as one block (page 1), line ends normalised to ``\\n``; tables
    printed with aligned columns become rows (``fixed_width.py``).

    A saved web page or an XML export is reduced to its readable text, so that tags do
    not split or glue the words detection looks for.
    """
    text = normalise_newlines(decode_text(data))
    tables = split_text_tables(markup_to_text(text) or text)
    return ExtractedParts(blocks=(TextBlock(1, tables.text),), rows=tables.rows)


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``, so offsets and lines agree everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
