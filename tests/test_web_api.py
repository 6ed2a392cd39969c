"""The HTTP API over a database coded from the bundled sample articles: filters, pages, errors, safety."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwire.cli import app as cli
from eventwire.errors import StoreError
from eventwire.runner import code_paths
from eventwire.web import queries
from eventwire.web.app import create_app

STATIC = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "web" / "static"
INJECTIONS = [
    "' OR 1=1 --",
    '"; DROP TABLE events; --',
    "RUS'; DELETE FROM events WHERE '1'='1",
    "1 OR 1=1",
    "%' OR '1'='1",
    "') UNION SELECT * FROM articles --",
    "\\",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "samples.duckdb"
    with as_file(files("eventwire") / "samples") as folder:
        summary = code_paths([folder], path)
    assert summary.events > 10
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(db)
    app.state.db.index_ready.wait(30)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def everything(client: TestClient) -> list[dict[str, Any]]:
    page = client.get("/api/events", params={"limit": 500, "entities": True}).json()
    assert page["total"] == len(page["events"])
    return page["events"]


def _counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("events", "articles")}
    finally:
        con.close()


def test_events_page_has_the_documented_fields(client: TestClient, db: Path) -> None:
    page = client.get("/api/events").json()
    assert page["total"] == _counts(db)["events"]
    assert page["limit"] == 50 and page["offset"] == 0
    first = page["events"][0]
    for key in ("id", "doc_id", "type", "actor_country", "recipient_country", "date", "quote", "trigger"):
        assert key in first
    assert first["actor"] is None  # members only on request
    assert first["quote"][first["trigger_span"][0] - first["span"][0] :].startswith(first["trigger"])


def test_entities_on_request(everything: list[dict[str, Any]]) -> None:
    for event in everything:
        assert {m["country"] for m in event["actor"] if m["country"]} == set(event["actor_country"])
        assert {m["country"] for m in event["recipient"] if m["country"]} == set(event["recipient_country"])


FILTERS: list[tuple[dict[str, Any], Any]] = [
    ({"actor": "RUS"}, lambda e: "RUS" in e["actor_country"]),
    ({"actor": "rus"}, lambda e: "RUS" in e["actor_country"]),
    ({"recipient": "FRA"}, lambda e: "FRA" in e["recipient_country"]),
    (
        {"actor": "MLI", "recipient": "FRA"},
        lambda e: "MLI" in e["actor_country"] and "FRA" in e["recipient_country"],
    ),
    (
        {"actor": "RUS", "recipient": "UKR", "both_directions": True},
        lambda e: (
            ("RUS" in e["actor_country"] and "UKR" in e["recipient_country"])
            or ("UKR" in e["actor_country"] and "RUS" in e["recipient_country"])
        ),
    ),
    ({"type": "ACCUSE"}, lambda e: e["type"] == "ACCUSE"),
    ({"type": "accuse"}, lambda e: e["type"] == "ACCUSE"),
    ({"quad_class": 4}, lambda e: e["quad_class"] == 4),
    ({"since": "2023-03-01"}, lambda e: (e["date"] or "") >= "2023-03-01"),
    (
        {"since": "2023-02-01", "until": "2023-03-31"},
        lambda e: e["date"] is not None and "2023-02-01" <= e["date"] <= "2023-03-31",
    ),
    ({"q": "ACCUSED"}, lambda e: "accused" in e["quote"].lower()),
    ({"q": "european union"}, lambda e: "european union" in e["quote"].lower()),
    ({"q": "%"}, lambda e: "%" in e["quote"]),  # wildcards are literal characters
    ({"q": "_"}, lambda e: "_" in e["quote"]),
    ({"min_confidence": 0.8}, lambda e: e["confidence"] >= 0.8),
    ({"type": "ACCUSE", "quad_class": 3, "min_confidence": 0.5}, lambda e: e["type"] == "ACCUSE"),
]


@pytest.mark.parametrize(("params", "keep"), FILTERS, ids=[str(p) for p, _ in FILTERS])
def test_filters_select_exactly_the_matching_events(
    client: TestClient, everything: list[dict[str, Any]], params: dict[str, Any], keep: Any
) -> None:
    page = client.get("/api/events", params={**params, "limit": 500}).json()
    expected = {e["id"] for e in everything if keep(e)}
    assert {e["id"] for e in page["events"]} == expected
    assert page["total"] == len(expected)


def test_filters_that_match_something(client: TestClient) -> None:
    """Guard against the oracle tests passing on empty sets."""
    for params in ({"actor": "RUS"}, {"type": "ACCUSE"}, {"q": "accused"}, {"quad_class": 4}):
        assert client.get("/api/events", params=params).json()["total"] > 0


def test_the_in_memory_index_changes_no_answer(db: Path, client: TestClient) -> None:
    """Text search and series read the in-memory index when it is built; without it, the file."""
    with TestClient(create_app(db, index_limit=0)) as from_file:
        assert not from_file.app.state.db.index_ready.is_set()
        assert client.app.state.db.index_ready.is_set()
        for q in ("accused", "Russia", "THE", "ministry said", "zzz", "%", "_", "5.5"):
            a = client.get("/api/events", params={"q": q, "limit": 500}).json()
            b = from_file.get("/api/events", params={"q": q, "limit": 500}).json()
            assert a == b
        for params in (
            {},
            {"actor": "EUR"},
            {"q": "accused", "interval": "week"},
            {"since": "2023-02-01", "until": "2023-07-19", "interval": "day"},
            {"actor": "MLI", "recipient": "FRA", "both_directions": True},
        ):
            a = client.get("/api/series", params=params).json()
            assert a == from_file.get("/api/series", params=params).json()
            assert a["buckets"], params


@pytest.mark.parametrize("sort", ["date", "confidence", "goldstein"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_pages_are_stable_and_sorted(client: TestClient, sort: str, order: str) -> None:
    whole = client.get("/api/events", params={"sort": sort, "order": order, "limit": 500}).json()["events"]
    pages: list[dict[str, Any]] = []
    for offset in range(0, len(whole) + 5, 5):
        page = client.get("/api/events", params={"sort": sort, "order": order, "limit": 5, "offset": offset})
        pages += page.json()["events"]
    assert [e["id"] for e in pages] == [e["id"] for e in whole]
    keys = [e[sort] for e in whole if e[sort] is not None]
    assert keys == sorted(keys, reverse=order == "desc")


def test_offset_past_the_end_still_counts(client: TestClient) -> None:
    page = client.get("/api/events", params={"offset": 10_000}).json()
    assert page["events"] == [] and page["total"] > 0


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 501},
        {"offset": -1},
        {"sort": "sentence"},
        {"order": "up"},
        {"actor": "RUSSIA"},
        {"actor": "R1S"},
        {"recipient": ""},
        {"type": "BOGUS"},
        {"quad_class": 5},
        {"quad_class": "x"},
        {"since": "2023-13-01"},
        {"until": "yesterday"},
        {"since": "2023-05-01", "until": "2023-04-01"},
        {"q": ""},
        {"q": "x" * 201},
        {"min_confidence": 1.5},
        {"min_confidence": "high"},
        {"entities": "maybe"},
    ],
    ids=str,
)
def test_bad_parameters_are_422_with_a_reason(client: TestClient, params: dict[str, Any]) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_unknown_ids_are_404_json(client: TestClient) -> None:
    for path in ("/api/events/0000000000000000", "/api/articles/no-such-article"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/json")
        assert "no " in response.json()["detail"]
    assert client.get("/api/events/has%20space").status_code == 422
    assert client.get("/api/nothing-here").status_code == 404


def test_event_detail_places_the_evidence_in_the_article(
    client: TestClient, everything: list[dict[str, Any]]
) -> None:
    for event in everything:
        data = client.get(f"/api/events/{event['id']}").json()
        text, evidence = data["article"]["text"], data["evidence"]
        assert data["event"]["id"] == event["id"]
        assert text[evidence["sentence_start"] : evidence["sentence_end"]] == evidence["sentence"]
        assert evidence["sentence"][evidence["trigger_start"] : evidence["trigger_end"]] == event["trigger"]
        assert text.endswith(evidence["after"]) or evidence["after"] in text
        assert data["article"]["doc_id"] == event["doc_id"]
        assert data["cluster"] is None  # the samples are not clustered
    tbilisi = client.get("/api/articles/sample-protest-1").json()
    assert tbilisi["title"] == "Thousands rally in Tbilisi"
    assert tbilisi["published"] == "2023-03-08"
    assert tbilisi["site"] == "Example Wire"
    assert {e["doc_id"] for e in tbilisi["events"]} == {"sample-protest-1"}


def test_event_detail_lists_the_other_reports_of_its_cluster(
    db: Path, tmp_path: Path, everything: list[dict[str, Any]]
) -> None:
    copy = tmp_path / "clustered.duckdb"
    shutil.copy(db, copy)
    first, second, third = (e["id"] for e in everything[:3])
    con = duckdb.connect(str(copy))
    con.execute("DELETE FROM cluster_members")
    con.execute("INSERT INTO cluster_members VALUES ('c1', ?), ('c1', ?), ('c2', ?)", [first, second, third])
    con.close()
    with TestClient(create_app(copy)) as clustered:
        assert clustered.get("/api/summary").json()["clusters"] is True
        data = clustered.get(f"/api/events/{first}").json()
        assert data["cluster"]["cluster_id"] == "c1"
        assert [r["id"] for r in data["cluster"]["reports"]] == [second]
        assert data["cluster"]["reports"][0]["quote"]
        assert clustered.get(f"/api/events/{third}").json()["cluster"]["reports"] == []


def test_actors_count_each_side(client: TestClient, everything: list[dict[str, Any]]) -> None:
    as_actor = Counter(c for e in everything for c in e["actor_country"])
    as_recipient = Counter(c for e in everything for c in e["recipient_country"])
    actors = {a["code"]: a for a in client.get("/api/actors").json()}
    assert set(actors) == set(as_actor) | set(as_recipient)
    for code, a in actors.items():
        assert (a["as_actor"], a["as_recipient"]) == (as_actor[code], as_recipient[code])
    assert actors["RUS"]["name"] == "Russia"
    assert 50 < actors["RUS"]["lat"] < 60 and 30 < actors["RUS"]["lon"] < 45  # Moscow
    assert actors["EUR"]["name"] == "European Union" and actors["EUR"]["lat"] is not None
    filtered = client.get("/api/actors", params={"type": "ACCUSE"}).json()
    assert sum(a["as_actor"] for a in filtered) == sum(
        len(e["actor_country"]) for e in everything if e["type"] == "ACCUSE"
    )


def test_dyads_count_and_average(client: TestClient, everything: list[dict[str, Any]]) -> None:
    expected: dict[tuple[str, str], list[float]] = {}
    for e in everything:
        for a in e["actor_country"]:
            for r in e["recipient_country"]:
                expected.setdefault((a, r), []).append(e["goldstein"])
    dyads = client.get("/api/dyads").json()
    assert {(d["actor"], d["recipient"]): d["count"] for d in dyads} == {
        k: len(v) for k, v in expected.items()
    }
    for d in dyads:
        scores = expected[(d["actor"], d["recipient"])]
        assert d["goldstein_mean"] == pytest.approx(sum(scores) / len(scores), abs=1e-3)
    counts = [d["count"] for d in dyads]
    assert counts == sorted(counts, reverse=True)
    assert len(client.get("/api/dyads", params={"limit": 2}).json()) == 2


def test_series_counts_every_matching_event_once(client: TestClient, db: Path) -> None:
    for params in ({}, {"actor": "EUR"}, {"type": "ACCUSE"}):
        total = client.get("/api/events", params=params).json()["total"]
        data = client.get("/api/series", params={**params, "interval": "month"}).json()
        buckets = data["buckets"]
        assert sum(b["count"] for b in buckets) + data["not_day_dated"] == total
        for b in buckets:
            assert sum(b["by_quad_class"].values()) == b["count"]
            assert b["goldstein_mean"] == pytest.approx(b["goldstein_sum"] / b["count"], abs=1e-3)
        periods = [b["period"] for b in buckets]
        assert periods == sorted(periods) and all(p.endswith("-01") for p in periods)
    weeks = client.get("/api/series", params={"interval": "week"}).json()["buckets"]
    assert weeks and all(_weekday(b["period"]) == 0 for b in weeks)  # ISO weeks start on Monday
    assert client.get("/api/series", params={"interval": "year"}).status_code == 422


def _weekday(day: str) -> int:
    from datetime import date

    return date.fromisoformat(day).weekday()


def test_dyad_series_agrees_with_the_aggregation_stage(client: TestClient) -> None:
    """A plain dyad goes through eventwire.aggregate.series; with a no-op filter it takes the API's own
    query. Both must count the same events on the same days."""
    for actor, recipient in (("MLI", "FRA"), ("UKR", "RUS"), ("EUR", "GEO")):
        for interval in ("day", "week", "month"):
            plain = {"actor": actor, "recipient": recipient, "interval": interval}
            via_aggregate = client.get("/api/series", params=plain).json()
            via_api = client.get("/api/series", params={**plain, "min_confidence": 0}).json()
            assert via_aggregate["buckets"] == via_api["buckets"]
            assert via_aggregate["buckets"], (actor, recipient)


def test_positions_are_the_five_exchange_types_both_ways_in_time_order(client: TestClient) -> None:
    data = client.get("/api/positions", params={"a": "mli", "b": "FRA"}).json()
    assert data["a"] == "MLI" and data["b"] == "FRA"
    assert data["events"], "the samples have Mali's accusation and order against France"
    for e in data["events"]:
        assert e["type"] in queries.POSITION_TYPES
        forward = "MLI" in e["actor_country"] and "FRA" in e["recipient_country"]
        backward = "FRA" in e["actor_country"] and "MLI" in e["recipient_country"]
        assert forward or backward
        assert e["direction"] == ("a_to_b" if forward else "b_to_a")
    dates = [e["date"] for e in data["events"]]
    assert dates == sorted(dates)
    assert client.get("/api/positions", params={"a": "MLI"}).status_code == 422


def test_places_cover_the_dictionary(client: TestClient) -> None:
    places = {p["code"]: p for p in client.get("/api/places").json()}
    assert len(places) > 200
    assert places["FRA"]["name"] == "France" and places["FRA"]["lat"] == pytest.approx(48.85, abs=0.1)
    assert places["IGO"]["lat"] is None


@pytest.mark.parametrize("payload", INJECTIONS)
def test_sql_injection_in_every_parameter_is_inert(client: TestClient, db: Path, payload: str) -> None:
    before = _counts(db)
    total = client.get("/api/events").json()["total"]
    event_params = ["actor", "recipient", "type", "quad_class", "since", "until", "q", "min_confidence"]
    for name in [*event_params, "limit", "offset", "sort", "order", "entities", "both_directions"]:
        response = client.get("/api/events", params={name: payload})
        assert response.status_code in (200, 422), (name, response.text)
        if response.status_code == 200:
            assert name == "q"
            assert response.json()["events"] == []  # no sentence contains the payload
    for path in ("/api/series", "/api/actors", "/api/dyads"):
        for name in event_params:
            assert client.get(path, params={name: payload}).status_code in (200, 422)
    assert client.get("/api/series", params={"q": payload}).json()["buckets"] == []
    assert client.get("/api/positions", params={"a": payload, "b": "RUS"}).status_code == 422
    for path in ("/api/events/", "/api/articles/"):
        assert client.get(path + payload.replace("/", "%2F")).status_code in (404, 422)
    assert _counts(db) == before
    assert client.get("/api/events").json()["total"] == total


def test_the_database_is_read_only(client: TestClient) -> None:
    cur = client.app.state.db.cursor()
    with pytest.raises(duckdb.Error, match="read-only"):
        cur.execute("DELETE FROM events")
    cur.close()


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        create_app(tmp_path / "missing.duckdb")
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 2
    assert "no database" in result.output


def test_every_response_carries_a_strict_content_security_policy(client: TestClient) -> None:
    for path in ("/", "/docs", "/api/events", "/static/js/main.js", "/static/app.css", "/api/events/nope"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "default-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    assert (
        client.get("/static/js/main.js")
        .headers["content-type"]
        .startswith(("text/javascript", "application/javascript"))
    )


def test_dashboard_and_docs_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and '<script type="module" src="/static/js/main.js">' in page.text
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/actors", "/api/dyads", "/api/series"):
        assert path in spec["paths"]
    assert "/api/articles/{doc_id}" in spec["paths"]  # a path parameter: document ids may hold slashes


def test_static_files_never_build_markup_from_strings() -> None:
    """The dashboard builds DOM nodes; no script may parse a string as HTML, and no page has inline script."""
    forbidden = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function")
    scripts = sorted(STATIC.glob("js/*.js"))
    assert len(scripts) >= 8
    for script in scripts:
        assert not forbidden.search(script.read_text(encoding="utf-8")), script.name
    for page in STATIC.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page.name
        assert not re.search(r"\son[a-z]+=", html), page.name
        assert "style=" not in html and "http://" not in html and "https://" not in html, page.name
