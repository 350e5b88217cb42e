"""``leakmap notify`` accounts for every person (issue 18 point 2) and drafts only real e-mails.

The case is a real encrypted case written through the store, as a scan leaves it: the
report tests' fictitious people, plus a deceased patient with no known address and a
relative found in the leak who is in no registry. ``notify`` runs as a subprocess.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_people import EXPOSURES, PATIENTS, STAFF, exposure

from leakmap.assess.exposure import UnregisteredPerson
from leakmap.cli import cli
from leakmap.link.registry import Patient
from leakmap.notify import write_notifications
from leakmap.store import Case
from leakmap.vocabulary import Category as C

LONELY = Patient("20000009", "Lemoine", "", "Gaston", date(1940, 5, 5), "M",
                 "", "", "", "", "", "")  # fmt: skip
RELATIVE = UnregisteredPerson(
    "Garnier", "Paulette", date(1950, 1, 2), frozenset({C.NAME, C.HEALTH}), ("a.pdf",), ()
)
NAMES = ("Vasseur", "Garnier", "Roussel", "Fabre", "Wójcik", "Benoît", "Lemoine", "Mercier")


@pytest.fixture
def notify_case(tmp_path: Path) -> Path:
    """A real case: registry, exposures, staff and an unregistered relative."""
    case_dir = tmp_path / "case"
    staff = [UnregisteredPerson(*vars_of(STAFF[0]), staff=True)]
    with Case.open(case_dir) as case:
        case.replace_patients([*PATIENTS.values(), LONELY])
        case.replace_results(
            attributions=[],
            exposures=[*EXPOSURES, exposure("20000009", C.DEATH, C.HEALTH)],
            unregistered=[RELATIVE, *staff],
        )
    return case_dir


def vars_of(person: UnregisteredPerson) -> tuple[object, ...]:
    """The fields of an unregistered person but ``staff``, in order."""
    return (person.family_name, person.given_names, person.birth_date, person.categories,
            person.documents, person.mention_keys)  # fmt: skip


def _notify(case_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leakmap", "notify", str(case_dir), *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
        timeout=120,
    )


@pytest.mark.usefixtures("english_messages")  # the summary's English wording
def test_notify_lists_everyone_no_letter_reaches(notify_case: Path) -> None:
    result = _notify(notify_case)
    assert result.returncode == 0, result.stderr
    not_sent = notify_case / "letters" / "not_sent.csv"
    with not_sent.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["person", "reason"]
    assert sorted(map(tuple, rows[1:])) == [
        ("20000003", "minor_confidential_care"),
        ("20000005", "no_postal_address_nor_email"),
        ("20000006", "awaiting_review"),
        ("20000009", "deceased_without_heirs_address"),
        ("unregistered-1", "unregistered_no_address"),
    ]
    out = result.stdout
    assert str(not_sent) in out
    assert "people to notify: 6" in out  # 20000001..05 and 20000009
    assert "letters written: 6" in out  # 5 patients' letters, one held, + 1 staff
    assert "3 to the patients themselves" in out and "1 to the parents of minors" in out
    assert "1 to the heirs of deceased patients" in out  # 20000009: a death certificate
    assert "1 to staff (found in staff files, not in the registry)" in out
    assert "not reached: 5 people" in out
    assert "1 minor with confidential care, held for review" in out
    for name in NAMES:
        assert name.casefold() not in (out + result.stderr).casefold()


def test_notify_drafts_only_real_addresses_stamped_with_the_kit(notify_case: Path) -> None:
    # An English-speaking user: the summary and, with no notify --language, the letters.
    result = CliRunner().invoke(cli, ["--language", "en", "notify", str(notify_case)])
    assert result.exit_code == 0, result.output
    letters = notify_case / "letters"
    # The two patients with an e-mail; not the heirs, the parents, staff, nor 20000005.
    assert sorted(p.name for p in letters.glob("*.eml")) == ["20000001.eml", "20000004.eml"]
    assert "e-mail drafts: 2 (only for addressees with an e-mail address)" in result.output
    message = message_from_bytes((letters / "20000001.eml").read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("[DRAFT — DO NOT SEND] ")
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("DRAFT — DO NOT SEND") and "MODÈLE" not in body
    assert 'The enclosed "Facts for a complaint"' in " ".join(body.split())
    attached = {a.get_filename(): a.get_content() for a in message.iter_attachments()}
    assert sorted(attached) == ["20000001.pdf", "facts-for-a-complaint.pdf"]
    assert all(pdf.startswith(b"%PDF") for pdf in attached.values())


@pytest.mark.usefixtures("english_messages")  # asserts English messages
def test_notify_tells_its_progress_step_by_step(notify_case: Path) -> None:
    steps: list[str] = []
    counts: list[tuple[int, int]] = []
    write_notifications(
        notify_case, today=date(2025, 2, 20), progress=steps.append,
        counted=lambda done, total: counts.append((done, total)),
    )  # fmt: skip
    assert steps == [
        "reading the case",
        "writing letters (8 people found)",  # 7 patients, 1 staff
        "writing the regulator report",
    ]
    # letters with their kits and drafts, counted as they are written: 6 letters
    assert counts[0] == (0, 6) and counts[-1] == (6, 6)
