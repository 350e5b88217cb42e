"""Quality-check rounds: reproducible draws, blind pages, final answers, Wilson intervals."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from review_case import ReviewCase
from review_client import BASE

from leakmap.review.sampling import draw_sample, estimate_precision, wilson_interval
from leakmap.store import Case
from leakmap.store.reviews import SampleDraw, load_sample_draws, load_sampling_rounds

LoggedIn = Callable[[str], str]
NOTIFY = {"10000001", "10000002", "10000005", "10000008", "10000009"}


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [(8, 10, 0.4902, 0.9433), (20, 20, 0.8389, 1.0), (0, 5, 0.0, 0.4345), (45, 50, 0.7864, 0.9565)],
)
def test_review_sampling_wilson_interval(
    successes: int, trials: int, low: float, high: float
) -> None:
    assert wilson_interval(successes, trials) == pytest.approx((low, high), abs=1e-4)


def test_review_sampling_wilson_needs_a_trial() -> None:
    with pytest.raises(ValueError, match="at least one trial"):
        wilson_interval(0, 0)


def test_review_sampling_draw_is_reproducible_and_without_repeats() -> None:
    population = [f"1{i:07d}" for i in range(100)]
    first = draw_sample(population, 20, seed=42)
    assert first == draw_sample(list(reversed(population)), 20, seed=42)
    assert len(set(first)) == 20 and first != draw_sample(population, 20, seed=43)
    assert sorted(draw_sample(population[:3], 20, seed=1)) == population[:3]


def test_review_sampling_estimate_counts_answered_draws_only() -> None:
    draws = [
        SampleDraw(1, i, f"p{i}", f"k:{i}", answer, None, None)
        for i, answer in enumerate(["correct", "correct", "incorrect", None], start=1)
    ]
    estimate = estimate_precision(draws)
    assert (estimate.correct, estimate.answered, estimate.drawn) == (2, 3, 4)
    assert estimate.estimate == pytest.approx(2 / 3)
    assert estimate_precision(draws[3:]).estimate is None


def test_review_sampling_round_through_the_app(
    client: TestClient, logged_in: LoggedIn, review_case: ReviewCase
) -> None:
    token = logged_in("alice")
    assert "holds <strong>5</strong> patients." in client.get("/sampling").text
    response = client.post(
        "/sampling/rounds",
        data={"size": "3", "seed": "11", "csrf_token": token},
        headers={"Origin": BASE},
    )
    assert response.headers["location"] == "/sampling/rounds/1/1"
    answers = ["correct", "incorrect", "correct"]
    location = response.headers["location"]
    for answer in answers:
        page = client.get(location).text
        assert "probability" not in page and "exact" not in page  # blind: no model opinion
        assert "<mark>" in page  # the evidence is shown
        response = client.post(
            location, data={"answer": answer, "csrf_token": token}, headers={"Origin": BASE}
        )
        location = response.headers["location"]
    assert location == "/sampling/rounds/1"
    again = client.post(
        "/sampling/rounds/1/1",
        data={"answer": "incorrect", "csrf_token": token},
        headers={"Origin": BASE},
    )
    assert again.status_code == 409
    summary = client.get("/sampling/rounds/1").text
    assert "67%" in summary and "2 correct of 3 answered" in summary
    assert "67%" in client.get("/dashboard").text
    with Case.open(review_case.case_dir, writer=False) as case:
        [drawn] = load_sampling_rounds(case)
        draws = load_sample_draws(case, drawn.id)
    assert (drawn.seed, drawn.population, drawn.size, drawn.reviewer) == (11, 5, 3, "alice")
    assert [d.patient_id for d in draws] == draw_sample(sorted(NOTIFY), 3, seed=11)
    assert [d.answer for d in draws] == answers
    assert all(re.fullmatch(r"[0-9a-f]{16}:\d+", d.mention_key) for d in draws)


def test_review_sampling_refuses_bad_sizes(client: TestClient, logged_in: LoggedIn) -> None:
    token = logged_in("alice")
    for size in ("0", "100000", "many"):
        response = client.post(
            "/sampling/rounds", data={"size": size, "csrf_token": token}, headers={"Origin": BASE}
        )
        assert response.status_code == 422
