"""Export families: files written the way other vendors' systems write them.

The dump's templates agree with leakmap's readers because they were written beside them;
these families were written from public specifications (HL7 v2.5 and IHE PAM France,
PMSI and lab-system flat files, mainframe report writers, FR Core FHIR) and vendors'
habits, so that the test bed also holds files nobody tuned the readers for. Each family
is one module with one ``make`` function ``(cast, rng) -> LeakedItem``; the list below
is the registry (explicit, no import side effects), and ``draw_family_item`` is what the
dump planner calls.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from leakmap.synth.casting import Cast
from leakmap.synth.families import (
    callback_html,
    cda_r2_dmp,
    consult_xlsx_days,
    fhir_fr_core,
    fiche_patient_txt,
    fixed_width,
    headerless_csv,
    hl7_pam_fr,
    hprim_sante,
    lab_batch_pdf,
    label_sheet_pdf,
    mail_pasted_list,
    ods_two_row_header,
    or_planning_docx,
    planning_pdf,
    pmsi_lab_undelimited,
    rpu_urgences,
    spreadsheet_vendor,
    xml_vendor_export,
)
from leakmap.synth.leaked import LeakedItem


@dataclass(frozen=True, slots=True)
class Family:
    """A named way of exporting patients, and the function that writes one file of it."""

    name: str
    make: Callable[[Cast, random.Random], LeakedItem]


FAMILIES: tuple[Family, ...] = (
    Family("hl7_pam_fr", hl7_pam_fr.make),
    Family("pmsi_lab_undelimited", pmsi_lab_undelimited.make),
    Family("fixed_width", fixed_width.make),
    Family("headerless_csv", headerless_csv.make),
    Family("planning_pdf", planning_pdf.make),
    Family("spreadsheet_vendor", spreadsheet_vendor.make),
    Family("fhir_fr_core", fhir_fr_core.make),
    Family("hprim_sante", hprim_sante.make),
    Family("cda_r2_dmp", cda_r2_dmp.make),
    Family("rpu_urgences", rpu_urgences.make),
    Family("or_planning_docx", or_planning_docx.make),
    Family("callback_html", callback_html.make),
    Family("consult_xlsx_days", consult_xlsx_days.make),
    Family("lab_batch_pdf", lab_batch_pdf.make),
    Family("mail_pasted_list", mail_pasted_list.make),
    Family("ods_two_row_header", ods_two_row_header.make),
    Family("xml_vendor_export", xml_vendor_export.make),
    Family("label_sheet_pdf", label_sheet_pdf.make),
    Family("fiche_patient_txt", fiche_patient_txt.make),
)
FAMILY_NAMES: tuple[str, ...] = tuple(f.name for f in FAMILIES)
_BY_NAME = {f.name: f for f in FAMILIES}


def parse_family_names(text: str) -> tuple[str, ...]:
    """``"all"`` or a comma list of family names, checked; raises ``ValueError`` naming
    the unknown ones and the known ones."""
    words = tuple(dict.fromkeys(w.strip() for w in text.split(",") if w.strip()))
    if words == ("all",):
        return FAMILY_NAMES
    unknown = [w for w in words if w not in _BY_NAME]
    if unknown or not words:
        raise ValueError(f"unknown export families {unknown or [text]}; choose 'all' or among {', '.join(FAMILY_NAMES)}")  # fmt: skip
    return words


def draw_family_item(name: str, cast: Cast, rng: random.Random) -> LeakedItem:
    """One file of the family ``name`` (a name of ``FAMILY_NAMES``)."""
    return _BY_NAME[name].make(cast, rng)
