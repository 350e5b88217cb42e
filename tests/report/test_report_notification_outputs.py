"""After the scan, one call writes letters, kits and the regulator report inside the case."""

from __future__ import annotations

from report_people import DECEASED, EXPOSURES, LETTER_DAY, PATIENTS, STAFF

from leakmap.report.notification_outputs import write_notification_outputs


def test_notification_outputs_everything_inside_the_case(tmp_path):
    outputs = write_notification_outputs(
        tmp_path, exposures=EXPOSURES, unregistered=STAFF, documents=[], patients=PATIENTS,
        today=LETTER_DAY, deceased=DECEASED, staff=STAFF,
    )  # fmt: skip
    assert outputs.letters.written == outputs.kits == 5
    assert outputs.regulator_report == tmp_path / "regulator" / "report.pdf"
    written = {p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*") if p.is_file()}
    assert written == {"case.toml", "letters", "complaint_kits", "regulator"}
