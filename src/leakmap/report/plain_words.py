"""The plain words letters, kits and reports use for categories, severities and dates.

A letter names *kinds* of data ("résultats d'analyses de laboratoire"), never their content:
these phrases are the only way a category reaches a person, so no clinical text can. Labels
carry no possessive ("your", "his") because the same phrase goes to a patient, to parents
and to heirs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from leakmap.vocabulary import HEALTH_CATEGORIES, Category, Severity

C = Category

CATEGORY_WORDS: dict[str, dict[Category, str]] = {
    "fr": {
        C.NAME: "nom et prénoms",
        C.BIRTH_DATE: "date de naissance",
        C.ADDRESS: "adresse postale",
        C.PHONE: "numéro de téléphone",
        C.EMAIL: "adresse électronique",
        C.NATIONAL_ID: "numéro de sécurité sociale",
        C.HOSPITAL_ID: "numéros de dossier et de séjour à l'hôpital",
        C.BANK: "coordonnées bancaires",
        C.HEALTH: "informations sur la santé",
        C.PATHOLOGY: "résultats d'examens de tissus ou de cellules (anatomopathologie)",
        C.IMAGING: "comptes rendus d'imagerie médicale (radiographie, échographie, scanner, IRM)",
        C.LABORATORY: "résultats d'analyses de laboratoire",
        C.GYNECOLOGY_OBSTETRICS: "informations de suivi gynécologique ou de grossesse",
        C.ONCOLOGY: "informations de suivi en cancérologie",
        C.MENTAL_HEALTH: "informations de suivi en santé mentale",
        C.SEXUAL_HEALTH: "informations de santé sexuelle",
        C.ADDICTION: "informations de suivi en addictologie",
        C.GENETICS: "informations de génétique",
        C.DEATH: "informations relatives au décès",
    },
    "en": {
        C.NAME: "name and given names",
        C.BIRTH_DATE: "date of birth",
        C.ADDRESS: "postal address",
        C.PHONE: "telephone number",
        C.EMAIL: "e-mail address",
        C.NATIONAL_ID: "social security number",
        C.HOSPITAL_ID: "hospital record and stay numbers",
        C.BANK: "bank details",
        C.HEALTH: "information about health",
        C.PATHOLOGY: "results of tissue or cell examinations (pathology)",
        C.IMAGING: "medical imaging reports (X-ray, ultrasound, CT, MRI)",
        C.LABORATORY: "laboratory test results",
        C.GYNECOLOGY_OBSTETRICS: "gynaecological or pregnancy follow-up information",
        C.ONCOLOGY: "cancer care information",
        C.MENTAL_HEALTH: "mental health care information",
        C.SEXUAL_HEALTH: "sexual health information",
        C.ADDICTION: "addiction care information",
        C.GENETICS: "genetic information",
        C.DEATH: "information about the death",
    },
}

#: Short French labels for charts and tables of the regulator report.
SHORT_CATEGORY_WORDS: dict[Category, str] = {
    C.NAME: "Nom, prénoms",
    C.BIRTH_DATE: "Date de naissance",
    C.ADDRESS: "Adresse postale",
    C.PHONE: "Téléphone",
    C.EMAIL: "Courriel",
    C.NATIONAL_ID: "NIR (n° de sécurité sociale)",
    C.HOSPITAL_ID: "N° de dossier (IPP, NDA)",
    C.BANK: "Coordonnées bancaires",
    C.HEALTH: "Santé (toute information)",
    C.PATHOLOGY: "Anatomopathologie",
    C.IMAGING: "Imagerie",
    C.LABORATORY: "Biologie",
    C.GYNECOLOGY_OBSTETRICS: "Gynécologie, obstétrique",
    C.ONCOLOGY: "Cancérologie",
    C.MENTAL_HEALTH: "Santé mentale",
    C.SEXUAL_HEALTH: "Santé sexuelle",
    C.ADDICTION: "Addictologie",
    C.GENETICS: "Génétique",
    C.DEATH: "Décès",
}

SEVERITY_WORDS: dict[str, dict[Severity, str]] = {
    "fr": {
        Severity.LOW: "faible",
        Severity.MEDIUM: "moyenne",
        Severity.HIGH: "élevée",
        Severity.VERY_HIGH: "très élevée",
    },
    "en": {
        Severity.LOW: "low",
        Severity.MEDIUM: "medium",
        Severity.HIGH: "high",
        Severity.VERY_HIGH: "very high",
    },
}

_AT = {"fr": "à", "en": "at"}
_MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
}


def category_phrases(categories: Iterable[Category], language: str) -> list[str]:
    """The plain phrase of each category, in vocabulary order."""
    order = list(Category)
    words = CATEGORY_WORDS[language]
    return [words[c] for c in sorted(set(categories), key=order.index)]


def without_health_detail(categories: frozenset[Category]) -> frozenset[Category]:
    """Health categories folded into ``health``: what heirs are told of a deceased person.

    Heirs may learn that health data were exposed, not which care the person received
    (medical secrecy outlives the patient; heirs' access is limited by law).
    """
    if not categories & HEALTH_CATEGORIES:
        return categories
    return (categories - HEALTH_CATEGORIES) | {Category.HEALTH}


def month_names(language: str) -> tuple[str, ...]:
    """The twelve month names of ``language``, January first."""
    return tuple(_MONTHS[language].split())


def plural(count: int, singular: str, plural_form: str = "") -> str:
    """``1 rattachement``, ``2 rattachements``: the count and the word that agrees with it.

    French takes the singular for 0 and 1; the plural form defaults to the singular + ``s``.
    """
    word = singular if count <= 1 else (plural_form or f"{singular}s")
    return f"{count} {word}"


def clock_time(moment: time | None) -> str:
    """``08:30`` (24-hour clock, as the authority's form writes it); empty for no time."""
    return "" if moment is None else moment.strftime("%H:%M")


def moment_words(day: date | None, moment: time | None, language: str) -> str:
    """``3 mars 2025 à 08:05`` / ``3 March 2025 at 08:05``; the date alone without a time."""
    written = long_date(day, language)
    if not written or moment is None:
        return written
    return f"{written} {_AT[language]} {clock_time(moment)}"


def long_date(day: date | None, language: str) -> str:
    """``12 mars 2025`` / ``12 March 2025``; an empty string for no date."""
    if day is None:
        return ""
    month = _MONTHS[language].split()[day.month - 1]
    first = "1er" if language == "fr" and day.day == 1 else str(day.day)
    return f"{first} {month} {day.year}"
