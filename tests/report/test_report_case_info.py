"""case.toml: the template written on first use, values merged over it, problems listed."""

from __future__ import annotations

from datetime import date

import pytest

from leakmap.assess.enisa import Loss
from leakmap.report.case_info import CaseInfoError, load_case_info
from leakmap.report.templating import export_templates

TODAY = date(2025, 3, 1)


def test_case_info_template_is_written_on_first_use(tmp_path):
    info = load_case_info(tmp_path, today=TODAY)
    assert (tmp_path / "case.toml").read_text(encoding="utf-8").startswith("# leakmap")
    assert info.is_example
    assert info.discovered_on == date(2025, 1, 6)
    assert info.letter_date == TODAY
    assert info.text("fr").measures and info.text("en").measures
    assert info.circumstances.malicious


def test_case_info_hospital_values_override_the_template(tmp_path):
    (tmp_path / "case.toml").write_text(
        "example = false\n"
        '[hospital]\nname = "Hôpital fictif du Lac"\n'
        '[breach]\nletter_date = 2025-04-02\navailability_lost = "recoverable"\n'
        '[text.en]\nhotline_hours = "every day"\n',
        encoding="utf-8",
    )
    info = load_case_info(tmp_path, today=TODAY)
    assert not info.is_example
    assert info.hospital_name == "Hôpital fictif du Lac"
    assert info.letter_date == date(2025, 4, 2)
    assert info.circumstances.availability_lost is Loss.RECOVERABLE
    assert info.text("en").hotline_hours == "every day"
    assert info.dpo_email == "dpo@ch-valmont.example"  # from the template


def test_case_info_lists_every_problem_at_once(tmp_path):
    (tmp_path / "case.toml").write_text(
        '[breach]\ndiscovered_on = "6 janvier"\nmalicious = "yes"\nintegrity_lost = "some"\n'
        "[hospital]\naddress = 12\n",
        encoding="utf-8",
    )
    with pytest.raises(CaseInfoError) as caught:
        load_case_info(tmp_path, today=TODAY)
    assert caught.value.problems == [
        "hospital.address must be a list of texts",
        "breach.discovered_on must be a date YYYY-MM-DD",
        "breach.malicious must be true or false",
        "breach.integrity_lost must be one of none, recoverable, permanent",
    ]
    assert "case.toml" in str(caught.value)


def test_case_info_unreadable_toml_names_the_file(tmp_path):
    (tmp_path / "case.toml").write_text("[hospital\n", encoding="utf-8")
    with pytest.raises(CaseInfoError, match="cannot be read"):
        load_case_info(tmp_path, today=TODAY)


def test_case_info_templates_exported_for_editing_never_overwritten(tmp_path):
    written = export_templates(tmp_path)
    names = {p.name for p in written}
    assert {"letter.fr.txt", "letter.en.txt", "complaint_kit.fr.txt", "regulator.fr.html"} <= names
    assert "case.toml" not in names
    (tmp_path / "templates" / "letter.fr.txt").write_text("edited", encoding="utf-8")
    assert export_templates(tmp_path) == []
    assert (tmp_path / "templates" / "letter.fr.txt").read_text(encoding="utf-8") == "edited"
