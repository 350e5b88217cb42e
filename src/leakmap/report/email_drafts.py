"""Unsent e-mail drafts of the letters: ``CASE/letters/<key>.eml``, only where there is an address.

A draft is written for an addressee with an e-mail address and for no one else (a draft
with no recipient is a letter nobody will send, and it counted as "sent" in the
summary). It carries the letter's text, the letter's PDF and the complaint kit's PDF:
the letter says the kit is enclosed, so the draft encloses it. Nothing is sent: every
draft has ``X-Unsent: 1``. While ``case.toml`` still says ``example = true``, the subject
and the first line of the body carry the model stamp in the letter's language, as the
PDF does, so a draft never leaves looking final.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr
from pathlib import Path

from leakmap.report.case_info import CaseInfo
from leakmap.report.letter_context import letter_reference
from leakmap.report.letter_press import LetterPress, addressee_characters, file_stem
from leakmap.report.letters import LetterForDraft
from leakmap.report.output_files import LETTERS_DIR, write_output
from leakmap.report.recipients import Addressee
from leakmap.report.text_blocks import RenderedText, plain_text

#: The model stamp of a draft, in the letter's language.
EXAMPLE_STAMPS = {"fr": "MODÈLE — NE PAS ENVOYER", "en": "DRAFT — DO NOT SEND"}
#: The attached kit's name, in the letter's language (as the letter names the kit).
KIT_ATTACHMENT_NAMES = {"fr": "elements-pour-porter-plainte.pdf", "en": "facts-for-a-complaint.pdf"}
_SUBJECT_PREFIX = re.compile(r"^(objet|subject)\s*:\s*", re.IGNORECASE)


def write_email_drafts(
    case_dir: Path, letters: Sequence[LetterForDraft], info: CaseInfo
) -> tuple[Path, ...]:
    """Write one draft per letter given (those of addressees with an e-mail); return them."""
    press = LetterPress(case_dir, info, characters=_characters(letters))
    written = []
    for letter in letters:
        kit_pdf, _ = press.kit(letter.addressee, letter.language)
        draft = email_draft(letter, info, kit_pdf=kit_pdf)
        path = case_dir / LETTERS_DIR / f"{file_stem(letter.addressee.key)}.eml"
        written.append(write_output(case_dir, path, draft.as_bytes(policy=SMTP)))
    return tuple(written)


def _characters(letters: Sequence[LetterForDraft]) -> set[str]:
    return addressee_characters(letter.addressee for letter in letters)


def email_draft(letter: LetterForDraft, info: CaseInfo, *, kit_pdf: bytes) -> EmailMessage:
    """The unsent draft of one letter, its PDF and its complaint kit attached."""
    return draft_for(
        letter.addressee, letter.language, letter.rendered, letter.pdf_name, letter.pdf, info,
        kit_pdf=kit_pdf,
    )  # fmt: skip


def draft_for(
    addressee: Addressee,
    language: str,
    rendered: RenderedText,
    pdf_name: str,
    pdf: bytes,
    info: CaseInfo,
    *,
    kit_pdf: bytes,
) -> EmailMessage:
    """The unsent draft of one letter from its parts (``LetterPress`` calls it per person)."""
    if not addressee.email:
        raise ValueError(f"letter {addressee.key} has no e-mail address; it gets no draft")
    stamp = EXAMPLE_STAMPS[language] if info.is_example else ""
    subject = _SUBJECT_PREFIX.sub("", rendered.subject)
    body = plain_text(rendered)
    message = EmailMessage()
    message["From"] = formataddr((info.hospital_name, info.dpo_email))
    message["To"] = addressee.email
    message["Subject"] = f"[{stamp}] {subject}" if stamp else subject
    message["X-Unsent"] = "1"
    message["X-Leakmap-Reference"] = letter_reference(info, addressee)
    message.set_content(f"{stamp}\n\n{body}" if stamp else body)
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    kit_name = KIT_ATTACHMENT_NAMES[language]
    message.add_attachment(kit_pdf, maintype="application", subtype="pdf", filename=kit_name)
    return message
