"""End to end: scan a real small dump, then write letters and kits from the stored case.

The dump's documents hold clinical text (a carcinoma, a depressive episode, an HIV test);
none of its words, and no path of the dump, may reach a letter, an e-mail draft or a kit.
"""

from __future__ import annotations

from datetime import date
from email import message_from_bytes, policy

import pytest
from report_people import pdf_text

from leakmap.assess.exposure import Exposure, UnregisteredPerson
from leakmap.link.registry import Patient
from leakmap.report.notification_outputs import write_notification_outputs
from leakmap.scan import scan
from leakmap.settings import ScanSettings
from leakmap.store import Case

TODAY = date(2025, 2, 20)
CLINICAL = ("carcinome", "canalaire", "biopsie", "dépressif", "CMP", "sérologie", "VIH",
            "glycémie", "coloscopie", "polype", "échographie", "Anapath", "courrier_psy")  # fmt: skip


@pytest.mark.slow
def test_scanned_case_letters_and_kits_carry_no_clinical_word(small_dump, registry_csv, tmp_path):
    dump, _ = small_dump
    case_dir = tmp_path / "case"
    scan(
        dump,
        registry=registry_csv,
        case_dir=case_dir,
        settings=ScanSettings(workers=1),
        today=TODAY,
    )
    with Case.open(case_dir, writer=False) as case:
        exposures = case.load_records("exposures", Exposure)
        unregistered = case.load_records("unregistered", UnregisteredPerson)
        patients = case.load_patients(Patient)
    outputs = write_notification_outputs(
        case_dir, exposures=exposures, unregistered=unregistered, documents=[],
        patients=patients, today=TODAY,
    )  # fmt: skip
    assert outputs.letters.written >= 4
    texts = {p.name: pdf_text(p) for p in case_dir.glob("*/*.pdf")}
    texts |= {p.name: p.read_text(encoding="utf-8") for p in case_dir.glob("complaint_kits/*.txt")}
    for draft in (case_dir / "letters").glob("*.eml"):
        message = message_from_bytes(draft.read_bytes(), policy=policy.default)
        texts[draft.name] = f"{message['Subject']}\n{message.get_body(('plain',)).get_content()}"
    assert any("résultats d'examens de tissus ou de cellules" in text for text in texts.values())
    for name, text in texts.items():
        for word in CLINICAL:
            assert word.lower() not in text.lower(), f"{name} contains {word!r}"
