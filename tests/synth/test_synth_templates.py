"""Every document template, planned many times: what it says it exposes is printed in it,
its words fit the encodings its files use, and every format it is written in renders."""

from __future__ import annotations

import random
from datetime import date

import pytest
from synth_text import is_printed

from leakmap.synth.casting import Cast
from leakmap.synth.people import KeyCounter, Population, build_population
from leakmap.synth.person import Role
from leakmap.synth.plan import Barcode, Grid, Plan, Report, Text
from leakmap.synth.render import render_plan
from leakmap.synth.templates import CATALOGUE, DocumentKind
from leakmap.synth.templates.desk import Desk
from leakmap.vocabulary import Category

PLANS_PER_KIND = 12


@pytest.fixture(scope="module")
def world() -> tuple[random.Random, Population, KeyCounter]:
    rng, keys = random.Random(5), KeyCounter()
    return rng, build_population(rng, patients=400, keys=keys), keys


def plan_text(plan: Plan) -> str:
    """Every word a plan prints (barcodes count as printed: a reader can decode them)."""
    if isinstance(plan, Report):
        parts = list(plan.letterhead)
        for block in plan.blocks:
            if isinstance(block, Text):
                parts += block.lines
            elif isinstance(block, Grid):
                parts += [*block.header, *(cell for row in block.rows for cell in row)]
            elif isinstance(block, Barcode):
                parts.append(block.value)
        return "\n".join(parts)
    cells = [str(cell) for row in plan.rows for cell in row if not isinstance(cell, date)]
    return "\n".join([*plan.title_lines, *plan.header, *cells])


@pytest.mark.parametrize("kind", CATALOGUE, ids=lambda kind: kind.name)
def test_synth_template_prints_whom_it_exposes(kind: DocumentKind, world) -> None:
    rng, population, keys = world
    cast = Cast(rng, population, keys)
    for _ in range(PLANS_PER_KIND):
        plan = kind.make(Desk(rng, cast, can_draw_barcode=rng.random() < 0.5))
        text = plan_text(plan)
        text.encode("cp1252")  # CSV and TXT exports may be cp1252; PDF fonts are WinAnsi
        for exposure in plan.exposures:
            person = exposure.person
            if Category.NAME in exposure.categories:
                assert any(is_printed(name, text) for name in exposure.families), (kind.name, person.family_name)  # fmt: skip
            else:  # known by the IPP alone (an export keyed by patient number)
                assert not exposure.families and exposure.shows_patient_id
            if person.role in (Role.PATIENT, Role.OTHER_SITE, Role.NEWBORN):
                assert Category.HEALTH in exposure.categories
            if exposure.shows_patient_id:
                assert person.patient_id.lstrip("0") in text.replace(" ", "")


@pytest.mark.parametrize("kind", CATALOGUE, ids=lambda kind: kind.name)
def test_synth_template_renders_in_each_of_its_formats(kind: DocumentKind, world) -> None:
    rng, population, keys = world
    cast = Cast(rng, population, keys)
    for file_format, _ in kind.formats:
        plan = kind.make(Desk(rng, cast, can_draw_barcode=file_format == "pdf"))
        data = render_plan(plan, file_format, rng)
        assert data
