"""The dashboard in a real browser: headless Chromium (Debian's package) driven by Playwright.

Each test serves a coded database with uvicorn on a free local port and works the dashboard as an analyst
would. Screenshots of every view go to ``test-artifacts/``; with ``EVENTWIRE_DOCS_SCREENSHOT=1`` the event
panel's shot also replaces ``docs/dashboard.png`` (the README's picture).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path

import duckdb
import pytest
import uvicorn
from playwright.sync_api import expect, sync_playwright

from eventwire.runner import code_paths
from eventwire.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="the browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)

# Markup and script in article text, title, outlet and URL: the dashboard must show it all as text.
PAYLOADS = (
    '<script>window.__pwned = "script"; document.title = "pwned"</script>',
    "<img src=x onerror=\"window.__pwned = 'img'; document.title = 'pwned'\">",
    "javascript:window.__pwned=1",
)
PAYLOAD_RECORD = {
    "id": "payload-1",
    "title": "<script>window.__pwned = 'title'</script> Border talks",
    "url": "javascript:window.__pwned='url'",
    "published": "2023-05-02",
    "source": "<img src=x onerror=\"window.__pwned='source'\">",
    "text": (
        f"Russia accused Ukraine of {PAYLOADS[0]} shelling the city on Monday.\n\n"
        f"Ukraine accused Russia of {PAYLOADS[1]} attacks on the port.\n\n"
        f"Poland criticized Germany over {PAYLOADS[2]} remarks."
    ),
}


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "samples.duckdb"
    with as_file(files("eventwire") / "samples") as folder:
        code_paths([folder], path)
    return path


@pytest.fixture(scope="module")
def payload_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("payload")
    feed = folder / "payload.jsonl"
    feed.write_text(json.dumps(PAYLOAD_RECORD) + "\n", encoding="utf-8")
    path = folder / "payload.duckdb"
    code_paths([feed], path)
    return path


def _serve(db: Path) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def samples_url(samples_db: Path) -> Iterator[str]:
    yield from _serve(samples_db)


@pytest.fixture(scope="module")
def payload_url(payload_db: Path) -> Iterator[str]:
    yield from _serve(payload_db)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A laptop-sized page; any script error or CSP violation on it fails the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})  # type: ignore[attr-defined]
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type == "error"
            and "status of 4" not in message.text  # 404/422 answers the test asks for
            else None
        ),
    )
    yield tab
    context.close()
    assert not problems, problems


def _open(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_selector("body[data-ready=true]")  # type: ignore[attr-defined]


def _shot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"dashboard-{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    return path


def test_every_view_renders_and_is_saved(page: object, samples_url: str) -> None:
    _open(page, samples_url)
    page.wait_for_selector("svg.timeline .bar:not(.empty) rect")
    assert page.locator("#tab-timeline").get_attribute("aria-selected") == "true"
    assert page.locator(".legend li").count() == 5
    _shot(page, "timeline")

    page.click("#tab-network")
    page.wait_for_selector("svg.network .node")
    assert page.locator("svg.network .node").count() >= 5
    assert page.locator("svg.network .edge path").count() >= 5
    _shot(page, "network")

    page.click("#tab-map")
    page.wait_for_selector("svg.map .place")
    assert page.locator("svg.map .place").count() >= 5
    assert page.locator("svg.map .capital").count() > 150  # every capital sketches the world
    assert "country-level" in page.inner_text("#map-note")
    _shot(page, "map")

    page.click("#tab-events")
    page.wait_for_selector("#events-table tbody tr")
    assert page.locator("#events-table tbody tr").count() > 10
    _shot(page, "events")

    _open(page, f"{samples_url}#view=positions&a=MLI&b=FRA")
    page.wait_for_selector(".move")
    assert page.locator(".move.left").count() >= 2  # Mali's order and accusation against France
    _shot(page, "positions")


def test_filter_by_actor_open_an_event_and_see_its_evidence(page: object, samples_url: str) -> None:
    _open(page, f"{samples_url}#view=events")
    page.wait_for_selector("#events-table tbody tr")
    expected = page.request.get(f"{samples_url}api/events?actor=MLI").json()["total"]
    assert expected >= 2  # Mali's order and accusation against France
    page.select_option("#f-actor", "MLI")
    # expect() polls from Playwright's side: the page's CSP forbids the string evaluation wait_for_function uses
    expect(page.locator("#events-range")).to_have_text(re.compile(rf" of {expected}$"))
    rows = page.locator("#events-table tbody tr")
    assert rows.count() == expected
    for i in range(rows.count()):
        assert rows.nth(i).locator("td").nth(2).inner_text() == "MLI"
    trigger = rows.first.locator("td").nth(4).inner_text()
    quote = rows.first.locator("td").nth(5).inner_text()
    rows.first.click()
    panel = page.locator("#detail")
    page.wait_for_selector("#detail-body mark")
    assert panel.is_visible()
    assert page.locator("#detail-body mark").inner_text() == trigger
    evidence = page.locator("#detail-body .evidence")
    assert evidence.inner_text() == quote
    assert evidence.locator("mark").count() == 1
    assert "Mali's military government" in page.inner_text("#detail-body .article-text")
    assert page.locator("#detail-body .chain li").count() >= 2  # speaker, then the outlet
    assert "Example Wire" in page.inner_text("#detail-body .chain")
    assert page.locator("#detail-body .fields").is_visible()
    shot = _shot(page, "event-detail")
    if os.environ.get("EVENTWIRE_DOCS_SCREENSHOT"):
        shutil.copy(shot, ROOT / "docs" / "dashboard.png")
    page.keyboard.press("Escape")
    page.wait_for_selector("#detail", state="hidden")


def test_clicking_a_timeline_bar_lists_that_periods_events(page: object, samples_url: str) -> None:
    _open(page, f"{samples_url}#interval=month")
    page.wait_for_selector("svg.timeline .bar:not(.empty)")
    bar = page.locator("svg.timeline .bar:not(.empty)").first
    period = bar.get_attribute("data-period")
    assert period and period.endswith("-01")
    bar.click()
    page.wait_for_selector("#events-table tbody tr")
    assert page.locator("#tab-events").get_attribute("aria-selected") == "true"
    month = period[:7]
    dates = page.locator("#events-table tbody tr td:first-child").all_inner_texts()
    assert dates and all(d.startswith(month) for d in dates)
    assert page.input_value("#f-since") == period


def test_errors_and_empty_results_are_shown_plainly(page: object, samples_url: str) -> None:
    _open(page, f"{samples_url}#view=events&actor=NOWHERE")
    page.wait_for_selector("#events-status.error")
    assert "actor" in page.inner_text("#events-status")
    _open(page, f"{samples_url}#view=events&q=no%20sentence%20says%20this")
    page.wait_for_selector("#events-status.empty")
    assert "No events match" in page.inner_text("#events-status")
    _open(page, f"{samples_url}#view=events&event=0000000000000000")
    page.wait_for_selector("#detail-status.error")
    assert "no event" in page.inner_text("#detail-status").lower()


def test_api_docs_page_lists_and_tries_endpoints(page: object, samples_url: str) -> None:
    _open_docs = samples_url + "docs"
    page.goto(_open_docs)
    page.wait_for_selector(".endpoint")
    assert page.locator(".endpoint").count() >= 8
    summary = page.locator(".endpoint", has=page.locator("h2:has-text('/api/summary')"))
    summary.locator("button").click()
    page.wait_for_selector(".endpoint pre.response:has-text('HTTP 200')")
    assert '"events"' in summary.locator("pre").inner_text()


def test_markup_in_articles_is_shown_as_text_and_never_runs(
    page: object, payload_url: str, payload_db: Path
) -> None:
    con = duckdb.connect(str(payload_db), read_only=True)
    text = con.execute("SELECT text FROM articles").fetchone()[0]
    sentences = [s for (s,) in con.execute("SELECT sentence FROM events").fetchall()]
    con.close()
    for payload in PAYLOADS:  # the payloads really reach the stored text and the evidence sentences
        assert payload in text
        assert any(payload in s for s in sentences), payload

    for view in ("timeline", "network", "map", "positions&a=RUS&b=UKR", "events"):
        _open(page, f"{payload_url}#view={view}")
        page.wait_for_load_state("networkidle")
    page.wait_for_selector("#events-table tbody tr")
    page.locator("#events-table tbody tr", has_text="<script>").first.click()
    page.wait_for_selector("#detail-body mark")
    page.wait_for_load_state("networkidle")
    for event_row in page.locator("#events-table tbody tr").all():  # every event's panel, in turn
        event_row.click()
        page.wait_for_selector("#detail-body mark")

    assert page.evaluate("window.__pwned") is None
    assert page.title() == "eventwire · dashboard"
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1  # the dashboard's own module
    body = page.inner_text("body")
    for payload in PAYLOADS:
        assert payload in body or payload in page.inner_text("#events-table"), payload
    article = page.inner_text("#detail-body .article-text")
    assert PAYLOADS[0] in article and PAYLOADS[1] in article and PAYLOADS[2] in article
    assert "<script>window.__pwned = 'title'</script> Border talks" in page.inner_text("#detail-body .source")
    assert "not a web address" in page.inner_text("#detail-body .source")
    assert page.locator("#detail-body a").count() == 0  # the javascript: URL is never a link
    assert "<img src=x" in page.inner_text("#detail-body .chain")
    _shot(page, "injected-markup")
