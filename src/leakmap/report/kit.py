"""Complaint kits: per person, the facts a criminal complaint needs, in the form's order.

A kit goes with each letter (same addressees, same routing: parents for minors, heirs
for the deceased, staff for staff; held people get none). It states the case reference,
the dates, what kinds of data were published and where, and leaves blank what only the
person knows (their harm, their contact). It is written into ``CASE/complaint_kits/`` as
``<key>.pdf`` to print and ``<key>.txt`` to copy into a form. Like letters, kits name
kinds of data, never a document's content.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import jinja2

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.link.registry import Patient
from leakmap.report.case_info import CaseInfo
from leakmap.report.letter_context import template_context
from leakmap.report.letter_pdf import render_letter_pdf
from leakmap.report.letter_press import LetterPress, addressee_characters, file_stem, letter_frame
from leakmap.report.output_files import KITS_DIR, write_output, write_output_text
from leakmap.report.recipients import Addressee, route_letters
from leakmap.report.text_blocks import parse_rendered, plain_text


def write_complaint_kits(
    case_dir: Path,
    exposures: Sequence[Exposure],
    patients: Mapping[str, Patient],
    info: CaseInfo,
    *,
    language: str = "fr",
    languages: Mapping[str, str] | None = None,
    deceased: frozenset[str] = frozenset(),
    staff: Sequence[UnregisteredPerson] = (),
) -> int:
    """Write one kit per letter addressee into ``CASE/complaint_kits``; return how many.

    ``notify`` writes the kits with the letters instead (``letters.write_letters_and_kits``).
    """
    routing = route_letters(
        exposures, patients, on=info.letter_date, deceased=deceased, staff=staff
    )
    directory = case_dir / KITS_DIR
    press = LetterPress(case_dir, info, characters=addressee_characters(routing.addressees))
    for addressee in routing.addressees:
        chosen = (languages or {}).get(addressee.key, language)
        pdf, body = press.kit(addressee, chosen)
        stem = directory / file_stem(addressee.key)
        write_output(case_dir, stem.with_suffix(".pdf"), pdf)
        write_output_text(case_dir, stem.with_suffix(".txt"), body)
    return len(routing.addressees)


def render_kit(
    addressee: Addressee, info: CaseInfo, language: str, environment: jinja2.Environment
) -> tuple[bytes, str]:
    """One addressee's kit: the PDF to print and the text to copy into a form.

    For a single kit; a run of many uses ``LetterPress.kit`` (templates and fonts once).
    """
    text = environment.get_template(f"complaint_kit.{language}.txt").render(
        template_context(addressee, info, language)
    )
    rendered = parse_rendered(text)
    frame = replace(letter_frame(addressee, info, language), recipient=(), date_line="")
    pdf, _ = render_letter_pdf(frame, rendered)
    return pdf, f"{rendered.subject}\n\n{plain_text(rendered)}"
