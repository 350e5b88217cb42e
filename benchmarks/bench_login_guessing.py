"""Review login under password guessing: guesses checked per second, a reviewer's page time.

Serves a small case with uvicorn on 127.0.0.1 (loopback only), logs a reviewer in, then
measures the reviewer's ``/queue`` response time alone and while ``--guessers`` clients
post wrong passwords as fast as they can, and counts how many guesses were really checked
(401) and how many were turned away by the throttle (429) or as busy (503). Run with
``--open-throttle`` to lift the throttle and see Argon2 off the event loop on its own.
Run: ``python benchmarks/bench_login_guessing.py [--guessers 8 --seconds 10]``.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import statistics
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import uvicorn

from leakmap.review.app import create_app
from leakmap.store import Case
from leakmap.store.reviews import ensure_review_tables
from leakmap.store.users import add_user

PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:
        pass


def _app(case_dir: Path, *, open_throttle: bool) -> object:
    if not open_throttle:
        return create_app(case_dir)
    from leakmap.review.login_throttle import LoginThrottle, ThrottlePolicy

    lifted = ThrottlePolicy(free_attempts=10**9)
    return create_app(case_dir, login_throttle=LoginThrottle(account=lifted, address=lifted))


def _serve(app: object) -> tuple[_Server, threading.Thread, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = _Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    return server, thread, f"http://127.0.0.1:{port}"


def _token(client: httpx.Client) -> str:
    found = _TOKEN.search(client.get("/login").text)
    return found.group(1) if found else ""


def _guess(base: str, name: str, stop: threading.Event, outcomes: Counter[int]) -> None:
    with httpx.Client(base_url=base, timeout=120) as client:
        attempt = 0
        while not stop.is_set():
            form = {"name": name, "password": f"guess {attempt}", "csrf_token": _token(client)}
            outcomes[client.post("/login", data=form, headers={"Origin": base}).status_code] += 1
            attempt += 1


def _page_times(client: httpx.Client, seconds: float) -> list[float]:
    times, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        started = time.perf_counter()
        client.get("/queue").raise_for_status()
        times.append(time.perf_counter() - started)
        time.sleep(0.05)
    return times


def _summary(label: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[int(0.95 * (len(ms) - 1))]
    print(f"{label}: /queue median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, n={len(ms)}")


def main() -> None:
    """Build the case, serve it, measure alone then under guessing, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--guessers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--open-throttle", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("LEAKMAP_KEY", secrets.token_hex(32))
    with tempfile.TemporaryDirectory() as folder:
        case_dir = Path(folder) / "case"
        with Case.open(case_dir) as case:
            ensure_review_tables(case)
            for name in ("alice", "bob"):
                add_user(case, name, PASSWORD)
        server, thread, base = _serve(_app(case_dir, open_throttle=args.open_throttle))
        with httpx.Client(base_url=base, timeout=120) as reviewer:
            form = {"name": "alice", "password": PASSWORD, "csrf_token": _token(reviewer)}
            logged_in = reviewer.post("/login", data=form, headers={"Origin": base})
            assert logged_in.status_code == 303, "the reviewer could not log in"
            _summary("alone", _page_times(reviewer, args.seconds / 2))
            stop, outcomes = threading.Event(), Counter[int]()
            guessers = [
                threading.Thread(target=_guess, args=(base, name, stop, outcomes))
                for name in ("bob", "nobody") * (args.guessers // 2)
            ]
            for guesser in guessers:
                guesser.start()
            _summary(f"{len(guessers)} guessers", _page_times(reviewer, args.seconds))
            stop.set()
            for guesser in guessers:
                guesser.join()
        seen = dict(sorted(outcomes.items()))
        checked = outcomes[401]
        print(f"guess answers by status {seen}; checked {checked / args.seconds:.1f}/s")
        server.should_exit = True
        thread.join()


if __name__ == "__main__":
    main()
