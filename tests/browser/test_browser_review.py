"""The review workbench in a real browser: headless Chromium against uvicorn on 127.0.0.1.

One reviewer logs in, settles three items, runs a quality-check round and looks at the
dashboard; then ``leakmap report`` rewrites the case and the CSV rows are checked.
Screenshots of the queue, an item and the dashboard go to ``/tmp/review-shots/``. The
same case is then served as ``leakmap review`` serves it, in French by default, and the
language link switches it to English (French screenshots in ``/tmp/review-shots-fr/``).
Uses Debian's ``chromium`` through Playwright's Python package (no browser download).
"""

from __future__ import annotations

import csv
import shutil
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from leakmap.link.attribution import Attribution
from leakmap.review.app import create_app
from leakmap.settings import ScanSettings
from leakmap.store import Case
from leakmap.store.reviews import load_audit_log, load_sample_draws
from leakmap.store.users import add_user
from leakmap.vocabulary import Decision
from review.review_case import ReviewCase, build_review_case
from review.review_client import PASSWORD

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path("/tmp/review-shots")
SHOTS_FR = Path("/tmp/review-shots-fr")
DEADLINE_S = 15.0
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@dataclass(frozen=True)
class BrowserRun:
    """What the browser session did, for the assertions."""

    case: ReviewCase
    keys: dict[str, str]
    queue_before: int
    queue_after: int
    round_summary: str
    dashboard: str


@pytest.fixture(scope="module")
def browser_run(tmp_path_factory: pytest.TempPathFactory) -> BrowserRun:
    """Build the case, serve it, drive Chromium through the whole review; then stop."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "LEAKMAP_KEY", "4c1f8e2a9d7b3e6f0a5c8d1e7b4f2a9c6e3d0b8f5a2c7e4d1b9f6a3c0e8d5b2f"
        )
        built = build_review_case(tmp_path_factory.mktemp("browser"))
        with Case.open(built.case_dir) as case:
            add_user(case, "alice", PASSWORD)
            case.set_meta("settings", ScanSettings(workers=1).as_record())
            keys = _review_keys(case)
        with _served(built.case_dir) as base:
            run = _drive(base, built, keys)
        _report(built.case_dir)
    return run


def test_browser_review_login_three_items_and_a_sampling_round(browser_run: BrowserRun) -> None:
    assert (browser_run.queue_before, browser_run.queue_after) == (4, 2)
    assert "estimated precision" in browser_run.round_summary
    assert "2 correct of 3 answered" in browser_run.round_summary
    assert "2 of 4 items settled" in browser_run.dashboard
    for name in ("queue", "item", "dashboard"):
        assert (SHOTS / f"{name}.png").stat().st_size > 10_000


def test_browser_review_audit_log_has_every_decision(browser_run: BrowserRun) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "LEAKMAP_KEY", "4c1f8e2a9d7b3e6f0a5c8d1e7b4f2a9c6e3d0b8f5a2c7e4d1b9f6a3c0e8d5b2f"
        )
        with Case.open(browser_run.case.case_dir, writer=False) as case:
            log = list(reversed(load_audit_log(case)))
            draws = load_sample_draws(case, 1)
    keys = browser_run.keys
    assert [(e.reviewer, e.action, e.mention_key, e.patient_id) for e in log] == [
        ("alice", "confirm", keys["MARTIN"], "10000011"),
        ("alice", "unregistered", keys["BERNARD"], None),
        ("alice", "reject", keys["note PETITJEAN"], "10000007"),
    ]
    assert [d.answer for d in draws] == ["correct", "incorrect", "correct"]


def test_browser_review_report_rewrites_the_csv_rows(browser_run: BrowserRun) -> None:
    case_dir = browser_run.case.case_dir
    affected = _rows(case_dir / "affected.csv", "patient_id")
    assert affected["10000011"]["decision"] == "notify"
    assert affected["10000011"]["confidence"] == "1.0000"
    assert "10000010" not in affected  # the homonym the reviewer did not confirm
    assert "10000012" not in affected and "10000013" not in affected  # unregistered
    assert affected["10000006"]["decision"] == "review"  # still the scan's homonym pair
    assert affected["10000001"]["decision"] == "notify"  # untouched by the review
    unregistered = _rows(case_dir / "unregistered.csv", "family_name")
    assert unregistered["BERNARD"]["birth_date"] == "1977-09-09"


def test_browser_review_speaks_french_by_default_and_switches_to_english(
    browser_run: BrowserRun,
) -> None:
    """The reviewed case served as ``leakmap review`` serves it: French, then English."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "LEAKMAP_KEY", "4c1f8e2a9d7b3e6f0a5c8d1e7b4f2a9c6e3d0b8f5a2c7e4d1b9f6a3c0e8d5b2f"
        )
        patch.delenv("LEAKMAP_LANGUAGE", raising=False)
        with _served(browser_run.case.case_dir, language=None) as base:
            seen = _drive_languages(base)
    assert seen["login"] == ("fr", "Se connecter")
    assert seen["queue"] == ("fr", "File de relecture")
    assert (
        "Tableau de bord" in seen["dashboard"] and "2 éléments tranchés sur 4" in seen["dashboard"]
    )
    assert "Patients par catégorie" in seen["dashboard"] and "Dashboard" not in seen["dashboard"]
    assert seen["english"] == ("en", "Dashboard")
    assert seen["english queue"] == ("en", "Review queue")  # the choice holds in this browser
    assert (SHOTS_FR / "queue_fr.png").stat().st_size > 10_000


def _drive_languages(base: str) -> dict[str, object]:
    """Log in on the French login page, look around, switch to English with the link."""
    if SHOTS_FR.exists():
        shutil.rmtree(SHOTS_FR)
    SHOTS_FR.mkdir(parents=True)
    seen: dict[str, object] = {}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(DEADLINE_S * 1000)
            page.goto(f"{base}/queue")
            seen["login"] = _language_and_title(page)
            page.fill("#name", "alice")
            page.fill("#password", PASSWORD)
            page.click("button[type=submit].primary")
            sync_api.expect(page).to_have_url(f"{base}/queue")
            seen["queue"] = _language_and_title(page)
            page.screenshot(path=str(SHOTS_FR / "queue_fr.png"), full_page=True)
            page.goto(f"{base}/dashboard")
            seen["dashboard"] = page.inner_text("body")
            page.screenshot(path=str(SHOTS_FR / "dashboard_fr.png"), full_page=True)
            with page.expect_navigation():
                page.click("nav.languages a[hreflang=en]")
            sync_api.expect(page).to_have_url(f"{base}/dashboard")
            seen["english"] = _language_and_title(page)
            page.goto(f"{base}/queue")
            seen["english queue"] = _language_and_title(page)
        finally:
            browser.close()
    return seen


def _language_and_title(page: sync_api.Page) -> tuple[str, str]:
    return page.get_attribute("html", "lang") or "", page.inner_text("h1")


def _review_keys(case: Case) -> dict[str, str]:
    keys = {}
    for attribution in case.load_records("attributions", Attribution):
        mention = attribution.mention
        if attribution.decision is Decision.REVIEW:
            where = "note " if mention.document.startswith("notes/") else ""
            where = "scan " if mention.document.startswith("scans/") else where
            keys[where + mention.family_name] = mention.key
    return keys


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test thread is not the main thread
        pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _served:
    """Serve the case with uvicorn in a thread while the ``with`` block runs."""

    def __init__(self, case_dir: Path, *, language: str | None = "en") -> None:
        """``language``: the app's default (None: as ``leakmap review`` starts it)."""
        self.port = _free_port()
        config = uvicorn.Config(
            create_app(case_dir, language=language),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
        )
        self.server = _Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + DEADLINE_S
        while not self.server.started:
            assert self.thread.is_alive(), "the server stopped while starting"
            assert time.monotonic() < deadline, "the server did not start in time"
            time.sleep(0.02)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(DEADLINE_S)


def _drive(base: str, built: ReviewCase, keys: dict[str, str]) -> BrowserRun:
    if SHOTS.exists():
        shutil.rmtree(SHOTS)
    SHOTS.mkdir(parents=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(DEADLINE_S * 1000)
            _log_in(page, base)
            queue_before = page.locator("table.list tbody tr").count()
            page.screenshot(path=str(SHOTS / "queue.png"), full_page=True)
            _decide(page, base, keys["MARTIN"], "confirm-10000011")
            _decide(page, base, keys["BERNARD"], "unregistered")
            _decide(page, base, keys["note PETITJEAN"], "reject-10000007")
            page.goto(f"{base}/items/{keys['scan PETITJEAN']}")
            sync_api.expect(page.locator("figure.scan img")).to_be_visible()
            page.wait_for_function("document.querySelector('figure.scan img').naturalWidth > 0")
            page.screenshot(path=str(SHOTS / "item.png"), full_page=True)
            page.goto(f"{base}/queue")
            queue_after = page.locator("table.list tbody tr").count()
            summary = _sampling_round(page, base)
            page.goto(f"{base}/dashboard")
            dashboard = page.inner_text("main")
            page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
        finally:
            browser.close()
    return BrowserRun(built, keys, queue_before, queue_after, summary, dashboard)


def _log_in(page: sync_api.Page, base: str) -> None:
    page.goto(f"{base}/queue")
    sync_api.expect(page).to_have_url(f"{base}/login?next=%2Fqueue")
    page.fill("#name", "alice")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    sync_api.expect(page).to_have_url(f"{base}/queue")
    sync_api.expect(page.locator("h1")).to_have_text("Review queue")


def _decide(page: sync_api.Page, base: str, key: str, button: str) -> None:
    page.goto(f"{base}/items/{key}")
    with page.expect_navigation():
        page.click(f"[data-test='{button}']")
    sync_api.expect(page.locator("body")).not_to_contain_text("Error")


def _sampling_round(page: sync_api.Page, base: str) -> str:
    page.goto(f"{base}/sampling")
    page.fill("#size", "3")
    page.fill("#seed", "5")
    with page.expect_navigation():
        page.click("text=Draw a round")
    for answer in ("correct", "incorrect", "correct"):
        sync_api.expect(page.locator("h1")).to_contain_text("draw")
        with page.expect_navigation():
            page.click(f"[data-test='{answer}']")
    sync_api.expect(page.locator("h1")).to_contain_text("Quality-check round #1")
    return page.inner_text("main")


def _report(case_dir: Path) -> None:
    from leakmap.review.reporting import report_case

    report_case(case_dir)


def _rows(path: Path, key: str) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {row[key]: row for row in csv.DictReader(handle)}
