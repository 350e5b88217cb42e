"""RAR archives (v4 and v5), read in memory with libarchive under the walk's budget.

RAR is proprietary to write but free to read: libarchive (BSD licence; Debian's
``libarchive13t64``, pulled in by ``libarchive-tools``) reads both versions, through the
``libarchive-c`` binding. Members are treated exactly like a ZIP's: the member cap,
the ratio and expanded-bytes caps (a member declaring more than the ratio cap times the
whole archive is a bomb, and every read is bounded), the nesting depth, names that try to
leave the archive normalised and noted. The archive is read twice: headers first, then
the data, member by member. A member whose data is encrypted is ``encrypted``; an
archive whose headers are encrypted (``rar -hp``) too.

One damaged member costs one row: a member whose data fails (a CRC error, a cut) is
``corrupt`` with libarchive's reason and the next members are still read; where
libarchive cannot go on past it (a truncated archive), the members listed but not
reached get a row saying why. A truncated archive is itself ``corrupt: truncated``, its
members read up to the cut. Solid RAR 4 archives, which libarchive refuses outright,
are listed from their headers (``rar4_headers``, which also lists a damaged RAR 4 past
the header libarchive stops at): the members libarchive reads before
the first solid one are read, the others are ``unsupported_format`` (``solid rar4: needs
unrar``), each with its own row. Solid RAR 5 archives are read by libarchive.
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
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.limits import ExpansionBudget
from leakmap.walk.member_file import member_file, placeholder
from leakmap.walk.member_names import UniqueNames, safe_member_name
from leakmap.walk.rar4_headers import rar4_members

log = logging.getLogger(__name__)

#: Bytes asked of libarchive at a time when a member is read.
BLOCK_BYTES = 64 * 1024
_INSTALL_HINT = "libarchive missing: install Debian's libarchive-tools (or libarchive13t64)"
#: libarchive's refusal of a solid RAR 4 member, and what the row says instead.
_SOLID_REFUSAL = "solid archive support unavailable"
SOLID_RAR4 = "solid rar4: needs unrar"
#: What a member listed after the one libarchive stopped at says.
_PAST_DAMAGE = "after a damaged member"
#: Most headers a solid RAR 4 is listed to (one over the default member cap, so that the
#: budget's cap refuses a bigger one; a listing holds names only).
LISTED_MEMBERS_CAP = 100_001


@dataclass(frozen=True, slots=True)
class _Header:
    name: str
    size: int
    encrypted: bool


@dataclass(frozen=True, slots=True)
class _Listing:
    """The headers read, and why the listing stopped early (``None``: it did not)."""

    headers: tuple[_Header, ...]
    stopped: tuple[Reason, str] | None


def open_rar(
    container: LeakedFile, budget: ExpansionBudget
) -> tuple[LeakedFile, Iterator[LeakedFile]]:
    """The archive itself (marked when it cannot be read) and an iterator of its members."""
    try:
        import libarchive  # noqa: PLC0415 - the shared library is optional until a RAR leaks
    except (ImportError, OSError, AttributeError, TypeError):
        return _marked(container, Reason.UNSUPPORTED, _INSTALL_HINT), iter(())
    listing = _listing(libarchive, container)
    if listing.stopped is not None and not listing.headers:
        return _marked(container, *listing.stopped), iter(())
    if not budget.can_hold(len(listing.headers)):
        return _marked(container, Reason.ARCHIVE_BOMB, "more members than the cap"), iter(())
    if listing.stopped is not None and listing.stopped[0] is Reason.CORRUPT:
        container = _marked(container, *listing.stopped)
    return container, _members(libarchive, container, listing.headers, budget)


def _reader(libarchive: Any, container: LeakedFile) -> Any:
    if container.source is not None:
        return libarchive.file_reader(str(container.source), block_size=BLOCK_BYTES)
    return libarchive.memory_reader(container.read_bytes())


def _listing(libarchive: Any, container: LeakedFile) -> _Listing:
    """Every regular file's header, read to the archive's end (libarchive skips the data);
    where libarchive stops, the headers it read and why; a solid RAR 4 from its headers."""
    headers: list[_Header] = []
    try:
        with _reader(libarchive, container) as archive:
            for entry in archive:
                if entry.isfile:
                    headers.append(_Header(entry.pathname or "", entry.size or 0,
                                           _is_encrypted(libarchive, entry)))  # fmt: skip
    except libarchive.ArchiveError as error:
        why = _why(error)
        if why[0] is Reason.ENCRYPTED:
            return _Listing(tuple(headers), why)
        listed = _rar4_headers(container)  # past where libarchive stopped, when RAR 4
        return _Listing(listed if len(listed) > len(headers) else tuple(headers), why)
    return _Listing(tuple(headers), None)


def _rar4_headers(container: LeakedFile) -> tuple[_Header, ...]:
    if container.source is not None:
        with container.source.open("rb") as stream:
            members = rar4_members(stream, max_members=LISTED_MEMBERS_CAP)
    else:
        members = rar4_members(io.BytesIO(container.read_bytes()), max_members=LISTED_MEMBERS_CAP)
    return tuple(_Header(m.name, m.size, m.is_encrypted) for m in members)


def _members(
    libarchive: Any, container: LeakedFile, headers: tuple[_Header, ...], budget: ExpansionBudget
) -> Iterator[LeakedFile]:
    names = UniqueNames()
    too_deep = budget.is_too_deep(container.path)
    pending = list(headers)
    with _reader(libarchive, container) as archive:
        entries = iter(archive)
        while pending:
            try:
                entry = next(entries)
            except StopIteration:
                break
            except libarchive.ArchiveError as error:
                yield from _not_reached(container, pending, names, _why(error))
                return
            if not entry.isfile:
                continue
            header = pending.pop(0)
            name, unsafe = safe_member_name(header.name)
            path = container.path.child(names.claim(name))
            if not budget.take_member():
                yield placeholder(path, header.size, Reason.ARCHIVE_BOMB, "member cap reached")
                return
            if too_deep:
                yield placeholder(path, header.size, Reason.TOO_DEEP)
                continue
            if unsafe:
                ref = file_ref(container.sha256 or str(container.path))  # never the name
                log.warning("rar %s: member name leaves the archive", ref)
            yield _member(libarchive, entry, header, path, budget, container_size=container.size)
    yield from _not_reached(container, pending, names, (Reason.CORRUPT, "truncated"))


def _member(
    libarchive: Any,
    entry: Any,
    header: _Header,
    path: LeakPath,
    budget: ExpansionBudget,
    *,
    container_size: int,
) -> LeakedFile:
    """One member's bytes, or a placeholder saying why not (its data failing included)."""
    if header.encrypted:
        return placeholder(path, header.size, Reason.ENCRYPTED, "password-protected rar")
    refusal = budget.refuse(header.size, container_size)
    if refusal is not None:
        return placeholder(path, header.size, *refusal)
    try:
        data = _bounded_read(entry, min(budget.read_limit, budget.ratio_limit(container_size)))
    except libarchive.ArchiveError as error:
        return placeholder(path, header.size, *_why(error))
    if data is None:
        return placeholder(path, header.size, Reason.ARCHIVE_BOMB, "expanded past the cap")
    budget.spend(len(data))
    _, unsafe = safe_member_name(header.name)
    return member_file(path, data, unsafe=unsafe)


def _not_reached(
    container: LeakedFile, pending: list[_Header], names: UniqueNames, why: tuple[Reason, str]
) -> Iterator[LeakedFile]:
    """Rows for the members listed but never reached: the first says why libarchive
    stopped there; the next ones that they lie past it (all of them, for a solid RAR 4)."""
    for number, header in enumerate(pending):
        path = container.path.child(names.claim(safe_member_name(header.name)[0]))
        past = number and why[1] != SOLID_RAR4
        yield placeholder(path, header.size, *((Reason.CORRUPT, _PAST_DAMAGE) if past else why))


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
    if _SOLID_REFUSAL in lowered:
        return Reason.UNSUPPORTED, SOLID_RAR4
    if not message or "truncat" in lowered or "premature" in lowered or "unexpected end" in lowered:  # fmt: skip
        return Reason.CORRUPT, "truncated"
    if "crc" in lowered or "checksum" in lowered:
        return Reason.CORRUPT, "crc error"
    return Reason.CORRUPT, message[:200]


def _marked(container: LeakedFile, problem: Reason, detail: str) -> LeakedFile:
    return replace(container, problem=problem, problem_detail=detail)
