"""The mail house's file: ``CASE/letters/print_shop.csv``, one row per letter to post, streamed.

Why streamed: at a million letters the rows (address blocks) would be held in memory,
then sorted, then encoded and sealed as one buffer. Here the caller hands the letters in
their final order (by postcode, then reference: the order La Poste's sorting tariffs
want) and each row goes to the file as it comes, through ``csv`` into the 0600 partial
file that is renamed into place at the end (``private_files.open_private``). When the
case seals its outputs the rows are encrypted on the way, as an age stream written by a
thread from a pipe: no plaintext row touches the disk, and the sealed file is
``print_shop.csv.age`` like every other output (``output_files``).

Columns: ``reference`` (the letter's, quoted by the person), ``pdf`` (the letter's file
in ``letters/``), ``kind`` (patient, parents, heirs, staff), ``language``, ``pages``,
``line1``..``line6`` (the NF Z 10-011 window block, as printed), ``postcode``, ``city``,
``enclosure`` (the complaint kit's PDF, to put in the same envelope).
"""

from __future__ import annotations

import csv
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyrage

from leakmap.private_files import open_private
from leakmap.report.output_files import LETTERS_DIR, output_recipient, sealed_name

PRINT_SHOP_FILE = "print_shop.csv"
PRINT_SHOP_HEADER = (
    "reference", "pdf", "kind", "language", "pages",
    "line1", "line2", "line3", "line4", "line5", "line6", "postcode", "city", "enclosure",
)  # fmt: skip
ADDRESS_LINES = 6


def print_shop_path(case_dir: Path) -> Path:
    """Where the print-shop file of a case goes (before any ``.age``)."""
    return case_dir / LETTERS_DIR / PRINT_SHOP_FILE


def print_shop_written(case_dir: Path) -> Path:
    """The print-shop file as written: ``print_shop.csv``, or ``.age`` in a sealed case."""
    path = print_shop_path(case_dir)
    return path if output_recipient(case_dir) is None else sealed_name(path)


def sort_key(postcode: str, reference: str) -> tuple[str, str]:
    """The order of the rows: postcode, then reference (staff, without postcode, first)."""
    return (postcode, reference)


@contextmanager
def print_shop_rows(case_dir: Path) -> Iterator[Any]:
    """A ``csv`` writer whose ``writerow`` streams into the case's print-shop file.

    The header is written first; the file appears (renamed into place) when the block
    ends without error, and the path written is then ``print_shop_rows.written``.
    """
    path = print_shop_path(case_dir)
    recipient = output_recipient(case_dir)
    target = path if recipient is None else sealed_name(path)
    with open_private(target, "wb", durable=True) as handle:
        if recipient is None:
            yield from _rows_into(handle)
        else:
            yield from _sealed_rows_into(handle, recipient)
    if recipient is not None:
        path.unlink(missing_ok=True)


def _rows_into(handle: IO[bytes]) -> Iterator[Any]:
    text = _TextOut(handle)
    writer = csv.writer(text)
    writer.writerow(PRINT_SHOP_HEADER)
    yield writer
    text.flush()


def _sealed_rows_into(handle: IO[bytes], recipient: object) -> Iterator[Any]:
    """Rows written into a pipe that a thread encrypts into ``handle`` as they come."""
    read_end, write_end = os.pipe()
    failure: list[BaseException] = []

    def seal() -> None:
        with os.fdopen(read_end, "rb") as source:
            try:
                pyrage.encrypt_io(source, handle, [recipient])
            except BaseException as error:  # noqa: BLE001 - handed to the writing thread
                failure.append(error)
                source.read()  # drain, so the writer never blocks on a full pipe

    sealer = threading.Thread(target=seal, name="print-shop-seal", daemon=True)
    sealer.start()
    with os.fdopen(write_end, "wb") as sink:
        text = _TextOut(sink)
        writer = csv.writer(text)
        writer.writerow(PRINT_SHOP_HEADER)
        yield writer
        text.flush()
    sealer.join()
    if failure:
        raise failure[0]


class _TextOut:
    """A text sink for ``csv`` that buffers and writes UTF-8 to a binary handle."""

    __slots__ = ("_handle", "_parts", "_size")
    _FLUSH_AT = 1 << 16

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= self._FLUSH_AT:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._parts:
            self._handle.write("".join(self._parts).encode("utf-8"))
            self._parts, self._size = [], 0


def padded_block(lines: Sequence[str]) -> list[str]:
    """The window block as exactly ``ADDRESS_LINES`` columns (empty lines at the end)."""
    kept = list(lines)[:ADDRESS_LINES]
    return kept + [""] * (ADDRESS_LINES - len(kept))
