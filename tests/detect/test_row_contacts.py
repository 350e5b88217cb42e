"""Contact cells of a table row: the column says what a bare number is."""

from __future__ import annotations

from datetime import date

from leakmap.detect.identifiers.place import Place
from leakmap.detect.rows import detect_row
from leakmap.extract.document import TableRow


def _phones(header: str, value: str) -> list[str]:
    row = TableRow("agenda", 1, (("NOM PRENOM", "SIMON Mickael"), (header, value)))
    identifiers, _ = detect_row(row, Place(1, row=1), today=date(2024, 1, 1))
    return [i.value for i in identifiers if i.kind.value == "phone"]


def test_row_packed_number_in_a_phone_column_is_a_phone() -> None:
    assert _phones("TEL", "0639985896") == ["+33639985896"]
    assert _phones("Portable", "06 39 98 58 96") == ["+33639985896"]


def test_row_packed_number_elsewhere_is_not_a_phone() -> None:
    assert _phones("Motif", "0639985896") == []
