"""A scan records where its time went, per stage and file kind, in the case; the scan's
summary and ``leakmap stages`` print it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from leakmap.cli import cli
from leakmap.executors import LocalPoolExecutor
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.stage_clock import StageTime
from leakmap.stage_table import by_stage, stage_figures
from leakmap.store import Case
from leakmap.store.stage_times import StageBook, load_stage_times, stage_waves

#: spaCy's model, loaded in each worker, would take seconds; these tests are about the clock.
_NO_NER = ScanSettings(use_ner=False)


def test_scan_in_workers_records_the_stages_it_ran(
    small_dump: tuple[Path, dict[str, set[str]]], registry_csv: Path, tmp_path: Path
) -> None:
    dump, _ = small_dump
    case_dir = tmp_path / "case"
    summary = scan(
        dump, registry=registry_csv, case_dir=case_dir, settings=_NO_NER,
        executor=LocalPoolExecutor(2),
    )  # fmt: skip
    stages = {row.stage: row for row in by_stage(summary.stages)}
    for name in ("list", "registry", "prepare", "walk", "extract", "detect", "group", "commit", "link",
                 "assess", "outputs"):  # fmt: skip
        assert stages[name].cpu_s > 0 or stages[name].wall_s > 0, name
    assert stages["registry"].calls == 3  # the parent's, not inherited by each worker too
    kinds = {row.kind for row in summary.stages if row.stage == "extract"}
    assert {"pdf", "docx", "xlsx", "csv", "eml"} <= kinds  # timed in the workers, sent back
    figures = stage_figures(summary.stages)
    assert figures.files == stages["extract"].calls > 0
    assert figures.cpu_per_file_outside_ocr > 0
    with Case.open(case_dir, writer=False) as case:
        stored = load_stage_times(case)
    assert [(r.stage, r.kind, r.calls) for r in stored] == [
        (r.stage, r.kind, r.calls) for r in summary.stages
    ]


def test_stage_times_of_a_killed_scan_survive_its_resume(
    small_dump: tuple[Path, dict[str, set[str]]], registry_csv: Path, tmp_path: Path
) -> None:
    dump, _ = small_dump
    case_dir = tmp_path / "case"
    with Case.open(case_dir) as case:  # what a scan killed after its first flush leaves
        wave = case.start_wave(str(dump.resolve()))
        book = StageBook(case, wave, cpu_at_start=0.0)
        book.add((StageTime("extract", "pdf", 3, 1.5, 2.0),))
        book.flush()
    summary = scan(
        dump, registry=registry_csv, case_dir=case_dir, settings=_NO_NER,
        executor=LocalPoolExecutor(1),
    )  # fmt: skip
    assert summary.wave == wave  # the unfinished wave, resumed
    new = next(r for r in summary.stages if (r.stage, r.kind) == ("extract", "pdf"))
    with Case.open(case_dir, writer=False) as case:
        stored = next(r for r in load_stage_times(case) if (r.stage, r.kind) == ("extract", "pdf"))
        assert stage_waves(case) == (wave,)
    assert stored.calls == 3 + new.calls
    assert abs(stored.cpu_s - (1.5 + new.cpu_s)) < 1e-6


def test_scan_summary_and_stages_command_print_the_table(
    registry_csv: Path, tmp_path: Path, english_messages: None
) -> None:
    dump = tmp_path / "dump"  # identifiers alone: no line for NER to read, no model to load
    dump.mkdir()
    (dump / "liste.csv").write_text("ipp;date\n10000001;12/03/2022\n", encoding="utf-8")
    (dump / "note.txt").write_text("IPP 10000002 vu le 04/05/2022\n", encoding="utf-8")
    case_dir = tmp_path / "case"
    runner = CliRunner()
    scanned = runner.invoke(
        cli, ["scan", str(dump), "--registry", str(registry_csv), "--out", str(case_dir),
              "--workers", "1", "--quiet"],
    )  # fmt: skip
    assert scanned.exit_code == 0, scanned.output
    assert "costliest stages" in scanned.output
    assert "CPU s per file outside OCR" in scanned.output
    top = scanned.output.split("costliest stages", 1)[1].splitlines()[1:6]
    assert all(line.split()[0] in {r.stage for r in _stages(case_dir)} for line in top)

    listed = runner.invoke(cli, ["stages", str(case_dir)])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert lines[1].split() == ["stage", "kind", "calls", "CPU", "s", "wall", "s", "share"]
    extract = next(line.split() for line in lines if line.startswith("extract"))
    assert "2" in extract  # the two files read, whichever kinds are shown under it
    assert any(line.split()[:1] == ["txt"] for line in lines)  # the by-kind part
    assert "CPU s per file outside OCR" in lines[-1]
    assert runner.invoke(cli, ["stages", str(case_dir), "--wave", "7"]).output.startswith(
        f"{case_dir}: no stage times for wave 7"
    )


def _stages(case_dir: Path) -> tuple[StageTime, ...]:
    with Case.open(case_dir, writer=False) as case:
        return load_stage_times(case)
