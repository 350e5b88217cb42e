"""Structured text kinds: markup (HTML, XML), JSON, HL7 v2 messages, SQL dumps, and
iCalendar / vCard files (``BEGIN:VCALENDAR``, ``BEGIN:VCARD``).

Each is told by how it opens, so that a CSV whose first cell holds ``<`` or ``{`` is not
taken for markup: XML opens with a declaration or a tag and ends with one, JSON opens
with an object or array (and parses, when the whole file was seen), HL7 opens with its
``MSH|`` header segment, a SQL dump holds ``INSERT INTO`` or ``CREATE TABLE`` statements
near its start.
"""

from __future__ import annotations

import json
import re

from leakmap.vocabulary import FileKind

_HL7_START = re.compile(r"^(?:FHS|BHS|MSH)([^A-Za-z0-9\s])[^A-Za-z0-9\s]{2,4}\1")
_JSON_START = re.compile(r'^[\[{]\s*(?:["{\[\]}]|-?\d|true|false|null)')
_SQL_STATEMENT = re.compile(
    r"^\s*(?:INSERT\s+INTO|CREATE\s+TABLE|COPY\s+\S+\s*\()", re.IGNORECASE | re.MULTILINE
)
_SQL_OPENING = re.compile(
    r"^\s*(?:--|/\*|#|SET\s|USE\s|DROP\s|LOCK\s|BEGIN|INSERT\s+INTO|CREATE\s+(?:TABLE|DATABASE)"
    r"|PRAGMA\s)",
    re.IGNORECASE,
)
_TAG = re.compile(r"^<[A-Za-z_!?]")


def text_kind(text: str, *, truncated: bool) -> FileKind | None:
    """The structured kind of a text sample, or ``None`` for plain text, CSV or mail."""
    head = text.lstrip("\ufeff \t\r\n")
    lowered = head[:512].lower()
    if lowered.startswith(("<!doctype html", "<html")):
        return FileKind.HTML
    if lowered.startswith("<?xml") or (
        _TAG.match(head) and (truncated or text.rstrip().endswith(">"))
    ):
        return FileKind.HTML if "<html" in lowered[:512] else FileKind.XML
    if _HL7_START.match(head):
        return FileKind.HL7
    opening = head[:16].upper()
    if opening.startswith("BEGIN:VCALENDAR"):
        return FileKind.ICS
    if opening.startswith("BEGIN:VCARD"):
        return FileKind.VCF
    if _is_json(head, truncated=truncated):
        return FileKind.JSON
    if _SQL_OPENING.match(head) and _SQL_STATEMENT.search(head):
        return FileKind.SQL
    return None


def _is_json(head: str, *, truncated: bool) -> bool:
    if not _JSON_START.match(head):
        return False
    if truncated:
        return True
    try:
        json.loads(head)
    except ValueError:
        return _is_ndjson(head)
    return True


def _is_ndjson(head: str) -> bool:
    """One JSON object a line (FHIR bulk data, log exports), two lines at least.

    Lines are split on ``\\n`` only: a JSON string may hold U+2028 or U+0085, where
    ``splitlines`` would cut it. The last line may be cut (a file truncated in the leak).
    """
    lines = [line for line in head.split("\n") if line.strip()]
    if len(lines) < 2:  # noqa: PLR2004
        return False
    return all(_is_object(line) for line in lines[:-1])


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
