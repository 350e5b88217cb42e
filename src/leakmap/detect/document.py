"""Detection over a whole extracted document: every block, every row, every barcode.

Compute only: the result is a ``DocumentFindings`` that grouping reads; nothing is stored.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from leakmap.detect.civil_titles import title_sexes
from leakmap.detect.column_roles import RegistryNames
from leakmap.detect.dates import find_dates
from leakmap.detect.document_date import RULE as DOCUMENT_DATE_RULE
from leakmap.detect.document_date import document_date
from leakmap.detect.findings import (
    DocumentFindings,
    HealthEvidence,
    Identifier,
    IdentifierKind,
    Location,
    NameHit,
    Role,
)
from leakmap.detect.health import categories_of, find_health, find_row_health
from leakmap.detect.identifiers import (
    find_addresses,
    find_cards,
    find_emails,
    find_hospital_ids,
    find_ibans,
    find_nirs,
    find_phones,
)
from leakmap.detect.identifiers.place import Place
from leakmap.detect.names import NameIndex, find_registry_names
from leakmap.detect.ner import find_ner_names_in
from leakmap.detect.ocr_mend import mend_ocr_digits
from leakmap.detect.patterns import LABELLED, find_pattern_names
from leakmap.detect.rows import (
    AGE_MAX,
    CELL_SEPARATOR,
    absence_reasons,
    detect_row,
    is_staff_row,
    row_text,
)
from leakmap.detect.table_reading import TableReading, read_tables, tables_apart
from leakmap.detect.text import fold, line_bounds, tokenize
from leakmap.extract.document import Barcode, ExtractedDocument, TableRow
from leakmap.settings import ScanSettings

DATES_RULE = "dates.v1"


@dataclass(frozen=True, slots=True)
class DetectionContext:
    """What every detector needs besides the document: the registry names and settings."""

    names: NameIndex
    settings: ScanSettings
    today: date


def detect_document(document: ExtractedDocument, context: DetectionContext) -> DocumentFindings:
    """All identifiers, names and health evidence of a document."""
    identifiers: list[Identifier] = []
    names: list[NameHit] = []
    health: list[HealthEvidence] = []
    blocks = [(b.text, Place(b.page, block=i)) for i, b in enumerate(document.blocks)]
    # Each table's column roles, once, from its headers and its values.
    registry = RegistryNames(
        context.names.given_tokens,
        context.names.patient_ids,
        context.names.given_words,
        context.names.cities,
    )
    # The date the rows sit under: their "28/01" takes its year, their ages were true then
    # (each table's own, where its title or sheet gives one).
    day = document_date(document, today=context.today)
    tables = read_tables(
        document.rows,
        registry,
        family_names=context.names.given_tokens,
        today=context.today,
        document_day=day,
    )
    # Rows whose columns name no person are read as running text: with the blocks, so
    # that NER reads the whole document in one model call (its cost per call is fixed).
    texts = [i for i, table in enumerate(tables) if not table.names_person]
    places = [Place(row.page, row=i) for i, row in enumerate(document.rows)]
    rows_as_text = [(row_text(document.rows[i]), places[i]) for i in texts]
    ocr = [b.ocr for b in document.blocks] + [False] * len(rows_as_text)
    found_in_texts = detect_texts(blocks + rows_as_text, context, ocr=ocr)
    row_lines = _row_lines(document.rows)
    for block, found in zip(document.blocks, found_in_texts[: len(blocks)], strict=False):
        identifiers += found[0]
        names += [n for n in found[1] if not _across_row_cells(block.text, n, row_lines)]
        health += found[2]
    read = dict(zip(texts, found_in_texts[len(blocks) :], strict=True))
    if day is not None:
        identifiers.append(_document_day(day))
    for index, row in enumerate(document.rows):
        found = _detect_table_row(row, places[index], context, read.get(index), tables[index])
        identifiers += found[0]
        names += found[1]
        health += found[2]
    identifiers += _barcode_identifiers(document.barcodes, context)
    if day is not None and _is_a_birth_day(day, identifiers):
        # "DUPONT_Marie_19650312.pdf" names the patient's birth, not the day written.
        day, identifiers = None, [i for i in identifiers if i.detector != "document_date"]
    identifiers = _births_before(identifiers, day)
    headers = " ".join(
        {h for row in document.rows for h, _ in row.cells} | {r.sheet for r in document.rows}
    )
    health += find_health(headers, tokenize(fold(headers)), Place(1))
    # Folder and file names say what a file is ("Laboratoire/Résultats", "liste_labo").
    where = document.path.replace("_", " ")
    health += find_health(where, tokenize(fold(where)), Place(0))
    block_health = [h for h in health if h.location.row < 0]
    row_days = _row_days(document, tables, identifiers) if tables_apart(tables) else ()
    return DocumentFindings(
        path=document.path,
        sha256=document.sha256,
        identifiers=tuple(identifiers),
        names=tuple(names),
        health=tuple(health),
        health_categories=categories_of(block_health),
        row_days=row_days,
    )


def _row_days(
    document: ExtractedDocument, tables: Sequence[TableReading], identifiers: list[Identifier]
) -> tuple[str, ...]:
    """For each row, the latest day its own table shows: its rows' dates, its title's or
    sheet's day, the dates of the text on its pages and the document's own (page 0). Asked
    only of a document whose tables say they were written apart (``tables_apart``)."""
    by_row: dict[int, str] = {}
    by_page: dict[int, str] = {}
    for identifier in identifiers:
        if identifier.kind is not IdentifierKind.DATE:
            continue
        where, value = identifier.location, identifier.value
        if where.row >= 0:
            by_row[where.row] = max(by_row.get(where.row, ""), value)
        else:
            by_page[where.page] = max(by_page.get(where.page, ""), value)
    latest: dict[int, str] = {}  # by table (its reading's id)
    for index, (row, table) in enumerate(zip(document.rows, tables, strict=True)):
        own = table.day.isoformat() if table.day is not None else ""
        days = (latest.get(id(table), ""), by_row.get(index, ""), by_page.get(row.page, ""), own)
        latest[id(table)] = max(*days, by_page.get(0, ""))
    return tuple(latest[id(table)] for table in tables)


def detect_text(
    text: str, place: Place, context: DetectionContext
) -> tuple[list[Identifier], list[NameHit], list[HealthEvidence]]:
    """Detection over running text (a page, a mail body, a row read as text)."""
    return detect_texts([(text, place)], context)[0]


_DEFAULT_KEY = re.compile(r"col[0-9]+")


def _row_lines(rows: Sequence[TableRow]) -> frozenset[frozenset[str]]:
    """The cells of each row of a table read under its header: a document writes its
    tables into its text too (a line a row, cells tab-separated), where that line is
    read again as running text."""
    return frozenset(
        frozenset(value.strip() for _, value in row.cells if value.strip())
        for row in rows
        if not all(_DEFAULT_KEY.fullmatch(key) for key, _ in row.cells)
    )


def _across_row_cells(text: str, name: NameHit, row_lines: frozenset[frozenset[str]]) -> bool:
    """A name read across two cells of a line that is a table row the rows already read:
    "Dr J. ROUX<TAB>LAURENT Dorothée" is an anaesthetist and a patient, not ROUX Laurent.
    A banner table with no header ("DUPONT<TAB>Marie<TAB>né le ...") is no such row: its
    name across cells is the patient's."""
    start, end = name.location.start, name.location.end
    if "\t" not in text[start:end]:
        return False
    first, last = line_bounds(text, start)
    cells = frozenset(cell.strip() for cell in text[first:last].split("\t") if cell.strip())
    return len(cells) > 1 and cells in row_lines


def detect_texts(
    texts: list[tuple[str, Place]],
    context: DetectionContext,
    *,
    ocr: Sequence[bool] | None = None,
) -> list[tuple[list[Identifier], list[NameHit], list[HealthEvidence]]]:
    """``detect_text`` over many texts (a document's blocks), NER batched in one model call;
    ``ocr`` says which texts OCR read (their clinical words are read through its slips)."""
    read_by_ocr = ocr or [False] * len(texts)
    drafts = [
        _draft(text, place, context, ocr=by_ocr)
        for (text, place), by_ocr in zip(texts, read_by_ocr, strict=True)
    ]
    if context.settings.use_ner:
        extra = find_ner_names_in([(d.text, d.place, d.names) for d in drafts])
        for draft, found in zip(drafts, extra, strict=True):
            if found:
                draft.names = sorted(draft.names + found, key=lambda h: h.location.start)
    return [_finish(d) for d in drafts]


@dataclass(slots=True)
class _Draft:
    """One text's findings before NER has added its names."""

    text: str
    place: Place
    folded: str
    identifiers: list[Identifier]
    names: list[NameHit]
    health: list[HealthEvidence]


def _draft(text: str, place: Place, context: DetectionContext, *, ocr: bool = False) -> _Draft:
    folded = fold(text)
    tokens = tokenize(folded)
    dates = find_dates(text, folded, today=context.today)
    identifiers = [
        _date_identifier(d.value, d.is_birth, text, d.start, d.end, place) for d in dates
    ]
    identifiers += find_nirs(text, place) + find_phones(text, place) + find_emails(text, place)
    identifiers += find_addresses(text, place) + find_ibans(text, place) + find_cards(text, place)
    identifiers += find_hospital_ids(
        text,
        place,
        ipp_patterns=context.settings.ipp_patterns,
        nda_patterns=context.settings.nda_patterns,
        registry_ids=context.names.patient_ids,
    )
    health = find_health(text, tokens, place, ocr=ocr)
    # Names are read where OCR's digits-for-letters are mended ("MART1N"): same offsets.
    mended = mend_ocr_digits(text)
    if mended is not text:
        text, folded = mended, fold(mended)
        tokens = tokenize(folded)
    registry_hits = find_registry_names(folded, tokens, context.names, place, text)
    births = [d.start for d in dates if d.is_birth or _opens_list_line(text, d.start, d.value)]
    pattern_hits = find_pattern_names(text, folded, place, births, context.names.given_tokens)
    names = _merge_names(registry_hits, pattern_hits)
    return _Draft(text, place, folded, identifiers, names, health)


#: A list line opening with a name, its date after it ("- ROUSSO Georges, 31/01/1964, tél
#: ..."): NOM in capitals, one to three given names in title case, a comma.
_LIST_LINE_NAME = re.compile(
    r"[ \t]*(?:[-•*–·][ \t]*)?[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’ \-]{1,40}[ \t]+"
    r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’\-]+(?:[ \t\-][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’\-]+){0,2}[ \t]*[,;][ \t]*"
)
_LIST_LINE_CHARS = 80


def _opens_list_line(text: str, start: int, value: date) -> bool:
    """A date that follows the name opening its list line: the person's birth, as
    ``_birth_after_name`` reads it after a registry name, so that the name patterns find a
    name the registry does not hold as written (misspelt, unregistered) there too."""
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start > _LIST_LINE_CHARS or value.year < 1900:  # noqa: PLR2004
        return False
    return _LIST_LINE_NAME.fullmatch(text, line_start, start) is not None


def _finish(draft: _Draft) -> tuple[list[Identifier], list[NameHit], list[HealthEvidence]]:
    text, identifiers = draft.text, draft.identifiers
    emails = [i.location for i in identifiers if i.kind is IdentifierKind.EMAIL]
    names = [n for n in draft.names if not any(e.start <= n.location.start < e.end for e in emails)]
    kept = [_birth_after_name(i, names, text) for i in _drop_overlaps(identifiers)]
    kept += _ages(text, draft.folded, draft.place)
    kept += title_sexes(text, names)  # "Mme LE GOFF Marie": the record's word on her sex
    return kept, names, draft.health


#: An age as clinical documents write it: "(57 ans)", "57 ans", "âgée de 57 ans". Durations
#: ("depuis 10 ans", "il y a 3 ans", "pendant 2 ans") are not ages.
_AGE = re.compile(r"(?<![0-9])([0-9]{1,3}) ?ANS\b")
#: An age after its label, as forms and list lines write it: "Âge : 54", "AGE 7". Not a
#: gestational age ("Âge gestationnel", "32 SA") nor months or days of a newborn.
_LABELLED_AGE = re.compile(
    r"\bAGE {0,3}([0-9]{1,3})(?![0-9])(?! {0,2}(?:MOIS|M|JOURS?|J|SEMAINES?|SEM|SA|ANS?)\b)"
)
_NOT_AGE_BEFORE = re.compile(r"\b(?:DEPUIS|IL Y A|PENDANT|DURANT|TOUS LES|APRES|AVANT|DE|EN)\s*$")


def _ages(text: str, folded: str, place: Place) -> list[Identifier]:
    found = []
    matches = [*_AGE.finditer(folded), *_LABELLED_AGE.finditer(folded)]
    for match in matches:
        before = " ".join(folded[max(0, match.start() - 20) : match.start()].split())
        if int(match[1]) > AGE_MAX or (_NOT_AGE_BEFORE.search(before) and "AGE" not in before):
            continue
        found.append(
            Identifier(
                kind=IdentifierKind.AGE,
                value=str(int(match[1])),
                raw=text[match.start() : match.end()],
                location=place.at(match.start(), match.end()),
                detector="age",
                rule="age.v1",
                score=0.8,
                score_before_context=0.8,
            )
        )
    return found


#: What may stand between a name and its birth date on a list line: separators, a sex
#: letter, an id number ("MICHEL Laurent   230579842  26.05.1926").
_AFTER_NAME = re.compile(r"[\s,;:(|\-–]*(?:[MFH]\s*[|,;]\s*)?(?:[0-9]{5,12}[\s,;:|\-–]+)?")
_AFTER_NAME_WINDOW = 32


def _birth_after_name(identifier: Identifier, names: list[NameHit], text: str) -> Identifier:
    if identifier.kind is not IdentifierKind.DATE:
        return identifier
    start = identifier.location.start
    for name in names:
        if name.role is Role.CLINICIAN:
            continue
        end = name.location.end
        if end <= start <= end + _AFTER_NAME_WINDOW and _AFTER_NAME.fullmatch(text, end, start):
            return dataclasses.replace(identifier, kind=IdentifierKind.BIRTH_DATE, score=0.85)
    return identifier


def _detect_table_row(
    row: TableRow,
    place: Place,
    context: DetectionContext,
    as_text: tuple[list[Identifier], list[NameHit], list[HealthEvidence]] | None,
    table: TableReading,
) -> tuple[list[Identifier], list[NameHit], list[HealthEvidence]]:
    """One row, read by its table (``table_reading``): by its columns when they name a
    person, else ``as_text``: the row's text as ``detect_texts`` read it with the
    document's blocks, its health terms with it."""
    # In a staff table the "Service" cell is where someone works, not their care; an
    # absence sheet's reason ("Longue maladie", "Congé maternité") is the employee's health.
    staff = is_staff_row(row, staff_table=table.staff)
    reasons = absence_reasons(row)
    if as_text is not None:
        return as_text[0], as_text[1], [] if staff and not reasons else as_text[2]
    cells = reasons if staff else [v for _, v in row.cells]
    health = find_row_health(cells, CELL_SEPARATOR, place) if cells else []
    identifiers, names = detect_row(
        row,
        place,
        today=context.today,
        registry_ids=context.names.patient_ids,
        family_names=context.names.given_tokens,
        given_first=table.given_first,
        roles=table.roles,
        document_day=table.day,
        staff_table=table.staff,
    )
    return identifiers, names, health


#: A date written with a two-digit year ("02/06/26"), as its raw text shows it.
_TWO_DIGIT_YEAR = re.compile(r"(?<![0-9])[0-9]{1,2} ?[/.\-] ?[0-9]{1,2} ?[/.\-] ?[0-9]{2}(?![0-9])")
_CENTURY = 100


def _births_before(identifiers: list[Identifier], day: date | None) -> list[Identifier]:
    """Birth dates of two-digit years put in the century before the document's date:
    a death register of 2021 that prints "née le 02/06/26" means 1926, though the scan's
    day would read 2026. The document's date is its own (``document_date``), else its
    latest date (when its printed ages were true, as grouping reads it)."""
    latest = max((i.value for i in identifiers if i.kind is IdentifierKind.DATE), default="")
    reference = day.isoformat() if day is not None else latest
    if not reference:
        return identifiers
    return [
        _century_before(i)
        if i.kind is IdentifierKind.BIRTH_DATE and i.value > reference and _TWO_DIGIT_YEAR.search(i.raw)
        else i
        for i in identifiers
    ]  # fmt: skip


def _century_before(identifier: Identifier) -> Identifier:
    born = date.fromisoformat(identifier.value)
    try:
        earlier = born.replace(year=born.year - _CENTURY)
    except ValueError:  # 29 February of a year whose century before was no leap year
        return identifier
    return dataclasses.replace(identifier, value=earlier.isoformat())


def _is_a_birth_day(day: date, identifiers: list[Identifier]) -> bool:
    """Whether the document's date is a birth date it prints."""
    return any(
        i.kind is IdentifierKind.BIRTH_DATE and i.value == day.isoformat() for i in identifiers
    )


def _document_day(day: date) -> Identifier:
    """The document's own date (``document_date``), as a date of the document that
    stands nowhere in its text: grouping takes its latest date as when its ages were true."""
    return Identifier(
        kind=IdentifierKind.DATE,
        value=day.isoformat(),
        raw="",
        location=Place(0).at(0, 0),
        detector="document_date",
        rule=DOCUMENT_DATE_RULE,
        score=0.6,
        score_before_context=0.6,
    )


def _date_identifier(
    value: date, is_birth: bool, text: str, start: int, end: int, place: Place
) -> Identifier:
    return Identifier(
        kind=IdentifierKind.BIRTH_DATE if is_birth else IdentifierKind.DATE,
        value=value.isoformat(),
        raw=text[start:end],
        location=place.at(start, end),
        detector="dates",
        rule=DATES_RULE,
        score=0.95 if is_birth else 0.6,
        score_before_context=0.5,
    )


def _barcode_identifiers(
    barcodes: tuple[Barcode, ...], context: DetectionContext
) -> list[Identifier]:
    found = []
    for barcode in barcodes:
        value = barcode.text.strip()
        is_ipp = any(re.fullmatch(p, value) for p in context.settings.ipp_patterns)
        found.append(
            Identifier(
                kind=IdentifierKind.IPP if is_ipp else IdentifierKind.BARCODE,
                value=value,
                raw=value,
                location=Location(page=barcode.page, box=barcode.box),
                detector=f"barcode.{barcode.format}",
                rule="barcode.v1",
                score=0.99 if value in context.names.patient_ids else 0.9,
                score_before_context=0.9,
            )
        )
    return found


def _merge_names(registry: list[NameHit], patterns: list[NameHit]) -> list[NameHit]:
    """Registry hits win, unless a pattern hit over the same place also found given names
    (a "Nom : / Prénom :" form on two lines), or is that form ("Nom de naissance : BOYER /
    Prénom(s) : Robert Yannick Nicolas" is not Mr ROBERT because ROBERT is a family name
    too); other pattern hits are kept as they are."""
    kept = list(registry)
    for hit in patterns:
        overlapping = [r for r in kept if _overlap(hit.location, r.location)]
        if not overlapping:
            kept.append(hit)
        elif hit.given_names and (
            hit.detector == LABELLED or all(not r.given_names for r in overlapping)
        ):
            kept = [r for r in kept if r not in overlapping] + [hit]
    return sorted(kept, key=lambda h: h.location.start)


def _drop_overlaps(identifiers: list[Identifier]) -> list[Identifier]:
    """One identifier per span: a NIR is not also a phone, an IPP not also a date."""
    priority = {IdentifierKind.NIR: 0, IdentifierKind.IBAN: 0,
                IdentifierKind.CARD: 0, IdentifierKind.IPP: 1,
                IdentifierKind.NDA: 1, IdentifierKind.BIRTH_DATE: 2, IdentifierKind.EMAIL: 2,
                IdentifierKind.PHONE: 3, IdentifierKind.DATE: 4}  # fmt: skip
    ordered = sorted(identifiers, key=lambda i: (priority.get(i.kind, 5), i.location.start))
    kept: list[Identifier] = []
    for identifier in ordered:
        if identifier.kind in (IdentifierKind.ADDRESS, IdentifierKind.POSTCODE) or not any(
            _overlap(identifier.location, k.location)
            and k.kind not in (IdentifierKind.ADDRESS, IdentifierKind.POSTCODE)
            for k in kept
        ):
            kept.append(identifier)
    return sorted(kept, key=lambda i: i.location.start)


def _overlap(a: Location, b: Location) -> bool:
    return a.block == b.block and a.row == b.row and a.start < b.end and b.start < a.end
