"""Walk a generated dump the way the contract names files, with zipfile and email only.

Independent of ``leakmap.walk`` on purpose: the generator's tests must not lean on the
code they are meant to check. Yields ``(leak path, bytes or None)``; ``None`` for members
that cannot be read (encrypted).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path


def walk_dump(root: Path) -> Iterator[tuple[str, bytes | None]]:
    """Every file of the dump, then the members of its archives and mails, recursively."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        yield from _walk(path.relative_to(root).as_posix(), path.read_bytes())


def _walk(leak_path: str, data: bytes | None) -> Iterator[tuple[str, bytes | None]]:
    yield leak_path, data
    if data is None:
        return
    if leak_path.endswith(".zip") and zipfile.is_zipfile(io.BytesIO(data)):
        yield from _zip_members(leak_path, data)
    elif leak_path.endswith(".eml"):
        yield from _attachments(leak_path, data)


def _zip_members(leak_path: str, data: bytes) -> Iterator[tuple[str, bytes | None]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            content = None if info.flag_bits & 0x1 else archive.read(info)
            yield from _walk(f"{leak_path}!/{info.filename}", content)


def _attachments(leak_path: str, data: bytes) -> Iterator[tuple[str, bytes | None]]:
    message = BytesParser(policy=policy.default).parsebytes(data)
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        yield from _walk(f"{leak_path}!/{part.get_filename()}", payload)


def mail_body(data: bytes) -> str:
    """The plain-text body of a generated mail, with its headers."""
    message = BytesParser(policy=policy.default).parsebytes(data)
    body = message.get_body(preferencelist=("plain",))
    headers = " ".join(str(message[h] or "") for h in ("From", "To", "Subject"))
    return headers + "\n" + (body.get_content() if body is not None else "")
