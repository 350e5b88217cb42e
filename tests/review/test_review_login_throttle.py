"""Login throttling (issue 17, point 5): growing waits, lockout, Argon2 off the event loop.

The counters are driven by a clock the test moves by hand (no sleeps); the HTTP tests run
the real app, with real Argon2 hashes of the review case's accounts. The last test serves
the app with uvicorn on 127.0.0.1 and keeps a reviewer's pages answering while guessing
clients keep Argon2 busy.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from review_case import ReviewCase
from review_client import BASE, PASSWORD, csrf_token

from leakmap.review.app import create_app
from leakmap.review.login_throttle import LoginThrottle, ThrottlePolicy
from leakmap.review.security import SESSION_COOKIE

pytestmark = pytest.mark.usefixtures("english_messages")  # asserts English messages

DEADLINE_S = 30.0
#: An address policy that never slows: for tests about one account, or about Argon2.
OPEN_ADDRESS = ThrottlePolicy(free_attempts=1_000_000)


class _Clock:
    """Monotonic seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _waits(throttle: LoginThrottle, clock: _Clock, name: str, address: str, tries: int) -> list:
    """Retry-After of each refused try; every admitted try is a failure (no success)."""
    seen = []
    for _ in range(tries):
        refusal = throttle.admit(name, address)
        while refusal is not None and not refusal.locked:
            seen.append(refusal.retry_after_s)
            clock.now += refusal.retry_after_s
            refusal = throttle.admit(name, address)
        if refusal is not None:
            seen.append(("locked", refusal.retry_after_s))
            break
    return seen


def test_login_throttle_waits_double_then_the_account_locks() -> None:
    clock = _Clock()
    throttle = LoginThrottle(address=OPEN_ADDRESS, clock=clock)
    assert _waits(throttle, clock, "alice", "10.0.0.1", 11) == [
        1, 2, 4, 8, 16, 30, 30, ("locked", 900),
    ]  # fmt: skip
    # An unknown name is throttled exactly alike: the waits do not tell which names exist.
    other = _Clock()
    assert _waits(LoginThrottle(address=OPEN_ADDRESS, clock=other), other, "nobody", "x", 11) == [
        1, 2, 4, 8, 16, 30, 30, ("locked", 900),
    ]  # fmt: skip
    clock.now += 899
    assert throttle.admit("alice", "10.0.0.1").locked  # type: ignore[union-attr]
    clock.now += 1
    assert throttle.admit("alice", "10.0.0.1") is None


def test_login_throttle_one_address_spraying_many_names_is_slowed() -> None:
    clock = _Clock()
    throttle = LoginThrottle(clock=clock)
    for attempt in range(5):
        assert throttle.admit(f"name{attempt}", "10.0.0.9") is None
    refusal = throttle.admit("name5", "10.0.0.9")
    assert refusal is not None and refusal.retry_after_s == 1 and not refusal.locked
    assert throttle.admit("name5", "10.0.0.10") is None  # another address is not slowed


def test_login_throttle_a_success_clears_the_account() -> None:
    clock = _Clock()
    throttle = LoginThrottle(address=OPEN_ADDRESS, clock=clock)
    for _ in range(3):
        throttle.admit("alice", "a")
    throttle.succeeded("alice", "a")
    assert [throttle.admit("alice", "a") for _ in range(3)] == [None, None, None]


def _post_login(client: TestClient, name: str, password: str) -> httpx.Response:
    token = csrf_token(client.get("/login").text)
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": token},
        headers={"Origin": BASE},
    )


def test_login_lockout_refuses_the_right_password_until_it_ends(review_case: ReviewCase) -> None:
    clock = _Clock()
    policy = ThrottlePolicy(free_attempts=1, lockout_after=2, lockout_s=600.0)
    app = create_app(
        review_case.case_dir,
        login_throttle=LoginThrottle(account=policy, address=OPEN_ADDRESS, clock=clock),
    )
    with TestClient(app, base_url=BASE, follow_redirects=False) as client:
        assert _post_login(client, "alice", "not the password").status_code == 401
        waited = _post_login(client, "alice", "not the password")
        assert waited.status_code == 429
        assert waited.headers["Retry-After"] == "1" and "wait 1 s" in waited.text
        clock.now += 1
        assert _post_login(client, "alice", "not the password").status_code == 401  # 2nd: locked
        locked = _post_login(client, "alice", PASSWORD)
        assert locked.status_code == 429 and SESSION_COOKIE not in client.cookies
        assert "locked for 10 minutes" in locked.text and "Wrong name" not in locked.text
        clock.now += 600
        assert _post_login(client, "alice", PASSWORD).status_code == 303


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test thread is not the main thread
        pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(case_dir: Path) -> tuple[_Server, threading.Thread, str]:
    port = _free_port()
    app = create_app(case_dir, login_throttle=LoginThrottle(address=OPEN_ADDRESS))
    server = _Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + DEADLINE_S
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    return server, thread, f"http://127.0.0.1:{port}"


def _guess(base: str, name: str, guesses: int, done: threading.Event, ended: list) -> None:
    """One guessing client: wrong passwords for ``name`` until told to stop (bounded)."""
    with httpx.Client(base_url=base, timeout=DEADLINE_S) as guesser:
        for attempt in range(guesses):
            if done.is_set():
                break
            token = csrf_token(guesser.get("/login").text)
            form = {"name": name, "password": f"guess {attempt}", "csrf_token": token}
            guesser.post("/login", data=form, headers={"Origin": base})
    ended.append(name)


def test_login_reviewer_pages_answer_while_guessers_keep_argon2_busy(
    review_case: ReviewCase,
) -> None:
    server, thread, base = _serve(review_case.case_dir)
    done, ended = threading.Event(), []
    try:
        with httpx.Client(base_url=base, timeout=DEADLINE_S) as reviewer:
            token = csrf_token(reviewer.get("/login").text)
            form = {"name": "alice", "password": PASSWORD, "csrf_token": token}
            assert reviewer.post("/login", data=form, headers={"Origin": base}).status_code == 303
            guessers = [
                threading.Thread(target=_guess, args=(base, name, 4, done, ended))
                for name in ("bob", "nobody")
            ]
            for guesser in guessers:
                guesser.start()
            checks = server.config.app.state.password_checks  # type: ignore[attr-defined]
            answered_during_checks = 0
            for _ in range(3):
                deadline = time.monotonic() + DEADLINE_S
                while checks.in_flight == 0 and len(ended) < len(guessers):
                    assert time.monotonic() < deadline, "no guess reached Argon2"
                    time.sleep(0.005)
                page = reviewer.get("/queue")
                assert page.status_code == 200 and "csrf_token" in page.text
                answered_during_checks += checks.in_flight > 0
            assert answered_during_checks >= 1
    finally:
        done.set()
        server.should_exit = True
        thread.join(DEADLINE_S)
