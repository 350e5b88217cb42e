"""The member list of a RAR 4 archive, read from its block headers in Python.

libarchive refuses solid RAR 4 archives outright ("RAR solid archive support
unavailable") at the second member's header, so it cannot even say what such an archive
holds. The headers are plain (RAR 4 technical note: a 7-byte block header, then the
block's fields), so this lister walks them, never the compressed data, and returns each
regular file's name, size and flags: every member gets its ``documents.csv`` row even
when no free tool can decompress it. Reading stops, without raising, at the end-of-archive
block, at the first block that does not fit in the file, or after ``max_members`` files;
an archive whose headers are encrypted (``rar -hp``) lists nothing.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import BinaryIO

MARKER = b"Rar!\x1a\x07\x00"
_MAIN_BLOCK = 0x73
_HEADERS_ENCRYPTED = 0x0080  # on the main block: every later header is ciphertext
_FILE_BLOCK = 0x74
_END_BLOCK = 0x7B
_LONG_BLOCK = 0x8000  # ADD_SIZE (the data's size) follows the header
_PASSWORD = 0x0004
_SOLID = 0x0010
_DIRECTORY = 0x00E0  # dictionary bits all set: a directory entry
_LARGE = 0x0100  # HIGH_PACK_SIZE and HIGH_UNP_SIZE present
_UNICODE = 0x0200  # the name holds an ASCII form, NUL, then an encoded Unicode form
_BLOCK = struct.Struct("<HBHH")
_FILE_FIELDS = struct.Struct("<LLBLLBBHL")


@dataclass(frozen=True, slots=True)
class Rar4Member:
    """One regular file of the archive as its header declares it."""

    name: str
    size: int
    is_encrypted: bool
    is_solid: bool


def rar4_members(stream: BinaryIO, *, max_members: int) -> list[Rar4Member]:
    """Regular files listed by the headers, in archive order (``[]`` when not RAR 4)."""
    if stream.read(len(MARKER)) != MARKER:
        return []
    members: list[Rar4Member] = []
    while len(members) < max_members:
        start = stream.tell()
        head = stream.read(_BLOCK.size)
        if len(head) < _BLOCK.size:
            break
        _, kind, flags, header_size = _BLOCK.unpack(head)
        if kind == _END_BLOCK or header_size < _BLOCK.size:
            break
        if kind == _MAIN_BLOCK and flags & _HEADERS_ENCRYPTED:
            return []
        body = stream.read(header_size - _BLOCK.size)
        if len(body) < header_size - _BLOCK.size:
            break
        data_size = (
            struct.unpack_from("<L", body)[0] if flags & _LONG_BLOCK and len(body) >= 4 else 0
        )
        if kind == _FILE_BLOCK:
            member = _file_member(body, flags)
            if member is None:
                break
            data_size = _packed_size(body, flags)
            if flags & _DIRECTORY != _DIRECTORY:
                members.append(member)
        stream.seek(start + header_size + data_size)
    return members


def _file_member(body: bytes, flags: int) -> Rar4Member | None:
    if len(body) < _FILE_FIELDS.size:
        return None
    fields = _FILE_FIELDS.unpack_from(body)
    unpacked, name_size = fields[1], fields[7]
    offset = _FILE_FIELDS.size
    if flags & _LARGE:
        if len(body) < offset + 8:
            return None
        unpacked |= struct.unpack_from("<L", body, offset + 4)[0] << 32
        offset += 8
    raw_name = body[offset : offset + name_size]
    if flags & _UNICODE:
        raw_name = raw_name.split(b"\x00", 1)[0]
    name = raw_name.decode("utf-8", errors="replace").replace("\\", "/")
    return Rar4Member(name, unpacked, bool(flags & _PASSWORD), bool(flags & _SOLID))


def _packed_size(body: bytes, flags: int) -> int:
    packed = struct.unpack_from("<L", body)[0]
    if flags & _LARGE and len(body) >= _FILE_FIELDS.size + 4:
        packed |= struct.unpack_from("<L", body, _FILE_FIELDS.size)[0] << 32
    return packed
