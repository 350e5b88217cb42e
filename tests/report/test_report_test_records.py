"""``test_records.csv``: its header always, one row per test record the leak names, no names."""

from __future__ import annotations

from pathlib import Path

from leakmap.link.registry_test_records import SeenTestRecord
from leakmap.report.csv_outputs import TEST_RECORDS, write_test_records


def test_test_records_csv_rows_sorted_documents_counted(tmp_path: Path) -> None:
    records = [
        SeenTestRecord("99999002", "phrase:NE PAS UTILISER", ("b.csv",)),
        SeenTestRecord("99999001", "name:TEST", ("a.csv", "c.zip!/d.pdf")),
    ]
    path = write_test_records(tmp_path, records)
    assert path == tmp_path / TEST_RECORDS
    assert path.read_text(encoding="utf-8").splitlines() == [
        "patient_id,reason,documents",
        "99999001,name:TEST,2",
        "99999002,phrase:NE PAS UTILISER,1",
    ]


def test_test_records_csv_without_any_is_its_header(tmp_path: Path) -> None:
    path = write_test_records(tmp_path, [])
    assert path.read_text(encoding="utf-8").splitlines() == ["patient_id,reason,documents"]
    assert not list(tmp_path.glob("*.partial"))
