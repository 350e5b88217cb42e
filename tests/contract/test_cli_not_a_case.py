"""Every command but ``scan`` refuses a folder that holds no case, and creates nothing there:
a mistyped path must never become an empty case that answers "not found" to every caller."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

COMMANDS = [
    ["report"],
    ["review"],
    ["notify"],
    ["lookup", "--family-name", "LEROY", "--given-names", "Anne", "--birth-date", "1975-06-15"],
    ["user", "list"],
    ["user", "add", "--password-stdin"],
    ["export", "--to", "out"],
    ["rekey"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_command_refuses_a_folder_without_a_case(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "not_a_case"
    folder.mkdir()
    head, rest = command[:1], command[1:]
    if head == ["user"]:
        head, rest = command[:2], command[2:]
    argv = [*head, str(folder), *(["alice"] if "add" in head else []), *rest]
    done = subprocess.run(
        [sys.executable, "-m", "leakmap", *argv], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert (
        "pas un dossier leakmap" in done.stderr and "leakmap scan" in done.stderr
    )  # French by default
    assert list(folder.iterdir()) == []


def test_evaluate_refuses_a_folder_without_a_case(tmp_path: Path) -> None:
    truth = tmp_path / "truth.json"
    truth.write_text("{}", encoding="utf-8")
    folder = tmp_path / "not_a_case"
    folder.mkdir()
    argv = ["evaluate", "--truth", str(truth), "--case", str(folder)]
    done = subprocess.run(
        [sys.executable, "-m", "leakmap", *argv], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "pas un dossier leakmap" in done.stderr
