"""What the walk hands to extraction: one leaked file, wherever it was found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from leakmap.log_names import file_ref
from leakmap.vocabulary import FileKind, Reason

SEPARATOR = "!/"


@dataclass(frozen=True, slots=True)
class LeakPath:
    """Where a leaked file was found: a path in DUMP, then members of archives or mails.

    ``("mail.eml", "scan.pdf")`` is written ``mail.eml!/scan.pdf``; nested archives chain
    (``a.zip!/b.zip!/c.pdf``). Parts use ``/`` inside, never ``!/``.
    """

    parts: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.parts or any(not p or SEPARATOR in p for p in self.parts):
            raise ValueError(f"not a leak path: {self.parts!r}")

    @classmethod
    def parse(cls, text: str) -> LeakPath:
        """Read the contract's written form back."""
        return cls(tuple(text.split(SEPARATOR)))

    def child(self, member: str) -> LeakPath:
        """The path of a member of this archive or attachment of this mail."""
        return LeakPath((*self.parts, member))

    @property
    def depth(self) -> int:
        """0 for a file on disk, 1 for a member of an archive on disk, and so on."""
        return len(self.parts) - 1

    @property
    def name(self) -> str:
        """The last part's file name, for display and kind hints."""
        return self.parts[-1].rsplit("/", 1)[-1]

    def __str__(self) -> str:
        return SEPARATOR.join(self.parts)


@dataclass(frozen=True, slots=True)
class LeakedFile:
    """One file of the leak: on disk (``source``) or carried as bytes (``content``).

    Exactly one of ``source`` and ``content`` is set, unless the walk could not get at the
    bytes at all (an encrypted member, a bomb): then both are ``None`` and ``problem`` says
    why. Containers (zip, e-mail) are yielded too, before their members, so that every
    file has its row in ``documents.csv``.
    """

    path: LeakPath
    sha256: str
    size: int
    kind: FileKind
    source: Path | None = None
    content: bytes | None = None
    problem: Reason | None = None
    problem_detail: str = ""

    def read_bytes(self) -> bytes:
        """The file's bytes; raises ``ValueError`` when the walk could not get them."""
        if self.content is not None:
            return self.content
        if self.source is not None:
            return self.source.read_bytes()
        # Named by its place: the message may reach a log, a path may name a patient.
        raise ValueError(f"{file_ref(str(self.path))}: no bytes ({self.problem})")
