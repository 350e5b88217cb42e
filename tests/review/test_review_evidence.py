"""Evidence shown to reviewers: other people masked, the scan cropped and blacked out."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from review_case import ReviewCase, scan_pdf
from review_client import BASE, log_in

from leakmap.link.attribution import Attribution
from leakmap.review.app import create_app
from leakmap.review.case_evidence import evidence_of
from leakmap.review.evidence import SegmentKind
from leakmap.review.page_image import leaked_bytes
from leakmap.store import Case

pytestmark = pytest.mark.usefixtures("english_messages")  # asserts English messages

LoggedIn = Callable[[str], str]


def _attributions(review_case: ReviewCase) -> dict[str, Attribution]:
    with Case.open(review_case.case_dir, writer=False) as case:
        stored = case.load_records("attributions", Attribution)
    return {f"{a.mention.document}#{a.mention.family_name}": a for a in stored}


def test_review_evidence_masks_other_people_in_the_page(
    client: TestClient, logged_in: LoggedIn, review_case: ReviewCase
) -> None:
    logged_in("alice")
    key = _attributions(review_case)["notes/note.txt#PETITJEAN"].mention.key
    page = client.get(f"/items/{key}").text
    assert "<mark>PETITJEAN Hélène</mark>" in page and "<mark>29/02/1980</mark>" in page
    for hidden in ("LEROY", "Anne", "15/06/1975", "06 11 22 33 44"):
        assert hidden not in page
    for label in ("[name hidden]", "[birth date hidden]", "[phone hidden]"):
        assert f'<span class="masked">{label}</span>' in page
    assert "échographie obstétricale" in page  # the health context stays readable


def test_review_evidence_masks_the_relative_in_running_text(
    client: TestClient, logged_in: LoggedIn, review_case: ReviewCase
) -> None:
    logged_in("rita")
    key = _attributions(review_case)["psy/consultation.txt#MARTIN"].mention.key
    page = client.get(f"/items/{key}").text
    assert "<mark>MARTIN Paul</mark>" in page
    assert "BERNARD" not in page and "09/09/1977" not in page
    assert "Episode dépressif" in page


def test_review_evidence_of_a_table_row_is_that_row_only(review_case: ReviewCase) -> None:
    attribution = _attributions(review_case)["labo/worklist.csv#ZARKOVIC"]
    with Case.open(review_case.case_dir, writer=False) as case:
        evidence = evidence_of(case, attribution.mention)
    text = "".join(s.text for s in evidence.segments)
    assert evidence.headers == ("NOM", "PRENOM", "DDN", "IPP", "Examen")
    assert "Sérologie VIH" in text and "MOREAU" not in text
    assert evidence.where == "table 'worklist', row 1"
    own = {s.text for s in evidence.segments if s.kind is SegmentKind.OWN}
    assert {"10/10/1990", "10000009"} <= own


def test_review_evidence_crops_the_scanned_page_and_blacks_out_others(
    client: TestClient, logged_in: LoggedIn, review_case: ReviewCase
) -> None:
    logged_in("alice")
    key = _attributions(review_case)["scans/echo.pdf#PETITJEAN"].mention.key
    page = client.get(f"/items/{key}").text
    assert f'<img src="/items/{key}/page.png"' in page and "scanned page" in page
    assert "DUPONT" not in page and "04/07/1971" not in page
    response = client.get(f"/items/{key}/page.png")
    assert response.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(response.content)).convert("L")
    assert 1000 < image.width < 2600 and 150 < image.height < 400  # three lines at 300 dpi
    (Path("/tmp/review-shots")).mkdir(exist_ok=True)
    Path("/tmp/review-shots/crop.png").write_bytes(response.content)
    black = image.histogram()[0] / (image.width * image.height)
    assert 0.05 < black < 0.5  # the other person's name and birth date are blacked out
    third = image.height // 3
    own_line = image.crop((0, 0, image.width, third)).histogram()[0]
    other_line = image.crop((0, 2 * third, image.width, image.height)).histogram()[0]
    assert other_line > 5 * own_line  # this person's own line is not blacked out


def test_review_evidence_says_when_the_page_image_is_gone(
    review_case: ReviewCase, tmp_path: Path
) -> None:
    with Case.open(review_case.case_dir) as case:
        case.connection.execute("UPDATE waves SET dump = ?", (str(tmp_path / "moved"),))
        case.connection.commit()
    key = _attributions(review_case)["scans/echo.pdf#PETITJEAN"].mention.key
    with TestClient(create_app(review_case.case_dir), base_url=BASE, follow_redirects=False) as c:
        log_in(c, "alice")
        page = c.get(f"/items/{key}").text
        assert "No page image" in page and "<mark>PETITJEAN Hélène</mark>" in page
        assert c.get(f"/items/{key}/page.png").status_code == 404


def test_review_evidence_reads_a_scan_inside_nested_archives(tmp_path: Path) -> None:
    scan = scan_pdf(["Patiente TEST Une"])
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("scans/page.pdf", scan)
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as archive:
        archive.writestr("inner.zip", inner.getvalue())
    (tmp_path / "leak.zip").write_bytes(outer.getvalue())
    sha = hashlib.sha256(scan).hexdigest()
    path = "leak.zip!/inner.zip!/scans/page.pdf"
    assert leaked_bytes([(path, str(tmp_path))], sha) == scan
    assert leaked_bytes([(path, str(tmp_path))], "0" * 64) is None
    assert leaked_bytes([("leak.zip!/missing.pdf", str(tmp_path))], sha) is None
