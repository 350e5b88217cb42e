"""Plain text files (saved web pages and XML exports too) → one text block, any encoding."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from leakmap.extract.document import TextBlock
from leakmap.extract.encoding import decode_text, detect_encoding, unmangled
from leakmap.extract.fixed_width import split_text_tables
from leakmap.extract.html_text import markup_to_text
from leakmap.extract.long_lines import (
    MAX_WINDOWED_BYTES,
    LineSplit,
    has_long_line,
    split_long_lines,
)
from leakmap.extract.parts import ExtractedParts
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus, Reason


def extract_text(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """The whole file as one block (page 1), line ends normalised to ``\\n``; tables
    printed with aligned columns become rows (``fixed_width.py``).

    A saved web page or an XML export is reduced to its readable text, so that tags do
    not split or glue the words detection looks for. A line of megabytes is read in
    windows, each its own block (``long_lines.py``), never decoded whole.
    """
    if has_long_line(data):
        return _extract_windowed_text(data)
    text = normalise_newlines(decode_text(data))
    tables = split_text_tables(markup_to_text(text) or text)
    return ExtractedParts(blocks=(TextBlock(1, tables.text),), rows=tables.rows)


def _extract_windowed_text(data: bytes) -> ExtractedParts:
    """The short lines as usual (one block, their tables as rows), then one block per
    window of the long lines; a window is not parsed as markup or table."""
    split = split_long_lines(data)
    tables = split_text_tables(normalise_newlines(decode_text(split.short_lines)))
    blocks = [TextBlock(1, tables.text)] if tables.text.strip() else []
    blocks.extend(TextBlock(1, text) for text in decode_windows(data, split.windows(data)))
    return windowed_parts(ExtractedParts(blocks=tuple(blocks), rows=tables.rows), split)


def windowed_parts(parts: ExtractedParts, split: LineSplit) -> ExtractedParts:
    """``parts``, ``partial`` (``too_large``) when long lines were left unread."""
    if not split.unread_bytes:
        return parts
    detail = f"{Reason.TOO_LARGE.value}: long lines read to {MAX_WINDOWED_BYTES >> 20} MiB"
    return replace(parts, status=ReadStatus.PARTIAL, reason=detail)


def decode_windows(data: bytes, windows: Iterable[bytes]) -> Iterator[str]:
    """Each window decoded on its own, in the encoding the whole file is in."""
    encoding = detect_encoding(data)
    for window in windows:
        yield normalise_newlines(unmangled(window.decode(encoding, errors="replace")))


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``, so offsets and lines agree everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
