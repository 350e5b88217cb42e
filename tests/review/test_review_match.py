"""The "match a file" page: a read-only reviewer uploads a photo of a leaked scan and is
told where it comes from, whose it is, with the page crop (other people blacked out);
the upload leaves nothing behind. Real pdfium, real app (in-process client)."""

from __future__ import annotations

import io
from collections.abc import Callable

from fastapi.testclient import TestClient
from review_case import ReviewCase
from review_client import BASE

from leakmap.extract.document import ExtractedDocument
from leakmap.fingerprint import fingerprint_file
from leakmap.review.routes_match import UPLOADS_DIR
from leakmap.store import Case
from leakmap.store.fingerprints import record_fingerprint
from leakmap.synth.republished import render_page
from leakmap.vocabulary import FileKind
from leakmap.walk.leaked_file import LeakedFile, LeakPath

LoggedIn = Callable[[str], str]


def _fingerprint_the_scan(review_case: ReviewCase) -> bytes:
    """Store the scan's fingerprint, as a scan does; return the scan's bytes."""
    source = review_case.dump / review_case.scan_path
    with Case.open(review_case.case_dir) as case:
        row = next(d for d in case.documents() if d.path == review_case.scan_path)
        document = case.load_contents(ExtractedDocument, row.sha256)
        file = LeakedFile(LeakPath((row.path,)), row.sha256, row.size, FileKind.PDF, source=source)
        record_fingerprint(case, fingerprint_file(file, document))
    return source.read_bytes()


def _photo(pdf: bytes) -> bytes:
    out = io.BytesIO()
    render_page(pdf, dpi=110).save(out, format="JPEG", quality=50)
    return out.getvalue()


def test_match_page_answers_a_read_only_reviewer_with_the_masked_crop(
    client: TestClient, logged_in: LoggedIn, review_case: ReviewCase
) -> None:
    photo = _photo(_fingerprint_the_scan(review_case))
    token = logged_in("rita")  # read-only
    assert client.get("/match").status_code == 200
    response = client.post(
        "/match",
        data={"csrf_token": token},
        files={"file": ("PETITJEAN Hélène - écho.jpg", photo, "image/jpeg")},
        headers={"Origin": BASE},
    )
    assert response.status_code == 200, response.text
    assert "From the case&#39;s leak" in response.text or "From the case's leak" in response.text
    assert "10000006" in response.text  # the scan's patient
    assert "PETITJEAN" not in response.text  # neither the upload's name nor the page's words
    assert 'src="/match/crop/' in response.text
    crop = response.text.split('src="/match/crop/', 1)[1].split('"', 1)[0]
    image = client.get(f"/match/crop/{crop}")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert list((review_case.case_dir / UPLOADS_DIR).iterdir()) == []


def test_match_upload_needs_the_form_token(
    client: TestClient, logged_in: LoggedIn, review_case: ReviewCase
) -> None:
    logged_in("rita")
    response = client.post(
        "/match",
        data={"csrf_token": "forged"},
        headers={"Origin": BASE},
    )
    assert response.status_code == 403


def test_match_page_needs_a_login(client: TestClient) -> None:
    assert client.get("/match").status_code in (303, 307, 401)
