"""How a person's name is printed: order, case, accents, married and birth names.

Every variant real documents show: ``DUPONT Marie``, ``Marie DUPONT``, ``Dupont Marie
Claire``, ``Marie-Claire DUPONT``, ``HELENE`` without its accent, ``LEGOFF`` for
``Le Goff``, ``DURAND née MARTIN``, ``MARTIN épouse DURAND``, only the birth name.
The result says which registry names were printed, for the ambiguity check of the truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from leakmap.synth.contacts import ascii_fold
from leakmap.synth.misspellings import maybe_misspell
from leakmap.synth.person import Person, Sex


@dataclass(frozen=True, slots=True)
class PrintedName:
    """A name as printed (whole, and its family and given parts); ``families`` are the
    registry spellings it shows (married and/or birth name); ``given`` the registry's given
    names it shows (the first, or the first few), space separated."""

    text: str
    family_text: str
    given_text: str
    families: tuple[str, ...]
    given: str


@dataclass(frozen=True, slots=True)
class NameStyle:
    """One document's habits, kept for every name it prints."""

    family_upper: bool
    given_upper: bool
    fold_accents: bool
    family_first: bool
    all_given: bool


def draw_name_style(rng: random.Random) -> NameStyle:
    """A document's way of writing names."""
    return NameStyle(
        family_upper=rng.random() < 0.78,
        given_upper=rng.random() < 0.1,
        fold_accents=rng.random() < 0.15,
        family_first=rng.random() < 0.7,
        all_given=rng.random() < 0.2,
    )


def civility(person: Person, rng: random.Random) -> str:
    """``Mme``, ``Madame``, ``M.``, ``Monsieur`` (or nothing)."""
    if person.sex is Sex.F:
        return rng.choice(("Mme", "Mme", "Madame", "MME", ""))
    return rng.choice(("M.", "M.", "Monsieur", "MR", ""))


def spell_family(rng: random.Random, name: str, style: NameStyle) -> str:
    """A family name with the document's case and accents, sometimes glued or unhyphenated."""
    text = ascii_fold(name) if style.fold_accents else name
    roll = rng.random()
    if roll < 0.04 and " " in text:
        text = text.replace(" ", "")
    elif roll < 0.08 and "-" in text:
        text = text.replace("-", " ")
    text = maybe_misspell(rng, text)
    return text.upper() if style.family_upper else text


def spell_given(rng: random.Random, person: Person, style: NameStyle) -> tuple[str, str]:
    """The first given name, or all of them (sometimes joined by a hyphen); and the
    registry's given names that text shows, for the truth."""
    names = person.given_names.split(" ")
    shown = names if style.all_given else names[:1]
    if len(names) > 1 and rng.random() < 0.05:
        shown = names[:2]
        text = "-".join(shown)
    else:
        text = " ".join(shown)
    text = ascii_fold(text) if style.fold_accents else text
    return (text.upper() if style.given_upper else text), " ".join(shown)


def print_name(rng: random.Random, person: Person, style: NameStyle) -> PrintedName:
    """The person's name as this document prints it (see the module doc for variants)."""
    given, shown_given = spell_given(rng, person, style)
    family, families = _family_part(rng, person, style)
    text = f"{family} {given}" if style.family_first else f"{given} {family}"
    if style.family_first and " née " in family and rng.random() < 0.5:
        used, birth = family.split(" née ", 1)
        text = f"{used} {given} née {birth}"
    return PrintedName(text, family, given, families, shown_given)


def _family_part(
    rng: random.Random, person: Person, style: NameStyle
) -> tuple[str, tuple[str, ...]]:
    """The family-name part: used name, birth name, or both in one of the usual phrasings."""
    used = spell_family(rng, person.family_name, style)
    if not person.birth_name:
        return used, (person.family_name,)
    birth = spell_family(rng, person.birth_name, style)
    both = (person.family_name, person.birth_name)
    roll = rng.random()
    if roll < 0.4:
        return used, (person.family_name,)
    if roll < 0.6:
        return f"{used} née {birth}", both
    if roll < 0.75:
        return f"{birth} épouse {used}", both
    if roll < 0.85:
        return f"{used} (née {birth})", both
    if roll < 0.9:
        return f"{used}-{birth}", both
    return birth, (person.birth_name,)


def print_professional(rng: random.Random, person: Person) -> str:
    """A staff member or GP as signatures write them: ``Dr Anne LEROY``, ``Pr J. Martin``."""
    given = person.first_given
    family = person.family_name.upper() if rng.random() < 0.7 else person.family_name
    if rng.random() < 0.2:
        given = "-".join(part[0] + "." for part in given.split("-"))
    title = person.title
    if title == "Dr" and rng.random() < 0.2:
        title = "Docteur"
    if not title and person.job == "interne":
        title = "Interne :"
    name = f"{given} {family}" if rng.random() < 0.75 else f"{family} {given}"
    return f"{title} {name}".strip()
