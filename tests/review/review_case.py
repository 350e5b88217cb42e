"""A small fictitious case for the review workbench, built through the real stages.

Extracted documents are written by hand (text blocks, a table, an OCR'd scan with word
boxes over a real PDF on disk); detection, grouping and linkage are the real ones, and
everything goes into a real encrypted case through the store API. Exposures are graded
here with a fixed rule (not ENISA's) so that these tests do not depend on the assessment
stage. Every person is fictitious.

The case holds four ``review`` items (two pairs of same-name, same-birth-date homonyms,
one pair met twice, once on a scanned page) and several ``notify`` patients.
"""

from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from leakmap.assess.exposure import Exposure, SeverityScore
from leakmap.detect.document import DetectionContext, detect_document
from leakmap.detect.names import NameIndex
from leakmap.extract.document import Box, ExtractedDocument, TableRow, TextBlock
from leakmap.group.grouping import group_mentions
from leakmap.group.mention import PersonMention
from leakmap.link.attribution import Attribution
from leakmap.link.linker import link_mentions
from leakmap.link.registry import Patient
from leakmap.link.registry_index import RegistryIndex
from leakmap.report.case_outputs import write_case_outputs
from leakmap.settings import ScanSettings
from leakmap.store import Case, DocumentPath
from leakmap.vocabulary import HEALTH_CATEGORIES, Category, Decision, FileKind, ReadStatus, Severity

TODAY = date(2024, 6, 1)
OCR_DPI = 300
_FONT, _SIZE = "Helvetica", 12

# Fictitious registry: the shared test patients' layout, with two pairs of homonyms.
REGISTRY = [
    ("10000001", "Dupont", "", "Marie Claire", "1965-03-12", "F", "3 rue des Lilas", "75011", "Paris", "0612345678", "", ""),
    ("10000002", "Dupont", "", "Marie", "1971-07-04", "F", "", "69003", "Lyon", "", "", ""),
    ("10000003", "Durand", "Martin", "Jeanne", "1948-11-05", "F", "", "", "", "", "", ""),
    ("10000005", "Moreau-Vasseur", "", "Jean-Pierre", "1959-01-30", "M", "", "", "", "", "", ""),
    ("10000006", "Petitjean", "", "Hélène", "1980-02-29", "F", "", "", "Brest", "", "", ""),
    ("10000007", "Petitjean", "", "Hélène", "1980-02-29", "F", "", "", "Nantes", "", "", ""),
    ("10000008", "Leroy", "", "Anne", "1975-06-15", "F", "", "", "", "", "", ""),
    ("10000009", "Zarkovic", "", "Milan", "1990-10-10", "M", "", "", "", "", "", ""),
    ("10000010", "Martin", "", "Paul", "1982-05-05", "M", "", "", "Lille", "", "", ""),
    ("10000011", "Martin", "", "Paul", "1982-05-05", "M", "", "", "Rouen", "", "", ""),
    ("10000012", "Bernard", "", "Luc", "1977-09-09", "M", "", "", "Metz", "", "", ""),
    ("10000013", "Bernard", "", "Luc", "1977-09-09", "M", "", "", "Nancy", "", "", ""),
]  # fmt: skip

NOTE = (
    "Patiente PETITJEAN Hélène née le 29/02/1980, échographie obstétricale.\n"
    "Accompagnée de sa soeur LEROY Anne née le 15/06/1975, tél 06 11 22 33 44."
)
PATHOLOGY = (
    "COMPTE RENDU D'ANATOMOPATHOLOGIE\nDUPONT Marie Claire\nNée le 12/03/1965    IPP : 10000001\n"
    "Biopsie mammaire gauche : carcinome canalaire infiltrant.\nDr Anne LEROY, pathologiste"
)
PSYCHIATRY = (
    "Patient : M. MARTIN Paul, né le 05/05/1982\n"
    "Episode dépressif, suivi au CMP. Contact : son frère BERNARD Luc né le 09/09/1977."
)
SCAN_LINES = [
    "Patiente PETITJEAN Hélène née le 29/02/1980",
    "Echographie obstétricale du deuxième trimestre.",
    "Personne à prévenir : DUPONT Marie née le 04/07/1971",
]
WORKLIST = [
    (("NOM", "ZARKOVIC"), ("PRENOM", "Milan"), ("DDN", "10/10/1990"), ("IPP", "10000009"), ("Examen", "Sérologie VIH")),
    (("NOM", "MOREAU-VASSEUR"), ("PRENOM", "Jean-Pierre"), ("DDN", "30/01/1959"), ("IPP", "10000005"), ("Examen", "Glycémie")),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReviewCase:
    """Where the case is, and what the tests need to know about it."""

    case_dir: Path
    dump: Path
    scan_path: str
    patients: tuple[Patient, ...]


def registry_patients() -> list[Patient]:
    """The fictitious registry as records."""
    return [Patient(p[0], *p[1:4], date.fromisoformat(p[4]), *p[5:]) for p in REGISTRY]


def build_review_case(root: Path) -> ReviewCase:
    """Write the dump's scan, build and store the case under ``root``; return where."""
    dump, case_dir = root / "dump", root / "case"
    dump.mkdir(parents=True, exist_ok=True)
    patients = registry_patients()
    context = DetectionContext(NameIndex.build(patients), ScanSettings(workers=1), TODAY)
    documents = [
        _text_document("notes/note.txt", NOTE),
        _text_document("anapath/cr.txt", PATHOLOGY),
        _text_document("psy/consultation.txt", PSYCHIATRY),
        _table_document("labo/worklist.csv", WORKLIST),
        _scan_document(dump, "scans/echo.pdf", SCAN_LINES),
    ]
    with Case.open(case_dir) as case:
        case.replace_patients(patients)
        wave = case.start_wave(str(dump.resolve()))
        mentions: list[PersonMention] = []
        for document, size in documents:
            findings = detect_document(document, context)
            found = group_mentions(findings)
            mentions += found
            case.record_content(
                document=document,
                findings=findings,
                mentions=found,
                paths=[_row(document, size, wave)],
            )
        _link_and_store(case, patients, mentions)
        case.finish_wave(wave)
    return ReviewCase(case_dir, dump, "scans/echo.pdf", tuple(patients))


def _link_and_store(case: Case, patients: list[Patient], mentions: list[PersonMention]) -> None:
    attributions = link_mentions(
        mentions, RegistryIndex.build(patients), ScanSettings(workers=1), today=date.today()
    )
    exposures = graded_exposures(attributions)
    case.replace_results(attributions=attributions, exposures=exposures, unregistered=[])
    write_case_outputs(case.directory, list(case.documents()), attributions, exposures, [])


def graded_exposures(attributions: list[Attribution]) -> list[Exposure]:
    """Exposures as assessment makes them, graded by a fixed test rule."""
    mentions: dict[str, list[PersonMention]] = defaultdict(list)
    notify: set[str] = set()
    best: dict[str, float] = defaultdict(float)
    for attribution in attributions:
        if attribution.decision is None:
            continue
        for candidate in attribution.candidates:
            if (
                attribution.decision is Decision.NOTIFY
                and candidate.patient_id != attribution.patient_id
            ):
                continue
            mentions[candidate.patient_id].append(attribution.mention)
            best[candidate.patient_id] = max(best[candidate.patient_id], candidate.probability)
            if attribution.decision is Decision.NOTIFY:
                notify.add(candidate.patient_id)
    return [
        _exposure(pid, pid in notify, best[pid], found) for pid, found in sorted(mentions.items())
    ]


def _exposure(
    pid: str, is_notify: bool, confidence: float, mentions: list[PersonMention]
) -> Exposure:
    categories = frozenset().union(*(m.categories for m in mentions)) | {Category.NAME}
    sensitive = categories & (HEALTH_CATEGORIES - {Category.HEALTH})
    severity = (
        Severity.VERY_HIGH
        if Category.MENTAL_HEALTH in categories
        else (Severity.HIGH if sensitive else Severity.MEDIUM)
    )
    score = SeverityScore(3.0, 1.0, 0.0, 3.0, severity, ("test grading",))
    return Exposure(
        patient_id=pid,
        decision=Decision.NOTIFY if is_notify else Decision.REVIEW,
        confidence=round(confidence, 4),
        severity=score,
        categories=categories,
        documents=tuple(sorted({m.document for m in mentions})),
        mention_keys=tuple(sorted({m.key for m in mentions})),
    )


def _text_document(path: str, text: str) -> tuple[ExtractedDocument, int]:
    data = text.encode()
    document = ExtractedDocument(
        path, hashlib.sha256(data).hexdigest(), FileKind.TXT, ReadStatus.READ, pages=1,
        blocks=(TextBlock(1, text),),
    )  # fmt: skip
    return document, len(data)


def _table_document(
    path: str, rows: list[tuple[tuple[str, str], ...]]
) -> tuple[ExtractedDocument, int]:
    text = "\n".join(";".join(v for _, v in row) for row in rows)
    table = tuple(TableRow("worklist", i, cells) for i, cells in enumerate(rows, start=1))
    document = ExtractedDocument(
        path, hashlib.sha256(text.encode()).hexdigest(), FileKind.CSV, ReadStatus.READ, pages=1,
        rows=table,
    )  # fmt: skip
    return document, len(text)


def _scan_document(dump: Path, path: str, lines: list[str]) -> tuple[ExtractedDocument, int]:
    """A real PDF on disk and its 'OCR' result: the text with each word's box at 300 dpi."""
    data = scan_pdf(lines)
    target = dump / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    text, words = _ocr_words(lines)
    document = ExtractedDocument(
        path, hashlib.sha256(data).hexdigest(), FileKind.PDF, ReadStatus.READ, pages=1, ocr=True,
        blocks=(TextBlock(1, text, ocr=True, words=tuple(words)),),
    )  # fmt: skip
    return document, len(data)


def scan_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with these lines, as a scanned letter would look."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont(_FONT, _SIZE)
    for number, line in enumerate(lines):
        page.drawString(72, _baseline(number), line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _baseline(number: int) -> float:
    return 760 - number * 24


def _ocr_words(lines: list[str]) -> tuple[str, list[tuple[int, int, Box]]]:
    """The page text and the box of every word, in pixels at ``OCR_DPI``."""
    scale = OCR_DPI / 72
    page_height = A4[1]
    words: list[tuple[int, int, Box]] = []
    offset = 0
    for number, line in enumerate(lines):
        top = page_height - _baseline(number) - _SIZE
        x = 72.0
        start = 0
        for word in line.split(" "):
            width = stringWidth(word, _FONT, _SIZE)
            box = Box(
                round(x * scale),
                round(top * scale),
                round(width * scale),
                round(_SIZE * 1.25 * scale),
            )
            words.append((offset + start, offset + start + len(word), box))
            x += width + stringWidth(" ", _FONT, _SIZE)
            start += len(word) + 1
        offset += len(line) + 1
    return "\n".join(lines), words


def _row(document: ExtractedDocument, size: int, wave: int) -> DocumentPath:
    return DocumentPath(
        path=document.path, sha256=document.sha256, size=size, kind=document.kind.value,
        pages=document.pages, ocr=document.ocr, status=document.status.value, reason="", wave=wave,
    )  # fmt: skip
