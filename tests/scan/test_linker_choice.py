"""``linker="auto"``: the Python linker on a hospital-sized registry, Splink at national
scale; the case records which one ran."""

from __future__ import annotations

from pathlib import Path

import pytest

from leakmap.scan import _linker_for, scan
from leakmap.settings import ScanSettings
from leakmap.store import Case


@pytest.mark.parametrize(
    ("asked", "patients", "mentions", "runs"),
    [
        ("auto", 20_000, 5_000, "python"),
        ("auto", 1_000_000, 5_000, "splink"),
        ("auto", 20_000, 100_000, "splink"),
        ("python", 3_000_000, 100_000, "python"),
        ("splink", 10, 10, "splink"),
    ],
)
def test_auto_picks_by_size(asked: str, patients: int, mentions: int, runs: str) -> None:
    assert _linker_for(ScanSettings(linker=asked), patients, mentions) == runs


def test_the_case_records_the_linker_that_ran(
    small_dump: tuple[Path, dict[str, set[str]]], registry_csv: Path, tmp_path: Path
) -> None:
    dump, _ = small_dump
    scan(dump, registry=registry_csv, case_dir=tmp_path / "case", settings=ScanSettings(workers=1))
    with Case.open(tmp_path / "case", writer=False) as case:
        assert case.get_meta("linker") == "python"
