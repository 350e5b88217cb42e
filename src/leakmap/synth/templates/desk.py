"""What every template works with, and the common frame of a clinical report.

A template writes only what is particular to its document (a biopsy's microscopy, a
delivery's Apgar scores); ``clinical_report`` adds what every clinical document has, in
varied house styles: letterhead, title, the patient label, dates that are *not* birth
dates, the signatures of staff (distractors), a confidentiality footer.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from leakmap.synth.casting import Cast
from leakmap.synth.contacts import ascii_fold, format_phone
from leakmap.synth.establishment import HOSPITAL_SHORT, Service, letterhead
from leakmap.synth.french_dates import draw_date_style, format_date, format_time
from leakmap.synth.labels import (
    Habits,
    Visit,
    civility_word,
    make_nda,
    patient_label,
    with_categories,
)
from leakmap.synth.people import LEAK_DAY
from leakmap.synth.person import Person
from leakmap.synth.plan import Block, Exposure, Report, Style, Text, exposure_of
from leakmap.synth.printed_names import draw_name_style, print_name, print_professional
from leakmap.synth.templates.narrative import Section, narrative, revealed
from leakmap.vocabulary import Category

#: The leak covers documents written from this day to a few days before ``LEAK_DAY``.
FIRST_DAY = date(2019, 1, 2)
#: Share of clinical reports that carry a clinical narrative (and so run longer).
NARRATIVE_SHARE = 0.35


@dataclass
class Desk:
    """One document's working context: randomness, the cast, and its writing habits."""

    rng: random.Random
    cast: Cast
    can_draw_barcode: bool
    habits: Habits = field(init=False)

    def __post_init__(self) -> None:
        self.habits = Habits(
            names=draw_name_style(self.rng),
            dates=draw_date_style(self.rng),
            can_draw_barcode=self.can_draw_barcode,
        )

    def day(self, *, not_after: date | None = None) -> date:
        """A working day in the leak's years (on or before ``not_after``)."""
        last = min(not_after or LEAK_DAY, LEAK_DAY - timedelta(days=5))
        first = min(FIRST_DAY, last)
        day = first + timedelta(days=self.rng.randint(0, (last - first).days))
        while day.weekday() >= 5 and day > first:
            day -= timedelta(days=1)
        return day

    def date(self, day: date) -> str:
        """A date in this document's style."""
        return format_date(day, self.habits.dates)

    def visit(self, when: date, service: Service) -> Visit:
        """A stay or exam in ``service`` on ``when``."""
        return Visit(when=when, service=service, nda=make_nda(self.rng, when))

    def pick(self, *options: str) -> str:
        """One of the wordings."""
        return self.rng.choice(options)

    def signer(self) -> Person:
        """The physician who signs (sometimes named like a registry patient)."""
        return self.cast.physician()

    def signature(self, signer: Person | None = None, *, when: date | None = None) -> Text:
        """A signature block: the physician, often an intern or a typist as well."""
        doctor = signer or self.signer()
        lines = [print_professional(self.rng, doctor)]
        if self.rng.random() < 0.4:
            lines.append(self.pick("Praticien hospitalier", "Chef de service", "Médecin senior", doctor.job))  # fmt: skip
        if self.rng.random() < 0.3:
            lines.append("Interne : " + print_professional(self.rng, self.cast.staff("interne")).removeprefix("Interne : "))  # fmt: skip
        if self.rng.random() < 0.15:
            nurse = self.cast.staff("infirmière", "sage-femme")
            lines.append(f"{'IDE' if nurse.job == 'infirmière' else 'SF'} : {nurse.first_given} {nurse.family_name.upper()}")  # fmt: skip
        if self.rng.random() < 0.25:
            typist = self.cast.staff("secrétaire médicale")
            lines.append(f"Frappe : {typist.first_given[0]}. {typist.family_name.upper()}")
        if when is not None and self.rng.random() < 0.5:
            lines.append(f"Signé électroniquement le {self.date(when)} à {format_time(self.rng)}")
        opener = self.pick("", "", "Bien confraternellement,", "Le médecin,", "Validé par")
        return Text(tuple([opener] + lines if opener else lines), Style.SIGNATURE)

    def stem(self, prefix: str, person: Person | None, when: date) -> str:
        """A file name as staff save them: with the patient's name, a date, a number."""
        roll = self.rng.random()
        if person is not None and roll < 0.35:
            family = ascii_fold(person.family_name).upper().replace(" ", "_").replace("'", "")
            return f"{prefix}_{family}_{ascii_fold(person.first_given)}_{when:%Y%m%d}"
        if roll < 0.55:
            return f"{prefix} {when:%d-%m-%y}"
        if roll < 0.7:
            return f"{prefix}_{when:%Y%m%d}_{self.rng.randint(1, 999):03d}"
        if roll < 0.85:
            return f"{prefix}{self.rng.randint(10000, 99999)}"
        return (
            self.pick("Document", "scan", "Doc", "impression", "CR")
            + f"_{self.rng.randint(1, 4000)}"
        )


def clinical_report(
    desk: Desk,
    *,
    service: Service,
    title: str,
    person: Person,
    when: date,
    sections: list[Section],
    health: tuple[Category, ...] = (),
    stem_prefix: str,
    extra_blocks: tuple[Block, ...] = (),
    extra_exposures: tuple[Exposure, ...] = (),
    with_address: bool = False,
) -> Report:
    """A clinical document about ``person``: the common frame around ``sections``."""
    rng = desk.rng
    label = patient_label(
        rng, person, desk.visit(when, service), desk.habits, with_address=with_address
    )
    head: list[Block] = [Text((title,), Style.TITLE), *label.blocks]
    if rng.random() < 0.35:
        head = [*label.blocks, Text((title,), Style.TITLE)]
    blocks = [*head, Text((_dating_line(desk, when),), Style.BODY), *extra_blocks]
    history: list[Section] = []
    if rng.random() < NARRATIVE_SHARE:
        history = narrative(rng, when, desk.date)
        sections = [*history, *sections]
    exposure = with_categories(
        label.exposure, Category.HEALTH, *service.categories, *health, *revealed(history)
    )
    for heading, lines in sections:
        if heading:
            blocks.append(Text((heading,), Style.HEADING))
        blocks.append(Text(lines, Style.BODY))
    blocks += [desk.signature(when=when), _footer(desk, when)]
    return Report(
        stem=desk.stem(stem_prefix, person, when),
        letterhead=letterhead(rng, service),
        blocks=tuple(blocks),
        exposures=(exposure, *extra_exposures),
        when=when,
        label_in_header=rng.random() < 0.2,
        running_header=_banner(label.blocks),
    )


def _banner(label: tuple[Block, ...]) -> str:
    """The label's first line, repeated on later pages (a table label gives none)."""
    first = label[0]
    return first.lines[0] if isinstance(first, Text) and first.style is Style.LABEL else ""


def _dating_line(desk: Desk, when: date) -> str:
    """A date that is not a birth date: exam, request, typing or printing date."""
    written = desk.date(when)
    later = desk.date(when + timedelta(days=desk.rng.randint(0, 9)))
    return desk.pick(
        f"Date de l'examen : {written}",
        f"Quimper, le {later}",
        f"Examen réalisé le {written} - compte rendu dicté le {later}",
        f"Date de prélèvement : {written}    Date de réception : {later}",
        f"Compte rendu du {written}",
        f"Édité le {later} à {format_time(desk.rng)}",
        f"Venue du {written}",
    )


def _footer(desk: Desk, when: date) -> Text:
    printed = when + timedelta(days=desk.rng.randint(0, 30))
    return Text(
        (
            desk.pick(
                "Document confidentiel - soumis au secret médical",
                f"{HOSPITAL_SHORT} - imprimé le {desk.date(printed)}",
                "Page 1/1",
                f"Réf. document {desk.rng.randint(100000, 999999)} - page 1",
                "Ce document ne peut être communiqué qu'au patient ou à son médecin.",
            ),
        ),
        Style.SMALL,
    )


def mention(
    desk: Desk, person: Person, *categories: Category, with_birth_date: bool = False
) -> tuple[str, Exposure]:
    """A patient named in running text (a mail, a letter's body): name, perhaps a birth date."""
    name = print_name(desk.rng, person, desk.habits.names)
    text = f"{civility_word(desk.rng, person.sex.value)} {name.text}".strip()
    shown = {Category.NAME, *categories}
    if with_birth_date:
        born = "née le" if person.sex.value == "F" else "né le"
        text += f" ({born} {desk.date(person.birth_date)})"
        shown.add(Category.BIRTH_DATE)
    exposure = exposure_of(person, shown, families=name.families, given=name.given)
    return text, exposure


def relative_line(desk: Desk, patient: Person) -> tuple[str, Exposure]:
    """``Personne à prévenir : Mme X (fille) - 06 ...``: a relative, name and phone."""
    relative, relation = desk.cast.relative_of(patient)
    family = relative.family_name.upper()
    phone = format_phone(relative.phone, desk.rng.randrange(4))
    lead = desk.pick(
        "Personne à prévenir :", "Personne de confiance :", "Contact :", "À prévenir :"
    )
    text = f"{lead} {relative.given_names} {family} ({relation}) - {phone}"
    categories = {Category.NAME, Category.PHONE}
    return text, exposure_of(
        relative, categories, families=(relative.family_name,), given=relative.given_names
    )
