"""ZIP containers written byte-for-byte the same for the same seed, and ZipCrypto ones.

Office files are ZIPs too, and their libraries stamp members with the current time; they
go through ``restamp_zip`` so that a seed gives the same bytes on every run. Python's
``zipfile`` cannot write password-protected archives, so ``encrypted_zip`` writes the
traditional PKWARE encryption (ZipCrypto, APPNOTE 6.1) itself: ``zipfile`` can read it back
with the password, any reader without it sees encrypted members.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

#: Every member's timestamp: the leak is older than the run that generates it.
STAMP = (2024, 9, 30, 12, 0, 0)


def _crc_table() -> tuple[int, ...]:
    """The CRC-32 table ZipCrypto's key schedule uses."""
    table = []
    for number in range(256):
        crc = number
        for _ in range(8):
            crc = (crc >> 1) ^ 0xEDB88320 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC_TABLE = _crc_table()


def stable_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A deflated ZIP of ``(name, bytes)`` members with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def restamp_zip(data: bytes) -> bytes:
    """The same archive (same member order and contents) with fixed timestamps."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return stable_zip(members)


def _crc_byte(crc: int, byte: int) -> int:
    return (crc >> 8) ^ _CRC_TABLE[(crc ^ byte) & 0xFF]


class _ZipCrypto:
    """The three-key stream cipher of traditional PKWARE encryption."""

    def __init__(self, password: bytes) -> None:
        self.keys = [0x12345678, 0x23456789, 0x34567890]
        for byte in password:
            self._update(byte)

    def _update(self, byte: int) -> None:
        k0, k1, k2 = self.keys
        k0 = _crc_byte(k0, byte)
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = _crc_byte(k2, k1 >> 24)
        self.keys = [k0, k1, k2]

    def encrypt(self, plain: bytes) -> bytes:
        out = bytearray()
        for byte in plain:
            temp = (self.keys[2] | 2) & 0xFFFF
            out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            self._update(byte)
        return bytes(out)


def encrypted_zip(members: list[tuple[str, bytes]], *, password: bytes, rng: random.Random) -> bytes:  # fmt: skip
    """A ZIP whose members are deflated, then ZipCrypto-encrypted with ``password``."""
    body = bytearray()
    directory = bytearray()
    dos_time = (STAMP[3] << 11) | (STAMP[4] << 5) | (STAMP[5] // 2)
    dos_date = ((STAMP[0] - 1980) << 9) | (STAMP[1] << 5) | STAMP[2]
    for name, data in members:
        crc = zlib.crc32(data)
        squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = squeezer.compress(data) + squeezer.flush()
        header = bytes(rng.randrange(256) for _ in range(11)) + bytes([crc >> 24])
        cipher = _ZipCrypto(password)
        payload = cipher.encrypt(header) + cipher.encrypt(packed)
        encoded = name.encode("utf-8")
        flags = 0x1 | 0x800
        fields = (20, flags, 8, dos_time, dos_date, crc, len(payload), len(data), len(encoded), 0)
        offset = len(body)
        body += struct.pack("<4s5HLLLHH", b"PK\x03\x04", *fields) + encoded + payload
        directory += struct.pack("<4s6HLLLHHHHHLL", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0o644 << 16, offset) + encoded  # fmt: skip
    end = struct.pack("<4s4HLLH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(body), 0)  # fmt: skip
    return bytes(body + directory + end)
