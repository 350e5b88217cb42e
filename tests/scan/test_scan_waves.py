"""Waves with consequences (issue 14 point 3): a later wave scanned into the same case says
whom it newly exposes, whom it worsens (new categories, higher severity) and whom it leaves
unchanged; a file republished with the same bytes exposes nobody new; ``notify
--since-wave`` writes letters only for the people the wave concerns and the regulator's
complementary notification lists the wave; a wave interrupted after its linkage resumes
comparing with what the case said before it.

Real leaked CSV lists written here, real scans into a real case, the real CLI; every
person is fictitious (``conftest.PATIENTS``).
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from leakmap.assess.waves import ExposureSnapshot, WaveChange, compare_exposures
from leakmap.errors import ScanCannotRun
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.store.waves import news_since, stored_changes, wave_summaries
from leakmap.vocabulary import Category as C
from leakmap.vocabulary import Decision, Severity
from wave_dumps import DUPONT, LE_GOFF, ZARKOVIC, two_wave_dumps

SETTINGS = ScanSettings(workers=1, use_ner=False)
KEY = "4c1f8e2a9d7b3e6f0a5c8d1e7b4f2a9c6e3d0b8f5a2c7e4d1b9f6a3c0e8d5b2f"


@pytest.fixture(scope="module")
def two_waves(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A case scanned in two waves, 'premiere' then 'forum-mars' (shared, read only)."""
    root = tmp_path_factory.mktemp("waves")
    registry, first, second = two_wave_dumps(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEAKMAP_KEY", KEY)
        scan(first, registry=registry, case_dir=root / "case", settings=SETTINGS, wave_name="premiere")  # fmt: skip
        summary = scan(second, registry=registry, case_dir=root / "case", settings=SETTINGS, wave_name="forum-mars")  # fmt: skip
        assert (summary.wave, summary.wave_name) == (2, "forum-mars")
        yield root


def _rows(path: Path, key: str) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}


def test_a_later_wave_says_who_is_newly_exposed_worsened_unchanged(two_waves: Path) -> None:
    case = two_waves / "case"
    changes = _rows(case / "waves" / "forum-mars" / "changes.csv", "patient_id")
    assert {p: r["change"] for p, r in changes.items()} == {
        DUPONT: "unchanged", LE_GOFF: "worsened", ZARKOVIC: "newly_exposed",
    }  # fmt: skip
    assert changes[LE_GOFF]["new_categories"] == "mental_health"
    assert "sexual_health" in changes[ZARKOVIC]["new_categories"].split(";")
    assert (case / "waves" / "forum-mars" / "changes.csv").stat().st_mode & 0o777 == 0o600
    first = _rows(case / "waves" / "premiere" / "changes.csv", "patient_id")
    assert {r["change"] for r in first.values()} == {"newly_exposed"}  # the first wave: all new
    documents = _rows(case / "documents.csv", "path")
    assert (documents["labo.csv"]["wave"], documents["labo.csv"]["first_wave"]) == ("1", "1")
    assert (documents["repost/labo.csv"]["wave"], documents["repost/labo.csv"]["first_wave"]) == ("2", "1")  # fmt: skip
    assert documents["psy.csv"]["first_wave"] == "2"
    with Case.open(case, writer=False) as opened:
        (summary,) = wave_summaries(opened, since=2)
        assert len(stored_changes(opened, 2)) == 3
    assert (summary.documents_added, summary.new_contents, summary.republished) == (3, 2, 1)
    assert (summary.counts.newly_exposed, summary.counts.worsened) == (1, 1)
    assert {C.MENTAL_HEALTH, C.SEXUAL_HEALTH} <= summary.counts.first_categories
    assert C.NAME not in summary.counts.first_categories  # names were out in the first wave


def test_a_republished_duplicate_exposes_nobody_new(tmp_path: Path) -> None:
    registry, first, _ = two_wave_dumps(tmp_path)
    again = tmp_path / "dump3"
    shutil.copytree(first, again / "mirror")
    scan(first, registry=registry, case_dir=tmp_path / "case", settings=SETTINGS)
    summary = scan(again, registry=registry, case_dir=tmp_path / "case", settings=SETTINGS)
    assert summary.wave_name == "2" and summary.wave_counts is not None
    assert (summary.wave_counts.newly_exposed, summary.wave_counts.worsened) == (0, 0)
    assert summary.wave_counts.unchanged == 2
    with Case.open(tmp_path / "case", writer=False) as case:
        (wave,) = wave_summaries(case, since=2)
        assert (wave.documents_added, wave.new_contents, wave.republished) == (2, 0, 2)
        assert news_since(case, "2").people == frozenset()


def test_a_wave_name_is_a_folder_name_used_once(tmp_path: Path) -> None:
    registry, first, second = two_wave_dumps(tmp_path)
    case = tmp_path / "case"
    with pytest.raises(ScanCannotRun, match="not only digits"):
        scan(first, registry=registry, case_dir=case, settings=SETTINGS, wave_name="3")
    with pytest.raises(ScanCannotRun, match="letters, digits"):
        scan(first, registry=registry, case_dir=case, settings=SETTINGS, wave_name="../x")
    scan(first, registry=registry, case_dir=case, settings=SETTINGS, wave_name="premiere")
    with pytest.raises(ScanCannotRun, match="already has that name"):
        scan(second, registry=registry, case_dir=case, settings=SETTINGS, wave_name="premiere")
    with Case.open(case, writer=False) as opened:
        assert [s.name for s in wave_summaries(opened, since=1)] == ["premiere"]


def test_an_interrupted_wave_resumes_against_what_the_case_said_before(tmp_path: Path) -> None:
    """The second wave stops after its linkage replaced the case's results, before its
    changes were written (a file stands where its ``waves/`` folder must go); resumed,
    it still compares with the exposures the case held before it started."""
    registry, first, second = two_wave_dumps(tmp_path)
    case = tmp_path / "case"
    scan(first, registry=registry, case_dir=case, settings=SETTINGS, wave_name="premiere")
    shutil.rmtree(case / "waves")
    (case / "waves").write_text("in the way\n", encoding="utf-8")
    with pytest.raises(OSError):
        scan(second, registry=registry, case_dir=case, settings=SETTINGS, wave_name="forum")
    (case / "waves").unlink()
    with pytest.raises(ScanCannotRun, match="resume it with --wave forum"):
        scan(second, registry=registry, case_dir=case, settings=SETTINGS, wave_name="other")
    summary = scan(second, registry=registry, case_dir=case, settings=SETTINGS)
    assert (summary.wave, summary.wave_name, summary.files_new) == (2, "forum", 0)
    assert summary.wave_counts is not None
    assert (summary.wave_counts.newly_exposed, summary.wave_counts.worsened) == (1, 1)
    changes = _rows(case / "waves" / "forum" / "changes.csv", "patient_id")
    assert changes[ZARKOVIC]["change"] == "newly_exposed"


def _snapshot(severity: Severity, *categories: C) -> ExposureSnapshot:
    return ExposureSnapshot("1", Decision.NOTIFY, severity, frozenset(categories), 1)


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        (None, _snapshot(Severity.LOW, C.NAME), WaveChange.NEWLY_EXPOSED),
        (_snapshot(Severity.LOW, C.NAME), _snapshot(Severity.LOW, C.NAME), WaveChange.UNCHANGED),
        (
            _snapshot(Severity.LOW, C.NAME),
            _snapshot(Severity.LOW, C.NAME, C.PHONE),
            WaveChange.WORSENED,
        ),  # fmt: skip
        (_snapshot(Severity.LOW, C.NAME), _snapshot(Severity.HIGH, C.NAME), WaveChange.WORSENED),
        (
            _snapshot(Severity.HIGH, C.NAME, C.HEALTH),
            _snapshot(Severity.MEDIUM, C.NAME),
            WaveChange.UNCHANGED,
        ),  # fmt: skip
    ],
)
def test_compare_exposures_hits_and_near_misses(
    before: ExposureSnapshot | None, after: ExposureSnapshot, change: WaveChange
) -> None:
    (found,) = compare_exposures([before] if before else [], [after])
    assert found.change is change


def test_a_sealed_case_seals_its_wave_changes(tmp_path: Path) -> None:
    registry, first, _ = two_wave_dumps(tmp_path)
    sealed = replace(SETTINGS, encrypt_outputs=True)
    scan(first, registry=registry, case_dir=tmp_path / "case", settings=sealed, wave_name="w1")
    folder = tmp_path / "case" / "waves" / "w1"
    assert [p.name for p in folder.iterdir()] == ["changes.csv.age"]
    assert (folder / "changes.csv.age").read_bytes().startswith(b"age-encryption.org/v1")
    assert DUPONT.encode() not in (folder / "changes.csv.age").read_bytes()
