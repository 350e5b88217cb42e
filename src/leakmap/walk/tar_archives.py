"""Tar archives (plain, or gzip/bzip2/xz compressed) and lone compressed streams.

A tar is read as a stream (``r|*``), one member after another, never extracted to disk
and never held whole: each member is read with a bounded read, under the same budget as
a ZIP's (member cap, expanded bytes, depth). A member declaring more than the ratio cap
times the whole archive's size on disk is a bomb. Links, devices and folders are skipped:
only regular files are documents. A lone ``.gz``/``.bz2``/``.xz`` is a container of one
member, named after it without the suffix.
"""

from __future__ import annotations

import bz2
import gzip
import io
import logging
import lzma
import tarfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO

from leakmap.log_names import file_ref, member_ref
from leakmap.vocabulary import FileKind, Reason
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.limits import RATIO_FLOOR_BYTES, ExpansionBudget
from leakmap.walk.member_file import member_file, placeholder
from leakmap.walk.member_names import UniqueNames, safe_member_name

log = logging.getLogger(__name__)

#: What damaged tar or compressed streams raise.
STREAM_ERRORS = (tarfile.TarError, zlib.error, OSError, EOFError, lzma.LZMAError, ValueError)
_OPENERS: dict[FileKind, Callable[[IO[bytes]], IO[bytes]]] = {
    FileKind.GZIP: lambda raw: gzip.GzipFile(fileobj=raw),
    FileKind.BZIP2: lambda raw: bz2.BZ2File(raw),
    FileKind.XZ: lambda raw: lzma.LZMAFile(raw),  # noqa: SIM115 - closed by the caller
}
_SUFFIXES = {FileKind.GZIP: (".gz", ".tgz"), FileKind.BZIP2: (".bz2",), FileKind.XZ: (".xz",)}


def open_tar(
    container: LeakedFile, budget: ExpansionBudget
) -> tuple[LeakedFile, Iterator[LeakedFile]]:
    """The archive itself and an iterator of its members, read as a stream."""
    return container, _tar_members(container, budget)


def open_compressed(
    container: LeakedFile, budget: ExpansionBudget
) -> tuple[LeakedFile, Iterator[LeakedFile]]:
    """A lone compressed stream: one member, its decompressed bytes (bounded)."""
    return container, _single_member(container, budget)


def _tar_members(container: LeakedFile, budget: ExpansionBudget) -> Iterator[LeakedFile]:
    names = UniqueNames()
    too_deep = budget.is_too_deep(container.path)
    ref = file_ref(container.sha256 or str(container.path))  # log lines name no member
    with _raw(container) as raw:
        try:
            with tarfile.open(fileobj=raw, mode="r|*") as archive:
                # folders hold nothing; links, devices and fifos get a row, never followed
                files = (info for info in archive if not info.isdir())
                for number, info in enumerate(files, start=1):
                    name, unsafe = safe_member_name(info.name)
                    path = container.path.child(names.claim(name))
                    if not budget.take_member():
                        yield placeholder(
                            path, info.size, Reason.ARCHIVE_BOMB, "member cap reached"
                        )
                        return
                    if too_deep:
                        yield placeholder(path, info.size, Reason.TOO_DEEP)
                        continue
                    if unsafe:
                        log.warning(
                            "tar %s: member name leaves the archive", member_ref(ref, number)
                        )
                    if not info.isfile():
                        yield placeholder(path, 0, Reason.UNSUPPORTED, _special(info))
                        continue
                    yield _tar_member(archive, info, path, container.size, budget, unsafe=unsafe)
        except STREAM_ERRORS as error:
            log.warning("tar %s: stream ends early (%s)", ref, type(error).__name__)


def _special(info: tarfile.TarInfo) -> str:
    """What a tar member that is not a regular file is, for its row."""
    if info.issym():
        return "symbolic link, not followed"
    if info.islnk():
        return "hard link, not followed"
    return "not a regular file"


def _tar_member(
    archive: tarfile.TarFile,
    info: tarfile.TarInfo,
    path: LeakPath,
    archive_size: int,
    budget: ExpansionBudget,
    *,
    unsafe: bool,
) -> LeakedFile:
    refusal = budget.refuse(info.size, archive_size)
    if refusal is not None:
        return placeholder(path, info.size, *refusal)
    stream = archive.extractfile(info)
    if stream is None:
        return placeholder(path, info.size, Reason.UNSUPPORTED, "not a regular file")
    try:
        data = stream.read(budget.read_limit + 1)
    except STREAM_ERRORS as error:
        return placeholder(path, info.size, Reason.CORRUPT, type(error).__name__)
    except MemoryError:  # over the worker's cap: this member only, the next may fit
        return placeholder(path, info.size, Reason.OUT_OF_MEMORY)
    if len(data) > budget.read_limit:
        return placeholder(path, info.size, Reason.ARCHIVE_BOMB, "expanded past the cap")
    if len(data) < info.size:
        return placeholder(path, info.size, Reason.CORRUPT, "member cut short")
    budget.spend(len(data))
    return member_file(path, data, unsafe=unsafe)


def _single_member(container: LeakedFile, budget: ExpansionBudget) -> Iterator[LeakedFile]:
    path = container.path.child(_inner_name(container))
    if not budget.take_member():
        yield placeholder(path, 0, Reason.ARCHIVE_BOMB, "member cap reached")
        return
    if budget.is_too_deep(container.path):
        yield placeholder(path, 0, Reason.TOO_DEEP)
        return
    ratio_cap = max(RATIO_FLOOR_BYTES, budget.ratio_limit(container.size))
    limit = min(budget.read_limit, ratio_cap)
    try:
        with _raw(container) as raw, _OPENERS[container.kind](raw) as stream:
            data = stream.read(limit + 1)
    except STREAM_ERRORS as error:
        yield placeholder(path, 0, Reason.CORRUPT, type(error).__name__)
        return
    if len(data) > limit:
        why = "compression ratio over the cap" if limit == ratio_cap else "expanded past the cap"
        yield placeholder(path, len(data), Reason.ARCHIVE_BOMB, why)
        return
    budget.spend(len(data))
    yield member_file(path, data)


def _inner_name(container: LeakedFile) -> str:
    name = container.path.name
    for suffix in _SUFFIXES.get(container.kind, ()):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            return f"{stem}.tar" if suffix == ".tgz" else stem
    return f"{name}.out"


def _raw(container: LeakedFile) -> IO[bytes]:
    if container.source is not None:
        return container.source.open("rb")
    return io.BytesIO(container.read_bytes())
