"""The workbench stays open while ``report`` and ``notify`` run (the README's order).

A real ``leakmap review`` server (a subprocess on 127.0.0.1, a free port) serves the case;
a reviewer logs in over HTTP and decides one item; ``leakmap report`` and ``leakmap
notify`` then run as subprocesses and succeed, the report taking the decision in.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from review_case import ReviewCase
from review_client import PASSWORD, csrf_token

from leakmap.errors import CaseLocked
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.store.reviews import load_attributions_to_review

pytestmark = pytest.mark.usefixtures("english_messages")  # asserts English messages

DEADLINE_S = 20.0


def test_review_beside_report_and_notify_while_the_workbench_runs(
    review_case: ReviewCase,
) -> None:
    case_dir = review_case.case_dir
    with Case.open(case_dir) as case:
        case.set_meta("settings", ScanSettings(workers=1).as_record())
        key = load_attributions_to_review(case)[0].mention.key
    with _served(case_dir) as base, httpx.Client(base_url=base) as client:
        _log_in(client, base, "alice")
        page = client.get(f"/items/{key}")
        decided = client.post(
            f"/items/{key}/decide",
            data={"action": "unregistered", "csrf_token": csrf_token(page.text)},
            headers={"Origin": base},
        )
        assert decided.status_code == 303, decided.text
        reported = _leakmap("report", str(case_dir))
        assert reported.returncode == 0, reported.stderr
        assert "1 review decision(s) applied" in reported.stdout
        notified = _leakmap("notify", str(case_dir))
        assert notified.returncode == 0, notified.stderr
        assert "letters and e-mail drafts in" in notified.stdout
        assert client.get("/dashboard").status_code == 200  # still serving, still logged in


def test_review_beside_report_a_decision_during_a_write_names_the_writer(
    review_case: ReviewCase,
) -> None:
    from fastapi.testclient import TestClient
    from review_client import BASE, log_in

    from leakmap.review.app import create_app

    with Case.open(review_case.case_dir, writer=False) as case:
        key = load_attributions_to_review(case)[0].mention.key
    app = create_app(review_case.case_dir)
    with TestClient(app, base_url=BASE, follow_redirects=False) as client:
        token = log_in(client, "alice")
        with Case.open(review_case.case_dir):  # another writer, e.g. a running report
            refused = client.post(
                f"/items/{key}/decide",
                data={"action": "unregistered", "csrf_token": token},
                headers={"Origin": BASE},
            )
        assert refused.status_code == 503
        assert "Nothing was saved" in refused.text and f"pid {os.getpid()}" in refused.text
        again = client.post(
            f"/items/{key}/decide",
            data={"action": "unregistered", "csrf_token": token},
            headers={"Origin": BASE},
        )
        assert again.status_code == 303


def test_review_beside_report_a_refused_writer_names_the_holder(tmp_path: Path) -> None:
    with Case.open(tmp_path), pytest.raises(CaseLocked) as refused:
        Case.open(tmp_path)
    assert f"pid {os.getpid()}" in str(refused.value)
    assert f"`kill {os.getpid()}`" in str(refused.value)


@contextmanager
def _served(case_dir: Path) -> Iterator[str]:
    """``leakmap review CASE`` on a free loopback port; its base URL once it answers."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "leakmap", "review", str(case_dir), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_listening(server, port)
        yield base
    finally:
        server.terminate()
        server.communicate(timeout=DEADLINE_S)


def _wait_until_listening(server: subprocess.Popen[str], port: int) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"leakmap review ended: {server.stderr.read()}")  # type: ignore[union-attr]
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"leakmap review did not listen on port {port} in {DEADLINE_S} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _log_in(client: httpx.Client, base: str, name: str) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"name": name, "password": PASSWORD, "csrf_token": csrf_token(page.text)},
        headers={"Origin": base},
    )
    assert response.status_code == 303, response.text


def _leakmap(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leakmap", *argv],
        capture_output=True,
        text=True,
        timeout=DEADLINE_S * 3,
    )
