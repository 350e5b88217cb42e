"""A generated leaked file: its name, bytes, who it exposes, and what it contains.

Containers (ZIP, e-mail) hold ``members``: the truth walks the tree and writes
``outer.zip!/inner/report.pdf`` paths, exactly as the contract spells them.
``reason`` is empty for a readable file, else the ``documents.csv`` reason a reader
should give (``empty``, ``corrupt``, ``encrypted``, ``archive_bomb``, ...). ``scan`` says how
a scanned document was scanned (absent for files written by software).
"""

from __future__ import annotations

from dataclasses import dataclass

from leakmap.synth.plan import Exposure


@dataclass(frozen=True, slots=True)
class ScanInfo:
    """How a document was printed and scanned again: what the truth says of a scan.

    ``medium`` is the file the scanner wrote (``pdf``, ``tiff``, ``jpeg``, ``png``);
    ``label_pt`` the label's font size when it was printed smaller than the body (None
    otherwise); ``barcodes`` the values of the barcodes printed on it (IPPs).
    """

    dpi: int
    medium: str
    pages: int
    label_pt: float | None = None
    barcodes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LeakedItem:
    """One file of the dump (or of a container), before it is written."""

    name: str
    kind: str
    data: bytes
    exposures: tuple[Exposure, ...] = ()
    members: tuple[LeakedItem, ...] = ()
    reason: str = ""
    scan: ScanInfo | None = None

    def count(self) -> int:
        """Files in this tree, the item itself included."""
        return 1 + sum(member.count() for member in self.members)
