"""The attachments of an e-mail (RFC 822 / MIME), each yielded as its own leaked file.

The mail itself is a document (its body is extracted); every attachment, at any depth of
the MIME tree, is another, written ``mail.eml!/scan.pdf``. An attached mail
(``message/rfc822``) is one attachment: the walk then opens it in turn, so its own
attachments come out as ``mail.eml!/fwd.eml!/scan.pdf``. Two attachments with the same
name get ``scan (2).pdf``.

Leaked mails are often malformed: headers a program wrote with 8-bit bytes or broken
encoded-words, a boundary that never appears, a mail cut short. ``read_mail`` parses
with the modern policy first and, when its structured header parser gives up (it raises
on some broken parameters), again with ``compat32``, which keeps headers as raw text;
``ParsedMail.problems`` says what could not be read, so that the mail is ``partial``
with a reason rather than ``unreadable``. A multipart whose boundary is never found is read as its raw
text: that is its body, not an attachment.
"""

from __future__ import annotations

import email.errors
import hashlib
import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from email import policy
from email.generator import BytesGenerator
from email.message import EmailMessage, Message
from email.parser import BytesParser
from io import BytesIO
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
_MAX_HEADER_BYTES = 256 * 1024  # a header block is looked for this far, no further
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_HEADER_NAME = re.compile(rb"[!-9;-~]+:|From ")
#: Defects of the stdlib parser that lose part of a mail, as words for the reason column.
LOSSY_DEFECTS = {
    "StartBoundaryNotFoundDefect": "MIME boundary not found",
    "NoBoundaryInMultipartDefect": "MIME boundary not found",
    "MultipartInvariantViolationDefect": "MIME boundary not found",
    "CloseBoundaryNotFoundDefect": "truncated",
}
#: Said when the structured header parser gave up and the raw headers were read.
RAW_HEADERS = "headers unparseable, read raw"


@dataclass(frozen=True, slots=True)
class ParsedMail:
    """A mail's tree, and what of it could not be read (``problems``: words, in order)."""

    message: Message
    problems: tuple[str, ...]


def parse_mail(data: bytes) -> EmailMessage:
    """The message tree; ``policy.default`` decodes encoded names and RFC 2231 parameters."""
    return cast(EmailMessage, BytesParser(policy=policy.default).parsebytes(data))


def read_mail(data: bytes) -> ParsedMail:
    """The message tree however malformed: ``policy.default``, else ``compat32`` (raw
    headers), with the problems that lost part of it."""
    problems: list[str] = []
    data = _refolded(data)
    try:
        message: Message = parse_mail(data)
        _parse_structured_headers(message)
    except MAIL_ERRORS:
        message = BytesParser(policy=policy.compat32).parsebytes(data)
        problems.append(RAW_HEADERS)
    for part in own_parts(message):
        for defect in part.defects:
            words = LOSSY_DEFECTS.get(type(defect).__name__)
            if words is not None and words not in problems:
                problems.append(words)
    return ParsedMail(message, tuple(problems))


def _refolded(data: bytes) -> bytes:
    """The mail with header lines a broken mailer did not fold (no ``Name:``, no leading
    space) folded into the header before them: the parser would end the headers there,
    and take ``Content-Type`` and the attachments for body text."""
    end = _HEADER_END.search(data, 0, _MAX_HEADER_BYTES)
    if end is None:  # no header block to speak of: folding could swallow the body
        return data
    head = data[: end.start()]
    lines = head.split(b"\n")
    if all(_HEADER_NAME.match(line) or line[:1] in (b" ", b"\t") for line in lines[1:]):
        return data
    folded = [lines[0]] + [
        line if _HEADER_NAME.match(line) or line[:1] in (b" ", b"\t") else b" " + line
        for line in lines[1:]
    ]
    return b"\n".join(folded) + data[len(head) :]


def _parse_structured_headers(message: Message) -> None:
    """Ask for every header the walk and the extractor use, so that one the modern parser
    cannot read raises here, once, rather than half-way through the attachments."""
    for part in own_parts(message):
        part.get_content_type()
        part.get_filename()  # the one strict call: a failure here falls back to compat32
        part.get_content_disposition()
        part.get_content_charset()


def is_attachment(part: Message) -> bool:
    """True for a leaf part that is a file rather than the mail's own text.

    Named parts, ``Content-Disposition: attachment``, attached mails and any non-text
    part (an inline scan is an exposure like any other) are attachments; unnamed inline
    text parts are the body.
    """
    if part.get_content_type() == _ATTACHED_MAIL:
        return True
    if part.get_content_maintype() == "multipart":  # its boundary was never found
        return False
    if mail_filename(part) or part.get_content_disposition() == "attachment":
        return True
    return part.get_content_maintype() != "text"


def own_parts(part: Message) -> Iterator[Message]:
    """Every part of this mail's MIME tree, itself first, not descending into attached
    mails (they are attachments, read in their turn)."""
    yield part
    if part.get_content_type() != _ATTACHED_MAIL and part.is_multipart():
        payload = part.get_payload()
        for sub in payload if isinstance(payload, list) else ():
            yield from own_parts(sub)


def mail_filename(part: Message) -> str | None:
    """The part's file name; the raw parameter when its RFC 2231 encoding is broken (a
    charset naming a codec that does not exist, a NUL in it)."""
    try:
        return part.get_filename()
    except MAIL_ERRORS:
        pass
    for name, header in (("filename", "content-disposition"), ("name", "content-type")):
        try:
            value = part.get_param(name, header=header)
        except MAIL_ERRORS:
            continue
        if isinstance(value, tuple):
            value = value[2]
        if isinstance(value, str) and value:
            return value
    return None


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
        message = read_mail(container.read_bytes()).message
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
        return _mail_bytes(inner) if isinstance(inner, Message) else b""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _mail_bytes(message: Message) -> bytes:
    """An attached mail as RFC 822 bytes; written again with raw headers (``compat32``)
    when the modern policy cannot fold one of them."""
    try:
        return message.as_bytes()
    except MAIL_ERRORS:
        buffer = BytesIO()
        BytesGenerator(buffer, mangle_from_=False, policy=policy.compat32).flatten(message)
        return buffer.getvalue()


def _attachment_name(part: Message, number: int) -> str:
    """The attachment's own file name, made safe, or ``attachment-N`` with an extension."""
    filename = mail_filename(part)
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
