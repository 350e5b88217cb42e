"""RAR archives (v4 and v5), read in memory with libarchive under the walk's budget.

RAR is proprietary to write but free to read: libarchive (BSD licence; Debian's
``libarchive13t64``, pulled in by ``libarchive-tools``) reads both versions, through the
``libarchive-c`` binding. Members are treated exactly like a ZIP's: the member cap,
the ratio and expanded-bytes caps (a member declaring more than the ratio cap times the
whole archive is a bomb, and every read is bounded), the nesting depth, names that try to
leave the archive normalised and noted. The archive is read twice: headers first, so that
a truncated or damaged archive is marked ``corrupt`` (its detail says ``truncated``) before
any member is handed on; then the data, member by member. A member whose data is
encrypted is ``encrypted``; an archive whose headers are encrypted (``rar -hp``) too.
"""

from __future__ import annotations

import ctypes
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from leakmap.log_names import file_ref
from leakmap.vocabulary import Reason
from leakmap.walk.leaked_file import LeakedFile
from leakmap.walk.limits import ExpansionBudget
from leakmap.walk.member_file import member_file, placeholder
from leakmap.walk.member_names import UniqueNames, safe_member_name

log = logging.getLogger(__name__)

#: Bytes asked of libarchive at a time when a member is read.
BLOCK_BYTES = 64 * 1024
_INSTALL_HINT = "libarchive missing: install Debian's libarchive-tools (or libarchive13t64)"


@dataclass(frozen=True, slots=True)
class _Header:
    name: str
    size: int
    encrypted: bool


def open_rar(
    container: LeakedFile, budget: ExpansionBudget
) -> tuple[LeakedFile, Iterator[LeakedFile]]:
    """The archive itself (marked when it cannot be read) and an iterator of its members."""
    try:
        import libarchive  # noqa: PLC0415 - the shared library is optional until a RAR leaks
    except (ImportError, OSError, AttributeError, TypeError):
        return _marked(container, Reason.UNSUPPORTED, _INSTALL_HINT), iter(())
    try:
        headers = _headers(libarchive, container)
    except libarchive.ArchiveError as error:
        return _marked(container, *_why(error)), iter(())
    if not budget.can_hold(len(headers)):
        return _marked(container, Reason.ARCHIVE_BOMB, "more members than the cap"), iter(())
    return container, _members(libarchive, container, headers, budget)


def _reader(libarchive: Any, container: LeakedFile) -> Any:
    if container.source is not None:
        return libarchive.file_reader(str(container.source), block_size=BLOCK_BYTES)
    return libarchive.memory_reader(container.read_bytes())


def _headers(libarchive: Any, container: LeakedFile) -> list[_Header]:
    """Every regular file's header, read to the archive's end (libarchive skips the data)."""
    with _reader(libarchive, container) as archive:
        return [
            _Header(entry.pathname or "", entry.size or 0, _is_encrypted(libarchive, entry))
            for entry in archive
            if entry.isfile
        ]


def _members(
    libarchive: Any, container: LeakedFile, headers: list[_Header], budget: ExpansionBudget
) -> Iterator[LeakedFile]:
    names = UniqueNames()
    too_deep = budget.is_too_deep(container.path)
    pending = iter(headers)
    with _reader(libarchive, container) as archive:
        for entry in archive:
            if not entry.isfile:
                continue
            header = next(pending)
            name, unsafe = safe_member_name(header.name)
            path = container.path.child(names.claim(name))
            if not budget.take_member():
                yield placeholder(path, header.size, Reason.ARCHIVE_BOMB, "member cap reached")
                return
            if too_deep:
                yield placeholder(path, header.size, Reason.TOO_DEEP)
                continue
            if header.encrypted:
                yield placeholder(path, header.size, Reason.ENCRYPTED, "password-protected rar")
                continue
            refusal = budget.refuse(header.size, container.size)
            if refusal is not None:
                yield placeholder(path, header.size, *refusal)
                continue
            if unsafe:
                ref = file_ref(container.sha256 or str(container.path))  # never the name
                log.warning("rar %s: member name leaves the archive", ref)
            try:
                data = _bounded_read(entry, min(budget.read_limit, budget.ratio_limit(container.size)))  # fmt: skip
            except libarchive.ArchiveError as error:
                yield placeholder(path, header.size, *_why(error))
                return
            if data is None:
                yield placeholder(path, header.size, Reason.ARCHIVE_BOMB, "expanded past the cap")
                continue
            budget.spend(len(data))
            yield member_file(path, data, unsafe=unsafe)


def _bounded_read(entry: Any, limit: int) -> bytes | None:
    """The member's bytes, or ``None`` once they pass ``limit`` (never more is held)."""
    buffer = io.BytesIO()
    for block in entry.get_blocks(BLOCK_BYTES):
        buffer.write(block)
        if buffer.tell() > limit:
            return None
    return buffer.getvalue()


def _is_encrypted(libarchive: Any, entry: Any) -> bool:
    """libarchive's own flag (``archive_entry_is_encrypted``, libarchive >= 3.2)."""
    function = getattr(libarchive.ffi.libarchive, "archive_entry_is_encrypted", None)
    if function is None:
        return False
    function.argtypes = [ctypes.c_void_p]
    function.restype = ctypes.c_int
    return bool(function(entry._entry_p))


def _why(error: Exception) -> tuple[Reason, str]:
    """The reason for an archive or member libarchive refused, from its message."""
    message = str(getattr(error, "msg", None) or "")
    lowered = message.lower()
    if "encrypt" in lowered or "passphrase" in lowered or "password" in lowered:
        return Reason.ENCRYPTED, "password-protected rar"
    if not message or "truncat" in lowered or "premature" in lowered or "unexpected end" in lowered:  # fmt: skip
        return Reason.CORRUPT, "truncated"
    return Reason.CORRUPT, message[:200]


def _marked(container: LeakedFile, problem: Reason, detail: str) -> LeakedFile:
    return replace(container, problem=problem, problem_detail=detail)
