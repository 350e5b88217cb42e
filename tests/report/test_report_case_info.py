"""case.toml: the template written on first use, values merged over it, problems listed."""

from __future__ import annotations

from datetime import date, time

import pytest
from report_people import FILLED_CASE_TOML

from leakmap.assess.enisa import Loss
from leakmap.report.case_info import CaseInfoError, load_case_info
from leakmap.report.templating import export_templates

pytestmark = pytest.mark.usefixtures("english_messages")  # asserts English messages

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
        '[hospital]\nname = "Hôpital fictif du Lac"\n'
        '[breach]\nletter_date = 2025-04-02\navailability_lost = "recoverable"\n'
        '[text.en]\nhotline_hours = "every day"\n',
        encoding="utf-8",
    )
    info = load_case_info(tmp_path, today=TODAY)
    assert info.is_example
    assert info.hospital_name == "Hôpital fictif du Lac"
    assert info.letter_date == date(2025, 4, 2)
    assert info.circumstances.availability_lost is Loss.RECOVERABLE
    assert info.text("en").hotline_hours == "every day"
    assert info.dpo_email == "dpo@ch-valmont.example"  # from the template


def test_case_info_final_case_reads_times_and_cross_border(tmp_path):
    (tmp_path / "case.toml").write_text(FILLED_CASE_TOML, encoding="utf-8")
    info = load_case_info(tmp_path, today=TODAY)
    assert not info.is_example
    assert (info.started_on, info.started_time) == (date(2025, 3, 1), time(22, 10))
    assert (info.ended_on, info.ended_time) == (date(2025, 3, 3), time(12, 30))
    assert info.discovered_time == time(8, 5)
    assert not info.is_ongoing
    assert (info.cross_border, info.cross_border_people) == (True, 3)
    assert info.cross_border_countries == ("Suisse",)


def test_case_info_narrative_follows_changed_breach_dates(tmp_path):
    (tmp_path / "case.toml").write_text(FILLED_CASE_TOML, encoding="utf-8")
    info = load_case_info(tmp_path, today=TODAY)
    assert info.text("fr").what_happened.startswith("Le 3 mars 2025, notre établissement")
    assert "Le 20 mars 2025, ce groupe" in info.text("fr").what_happened
    assert info.text("en").what_happened.startswith("On 3 March 2025 our hospital")
    assert "janvier" not in info.text("fr").what_happened


def test_case_info_stale_date_in_the_narrative_is_refused(tmp_path):
    (tmp_path / "case.toml").write_text(
        "[breach]\ndiscovered_on = 2025-03-03\n"
        '[text.fr]\nwhat_happened = "Le 8 janvier 2025, une attaque."\n',
        encoding="utf-8",
    )
    with pytest.raises(CaseInfoError) as caught:
        load_case_info(tmp_path, today=TODAY)
    assert caught.value.problems == [
        "text.fr.what_happened names the date '8 janvier 2025', which is none of the breach "
        "dates; write {discovered}, {published}, {started} or {ended} instead"
    ]


def test_case_info_unknown_key_names_the_closest_known_key(tmp_path):
    (tmp_path / "case.toml").write_text(
        '[breach]\nhotline_phon = "04 50 99 88 77"\n[dpo]\nmail = "x"\n[colour]\nx = 1\n',
        encoding="utf-8",
    )
    with pytest.raises(CaseInfoError) as caught:
        load_case_info(tmp_path, today=TODAY)
    assert caught.value.problems == [
        "unknown key breach.hotline_phon (did you mean breach.hotline_phone?)",
        "unknown key dpo.mail (did you mean dpo.email?)",
        "unknown key colour.x",
    ]


def test_case_info_final_case_with_example_values_names_each_field(tmp_path):
    toml = FILLED_CASE_TOML.replace('phone = "04 50 11 22 33"', 'phone = "01 99 00 00 00"')
    toml = toml.replace('hotline_phone = "04 50 99 88 77"\n', "")
    toml = toml.replace('name = "Hôpital fictif du Lac"', 'name = "CH de Valmont"')
    (tmp_path / "case.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(CaseInfoError) as caught:
        load_case_info(tmp_path, today=TODAY)
    assert caught.value.problems == [
        "example = false but 3 keys still hold the shipped example value, write the "
        "hospital's own: dpo.phone, breach.hotline_phone, hospital.name"
    ]


def test_case_info_final_case_without_dpo_is_refused(tmp_path):
    toml = FILLED_CASE_TOML.replace('email = "dpo@hopital-du-lac.invalid"', 'email = ""')
    (tmp_path / "case.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(CaseInfoError, match="dpo.email is empty"):
        load_case_info(tmp_path, today=TODAY)


def test_case_info_lists_every_problem_at_once(tmp_path):
    (tmp_path / "case.toml").write_text(
        '[breach]\ndiscovered_on = "6 janvier"\nmalicious = "yes"\nintegrity_lost = "some"\n'
        "[hospital]\naddress = 12\n",
        encoding="utf-8",
    )
    with pytest.raises(CaseInfoError) as caught:
        load_case_info(tmp_path, today=TODAY)
    assert caught.value.problems == [
        "breach.discovered_on must be a date YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS",
        "hospital.address must be a list of texts",
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
