"""Mentions and registry patients as two DuckDB tables with the same columns, for Splink.

Splink links two tables that have the same columns. Every key a comparison or a blocking
rule uses is computed here once, so that the comparisons only compare columns:

- ``family`` / ``birth_name``: folded names (``name_key``); ``*_ocr``: the same with the
  characters OCR confuses mapped to one (``0``→``O``, ``1``/``L``→``I``, ``RN``→``M``…)
  and spaces removed (``LE GOFF`` = ``LEGOFF``); ``*_phon``: a phonetic key;
  ``family_parts``: the words of four letters or more of both names, for compound or
  double names only (null for a single word: most rows, which keeps the table small).
- ``given``: all given names folded; ``given1`` the first; ``given_parts`` each of them
  when there are several.
- ``birth_digits``: ``YYYYMMDD`` (one digit off = edit distance 1); ``birth_year``;
  ``age`` (mentions only: an age printed without a birth date).
- ``ipp`` is the mention's IPP and the registry's ``patient_id``; ``phone`` is the last
  nine digits; ``dept`` the first two digits of the postcode.

Python only reads the fields and folds each distinct spelling once (``name_key`` must
agree with detection's folding; a registry of a million people holds far fewer distinct
names); DuckDB derives the rest column-wise. A million-patient table builds in seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import duckdb
import jellyfish
import pyarrow as pa

from leakmap.detect.text import name_key
from leakmap.group.mention import PersonMention
from leakmap.link.ocr_key import OCR_FROM, OCR_PAIRS, OCR_TO
from leakmap.link.registry import Patient

#: Words shorter than this are particles or initials, not a part of a compound name.
_MIN_PART = 4


def _ocr_sql(column: str) -> str:
    """``ocr_key`` in SQL (a test checks that both agree)."""
    sql = f"translate(replace({column}, ' ', ''), '{OCR_FROM}', '{OCR_TO}')"
    for pair, letter in OCR_PAIRS:
        sql = f"replace({sql}, '{pair}', '{letter}')"
    return sql


def phonetic_key(key: str) -> str:
    """A phonetic key of a folded name (metaphone of the name without spaces)."""
    glued = key.replace(" ", "")
    return jellyfish.metaphone(glued) if glued else ""


def _name_keys(*columns: list[str]) -> pa.Table:
    """Each distinct spelling with its folded key, its phonetic key and its first word's."""
    spellings = set().union(*columns)
    keys = {raw: name_key(raw) for raw in spellings}
    return pa.table(
        {
            "raw": list(keys),
            "name_key": [key or None for key in keys.values()],
            "phon": [phonetic_key(key) or None for key in keys.values()],
            "first_phon": [phonetic_key(key.split(" ", 1)[0]) or None for key in keys.values()],
        }
    )


#: Columns DuckDB derives from the raw ones Python hands over (``names`` holds the keys
#: of each distinct spelling, its OCR key among them: a million rows have far fewer
#: spellings than three names each; ``x`` the raw rows).
_KEYED = """
    SELECT x.unique_id, f.name_key AS family, b.name_key AS birth_name, f.ocr AS family_ocr,
           b.ocr AS birth_ocr, f.phon AS family_phon, b.phon AS birth_phon,
           g.name_key AS given, g.ocr AS given_ocr, g.first_phon AS given1_phon,
           x.birth_date, x.age, x.ipp, x.nir, x.postcode, x.phone, x.email, x.sex
    FROM {raw} AS x
    LEFT JOIN {names} AS f ON x.family_raw = f.raw
    LEFT JOIN {names} AS b ON x.birth_raw = b.raw
    LEFT JOIN {names} AS g ON x.given_raw = g.raw
"""
_DERIVED = f"""
    unique_id, family, birth_name, family_ocr, birth_ocr, family_phon, birth_phon,
    CASE WHEN birth_name IS NOT NULL OR contains(family, ' ') THEN
        list_filter(string_split(concat_ws(' ', family, birth_name), ' '),
                    lambda w: length(w) >= {_MIN_PART}) END AS family_parts,
    given, split_part(given, ' ', 1) AS given1, given_ocr, given1_phon,
    CASE WHEN contains(given, ' ') THEN string_split(given, ' ') END AS given_parts,
    birth_date, strftime(birth_date, '%Y%m%d') AS birth_digits,
    year(birth_date)::SMALLINT AS birth_year, age::SMALLINT AS age,
    nullif(ipp, '') AS ipp, nullif(upper(replace(nir, ' ', '')), '') AS nir,
    nullif(postcode, '') AS postcode, nullif(left(postcode, 2), '') AS dept,
    CASE WHEN length(regexp_replace(phone, '[^0-9]', '', 'g')) >= 9
         THEN right(regexp_replace(phone, '[^0-9]', '', 'g'), 9) END AS phone,
    nullif(lower(trim(email)), '') AS email, nullif(sex, '') AS sex
"""


def _create(
    connection: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list[object]]
) -> None:
    """Table ``name`` from raw columns: names keyed once per spelling, the rest in SQL."""
    names = _name_keys(*(columns[c] for c in ("family_raw", "birth_raw", "given_raw")))  # type: ignore[arg-type]
    raw = pa.table(
        {
            **columns,
            "birth_date": pa.array(columns["birth_date"], pa.date32()),
            "age": pa.array(columns["age"], pa.int16()),
        }
    )
    connection.register(f"{name}_raw", raw)
    connection.register(f"{name}_spellings", names)
    connection.execute(
        f"CREATE TEMP TABLE {name}_names AS SELECT *, {_ocr_sql('name_key')} AS ocr "
        f"FROM {name}_spellings"
    )
    keyed = _KEYED.format(raw=f"{name}_raw", names=f"{name}_names")
    connection.execute(f"CREATE TABLE {name} AS SELECT {_DERIVED} FROM ({keyed})")
    connection.unregister(f"{name}_raw")
    connection.unregister(f"{name}_spellings")
    connection.execute(f"DROP TABLE {name}_names")
    del raw, names
    # Arrow's allocator keeps what it freed for reuse; nothing else here allocates Arrow
    # memory, so it is handed back (150 MB at a million patients, held through training).
    pa.default_memory_pool().release_unused()


def create_mention_table(
    connection: duckdb.DuckDBPyConnection,
    name: str,
    mentions: Sequence[PersonMention],
    reference: date,
) -> None:
    """The mentions as table ``name`` (``unique_id`` = ``mention.key``); printed ages
    carried forward from their document's date to ``reference``."""
    columns: dict[str, list[object]] = {
        "unique_id": [m.key for m in mentions],
        "family_raw": [m.family_name for m in mentions],
        "birth_raw": [m.birth_name for m in mentions],
        "given_raw": [m.given_names for m in mentions],
        "birth_date": [m.birth_date for m in mentions],
        "age": [m.age_at(reference) if m.birth_date is None else None for m in mentions],
        "ipp": [m.ipp for m in mentions],
        "nir": [m.nir for m in mentions],
        "postcode": [m.postcode for m in mentions],
        "phone": [m.phone for m in mentions],
        "email": [m.email for m in mentions],
        "sex": [m.sex for m in mentions],
    }
    _create(connection, name, columns)


def create_registry_table(
    connection: duckdb.DuckDBPyConnection, name: str, patients: Sequence[Patient]
) -> None:
    """The registry as table ``name`` (``unique_id`` and ``ipp`` = ``patient_id``)."""
    ids = [p.patient_id for p in patients]
    columns: dict[str, list[object]] = {
        "unique_id": ids,
        "family_raw": [p.family_name for p in patients],
        "birth_raw": [p.birth_name for p in patients],
        "given_raw": [p.given_names for p in patients],
        "birth_date": [p.birth_date for p in patients],
        "age": [None] * len(patients),
        "ipp": ids,
        "nir": [p.nir for p in patients],
        "postcode": [p.postcode for p in patients],
        "phone": [p.phone for p in patients],
        "email": [p.email for p in patients],
        "sex": [p.sex for p in patients],
    }
    _create(connection, name, columns)
