"""Field comparisons between a mention and a registry patient, as Fellegi–Sunter levels.

Each comparison returns a level (exact, close, disagree, missing). The m-probability of a
level is how often a true match shows it (OCR slips, typos, married names make exact
agreement less than certain); the u-probability is how often two different people show it
by chance, taken from the registry's own frequencies (term-frequency adjustment: agreeing
on MARTIN says less than agreeing on a rare name). ``missing`` carries no evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import jellyfish

from leakmap.detect.names import family_keys
from leakmap.detect.text import name_key
from leakmap.group.mention import PersonMention
from leakmap.link.ocr_key import ocr_key
from leakmap.link.registry import Patient

_FUZZY_NAME = 0.92
_FUZZY_GIVEN = 0.90
_SLIP_MIN_LENGTH = 4  # letters of the longer name, for one edit to count as a slip
_DOCUMENT_YEARS = 10  # how old a leaked document may be, for comparing ages
#: How much later than its ages a dated document's latest date may be (a follow-up
#: appointment printed in a discharge letter, an export run after the list was made).
_DATED_YEARS = 2


@dataclass(frozen=True, slots=True)
class PatientKeys:
    """A patient's fields, normalised once for comparing."""

    family: frozenset[str]
    given: tuple[str, ...]
    first_given: str
    birth_date: date | None
    patient_id: str
    nir: str
    postcode: str
    phone: str
    email: str
    address: str
    sex: str = ""

    @classmethod
    def of(cls, patient: Patient) -> PatientKeys:
        """Normalise a registry patient."""
        keys: set[str] = set()
        for family in (patient.family_name, patient.birth_name):
            keys |= family_keys(family) if family else set()
        given_names = patient.given_names.split()
        return cls(
            family=frozenset(keys),
            given=tuple(name_key(patient.given_names).split()),
            first_given=name_key(given_names[0]) if given_names else "",
            birth_date=patient.birth_date,
            patient_id=patient.patient_id,
            nir=patient.nir,
            postcode=patient.postcode,
            phone=phone_digits(patient.phone),
            email=patient.email.lower(),
            address=address_key(patient.address),
            sex=patient.sex,
        )


def address_key(address: str) -> str:
    """A street address folded for comparison: "22, rue des Lilas" → "22 RUE DES LILAS"."""
    return name_key(address)


def phone_digits(phone: str) -> str:
    """The last nine digits of a phone number: "+33 6 12…" and "06 12…" agree."""
    digits = "".join(c for c in phone if c.isdigit())
    return digits[-9:] if len(digits) >= 9 else ""


def compare_family(mention: frozenset[str], patient: frozenset[str]) -> str:
    """``exact`` (family or birth name), ``close`` (OCR/typo, compound part), ``disagree``."""
    if not mention:
        return "missing"
    if mention & patient:
        return "exact"
    # "BRIAND-PETIT" for a woman registered as BRIAND born PETIT: every word is one of hers.
    compound = [m for m in mention if len(m.split()) > 1]
    if compound:  # the patient's words, only for a compound name (most are one word)
        words = {w for name in patient for w in name.split()}
        if any(set(m.split()) <= words for m in compound):
            return "exact"
    for m in mention:
        for p in patient:
            if set(m.split()) & set(p.split()) and min(len(m), len(p)) >= 4:
                return "close"
            if (
                jellyfish.jaro_winkler_similarity(m, p) >= _FUZZY_NAME
                or _one_slip(m, p)
                or ocr_key(m) == ocr_key(p)
            ):
                return "close"
    return "disagree"


def _one_slip(a: str, b: str) -> bool:
    """One letter dropped, added, changed or two swapped, in a name long enough for that
    to be a slip rather than another name: Jaro–Winkler forgives the end of a word more
    than its start ("LFEBVRE" for LEFEBVRE scores 0.83), typing and OCR do not."""
    return (
        max(len(a), len(b)) >= _SLIP_MIN_LENGTH
        and min(len(a), len(b)) >= _SLIP_MIN_LENGTH - 1
        and jellyfish.damerau_levenshtein_distance(a, b) <= 1
    )


def compare_family_names(
    family: frozenset[str], birth: frozenset[str], patient: frozenset[str]
) -> str:
    """The family-name level when the document may print two names ("DUPUY née MARTIN").

    Both names agreeing (one of them perhaps with a slip) is ``exact`` (and far
    rarer by chance than either alone); only one of the two is ``partial``: the registry
    may lack a married name, but a homonym who carries both explains the mention better.
    """
    if family and birth and family != birth:
        levels = (compare_family(family, patient), compare_family(birth, patient))
        if "exact" in levels and set(levels) <= {"exact", "close"}:
            return "exact"  # both agree, one perhaps with a slip ("MEYRE née CLÉMENT")
        if "exact" in levels:
            return "partial"
    return compare_family(family | birth, patient)


def compare_given(mention: tuple[str, ...], keys: PatientKeys) -> str:
    """``exact`` (first given name, compound-aware), ``partial`` (another given name),
    ``close`` (typo), ``disagree``."""
    return compare_given_words(mention, keys.given, keys.first_given)


def compare_given_words(mention: tuple[str, ...], given: tuple[str, ...], first: str) -> str:
    """``compare_given`` on a patient's given-name words and first given name alone: the
    level depends on nothing else, so the linker can keep it per distinct pair of names."""
    if not mention:
        return "missing"
    if len(mention) == 1 == len(given):
        # One word each (most pairs): the tests below, unrolled. A word (of ``split()``)
        # holds no space, so it starts no compound first name, and sharing its one word
        # with the patient's one given name is being that name (exact, never partial).
        word, theirs = mention[0], given[0]
        if word in (theirs, first):
            return "exact"
        near = jellyfish.jaro_winkler_similarity(word, first or theirs) >= _FUZZY_GIVEN
        return "close" if near or ocr_key(word) == ocr_key(theirs) else "disagree"
    joined = " ".join(mention)
    if joined == " ".join(given) or joined == first or joined.startswith(first + " "):
        return "exact"
    if set(mention) & set(given):
        return "partial"
    if given and (
        jellyfish.jaro_winkler_similarity(joined, first or given[0]) >= _FUZZY_GIVEN
        or ocr_key(mention[0]) == ocr_key(given[0])  # "Thornas", "Made1eine"
    ):
        return "close"
    return "disagree"


def compare_birth_date(mention: date | None, patient: date | None) -> str:
    """``exact``, ``swapped`` (day/month), ``close`` (one digit off or two transposed, as
    typing and OCR slip, or the century of a two-digit year), ``disagree``.

    A year 18 years off with the same day and month is another person (a namesake's
    child), not a slip: ``close`` is the same test as the Splink model's ``one_digit``.
    """
    if mention is None or patient is None:
        return "missing"
    if mention == patient:
        return "exact"
    if (mention.day, mention.month, mention.year) == (patient.month, patient.day, patient.year):
        return "swapped"
    if (
        mention.year != patient.year
        and mention.day != patient.day
        and min(mention.year, patient.year) >= 1000
    ):
        # Year and day both differ: two digits apart that are not side by side (or three),
        # more than one slip, and not the century rule (it needs the same day): most pairs.
        return "disagree"
    digits = jellyfish.damerau_levenshtein_distance(_digits(mention), _digits(patient))
    if digits <= 1:
        return "close"
    if (mention.day, mention.month) == (patient.day, patient.month) and abs(
        mention.year - patient.year
    ) == 100:
        return "close"
    return "disagree"


@lru_cache(maxsize=1 << 16)  # a registry's birth dates are a few tens of thousands of days
def _digits(day: date) -> str:
    """``YYYYMMDD``, as the digits a typing or OCR slip changes (strftime was 11 s a scan)."""
    return day.strftime("%Y%m%d")


def compare_exact(mention: str, patient: str) -> str:
    """``exact``/``disagree``/``missing`` for identifiers compared as strings."""
    if not mention or not patient:
        return "missing"
    return "exact" if mention == patient else "disagree"


def compare_age(age: int | None, birth: date | None, today: date, *, dated: bool = False) -> str:
    """An age written in the document against the registry birth date.

    ``exact``: within a year of the patient's age today; ``close``: the patient was that age
    in the last ten years (leaked documents are old); ``disagree`` otherwise. ``dated``:
    the document's date is known and ``age`` is already carried from it to ``today``
    (``PersonMention.age_at``), so the ten years' leeway shrinks to ``_DATED_YEARS``: a
    patient further off is another person (the candidate is then never notified, see
    ``linker.CONTRADICTIONS``).
    """
    if age is None or birth is None:
        return "missing"
    now = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if abs(now - age) <= 1:
        return "exact"
    if 0 <= now - age <= (_DATED_YEARS if dated else _DOCUMENT_YEARS):
        return "close"
    return "disagree"


def compare_mention_age(mention: PersonMention, birth: date | None, today: date) -> str:
    """``compare_age`` of a mention's printed age, at its document's date where known
    (a date in the past: a far-future one is a research extract's shifted date)."""
    written_on = mention.written_on
    if written_on is not None and written_on <= today and mention.age is not None and birth:
        return compare_age_on(mention.age, birth, written_on)
    return compare_age(mention.age_at(today), birth, today, dated=False)


def compare_age_on(age: int, birth: date, written_on: date) -> str:
    """A printed age against the patient's age on the document's latest date.

    The age was printed on or before that date, so the patient was about that old then,
    not younger: two years younger is another person ("MARTIN Claudine, 33 ans" in a
    planning of July 2019 is not the Claudine MARTIN born in August 1987, 31 then),
    ``disagree``. As old or a year older (a birthday between the row's day and the
    document's last date): ``exact``. A year younger (an age rounded, or computed on a
    later day than any the document prints) or up to ``_DATED_YEARS`` older (a list's
    later follow-up dates): ``close``, which weighs less than ``exact`` and forbids nothing.
    """
    then = written_on.year - birth.year - ((written_on.month, written_on.day) < (birth.month, birth.day))  # fmt: skip
    if 0 <= then - age <= 1:
        return "exact"
    if -1 <= then - age <= _DATED_YEARS:
        return "close"
    return "disagree"


def compare_sex(written: str, registered: str) -> str:
    """The sex a record gives against the registry's: ``exact``, ``disagree`` or ``missing``."""
    if not written or not registered:
        return "missing"
    return "exact" if written == registered else "disagree"
