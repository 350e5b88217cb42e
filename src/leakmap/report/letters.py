"""Letters to the people a leak exposed: one PDF and one e-mail draft each, and a print list.

``write_letters`` writes into ``CASE/letters/``: ``<key>.pdf`` (the letter to print) and
``print_shop.csv`` (address blocks for the print shop), and hands back, for each
addressee with an e-mail address, what ``report.email_drafts`` needs to write the
``<key>.eml`` draft once the kits exist. The key is the patient_id, or ``staff-0001``
for staff. Letters are French unless ``language="en"`` or a
per-patient ``languages`` entry says otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.link.registry import Patient
from leakmap.report.case_info import LANGUAGES, CaseInfo
from leakmap.report.letter_context import address_block, letter_reference, template_context
from leakmap.report.output_files import KITS_DIR, LETTERS_DIR, write_output, write_output_csv
from leakmap.report.pdf_document import PageFrame, render_text_pdf
from leakmap.report.plain_words import long_date
from leakmap.report.recipients import Addressee, AddresseeKind, HoldReason, route_letters
from leakmap.report.templating import template_environment
from leakmap.report.text_blocks import RenderedText, parse_rendered

PRINT_SHOP_FILE = "print_shop.csv"
PRINT_SHOP_HEADER = [
    "reference", "pdf", "kind", "language", "pages",
    "line1", "line2", "line3", "line4", "line5", "line6", "postcode", "city", "enclosure",
]  # fmt: skip
_ADDRESS_LINES = 6
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_PLACE_DATE = {"fr": "{city}, le {day}", "en": "{city}, {day}"}
_REFERENCE = {"fr": "Réf. : {reference}", "en": "Ref.: {reference}"}


@dataclass(frozen=True, slots=True)
class LettersSummary:
    """What ``write_letters`` wrote, and whom it held back or could not post to.

    ``drafts``: the letters of the addressees with an e-mail address, for their drafts.
    """

    written: int
    by_kind: tuple[tuple[AddresseeKind, int], ...]
    held: tuple[tuple[str, HoldReason], ...]
    without_address: tuple[str, ...]
    drafts: tuple[LetterForDraft, ...]
    print_shop: Path
    addressees: tuple[Addressee, ...] = ()

    @property
    def drafts_with_recipient(self) -> int:
        """How many e-mail drafts the letters give (one per addressee with an e-mail)."""
        return len(self.drafts)


@dataclass(frozen=True, slots=True)
class LetterForDraft:
    """One written letter an e-mail draft is made of: its text, its PDF, its language."""

    addressee: Addressee
    language: str
    rendered: RenderedText
    pdf_name: str
    pdf: bytes


def write_letters(
    case_dir: Path,
    exposures: Sequence[Exposure],
    patients: Mapping[str, Patient],
    info: CaseInfo,
    *,
    language: str = "fr",
    languages: Mapping[str, str] | None = None,
    deceased: frozenset[str] = frozenset(),
    staff: Sequence[UnregisteredPerson] = (),
) -> LettersSummary:
    """Write every ``notify`` person's letter (and each staff member's) into ``CASE/letters``."""
    _check_language(language, *(languages or {}).values())
    routing = route_letters(
        exposures, patients, on=info.letter_date, deceased=deceased, staff=staff
    )
    directory = case_dir / LETTERS_DIR
    environment = template_environment(case_dir)
    rows, no_address, drafts = [], [], []
    for addressee in routing.addressees:
        chosen = (languages or {}).get(addressee.key, language)
        rendered = parse_rendered(
            environment.get_template(f"letter.{chosen}.txt").render(
                template_context(addressee, info, chosen)
            )
        )
        pdf = directory / f"{file_stem(addressee.key)}.pdf"
        pdf_bytes, pages = render_text_pdf(letter_frame(addressee, info, chosen), rendered)
        write_output(case_dir, pdf, pdf_bytes)
        if addressee.email:
            drafts.append(LetterForDraft(addressee, chosen, rendered, pdf.name, pdf_bytes))
        if addressee.kind is AddresseeKind.STAFF or addressee.address:
            rows.append(_print_row(addressee, info, chosen, pdf.name, pages))
        else:
            no_address.append(addressee.key)
    print_shop = _write_print_shop(case_dir, directory, rows)
    kinds = Counter(a.kind for a in routing.addressees)
    return LettersSummary(
        written=len(routing.addressees),
        by_kind=tuple((kind, kinds[kind]) for kind in AddresseeKind if kinds[kind]),
        held=routing.held,
        without_address=tuple(no_address),
        drafts=tuple(drafts),
        print_shop=print_shop,
        addressees=routing.addressees,
    )


def file_stem(key: str) -> str:
    """A file name for a letter key: characters other than letters, digits, ``._-`` become ``_``."""
    return _UNSAFE.sub("_", key) or "_"


def letter_frame(addressee: Addressee, info: CaseInfo, language: str) -> PageFrame:
    """Letterhead, address block, place and date, reference, footer of one letter."""
    reference = letter_reference(info, addressee)
    day = long_date(info.letter_date, language)
    return PageFrame(
        letterhead=(info.hospital_name, *info.hospital_address),
        recipient=address_block(addressee, language, on=info.letter_date),
        date_line=_PLACE_DATE[language].format(city=info.hospital_city, day=day),
        reference_line=_REFERENCE[language].format(reference=reference),
        footer=f"{info.hospital_name} — {reference}",
        is_example=info.is_example,
        language=language,
    )


def _check_language(*chosen: str) -> None:
    unknown = sorted(set(chosen) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"no letter template for language {unknown[0]!r}; use one of {LANGUAGES}")


def _print_row(
    addressee: Addressee, info: CaseInfo, language: str, pdf: str, pages: int
) -> list[str]:
    lines = list(address_block(addressee, language, on=info.letter_date))[:_ADDRESS_LINES]
    lines += [""] * (_ADDRESS_LINES - len(lines))
    return [
        letter_reference(info, addressee),
        pdf,
        addressee.kind.value,
        language,
        str(pages),
        *lines,
        addressee.postcode,
        addressee.city,
        f"{KITS_DIR}/{file_stem(addressee.key)}.pdf",
    ]


def _write_print_shop(case_dir: Path, directory: Path, rows: list[list[str]]) -> Path:
    ordered = sorted(rows, key=lambda row: (row[-3], row[0]))
    return write_output_csv(case_dir, directory / PRINT_SHOP_FILE, PRINT_SHOP_HEADER, ordered)
