"""What a letter or kit template is given about its addressee: names, address, risks, words.

Templates receive categories only as plain phrases (``plain_words``) and risks as yes/no
flags derived from the categories, so that nothing of a document's text can reach a
letter. Heirs are told that health data were exposed, not which kind.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date

from leakmap.report.case_info import CaseInfo
from leakmap.report.plain_words import (
    category_phrases,
    long_date,
    moment_words,
    without_health_detail,
)
from leakmap.report.postal_lines import fit_line, fit_name, window_lines
from leakmap.report.recipients import MINOR_AGE, Addressee, AddresseeKind, age_on
from leakmap.vocabulary import HEALTH_CATEGORIES, IDENTITY_CATEGORIES, Category

_CONTACTS = frozenset({Category.ADDRESS, Category.PHONE, Category.EMAIL})
_IDENTITY_THEFT = frozenset({Category.BIRTH_DATE, Category.NATIONAL_ID})

_CIVILITY = {"fr": {"F": "Madame", "M": "Monsieur"}, "en": {"F": "Ms", "M": "Mr"}}
_ON_BEHALF = {
    "fr": {
        AddresseeKind.PARENTS: "Aux représentants légaux de l'enfant",
        AddresseeKind.HEIRS: "Aux ayants droit de",
    },
    "en": {
        AddresseeKind.PARENTS: "To the parents or guardians of",
        AddresseeKind.HEIRS: "To the heirs of the late",
    },
}
_INTERNAL = {"fr": "Remise en main propre (service RH)", "en": "Handed over by human resources"}
#: The DPO's title, which a letter does not repeat when case.toml gives it as the name.
_DPO_TITLES = frozenset({"délégué à la protection des données", "data protection officer", "dpo"})


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


def civility(addressee: Addressee, language: str, *, on: date) -> str:
    """``Madame`` or ``Monsieur`` for an adult of known sex; none for a child or unknown sex."""
    if is_child(addressee, on=on):
        return ""
    return _CIVILITY[language].get(addressee.sex, "")


def is_child(addressee: Addressee, *, on: date) -> bool:
    """Under 18 on the letter's date (a child is named, never given a civil title)."""
    born = addressee.birth_date
    return born is not None and age_on(born, on) < MINOR_AGE


def address_block(addressee: Addressee, language: str, *, on: date) -> tuple[str, ...]:
    """The window block (NF Z 10-011): on whose behalf, the name, the address, ``CP VILLE``.

    At most six lines of at most 38 characters (``postal_lines``); a child's name carries
    no civil title, and parents are written to as "Aux représentants légaux de l'enfant".
    """
    name = fit_name(
        civility(addressee, language, on=on),
        addressee.given_names,
        addressee.family_name.upper(),
    )
    on_behalf = _ON_BEHALF[language].get(addressee.kind)
    recipient = [fit_line(on_behalf), name] if on_behalf else [name]
    if addressee.kind is AddresseeKind.STAFF:
        return (*recipient, _INTERNAL[language])
    return window_lines(
        recipient, address=addressee.address, postcode=addressee.postcode, city=addressee.city
    )


def dpo_contact(info: CaseInfo) -> str:
    """The DPO's name (unless it is only the title), e-mail, phone and address, comma-joined."""
    name = "" if info.dpo_name.strip().lower() in _DPO_TITLES else info.dpo_name
    parts = (name, info.dpo_email, info.dpo_phone, ", ".join(info.dpo_address))
    return ", ".join(part for part in parts if part)


def postal_address(addressee: Addressee) -> str:
    """Street, postcode and city on one line; empty when the registry has none."""
    town = " ".join(p for p in (addressee.postcode, addressee.city) if p)
    return ", ".join(p for p in (addressee.address, town) if p)


def salutation(addressee: Addressee, language: str, *, on: date) -> str:
    """ "Madame," to an adult patient of known sex; "Madame, Monsieur," to anyone else."""
    title = civility(addressee, language, on=on)
    if addressee.kind is AddresseeKind.PATIENT and title:
        return f"{title}," if language == "fr" else f"Dear {title} {addressee.family_name},"
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


def news_for(addressee: Addressee, info: CaseInfo) -> frozenset[Category]:
    """What a complementary letter tells as new: the categories a later wave newly exposes
    of someone written to before, as this addressee is told them (heirs: no health detail)."""
    news = info.news_by_person
    at = bisect_left(news, addressee.key, key=lambda item: item[0])
    if at == len(news) or news[at][0] != addressee.key:
        return frozenset()
    before = replace(addressee, categories=addressee.categories - news[at][1])
    return told_categories(addressee) - told_categories(before)


def template_context(addressee: Addressee, info: CaseInfo, language: str) -> dict[str, object]:
    """Every variable the letter and kit templates may use."""
    told = told_categories(addressee)
    new = news_for(addressee, info)
    return {
        "kind": addressee.kind.value,
        "language": language,
        "person": person_name(addressee),
        "sex": addressee.sex,
        "birth_date": long_date(addressee.birth_date, language),
        "salutation": salutation(addressee, language, on=info.letter_date),
        "address": address_block(addressee, language, on=info.letter_date),
        "dpo_contact": dpo_contact(info),
        "postal_address": postal_address(addressee),
        "identity": category_phrases(told & IDENTITY_CATEGORIES, language),
        "health": category_phrases(told & HEALTH_CATEGORIES, language),
        "risks": risks_of(told),
        "new_identity": category_phrases(new & IDENTITY_CATEGORIES, language),
        "new_health": category_phrases(new & HEALTH_CATEGORIES, language),
        "documents": addressee.documents,
        "reference": letter_reference(info, addressee),
        "info": info,
        "text": info.text(language),
        "started": long_date(info.started_on, language),
        "discovered": long_date(info.discovered_on, language),
        "published": long_date(info.published_on, language),
        "ended": long_date(info.ended_on, language),
        "started_at": moment_words(info.started_on, info.started_time, language),
        "discovered_at": moment_words(info.discovered_on, info.discovered_time, language),
        "ended_at": moment_words(info.ended_on, info.ended_time, language),
        "letter_date": long_date(info.letter_date, language),
    }
