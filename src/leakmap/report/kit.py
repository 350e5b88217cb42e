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
from leakmap.report.letters import KITS_DIR, file_stem, letter_frame
from leakmap.report.output_files import write_output, write_output_text
from leakmap.report.pdf_document import render_text_pdf
from leakmap.report.recipients import Addressee, route_letters
from leakmap.report.templating import template_environment
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
    """Write one kit per letter addressee into ``CASE/complaint_kits``; return how many."""
    routing = route_letters(
        exposures, patients, on=info.letter_date, deceased=deceased, staff=staff
    )
    directory = case_dir / KITS_DIR
    environment = template_environment(case_dir)
    for addressee in routing.addressees:
        chosen = (languages or {}).get(addressee.key, language)
        pdf, body = render_kit(addressee, info, chosen, environment)
        stem = directory / file_stem(addressee.key)
        write_output(case_dir, stem.with_suffix(".pdf"), pdf)
        write_output_text(case_dir, stem.with_suffix(".txt"), body)
    return len(routing.addressees)


def render_kit(
    addressee: Addressee, info: CaseInfo, language: str, environment: jinja2.Environment
) -> tuple[bytes, str]:
    """One addressee's kit: the PDF to print and the text to copy into a form.

    Also called by the e-mail drafts, which attach the kit their letter says is enclosed.
    """
    text = environment.get_template(f"complaint_kit.{language}.txt").render(
        template_context(addressee, info, language)
    )
    rendered = parse_rendered(text)
    frame = replace(letter_frame(addressee, info, language), recipient=(), date_line="")
    return render_text_pdf(frame, rendered)[0], f"{rendered.subject}\n\n{plain_text(rendered)}"
