"""The hostile corpus: every kind of file that broke or nearly broke a scan, written into
a folder at test time (nothing fetched, nothing committed but this code).

Each entry names the file, the ``documents.csv`` statuses it may end with (a hostile
file is not expected to be read, only to become its row), and the archive members that
must have rows of their own. Everything in it is fictitious.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from hostile_archives import hostile_archives
from hostile_documents import hostile_documents
from hostile_pdfs import hostile_pdfs

#: The sparse file's size: above ``max_file_bytes``, and no disk spent on it.
SPARSE_BYTES = 1 << 30
#: The long CSV line of the issue was 300 MB. Read in windows, it costs detection about
#: 3 s per MB, so the whole-scan test writes 3 MB (three windows: the same path through
#: the extractors); ``tests/extract/test_long_lines.py`` reads 60 MB and measures memory.
LONG_LINE_BYTES = 3 << 20
_ANY = frozenset({"read", "partial", "unreadable"})


#: The reasons some files must be given (``documents.csv``'s reason, up to the colon):
#: where the right answer is known, "unreadable" alone is not enough.
EXPECTED_REASONS = {
    **{f"pdf_encrypted_r{r}_password.pdf": "encrypted" for r in (2, 3, 4, 5, 6)},
    "image_bomb.png": "too_large",
    "image_huge_dimensions.jpg": "too_large",
    "pdf_huge_image.pdf": "some_pages_failed",
    "laughs.docx": "xml_entity_expansion",
    "laughs.xlsx": "xml_entity_expansion",
    "laughs.odt": "xml_entity_expansion",
    "laughs.xml": "xml_entity_expansion",
    "sparse_1gb.txt": "too_large",
    "empty.pdf": "empty",
    "zip_nested_12.zip!/level10.zip!/level9.zip!/level8.zip!/level7.zip!/level6.zip!/"
    "level5.zip!/level4.zip!/level3.zip!/level2.zip": "nested_too_deep",
}


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """One hostile file: its name in the dump, the statuses allowed, members with rows."""

    name: str
    statuses: frozenset[str]
    members: tuple[str, ...] = ()


def build_corpus(root: Path, *, long_line_bytes: int = LONG_LINE_BYTES) -> list[CorpusEntry]:
    """Write every hostile file under ``root`` (created); return their entries."""
    root.mkdir(parents=True, exist_ok=True)
    entries: list[CorpusEntry] = []
    for name, (data, statuses) in {**hostile_pdfs(), **hostile_documents()}.items():
        (root / name).write_bytes(data)
        entries.append(CorpusEntry(name, statuses))
    for name, (data, statuses, members) in hostile_archives().items():
        (root / name).write_bytes(data)
        entries.append(CorpusEntry(name, statuses, members))
    write_long_line_csv(root / "long_line.csv", size=long_line_bytes)
    entries.append(CorpusEntry("long_line.csv", frozenset({"read", "partial"})))
    write_sparse_file(root / "sparse_1gb.txt", size=SPARSE_BYTES)
    entries.append(CorpusEntry("sparse_1gb.txt", frozenset({"unreadable"})))
    (root / "empty.pdf").write_bytes(b"")
    entries.append(CorpusEntry("empty.pdf", frozenset({"unreadable"})))
    return entries


def write_long_line_csv(path: Path, *, size: int) -> None:
    """A header, one row whose last cell is ``size`` bytes on one line, one short row."""
    chunk = b"FICTIF lorem ipsum dolor sit amet " * 2000
    with path.open("wb") as handle:
        handle.write(b"NOM;PRENOM;NOTE\nTESTCORPUS;Fictif;")
        written = 0
        while written < size:
            handle.write(chunk)
            written += len(chunk)
        handle.write(b"\nTESTCORPUS;Autre;court\n")


def write_sparse_file(path: Path, *, size: int) -> None:
    """A file of ``size`` bytes that holds one line of text and costs no disk."""
    with path.open("wb") as handle:
        handle.write(b"Note FICTIVE\n")
        os.truncate(handle.fileno(), size)
