"""Plain text files → one text block, whatever their (undeclared) encoding."""

from __future__ import annotations

from leakmap.extract.document import TextBlock
from leakmap.extract.encoding import decode_text
from leakmap.extract.parts import ExtractedParts
from leakmap.settings import ScanSettings


def extract_text(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """The whole file as one block (page 1), line ends normalised to ``\\n``."""
    return ExtractedParts(blocks=(TextBlock(1, normalise_newlines(decode_text(data))),))


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``, so offsets and lines agree everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
