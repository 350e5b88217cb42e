"""How a log line, warning or progress message names a leaked file: by its hash, never its text.

A leaked file's name is leaked data: ``Martin Jeanne - VIH.pdf``, a zip member named after
a patient and a diagnosis, a folder per patient. ``documents.csv`` (an output the case
protects) maps names to hashes; stderr and log files are not protected, so they carry only
the first hex digits of the file's sha256 (the ``sha256`` column of ``documents.csv``), or
of the leak path's own sha256 where the bytes are not known yet (a member that cannot be
read, a folder). An archive member is named by its archive's reference and its place in
the archive (``zip 3f2a9c01b7e4 member #12``): its place, not its name.

This module imports nothing from leakmap, so every stage, the executors and the CLI may use it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import traceback
import warnings
from pathlib import Path
from types import TracebackType
from typing import TextIO

#: Hex digits shown: 48 bits, enough to find one file among millions in ``documents.csv``.
REF_DIGITS = 12
_HEX = frozenset("0123456789abcdef")


def file_ref(path_or_sha: str | os.PathLike[str]) -> str:
    """``sha:3f2a9c01b7e4`` for a sha256 hex digest, ``path:…`` (its text's sha256) otherwise.

    The ``path:`` form hashes the text it is given, so the same leak path always gives the
    same reference: ``sha256(path)`` of a ``documents.csv`` row finds it again.
    """
    text = os.fspath(path_or_sha)
    if len(text) == 64 and set(text.lower()) <= _HEX:
        return f"sha:{text.lower()[:REF_DIGITS]}"
    digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
    return f"path:{digest[:REF_DIGITS]}"


def member_ref(ref: str, number: int) -> str:
    """An archive's or mail's member by its place: ``sha:3f2a9c01b7e4 member #12`` (from 1).

    ``ref`` is the container's :func:`file_ref`, made once for all its members.
    """
    return f"{ref} member #{number}"


def withhold_library_text() -> None:
    """Make stderr safe from other people's messages: libraries may quote leaked text.

    A library's warning, log record or exception message may quote what it was reading: a
    zip member's name (``KeyError: "There is no item named 'DUPONT VIH.pdf'"``), a sheet
    title, a mail subject. leakmap's own messages name files by :func:`file_ref` and pass
    as they are; everything else keeps its origin (library module, logger, exception type,
    traceback frames) and loses its text. Installed by the CLI before any work, so the
    forked workers inherit it; a worker started afresh (a Ray actor) calls it too. Calling
    it again changes nothing.
    """
    warnings.showwarning = _show_warning
    sys.excepthook = _show_exception
    root = logging.getLogger()
    if any(isinstance(handler.formatter, _LibraryTextWithheld) for handler in root.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(_LibraryTextWithheld())
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)


def _is_ours(module_or_logger: str) -> bool:
    return module_or_logger == "leakmap" or module_or_logger.startswith("leakmap.")


class _LibraryTextWithheld(logging.Formatter):
    """leakmap's records as written; a library's record by its logger and level only."""

    def format(self, record: logging.LogRecord) -> str:
        if _is_ours(record.name):
            return record.getMessage()
        return f"{record.name}: {record.levelname.lower()} withheld ({_WHY})"


_WHY = "a library's message may quote leaked text"


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    where = _code_place(filename)
    text = str(message) if _is_ours(where.replace("/", ".")) else f"text withheld ({_WHY})"
    print(f"{category.__name__} from {where}:{lineno}: {text}", file=file or sys.stderr)


def _show_exception(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """The traceback's frames (our code's places) and the exception's type, not its text."""
    frames = "".join(traceback.format_tb(trace))
    print(
        f"Traceback (most recent call last):\n{frames}{kind.__qualname__}: message withheld "
        f"({_WHY}); this is a leakmap bug, please report it with the frames above",
        file=sys.stderr,
    )


def _code_place(filename: str) -> str:
    """A source file's place from its package on (``openpyxl/reader/excel.py``)."""
    parts = Path(filename).parts
    for anchor in ("site-packages", "dist-packages", "src"):
        if anchor in parts:
            return "/".join(parts[len(parts) - parts[::-1].index(anchor) :])
    return Path(filename).name
