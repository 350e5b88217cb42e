"""What a letter or kit template is given about its addressee: names, address, risks, words.

Templates receive categories only as plain phrases (``plain_words``) and risks as yes/no
flags derived from the categories, so that nothing of a document's text can reach a
letter. Heirs are told that health data were exposed, not which kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.report.case_info import CaseInfo
from leakmap.report.plain_words import category_phrases, long_date, without_health_detail
from leakmap.report.recipients import Addressee, AddresseeKind
from leakmap.vocabulary import HEALTH_CATEGORIES, IDENTITY_CATEGORIES, Category

_CONTACTS = frozenset({Category.ADDRESS, Category.PHONE, Category.EMAIL})
_IDENTITY_THEFT = frozenset({Category.BIRTH_DATE, Category.NATIONAL_ID})

_CIVILITY = {"fr": {"F": "Madame", "M": "Monsieur"}, "en": {"F": "Ms", "M": "Mr"}}
_ON_BEHALF = {
    "fr": {
        AddresseeKind.PARENTS: "Aux représentants légaux de",
        AddresseeKind.HEIRS: "Aux ayants droit de",
    },
    "en": {
        AddresseeKind.PARENTS: "To the parents or guardians of",
        AddresseeKind.HEIRS: "To the heirs of the late",
    },
}
_INTERNAL = {
    "fr": "Remise en main propre par la direction des ressources humaines",
    "en": "Handed over by the human resources department",
}


@dataclass(frozen=True, slots=True)
class Risks:
    """Which likely consequences a letter warns about."""

    contact: bool
    identity: bool
    bank: bool
    sensitive: bool


def letter_reference(info: CaseInfo, addressee: Addressee) -> str:
    """The reference a person quotes: the case's, then the letter's key."""
    return f"{info.case_reference}-{addressee.key}"


def person_name(addressee: Addressee) -> str:
    """Given names then family name, as written in a sentence."""
    return " ".join(part for part in (addressee.given_names, addressee.family_name) if part)


def address_block(addressee: Addressee, language: str) -> tuple[str, ...]:
    """The envelope's lines: on whose behalf, the name, the street, postcode and city."""
    civility = _CIVILITY[language].get(addressee.sex, "")
    name = " ".join(
        p for p in (civility, addressee.given_names, addressee.family_name.upper()) if p
    )
    lines = [_ON_BEHALF[language][addressee.kind]] if addressee.kind in _ON_BEHALF[language] else []
    lines.append(name)
    if addressee.kind is AddresseeKind.STAFF:
        return (*lines, _INTERNAL[language])
    town = " ".join(p for p in (addressee.postcode, addressee.city.upper()) if p)
    return tuple(line for line in (*lines, addressee.address, town) if line)


def postal_address(addressee: Addressee) -> str:
    """Street, postcode and city on one line; empty when the registry has none."""
    town = " ".join(p for p in (addressee.postcode, addressee.city) if p)
    return ", ".join(p for p in (addressee.address, town) if p)


def salutation(addressee: Addressee, language: str) -> str:
    """ "Madame," to a patient, "Madame, Monsieur," to parents, heirs and staff."""
    if addressee.kind is AddresseeKind.PATIENT and addressee.sex in ("F", "M"):
        civility = _CIVILITY[language][addressee.sex]
        return f"{civility}," if language == "fr" else f"Dear {civility} {addressee.family_name},"
    return "Madame, Monsieur," if language == "fr" else "Dear Sir or Madam,"


def risks_of(categories: frozenset[Category]) -> Risks:
    """The consequences the exposed categories make likely."""
    return Risks(
        contact=bool(categories & _CONTACTS),
        identity=bool(categories & _IDENTITY_THEFT),
        bank=Category.BANK in categories,
        sensitive=bool(categories & HEALTH_CATEGORIES),
    )


def told_categories(addressee: Addressee) -> frozenset[Category]:
    """The categories the letter names: all of them, except health detail for heirs."""
    if addressee.kind is AddresseeKind.HEIRS:
        return without_health_detail(addressee.categories)
    return addressee.categories


def template_context(addressee: Addressee, info: CaseInfo, language: str) -> dict[str, object]:
    """Every variable the letter and kit templates may use."""
    told = told_categories(addressee)
    return {
        "kind": addressee.kind.value,
        "language": language,
        "person": person_name(addressee),
        "sex": addressee.sex,
        "birth_date": long_date(addressee.birth_date, language),
        "salutation": salutation(addressee, language),
        "address": address_block(addressee, language),
        "postal_address": postal_address(addressee),
        "identity": category_phrases(told & IDENTITY_CATEGORIES, language),
        "health": category_phrases(told & HEALTH_CATEGORIES, language),
        "risks": risks_of(told),
        "documents": addressee.documents,
        "reference": letter_reference(info, addressee),
        "info": info,
        "text": info.text(language),
        "started": long_date(info.started_on, language),
        "discovered": long_date(info.discovered_on, language),
        "published": long_date(info.published_on, language),
        "letter_date": long_date(info.letter_date, language),
    }
