"""7z archives, read in memory with ``py7zr`` under the walk's budget.

The declared sizes are checked first (member cap, ratio, expanded bytes), then the whole
archive is decompressed once into bounded in-memory buffers (``py7zr`` decompresses
solid blocks as a whole, so member by member would redo the work). A password-protected
archive ends ``encrypted``; a damaged one ``corrupt``.
"""

from __future__ import annotations

import io
import lzma
import zlib
from collections.abc import Iterator
from dataclasses import replace

import py7zr
from py7zr.io import Py7zBytesIO, Py7zIO, WriterFactory

from leakmap.vocabulary import Reason
from leakmap.walk.leaked_file import LeakedFile
from leakmap.walk.limits import ExpansionBudget
from leakmap.walk.member_file import member_file, placeholder
from leakmap.walk.member_names import UniqueNames, safe_member_name

SEVEN_ZIP_ERRORS = (
    py7zr.exceptions.Bad7zFile, py7zr.DecompressionError, py7zr.UnsupportedCompressionMethodError,
    OSError, EOFError, ValueError, KeyError, IndexError, TypeError, LookupError,
    py7zr.exceptions.CrcError,  # a member changed after its CRC was written
    lzma.LZMAError, zlib.error,  # damaged packed bytes (a CRC error) surface as the codec's error
)  # fmt: skip


class _BoundedBuffers(WriterFactory):
    """Collects each member's bytes, up to ``limit`` each."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.buffers: dict[str, Py7zBytesIO] = {}
        self._last: str | None = None

    def create(self, filename: str) -> Py7zIO:
        self.buffers[filename] = Py7zBytesIO(filename, self.limit + 1)
        self._last = filename
        return self.buffers[filename]

    def drop_last(self) -> str | None:
        """Forget the member written last (the one a damage was found in); its name."""
        name, self._last = self._last, None
        if name is not None:
            self.buffers.pop(name, None)
        return name


def open_seven_zip(
    container: LeakedFile, budget: ExpansionBudget
) -> tuple[LeakedFile, Iterator[LeakedFile]]:
    """The archive itself (marked when it cannot be read) and its members."""
    source = container.source or io.BytesIO(container.read_bytes())
    try:
        with py7zr.SevenZipFile(source) as archive:
            if archive.needs_password():
                return _marked(container, Reason.ENCRYPTED, "password-protected 7z"), iter(())
            infos = [info for info in archive.list() if not info.is_directory]
            declared = sum(info.uncompressed or 0 for info in infos)
            if not budget.can_hold(len(infos)):
                return _marked(container, Reason.ARCHIVE_BOMB, "more members than the cap"), iter(
                    ()
                )
            refusal = budget.refuse(declared, container.size)
            if refusal is not None:
                return _marked(container, *refusal), iter(())
            buffers = _BoundedBuffers(budget.read_limit)
            try:
                archive.extractall(factory=buffers)
            except SEVEN_ZIP_ERRORS as error:
                # the members decompressed before the damage keep their bytes; the one
                # being written when it was found is not trusted. py7zr checks every
                # member of a folder on the way, so those after the damage are lost.
                buffers.drop_last()
                marked = _marked(container, Reason.CORRUPT, type(error).__name__)
                return marked, _members(container, infos, buffers, budget)
    except py7zr.PasswordRequired:
        return _marked(container, Reason.ENCRYPTED, "password-protected 7z"), iter(())
    except SEVEN_ZIP_ERRORS as error:
        return _marked(container, Reason.CORRUPT, type(error).__name__), iter(())
    return container, _members(container, infos, buffers, budget)


def _members(
    container: LeakedFile,
    infos: list[py7zr.FileInfo],
    buffers: _BoundedBuffers,
    budget: ExpansionBudget,
) -> Iterator[LeakedFile]:
    names = UniqueNames()
    too_deep = budget.is_too_deep(container.path)
    for info in infos:
        name, unsafe = safe_member_name(info.filename)
        path = container.path.child(names.claim(name))
        size = info.uncompressed or 0
        buffer = buffers.buffers.pop(info.filename, None)
        if not budget.take_member():
            yield placeholder(path, size, Reason.ARCHIVE_BOMB, "member cap reached")
            return
        if too_deep:
            yield placeholder(path, size, Reason.TOO_DEEP)
            continue
        if buffer is None:
            yield placeholder(path, size, Reason.CORRUPT, "member not decompressed")
            continue
        buffer.seek(0)
        data = buffer.read()
        if len(data) > budget.read_limit:
            yield placeholder(path, size, Reason.ARCHIVE_BOMB, "expanded past the cap")
            continue
        budget.spend(len(data))
        yield member_file(path, data, unsafe=unsafe)


def _marked(container: LeakedFile, problem: Reason, detail: str) -> LeakedFile:
    return replace(container, problem=problem, problem_detail=detail)
