"""The generator's patient labels as labelled text, to measure detection against them.

Each snippet is one patient label block (stacked, fields, sentence, sticker, INS block or
table) drawn by ``labels.py`` exactly as the fictitious hospital prints it, under a heading
line dated by the visit, with every printed identity value marked the eds-pseudo way:
``[DUPONT](NOM) [Marie](PRENOM)\\nNée le [12/03/1965](DATE_NAISSANCE)``. The marks come from
what the generator chose to print, never from a detector (synth imports no detection code).
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import timedelta

from leakmap.synth.establishment import ADMISSION_SERVICES
from leakmap.synth.french_dates import draw_date_style, format_date
from leakmap.synth.labels import _LAYOUTS, Habits, Visit, _choose_parts, make_nda
from leakmap.synth.people import LEAK_DAY, draw_patient
from leakmap.synth.plan import Grid, Text
from leakmap.synth.printed_names import draw_name_style

_HEADINGS = (
    "Consultation du",
    "Compte rendu d'hospitalisation du",
    "Examen réalisé le",
    "Admission le",
    "Courrier signé le",
    "Prélèvement du",
)
#: What separates the used and the birth name in a printed family part.
_FAMILY_JOINS = re.compile(r"\s*(?:\(?\bn[ée]e\s+|\b[ée]pouse\s+|\)|\n(?i:Nom utilis[ée])\s*:\s*)")
_MAX_STAY_DAYS = 900


def labelled_labels(seed: int, count: int) -> list[str]:
    """``count`` labelled snippets, the same for the same ``seed``."""
    rng = random.Random(seed)
    return [_snippet(rng, number) for number in range(count)]


def _snippet(rng: random.Random, number: int) -> str:
    person = draw_patient(rng, number)
    person = replace(person, patient_id=f"{rng.randint(1, 9)}{rng.randint(0, 9_999_999):07d}")
    when = LEAK_DAY - timedelta(days=rng.randint(1, _MAX_STAY_DAYS))
    visit = Visit(when, rng.choice(ADMISSION_SERVICES), make_nda(rng, when))
    habits = Habits(draw_name_style(rng), draw_date_style(rng), can_draw_barcode=False)
    parts = _choose_parts(rng, person, visit, habits, with_address=rng.random() < 0.3)
    block = rng.choice(_LAYOUTS)(rng, parts)
    lines = block.lines if isinstance(block, Text) else _grid_lines(block)
    heading = f"{rng.choice(_HEADINGS)} {format_date(visit.when, habits.dates)}"
    values = [(format_date(visit.when, habits.dates), "DATE")]
    values += [(family, "NOM") for family in _families(parts.name.family_text)]
    values.append((parts.name.given_text, "PRENOM"))
    if parts.birth_date:
        values.append((parts.birth_date, "DATE_NAISSANCE"))
    values += [(parts.patient_id, "IPP"), (parts.stay, "NDA"), (parts.nir, "SECU")]
    values.append((parts.phone, "TEL"))
    if parts.address:
        street, town = parts.address
        postcode, _, city = town.partition(" ")
        values += [(street, "ADRESSE"), (postcode, "ZIP"), (city, "VILLE")]
    text = "\n".join((heading, *lines))
    return _mark(text, [(v, label) for v, label in values if v])


def _families(family_text: str) -> list[str]:
    return [part.strip() for part in _FAMILY_JOINS.split(family_text) if part.strip()]


def _grid_lines(grid: Grid) -> tuple[str, ...]:
    """A label table as its text export reads: one ``label : value`` row per line."""
    return tuple(f"{row[0]} : {row[1]}" for row in grid.rows)


def _mark(text: str, values: list[tuple[str, str]]) -> str:
    """``text`` with each value's first free occurrence (any case) marked ``[value](LABEL)``."""
    taken: list[tuple[int, int, str]] = []
    folded = text.casefold()
    for value, label in values:
        position = folded.find(value.casefold())
        while position >= 0 and any(
            lo < position + len(value) and position < hi for lo, hi, _ in taken
        ):
            position = folded.find(value.casefold(), position + 1)
        if position >= 0:
            taken.append((position, position + len(value), label))
    out, cursor = [], 0
    for start, end, label in sorted(taken):
        out.append(f"{text[cursor:start]}[{text[start:end]}]({label})")
        cursor = end
    return "".join(out) + text[cursor:]
