"""PMSI and laboratory-system flat exports: vendors' short headers, undelimited dates.

The medical-information department (DIM) extracts stays for the PMSI with the RSS's
habits: dates as ``DDMMYYYY``, sex as ``1``/``2``, the unit as its UM code, the main
diagnosis (DP) as an ICD-10 code without its dot, sometimes with its label. Laboratory
systems (SIL) export one row per analysis with ``YYYYMMDD`` birth dates and
``YYYYMMDDHHMM`` request times, ``|``-separated. Each layout is a row of ``_LAYOUTS``:
a header word and a value key per column, a separator, date formats.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from leakmap.synth.casting import Cast
from leakmap.synth.establishment import ADMISSION_SERVICES, LABORATORY
from leakmap.synth.families.clinical import (
    ANALYSES,
    DIAGNOSES,
    INTERVENTIONS,
    Finding,
    pick_finding,
)
from leakmap.synth.families.cohort import nda, registry_patients, row_exposure, upper, working_day
from leakmap.synth.leaked import LeakedItem
from leakmap.synth.person import Person
from leakmap.synth.plan import Exposure
from leakmap.vocabulary import Category, FileKind


@dataclass(frozen=True, slots=True)
class _Layout:
    """One vendor's flat file: ``columns`` are (header word, value key) pairs."""

    columns: tuple[tuple[str, str], ...]
    separator: str
    birth_format: str
    stamp_format: str
    findings: str  # "diagnoses", "analyses" or "acts"
    folders: tuple[str, ...]
    extension: str


_LAYOUTS = (
    _Layout((("NOM_PAT", "family"), ("PRN_PAT", "given"), ("DT_NAIS", "birth"), ("SEXE", "sex12"), ("NUM_IPP", "ipp"),
             ("NUM_SEJ", "stay"), ("DT_ENT", "entry"), ("DT_SOR", "exit"), ("UM", "unit"), ("DP", "code")),
            ";", "%d%m%Y", "%d%m%Y", "diagnoses", ("DIM/extractions/{year}", "exports/PMSI/{year}"), ".csv"),
    _Layout((("NOM_PAT", "family"), ("NOM_NAIS", "birth_name"), ("PRN_PAT", "given"), ("DT_NAIS", "birth"), ("SEXE", "sex12"),
             ("NUM_IPP", "ipp"), ("NUM_SEJ", "stay"), ("DT_ENT", "entry"), ("DT_SOR", "exit"), ("UM", "unit"),
             ("DP", "code"), ("LIB_DP", "label")),
            ";", "%d%m%Y", "%d%m%Y", "diagnoses", ("DIM/extractions/{year}", "DIM/RUM"), ".csv"),
    _Layout((("PAT_NOM", "family"), ("PAT_PRENOM", "given"), ("PAT_NOMJF", "birth_name"), ("PAT_DDN", "birth"),
             ("PAT_SEXE", "sex"), ("PAT_IPP", "ipp"), ("DEM_NUM", "request"), ("DEM_DTHR", "requested"),
             ("ANA_CODE", "code"), ("ANA_LIB", "label"), ("RES", "result")),
            "|", "%Y%m%d", "%Y%m%d%H%M", "analyses", ("Laboratoire/SIL/export", "Interfaces/SIL/extractions"), ".txt"),
    _Layout((("IPP", "ipp"), ("NOMUSU", "family"), ("PRENOM", "given"), ("DATNAI", "birth"), ("SEX", "sex"),
             ("NDA", "stay"), ("DATACT", "requested"), ("CODACT", "code"), ("LIBACT", "label")),
            ";", "%Y%m%d", "%Y%m%d%H%M", "acts", ("exports/actes/{year}", "DIM/CCAM"), ".csv"),
    _Layout((("NUMDOS", "ipp"), ("NOM", "family"), ("PRENOM", "given"), ("DDN", "birth"), ("CODE_ANA", "code"),
             ("LIBELLE", "label"), ("DATE_PREL", "requested")),
            "\t", "%Y%m%d", "%Y%m%d", "analyses", ("Laboratoire/exports_{year}",), ".txt"),
)  # fmt: skip
_TABLES = {"diagnoses": DIAGNOSES, "analyses": ANALYSES, "acts": INTERVENTIONS}
_RESULTS = ("Positif", "Négatif", "12.4", "0.8", "<2", "145", "4.1", "En cours")


def make(cast: Cast, rng: random.Random) -> LeakedItem:
    """One flat export of 15 to 80 patients (lab exports: several analyses each)."""
    layout = rng.choice(_LAYOUTS)
    day = working_day(rng)
    lines = (
        [layout.separator.join(word for word, _ in layout.columns)] if rng.random() < 0.9 else []
    )
    exposures: list[Exposure] = []
    for person in registry_patients(cast, rng.randint(15, 80), day):
        repeats = rng.randint(1, 4) if layout.findings == "analyses" else 1
        for _ in range(repeats):
            values, exposure = _row(rng, layout, person, day)
            lines.append(layout.separator.join(values[key] for _, key in layout.columns))
            exposures.append(exposure)
    encoding = rng.choice(("cp1252", "utf-8", "latin-1"))
    data = (rng.choice(("\r\n", "\n")).join(lines) + "\r\n").encode(encoding, errors="replace")
    folder = rng.choice(layout.folders).format(year=day.year)
    stem = rng.choice((f"EXTRACT_{day:%Y%m%d}", f"export{day:%y%m}_{rng.randint(1, 99):02d}", f"ext_{rng.randint(1000, 99999)}"))  # fmt: skip
    kind = FileKind.CSV if layout.extension == ".csv" else FileKind.TXT
    return LeakedItem(f"{folder}/{stem}{layout.extension}", kind.value, data, tuple(exposures))


def _row(rng: random.Random, layout: _Layout, person: Person, day: date) -> tuple[dict[str, str], Exposure]:  # fmt: skip
    finding = pick_finding(rng, _TABLES[layout.findings], person, day)
    exit_day = day - timedelta(days=rng.randint(0, 20))
    entry = exit_day - timedelta(days=rng.randint(0, 15))
    requested = datetime.combine(day, time(rng.randint(6, 20), rng.randint(0, 59)))
    values = {
        "family": upper(person.family_name), "given": upper(person.first_given),
        "birth_name": upper(person.birth_name), "birth": person.birth_date.strftime(layout.birth_format),
        "sex": person.sex.value, "sex12": "2" if person.sex.value == "F" else "1",
        "ipp": person.patient_id, "stay": nda(rng, exit_day), "entry": entry.strftime(layout.stamp_format),
        "exit": exit_day.strftime(layout.stamp_format), "unit": rng.choice(ADMISSION_SERVICES).uf,
        "code": finding.code, "label": finding.label, "request": f"{day:%y%m%d}{rng.randint(1000, 9999)}",
        "requested": requested.strftime(layout.stamp_format), "result": rng.choice(_RESULTS),
    }  # fmt: skip
    return values, _exposure(layout, person, finding)


def _exposure(layout: _Layout, person: Person, finding: Finding) -> Exposure:
    keys = {key for _, key in layout.columns}
    families = (person.family_name, person.birth_name) if "birth_name" in keys and person.birth_name else (person.family_name,)  # fmt: skip
    # a bare ICD-10 code says as much as its label to anyone who codes (F: mental and
    # behavioural, C: cancers, O: pregnancy, B20-B24: HIV), so the categories are the same
    health = set(finding.categories)
    if layout.findings == "analyses":
        health |= LABORATORY.categories
    return row_exposure(person, {Category.BIRTH_DATE}, health, families=families, given=person.first_given, ipp=True)  # fmt: skip
