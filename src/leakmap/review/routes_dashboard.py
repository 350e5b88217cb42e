"""The dashboard: the list as last written, review progress, and the latest quality check.

Counts by decision, category and severity are those of the stored exposures, i.e. of
``affected.csv`` as the last ``scan`` or ``report`` wrote it; the page says how many
decisions were saved since, which the next ``leakmap report`` will take in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from leakmap.assess.exposure import Exposure
from leakmap.review.pages import render
from leakmap.review.routes_queue import queue_of
from leakmap.review.sampling import estimate_precision
from leakmap.review.security import case_of, current_session
from leakmap.store.reviews import (
    load_audit_log,
    load_sample_draws,
    load_sampling_rounds,
    unreported_decision_count,
)
from leakmap.store.users import ReviewSession
from leakmap.vocabulary import Category, Decision, Severity

router = APIRouter()

RECENT_DECISIONS = 15


@router.get("/dashboard")
async def dashboard_page(
    request: Request, session: Annotated[ReviewSession, Depends(current_session)]
) -> Response:
    """Counts, progress and the latest precision estimate on one screen."""
    case = case_of(request)
    exposures: list[Exposure] = case.load_records("exposures", Exposure)
    items = queue_of(case)
    decided = Counter(i.decision.action.value for i in items if i.decision is not None)
    rounds = load_sampling_rounds(case)
    latest = rounds[0] if rounds else None
    context = {
        "by_decision": _counted((e.decision for e in exposures), list(Decision)),
        "by_severity": _counted((e.severity.severity for e in exposures), list(Severity)),
        "by_category": _counted((c for e in exposures for c in e.categories), list(Category)),
        "exposed": len(exposures),
        "items_total": len(items),
        "items_pending": sum(i.is_pending for i in items),
        "decided": decided,
        "unreported": unreported_decision_count(case),
        "latest_round": latest,
        "precision": estimate_precision(load_sample_draws(case, latest.id)) if latest else None,
        "recent": load_audit_log(case, limit=RECENT_DECISIONS),
    }
    return render(request, "dashboard.html", session, context)


def _counted(values: Iterable[str], order: Sequence[str]) -> list[tuple[str, int]]:
    """(word, count) in vocabulary order, words never seen left out."""
    counts = Counter(values)
    return [(str(word), counts[word]) for word in order if counts[word]]
