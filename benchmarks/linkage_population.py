"""A fictitious registry of a million patients and leak mentions of them, with the truth.

Fast enough to draw at benchmark scale (numpy for the registry, plain Python for the
mentions). Surnames follow the skew of French ones: the hand-made head of
``leakmap/data/synth/family_names.tsv`` (MARTIN ahead), then a long tail of made-up
syllable names with Zipf weights, so that a million people share about two hundred
thousand surnames. Given names come from ``given_names.tsv`` by sex and era, a third of
them compound. Married women carry a birth name; some children carry a parent's NIR;
a few people share name and birth date with someone else (homonyms).

Mentions are what detection hands the linker: mostly registry patients, written with the
slips of real documents (typos, OCR confusions, day/month swaps, a digit off, married or
birth name, first given name only, missing fields), plus people who are not in the
registry at all (drawn from the same population, so some are homonyms of patients).
Every person is fictitious.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib import resources

import numpy as np

from leakmap.detect.findings import Location, Role
from leakmap.group.mention import PersonMention
from leakmap.link.registry import Patient
from leakmap.vocabulary import Category

_ONSETS = [
    "B",
    "BR",
    "CH",
    "D",
    "F",
    "G",
    "GR",
    "J",
    "K",
    "KER",
    "L",
    "M",
    "N",
    "P",
    "PL",
    "R",
    "S",
    "T",
    "TR",
    "V",
]
_VOWELS = ["A", "E", "I", "O", "OU", "AU", "EI", "AN", "ON", "IN"]
_CODAS = ["", "", "N", "R", "L", "T", "C", "S", "LL", "RT", "ND"]
_ENDINGS = ["", "", "E", "ET", "OT", "IER", "EAU", "IN", "OU", "EC", "AN", "ARD"]
_TAIL_NAMES = 220_000
_FIRST_DAY = date(1925, 1, 1)
_DAYS = (date(2025, 12, 31) - _FIRST_DAY).days
_OCR_SLIPS = {"I": "1", "O": "0", "M": "RN", "E": "F", "L": "I", "S": "5", "B": "8", "U": "LI"}


def _data_rows(name: str) -> list[list[str]]:
    text = resources.files("leakmap").joinpath("data", "synth", name).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _surnames(rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """Surnames and their probabilities: the hand-made head, then a Zipf tail."""
    head = [(row[0].upper(), float(row[1]) / 100_000) for row in _data_rows("family_names.tsv")]
    tail = _made_up_names(rng, exclude={name for name, _ in head})
    head_mass = sum(w for _, w in head)
    zipf = 1.0 / (np.arange(len(tail)) + 60.0)
    weights = np.concatenate([[w for _, w in head], zipf / zipf.sum() * (1 - head_mass)])
    return [n for n, _ in head] + tail, weights / weights.sum()


def _made_up_names(rng: np.random.Generator, *, exclude: set[str]) -> list[str]:
    """Distinct syllable names (onset-vowel-coda, maybe one more syllable, an ending)."""
    size = 3 * _TAIL_NAMES
    pieces = [
        np.array(choices)[rng.integers(0, len(choices), size=size)]
        for choices in (_ONSETS, _VOWELS, _CODAS, _ONSETS, _VOWELS, _ENDINGS)
    ]
    second = rng.random(size) < 0.5
    names = dict.fromkeys(
        a + b + c + (d + e if two else "") + f
        for a, b, c, d, e, f, two in zip(*pieces, second, strict=True)
    )
    return [n for n in names if n not in exclude and len(n) >= 4][:_TAIL_NAMES]


def _given_by_sex(sex: str) -> tuple[list[str], np.ndarray]:
    rows = [r for r in _data_rows("given_names.tsv") if r[1] == sex]
    names = sorted({r[0] for r in rows})
    weights = np.zeros(len(names))
    for r in rows:
        weights[names.index(r[0])] += float(r[3])
    return names, weights / weights.sum()


def draw_people(count: int, *, seed: int, first_id: int = 10_000_000) -> list[Patient]:
    """``count`` fictitious people in registry form (patient ids from ``first_id`` on)."""
    rng = np.random.default_rng(seed)
    surnames, surname_p = _surnames(rng)
    family = rng.choice(len(surnames), size=count, p=surname_p)
    sex = rng.random(count) < 0.5
    birth = rng.integers(0, _DAYS, size=count)
    givens = {s: _given_by_sex(s) for s in "FM"}
    first = {s: rng.choice(len(givens[s][0]), size=count, p=givens[s][1]) for s in "FM"}
    second = {s: rng.choice(len(givens[s][0]), size=count, p=givens[s][1]) for s in "FM"}
    compound = rng.random(count) < 0.3
    married = (rng.random(count) < 0.45) & sex & (birth < _DAYS - 25 * 365)
    spouse = rng.choice(len(surnames), size=count, p=surname_p)
    has_nir, has_phone, has_mail = rng.random((3, count)) < [[0.7], [0.6], [0.2]]
    ids = rng.permutation(count) + first_id
    communes = [(r[0], r[1]) for r in _data_rows("communes.tsv")]
    commune_p = np.array([float(r[2]) for r in _data_rows("communes.tsv")])
    commune = rng.choice(len(communes), size=count, p=commune_p / commune_p.sum())
    phones = rng.integers(10_000_000, 99_999_999, size=count)
    people = []
    for i in range(count):
        s = "F" if sex[i] else "M"
        names = givens[s][0]
        given = names[first[s][i]]
        if compound[i] and second[s][i] != first[s][i]:
            given = f"{given} {names[second[s][i]]}"
        born = _FIRST_DAY + timedelta(days=int(birth[i]))
        surname = surnames[family[i]]
        name_in_use = surnames[spouse[i]] if married[i] else surname
        postcode, city = communes[commune[i]]
        people.append(
            Patient(
                patient_id=str(ids[i]),
                family_name=name_in_use.title(),
                birth_name=surname.title() if married[i] else "",
                given_names=given,
                birth_date=born,
                sex=s,
                address=f"{1 + i % 97} rue de la Gare",
                postcode=postcode,
                city=city,
                phone=f"06{phones[i]}" if has_phone[i] else "",
                email=f"p{ids[i]}@example.org" if has_mail[i] else "",
                nir=_nir(s, born, postcode, i) if has_nir[i] else "",
            )
        )
    _share_nirs_and_add_homonyms(people, rng)
    return people


def _nir(sex: str, born: date, postcode: str, i: int) -> str:
    """A NIR-shaped number with a valid key (sex, year, month, department, commune, order)."""
    body = f"{1 if sex == 'M' else 2}{born.year % 100:02d}{born.month:02d}{postcode[:2]}{i % 990 + 1:03d}{i % 997 + 1:03d}"
    return f"{body}{97 - int(body) % 97:02d}"


def _share_nirs_and_add_homonyms(people: list[Patient], rng: np.random.Generator) -> None:
    """Children under a parent's NIR (1 %); people who share name and birth date (0.2 %)."""
    count = len(people)
    for i in rng.choice(count, size=count // 100, replace=False):
        parent = people[int(rng.integers(0, count))]
        people[i] = replace(people[i], nir=parent.nir)
    for i in rng.choice(count, size=count // 500, replace=False):
        twin = people[int(rng.integers(0, count))]
        people[i] = replace(
            people[i],
            family_name=twin.family_name,
            birth_name=twin.birth_name,
            given_names=twin.given_names,
            birth_date=twin.birth_date,
        )


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text))
    action = rng.randrange(3)
    if action == 0:
        return text[:i] + text[i + 1 :]
    if action == 1:
        return text[:i] + rng.choice("AEIOURSTNL") + text[i + 1 :]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def _ocr(text: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(text.upper()) if c in _OCR_SLIPS]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + _OCR_SLIPS[text[i].upper()] + text[i + 1 :]


def _noisy_name(name: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.04:
        return _typo(name, rng)
    if roll < 0.08:
        return _ocr(name, rng)
    return name


def _noisy_birth(born: date, rng: random.Random) -> date | None:
    roll = rng.random()
    try:
        if roll < 0.02 and born.day <= 12:
            return born.replace(day=born.month, month=born.day)
        if roll < 0.06:
            digits = list(born.strftime("%Y%m%d"))
            i = rng.choice([3, 5, 7])
            digits[i] = str((int(digits[i]) + rng.randrange(1, 9)) % 10)
            text = "".join(digits)
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return born
    return born


@dataclass(frozen=True, slots=True)
class LabelledMention:
    """A mention and the registry patient it truly is (``None``: not in the registry)."""

    mention: PersonMention
    truth: str | None


def draw_mentions(
    patients: list[Patient], strangers: list[Patient], count: int, *, seed: int, today: date
) -> list[LabelledMention]:
    """``count`` mentions: 90 % of registry patients, 10 % of strangers, with slips."""
    rng = random.Random(seed)
    labelled = []
    for index in range(count):
        registered = rng.random() < 0.9
        person = rng.choice(patients) if registered else rng.choice(strangers)
        mention = _mention(person, index, rng, today, registered=registered)
        labelled.append(LabelledMention(mention, person.patient_id if registered else None))
    return labelled


def _mention(
    person: Patient, index: int, rng: random.Random, today: date, *, registered: bool
) -> PersonMention:
    """How a document writes ``person``; only a registry patient's papers carry the IPP."""
    family, birth_name = person.family_name, ""
    if person.birth_name:
        roll = rng.random()
        if roll < 0.25:
            family = person.birth_name
        elif roll < 0.35:
            birth_name = person.birth_name
    given = person.given_names
    if " " in given and rng.random() < 0.5:
        given = given.split(" ", 1)[0]
    born = _noisy_birth(person.birth_date, rng) if person.birth_date else None
    age = None
    if rng.random() < 0.25:
        age = (today - person.birth_date).days // 365 if born and rng.random() < 0.3 else None
        born = None
    ipp = person.patient_id if registered and rng.random() < 0.2 else ""
    if ipp and rng.random() < 0.03:
        ipp = _typo(ipp, rng).replace(" ", "0")
    return PersonMention(
        document=f"leak/doc{index // 3}.pdf",
        sha256=f"{index:016x}".ljust(64, "0"),
        index=index,
        family_name=_noisy_name(family, rng) if rng.random() > 0.02 else "",
        given_names=_noisy_name(given, rng) if rng.random() > 0.05 else "",
        birth_name=birth_name,
        birth_date=born,
        ipp=ipp,
        nda="",
        nir=person.nir if rng.random() < 0.1 else "",
        phone=person.phone if rng.random() < 0.08 else "",
        email=person.email if rng.random() < 0.03 else "",
        postcode=person.postcode if rng.random() < 0.25 else "",
        role=Role.PATIENT,
        location=Location(1),
        categories=frozenset({Category.NAME, Category.HEALTH}),
        age=age,
    )
