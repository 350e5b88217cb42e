"""rekey while another process has the case open says so and changes nothing."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from leakmap.errors import CaseLocked
from leakmap.store import Case
from leakmap.store.rekey import rekey_case


@pytest.mark.usefixtures("english_messages")  # asserts English messages
def test_rekey_refuses_while_a_reader_has_the_case_open(tmp_path: Path, case_key: str) -> None:
    case_dir = tmp_path / "case"
    with Case.open(case_dir) as case:
        case.set_meta("note", "kept")
    reader = Case.open(case_dir, writer=False)
    try:
        reader.get_meta("note")
        with pytest.raises(CaseLocked, match="another process has the case open"):
            rekey_case(case_dir, old_key=case_key, new_key=secrets.token_hex(32))
    finally:
        reader.close()
    with Case.open(case_dir, key=case_key, writer=False) as case:
        assert case.get_meta("note") == "kept"
