"""DUMP → every leaked file in it, archive members and mail attachments included.

The walk is deterministic (sorted paths, members in archive order) so that two scans of
the same dump list the same rows. A file on disk is hashed as a stream and handed on by
path (its bytes are read once more, by its extractor, and only then); members of
containers are carried as bytes. A container is yielded before its members, so that it
gets its own ``documents.csv`` row. A bad leaked file never stops the walk: it is yielded
with ``problem`` set. Sha256 duplicates are yielded too; the scan deduplicates.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path

from leakmap.errors import DUMP_NOT_FOUND, DumpNotFound
from leakmap.i18n import _
from leakmap.log_names import file_ref
from leakmap.settings import ScanSettings
from leakmap.vocabulary import ARCHIVE_KINDS, FileKind, Reason
from leakmap.walk.archives import open_zip
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.limits import ExpansionBudget
from leakmap.walk.mail import open_mail
from leakmap.walk.member_names import escape_separator
from leakmap.walk.msg_attachments import open_msg
from leakmap.walk.pdf_attachments import open_pdf
from leakmap.walk.rar_archives import open_rar
from leakmap.walk.seven_zip import open_seven_zip
from leakmap.walk.sniff import sniff_path
from leakmap.walk.tar_archives import open_compressed, open_tar

log = logging.getLogger(__name__)

#: Bytes hashed at a time: a file on disk is never held whole by the walk.
HASH_CHUNK_BYTES = 1024 * 1024

Opener = Callable[[LeakedFile, ExpansionBudget], tuple[LeakedFile, Iterator[LeakedFile]]]

#: Kinds the walk opens, and how: each returns the container and an iterator of members.
CONTAINERS: dict[FileKind, Opener] = {
    FileKind.ZIP: open_zip,
    FileKind.EML: open_mail,
    FileKind.MSG: open_msg,
    FileKind.PDF: open_pdf,
    FileKind.TAR: open_tar,
    FileKind.SEVEN_ZIP: open_seven_zip,
    FileKind.RAR: open_rar,
    FileKind.GZIP: open_compressed,
    FileKind.BZIP2: open_compressed,
    FileKind.XZ: open_compressed,
}
#: Containers read from disk as a stream, so the file size cap does not apply to them.
_STREAMED_FROM_DISK = ARCHIVE_KINDS


def walk_dump(root: Path, settings: ScanSettings) -> Iterator[LeakedFile]:
    """Every leaked file under ``root`` (a directory, or a single file such as an archive).

    Raises ``DumpNotFound`` when ``root`` does not exist; nothing else. This runs the whole
    walk in one process; a scan splits it: the parent lists and hashes (``listed_files``),
    a sandboxed worker sniffs and opens (``expand_listed``).
    """
    for file in listed_files(root):
        yield from expand_listed(file, settings)


def listed_files(root: Path) -> Iterator[LeakedFile]:
    """The files on disk under ``root``, hashed, their kind not yet known.

    All the parent of a scan does with leaked bytes: list, ``lstat`` and hash them as a
    stream, so that duplicates are known before any work. Nothing here parses.
    """
    if not root.exists():
        raise DumpNotFound(_(DUMP_NOT_FOUND).format(path=root))
    for source, path in _disk_entries(root):
        yield _listed_file(source, path)


def expand_listed(file: LeakedFile, settings: ScanSettings) -> Iterator[LeakedFile]:
    """A listed file, sniffed, then (for a container) each member, depth first."""
    yield from _expand(sniffed(file, settings), ExpansionBudget(settings))


def disk_file(source: Path, path: LeakPath, settings: ScanSettings) -> LeakedFile:
    """A file on disk: hashed as a stream, its kind sniffed, marked when it cannot be read."""
    return sniffed(_listed_file(source, path), settings)


def _listed_file(source: Path, path: LeakPath) -> LeakedFile:
    try:
        status = source.lstat()
        if not stat.S_ISREG(status.st_mode):
            return _problem(path, Reason.UNSUPPORTED, _not_regular(status.st_mode))
        digest = _sha256(source)
    except OSError as error:
        return _problem(path, Reason.CANNOT_OPEN, type(error).__name__)
    return LeakedFile(
        path=path, sha256=digest, size=status.st_size, kind=FileKind.UNKNOWN, source=source
    )


def sniffed(file: LeakedFile, settings: ScanSettings) -> LeakedFile:
    """A listed file with its kind, marked too large when it is over the cap."""
    if file.problem is not None or file.source is None:
        return file
    try:
        kind = sniff_path(file.source, file.size)
    except OSError as error:
        return replace(file, problem=Reason.CANNOT_OPEN, problem_detail=type(error).__name__)
    too_large = file.size > settings.max_file_bytes and kind not in _STREAMED_FROM_DISK
    return replace(file, kind=kind, problem=Reason.TOO_LARGE if too_large else None)


def _expand(file: LeakedFile, budget: ExpansionBudget) -> Iterator[LeakedFile]:
    """The file, then (for a container) each member, recursively, depth first."""
    opener = CONTAINERS.get(file.kind)
    if opener is None or file.problem is not None:
        yield file
        return
    container, members = opener(file, budget)
    yield container
    for member in members:
        yield from _expand(member, budget)


def _disk_entries(root: Path) -> list[tuple[Path, LeakPath]]:
    """Files under ``root`` with their leak paths (relative to ``root``), sorted.

    Symbolic links are listed but never followed: a link in a dump could point anywhere
    on this machine.
    """
    if not root.is_dir():
        return [(root.resolve(), LeakPath((escape_separator(root.name),)))]
    entries: list[tuple[tuple[str, ...], Path]] = []
    for folder, dirnames, filenames in os.walk(root, onerror=partial(_log_unreadable_folder, root)):
        base = Path(folder)
        links = [name for name in dirnames if (base / name).is_symlink()]
        for name in (*filenames, *links):
            entries.append(((base / name).relative_to(root).parts, base / name))
    entries.sort(key=lambda entry: entry[0])
    return [(source, LeakPath((escape_separator("/".join(parts)),))) for parts, source in entries]


def _sha256(source: Path) -> str:
    digest = hashlib.sha256()
    with source.open("rb") as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _not_regular(mode: int) -> str:
    return "symbolic link" if stat.S_ISLNK(mode) else "not a regular file"


def _problem(path: LeakPath, problem: Reason, detail: str) -> LeakedFile:
    return LeakedFile(
        path=path, sha256="", size=0, kind=FileKind.UNKNOWN, problem=problem, problem_detail=detail
    )


def _log_unreadable_folder(root: Path, error: OSError) -> None:
    """A folder's name may be a patient's: logged by the hash of its place in the dump."""
    where = file_ref(os.path.relpath(error.filename or "", root))
    log.warning("folder %s cannot be listed (%s); its files are skipped", where,
                type(error).__name__)  # fmt: skip
