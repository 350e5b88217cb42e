"""What a leaked file is, decided from its bytes, never from its name.

Leaked dumps are renamed, truncated and mislabelled (``scan.pdf`` that is a JPEG,
``export.txt`` that is a CSV, ``.doc`` that is really a DOCX), so the extension is only
ever a display hint. The checks, in order: empty, DICOM (``DICM`` at byte 128, before any
image magic: its preamble may be a TIFF header), magic numbers (PDF, ZIP, images), the
members of a ZIP (OOXML word or spreadsheet, binary XLSB, else a plain archive), other
binary magic (``sniff_binary``: archives, OLE, old Excel's BIFF records), RFC 822 headers
(EML), then text: CSV when one delimiter splits every sampled line into the same number
of fields, else TXT. Binary that is none of these is ``unknown``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from charset_normalizer import from_bytes

from leakmap.vocabulary import FileKind
from leakmap.walk.sniff_binary import binary_kind, is_dicom, ole_streams, zip_member_kind
from leakmap.walk.sniff_text import text_kind

#: Bytes read from the start of a file to decide its kind.
HEAD_BYTES = 64 * 1024
#: Delimiters a CSV may use, in order of preference when several fit.
DELIMITERS = ",;\t|"
#: Lines of a text sample looked at for delimiter consistency.
_SAMPLE_LINES = 20
#: Fewest lines that make a table (a header and one row).
_MIN_TABLE_LINES = 2
#: A table under a title: at most this many title lines, and then at least this many
#: lines of at least this many fields (prose must not pass for a table).
_MAX_TITLE_LINES = 3
_MIN_LINES_UNDER_TITLE = 4
_MIN_WIDTH_UNDER_TITLE = 3
#: Share of control characters above which decoded bytes are not text.
_MAX_CONTROL_SHARE = 0.01
#: Share of bytes above 127 under which an undecided 8-bit sample is still text.
_MAX_HIGH_SHARE = 0.1

_MAGIC: tuple[tuple[bytes, FileKind], ...] = (
    (b"%PDF", FileKind.PDF),
    (b"\x89PNG\r\n\x1a\n", FileKind.IMAGE),
    (b"\xff\xd8\xff", FileKind.IMAGE),
    (b"II*\x00", FileKind.IMAGE),
    (b"MM\x00*", FileKind.IMAGE),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: A PDF header may follow some junk (the spec tolerates it within the first KiB).
_PDF_SEARCH_BYTES = 1024

_HEADER_LINE = re.compile(r"^[!-9;-~]+:[ \t]?")
_MAIL_HEADERS = frozenset(
    {"from", "to", "cc", "subject", "date", "message-id", "mime-version", "received",
     "return-path", "reply-to", "sender", "delivered-to", "x-mailer", "content-type"}
)  # fmt: skip
#: Known mail headers a real message carries at the least (From plus one, typically).
_MIN_MAIL_HEADERS = 2


def sniff_path(path: Path, size: int) -> FileKind:
    """The kind of a file on disk; reads its head, and a ZIP's central directory."""
    if size == 0:
        return FileKind.EMPTY
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    return sniff_head(
        head,
        truncated=size > len(head),
        zip_names=lambda: _zip_names(path),
        ole_names=lambda: ole_streams(path),
    )


def sniff_content(data: bytes) -> FileKind:
    """The kind of a file held in memory (an archive member, a mail attachment)."""
    if not data:
        return FileKind.EMPTY
    head = data[:HEAD_BYTES]
    return sniff_head(
        head,
        truncated=len(data) > len(head),
        zip_names=lambda: _zip_names(io.BytesIO(data)),
        ole_names=lambda: ole_streams(data),
    )


#: An HL7 v2 message or batch header: MSH, FHS or BHS, a field separator, then the
#: encoding characters and the separator again ("MSH|^~\\&|", "FHS!^~\\&!").
_HL7_BYTES = re.compile(rb"(?:MSH|FHS|BHS)([^A-Za-z0-9\s])[^A-Za-z0-9\s]{2,4}\1")

#: An HPRIM Santé or ASTM E1394 header record: ``H``, a field separator, three or four
#: encoding characters, the separator again (``H|~^\\&|``, ``H|\\^&|``).
_HPRIM_BYTES = re.compile(rb"H([^A-Za-z0-9\s])[^A-Za-z0-9\s]{3,4}\1")


def sniff_head(
    head: bytes,
    *,
    truncated: bool,
    zip_names: Callable[[], list[str] | None],
    ole_names: Callable[[], list[str] | None] = lambda: None,
) -> FileKind:
    """The kind from the first bytes; ``zip_names`` and ``ole_names`` list a ZIP's or an
    OLE compound file's members when asked (they need the whole file)."""
    if not head:
        return FileKind.EMPTY
    if is_dicom(head):  # its free preamble may hold a TIFF header
        return FileKind.DICOM
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"%PDF-" in head[:_PDF_SEARCH_BYTES]:
        return FileKind.PDF
    if head.startswith(_ZIP_MAGIC):
        return zip_member_kind(head) or _zip_kind(zip_names())
    opening = head.lstrip(b"\x0b\xef\xbb\xbf\r\n \t")
    if _HL7_BYTES.match(opening):
        return FileKind.HL7  # before decoding: a Latin-1 feed's few accents are no binary
    if _HPRIM_BYTES.match(opening):
        return FileKind.HPRIM
    binary = binary_kind(head, ole_names)
    if binary is not None:
        return binary
    text = decode_sample(head, truncated=truncated)
    if text is None:
        return FileKind.UNKNOWN
    structured = text_kind(text, truncated=truncated)
    if structured is not None:
        return structured
    if looks_like_mail(text):
        return FileKind.EML
    lines = sample_lines(text, truncated=truncated)
    return FileKind.CSV if guess_delimiter(lines) else FileKind.TXT


def decode_sample(head: bytes, *, truncated: bool) -> str | None:
    """The head as text, or ``None`` when it is binary.

    Only delimiters and header names are looked at here, so an approximate 8-bit decoding
    is good enough; the extractor picks the real encoding of the whole file.
    """
    if head.startswith(_TEXT_BOMS):
        return _decode_bom(head)
    if b"\x00" in head:
        return None
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=not truncated)
    except UnicodeDecodeError:
        # An 8-bit file (a Latin-1 lab feed, a cp1252 export): charset_normalizer may not
        # settle a short sample with a few accents, so few non-ASCII bytes also make text.
        if from_bytes(head).best() is None and not _mostly_ascii(head):
            return None
        text = head.decode("latin-1")
    controls = sum(1 for c in text if c < " " and c not in "\t\n\r\f")
    return None if controls > _MAX_CONTROL_SHARE * len(text) else text


def _mostly_ascii(head: bytes) -> bool:
    """Few bytes above 127: French text in an 8-bit code page has a handful of accents a
    line, where compressed or encrypted bytes are half above 127."""
    high = sum(1 for byte in head if byte > 0x7F)  # noqa: PLR2004
    return high <= _MAX_HIGH_SHARE * len(head)


def looks_like_mail(text: str) -> bool:
    """True when the text opens with an RFC 822 header block naming known mail headers
    (counted up to the first line that is no header: a long header a broken mailer did
    not fold, after ``From`` and ``To``, leaves a mail a mail)."""
    lines = text.lstrip("\r\n").splitlines()
    if lines and lines[0].startswith("From "):  # mbox separator line
        lines = lines[1:]
    known = 0
    for line in lines:
        if not line.strip():
            break
        if line[0] in " \t":
            continue
        if not _HEADER_LINE.match(line):  # a broken mailer's unfolded line ends the headers
            break
        known += line.split(":", 1)[0].lower() in _MAIL_HEADERS
    return known >= _MIN_MAIL_HEADERS


def sample_lines(text: str, *, truncated: bool) -> list[str]:
    """Up to a few dozen non-blank lines, dropping a last line the head cut in two."""
    lines = text.splitlines()
    if truncated and lines:
        lines = lines[:-1]
    return [line for line in lines if line.strip()][:_SAMPLE_LINES]


def guess_delimiter(lines: Iterable[str]) -> str | None:
    """The delimiter that splits every line into the same number (2+) of fields, the
    first line or few aside when they are a title ("Liste de travail du 20/6/2019").

    Quoted fields are honoured (a comma inside ``"Dupont, Marie"`` does not count). When
    several delimiters fit, the one giving the most fields wins. ``None``: not a table.
    """
    lines = list(lines)
    found = _uniform_delimiter(lines)
    for skip in range(1, _MAX_TITLE_LINES + 1):
        if found or len(lines) - skip < _MIN_LINES_UNDER_TITLE:
            break
        found = _uniform_delimiter(lines[skip:], min_width=_MIN_WIDTH_UNDER_TITLE)
    return found


def _uniform_delimiter(lines: list[str], *, min_width: int = 2) -> str | None:
    text = "\n".join(lines)
    best: tuple[int, str] | None = None
    for delimiter in DELIMITERS:
        width = _consistent_width(text, delimiter)
        if width >= min_width and (best is None or width > best[0]):
            best = (width, delimiter)
    return best[1] if best else None


def _consistent_width(text: str, delimiter: str) -> int:
    """The field count every row shares, or 0; two-field rows need a third line.

    Two lines of prose with one comma each would otherwise pass for a table.
    """
    try:
        counts = [len(fields) for fields in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error:
        return 0
    if len(counts) < _MIN_TABLE_LINES or len(set(counts)) != 1 or counts[0] < 2:
        return 0
    if counts[0] == 2 and len(counts) <= _MIN_TABLE_LINES:
        return 0
    return counts[0]


def _decode_bom(head: bytes) -> str:
    encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-16"
    return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head, final=False)


def _zip_kind(names: list[str] | None) -> FileKind:
    """OOXML documents are ZIPs too: their members say which kind they are."""
    if names is None:
        return FileKind.ZIP
    members = set(names)
    if "[Content_Types].xml" in members:
        if "word/document.xml" in members:
            return FileKind.DOCX
        if "xl/workbook.xml" in members:
            return FileKind.XLSX
        if "xl/workbook.bin" in members:
            return FileKind.XLSB
        if "ppt/presentation.xml" in members:
            return FileKind.PPTX
    return FileKind.ZIP


def _zip_names(source: Path | io.BytesIO) -> list[str] | None:
    """A ZIP's member names, or ``None`` when its directory cannot be read."""
    try:
        with zipfile.ZipFile(source) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, IndexError, NotImplementedError):
        return None
