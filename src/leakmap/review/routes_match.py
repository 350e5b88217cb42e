"""The "match a file" page: upload a re-published item and see whether it comes from the leak.

For the DPO on the phone with a journalist or the regulator: any reviewer, read-only
ones too, uploads a file; it is written for the instant of the match into a private
folder inside the case (0700, removed at once, under a neutral name: an uploaded file's
name may name a patient), read in a sealed worker like a leaked file, and answered by
``leakmap.match``. The page lists the case documents and pages it comes from, the
patients they expose (ids), whether it holds new data, and, where the matched page is a
scan, the crop of each patient's place on it with other people's words blacked out
(``case_evidence.page_image``, as the queue shows it).
"""

from __future__ import annotations

import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi import Path as PathParameter
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from leakmap.i18n import gettext
from leakmap.link.attribution import Attribution
from leakmap.match import FileMatch, Verdict, match_files
from leakmap.private_files import private_dir
from leakmap.review.case_evidence import evidence_of, has_page_image, page_image
from leakmap.review.pages import render
from leakmap.review.security import case_of, checked_form, current_session
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.store.users import ReviewSession

router = APIRouter()

Session = Annotated[ReviewSession, Depends(current_session)]
Form = Annotated[FormData, Depends(checked_form)]
MentionKey = Annotated[str, PathParameter(min_length=1, max_length=200)]

#: Largest upload matched (bytes): a sample, a screenshot, a few documents.
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
#: Where uploads sit for the instant of their match, inside the case.
UPLOADS_DIR = ".match-uploads"
_SETTINGS = ScanSettings(workers=1)


@dataclass(frozen=True, slots=True)
class _Crop:
    """A patient's place on a matched page, as the queue's crop image."""

    patient_id: str
    mention_key: str


@router.get("/match")
async def match_page(request: Request, session: Session) -> Response:
    """The upload form."""
    return render(request, "match.html", session, {"files": None})


@router.post("/match")
async def match_upload(request: Request, session: Session, form: Form) -> Response:
    """Match the uploaded file against the case; show what it comes from."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise HTTPException(400, gettext("choose a file to match"))
    try:
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
    finally:
        await upload.close()
    if len(data) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, gettext("the file is too large to match here; use leakmap match"))
    case = case_of(request)
    files = _match_bytes(case.directory, data, Path(upload.filename).suffix[:12])
    results = [(f, _verdict_words(f.verdict), _crops(case, f)) for f in files]
    return render(request, "match.html", session, {"files": files, "results": results})


@router.get("/match/crop/{mention_key}")
async def match_crop(request: Request, mention_key: MentionKey, _: Session) -> Response:
    """The page crop of one matched patient's place, other people's words blacked out."""
    case = case_of(request)
    mention = next((a.mention for a in case.load_records("attributions", Attribution)
                    if a.mention.key == mention_key), None)  # fmt: skip
    image = page_image(case, mention) if mention is not None else None
    if image is None:
        raise HTTPException(404, gettext("no page image for this match"))
    return Response(image, media_type="image/png")


def _verdict_words(verdict: str) -> str:
    words = {
        Verdict.FROM_CASE: gettext("From the case's leak"),
        Verdict.NEW_DATA: gettext("Possibly new data"),
        Verdict.NO_MATCH: gettext("Not from the case"),
        Verdict.UNREADABLE: gettext("Unreadable"),
    }
    return words.get(verdict, verdict)


def _match_bytes(case_dir: Path, data: bytes, suffix: str) -> tuple[FileMatch, ...]:
    """Write the upload in a private folder of the case, match it, remove it."""
    folder = private_dir(case_dir / UPLOADS_DIR) / secrets.token_hex(8)
    private_dir(folder)
    safe_suffix = "".join(c for c in suffix if c.isalnum() or c == ".")
    try:
        path = folder / f"upload{safe_suffix}"
        path.write_bytes(data)
        path.chmod(0o600)
        return match_files(case_dir, [path], settings=_SETTINGS).files
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _crops(case: Case, file: FileMatch) -> list[_Crop]:
    """A crop per matched patient on each matched scanned page (as far as one exists):
    the pages an image matched, every page of a document its text matched."""
    pages = {hit.sha256: set(hit.pages) for hit in file.hits}
    if not pages:
        return []
    crops = []
    for attribution in case.load_records("attributions", Attribution):
        mention = attribution.mention
        wanted = pages.get(mention.sha256)
        if (
            attribution.patient_id
            and wanted is not None
            and (not wanted or mention.location.page in wanted)
            and has_page_image(case, mention, evidence_of(case, mention))
        ):
            crops.append(_Crop(attribution.patient_id, mention.key))
    return crops
