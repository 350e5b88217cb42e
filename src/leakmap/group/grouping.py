"""Group one document's findings into person mentions.

A mention is one person in one place: a label block, a letter header, a table row. In
running text each identifier goes to the nearest name before it (a label block lists the
name first), or, failing that, to the nearest name just after it (an IPP printed above
the name). Clinicians' names take identifiers too — the service's phone under a
signature belongs to the signature, not to the patient — but make no mention. A barcode
belongs to the first person of its page; a labelled IPP with no name near makes a mention
of its own, since the IPP alone designates a patient.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import date

from leakmap.detect.findings import (
    IDENTIFIER_CATEGORY,
    DocumentFindings,
    HealthEvidence,
    Identifier,
    IdentifierKind,
    NameHit,
    Role,
)
from leakmap.detect.health import categories_of
from leakmap.detect.identifiers.contact import INSTITUTIONAL_PHONE, RELATIVE_PHONE
from leakmap.detect.text import line_bounds
from leakmap.extract.document import ExtractedDocument
from leakmap.group.correspondents import settle_correspondents
from leakmap.group.mention import PersonMention, WithheldContact
from leakmap.vocabulary import Category

RULE = "mention-window.v1"
_AFTER_NAME = 320  # characters after a name within which its identifiers stand
_BEFORE_NAME = 160  # characters before a name for an identifier printed above it
_PERSONAL = frozenset(
    {IdentifierKind.BIRTH_DATE, IdentifierKind.IPP, IdentifierKind.NDA, IdentifierKind.NIR,
     IdentifierKind.PHONE, IdentifierKind.EMAIL, IdentifierKind.ADDRESS, IdentifierKind.POSTCODE,
     IdentifierKind.IBAN, IdentifierKind.CARD, IdentifierKind.AGE, IdentifierKind.SEX}
)  # fmt: skip
_STANDALONE_MIN_SCORE = 0.95  # an unnamed id makes a mention only when labelled or a barcode


def group_mentions(
    findings: DocumentFindings, document: ExtractedDocument | None = None
) -> tuple[PersonMention, ...]:
    """The person mentions of one document, in reading order.

    With the document's text, a block that is a list (one person a line: an OR planning,
    a lab worklist printed as text) gives each person the health categories of their own
    line and of the lines that hold no person (titles, column headers), not every line's.
    """
    by_place: dict[tuple[int, int], tuple[list[NameHit], list[Identifier]]] = defaultdict(
        lambda: ([], [])
    )
    settled = settle_correspondents(document, list(findings.names), list(findings.identifiers))
    names, found = settled.names, settled.identifiers
    for hit in names:
        by_place[(hit.location.block, hit.location.row)][0].append(hit)
    page_ids: list[Identifier] = []
    for identifier in found:
        if identifier.kind not in _PERSONAL or identifier.detector == INSTITUTIONAL_PHONE:
            continue
        location = identifier.location
        if location.block < 0 and location.row < 0:
            page_ids.append(identifier)
        else:
            by_place[(location.block, location.row)][1].append(identifier)
    groups: list[tuple[NameHit | None, list[Identifier]]] = []
    for (block, row), (hits, identifiers) in sorted(by_place.items()):
        text = document.blocks[block].text if document is not None and block >= 0 else ""
        if row < 0 and _is_list(hits, identifiers, text):
            groups += _group_list(hits, identifiers, text)
        else:
            groups += _group_place(hits, identifiers, whole=row >= 0)
    groups = _attach_page_ids(groups, page_ids)
    health = _health_by_row(findings.health)
    kept = [(h, ids) for h, ids in groups if h is None or h.role is not Role.CLINICIAN]
    lists = _list_lines(kept, document)
    on_lists = _list_categories(findings, document, lists)
    shared = _shared_categories(findings, document, lists)
    # The document's latest date: when its printed ages were true (``written_on``).
    latest = max(
        (i.value for i in findings.identifiers if i.kind is IdentifierKind.DATE), default=""
    )
    written_on = date.fromisoformat(latest) if latest else None
    mentions = []
    for hit, identifiers in kept:
        location = hit.location if hit else identifiers[0].location
        categories = on_lists.get((location.block, location.start))
        if categories is None:
            categories = shared | health.get(location.row, frozenset())
        day = _row_day(findings, location.row) or written_on
        mentions.append(_mention(findings, len(mentions), hit, identifiers, categories, day))
    withheld = _withheld(settled.withheld)
    return _care_list([replace(m, withheld=withheld) for m in mentions] if withheld else mentions)


def _row_day(findings: DocumentFindings, row: int) -> date | None:
    """The day a row's own table was written, where its tables were written apart (a
    workbook's "2019" and "2024" sheets): its printed age was true then."""
    days = findings.row_days
    return date.fromisoformat(days[row]) if 0 <= row < len(days) and days[row] else None


def _withheld(identifiers: tuple[Identifier, ...]) -> tuple[WithheldContact, ...]:
    """The document's withheld contacts, each value once, in a stable order."""
    contacts = {WithheldContact(i.kind, i.value) for i in identifiers if i.value}
    return tuple(sorted(contacts, key=lambda c: (c.kind, c.value)))


_CARE_LIST_SHARE = 1 / 3  # rows showing care that make a table a list of patients


def _care_list(mentions: list[PersonMention]) -> tuple[PersonMention, ...]:
    """A table where many people's own rows show care is a list of patients: a
    consultation agenda reads "1ère consultation" on some rows and "Suivi", "Résultats"
    on others, and everyone on it is exposed as a hospital patient (``health``), whatever
    their own row says. Only that generic category spreads: a specific one (oncology)
    stays with its row. Staff rows (an absence sheet) are left as they are.
    """

    def on_list(m: PersonMention) -> bool:
        return m.location.row >= 0 and m.role is not Role.STAFF

    rows = [m for m in mentions if on_list(m)]
    cared = sum(Category.HEALTH in m.categories for m in rows)
    if len(rows) < _LIST_MIN_PEOPLE or cared < _CARE_LIST_SHARE * len(rows):
        return tuple(mentions)
    return tuple(
        replace(m, categories=m.categories | {Category.HEALTH}) if on_list(m) else m
        for m in mentions
    )


_LIST_MIN_PEOPLE = 4  # people on distinct lines of one block that make it a list


def _list_lines(
    groups: list[tuple[NameHit | None, list[Identifier]]], document: ExtractedDocument | None
) -> dict[tuple[int, int], tuple[int, int]]:
    """(block, mention start) → (line start, line end) for mentions in list-like blocks."""
    if document is None:
        return {}
    by_block: dict[int, list[int]] = defaultdict(list)
    for hit, identifiers in groups:
        location = hit.location if hit else identifiers[0].location
        if location.block >= 0:
            by_block[location.block].append(location.start)
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for block, starts in by_block.items():
        text = document.blocks[block].text
        lines = {s: line_bounds(text, s) for s in starts}
        if len(set(lines.values())) >= _LIST_MIN_PEOPLE:
            found.update({(block, s): bounds for s, bounds in lines.items()})
    return found


def _list_categories(
    findings: DocumentFindings,
    document: ExtractedDocument | None,
    lists: dict[tuple[int, int], tuple[int, int]],
) -> dict[tuple[int, int], frozenset[Category]]:
    """(block, mention start) → health categories, for mentions on the lines of a list:
    the terms of their own line, of the lines that continue it, of their block's header
    lines (above the first person: title, column headers) and of the file's other text.

    A person-free line among the people is either a continuation of the line above (the
    analyses of a two-line entry) or a person detection missed (it has a date or a
    number like the rows around it): its terms go to the person above in the first case,
    to nobody in the second — never to the whole list (one "marqueurs tumoraux" row would
    make every patient of a lab worklist a cancer patient).
    """
    if not lists or document is None:
        return {}
    in_text = [item for item in findings.health if item.location.row < 0]
    lines_of: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for (block, _), bounds in lists.items():
        lines_of[block].add(bounds)
    categories: dict[tuple[int, int], frozenset[Category]] = {}
    for block, lines in lines_of.items():
        people_lines = sorted(lines)
        shared = [item for item in in_text if item.location.block != block]
        by_line: dict[tuple[int, int] | str, list[HealthEvidence]] = defaultdict(list)
        text = document.blocks[block].text
        for item in in_text:
            if item.location.block == block:
                by_line[_owning_line(text, people_lines, item.location.start)].append(item)
        shared += by_line.pop(_HEADER, [])
        for (b, start), bounds in lists.items():
            if b == block:
                categories[(b, start)] = categories_of(shared + by_line.get(bounds, []))
    return categories


def _shared_categories(
    findings: DocumentFindings,
    document: ExtractedDocument | None,
    lists: dict[tuple[int, int], tuple[int, int]],
) -> frozenset[Category]:
    """The categories every mention off a list's lines shares: the document's text terms,
    less those a list's lines own. An export whose first page is a text list (each line
    its patient's motive) and the rest table rows gave every row's person every motive
    of the first page; now a line's terms stay its person's (``_list_categories``)."""
    if not lists or document is None:
        return findings.health_categories
    lines_of: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for (block, _), bounds in lists.items():
        lines_of[block].add(bounds)
    kept = []
    for item in findings.health:
        block = item.location.block
        if item.location.row >= 0:
            continue
        if block in lines_of:
            text, lines = document.blocks[block].text, sorted(lines_of[block])
            if _owning_line(text, lines, item.location.start) != _HEADER:
                continue
        kept.append(item)
    return categories_of(kept)


#: Owners of a list block's terms other than a person's line: its header lines (every
#: person of the block) and person-free lines shaped like rows (nobody).
_HEADER, _NOBODY = "header", "nobody"


def _owning_line(
    text: str, people_lines: list[tuple[int, int]], start: int
) -> tuple[int, int] | str:
    """The person line a term of a list block belongs to (its own, or the one above the
    continuation line it is on), ``_HEADER`` or ``_NOBODY``."""
    for line in people_lines:
        if line[0] <= start < line[1]:
            return line
    if start < people_lines[0][0]:
        return _HEADER
    if _ROW_SHAPED.search(text, *line_bounds(text, start)):
        return _NOBODY
    return [line for line in people_lines if line[1] <= start][-1]


#: A line shaped like a person's row of a list: a date, or a number as long as an id.
_ROW_SHAPED = re.compile(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b|\b\d{6,}\b")


def _group_place(
    hits: list[NameHit], identifiers: list[Identifier], *, whole: bool
) -> list[tuple[NameHit | None, list[Identifier]]]:
    """Assign a block's (or row's) identifiers to its names."""
    hits = sorted(hits, key=lambda h: h.location.start)
    owned: dict[int, list[Identifier]] = {i: [] for i in range(len(hits))}
    loose: list[Identifier] = []
    for identifier in identifiers:
        owner = 0 if whole and hits else _owner(hits, identifier)
        if owner is not None and _is_someone_elses(identifier, hits[owner]):
            owner = None
        if owner is None:
            loose.append(identifier)
        else:
            owned[owner].append(identifier)
    groups: list[tuple[NameHit | None, list[Identifier]]] = [(hits[i], owned[i]) for i in owned]
    if whole and not hits and identifiers:
        return [(None, identifiers)] if _has_standalone_id(identifiers) else []
    groups += [(None, [i]) for i in loose if _has_standalone_id([i])]
    return groups


def _is_list(hits: list[NameHit], identifiers: list[Identifier], text: str) -> bool:
    """Whether a block is a list of one person a line (an OR planning, a lab worklist
    printed as text): people on at least ``_LIST_MIN_PEOPLE`` distinct lines, clinicians
    not counted, most of them with an identifier on their own line. A letter's label
    block puts the birth date and the IPP on the lines under the name instead: its
    identifiers stay with the nearest name.
    """
    if not text:
        return False
    lines = {line_bounds(text, h.location.start) for h in hits if h.role is not Role.CLINICIAN}
    if len(lines) < _LIST_MIN_PEOPLE:
        return False
    with_ids = {line_bounds(text, i.location.start) for i in identifiers} & lines
    return len(with_ids) >= _LIST_ROWS_WITH_IDS * len(lines)


_LIST_ROWS_WITH_IDS = 1 / 2  # share of a list's people lines that hold an identifier


def _group_list(
    hits: list[NameHit], identifiers: list[Identifier], text: str
) -> list[tuple[NameHit | None, list[Identifier]]]:
    """A list block's identifiers by line, as a table's by row: each goes to the person of
    its own line (the IPP printed before the name, "10000031  KERGOAT Yvonne", is hers, not
    the person's of the line above), or of the line its continuation line goes on
    (``_owning_line``); a header's or a person-free row's belongs to nobody (it stands
    alone when it designates a patient: a labelled IPP). Among several names on one line
    (a patient and the practitioner), the nearest rule of running text."""
    hits = sorted(hits, key=lambda h: h.location.start)
    line_of = [line_bounds(text, h.location.start) for h in hits]
    people_lines = sorted(set(line_of))
    owned: dict[int, list[Identifier]] = {i: [] for i in range(len(hits))}
    loose: list[Identifier] = []
    for identifier in identifiers:
        line = _owning_line(text, people_lines, identifier.location.start)
        on_line = [i for i, bounds in enumerate(line_of) if bounds == line]
        owner = _owner([hits[i] for i in on_line], identifier) if len(on_line) > 1 else None
        index = on_line[owner] if owner is not None else on_line[0] if on_line else None
        if index is not None and _is_someone_elses(identifier, hits[index]):
            index = None
        if index is None:
            loose.append(identifier)
        else:
            owned[index].append(identifier)
    groups: list[tuple[NameHit | None, list[Identifier]]] = [(hits[i], owned[i]) for i in owned]
    return groups + [(None, [i]) for i in loose if _has_standalone_id([i])]


def _is_someone_elses(identifier: Identifier, hit: NameHit) -> bool:
    """A relative's phone ("Personne à prévenir : 06…") beside a name that is no
    relative's: the patient's identity block, the contact's own name missed."""
    return identifier.detector == RELATIVE_PHONE and hit.role is not Role.THIRD_PARTY


def _owner(hits: list[NameHit], identifier: Identifier) -> int | None:
    start = identifier.location.start
    before = [i for i, h in enumerate(hits) if h.location.start <= start]
    if before:
        i = before[-1]
        if start - hits[i].location.end <= _AFTER_NAME:
            return i
    if identifier.kind in _NEVER_ABOVE:
        return None
    after = [i for i, h in enumerate(hits) if h.location.start > start]
    if after and hits[after[0]].location.start - identifier.location.end <= _BEFORE_NAME:
        return after[0]
    return None


#: Contacts printed above every name of running text are a letterhead's (the service's
#: phone, the secretariat's e-mail), not the first patient's: a person's own contact
#: follows their name ("Tél : …" in the identity block).
_NEVER_ABOVE = frozenset({IdentifierKind.PHONE, IdentifierKind.EMAIL})


def _has_standalone_id(identifiers: list[Identifier]) -> bool:
    return any(
        i.kind in (IdentifierKind.IPP, IdentifierKind.NIR) and i.score >= _STANDALONE_MIN_SCORE
        for i in identifiers
    )


def _attach_page_ids(
    groups: list[tuple[NameHit | None, list[Identifier]]], page_ids: list[Identifier]
) -> list[tuple[NameHit | None, list[Identifier]]]:
    """Barcodes go to the first non-clinician person on their page, else stand alone."""
    for identifier in page_ids:
        page = identifier.location.page
        target = next(
            (
                g
                for g in groups
                if g[0] is not None
                and g[0].location.page == page
                and g[0].role is not Role.CLINICIAN
            ),
            None,
        )
        if target is not None:
            target[1].append(identifier)
        elif identifier.kind is IdentifierKind.IPP:
            groups.append((None, [identifier]))
    return groups


def _preference(identifier: Identifier, hit: NameHit | None) -> tuple[bool, float, int]:
    """Which of two identifiers of one kind is the person's: the one printed after the
    name (a label block or an "Adresse :" line under it) before one printed above it (the
    letterhead's address, the service's phone), then the surer, then the nearer."""
    if hit is None:
        return (False, -identifier.score, 0)
    here, there = hit.location, identifier.location
    same_block = (here.page, here.block, here.row) == (there.page, there.block, there.row)
    after = same_block and there.start >= here.start
    distance = abs(there.start - here.start) if same_block else 1 << 30
    return (not after, -identifier.score, distance)


def _health_by_row(evidence: tuple[HealthEvidence, ...]) -> dict[int, frozenset[Category]]:
    rows: dict[int, list[HealthEvidence]] = defaultdict(list)
    for item in evidence:
        if item.location.row >= 0:
            rows[item.location.row].append(item)
    return {row: categories_of(items) for row, items in rows.items()}


def _mention(
    findings: DocumentFindings,
    index: int,
    hit: NameHit | None,
    identifiers: list[Identifier],
    health: frozenset[Category],
    written_on: date | None,
) -> PersonMention:
    first: dict[IdentifierKind, str] = {}
    for identifier in sorted(identifiers, key=lambda i: _preference(i, hit)):
        first.setdefault(identifier.kind, identifier.value)
    identity = {IDENTIFIER_CATEGORY[i.kind] for i in identifiers} - {None}
    if hit is not None:
        identity.add(Category.NAME)
    if IdentifierKind.IPP in first or IdentifierKind.NDA in first:
        # A hospital patient number says the person is (or was) a patient here: health data.
        health = health | {Category.HEALTH}
    birth = first.get(IdentifierKind.BIRTH_DATE, "")
    location = hit.location if hit else identifiers[0].location
    return PersonMention(
        document=findings.path,
        sha256=findings.sha256,
        index=index,
        family_name=hit.family_name if hit else "",
        given_names=hit.given_names if hit else "",
        birth_name=hit.birth_name if hit else "",
        birth_date=date.fromisoformat(birth) if birth else None,
        ipp=first.get(IdentifierKind.IPP, ""),
        nda=first.get(IdentifierKind.NDA, ""),
        nir=first.get(IdentifierKind.NIR, ""),
        phone=first.get(IdentifierKind.PHONE, ""),
        email=first.get(IdentifierKind.EMAIL, ""),
        postcode=first.get(IdentifierKind.POSTCODE, ""),
        age=int(first[IdentifierKind.AGE]) if IdentifierKind.AGE in first else None,
        address=first.get(IdentifierKind.ADDRESS, ""),
        sex=first.get(IdentifierKind.SEX, ""),
        role=hit.role if hit else Role.UNKNOWN,
        location=location,
        categories=frozenset(c for c in identity if c is not None) | health,
        written_on=written_on,
    )
