"""Binary kinds told by their magic numbers: archives, compressors, OLE, DICOM, RTF, ODF,
and old Excel files (BIFF2 to BIFF5 streams saved without an OLE wrapper).

Compressed streams (gzip, bzip2, xz) are decompressed just far enough to see whether a
tar archive is inside: ``x.tar.gz`` is then one archive of members, not a single stream.
OLE compound files (legacy Word, Excel, Outlook, and password-protected OOXML) all share
one magic number; the names of their streams tell them apart.
"""

from __future__ import annotations

import bz2
import io
import lzma
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import olefile

from leakmap.vocabulary import FileKind

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Bytes of a compressed stream decompressed to look for a tar header.
_PEEK_BYTES = 1024
_TAR_MAGIC_AT = 257
_DICOM_MAGIC_AT = 128
#: An old Excel file without OLE wrapper opens on a BOF record: its opcode (BIFF2 0x0009,
#: BIFF3 0x0209, BIFF4 0x0409, BIFF5-8 0x0809), a length of 4 to 20, a version word and a
#: stream type (0x0005 workbook globals, 0x0010 worksheet, 0x0100 BIFF4 workbook).
_BIFF_BOF_OPCODES = frozenset({0x0009, 0x0209, 0x0409, 0x0809})
_BIFF_BOF_LENGTHS = range(4, 21)
_BIFF_STREAM_TYPES = frozenset({0x0005, 0x0010, 0x0020, 0x0040, 0x0100})
_BIFF_HEADER_BYTES = 8
_ODF_MIMETYPE_AT = 30
_ODF_KINDS = (
    (b"application/vnd.oasis.opendocument.text", FileKind.ODT),
    (b"application/vnd.oasis.opendocument.spreadsheet", FileKind.ODS),
)
_PLAIN_MAGIC: tuple[tuple[bytes, FileKind], ...] = (
    (b"7z\xbc\xaf\x27\x1c", FileKind.SEVEN_ZIP),
    (b"Rar!\x1a\x07", FileKind.RAR),
    (b"{\\rtf", FileKind.RTF),
)
_COMPRESSED: tuple[tuple[bytes, FileKind, Callable[[], object]], ...] = (
    (b"\x1f\x8b", FileKind.GZIP, lambda: zlib.decompressobj(wbits=31)),
    (b"BZh", FileKind.BZIP2, bz2.BZ2Decompressor),
    (b"\xfd7zXZ\x00", FileKind.XZ, lzma.LZMADecompressor),
)


def binary_kind(head: bytes, ole_names: Callable[[], list[str] | None]) -> FileKind | None:
    """The kind of a binary file from its head, or ``None`` when no magic number fits."""
    for magic, kind in _PLAIN_MAGIC:
        if head.startswith(magic):
            return kind
    for magic, kind, decompressor in _COMPRESSED:
        if head.startswith(magic):
            return FileKind.TAR if is_tar_header(_peek(head, decompressor())) else kind
    if head.startswith(OLE_MAGIC):
        return ole_kind(ole_names())
    if is_tar_header(head):
        return FileKind.TAR
    if is_dicom(head):
        return FileKind.DICOM
    if is_biff_stream(head):
        return FileKind.XLS
    return None


def is_dicom(head: bytes) -> bool:
    """DICOM Part 10: ``DICM`` after a 128-byte preamble, whatever the preamble holds.

    The preamble is free for applications: some write a TIFF header there so that the
    same file opens as an image, which is why this is asked before any image magic.
    """
    return head[_DICOM_MAGIC_AT : _DICOM_MAGIC_AT + 4] == b"DICM"


def is_biff_stream(head: bytes) -> bool:
    """True when the head is an Excel 2-5 BOF record (a bare BIFF stream xlrd reads)."""
    if len(head) < _BIFF_HEADER_BYTES:
        return False
    opcode, length, _version, stream = struct.unpack_from("<HHHH", head)
    return (
        opcode in _BIFF_BOF_OPCODES and length in _BIFF_BOF_LENGTHS and stream in _BIFF_STREAM_TYPES
    )


def zip_member_kind(head: bytes) -> FileKind | None:
    """ODF documents open with a stored ``mimetype`` member naming their kind."""
    if head[_ODF_MIMETYPE_AT : _ODF_MIMETYPE_AT + 8] != b"mimetype":
        return None
    declared = head[_ODF_MIMETYPE_AT + 8 : _ODF_MIMETYPE_AT + 8 + 64]
    for mimetype, kind in _ODF_KINDS:
        if declared.startswith(mimetype) and not declared[len(mimetype) :].startswith(b"-"):
            return kind
    return None


def is_tar_header(block: bytes) -> bool:
    """True when the block opens with a POSIX (ustar) or GNU tar header."""
    return block[_TAR_MAGIC_AT : _TAR_MAGIC_AT + 5] == b"ustar"


def ole_kind(names: list[str] | None) -> FileKind:
    """Word, Excel or Outlook by their main stream; anything else is a generic OLE file."""
    if names is None:
        return FileKind.OLE
    streams = set(names)
    if "WordDocument" in streams:
        return FileKind.DOC
    if streams & {"Workbook", "Book"}:
        return FileKind.XLS
    if any(name.startswith("__substg1.0_") for name in streams):
        return FileKind.MSG
    return FileKind.OLE


def ole_streams(source: Path | bytes) -> list[str] | None:
    """The top-level stream names of an OLE compound file, or ``None`` when unreadable."""
    try:
        with olefile.OleFileIO(
            str(source) if isinstance(source, Path) else io.BytesIO(source)
        ) as ole:
            return ["/".join(entry) for entry in ole.listdir(streams=True, storages=False)]
    except (OSError, ValueError, IndexError, KeyError, TypeError, EOFError):
        return None


def _peek(head: bytes, decompressor: object) -> bytes:
    """The first decompressed bytes of a stream's head; empty when it does not decompress."""
    try:
        return decompressor.decompress(head, _PEEK_BYTES)  # type: ignore[attr-defined]
    except (OSError, EOFError, ValueError, zlib.error, lzma.LZMAError):
        return b""
