"""The attachments of an e-mail (RFC 822 / MIME), each yielded as its own leaked file.

The mail itself is a document (its body is extracted); every attachment, at any depth of
the MIME tree, is another, written ``mail.eml!/scan.pdf``. An attached mail
(``message/rfc822``) is one attachment: the walk then opens it in turn, so its own
attachments come out as ``mail.eml!/fwd.eml!/scan.pdf``. Two attachments with the same
name get ``scan (2).pdf``.
"""

from __future__ import annotations

import email.errors
import hashlib
import mimetypes
from collections.abc import Iterator
from dataclasses import replace
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from typing import cast

from leakmap.vocabulary import FileKind, Reason
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.limits import ExpansionBudget
from leakmap.walk.member_names import UniqueNames, safe_member_name
from leakmap.walk.sniff import sniff_content

#: What the stdlib ``email`` package raises on malformed messages (it is lenient, but
#: some header and payload defects still surface as plain exceptions).
MAIL_ERRORS = (
    email.errors.MessageError,
    ValueError,
    LookupError,
    UnicodeError,
    IndexError,
    TypeError,
    AttributeError,
)
_ATTACHED_MAIL = "message/rfc822"


def parse_mail(data: bytes) -> EmailMessage:
    """The message tree; ``policy.default`` decodes encoded names and RFC 2231 parameters."""
    return cast(EmailMessage, BytesParser(policy=policy.default).parsebytes(data))


def is_attachment(part: Message) -> bool:
    """True for a leaf part that is a file rather than the mail's own text.

    Named parts, ``Content-Disposition: attachment``, attached mails and any non-text
    part (an inline scan is an exposure like any other) are attachments; unnamed inline
    text parts are the body.
    """
    if part.get_content_type() == _ATTACHED_MAIL:
        return True
    if part.get_filename() or part.get_content_disposition() == "attachment":
        return True
    return part.get_content_maintype() != "text"


def leaf_parts(part: Message) -> Iterator[Message]:
    """The leaves of the MIME tree, in order, not descending into attached mails."""
    if part.get_content_type() != _ATTACHED_MAIL and part.is_multipart():
        payload = part.get_payload()
        for sub in payload if isinstance(payload, list) else ():
            yield from leaf_parts(sub)
    else:
        yield part


def open_mail(
    container: LeakedFile, budget: ExpansionBudget
) -> tuple[LeakedFile, Iterator[LeakedFile]]:
    """The mail itself (marked when it cannot be parsed) and an iterator of its attachments."""
    try:
        message = parse_mail(container.read_bytes())
        parts = [part for part in leaf_parts(message) if is_attachment(part)]
    except MAIL_ERRORS as error:
        marked = replace(container, problem=Reason.CORRUPT, problem_detail=type(error).__name__)
        return marked, iter(())
    return container, _attachments(parts, container.path, budget)


def _attachments(
    parts: list[Message], where: LeakPath, budget: ExpansionBudget
) -> Iterator[LeakedFile]:
    names = UniqueNames()
    too_deep = budget.is_too_deep(where)
    for number, part in enumerate(parts, start=1):
        path = where.child(names.claim(_attachment_name(part, number)))
        if not budget.take_member():
            yield _placeholder(path, Reason.ARCHIVE_BOMB, "member cap reached")
            return
        if too_deep:
            yield _placeholder(path, Reason.TOO_DEEP)
            continue
        yield _attachment(part, path, budget)


def _attachment(part: Message, path: LeakPath, budget: ExpansionBudget) -> LeakedFile:
    """One attachment's decoded bytes, or a placeholder saying why they could not be had."""
    try:
        data = _payload_bytes(part)
    except MAIL_ERRORS as error:
        return _placeholder(path, Reason.CORRUPT, type(error).__name__)
    refusal = budget.refuse(len(data), len(data))
    if refusal is not None:
        return _placeholder(path, *refusal)
    budget.spend(len(data))
    return LeakedFile(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        kind=sniff_content(data),
        content=data,
    )


def _payload_bytes(part: Message) -> bytes:
    """The attachment as a file: decoded from base64 or quoted-printable, or the whole
    attached mail as RFC 822 bytes."""
    if part.get_content_type() == _ATTACHED_MAIL:
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        return inner.as_bytes() if isinstance(inner, Message) else b""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _attachment_name(part: Message, number: int) -> str:
    """The attachment's own file name, made safe, or ``attachment-N`` with an extension."""
    try:
        filename = part.get_filename()
    except MAIL_ERRORS:
        filename = None
    if filename:
        return safe_member_name(filename)[0]
    content_type = part.get_content_type()
    if content_type == _ATTACHED_MAIL:
        extension = ".eml"
    else:
        extension = mimetypes.guess_extension(content_type, strict=False) or ".bin"
    return f"attachment-{number}{extension}"


def _placeholder(path: LeakPath, problem: Reason, detail: str = "") -> LeakedFile:
    return LeakedFile(
        path=path, sha256="", size=0, kind=FileKind.UNKNOWN, problem=problem, problem_detail=detail
    )
