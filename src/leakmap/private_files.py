"""Files only their owner can read: every folder leakmap makes 0700, every file 0600.

Why a module of its own: a case holds names, birth dates and health categories (the CSVs,
letters, kits), and ``documents.csv`` paths often hold a patient's name. Under the usual
umask 0o022 a plain ``open(..., "w")`` leaves them world-readable (0644) on a shared
incident-response machine. Every writer of the case goes through these functions, which
set the mode at creation (``os.open(..., 0o600)``) and again with ``fchmod`` (a umask can
only remove bits, never a stricter mode a file already had), so the result is the same
whatever the umask. Files are written beside their final name and renamed into place, so
a reader never sees half a file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_PARTIAL = ".partial"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) as 0700; make an existing ``path`` 0700.

    Parents that already existed are left as they are: they belong to the user.
    """
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    for created in [*missing, path]:
        if created.is_dir():
            created.chmod(PRIVATE_DIR_MODE)
    return path


@contextmanager
def open_private(
    path: Path, mode: str = "w", *, durable: bool = True, **text: str
) -> Iterator[IO[Any]]:
    """Open ``path`` for writing as a 0600 file, atomically (renamed into place on success).

    ``mode`` is ``"w"`` (text; ``encoding``/``newline`` as for ``open``) or ``"wb"``.
    ``durable`` flushes it to the disk before the rename (``fsync``, about 3 ms a file):
    for files a crash must never leave empty, not for thousands of letters a rerun rewrites.
    """
    if mode not in {"w", "wb"}:
        raise ValueError(f"open_private writes only ('w' or 'wb'), not {mode!r}")
    private_dir(path.parent)
    partial = path.with_name(path.name + _PARTIAL)
    descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, PRIVATE_FILE_MODE)
    os.fchmod(descriptor, PRIVATE_FILE_MODE)
    handle = os.fdopen(descriptor, mode, **text)
    try:
        with handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)


def write_private_bytes(path: Path, data: bytes, *, durable: bool = True) -> Path:
    """Write ``data`` to ``path`` as a 0600 file, atomically (``durable``: see ``open_private``)."""
    with open_private(path, "wb", durable=durable) as handle:
        handle.write(data)
    return path


def write_private_text(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` as a 0600 file, atomically."""
    return write_private_bytes(path, text.encode(encoding))


def make_private(path: Path) -> None:
    """Set 0600 on a file another library created (SQLite's database, WAL and SHM)."""
    if path.exists():
        path.chmod(PRIVATE_FILE_MODE)


def protect_tree(root: Path) -> None:
    """Make ``root`` and every folder under it 0700 and every file 0600 (links untouched)."""
    private_dir(root)
    for folder, folders, files in os.walk(root):
        for name in folders:
            target = Path(folder, name)
            if not target.is_symlink():
                target.chmod(PRIVATE_DIR_MODE)
        for name in files:
            target = Path(folder, name)
            if not target.is_symlink():
                target.chmod(PRIVATE_FILE_MODE)
