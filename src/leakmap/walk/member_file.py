"""A member of a container as a ``LeakedFile``: its bytes, or a placeholder saying why not."""

from __future__ import annotations

import hashlib

from leakmap.vocabulary import FileKind, Reason
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.sniff import sniff_content


def member_file(path: LeakPath, data: bytes, *, unsafe: bool = False) -> LeakedFile:
    """A member read in memory: hashed and sniffed; an unsafe name is noted, not refused."""
    return LeakedFile(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        kind=sniff_content(data),
        content=data,
        problem_detail=Reason.UNSAFE_NAME.value if unsafe else "",
    )


def placeholder(path: LeakPath, size: int, problem: Reason, detail: str = "") -> LeakedFile:
    """A member the walk could not get the bytes of: no hash, the declared size."""
    return LeakedFile(
        path=path, sha256="", size=size, kind=FileKind.UNKNOWN, problem=problem,
        problem_detail=detail,
    )  # fmt: skip
