"""Event clusters across reports and dyad time series: one event however many outlets tell it."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import aggregate
from eventwire.aggregate import ClusterRules, Party, SeriesRow, series, update_clusters
from eventwire.cli import app
from eventwire.errors import EventwireError
from eventwire.model import Article, Entity, Event
from eventwire.store import SCHEMA_VERSION, DocumentRow, Store

CORPUS = Path(__file__).parent / "fixtures" / "one_story_five_outlets.jsonl"
STORY = {"story-andean", "story-pacific", "story-global", "story-courier", "story-monitor"}
OTHERS = {"other-aid", "other-talks", "other-protest"}
cli = CliRunner()


def _entities(codes: list[str]) -> tuple[Entity, ...]:
    out = []
    for code in codes:
        country, _, sector = code.partition("/")
        out.append(Entity(code, country or None, (sector,) if sector else (), "country"))
    return tuple(out)


def _event(
    event_id: str,
    doc_id: str,
    kind: str,
    actor: list[str],
    recipient: list[str],
    when: str | None,
    goldstein: float,
    quad: int,
    granularity: str | None = "day",
    cameo: str = "112",
    confidence: float = 0.8,
) -> Event:
    return Event(
        event_id=event_id,
        doc_id=doc_id,
        type=kind,
        mode=None,
        context=(),
        actor=_entities(actor),
        recipient=_entities(recipient),
        date=when,
        date_granularity=granularity if when else None,
        sentence_index=1,
        span=(0, 10),
        sentence="A sentence.",
        trigger="did",
        trigger_span=(2, 5),
        rule="test",
        confidence=confidence,
        cameo=cameo,
        goldstein=goldstein,
        quad_class=quad,
    )


def _write(store: Store, docs: dict[str, date | None], events: list[Event], source: str = "Wire") -> None:
    store.write_batch(
        [
            DocumentRow(d, f"h-{d}", f"{d}.txt", "text", f"https://x.example/{d}", source, "coded")
            for d in docs
        ],
        [Article(d, "text", published=p, site=f"{source} {d}") for d, p in docs.items()],
        events,
        [],
    )


def _memberships(store: Store) -> set[frozenset[str]]:
    return {frozenset(m) for m in aggregate.cluster_members(store).values()}


# -- the written corpus: five outlets, two re-posts, three unrelated stories -------------------------------


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("corpus") / "c.duckdb"
    result = cli.invoke(app, ["code", str(CORPUS), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "clusters:" in result.stdout  # coding brings the clusters up to date
    return db


def _doc_sets(store: Store) -> dict[str, set[str]]:
    rows = store.con.execute(
        "SELECT m.cluster_id, e.doc_id FROM cluster_members m JOIN events e USING (event_id)"
    ).fetchall()
    out: dict[str, set[str]] = {}
    for cluster_id, doc_id in rows:
        out.setdefault(cluster_id, set()).add(doc_id)
    return out


def test_reposts_are_coded_once(corpus_db: Path) -> None:
    with Store(corpus_db, read_only=True) as store:
        statuses = dict(store.con.execute("SELECT doc_id, status FROM documents").fetchall())
        coded = {r[0] for r in store.con.execute("SELECT DISTINCT doc_id FROM events").fetchall()}
        links = {d: (c, s) for d, c, s in store.con.execute("SELECT * FROM duplicates").fetchall()}
    assert statuses["repost-andean"] == statuses["repost-global"] == "duplicate"
    assert coded == STORY | OTHERS
    assert links["repost-andean"][0] == "story-andean" and links["repost-global"][0] == "story-global"
    assert all(s >= 0.7 for _, s in links.values())


@pytest.mark.parametrize(
    ("kind", "actor", "recipient"),
    [("ASSAULT", "PER", "ECU"), ("ACCUSE", "ECU", "PER"), ("SANCTION", "ECU", "PER")],
)
def test_the_story_is_one_cluster_per_main_event(
    corpus_db: Path, kind: str, actor: str, recipient: str
) -> None:
    with Store(corpus_db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT cluster_id, num_sources, num_articles, num_mentions, event_date FROM clusters "
            "WHERE type = ? AND list_contains(actor_country, ?) AND list_contains(recipient_country, ?) "
            "ORDER BY num_sources DESC",
            [kind, actor, recipient],
        ).fetchall()
        docs = _doc_sets(store)
    cluster_id, sources, articles, mentions, day = rows[0]
    assert (sources, articles) == (5, 5) and mentions >= 5
    assert docs[cluster_id] == STORY
    assert day == date(2024, 3, 10)


def test_unrelated_stories_share_no_cluster(corpus_db: Path) -> None:
    with Store(corpus_db, read_only=True) as store:
        docs = _doc_sets(store)
    for other in OTHERS:
        touching = [d for d in docs.values() if other in d]
        assert touching, other
        assert all(d == {other} for d in touching), other


def test_membership_does_not_depend_on_input_order_or_runs(corpus_db: Path, tmp_path: Path) -> None:
    """The same articles coded in reverse order, in two runs, give the same clusters."""
    lines = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if '"repost-' not in line][::-1]
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[4:]) + "\n", encoding="utf-8")
    db = tmp_path / "r.duckdb"
    for part in (first, second):
        result = cli.invoke(app, ["code", str(part), "--db", str(db)])
        assert result.exit_code == 0, result.output
    with Store(corpus_db, read_only=True) as forward, Store(db, read_only=True) as reverse:
        assert _memberships(reverse) == _memberships(forward)
        assert len(_memberships(forward)) > 5


# -- incremental and order-free on generated events --------------------------------------------------------


def _random_docs(seed: int) -> list[tuple[str, list[Event]]]:
    rng = random.Random(seed)
    countries = ["RUS", "UKR", "USA", "BLR"]
    kinds = [("ACCUSE", "112", -2.0, 3), ("ASSAULT", "190", -10.0, 4), ("SANCTION", "160", -4.0, 4)]

    def side(p_empty: float) -> list[str]:
        if rng.random() < p_empty:
            return []
        picked = rng.sample(countries, 2 if rng.random() < 0.1 else 1)
        return [f"{c}/{rng.choice(['GOV', 'MIL'])}" if rng.random() < 0.4 else c for c in picked]

    docs = []
    for d in range(60):
        events = []
        for i in range(rng.randint(1, 5)):
            kind, cameo, goldstein, quad = rng.choice(kinds)
            roll = rng.random()
            if roll < 0.8:
                when, granularity = date(2024, 1, rng.randint(1, 25)).isoformat(), "day"
            elif roll < 0.9:
                when, granularity = "2024-01", "month"
            else:
                when, granularity = None, None
            events.append(
                _event(
                    f"e{d:02d}-{i}",
                    f"d{d:02d}",
                    kind,
                    side(0.05),
                    side(0.15),
                    when,
                    goldstein,
                    quad,
                    granularity,
                    cameo,
                    rng.choice([0.6, 0.7, 0.85]),
                )
            )
        docs.append((f"d{d:02d}", events))
    return docs


def _comparable(store: Store) -> set[tuple]:
    return set(
        store.con.execute(
            "SELECT * EXCLUDE (date_added, actor_country, recipient_country, actor_sector, recipient_sector), "
            "array_to_string(actor_country, ','), array_to_string(recipient_country, ','), "
            "array_to_string(actor_sector, ','), array_to_string(recipient_sector, ',') FROM clusters"
        ).fetchall()
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_updates_in_any_order_equal_a_rebuild(tmp_path: Path, seed: int) -> None:
    docs = _random_docs(seed)
    published = date(2024, 1, 26)
    with Store(tmp_path / "all.duckdb") as whole:
        _write(whole, dict.fromkeys((d for d, _ in docs), published), [e for _, es in docs for e in es])
        update_clusters(whole, rebuild=True)
        expected, expected_rows = _memberships(whole), _comparable(whole)
    rng = random.Random(seed * 7)
    order = docs[:]
    rng.shuffle(order)
    with Store(tmp_path / "parts.duckdb") as parts:
        cut = sorted(rng.sample(range(1, len(order)), 4))
        for start, end in zip([0, *cut], [*cut, len(order)], strict=True):
            batch = order[start:end]
            _write(parts, dict.fromkeys((d for d, _ in batch), published), [e for _, es in batch for e in es])
            summary = update_clusters(parts)
            assert summary.new_events == sum(len(es) for _, es in batch)
        assert _memberships(parts) == expected
        assert _comparable(parts) == expected_rows
        assert update_clusters(parts).written == 0  # nothing new: nothing redone


def test_clusters_do_not_chain_beyond_the_window(tmp_path: Path) -> None:
    """Daily accusations over ten days make clusters of at most window + 1 days, not one long chain."""
    events = [
        _event(f"a{i}", f"d{i}", "ACCUSE", ["RUS"], ["UKR"], date(2024, 5, 1 + i).isoformat(), -2.0, 3)
        for i in range(10)
    ]
    with Store(tmp_path / "s.duckdb") as store:
        _write(store, {f"d{i}": None for i in range(10)}, events)
        update_clusters(store)
        groups = sorted(sorted(m) for m in _memberships(store))
    assert groups == [["a0", "a1", "a2", "a3"], ["a4", "a5", "a6", "a7"], ["a8", "a9"]]
    with Store(tmp_path / "s.duckdb") as store:
        update_clusters(store, rebuild=True, rules=ClusterRules(windows={"ACCUSE": 0}))
        assert len(_memberships(store)) == 10


def test_sectors_must_agree_where_both_name_one(tmp_path: Path) -> None:
    events = [
        _event("g", "d1", "ASSAULT", ["RUS/GOV"], ["UKR"], "2024-05-01", -10.0, 4, cameo="190"),
        _event("m", "d2", "ASSAULT", ["RUS/MIL"], ["UKR"], "2024-05-01", -10.0, 4, cameo="190"),
        _event("n", "d3", "ASSAULT", ["RUS"], ["UKR"], "2024-05-01", -10.0, 4, cameo="190"),
    ]
    with Store(tmp_path / "s.duckdb") as store:
        _write(store, {"d1": None, "d2": None, "d3": None}, events)
        update_clusters(store)
        assert _memberships(store) == {frozenset({"g", "n"}), frozenset({"m"})}


def test_sources_count_distinct_outlets(tmp_path: Path) -> None:
    events = [
        _event(f"e{i}", f"d{i}", "ACCUSE", ["RUS"], ["UKR"], "2024-05-01", -2.0, 3, confidence=c)
        for i, c in enumerate([0.6, 0.9, 0.7])
    ]
    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch(
            [
                DocumentRow("d0", "h0", "a", "text", "https://www.one.example/a", None, "coded"),
                DocumentRow("d1", "h1", "b", "text", "https://one.example/b", None, "coded"),
                DocumentRow("d2", "h2", "c", "text", None, None, "coded"),
            ],
            [Article("d0", "t", published=date(2024, 5, 2)), Article("d1", "t"), Article("d2", "t")],
            events,
            [],
        )
        update_clusters(store)
        (row,) = aggregate.clusters(store)
    # the same host (www. dropped) is one source; an article with no outlet and no URL is its own
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (3, 3, 2)
    assert row["best_event_id"] == "e1"
    assert row["first_seen"] == date(2024, 5, 2) and row["source_url"] == "https://www.one.example/a"


# -- dates that cannot be trusted ------------------------------------------------------------------------


def test_undated_1970_and_future_events_cluster_by_ingestion_day_only(tmp_path: Path) -> None:
    docs = {"none": None, "epoch": date(1970, 1, 1), "future": date(2999, 1, 1), "ok": date(2024, 1, 10)}
    events = [
        _event("u1", "none", "ACCUSE", ["RUS"], ["USA"], None, -2.0, 3),
        _event("u2", "epoch", "ACCUSE", ["RUS"], ["USA"], "1970-01-01", -2.0, 3),
        _event("u3", "future", "ACCUSE", ["RUS"], ["USA"], "2999-01-01", -2.0, 3),
        _event("u4", "ok", "ACCUSE", ["RUS"], ["USA"], "2999-05-01", -2.0, 3),
        _event("d1", "ok", "ACCUSE", ["RUS"], ["USA"], "2024-01-09", -2.0, 3),
    ]
    with Store(tmp_path / "s.duckdb") as store:
        _write(store, docs, events)
        days = dict(store.con.execute("SELECT event_id, day FROM event_days").fetchall())
        summary = update_clusters(store)
        members = _memberships(store)
        dated = store.con.execute("SELECT event_date FROM clusters WHERE cluster_id = 'd1'").fetchone()[0]
    assert days == {"u1": None, "u2": None, "u3": None, "u4": None, "d1": date(2024, 1, 9)}
    assert summary.undated == 4
    assert members == {frozenset({"u1", "u2", "u3", "u4"}), frozenset({"d1"})}
    assert dated == date(2024, 1, 9)


# -- dyad series: hand-computed counts -------------------------------------------------------------------


@pytest.fixture
def series_db(tmp_path: Path) -> Path:
    db = tmp_path / "series.duckdb"
    docs = {"d1": date(2024, 3, 1), "d2": None, "d3": date(1970, 1, 1)}
    events = [
        _event("s01", "d1", "ACCUSE", ["RUS"], ["USA"], "2024-01-01", -2.0, 3),
        _event("s02", "d1", "ACCUSE", ["RUS"], ["USA"], "2024-01-03", -3.0, 3),
        _event("s03", "d1", "THREATEN", ["RUS"], ["USA"], "2024-01-03", -4.0, 3, cameo="130"),
        _event("s04", "d1", "ASSAULT", ["RUS/MIL"], ["USA"], "2024-01-04", -10.0, 4, cameo="190"),
        _event("s05", "d1", "ASSAULT", ["RUS/MIL"], ["USA"], "2024-01-09", -9.0, 4, cameo="190"),
        _event("s06", "d1", "CONSULT", ["RUS"], ["USA"], "2024-02-15", 1.0, 1, cameo="040"),
        _event("s07", "d1", "ACCUSE", ["USA"], ["RUS"], "2024-01-02", -2.0, 3),  # the other direction
        _event("s08", "d1", "REJECT", ["RUS"], ["USA"], "2024-01", -4.0, 3, "month", "120"),  # monthly only
        _event("s09", "d2", "ACCUSE", ["RUS"], ["USA"], None, -2.0, 3),  # undated
        _event("s10", "d3", "ACCUSE", ["RUS"], ["USA"], "1970-01-01", -2.0, 3),  # a 1970 article
        _event("s11", "d1", "ACCUSE", ["RUS", "CHN"], ["USA", "GBR"], "2024-01-02", -1.0, 3),  # counts once
        _event("s12", "d1", "ACCUSE", ["RUS"], ["USA"], "2999-05-01", -2.0, 3),  # in the future
    ]
    with Store(db) as store:
        _write(store, docs, events)
        update_clusters(store)
    return db


def _rows(*rows: tuple[str, str, int, int, float, float]) -> list[SeriesRow]:
    return [SeriesRow(date.fromisoformat(p), t, q, n, s, m) for p, t, q, n, s, m in rows]


def test_weekly_series_equals_hand_counts(series_db: Path) -> None:
    with Store(series_db, read_only=True) as store:
        got = series(store, "RUS", "USA", by="week")
    assert got == _rows(
        ("2024-01-01", "ACCUSE", 3, 3, -6.0, -2.0),
        ("2024-01-01", "THREATEN", 3, 1, -4.0, -4.0),
        ("2024-01-01", "ASSAULT", 4, 1, -10.0, -10.0),
        ("2024-01-08", "ASSAULT", 4, 1, -9.0, -9.0),
        ("2024-02-12", "CONSULT", 1, 1, 1.0, 1.0),
    )


def test_daily_monthly_and_sector_series_equal_hand_counts(series_db: Path) -> None:
    with Store(series_db, read_only=True) as store:
        daily = series(store, "RUS", "USA", by="day")
        monthly = series(store, "RUS", "USA", by="month")
        military = series(store, Party("RUS", "MIL"), "USA", by="week")
        reverse = series(store, "USA", "RUS", by="month")
    assert daily == _rows(
        ("2024-01-01", "ACCUSE", 3, 1, -2.0, -2.0),
        ("2024-01-02", "ACCUSE", 3, 1, -1.0, -1.0),
        ("2024-01-03", "ACCUSE", 3, 1, -3.0, -3.0),
        ("2024-01-03", "THREATEN", 3, 1, -4.0, -4.0),
        ("2024-01-04", "ASSAULT", 4, 1, -10.0, -10.0),
        ("2024-01-09", "ASSAULT", 4, 1, -9.0, -9.0),
        ("2024-02-15", "CONSULT", 1, 1, 1.0, 1.0),
    )
    assert monthly == _rows(
        ("2024-01-01", "ACCUSE", 3, 3, -6.0, -2.0),
        ("2024-01-01", "REJECT", 3, 1, -4.0, -4.0),
        ("2024-01-01", "THREATEN", 3, 1, -4.0, -4.0),
        ("2024-01-01", "ASSAULT", 4, 2, -19.0, -9.5),
        ("2024-02-01", "CONSULT", 1, 1, 1.0, 1.0),
    )
    assert military == _rows(
        ("2024-01-01", "ASSAULT", 4, 1, -10.0, -10.0), ("2024-01-08", "ASSAULT", 4, 1, -9.0, -9.0)
    )
    assert reverse == _rows(("2024-01-01", "ACCUSE", 3, 1, -2.0, -2.0))


def test_series_over_clusters_counts_each_happening_once(series_db: Path) -> None:
    with Store(series_db, read_only=True) as store:
        got = series(store, "RUS", "USA", by="week", over="clusters")
    # s01, s11 and s02 (Jan 1-3) are one accusation cluster; its best evidence is s01 (-2.0)
    assert got == _rows(
        ("2024-01-01", "ACCUSE", 3, 1, -2.0, -2.0),
        ("2024-01-01", "THREATEN", 3, 1, -4.0, -4.0),
        ("2024-01-01", "ASSAULT", 4, 1, -10.0, -10.0),
        ("2024-01-08", "ASSAULT", 4, 1, -9.0, -9.0),
        ("2024-02-12", "CONSULT", 1, 1, 1.0, 1.0),
    )


@pytest.mark.parametrize(("by", "over"), [("week", "events"), ("month", "events"), ("day", "clusters")])
def test_the_sql_view_gives_the_same_series(series_db: Path, by: str, over: str) -> None:
    with Store(series_db, read_only=True) as store:
        expected = series(store, "RUS", "USA", by=by, over=over)
        rows = store.con.execute(
            "SELECT period, type, quad_class, n, goldstein_sum, goldstein_mean FROM dyad_series "
            "WHERE over = ? AND grain = ? AND actor = 'RUS' AND recipient = 'USA' "
            "ORDER BY period, quad_class, type",
            [over, by],
        ).fetchall()
    assert [SeriesRow(*r) for r in rows] == expected


def test_series_command_formats(series_db: Path) -> None:
    args = ["series", "--db", str(series_db), "--actor", "RUS/MIL", "--recipient", "USA", "--by", "week"]
    as_json = cli.invoke(app, [*args, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout) == [
        {
            "period": "2024-01-01",
            "type": "ASSAULT",
            "quad_class": 4,
            "count": 1,
            "goldstein_sum": -10.0,
            "goldstein_mean": -10.0,
        },
        {
            "period": "2024-01-08",
            "type": "ASSAULT",
            "quad_class": 4,
            "count": 1,
            "goldstein_sum": -9.0,
            "goldstein_mean": -9.0,
        },
    ]
    as_csv = cli.invoke(app, [*args, "--format", "csv"])
    assert as_csv.stdout.splitlines() == [
        "period,type,quad_class,count,goldstein_sum,goldstein_mean",
        "2024-01-01,ASSAULT,4,1,-10.0,-10.0",
        "2024-01-08,ASSAULT,4,1,-9.0,-9.0",
    ]
    table = cli.invoke(app, [*args])
    assert table.exit_code == 0 and "2024-01-08" in table.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--actor", "RUSSIA", "--recipient", "USA"],
        ["--actor", "RUS", "--recipient", "USA", "--by", "year"],
        ["--actor", "RUS", "--recipient", "USA", "--over", "mentions"],
        ["--actor", "RUS", "--recipient", "USA", "--format", "xml"],
    ],
)
def test_series_usage_errors_are_one_line_exit_2(series_db: Path, args: list[str]) -> None:
    result = cli.invoke(app, ["series", "--db", str(series_db), *args])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "error" in result.stderr


def test_party_codes() -> None:
    assert Party.parse("rus") == Party("RUS")
    assert Party.parse("RUS/gov") == Party("RUS", "GOV")
    for bad in ("RUS/GOVERNMENT", "RUSSIA", "RUSGOV", "", "R1S"):
        with pytest.raises(EventwireError):
            Party.parse(bad)


# -- the command and the schema ---------------------------------------------------------------------------


def test_cluster_command(series_db: Path, tmp_path: Path) -> None:
    result = cli.invoke(app, ["cluster", "--db", str(series_db), "--rebuild"])
    assert result.exit_code == 0, result.output
    assert "clusters:" in result.stdout and "by ingestion day" in result.stdout
    missing = cli.invoke(app, ["cluster", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no database" in missing.stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_a_version_1_database_gains_the_new_tables(tmp_path: Path) -> None:
    db = tmp_path / "v1.duckdb"
    with Store(db) as store:
        _write(store, {"d1": None}, [_event("x", "d1", "ACCUSE", ["RUS"], ["USA"], "2024-01-01", -2.0, 3)])
        for view in ("dyad_series", "dyad_clusters", "dyad_events", "event_days"):
            store.con.execute(f"DROP VIEW {view}")
        for table in ("article_signatures", "duplicates", "clusters", "cluster_members", "cluster_blocks"):
            store.con.execute(f"DROP TABLE {table}")
        for column in ("historical", "place_name", "place_country", "latitude", "longitude"):
            store.con.execute(f"ALTER TABLE events DROP COLUMN {column}")
        store.con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with Store(db) as store:
        version = store.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        assert int(version) == SCHEMA_VERSION == 3
        columns = {row[0] for row in store.con.execute("DESCRIBE events").fetchall()}
        assert {"historical", "place_name", "latitude"} <= columns
        assert update_clusters(store).clusters == 1
        assert store.counts()["events"] == 1
