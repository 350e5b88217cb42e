"""E-mails (EML) → one text block: the address headers, the subject, the body.

Attachments are not read here: the walk yields each one as its own leaked file. The body
is every inline text part, text/plain preferred over its HTML alternative, HTML reduced
to its visible text otherwise. Headers matter: a subject line often names the patient.

A malformed mail is read for what it holds (``walk.mail.read_mail``): a header written in
8-bit bytes is decoded like a text file (it usually names someone with an accent), a
body sent 8-bit without a charset likewise, a multipart whose boundary never comes is its
raw text. When part of it was lost the mail is ``partial``, ``corrupt: malformed mail
(...)`` saying what.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.header import decode_header
from email.message import EmailMessage, Message

from leakmap.extract.document import TextBlock
from leakmap.extract.encoding import decode_text
from leakmap.extract.html_text import html_to_text
from leakmap.extract.parts import ExtractedParts
from leakmap.extract.text import normalise_newlines
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ReadStatus, Reason
from leakmap.walk.mail import MAIL_ERRORS, is_attachment, read_mail

#: Headers copied into the text, in this order.
MAIL_HEADERS = ("From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Subject", "Date")
_ALTERNATIVE = "multipart/alternative"
_ATTACHED_MAIL = "message/rfc822"


def extract_mail(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """The mail's headers and body as one block (page 1); ``partial`` when malformed."""
    parsed = read_mail(data)
    message = parsed.message
    headers = [
        f"{name}: {value}" for name in MAIL_HEADERS for value in _header_values(message, name)
    ]
    body = "\n\n".join(text for text in body_texts(message) if text.strip())
    block = TextBlock(1, "\n".join(headers) + "\n\n" + body)
    if not parsed.problems:
        return ExtractedParts(blocks=(block,))
    reason = f"{Reason.CORRUPT.value}: malformed mail ({'; '.join(parsed.problems)})"
    return ExtractedParts(blocks=(block,), status=ReadStatus.PARTIAL, reason=reason)


def body_texts(part: Message) -> Iterator[str]:
    """The text of every inline body part, in order; one alternative per choice."""
    content_type = part.get_content_type()
    if content_type == _ALTERNATIVE:
        chosen = _preferred_alternative(_sub_parts(part))
        if chosen is not None:
            yield from body_texts(chosen)
    elif content_type != _ATTACHED_MAIL and part.is_multipart():
        for sub in _sub_parts(part):
            yield from body_texts(sub)
    elif not is_attachment(part):
        yield _part_text(part)


def _preferred_alternative(parts: list[Message]) -> Message | None:
    """text/plain when offered, else the first alternative (HTML, or a related group)."""
    for sub in parts:
        if sub.get_content_type() == "text/plain":
            return sub
    return parts[0] if parts else None


def _sub_parts(part: Message) -> list[Message]:
    payload = part.get_payload()
    return [sub for sub in payload if isinstance(sub, Message)] if isinstance(payload, list) else []


def _part_text(part: Message) -> str:
    """A text part decoded with its declared charset, else (none declared, a broken one,
    8-bit bytes under ASCII) with a detected one."""
    raw = part.get_payload(decode=True)
    text = ""
    try:
        if isinstance(part, EmailMessage):  # compat32's Message has no content manager
            content = part.get_content()
            text = content if isinstance(content, str) else ""
    except MAIL_ERRORS:
        text = ""
    if (not text or "\ufffd" in text) and isinstance(raw, bytes) and raw:
        text = decode_text(raw)
    text = normalise_newlines(text)
    return html_to_text(text) if part.get_content_subtype() == "html" else text


def _header_values(message: Message, name: str) -> list[str]:
    """Decoded header values: as the policy parsed them where it could without defects;
    else from the raw text, 8-bit bytes decoded like a text file (they usually name
    someone with an accent) and each encoded-word on its own (a bad one stays as written).
    """
    raw = [value for key, value in message.raw_items() if key.lower() == name.lower()]
    try:
        parsed: list[object] = list(message.get_all(name, []))
    except MAIL_ERRORS:
        parsed = []
    if len(parsed) != len(raw):
        parsed = list(raw)
    return [
        " ".join(_header_text(value, raw_value).split())
        for value, raw_value in zip(parsed, raw, strict=True)
    ]


def _header_text(value: object, raw: str) -> str:
    """One header's text (``value`` as parsed, ``raw`` as in the file)."""
    raw = str(raw)
    if any("\udc80" <= c <= "\udcff" for c in raw):  # 8-bit bytes, kept as surrogates
        return decode_text(raw.encode("ascii", "surrogateescape"))
    if value is not raw and not getattr(value, "defects", ()):
        return str(value)
    return _encoded_words(raw) if "=?" in raw else raw


def _encoded_words(raw: str) -> str:
    """RFC 2047 encoded-words decoded one by one; an unknown charset is detected."""
    try:
        pieces = decode_header(raw)
    except MAIL_ERRORS:
        return raw
    words = []
    for piece, charset in pieces:
        if isinstance(piece, str):
            words.append(piece)
            continue
        try:
            words.append(piece.decode(charset or "ascii"))
        except MAIL_ERRORS:
            words.append(decode_text(piece))
    return "".join(words)
