"""String and binary properties of an Outlook message (MSG), read from their OLE streams.

A property ``TTTT`` of type ``PPPP`` is the stream ``__substg1.0_TTTTPPPP``, at the root
for the message, under ``__attach_version1.0_#N/`` for an attachment.
"""

from __future__ import annotations

import olefile


def msg_property(ole: olefile.OleFileIO, storage: str, tag: str) -> str:
    """A string property of the message (``storage`` ""), or of an attachment's storage."""
    for suffix, encoding in (("001F", "utf-16-le"), ("001E", "cp1252")):
        name = f"{storage}__substg1.0_{tag}{suffix}"
        if ole.exists(name):
            return ole.openstream(name).read().decode(encoding, errors="replace").strip("\x00")
    return ""


def msg_binary(ole: olefile.OleFileIO, storage: str, tag: str) -> bytes | None:
    """A binary property (``0102``) of an attachment storage, or ``None``."""
    name = f"{storage}__substg1.0_{tag}0102"
    return ole.openstream(name).read() if ole.exists(name) else None
