"""Files nobody can read: an empty file, a PDF cut in half, a ZIP cut short, and a
password-protected ZIP (ZipCrypto), whose members are listed but cannot be opened. The
hostile set adds what attacks a reader: a ZIP bomb, a ``../`` member, ZIPs nested 20 deep,
an XML billion laughs, an encrypted PDF and Office files, a cut image.

Their content is never counted as an exposure: the truth marks them ``readable: false``
with the reason a reader should give (``empty``, ``corrupt``, ``encrypted``).
"""

from __future__ import annotations

import io
import random

from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from leakmap.synth.leaked import LeakedItem
from leakmap.synth.render_legacy import encrypted_office_file, word97_document
from leakmap.synth.zip_writer import encrypted_zip, stable_zip
from leakmap.vocabulary import FileKind, Reason


def empty_file(name: str) -> LeakedItem:
    """A zero-byte file under a document's name (a failed copy)."""
    return LeakedItem(name=name, kind=FileKind.EMPTY.value, data=b"", reason=Reason.EMPTY.value)


def truncated_pdf(name: str, pdf: bytes, rng: random.Random) -> LeakedItem:
    """The first part of a PDF: the header survives, the cross-reference table does not.

    Cut inside the first page's content, so that no page can be rebuilt from what is left.
    """
    start = pdf.find(b"stream", pdf.find(b"/Length"))
    cut = start + 20 + rng.randrange(40) if start > 0 else len(pdf) // 3
    return LeakedItem(
        name=name, kind=FileKind.PDF.value, data=pdf[:cut], reason=Reason.CORRUPT.value
    )


def truncated_zip(name: str, members: list[tuple[str, bytes]], rng: random.Random) -> LeakedItem:
    """An archive whose end (central directory) is missing."""
    data = stable_zip(members)
    cut = len(data) // 2 + rng.randrange(max(1, len(data) // 4))
    return LeakedItem(
        name=name, kind=FileKind.ZIP.value, data=data[:cut], reason=Reason.CORRUPT.value
    )


def encrypted_archive(name: str, members: list[LeakedItem], rng: random.Random) -> LeakedItem:
    """A password-protected ZIP: readable listing, unreadable members."""
    password = f"kerval{rng.randint(2019, 2024)}".encode()
    data = encrypted_zip([(m.name, m.data) for m in members], password=password, rng=rng)
    locked = tuple(
        LeakedItem(name=m.name, kind=m.kind, data=b"", reason=Reason.ENCRYPTED.value)
        for m in members
    )
    return LeakedItem(name=name, kind=FileKind.ZIP.value, data=data, members=locked)


#: Archive levels a reader opens by default (``ScanSettings.max_archive_depth``): the
#: member one level deeper is reported ``nested_too_deep`` and nothing below it is listed.
READER_ARCHIVE_DEPTH = 8
#: Zeros in the bomb's member: about 100 KB on disk, far past the readers' ratio cap.
BOMB_BYTES = 100 * 1024 * 1024


def zip_bomb(name: str, decoy: LeakedItem) -> LeakedItem:
    """A small ZIP whose one member inflates to ``BOMB_BYTES`` of zeros, beside a decoy."""
    member = LeakedItem("sauvegarde.bin", FileKind.UNKNOWN.value, b"", reason=Reason.ARCHIVE_BOMB.value)  # fmt: skip
    data = stable_zip([(decoy.name, decoy.data), (member.name, bytes(BOMB_BYTES))])
    return LeakedItem(name=name, kind=FileKind.ZIP.value, data=data, members=(decoy, member))


def traversal_zip(name: str, member: LeakedItem) -> LeakedItem:
    """A ZIP whose member is stored as ``../../<name>``: a reader must not write outside.

    The truth lists the member under the name left once the ``../`` are dropped, as the
    scan reports it; it is read like any other file.
    """
    data = stable_zip([(f"../../{member.name}", member.data)])
    return LeakedItem(name=name, kind=FileKind.ZIP.value, data=data, members=(member,))


def deep_zip(name: str, bottom: LeakedItem, *, depth: int) -> LeakedItem:
    """``depth`` ZIPs one inside the other, ``bottom`` in the last.

    The truth stops where a reader does: the ZIP past ``READER_ARCHIVE_DEPTH`` levels is
    ``nested_too_deep`` and its content is not listed.
    """
    data, inner = bottom.data, bottom
    chain: list[tuple[str, bytes]] = []
    for level in range(depth, 0, -1):
        data = stable_zip([(inner.name, data)])
        chain.append((f"niveau{level}.zip" if level > 1 else name, data))
        inner = LeakedItem(chain[-1][0], FileKind.ZIP.value, data)
    return _deep_truth(chain[::-1], bottom, level=0)


def _deep_truth(chain: list[tuple[str, bytes]], bottom: LeakedItem, *, level: int) -> LeakedItem:
    name, data = chain[0]
    if level > READER_ARCHIVE_DEPTH:
        return LeakedItem(name, FileKind.UNKNOWN.value, b"", reason=Reason.TOO_DEEP.value)
    inner = _deep_truth(chain[1:], bottom, level=level + 1) if len(chain) > 1 else bottom
    return LeakedItem(name, FileKind.ZIP.value, data, members=(inner,))


def billion_laughs(name: str) -> LeakedItem:
    """An XML file whose entities expand to a billion ``lol``: parsers must refuse it."""
    entities = "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    data = f'<?xml version="1.0"?><!DOCTYPE dossier [<!ENTITY lol "lol">{entities}]><dossier>&lol9;</dossier>'  # fmt: skip
    return LeakedItem(name, FileKind.XML.value, data.encode(), reason=Reason.XML_ENTITIES.value)


def truncated_image(name: str, image: bytes, rng: random.Random) -> LeakedItem:
    """A scanned page cut short (a copy that failed half way)."""
    cut = len(image) // 3 + rng.randrange(max(1, len(image) // 3))
    return LeakedItem(name, FileKind.IMAGE.value, image[:cut], reason=Reason.CORRUPT.value)


def encrypted_pdf(name: str, text: str) -> LeakedItem:
    """A PDF that asks for a password before it shows anything."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1, encrypt=pdfencrypt.StandardEncryption("kerval", canPrint=0))  # fmt: skip
    page.drawString(50, 750, text)
    page.showPage()
    page.save()
    return LeakedItem(name, FileKind.PDF.value, buffer.getvalue(), reason=Reason.ENCRYPTED.value)


def locked_office_files(folder: str, letter: str) -> list[LeakedItem]:
    """A password-protected Word 97 letter and a password-protected DOCX (an OLE file)."""
    return [
        LeakedItem(
            f"{folder}/courrier_protege.doc",
            FileKind.DOC.value,
            word97_document(letter, encrypted=True),
            reason=Reason.ENCRYPTED.value,
        ),  # fmt: skip
        LeakedItem(
            f"{folder}/synthese_protegee.docx",
            FileKind.OLE.value,
            encrypted_office_file(),
            reason=Reason.ENCRYPTED.value,
        ),  # fmt: skip
    ]
