"""Quality check of the ``notify`` list: draw a round, answer each draw blind.

A draw shows the evidence and the registry patient the list would write to, without the
model's confidence or field agreements, and asks one question: is this the person? The
answers give the list's estimated precision (``review.sampling``).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from leakmap.i18n import gettext
from leakmap.link.attribution import Attribution
from leakmap.review.case_evidence import evidence_of, has_page_image, page_image
from leakmap.review.pages import render
from leakmap.review.sampling import (
    DEFAULT_SAMPLE_SIZE,
    MAX_SAMPLE_SIZE,
    draw_sample,
    estimate_precision,
)
from leakmap.review.security import case_of, checked_form, current_session, deciding_session
from leakmap.store import Case
from leakmap.store.reviews import (
    SampleDraw,
    load_attribution,
    load_notify_patients,
    load_patient,
    load_sample_draws,
    load_sampling_rounds,
    record_sample_answer,
    record_sampling_round,
)
from leakmap.store.users import ReviewSession

router = APIRouter()

Session = Annotated[ReviewSession, Depends(current_session)]
Decider = Annotated[ReviewSession, Depends(deciding_session)]
Form = Annotated[FormData, Depends(checked_form)]
RoundId = Annotated[int, Path(ge=1)]
Position = Annotated[int, Path(ge=1)]
_MAX_SEED = 2**31 - 1


@router.get("/sampling")
async def sampling_page(request: Request, session: Session) -> Response:
    """Every round with its estimated precision, and the form to draw a new one."""
    case = case_of(request)
    rounds = [
        (r, estimate_precision(load_sample_draws(case, r.id))) for r in load_sampling_rounds(case)
    ]
    context = {
        "rounds": rounds,
        "population": len(load_notify_patients(case)),
        "default_size": DEFAULT_SAMPLE_SIZE,
        "max_size": MAX_SAMPLE_SIZE,
    }
    return render(request, "sampling.html", session, context)


@router.post("/sampling/rounds")
async def start_round(request: Request, session: Decider, form: Form) -> Response:
    """Draw a round of notify patients at random; go to its first draw."""
    case = case_of(request)
    size = _int_field(form, "size", DEFAULT_SAMPLE_SIZE, low=1, high=MAX_SAMPLE_SIZE)
    seed = _int_field(form, "seed", secrets.randbelow(_MAX_SEED), low=0, high=_MAX_SEED)
    population = load_notify_patients(case)
    if not population:
        raise HTTPException(409, gettext("the notify list is empty: there is nothing to sample"))
    drawn = draw_sample(list(population), size, seed=seed)
    draws = [(pid, _evidence_key(case, pid, population[pid])) for pid in drawn]
    with case.writing():
        round_id = record_sampling_round(
            case, seed=seed, population=len(population), draws=draws, reviewer=session.reviewer.name
        )
    return RedirectResponse(f"/sampling/rounds/{round_id}/1", status_code=303)


@router.get("/sampling/rounds/{round_id}")
async def round_page(request: Request, round_id: RoundId, session: Session) -> Response:
    """One round: its draws, answered or not, and the precision so far."""
    case = case_of(request)
    found = next((r for r in load_sampling_rounds(case) if r.id == round_id), None)
    if found is None:
        raise HTTPException(404, gettext("no such sampling round"))
    draws = load_sample_draws(case, round_id)
    context = {"round": found, "draws": draws, "precision": estimate_precision(draws)}
    return render(request, "round.html", session, context)


@router.get("/sampling/rounds/{round_id}/{position}")
async def draw_page(
    request: Request, round_id: RoundId, position: Position, session: Session
) -> Response:
    """One draw, blind: the evidence and the patient, no confidence."""
    case = case_of(request)
    draws = load_sample_draws(case, round_id)
    draw = _draw(draws, position)
    attribution = load_attribution(case, draw.mention_key)
    mention = attribution.mention if attribution else None
    evidence = evidence_of(case, mention) if mention else None
    context = {
        "draw": draw,
        "total": len(draws),
        "mention": mention,
        "evidence": evidence,
        "image": bool(mention and evidence and has_page_image(case, mention, evidence)),
        "patient": load_patient(case, draw.patient_id),
    }
    return render(request, "draw.html", session, context)


@router.get("/sampling/rounds/{round_id}/{position}/page.png")
async def draw_image(
    request: Request, round_id: RoundId, position: Position, _: Session
) -> Response:
    """The cropped page region of a draw's evidence, when scanned."""
    case = case_of(request)
    draw = _draw(load_sample_draws(case, round_id), position)
    attribution = load_attribution(case, draw.mention_key)
    image = page_image(case, attribution.mention) if attribution else None
    if image is None:
        raise HTTPException(404, gettext("no page image for this draw"))
    return Response(image, media_type="image/png")


@router.post("/sampling/rounds/{round_id}/{position}")
async def answer_draw(
    request: Request, round_id: RoundId, position: Position, session: Decider, form: Form
) -> Response:
    """Record a blind answer (final), then go to the round's next unanswered draw."""
    case = case_of(request)
    answer = str(form.get("answer", ""))
    if answer not in ("correct", "incorrect"):
        raise HTTPException(422, gettext("answer correct or incorrect"))
    _draw(load_sample_draws(case, round_id), position)
    with case.writing():
        recorded = record_sample_answer(
            case, round_id, position, correct=answer == "correct", reviewer=session.reviewer.name
        )
    if not recorded:
        raise HTTPException(409, gettext("this draw has been answered already"))
    waiting = [d for d in load_sample_draws(case, round_id) if d.answer is None]
    target = f"/sampling/rounds/{round_id}"
    if waiting:
        target += f"/{waiting[0].position}"
    return RedirectResponse(target, status_code=303)


def _draw(draws: list[SampleDraw], position: int) -> SampleDraw:
    found = next((d for d in draws if d.position == position), None)
    if found is None:
        raise HTTPException(404, gettext("no such draw"))
    return found


def _evidence_key(case: Case, patient_id: str, mention_keys: tuple[str, ...]) -> str:
    """The mention that put the patient on the notify list (the first such one)."""
    for key in mention_keys:
        attribution: Attribution | None = load_attribution(case, key)
        if attribution is not None and attribution.patient_id == patient_id:
            return key
    return mention_keys[0] if mention_keys else ""


def _int_field(form: FormData, name: str, default: int, *, low: int, high: int) -> int:
    text = str(form.get(name, "")).strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError as error:
        raise HTTPException(
            422, gettext("{name} must be a whole number").format(name=name)
        ) from error
    if not low <= value <= high:
        between = gettext("{name} must be between {low} and {high}")
        raise HTTPException(422, between.format(name=name, low=low, high=high))
    return value
