"""SQL dumps (mysqldump, pg_dump ``--inserts``, SQLite ``.dump``) → one row per inserted row.

``INSERT INTO patients (nom, ddn) VALUES ('DUPONT', '1961-03-02'), (...);`` gives rows keyed
by the column list; without one, by the columns of the table's ``CREATE TABLE``, else
``col1..n``. The values are scanned by hand (quoted strings with ``''`` or ``\\'``
escapes, bare numbers and ``NULL``), never executed. Text outside statements (comments)
is dropped: it is the dump tool's, not the hospital's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from leakmap.extract.document import TableRow
from leakmap.extract.encoding import decode_text
from leakmap.extract.parts import ExtractedParts
from leakmap.extract.tables import default_keys
from leakmap.settings import ScanSettings

_NAME = r"[`\"\[]?([\w.$]+?)[`\"\]]?"
_CREATE = re.compile(rf"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?{_NAME}\s*\(", re.IGNORECASE)
_INSERT = re.compile(
    rf"INSERT\s+(?:IGNORE\s+)?INTO\s+{_NAME}\s*(\([^)]*\))?\s*VALUES\s*", re.IGNORECASE
)
_CONSTRAINT = re.compile(
    r"^(?:PRIMARY|UNIQUE|KEY|INDEX|CONSTRAINT|FOREIGN|CHECK|FULLTEXT)\b", re.IGNORECASE
)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "", "'": "'", '"': '"', "\\": "\\"}


def extract_sql(data: bytes, settings: ScanSettings) -> ExtractedParts:
    """Every inserted row, keyed by its column names, sheet = the table's name."""
    text = decode_text(data)
    columns = dict(_create_tables(text))
    rows: list[TableRow] = []
    for match in _INSERT.finditer(text):
        table = _bare(match[1])
        keys = _column_list(match[2]) if match[2] else columns.get(table.lower(), ())
        for values in value_tuples(text, match.end()):
            names = keys if len(keys) == len(values) else default_keys(len(values))
            rows.append(TableRow(table, len(rows) + 1, tuple(zip(names, values, strict=True))))
    return ExtractedParts(rows=tuple(rows))


def value_tuples(text: str, start: int) -> Iterator[tuple[str, ...]]:
    """The ``(...)`` tuples of one VALUES clause, from ``start`` to its ``;``."""
    position = start
    while position < len(text):
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] != "(":
            return
        values, position = _tuple_at(text, position + 1)
        yield tuple(values)


def _tuple_at(text: str, position: int) -> tuple[list[str], int]:
    """The values of one tuple opened just before ``position``, and where it ends."""
    values: list[str] = []
    current: list[str] = []
    while position < len(text):
        char = text[position]
        if char in "'\"":
            literal, position = _quoted(text, position)
            current.append(literal)
            continue
        if char in ",)":
            token = "".join(current).strip()
            values.append("" if token.upper() == "NULL" else token)
            current = []
            if char == ")":
                return values, position + 1
        else:
            current.append(char)
        position += 1
    return values, position


def _quoted(text: str, position: int) -> tuple[str, int]:
    quote, out = text[position], []
    position += 1
    while position < len(text):
        char = text[position]
        if char == "\\" and position + 1 < len(text):
            out.append(_ESCAPES.get(text[position + 1], text[position + 1]))
            position += 2
        elif char == quote and text[position + 1 : position + 2] == quote:
            out.append(quote)
            position += 2
        elif char == quote:
            return "".join(out), position + 1
        else:
            out.append(char)
            position += 1
    return "".join(out), position


def _create_tables(text: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    """``(table, column names)`` of each ``CREATE TABLE`` statement."""
    for match in _CREATE.finditer(text):
        body, depth, position = [], 1, match.end()
        while position < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[position], 0)
            body.append(text[position])
            position += 1
        yield _bare(match[1]).lower(), _definitions("".join(body[:-1]))


def _definitions(body: str) -> tuple[str, ...]:
    names = []
    for line in re.split(r",(?![^()]*\))", body):
        line = line.strip()
        if line and not _CONSTRAINT.match(line):
            names.append(_bare(line.split()[0]))
    return tuple(names)


def _column_list(text: str) -> tuple[str, ...]:
    return tuple(_bare(name.strip()) for name in text.strip("()").split(","))


def _bare(name: str) -> str:
    return name.strip().strip('`"[]').rsplit(".", 1)[-1]
