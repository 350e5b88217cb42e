"""E-mails written as RFC 822 ``.eml`` files with the standard ``email`` package.

Boundaries and Message-IDs come from the seeded generator (the ``email`` package would
draw them at random), so a seed gives the same bytes.
"""

from __future__ import annotations

import mimetypes
import random
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from leakmap.synth.establishment import MAIL_DOMAIN
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.templates.mails import MailPlan

_PARIS_SUMMER = timezone(timedelta(hours=2))
_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "txt": "text/plain",
    "zip": "application/zip",
}


def render_mail(plan: MailPlan, attachments: list[LeakedItem], rng: random.Random) -> bytes:
    """The mail with its body and attachments (attachment names are their file names)."""
    message = EmailMessage(policy=policy.default)
    message["From"] = plan.sender
    message["To"] = ", ".join(plan.recipients)
    message["Subject"] = plan.subject
    sent = datetime(plan.when.year, plan.when.month, plan.when.day, rng.randint(7, 19), rng.randint(0, 59), tzinfo=_PARIS_SUMMER)  # fmt: skip
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<{rng.getrandbits(64):016x}.{sent:%Y%m%d%H%M}@{MAIL_DOMAIN}>"
    message.set_content(plan.body)
    for item in attachments:
        content_type = _TYPES.get(item.kind) or mimetypes.guess_type(item.name)[0] or "application/octet-stream"  # fmt: skip
        maintype, subtype = content_type.split("/", 1)
        message.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=item.name)
    if message.is_multipart():
        message.set_boundary(f"=_kerval_{rng.getrandbits(48):012x}")
    return message.as_bytes(policy=policy.SMTP)
