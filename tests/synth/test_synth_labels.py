"""Patient labels and printed names: the exposure says exactly what the label prints."""

from __future__ import annotations

import random
from datetime import date

import pytest

from leakmap.synth.contacts import format_phone
from leakmap.synth.establishment import IMAGING
from leakmap.synth.french_dates import _STYLES, format_date
from leakmap.synth.labels import Habits, Visit, patient_label
from leakmap.synth.misspellings import misspell
from leakmap.synth.nir import format_nir
from leakmap.synth.people import KeyCounter, Population, build_population
from leakmap.synth.person import Person
from leakmap.synth.plan import Barcode, Grid, Text
from leakmap.synth.printed_names import draw_name_style, print_name
from leakmap.vocabulary import Category

VISIT = Visit(when=date(2023, 3, 14), service=IMAGING, nda="231234567")


@pytest.fixture(scope="module")
def population() -> Population:
    return build_population(random.Random(21), patients=300, keys=KeyCounter())


def label_text(blocks: tuple) -> tuple[str, list[str]]:
    lines, barcodes = [], []
    for block in blocks:
        if isinstance(block, Text):
            lines += block.lines
        elif isinstance(block, Grid):
            lines += [cell for row in block.rows for cell in row]
        elif isinstance(block, Barcode):
            barcodes.append(block.value)
    return "\n".join(lines), barcodes


def shown(person: Person, text: str, barcodes: list[str]) -> dict[Category, bool]:
    """What a reader can find in the label, whatever the format or case it was written in."""
    text = text.upper()
    packed = text.replace(" ", "")
    birth = any(format_date(person.birth_date, style).upper() in text for style, _ in _STYLES)
    phone = bool(person.phone) and any(format_phone(person.phone, s) in text for s in range(4))
    nir = bool(person.nir) and any(format_nir(person.nir, s) in text for s in range(3))
    street = person.address is not None and person.address.street.upper() in text
    ipp = person.patient_id in packed or person.patient_id in barcodes
    return {
        Category.BIRTH_DATE: birth,
        Category.PHONE: phone,
        Category.NATIONAL_ID: nir,
        Category.ADDRESS: street,
        Category.HOSPITAL_ID: ipp or VISIT.nda in packed,
    }


def test_synth_label_categories_are_what_it_prints(population: Population) -> None:
    rng = random.Random(4)
    for person in population.patients:
        habits = Habits(
            draw_name_style(rng), rng.choice([s for s, _ in _STYLES]), rng.random() < 0.5
        )
        label = patient_label(rng, person, VISIT, habits, with_address=rng.random() < 0.2)
        text, barcodes = label_text(label.blocks)
        for category, printed in shown(person, text, barcodes).items():
            assert (category in label.exposure.categories) == printed, (category, text)
        assert label.exposure.shows_patient_id == (person.patient_id in text.replace(" ", "") or person.patient_id in barcodes)  # fmt: skip


def test_synth_married_names_come_in_every_usual_form(population: Population) -> None:
    rng = random.Random(8)
    married = [p for p in population.patients if p.birth_name][:40]
    forms = set()
    for person in married * 5:
        style = draw_name_style(rng)
        name = print_name(rng, person, style)
        upper = name.text.upper()
        forms.add("née" if " NÉE " in upper else "épouse" if " ÉPOUSE " in upper else "both" if len(name.families) == 2 else name.families[0] == person.birth_name)  # fmt: skip
    assert {"née", "épouse", True, False} <= forms  # birth name alone, used name alone


@pytest.mark.parametrize("name", ["Dupont", "LEFEBVRE", "Moreau", "Le Goff", "Nguyen", "Roux"])
def test_synth_misspelling_changes_one_thing(name: str) -> None:
    rng = random.Random(name)
    for _ in range(20):
        wrong = misspell(rng, name)
        assert wrong != name or " " in name
        assert wrong[0] == name[0] and abs(len(wrong) - len(name)) <= 2
