"""``leakmap notify --since-wave W`` (issue 14 point 3): after a later wave of the leak,
letters only for the people W newly exposes or worsens, the letters of people written to
before saying what is new (what they were sent first kept in ``letters/before_wave_W/``),
the other letters left as they were, and the regulator's complementary notification
listing the wave.

A real two-wave case (real CSV lists, real scans), the real CLI; all fictitious.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_people import flat, pdf_text

from leakmap.cli import cli
from leakmap.errors import ScanCannotRun
from leakmap.report.output_files import write_output
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.wave_commands import format_wave_lines
from wave_dumps import DUPONT, LE_GOFF, ZARKOVIC, two_wave_dumps

SETTINGS = ScanSettings(workers=1, use_ner=False)
KEY = "4c1f8e2a9d7b3e6f0a5c8d1e7b4f2a9c6e3d0b8f5a2c7e4d1b9f6a3c0e8d5b2f"
NEW_PARAGRAPH = "De nouveaux fichiers, publiés depuis, contiennent des informations"


@pytest.fixture(scope="module")
def two_waves(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A case scanned in two waves, 'premiere' then 'forum-mars' (copy it to write)."""
    root = tmp_path_factory.mktemp("waves")
    registry, first, second = two_wave_dumps(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEAKMAP_KEY", KEY)
        for dump, name in ((first, "premiere"), (second, "forum-mars")):
            scan(dump, registry=registry, case_dir=root / "case", settings=SETTINGS, wave_name=name)  # fmt: skip
        yield root / "case"


def _body(path: Path) -> str:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    return flat(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]


def test_notify_since_wave_writes_only_their_letters_saying_what_is_new(
    two_waves: Path, tmp_path: Path
) -> None:
    case = tmp_path / "case"
    shutil.copytree(two_waves, case)
    sent = write_output(case, case / "letters" / f"{DUPONT}.pdf", b"%PDF-1.4 sent before\n")
    write_output(case, case / "letters" / f"{LE_GOFF}.pdf", b"%PDF-1.4 his first letter\n")
    dated = ["waves", str(case), "--wave", "forum-mars", "--published", "2025-03-14"]
    assert "publiée le 2025-03-14" in CliRunner().invoke(cli, dated).output  # French
    result = CliRunner().invoke(
        cli, ["--language", "fr", "notify", str(case), "--since-wave", "forum-mars"]
    )
    assert result.exit_code == 0, result.output
    assert {p.stem for p in (case / "letters").glob("*.pdf")} == {DUPONT, LE_GOFF, ZARKOVIC}
    assert sent.read_bytes() == b"%PDF-1.4 sent before\n"  # unchanged person: kept as sent
    first = case / "letters" / "before_wave_forum-mars" / f"{LE_GOFF}.pdf"
    assert first.read_bytes() == b"%PDF-1.4 his first letter\n"  # kept, not overwritten
    assert first.stat().st_mode & 0o777 == 0o600
    assert pdf_text(case / "letters" / f"{LE_GOFF}.pdf")  # his complementary letter
    worse = _body(case / "letters" / f"{LE_GOFF}.eml")  # he has an e-mail: his draft
    assert NEW_PARAGRAPH in worse
    new_part = worse.split(NEW_PARAGRAPH, 1)[1].split("liste complète", 1)[0]
    assert "santé mentale" in new_part and "date de naissance" not in new_part.lower()
    first_letter = flat(pdf_text(case / "letters" / f"{ZARKOVIC}.pdf"))
    assert NEW_PARAGRAPH not in first_letter  # newly exposed: a first letter, in full
    assert "santé sexuelle" in first_letter
    register = json.loads((case / "regulator" / "breach_register.json").read_text("utf-8"))
    assert register["notification"] == "complementary"
    (wave,) = register["waves"]
    assert (wave["name"], wave["documents_added"], wave["republished"]) == ("forum-mars", 3, 1)
    assert (wave["people_newly_exposed"], wave["people_worsened"]) == (1, 1)
    assert wave["published_on"] == "2025-03-14"
    assert {"mental_health", "sexual_health"} <= set(wave["categories_first_exposed"])
    assert register["people"]["notify"] == 3  # the complement still counts everyone
    html = (case / "regulator" / "report.html").read_text("utf-8")
    assert "Vague de publication 2 « forum-mars »" in html
    assert "14 mars 2025" in html
    assert "Milan" not in html and "ZARKOVIC" not in html.upper()


def test_notify_since_an_unknown_wave_names_the_known_ones(two_waves: Path) -> None:
    result = CliRunner().invoke(cli, ["notify", str(two_waves), "--since-wave", "x"])
    assert result.exit_code != 0
    assert "premiere (1), forum-mars (2)" in str(result.exception)


def test_notify_refuses_an_initial_kind_since_a_wave(two_waves: Path) -> None:
    args = ["notify", str(two_waves), "--since-wave", "2", "--kind", "initial"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "--since-wave" in result.output


@pytest.mark.usefixtures("english_messages")  # the summary's English wording
def test_scan_summary_and_waves_command_give_counts_only(tmp_path: Path) -> None:
    registry, first, second = two_wave_dumps(tmp_path)
    case = tmp_path / "case"
    scan(first, registry=registry, case_dir=case, settings=SETTINGS)
    summary = scan(second, registry=registry, case_dir=case, settings=SETTINGS, wave_name="w2")
    lines = "\n".join(format_wave_lines(summary))
    assert "wave 2 'w2': 1 people newly exposed, 1 worsened" in lines
    assert f"leakmap notify {case} --since-wave w2" in lines
    runner = CliRunner()
    listed = runner.invoke(cli, ["waves", str(case)]).output
    assert "w2" in listed and "3 (2/1)" in listed
    for name in ("ZARKOVIC", "Zarkovic", "LE GOFF", "Yann", "Milan"):
        assert name not in lines and name not in listed
    refused = runner.invoke(
        cli, ["scan", str(second), "--out", str(case), "--workers", "1", "--wave", "12"]
    )  # the option reaches the scan, which refuses a name of digits before reading
    assert isinstance(refused.exception, ScanCannotRun) and "not only digits" in str(
        refused.exception
    )
