"""The attachments of an Outlook message (MSG), each yielded as its own leaked file.

Each attachment lives in a ``__attach_version1.0_#NNNNNNNN`` storage: its bytes in the
``3701`` binary property, its name in ``3707`` (long) or ``3704`` (short). An attached
message (an embedded MSG storage) is not rebuilt as a file: it gets an
``unsupported_format`` row, so that it is at least counted.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace

import olefile

from leakmap.vocabulary import Reason
from leakmap.walk.leaked_file import LeakedFile, LeakPath
from leakmap.walk.limits import ExpansionBudget
from leakmap.walk.member_file import member_file, placeholder
from leakmap.walk.member_names import UniqueNames, safe_member_name
from leakmap.walk.msg_properties import msg_binary, msg_property

_ATTACHMENT_STORAGE = "__attach_version1.0_#"
MSG_ERRORS = (OSError, ValueError, IndexError, KeyError, TypeError, EOFError)


def open_msg(
    container: LeakedFile, budget: ExpansionBudget
) -> tuple[LeakedFile, Iterator[LeakedFile]]:
    """The message itself (marked when it cannot be opened) and its attachments."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(container.read_bytes()))
        storages = sorted(
            {entry[0] for entry in ole.listdir(streams=True, storages=True)
             if entry[0].startswith(_ATTACHMENT_STORAGE)}
        )  # fmt: skip
    except MSG_ERRORS as error:
        return replace(
            container, problem=Reason.CORRUPT, problem_detail=type(error).__name__
        ), iter(())
    return container, _attachments(ole, storages, container.path, budget)


def _attachments(
    ole: olefile.OleFileIO, storages: list[str], where: LeakPath, budget: ExpansionBudget
) -> Iterator[LeakedFile]:
    names = UniqueNames()
    too_deep = budget.is_too_deep(where)
    with ole:
        for number, storage in enumerate(storages, start=1):
            prefix = f"{storage}/"
            raw_name = msg_property(ole, prefix, "3707") or msg_property(ole, prefix, "3704")
            path = where.child(names.claim(safe_member_name(raw_name or f"attachment-{number}")[0]))
            if not budget.take_member():
                yield placeholder(path, 0, Reason.ARCHIVE_BOMB, "member cap reached")
                return
            if too_deep:
                yield placeholder(path, 0, Reason.TOO_DEEP)
                continue
            yield _attachment(ole, prefix, path, budget)


def _attachment(
    ole: olefile.OleFileIO, prefix: str, path: LeakPath, budget: ExpansionBudget
) -> LeakedFile:
    try:
        data = msg_binary(ole, prefix, "3701")
    except MSG_ERRORS as error:
        return placeholder(path, 0, Reason.CORRUPT, type(error).__name__)
    if data is None:
        return placeholder(path, 0, Reason.UNSUPPORTED, "attached message")
    refusal = budget.refuse(len(data), len(data))
    if refusal is not None:
        return placeholder(path, len(data), *refusal)
    budget.spend(len(data))
    return member_file(path, data)
