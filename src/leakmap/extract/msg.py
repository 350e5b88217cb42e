"""Outlook messages (MSG, an OLE compound file) → headers and body as one text block.

The properties are read straight from their streams (``__substg1.0_TTTTPPPP``: tag and
type), Unicode (``001F``) or 8-bit (``001E``). Attachments are not read here: the walk
yields each as a leaked file of its own (``mail.msg!/scan.pdf``), as for EML.
"""

from __future__ import annotations

import io

import olefile

from leakmap.extract.document import TextBlock
from leakmap.extract.parts import ExtractedParts, Unreadable
from leakmap.settings import ScanSettings
from leakmap.vocabulary import Reason
from leakmap.walk.msg_properties import msg_property

#: Properties written as ``Label: value`` lines above the body, in this order.
HEADER_PROPERTIES = (
    ("From", "0C1A"),
    ("From-Address", "0C1F"),
    ("To", "0E04"),
    ("Cc", "0E03"),
    ("Subject", "0037"),
)
BODY_PROPERTY = "1000"


def extract_msg(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Sender, recipients, subject, then the plain-text body."""
    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        lines = [
            f"{label}: {value}"
            for label, tag in HEADER_PROPERTIES
            if (value := msg_property(ole, "", tag))
        ]
        body = msg_property(ole, "", BODY_PROPERTY)
    text = "\n".join(lines) + ("\n\n" + body.replace("\r\n", "\n") if body else "")
    if not text.strip():
        raise Unreadable(Reason.NO_TEXT, "message without headers or body")
    return ExtractedParts(blocks=(TextBlock(1, text.strip()),))
