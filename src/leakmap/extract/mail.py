"""E-mails (EML) → one text block: the address headers, the subject, the body.

Attachments are not read here: the walk yields each one as its own leaked file. The body
is every inline text part, text/plain preferred over its HTML alternative, HTML reduced
to its visible text otherwise. Headers matter: a subject line often names the patient.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.message import EmailMessage

from leakmap.extract.document import TextBlock
from leakmap.extract.encoding import decode_text
from leakmap.extract.html_text import html_to_text
from leakmap.extract.parts import ExtractedParts
from leakmap.extract.text import normalise_newlines
from leakmap.settings import ScanSettings
from leakmap.walk.mail import MAIL_ERRORS, is_attachment, parse_mail

#: Headers copied into the text, in this order.
MAIL_HEADERS = ("From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Subject", "Date")
_ALTERNATIVE = "multipart/alternative"
_ATTACHED_MAIL = "message/rfc822"


def extract_mail(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """The mail's headers and body as one block (page 1)."""
    message = parse_mail(data)
    headers = [
        f"{name}: {value}" for name in MAIL_HEADERS for value in _header_values(message, name)
    ]
    body = "\n\n".join(text for text in body_texts(message) if text.strip())
    return ExtractedParts(blocks=(TextBlock(1, "\n".join(headers) + "\n\n" + body),))


def body_texts(part: EmailMessage) -> Iterator[str]:
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


def _preferred_alternative(parts: list[EmailMessage]) -> EmailMessage | None:
    """text/plain when offered, else the first alternative (HTML, or a related group)."""
    for sub in parts:
        if sub.get_content_type() == "text/plain":
            return sub
    return parts[0] if parts else None


def _sub_parts(part: EmailMessage) -> list[EmailMessage]:
    payload = part.get_payload()
    return (
        [sub for sub in payload if isinstance(sub, EmailMessage)]
        if isinstance(payload, list)
        else []
    )


def _part_text(part: EmailMessage) -> str:
    """A text part decoded with its declared charset, else with a detected one."""
    try:
        content = part.get_content()
        text = content if isinstance(content, str) else ""
    except MAIL_ERRORS:
        raw = part.get_payload(decode=True)
        text = decode_text(raw) if isinstance(raw, bytes) else ""
    text = normalise_newlines(text)
    return html_to_text(text) if part.get_content_subtype() == "html" else text


def _header_values(message: EmailMessage, name: str) -> list[str]:
    """Decoded header values; the raw value when a header cannot be parsed."""
    try:
        return [" ".join(str(value).split()) for value in message.get_all(name, [])]
    except MAIL_ERRORS:
        return [" ".join(value.split()) for key, value in message.raw_items() if key == name]
