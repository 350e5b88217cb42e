"""A small PDF writer for hostile tests: objects by hand, a correct xref, and the standard
security handler written from ISO 32000 (RC4 R2/R3, AES-128 R4, AES-256 R5/R6).

No PDF library in the environment encrypts (pypdfium2 reads only), so encryption is
written here from the specification's algorithms (2, 3, 4, 5 and 2.A/2.B), with
``hashlib`` and pycryptodomex's RC4 and AES. A file encrypted with an empty user password
opens without one: that it reads back proves the handler is right; the same file with a
user password must be refused as encrypted.
"""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass

from Cryptodome.Cipher import AES, ARC4

#: The padding string of algorithm 2 (ISO 32000-1, 7.6.3.3).
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
#: Permissions: everything allowed (bits 1-2 zero, the rest one).
_PERMISSIONS = -4
_FILE_ID = bytes.fromhex("0123456789abcdef0123456789abcdef")


@dataclass(frozen=True, slots=True)
class Stream:
    """A stream object: its dictionary entries (without ``/Length``) and its bytes."""

    entries: bytes
    data: bytes


PdfObject = bytes | Stream


def text_page_objects(text: str, *, size: tuple[float, float] = (595, 842)) -> dict[int, PdfObject]:
    """Objects 1-5 of a one-page PDF showing ``text`` in Helvetica."""
    content = f"BT /F1 12 Tf 72 {size[1] - 100:.0f} Td ({text}) Tj ET".encode("latin-1")
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size[0]} {size[1]}] "
            "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        ).encode(),
        4: Stream(b"", content),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }


def image_page_objects(
    filter_entries: bytes, data: bytes, *, pixels: tuple[int, int], size: tuple[float, float]
) -> dict[int, PdfObject]:
    """Objects of a one-page PDF whose only content is one image XObject (a scan)."""
    width, height = size
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
            "/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>"
        ).encode(),
        4: Stream(b"", f"q {width} 0 0 {height} 0 0 cm /Im1 Do Q".encode()),
        5: Stream(
            b"/Type /XObject /Subtype /Image "
            + f"/Width {pixels[0]} /Height {pixels[1]} ".encode()
            + b"/ColorSpace /DeviceGray /BitsPerComponent 1 "
            + filter_entries,
            data,
        ),
    }


def pdf_bytes(objects: dict[int, PdfObject], *, trailer_extra: bytes = b"") -> bytes:
    """The file: header, objects, a correct xref table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + _body(objects[number]) + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for number in range(1, size):
        out += f"{offsets.get(number, 0):010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {size} /Root 1 0 R ".encode()
        + b"/ID [<"
        + _FILE_ID.hex().encode()
        + b"> <"
        + _FILE_ID.hex().encode()
        + b">] "
        + trailer_extra
        + f">>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _body(item: PdfObject) -> bytes:
    if isinstance(item, Stream):
        head = b"<< " + item.entries + f" /Length {len(item.data)} >>".encode()
        return head + b"\nstream\n" + item.data + b"\nendstream"
    return item


def encrypted_pdf(objects: dict[int, PdfObject], *, revision: int, user_password: str) -> bytes:
    """``objects`` written encrypted by the standard handler at ``revision`` (2 to 6).

    Only streams are encrypted (the objects here hold no strings but the file ID, which
    is never encrypted); the owner password is ``owner``.
    """
    user, owner = user_password.encode(), b"owner"
    if revision <= 4:
        encrypt, key = _rc4_family_dictionary(revision, user, owner)
    else:
        encrypt, key = _aes256_dictionary(revision, user, owner)
    encrypted: dict[int, PdfObject] = {}
    for number, item in objects.items():
        if isinstance(item, Stream):
            item = Stream(item.entries, _encrypt_stream(item.data, key, number, revision))
        encrypted[number] = item
    encrypt_number = max(objects) + 1
    encrypted[encrypt_number] = encrypt
    return pdf_bytes(encrypted, trailer_extra=f"/Encrypt {encrypt_number} 0 R ".encode())


def _encrypt_stream(data: bytes, key: bytes, number: int, revision: int) -> bytes:
    if revision >= 5:
        return _aes_cbc(key, data)
    salt = b"sAlT" if revision == 4 else b""
    object_key = hashlib.md5(key + struct.pack("<I", number)[:3] + b"\0\0" + salt).digest()
    object_key = object_key[: min(len(key) + 5, 16)]
    if revision == 4:
        return _aes_cbc(object_key, data)
    return ARC4.new(object_key).encrypt(data)


def _aes_cbc(key: bytes, data: bytes) -> bytes:
    iv = os.urandom(16)
    padding = 16 - len(data) % 16
    return iv + AES.new(key, AES.MODE_CBC, iv).encrypt(data + bytes([padding]) * padding)


def _rc4_family_dictionary(revision: int, user: bytes, owner: bytes) -> tuple[bytes, bytes]:
    """Algorithms 2, 3, 4 and 5: the ``/O`` and ``/U`` values and the file key."""
    length = 5 if revision == 2 else 16
    digest = hashlib.md5((owner + _PAD)[:32]).digest()
    if revision >= 3:
        for _ in range(50):
            digest = hashlib.md5(digest[:length]).digest()
    o_value = _rc4_rounds(digest[:length], (user + _PAD)[:32], revision)
    permissions = struct.pack("<i", _PERMISSIONS)
    key = hashlib.md5((user + _PAD)[:32] + o_value + permissions + _FILE_ID).digest()
    if revision >= 3:
        for _ in range(50):
            key = hashlib.md5(key[:length]).digest()
    key = key[:length]
    if revision == 2:
        u_value = ARC4.new(key).encrypt(_PAD)
    else:
        u_value = _rc4_rounds(key, hashlib.md5(_PAD + _FILE_ID).digest(), revision) + bytes(16)
    version = {2: 1, 3: 2, 4: 4}[revision]
    filters = (
        b"/CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> "
        b"/StmF /StdCF /StrF /StdCF "
        if revision == 4
        else b""
    )
    dictionary = (
        f"<< /Filter /Standard /V {version} /R {revision} /Length {length * 8} "
        f"/P {_PERMISSIONS} ".encode()
        + filters
        + b"/O <"
        + o_value.hex().encode()
        + b"> /U <"
        + u_value.hex().encode()
        + b"> >>"
    )
    return dictionary, key


def _rc4_rounds(key: bytes, data: bytes, revision: int) -> bytes:
    data = ARC4.new(key).encrypt(data)
    if revision >= 3:
        for i in range(1, 20):
            data = ARC4.new(bytes(b ^ i for b in key)).encrypt(data)
    return data


def _aes256_dictionary(revision: int, user: bytes, owner: bytes) -> tuple[bytes, bytes]:
    """Algorithms 8, 9 and 10 (R6) or their Adobe extension level 3 form (R5)."""
    key = os.urandom(32)
    u_salts = os.urandom(16)
    u_value = _hash_r6(user, u_salts[:8], b"", revision) + u_salts
    ue_value = _aes_no_iv(_hash_r6(user, u_salts[8:], b"", revision), key)
    o_salts = os.urandom(16)
    o_value = _hash_r6(owner, o_salts[:8], u_value, revision) + o_salts
    oe_value = _aes_no_iv(_hash_r6(owner, o_salts[8:], u_value, revision), key)
    perms = struct.pack("<i", _PERMISSIONS) + b"\xff\xff\xff\xffTadb" + os.urandom(4)
    perms_value = AES.new(key, AES.MODE_ECB).encrypt(perms)
    entries = {"O": o_value, "U": u_value, "OE": oe_value, "UE": ue_value, "Perms": perms_value}
    dictionary = (
        f"<< /Filter /Standard /V 5 /R {revision} /Length 256 /P {_PERMISSIONS} ".encode()
        + b"/CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> "
        + b"/StmF /StdCF /StrF /StdCF "
        + b"".join(f"/{name} <{value.hex()}> ".encode() for name, value in entries.items())
        + b">>"
    )
    return dictionary, key


def _aes_no_iv(key: bytes, data: bytes) -> bytes:
    return AES.new(key, AES.MODE_CBC, bytes(16)).encrypt(data)


def _hash_r6(password: bytes, salt: bytes, user_data: bytes, revision: int) -> bytes:
    """Algorithm 2.B (R6); R5 is its first SHA-256 alone."""
    k = hashlib.sha256(password + salt + user_data).digest()
    if revision == 5:
        return k
    i = 0
    while True:
        k1 = (password + k + user_data) * 64
        e = AES.new(k[:16], AES.MODE_CBC, k[16:32]).encrypt(k1)
        k = (hashlib.sha256, hashlib.sha384, hashlib.sha512)[sum(e[:16]) % 3](e).digest()
        i += 1
        if i >= 64 and e[-1] <= i - 32:
            return k[:32]
