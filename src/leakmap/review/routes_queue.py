"""The queue and its items: read the evidence, compare candidates, decide.

A decision is saved at once (``store.reviews``), with its audit line, in one
transaction, under the case's writer lock taken for that instant (``Case.writing``); ``leakmap report`` lays it over the next re-link of the case.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from leakmap.i18n import gettext
from leakmap.link.overrides import OverrideAction, apply_review_decision
from leakmap.review.case_evidence import evidence_of, has_page_image, page_image
from leakmap.review.comparison import comparison_rows
from leakmap.review.pages import render
from leakmap.review.queue import ReviewItem, next_pending, review_items
from leakmap.review.security import case_of, checked_form, current_session, deciding_session
from leakmap.store import Case
from leakmap.store.reviews import (
    ReviewDecision,
    load_attributions_to_review,
    load_audit_log,
    load_patient,
    load_review_decisions,
    load_review_originals,
    load_severities,
    save_review_decision,
)
from leakmap.store.users import ReviewSession

router = APIRouter()

MENTION_KEY = r"^[0-9a-f]{16}:\d{1,9}$"
Key = Annotated[str, Path(pattern=MENTION_KEY)]
Session = Annotated[ReviewSession, Depends(current_session)]
_VIEWS = ("pending", "decided", "all")


@router.get("/")
async def home(_: Session) -> Response:
    """The queue is the home page."""
    return RedirectResponse("/queue", status_code=303)


@router.get("/queue")
async def queue_page(request: Request, session: Session, view: str = "pending") -> Response:
    """Review items in review order, pending ones by default."""
    items = queue_of(case_of(request))
    view = view if view in _VIEWS else "pending"
    shown = [
        i
        for i in items
        if view == "all" or (i.is_pending if view == "pending" else not i.is_pending)
    ]
    counts = {"pending": sum(i.is_pending for i in items), "all": len(items)}
    counts["decided"] = counts["all"] - counts["pending"]
    context = {"items": shown, "view": view, "counts": counts}
    return render(request, "queue.html", session, context)


@router.get("/items/{key}")
async def item_page(request: Request, key: Key, session: Session, saved: str = "") -> Response:
    """One item: evidence, candidates side by side, the decision forms, the history."""
    case = case_of(request)
    items = queue_of(case)
    item = _find(items, key)
    mention = item.original.mention
    evidence = evidence_of(case, mention)
    candidates = item.original.candidates
    patients = [load_patient(case, c.patient_id) for c in candidates]
    following = next_pending(items, after=key)
    context = {
        "item": item,
        "mention": mention,
        "evidence": evidence,
        "candidates": list(zip(candidates, patients, strict=True)),
        "rows": comparison_rows(mention, candidates, patients),
        "current_ids": {c.patient_id for c in item.current.candidates},
        "image": has_page_image(case, mention, evidence),
        "history": load_audit_log(case, mention_key=key),
        "next_item": following,
        "saved": bool(saved),
    }
    return render(request, "item.html", session, context)


@router.get("/items/{key}/page.png")
async def item_image(request: Request, key: Key, _: Session) -> Response:
    """The cropped page region of a scanned mention, other people's words blacked out."""
    case = case_of(request)
    image = page_image(case, _find(queue_of(case), key).original.mention)
    if image is None:
        raise HTTPException(404, gettext("no page image for this item"))
    return Response(image, media_type="image/png")


@router.post("/items/{key}/decide")
async def decide(
    request: Request,
    key: Key,
    session: Annotated[ReviewSession, Depends(deciding_session)],
    form: Annotated[FormData, Depends(checked_form)],
) -> Response:
    """Save a decision and go on to the next pending item."""
    case = case_of(request)
    items = queue_of(case)
    item = _find(items, key)
    decision = _decision_from(case, item, form, session)
    before = item.current
    after = apply_review_decision(item.original, decision)
    with case.writing():
        save_review_decision(case, decision, original=item.original, before=before, after=after)
    following = next_pending(queue_of(case), after=key)
    target = f"/items/{following.key}?saved=1" if following else "/queue?view=decided"
    return RedirectResponse(target, status_code=303)


def queue_of(case: Case) -> list[ReviewItem]:
    """The whole queue, from the case as it is now."""
    return review_items(
        load_attributions_to_review(case),
        load_review_originals(case),
        load_review_decisions(case),
        load_severities(case),
    )


def _find(items: list[ReviewItem], key: str) -> ReviewItem:
    item = next((i for i in items if i.key == key), None)
    if item is None:
        raise HTTPException(404, gettext("no review item with this key"))
    return item


def _decision_from(
    case: Case, item: ReviewItem, form: FormData, session: ReviewSession
) -> ReviewDecision:
    """Parse and check the form: the action, and a patient it may name."""
    try:
        action = OverrideAction(str(form.get("action", "")))
    except ValueError as error:
        raise HTTPException(422, gettext("unknown action")) from error
    patient_id = str(form.get("patient_id", "")).strip() or None
    listed = {c.patient_id for c in item.original.candidates}
    if action in (OverrideAction.CONFIRM, OverrideAction.REJECT) and patient_id not in listed:
        raise HTTPException(422, gettext("this patient is not a candidate of the item"))
    if action is OverrideAction.CHOOSE and (
        patient_id is None or load_patient(case, patient_id) is None
    ):
        raise HTTPException(422, gettext("no registry patient has this id"))
    if action is OverrideAction.UNREGISTERED:
        patient_id = None
    rejected: tuple[str, ...] = ()
    if action is OverrideAction.REJECT and patient_id is not None:
        earlier = item.decision.rejected if item.decision else ()
        rejected = tuple(dict.fromkeys((*earlier, patient_id)))
    at = datetime.now(UTC).isoformat(timespec="seconds")
    return ReviewDecision(item.key, action, patient_id, session.reviewer.name, at, rejected)
