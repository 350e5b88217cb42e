"""Files nobody can read: an empty file, a PDF cut in half, a ZIP cut short, and a
password-protected ZIP (ZipCrypto), whose members are listed but cannot be opened.

Their content is never counted as an exposure: the truth marks them ``readable: false``
with the reason a reader should give (``empty``, ``corrupt``, ``encrypted``).
"""

from __future__ import annotations

import random

from leakmap.synth.leaked import LeakedItem
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
