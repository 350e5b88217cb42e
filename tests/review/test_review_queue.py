"""The queue's order, and decisions saved through the app with their audit lines."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from review_case import ReviewCase
from review_client import BASE

from leakmap.link.attribution import Attribution
from leakmap.review.queue import review_items, uncertainty
from leakmap.store import Case
from leakmap.store.reviews import load_audit_log, load_review_decisions
from leakmap.vocabulary import Decision, Severity

LoggedIn = Callable[[str], str]


def _keys(html: str) -> list[str]:
    return re.findall(r'<td><a href="/items/([^"?]+)">', html)


def _decide(client: TestClient, token: str, key: str, action: str, patient: str = "") -> int:
    form = {"action": action, "patient_id": patient, "csrf_token": token}
    return client.post(f"/items/{key}/decide", data=form, headers={"Origin": BASE}).status_code


def _by_document(review_case: ReviewCase) -> dict[str, str]:
    """Review item keys by (document, family name)."""
    with Case.open(review_case.case_dir, writer=False) as case:
        stored = case.load_records("attributions", Attribution)
    return {
        f"{a.mention.document}#{a.mention.family_name}": a.mention.key
        for a in stored
        if a.decision is Decision.REVIEW
    }


def test_review_queue_most_severe_then_most_uncertain_first(
    client: TestClient, logged_in: LoggedIn, review_case: ReviewCase
) -> None:
    logged_in("alice")
    keys = _keys(client.get("/queue").text)
    items = _by_document(review_case)
    # mental health (very high) first, then the obstetric scans and notes (high)
    assert set(keys[:2]) == {
        items["psy/consultation.txt#BERNARD"],
        items["psy/consultation.txt#MARTIN"],
    }
    assert set(keys[2:]) == {items["notes/note.txt#PETITJEAN"], items["scans/echo.pdf#PETITJEAN"]}
    assert len(keys) == 4


def test_review_queue_order_puts_the_closer_homonyms_first(review_case: ReviewCase) -> None:
    with Case.open(review_case.case_dir, writer=False) as case:
        stored = case.load_records("attributions", Attribution)
    to_review = [a for a in stored if a.decision is Decision.REVIEW]
    clear, close = sorted(to_review[:2], key=uncertainty)
    severities = {c.patient_id: Severity.HIGH for a in to_review for c in a.candidates}
    items = review_items([clear, close], {}, {}, severities)
    assert [i.key for i in items] == [close.mention.key, clear.mention.key]
    severities.update({c.patient_id: Severity.VERY_HIGH for c in clear.candidates})
    items = review_items([clear, close], {}, {}, severities)
    assert [i.key for i in items] == [clear.mention.key, close.mention.key]
    assert uncertainty(close) >= uncertainty(clear)


def test_review_queue_item_shows_candidates_side_by_side(
    client: TestClient, logged_in: LoggedIn, review_case: ReviewCase
) -> None:
    logged_in("alice")
    key = _by_document(review_case)["psy/consultation.txt#MARTIN"]
    page = client.get(f"/items/{key}").text
    assert "Patient <code>10000010</code>" in page and "Patient <code>10000011</code>" in page
    assert page.count('<span class="level">exact</span>') >= 6  # 3 fields x 2 candidates
    assert "Lille" in page and "Rouen" in page  # registry details to tell them apart
    assert "probability 0.49" in page


def test_review_queue_every_decision_is_saved_and_audited(
    client: TestClient, logged_in: LoggedIn, review_case: ReviewCase
) -> None:
    token = logged_in("alice")
    items = _by_document(review_case)
    martin, bernard = items["psy/consultation.txt#MARTIN"], items["psy/consultation.txt#BERNARD"]
    note, scan = items["notes/note.txt#PETITJEAN"], items["scans/echo.pdf#PETITJEAN"]
    assert _decide(client, token, martin, "confirm", "10000011") == 303
    assert _decide(client, token, bernard, "reject", "10000012") == 303
    assert _decide(client, token, note, "choose", "10000003") == 303
    assert _decide(client, token, scan, "unregistered") == 303
    token = logged_in("bob")
    assert _decide(client, token, bernard, "reject", "10000013") == 303
    with Case.open(review_case.case_dir, writer=False) as case:
        log = list(reversed(load_audit_log(case)))
        decisions = load_review_decisions(case)
    assert [(e.reviewer, e.action, e.mention_key, e.patient_id) for e in log] == [
        ("alice", "confirm", martin, "10000011"),
        ("alice", "reject", bernard, "10000012"),
        ("alice", "choose", note, "10000003"),
        ("alice", "unregistered", scan, None),
        ("bob", "reject", bernard, "10000013"),
    ]
    assert json.loads(log[0].before)["decision"] == "review"
    assert json.loads(log[0].after) == {
        "patient_id": "10000011", "decision": "notify", "confidence": 1.0,
        "candidates": ["10000011"],
    }  # fmt: skip
    assert json.loads(log[1].after)["candidates"] == ["10000013"]
    assert json.loads(log[4].before)["candidates"] == ["10000013"]
    assert json.loads(log[4].after) == {
        "patient_id": None, "decision": None, "confidence": 0.0, "candidates": [],
    }  # fmt: skip
    assert decisions[bernard].rejected == ("10000012", "10000013")
    assert all(e.at.endswith("+00:00") for e in log)


def test_review_queue_decided_items_leave_the_pending_view(
    client: TestClient, logged_in: LoggedIn, review_case: ReviewCase
) -> None:
    token = logged_in("alice")
    items = _by_document(review_case)
    bernard = items["psy/consultation.txt#BERNARD"]
    _decide(client, token, items["psy/consultation.txt#MARTIN"], "confirm", "10000010")
    _decide(client, token, bernard, "reject", "10000012")  # one candidate left: still open
    pending = _keys(client.get("/queue").text)
    decided = _keys(client.get("/queue?view=decided").text)
    assert items["psy/consultation.txt#MARTIN"] in decided
    assert bernard in pending and len(pending) == 3
    page = client.get(f"/items/{bernard}").text
    assert "ruled out" in page and "decided: reject 10000012 by alice" in page


def test_review_queue_refuses_bad_decisions(
    client: TestClient, logged_in: LoggedIn, review_case: ReviewCase
) -> None:
    token = logged_in("alice")
    key = _by_document(review_case)["psy/consultation.txt#MARTIN"]
    assert _decide(client, token, key, "confirm", "10000001") == 422  # not a candidate
    assert _decide(client, token, key, "choose", "99999999") == 422  # not in the registry
    assert _decide(client, token, key, "delete") == 422
    assert _decide(client, token, "0123456789abcdef:0", "unregistered") == 404
    assert client.get("/items/..%2F..%2Fetc").status_code in (404, 422)


def test_review_queue_after_a_decision_goes_to_the_next_pending_item(
    client: TestClient, logged_in: LoggedIn
) -> None:
    token = logged_in("alice")
    first, second = _keys(client.get("/queue").text)[:2]
    candidate = re.search(r"Patient <code>(\d+)</code>", client.get(f"/items/{first}").text)
    assert candidate is not None
    response = client.post(
        f"/items/{first}/decide",
        data={"action": "confirm", "patient_id": candidate.group(1), "csrf_token": token},
        headers={"Origin": BASE},
    )
    assert response.headers["location"] == f"/items/{second}?saved=1"
    assert "Decision saved" in client.get(response.headers["location"]).text
