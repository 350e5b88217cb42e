"""Everything one person's letter needs, prepared once per run: templates, fonts, the frame.

Why: the letter of the millionth person is the letter of the first with other names. The
press compiles the case's templates once (``Environment.get_template`` checks the files
on every call), builds the fonts once (``pdf_fonts``) over the characters of every
addressee, and then renders and writes one addressee's letter, kit and e-mail draft
with nothing re-read. It is built in the parent before the worker pool forks, so the
workers share it read-only; each worker writes its people's files into the case
through ``output_files`` (0600, sealed when the case seals) and hands back only the
print-shop row and what the summary counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from email.policy import SMTP
from pathlib import Path

import jinja2

from leakmap.report.case_info import CaseInfo
from leakmap.report.letter_context import address_block, letter_reference, template_context
from leakmap.report.letter_pdf import render_letter_pdf
from leakmap.report.output_files import KITS_DIR, LETTERS_DIR, write_output, write_output_text
from leakmap.report.pdf_document import PageFrame
from leakmap.report.pdf_fonts import FontSet, font_set
from leakmap.report.plain_words import long_date
from leakmap.report.print_shop import padded_block
from leakmap.report.recipients import Addressee, AddresseeKind
from leakmap.report.templating import template_environment
from leakmap.report.text_blocks import RenderedText, parse_rendered, plain_text

_PLACE_DATE = {"fr": "{city}, le {day}", "en": "{city}, {day}"}
_REFERENCE = {"fr": "Réf. : {reference}", "en": "Ref.: {reference}"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def file_stem(key: str) -> str:
    """A file name for a letter key: characters other than letters, digits, ``._-`` become ``_``."""
    return _UNSAFE.sub("_", key) or "_"


@dataclass(frozen=True, slots=True)
class PersonWritten:
    """What writing one addressee's files gives back to the parent (no personal text
    but the print-shop row, which the parent streams into the mail house's file)."""

    key: str
    kind: AddresseeKind
    pages: int
    #: The print-shop row, or ``None`` for a letter nobody can post (no address).
    print_row: tuple[str, ...] | None
    #: The draft written, when the addressee has an e-mail address.
    draft: str = ""
    kit: bool = False


class LetterPress:
    """Renders and writes letters, kits and drafts of one case with one set of templates."""

    def __init__(
        self,
        case_dir: Path,
        info: CaseInfo,
        *,
        characters: Iterable[str] = (),
        environment: jinja2.Environment | None = None,
    ) -> None:
        """``characters``: every character the addressees' names and addresses use."""
        self.case_dir = case_dir
        self.info = info
        self.environment = environment or template_environment(case_dir)
        self.fonts: FontSet = font_set(characters)
        self._templates: dict[str, jinja2.Template] = {}
        self._days = {lang: long_date(info.letter_date, lang) for lang in _PLACE_DATE}

    def template(self, name: str) -> jinja2.Template:
        """A template compiled once (a typo in an edited one fails at the first letter)."""
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.environment.get_template(name)
        return found

    def rendered(self, addressee: Addressee, language: str, kind: str) -> RenderedText:
        """The ``letter`` or ``complaint_kit`` template rendered for one addressee."""
        context = template_context(addressee, self.info, language)
        return parse_rendered(self.template(f"{kind}.{language}.txt").render(context))

    def frame(self, addressee: Addressee, language: str) -> PageFrame:
        """Letterhead, address block, place and date, reference, footer of one letter."""
        return letter_frame(addressee, self.info, language, day=self._days[language])

    def letter(self, addressee: Addressee, language: str) -> tuple[RenderedText, bytes, int]:
        """One letter: its text blocks, its PDF and its pages."""
        rendered = self.rendered(addressee, language, "letter")
        pdf, pages = render_letter_pdf(self.frame(addressee, language), rendered, self.fonts)
        return rendered, pdf, pages

    def kit(self, addressee: Addressee, language: str) -> tuple[bytes, str]:
        """One complaint kit: the PDF to print and the text to copy into a form."""
        rendered = self.rendered(addressee, language, "complaint_kit")
        frame = replace(self.frame(addressee, language), recipient=(), date_line="")
        pdf, _ = render_letter_pdf(frame, rendered, self.fonts)
        return pdf, f"{rendered.subject}\n\n{plain_text(rendered)}"

    def write_person(
        self,
        addressee: Addressee,
        language: str,
        *,
        letter: bool = True,
        kits: bool = True,
        drafts: bool = True,
    ) -> PersonWritten:
        """Write one addressee's letter, kit and e-mail draft (each when asked).

        The draft needs the letter and attaches the kit; ``letter=False`` (kits alone,
        for the benchmark) writes no draft either.
        """
        from leakmap.report.email_drafts import draft_for  # drafts import the press's kit

        stem = file_stem(addressee.key)
        pages = 0
        if letter:
            rendered, pdf, pages = self.letter(addressee, language)
            write_output(self.case_dir, self.case_dir / LETTERS_DIR / f"{stem}.pdf", pdf)
        kit_pdf = b""
        if kits:
            kit_pdf, kit_text = self.kit(addressee, language)
            folder = self.case_dir / KITS_DIR
            write_output(self.case_dir, folder / f"{stem}.pdf", kit_pdf)
            write_output_text(self.case_dir, folder / f"{stem}.txt", kit_text)
        draft = ""
        if letter and drafts and addressee.email:
            if not kit_pdf:
                kit_pdf, _ = self.kit(addressee, language)
            message = draft_for(addressee, language, rendered, f"{stem}.pdf", pdf, self.info,
                                kit_pdf=kit_pdf)  # fmt: skip
            path = self.case_dir / LETTERS_DIR / f"{stem}.eml"
            draft = write_output(self.case_dir, path, message.as_bytes(policy=SMTP)).name
        row = self.print_row(addressee, language, f"{stem}.pdf", pages) if letter else None
        return PersonWritten(addressee.key, addressee.kind, pages, row, draft, kits)

    def print_row(
        self, addressee: Addressee, language: str, pdf: str, pages: int
    ) -> tuple[str, ...] | None:
        """The letter's print-shop row; ``None`` when it has no address to post to."""
        if addressee.kind is not AddresseeKind.STAFF and not addressee.address:
            return None
        lines = address_block(addressee, language, on=self.info.letter_date)
        return (
            letter_reference(self.info, addressee), pdf, addressee.kind.value, language,
            str(pages), *padded_block(lines), addressee.postcode, addressee.city,
            f"{KITS_DIR}/{file_stem(addressee.key)}.pdf",
        )  # fmt: skip


def letter_frame(
    addressee: Addressee, info: CaseInfo, language: str, *, day: str = ""
) -> PageFrame:
    """Letterhead, address block, place and date, reference, footer of one letter."""
    reference = letter_reference(info, addressee)
    day = day or long_date(info.letter_date, language)
    return PageFrame(
        letterhead=(info.hospital_name, *info.hospital_address),
        recipient=address_block(addressee, language, on=info.letter_date),
        date_line=_PLACE_DATE[language].format(city=info.hospital_city, day=day),
        reference_line=_REFERENCE[language].format(reference=reference),
        footer=f"{info.hospital_name} — {reference}",
        is_example=info.is_example,
        language=language,
    )


def addressee_characters(addressees: Iterable[Addressee]) -> set[str]:
    """Every character of the addressees' names and addresses (for ``font_set``)."""
    seen: set[str] = set()
    for a in addressees:
        seen.update(a.family_name, a.given_names, a.address, a.city)
        seen.update(a.family_name.upper(), a.address.upper(), a.city.upper())
    return seen
