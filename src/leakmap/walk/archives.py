"""The members of a ZIP archive, read in memory under the walk's limits.

Nothing is extracted to disk. Each member is read with a bounded read (a bomb stops at
the limit instead of filling memory), hashed, and sniffed. Members that cannot be read
are still yielded, without bytes, with the reason: ``encrypted`` (password-protected),
``archive_bomb``, ``too_large``, ``nested_too_deep``, ``corrupt``. Member names that try to
leave the archive (``../x``, ``/x``) are normalised and marked ``unsafe_member_name`` in
``problem_detail``; such a member is read all the same, its content being the exposure.
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import replace

from leakmap.log_names import file_ref, member_ref
from leakmap.vocabulary import FileKind, Reason
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.limits import ExpansionBudget
from leakmap.walk.member_names import UniqueNames, safe_member_name
from leakmap.walk.sniff import sniff_content

log = logging.getLogger(__name__)

#: General-purpose flag bit 0: the member is encrypted (ZipCrypto or AES).
ENCRYPTED_FLAG = 0x1
#: What a damaged archive or member raises in ``zipfile`` and the codecs it uses.
CORRUPTION_ERRORS = (
    zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError, IndexError,
)  # fmt: skip


def open_zip(
    container: LeakedFile, budget: ExpansionBudget
) -> tuple[LeakedFile, Iterator[LeakedFile]]:
    """The archive itself (marked when it cannot be opened) and an iterator of its members."""
    source = (
        container.source if container.source is not None else io.BytesIO(container.read_bytes())
    )
    try:
        archive = zipfile.ZipFile(source)
        infos = [info for info in archive.infolist() if not info.filename.endswith("/")]
    except NotImplementedError:
        return _marked(container, Reason.UNSUPPORTED, "zip version"), iter(())
    except CORRUPTION_ERRORS as error:
        return _marked(container, Reason.CORRUPT, type(error).__name__), iter(())
    if not budget.can_hold(len(infos)):
        archive.close()
        return _marked(container, Reason.ARCHIVE_BOMB, "more members than the cap"), iter(())
    ref = file_ref(container.sha256 or str(container.path))
    return container, _members(archive, infos, container.path, budget, ref=ref)


def _members(
    archive: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    where: LeakPath,
    budget: ExpansionBudget,
    *,
    ref: str,
) -> Iterator[LeakedFile]:
    """``ref`` names the archive in log lines (its hash: a member's name is leaked text)."""
    names = UniqueNames()
    too_deep = budget.is_too_deep(where)
    with archive:
        for number, info in enumerate(infos, start=1):
            name, unsafe = safe_member_name(info.filename)
            path = where.child(names.claim(name))
            if not budget.take_member():
                yield _placeholder(path, info, Reason.ARCHIVE_BOMB, "member cap reached")
                return
            if too_deep:
                yield _placeholder(path, info, Reason.TOO_DEEP)
                continue
            if unsafe:
                log.warning("zip %s: member name leaves the archive", member_ref(ref, number))
            yield _member(archive, info, path, budget, unsafe=unsafe)


def _member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    path: LeakPath,
    budget: ExpansionBudget,
    *,
    unsafe: bool,
) -> LeakedFile:
    """One member read in memory, or a placeholder saying why it was not."""
    if info.flag_bits & ENCRYPTED_FLAG:
        return _placeholder(path, info, Reason.ENCRYPTED)
    refusal = budget.refuse(info.file_size, info.compress_size)
    if refusal is not None:
        return _placeholder(path, info, *refusal)
    try:
        data = _bounded_read(archive, info, budget.read_limit)
    except NotImplementedError:
        return _placeholder(path, info, Reason.UNSUPPORTED, "compression method")
    except CORRUPTION_ERRORS as error:
        return _placeholder(path, info, Reason.CORRUPT, type(error).__name__)
    except MemoryError:  # over the worker's cap: this member only, the next may fit
        return _placeholder(path, info, Reason.OUT_OF_MEMORY)
    if data is None:
        return _placeholder(path, info, Reason.ARCHIVE_BOMB, "expanded past the cap")
    budget.spend(len(data))
    return LeakedFile(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        kind=sniff_content(data),
        content=data,
        problem_detail=Reason.UNSAFE_NAME.value if unsafe else "",
    )


def _bounded_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The member's bytes, or ``None`` when it expands past ``limit`` (never more is held)."""
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    return None if len(data) > limit else data


def _placeholder(
    path: LeakPath, info: zipfile.ZipInfo, problem: Reason, detail: str = ""
) -> LeakedFile:
    """A member the walk could not get the bytes of: no hash, the declared size."""
    return LeakedFile(
        path=path,
        sha256="",
        size=info.file_size,
        kind=FileKind.UNKNOWN,
        problem=problem,
        problem_detail=detail,
    )


def _marked(container: LeakedFile, problem: Reason, detail: str) -> LeakedFile:
    return replace(container, problem=problem, problem_detail=detail)
