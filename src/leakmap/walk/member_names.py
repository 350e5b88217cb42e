"""Names of archive members and mail attachments, made safe to write as a leak path.

A member name is attacker-controlled: ``../../etc/passwd``, ``/abs/path``, ``C:\\x``,
backslashes, or the leak-path separator ``!/`` itself. Nothing is ever extracted to disk,
but the name still becomes a ``documents.csv`` path, so it is normalised to a plain
relative path, and the caller is told when it had to be changed.
"""

from __future__ import annotations

import re

from leakmap.walk.leaked_file import SEPARATOR

#: Name used when nothing is left of a member's name.
UNNAMED = "unnamed"
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_member_name(raw: str) -> tuple[str, bool]:
    """A relative ``/``-separated name without ``..``, and whether the raw name was unsafe.

    Unsafe means it tried to leave the archive (``..``, absolute, a drive letter); mere
    backslashes or control characters are normalised without a flag.
    """
    slashed = raw.replace("\\", "/")
    unsafe = slashed.startswith("/") or bool(_DRIVE.match(slashed)) or ".." in slashed.split("/")
    text = _DRIVE.sub("", _CONTROL.sub("_", slashed))
    parts = [part for part in text.split("/") if part not in ("", ".", "..")]
    return escape_separator("/".join(parts)) or UNNAMED, unsafe


def escape_separator(text: str) -> str:
    """``!/`` separates leak-path parts, so a name holding it gets ``!_/`` instead."""
    return text.replace(SEPARATOR, "!_/")


class UniqueNames:
    """Hands out names once: a second ``scan.pdf`` becomes ``scan (2).pdf``."""

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def claim(self, name: str) -> str:
        """The name itself the first time, then with ``(2)``, ``(3)`` before the extension."""
        candidate, number = name, 1
        while candidate in self._seen:
            number += 1
            candidate = _numbered(name, number)
        self._seen.add(candidate)
        return candidate


def _numbered(name: str, number: int) -> str:
    folder, _, base = name.rpartition("/")
    stem, dot, extension = base.rpartition(".")
    base = f"{stem} ({number}).{extension}" if dot and stem else f"{base} ({number})"
    return f"{folder}/{base}" if folder else base
