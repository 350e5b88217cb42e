"""HPRIM Santé 2.x result files, as a private or hospital laboratory sends them to wards.

From the HPRIM Santé 2.2-2.4 specification (ASTM E1238/E1394 descendant, used by French
laboratory systems): one record per line, ended by ``\\r`` (sometimes ``\\r\\n``), records
``H`` (header: ``H|~^\\&|`` declares the repetition, component, escape and subcomponent
characters, then file name, sender, receiver, message type ``ORU``, version ``H2.2^C``
and a timestamp), then per patient ``P`` (P-3 the prescriber's patient id, the IPP when
the ward sent it, P-4 the laboratory's own number, P-6 ``NOM^Prénom^^^Civilité``, P-7
the birth name of married women, P-8 the birth date ``YYYYMMDD``, P-9 ``M``/``F``/``U``,
P-11 the address, P-13 the phone), ``OBR`` (the request and its analysis), ``OBX``
(one result each: type, code^label^L, value, unit, range, flag, status), and ``L`` closing
the file with its record count. Lines over 220 characters go on in ``A|`` records.
Files are ISO 8859-1, named ``*.hpr``/``*.HPR``/``*.txt``, several patients each.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import LABORATORY
from leakmap.synth.families.clinical import ANALYSES, Finding, pick_finding
from leakmap.synth.families.cohort import registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category, FileKind

_LINE_LIMIT = 220
#: Per analysis code: its results (code, label, unit, low, high, decimals).
_RESULTS: dict[str, tuple[tuple[str, str, str, float, float, int], ...]] = {
    "NFS": (("HB", "Hémoglobine", "g/dl", 11.5, 17.0, 1), ("LEUCO", "Leucocytes", "G/l", 4.0, 10.0, 2),
            ("PLAQ", "Plaquettes", "G/l", 150, 400, 0)),
    "CRP": (("CRP", "Protéine C réactive", "mg/l", 0, 5, 1),),
    "IONO": (("NA", "Sodium", "mmol/l", 135, 145, 0), ("K", "Potassium", "mmol/l", 3.5, 5.0, 1),
             ("CL", "Chlore", "mmol/l", 98, 107, 0)),
    "HBA1C": (("HBA1C", "Hémoglobine glyquée", "%", 4.0, 6.0, 1),),
    "TSH": (("TSH", "TSH ultrasensible", "mUI/l", 0.4, 4.0, 2),),
    "TROPO": (("TNT", "Troponine T hs", "ng/l", 0, 14, 0),),
    "BHCG": (("HCG", "bHCG plasmatiques", "UI/l", 0, 5, 0),),
    "HCGQ": (("HCGQ", "Bêta-HCG quantitatif", "UI/l", 0, 5, 0),),
    "VIH": (("VIHC", "Sérologie VIH 1+2 (Ac + Ag p24)", "", 0, 1, 2),),
    "CHLAM": (("CTPCR", "PCR Chlamydia trachomatis", "", 0, 1, 0),),
    "CA153": (("CA153", "CA 15-3", "U/ml", 0, 30, 1),),
    "PSA": (("PSA", "PSA total", "ng/ml", 0, 4, 2),),
    "LITH": (("LI", "Lithémie", "mmol/l", 0.5, 0.8, 2),),
    "ETOH": (("ETOH", "Alcoolémie", "g/l", 0, 0.1, 2),),
}  # fmt: skip
_SENDERS = ("LABO KERVAL^SIL", "BIOCORNOUAILLE^LAB", "LBM DES AJONCS^KALISIL", "GLIMS^CHKERVAL")
_FOLDERS = ("Interfaces/HPRIM/recus/{day:%Y%m%d}", "Labo/HPRIM/archive", "Interfaces/SIL/sortie",
            "Utilisateurs/secretariat.med/HPRIM")  # fmt: skip


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One result file of 2 to 30 patients, each with one request and its results."""
    day = working_day(rng)
    stamp = datetime.combine(day, time(rng.randint(6, 21), rng.randint(0, 59)))
    name = f"R{day:%y%m%d}{rng.randint(1, 999):03d}"
    ipp_known = rng.random() < 0.7  # the ward's IPP reached the laboratory
    keep_accents = rng.random() < 0.4
    lines = [f"H|~^\\&|{name}.HPR|{rng.choice(_SENDERS)}|CH KERVAL^{rng.choice(('DPI', 'CARDIO', 'URGENCES'))}||ORU|||CHKERVAL||P|H2.{rng.choice((2, 3, 4))}^C|{stamp:%Y%m%d%H%M%S}"]  # fmt: skip
    exposures: list[Exposure] = []
    for number, person in enumerate(registry_patients(cast, rng.randint(2, 30), day), start=1):
        records, exposure = _patient(rng, person, number, day, ipp_known, keep_accents)
        lines += records
        exposures.append(exposure)
    lines.append(f"L|1||{len(lines) + 1}|")
    end = rng.choices(("\r", "\r\n", "\n"), (60, 30, 10))[0]
    records = [part for line in lines for part in _continued(line)]
    data = (end.join(records) + end).encode("latin-1", errors="replace")
    folder = rng.choice(_FOLDERS).format(day=day)
    extension = rng.choice((".hpr", ".HPR", ".txt", ".hpr"))
    return LeakedItem(f"{folder}/{name}{extension}", FileKind.TXT.value, data, tuple(exposures))


def _continued(line: str) -> list[str]:
    """A record over 220 characters cut into ``A|`` continuation records."""
    if len(line) <= _LINE_LIMIT:
        return [line]
    head, rest = line[:_LINE_LIMIT], line[_LINE_LIMIT:]
    parts = [head]
    while rest:
        parts.append("A|" + rest[: _LINE_LIMIT - 2])
        rest = rest[_LINE_LIMIT - 2 :]
    return parts


def _patient(rng: random.Random, person: Person, number: int, day: date, ipp_known: bool, keep_accents: bool) -> tuple[list[str], Exposure]:  # fmt: skip
    shown: set[Category] = {Category.BIRTH_DATE}
    finding = pick_finding(rng, ANALYSES, person, day)
    civility = (
        rng.choice(("MME", "Mme", "")) if person.sex.value == "F" else rng.choice(("M", "MR", ""))
    )
    given_all = " " in person.given_names and rng.random() < 0.3
    given = person.given_names if given_all else person.first_given
    name = f"{upper(person.family_name, keep_accents=keep_accents)}^{upper(given, keep_accents=keep_accents) if rng.random() < 0.5 else given}^^^{civility}"  # fmt: skip
    families: tuple[str, ...] = (person.family_name,)
    birth = ""
    if person.birth_name and rng.random() < 0.7:
        birth = upper(person.birth_name, keep_accents=keep_accents)
        families = (person.family_name, person.birth_name)
    ipp = person.patient_id if ipp_known else ""
    lab_number = f"{day:%y%m%d}{rng.randint(1000, 9999)}"
    address = phone = ""
    if person.address is not None and rng.random() < 0.5:
        a = person.address
        address = f"{a.street}^{a.extra}^{a.city}^^{a.postcode}^FRA"
        shown.add(Category.ADDRESS)
    if person.phone and rng.random() < 0.4:
        phone = person.phone
        shown.add(Category.PHONE)
    sex = person.sex.value if rng.random() < 0.95 else "U"
    fields = ("P", str(number), ipp, lab_number, "", name, birth, f"{person.birth_date:%Y%m%d}", sex, "", address, "", phone)  # fmt: skip
    sampled = datetime.combine(day - timedelta(days=rng.randint(0, 2)), time(rng.randint(6, 20), rng.randint(0, 59)))  # fmt: skip
    records = ["|".join(fields).rstrip("|"), _obr(finding, lab_number, sampled)]
    for index, result in enumerate(_RESULTS.get(finding.code, ()), start=1):
        records.append(_obx(rng, index, result))
    health = set(finding.categories) | LABORATORY.categories
    exposure = row_exposure(person, shown, health, families=families, given=given, ipp=bool(ipp))
    return records, exposure


def _obr(finding: Finding, lab_number: str, sampled: datetime) -> str:
    return f"OBR|1||{lab_number}|{finding.code}^{finding.label}^L|||{sampled:%Y%m%d%H%M}"


def _obx(rng: random.Random, index: int, result: tuple[str, str, str, float, float, int]) -> str:
    code, label, unit, low, high, decimals = result
    if not unit:  # a qualitative result
        value = rng.choice(("NEGATIF", "NEGATIF", "POSITIF", "Non détecté"))
        return f"OBX|{index}|ST|{code}^{label}^L||{value}||||||F"
    span = high - low or 1.0
    number = round(rng.uniform(low - span * 0.3, high + span * 0.6), decimals)
    flag = "H" if number > high else "L" if number < low else "N"
    value = f"{number:.{decimals}f}".replace(".", ",") if rng.random() < 0.3 else f"{number:.{decimals}f}"  # fmt: skip
    return f"OBX|{index}|NM|{code}^{label}^L||{value}|{unit}|{low:g}-{high:g}|{flag}|||F"
