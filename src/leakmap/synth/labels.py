"""The patient label block at the top of a clinical document, in varied layouts.

Hospitals print the same facts in many shapes: a stacked sticker, ``Nom : / Prénom :``
fields, a sentence (``Patiente : Mme DURAND (née MARTIN) Jeanne, 74 ans``), the INS block
(birth name, used name, all given names), a small table. What to show is drawn first
(birth date or only an age, IPP, stay number, NIR, address, phone), then a layout prints
*all* of it, so the exposure's categories are exactly what the block shows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date

from leakmap.synth.contacts import format_phone
from leakmap.synth.establishment import Service
from leakmap.synth.french_dates import format_date
from leakmap.synth.nir import format_nir
from leakmap.synth.person import Person, Sex
from leakmap.synth.plan import Barcode, Block, Exposure, Grid, Style, Text, exposure_of
from leakmap.synth.printed_names import NameStyle, PrintedName, print_name
from leakmap.vocabulary import Category


@dataclass(frozen=True, slots=True)
class Visit:
    """The stay or exam a document belongs to: its date, service and stay number (NDA)."""

    when: date
    service: Service
    nda: str


@dataclass(frozen=True, slots=True)
class Habits:
    """A document's writing habits: name and date styles, and whether it can draw barcodes."""

    names: NameStyle
    dates: str
    can_draw_barcode: bool


@dataclass(frozen=True, slots=True)
class Label:
    """The label's blocks and the identity part of the person's exposure."""

    blocks: tuple[Block, ...]
    exposure: Exposure


@dataclass(frozen=True, slots=True)
class _Parts:
    """What the label will print, already written; ``None`` means not shown."""

    name: PrintedName
    born: str
    birth_date: str | None
    age: str | None
    patient_id: str | None
    stay: str | None
    nir: str | None
    address: tuple[str, ...] | None
    phone: str | None
    sex: str
    service: Service
    age_on: date | None = None


def make_nda(rng: random.Random, when: date) -> str:
    """A stay number: the year's two digits then seven digits."""
    return f"{when.year % 100:02d}{rng.randint(0, 9_999_999):07d}"


def patient_label(
    rng: random.Random,
    person: Person,
    visit: Visit,
    habits: Habits,
    *,
    with_address: bool = False,
) -> Label:
    """A label block for ``person``; its exposure holds identity categories only."""
    parts = _choose_parts(rng, person, visit, habits, with_address=with_address)
    layout = rng.choice(_LAYOUTS)
    if layout is _ins_block and person.birth_name:
        parts = replace(parts, name=_ins_name(person, habits))
    blocks: list[Block] = [layout(rng, parts)]
    barcode_only = (
        habits.can_draw_barcode
        and bool(person.patient_id)
        and parts.patient_id is None
        and rng.random() < 0.25
    )
    barcoded = habits.can_draw_barcode and parts.patient_id is not None and rng.random() < 0.7
    if barcoded or barcode_only:
        blocks.append(Barcode(person.patient_id))
    return Label(tuple(blocks), _exposure(person, parts, barcode_only=barcode_only))


def _choose_parts(
    rng: random.Random, person: Person, visit: Visit, habits: Habits, *, with_address: bool
) -> _Parts:
    shows_birth = rng.random() < 0.85
    address = person.address if (with_address or rng.random() < 0.08) else None
    name = print_name(rng, person, habits.names)
    born = _born_word(rng, person.sex)
    age = f"{person.age_on(visit.when)} ans" if not shows_birth and rng.random() < 0.6 else None
    return _Parts(
        name=name,
        born=born,
        birth_date=format_date(person.birth_date, habits.dates) if shows_birth else None,
        age=age,
        patient_id=(
            _ipp_text(rng, person.patient_id) if person.patient_id and rng.random() < 0.6 else None
        ),
        stay=visit.nda if rng.random() < 0.35 else None,
        nir=format_nir(person.nir, rng.randrange(3))
        if person.nir and rng.random() < 0.08
        else None,
        address=(address.one_line, f"{address.postcode} {address.city}") if address else None,
        phone=format_phone(person.phone, rng.randrange(4))
        if person.phone and rng.random() < 0.07
        else None,
        sex=person.sex.value,
        service=visit.service,
        age_on=visit.when if age else None,
    )


def _ipp_text(rng: random.Random, patient_id: str) -> str:
    """The IPP as printed: usually as stored, sometimes grouped by four."""
    return f"{patient_id[:4]} {patient_id[4:]}" if rng.random() < 0.08 else patient_id


def _born_word(rng: random.Random, sex: Sex) -> str:
    """``Née le``, ``DDN :``... or nothing: a bare date under the name (context decides)."""
    roll = rng.random()
    if roll < 0.1:
        return ""
    if roll < 0.35:
        return rng.choice(("Né(e) le", "DDN :", "Date de naissance :", "Né(e) le :"))
    return "Née le" if sex is Sex.F else "Né le"


def _ins_name(person: Person, habits: Habits) -> PrintedName:
    """The INS layout prints birth name and used name on their own lines."""
    used = person.family_name.upper() if habits.names.family_upper else person.family_name
    birth = person.birth_name.upper() if habits.names.family_upper else person.birth_name
    return PrintedName(
        text=f"{birth} / {used} {person.given_names}",
        family_text=f"{birth}\nNom utilisé : {used}",
        given_text=person.given_names,
        families=(person.family_name, person.birth_name),
        given=person.given_names,
    )


def _exposure(person: Person, parts: _Parts, *, barcode_only: bool) -> Exposure:
    categories = {Category.NAME}
    shown = (
        (parts.birth_date, Category.BIRTH_DATE),
        (parts.patient_id or parts.stay or ("x" if barcode_only else None), Category.HOSPITAL_ID),
        (parts.nir, Category.NATIONAL_ID),
        (parts.address, Category.ADDRESS),
        (parts.phone, Category.PHONE),
    )
    categories.update(category for value, category in shown if value)
    return exposure_of(
        person,
        categories,
        families=parts.name.families,
        given=parts.name.given,
        shows_patient_id=parts.patient_id is not None or barcode_only,
        age_on=parts.age_on,
    )


def _ids_line(rng: random.Random, parts: _Parts) -> list[str]:
    """IPP, stay number and NIR on one or two lines, each in one of its usual wordings."""
    ids = []
    if parts.patient_id:
        ids.append(rng.choice(("IPP : ", "IPP: ", "N° IPP ", "N° patient : ", "NIP : ", "Id. patient ")) + parts.patient_id)  # fmt: skip
    if parts.stay:
        ids.append(rng.choice(("NDA : ", "N° séjour : ", "Venue ", "N° dossier : ", "NDA ")) + parts.stay)  # fmt: skip
    lines = ["   ".join(ids)] if ids else []
    if parts.nir:
        lines.append(rng.choice(("N° SS : ", "NIR : ", "INS : ", "N° sécurité sociale : ")) + parts.nir)  # fmt: skip
    return lines


def _extras(rng: random.Random, parts: _Parts) -> list[str]:
    lines = list(parts.address or ())
    if parts.phone:
        lines.append(rng.choice(("Tél : ", "Tel. ", "Téléphone : ", "Port. ")) + parts.phone)
    return lines


def _birth_or_age(parts: _Parts) -> str | None:
    if parts.birth_date:
        return f"{parts.born} {parts.birth_date}".strip()
    return parts.age


def _stacked(rng: random.Random, parts: _Parts) -> Text:
    """``DUPONT Marie`` / ``Née le 12/03/1965`` / ``IPP : 12345678   NDA : 220012345``."""
    lines = [parts.name.text]
    birth = _birth_or_age(parts)
    if birth:
        lines.append(birth)
    return Text(tuple(lines + _ids_line(rng, parts) + _extras(rng, parts)), Style.LABEL)


def _fields(rng: random.Random, parts: _Parts) -> Text:
    """``Nom : MARTIN épouse DURAND   Prénom : Jeanne   DDN : 05.11.1948``."""
    first = f"Nom : {parts.name.family_text}   Prénom : {parts.name.given_text}"
    if parts.birth_date:
        first += f"   {rng.choice(('DDN', 'Date de naissance', 'Né(e) le'))} : {parts.birth_date}"
    elif parts.age:
        first += f"   Âge : {parts.age}"
    lines = [first, *_ids_line(rng, parts), *_extras(rng, parts)]
    return Text(tuple(lines), Style.LABEL)


def _sentence(rng: random.Random, parts: _Parts) -> Text:
    """``Patiente : Mme DURAND (née MARTIN) Jeanne, 74 ans`` or ``... - né le 3 mars 1971``."""
    lead = rng.choice(("Patiente :", "Patient :", "Patient(e) :", "Concerne :", "Identité :"))
    if parts.sex == "M" and lead == "Patiente :":
        lead = "Patient :"
    text = f"{lead} {civility_word(rng, parts.sex)} {parts.name.text}".replace("  ", " ")
    if parts.birth_date:
        text += (
            rng.choice((", ", " - ", " "))
            + f"{parts.born.lower() or 'né(e) le'} {parts.birth_date}"
        )
    elif parts.age:
        text += f", {parts.age}"
    if parts.address:
        text += ", domicilié(e) " + " ".join(parts.address)
    lines = [text, *_ids_line(rng, parts)]
    if parts.phone:
        lines.append(f"Tél : {parts.phone}")
    return Text(tuple(lines), Style.LABEL)


def civility_word(rng: random.Random, sex: str) -> str:
    """The courtesy title before a name (possibly none)."""
    return rng.choice(("Mme", "Madame", "")) if sex == "F" else rng.choice(("M.", "Monsieur", ""))


def _sticker(rng: random.Random, parts: _Parts) -> Text:
    """An admission sticker: all capitals, sex and unit code on the lines."""
    lines = [parts.name.text.upper()]
    if parts.birth_date:
        lines.append(f"NE(E) LE {parts.birth_date.upper()}  {parts.sex}")
    elif parts.age:
        lines.append(f"{parts.age.upper()}  {parts.sex}")
    lines += [line.upper() for line in _ids_line(rng, parts)]
    lines.append(f"UF {parts.service.uf} {parts.service.short}")
    return Text(tuple(lines + [x.upper() for x in _extras(rng, parts)]), Style.LABEL)


def _ins_block(rng: random.Random, parts: _Parts) -> Text:
    """The identity-vigilance block: birth name, used name, given names, sex, INS."""
    lines = [f"Nom de naissance : {parts.name.family_text}", f"Prénom(s) : {parts.name.given_text}"]
    if parts.birth_date:
        lines.append(f"Date de naissance : {parts.birth_date}")
    elif parts.age:
        lines.append(f"Âge : {parts.age}")
    lines.append(f"Sexe : {parts.sex}")
    lines += _ids_line(rng, parts) + _extras(rng, parts)
    return Text(tuple(part for line in lines for part in line.split("\n")), Style.LABEL)


def _grid(rng: random.Random, parts: _Parts) -> Grid:
    """The label as a two-column table."""
    rows = [("Nom", parts.name.family_text.replace("\n", " ")), ("Prénom", parts.name.given_text)]
    if parts.birth_date:
        rows.append(("Date de naissance", parts.birth_date))
    elif parts.age:
        rows.append(("Âge", parts.age))
    for label, value in (("IPP", parts.patient_id), ("N° séjour", parts.stay), ("NIR", parts.nir)):
        if value:
            rows.append((label, value))
    if parts.address:
        rows.append(("Adresse", " ".join(parts.address)))
    if parts.phone:
        rows.append(("Téléphone", parts.phone))
    return Grid(("Identité", ""), tuple(rows))


_LAYOUTS = (_stacked, _stacked, _fields, _sentence, _sticker, _ins_block, _grid)


def with_categories(exposure: Exposure, *categories: Category) -> Exposure:
    """The exposure with health (or other) categories added."""
    return replace(exposure, categories=exposure.categories | frozenset(categories))
