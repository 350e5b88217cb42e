"""Legacy binary Office files: Word 97 letters, Outlook messages, password-protected files.

Written to the formats' own layouts (a FIB and a one-piece piece table for Word; MAPI
property streams for Outlook) inside OLE compound files, so the scan reads them as it
would a hospital's. Only what a reader needs is written: these files open in leakmap,
not necessarily in Word.
"""

from __future__ import annotations

import struct

from leakmap.synth.compound_file import compound_file

_TEXT_AT = 0x800
_CLX_AT = 0x01A2
_ENCRYPTED_FLAG = 0x0100
_COMPRESSED_PIECE = 0x40000000


def word97_document(text: str, *, encrypted: bool = False) -> bytes:
    """A ``.doc`` whose text is one cp1252 piece; ``encrypted`` sets the FIB's flag."""
    body = text.replace("\n", "\r").encode("cp1252", errors="replace")
    word = bytearray(_TEXT_AT + len(body))
    struct.pack_into("<HH", word, 0, 0xA5EC, 0x00C1)  # wIdent, nFib (Word 97)
    struct.pack_into("<H", word, 0x0A, _ENCRYPTED_FLAG if encrypted else 0)
    word[_TEXT_AT:] = body
    piece = struct.pack("<HIH", 0, (2 * _TEXT_AT) | _COMPRESSED_PIECE, 0)
    plc = struct.pack("<II", 0, len(body)) + piece
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", word, _CLX_AT, 0, len(clx))
    return compound_file({"WordDocument": bytes(word), "0Table": clx})


def outlook_message(
    *, sender: str, to: str, subject: str, body: str, attachments: dict[str, bytes]
) -> bytes:
    """A ``.msg`` with Unicode properties and each attachment in its own storage."""
    streams = {
        _prop("", "0C1A"): _unicode(sender),
        _prop("", "0E04"): _unicode(to),
        _prop("", "0037"): _unicode(subject),
        _prop("", "1000"): _unicode(body),
    }
    for number, (name, data) in enumerate(attachments.items()):
        storage = f"__attach_version1.0_#{number:08X}/"
        streams[_prop(storage, "3707")] = _unicode(name)
        streams[f"{storage}__substg1.0_37010102"] = data
    return compound_file(streams)


def encrypted_office_file() -> bytes:
    """An OOXML document saved with a password: an OLE file holding ``EncryptedPackage``."""
    return compound_file(
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": bytes(64)}
    )


def _prop(storage: str, tag: str) -> str:
    return f"{storage}__substg1.0_{tag}001F"


def _unicode(text: str) -> bytes:
    return text.encode("utf-16-le")
