"""RTF letters → one text block (``striprtf`` drops the control words, keeps the text)."""

from __future__ import annotations

from striprtf.striprtf import rtf_to_text

from leakmap.extract.document import TextBlock
from leakmap.extract.parts import ExtractedParts, Unreadable
from leakmap.extract.text import normalise_newlines
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Reason

#: RTF is 7-bit ASCII with ``\\'e9`` escapes for the rest, in the document's code page
#: (``\\ansicpg1252`` for nearly every French file).
RTF_CODE_PAGE = "cp1252"


def extract_rtf(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """The letter's text, accents decoded from the document's code page."""
    text = rtf_to_text(data.decode("latin-1"), encoding=RTF_CODE_PAGE, errors="replace")
    text = normalise_newlines(text).strip()
    if not text:
        raise Unreadable(Reason.NO_TEXT, "RTF without text")
    return ExtractedParts(blocks=(TextBlock(1, text),))
