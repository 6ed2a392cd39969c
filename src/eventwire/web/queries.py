"""Read-only queries behind the HTTP API: plain functions over a DuckDB cursor, parameterised SQL only.

Every filter value travels as a query parameter; the only SQL text chosen from input is a sort key or a
bucket size, and both are looked up in fixed whitelists here, never interpolated from the request.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import duckdb

from eventwire.records import public_event
from eventwire.store import EVENT_DAYS_SQL
from eventwire.web.places import place

MAX_LIMIT = 500
CONTEXT_CHARS = 600  # article text shown on each side of an evidence sentence
POSITION_TYPES = ("REQUEST", "REJECT", "ACCUSE", "AGREE", "CONCEDE")

# Sort keys and bucket sizes the API accepts, mapped to fixed SQL; the event id breaks ties so pages are stable.
SORTS = {
    ("date", "asc"): "e.date ASC NULLS LAST, e.event_id",
    ("date", "desc"): "e.date DESC NULLS LAST, e.event_id",
    ("confidence", "asc"): "e.confidence ASC, e.event_id",
    ("confidence", "desc"): "e.confidence DESC, e.event_id",
    ("goldstein", "asc"): "e.goldstein ASC, e.event_id",
    ("goldstein", "desc"): "e.goldstein DESC, e.event_id",
}
INTERVALS = {"day": "day", "week": "week", "month": "month"}
MEMORY_INDEX = "memory.main.event_index"

_EVENT_FIELDS = (
    "e.event_id, e.doc_id, e.type, e.mode, e.context, e.actor_country, e.recipient_country, e.date, "
    "e.date_granularity, e.sentence_index, e.span_start, e.span_end, e.sentence, e.trigger, e.trigger_start, "
    "e.trigger_end, e.rule, e.confidence, e.cameo, e.goldstein, e.quad_class, e.status, e.speaker, e.via, "
    "e.explanation"
)


@dataclass(frozen=True, slots=True)
class Filters:
    """What the API's event filters select; every endpoint that counts events shares them."""

    actor: str | None = None
    recipient: str | None = None
    both_directions: bool = False  # with actor and recipient: events between them, either way round
    type: str | None = None
    quad_class: int | None = None
    since: date | None = None
    until: date | None = None
    q: str | None = None
    min_confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Page:
    limit: int = 50
    offset: int = 0
    sort: str = "date"
    order: str = "desc"


def where(f: Filters, indexed: bool = False) -> tuple[str, list[Any]]:
    """The WHERE clause (or "") and its parameters for these filters, over ``events e``.

    With ``indexed`` the clause is for the in-memory index instead (the same filter columns, plus the
    lower-cased sentence that text search reads).
    """
    clauses: list[str] = []
    params: list[Any] = []
    if f.actor and f.recipient and f.both_directions:
        clauses.append(
            "((list_contains(e.actor_country, ?) AND list_contains(e.recipient_country, ?)) OR "
            "(list_contains(e.actor_country, ?) AND list_contains(e.recipient_country, ?)))"
        )
        params += [f.actor, f.recipient, f.recipient, f.actor]
    else:
        if f.actor:
            clauses.append("list_contains(e.actor_country, ?)")
            params.append(f.actor)
        if f.recipient:
            clauses.append("list_contains(e.recipient_country, ?)")
            params.append(f.recipient)
    if f.type:
        clauses.append("e.type = ?")
        params.append(f.type)
    if f.quad_class is not None:
        clauses.append("e.quad_class = ?")
        params.append(f.quad_class)
    # Dates are ISO strings of varying precision ("2023-01-31", "2023-01", "2023"); month-days with no year
    # ("--01-31") sort before every digit, so they never pass a date bound.
    if f.since:
        clauses.append("e.date >= ?")
        params.append(f.since.isoformat())
    if f.until:
        clauses.append("e.date <= ? AND e.date >= '0'")
        params.append(f.until.isoformat())
    if f.q and indexed:
        clauses.append("contains(e.sentence_lc, lower(?))")
        params.append(f.q)
    elif f.q:
        clauses.append("e.sentence ILIKE ? ESCAPE '\\'")
        params.append("%" + _like_escape(f.q) + "%")
    if f.min_confidence is not None:
        clauses.append("e.confidence >= ?")
        params.append(f.min_confidence)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def build_memory_index(con: duckdb.DuckDBPyConnection) -> None:
    """Copy the filter columns, the lower-cased sentences and each event's counting day into memory.

    Text search reads every sentence: from memory, already lower-cased, it runs two to four times faster
    than from the compressed file. Series need each event's day, which takes joins with the documents to work
    out (``event_days``): done once here, a series is a plain scan. The copy is exact for as long as it lives:
    the file is attached read-only, and DuckDB's lock keeps writers out while it is open.
    """
    con.execute(
        f"CREATE OR REPLACE TABLE {MEMORY_INDEX} AS WITH event_days AS ({EVENT_DAYS_SQL}) "
        "SELECT e.event_id, e.date, e.type, e.quad_class, e.confidence, e.goldstein, e.actor_country, "
        "e.recipient_country, lower(e.sentence) AS sentence_lc, x.day, x.precision "
        "FROM events e LEFT JOIN event_days x USING (event_id)"
    )


def events(
    cur: duckdb.DuckDBPyConnection,
    f: Filters,
    page: Page,
    with_entities: bool = False,
    indexed: bool = False,
) -> dict[str, Any]:
    """One page of events matching ``f``, with the total count.

    The actor and recipient members (``event_entities``) are read only when asked for: a page of events is
    scattered over the table, and finding their members costs a second query. ``indexed``: run the
    filters over the in-memory copy from ``build_memory_index`` (worth it for text search).
    """
    order = SORTS[(page.sort, page.order)]
    clause, params = where(f, indexed)
    source = MEMORY_INDEX if indexed else "events"
    # One scan finds the matches' ids and sort keys, counts them and cuts the page; the wide columns are then
    # read for the page's rows alone (sorting whole rows is several times slower).
    found = cur.execute(
        f"""
        WITH m AS MATERIALIZED (
            SELECT e.event_id, e.date, e.confidence, e.goldstein FROM {source} e{clause})
        SELECT (SELECT count(*) FROM m), e.event_id FROM m e ORDER BY {order} LIMIT ? OFFSET ?
        """,
        [*params, page.limit, page.offset],
    ).fetchall()
    if found:
        total = found[0][0]
    else:  # an empty page (offset past the end) carries no count
        counted = cur.execute(f"SELECT count(*) FROM {source} e{clause}", params).fetchone()
        total = counted[0] if counted else 0
    ids = [event_id for _, event_id in found]
    rows = _by_ids(cur, ids)
    if with_entities:
        rows = _with_entities(cur, rows)
    return {
        "total": int(total),
        "limit": page.limit,
        "offset": page.offset,
        "events": [public_event(r) for r in rows],
    }


def event_detail(cur: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """An event with its evidence in context, its article, and its cluster when cluster tables exist."""
    rows = _with_entities(
        cur, _dicts(cur, f"SELECT {_EVENT_FIELDS} FROM events e WHERE e.event_id = ?", [event_id])
    )
    if not rows:
        return None
    row = rows[0]
    art = article(cur, row["doc_id"], with_events=False)
    return {
        "event": public_event(row),
        "evidence": _evidence(row, art["text"] if art else None),
        "article": art,
        "cluster": cluster(cur, event_id),
    }


def _evidence(row: dict[str, Any], text: str | None) -> dict[str, Any]:
    """The sentence with the text around it; trigger offsets are relative to the sentence."""
    sentence = row["sentence"]
    s0, s1 = row["span_start"], row["span_end"]
    if text is None or text[s0:s1] != sentence:
        found = text.find(sentence) if text else -1
        s0, s1 = (found, found + len(sentence)) if found >= 0 else (None, None)
    t0 = row["trigger_start"] - row["span_start"]
    t1 = row["trigger_end"] - row["span_start"]
    if sentence[t0:t1] != row["trigger"]:
        found = sentence.find(row["trigger"])
        t0, t1 = (found, found + len(row["trigger"])) if found >= 0 else (0, 0)
    return {
        "before": text[max(0, s0 - CONTEXT_CHARS) : s0] if text and s0 is not None else "",
        "sentence": sentence,
        "after": text[s1 : s1 + CONTEXT_CHARS] if text and s1 is not None else "",
        "sentence_start": s0,
        "sentence_end": s1,
        "trigger_start": t0,
        "trigger_end": t1,
    }


def article(cur: duckdb.DuckDBPyConnection, doc_id: str, with_events: bool = True) -> dict[str, Any] | None:
    """An article's metadata and text (with its source document's outlet), and optionally its events."""
    rows = _dicts(
        cur,
        "SELECT a.doc_id, a.title, a.author, a.published, a.site, a.url, a.language, a.text, "
        "d.source, d.origin FROM articles a LEFT JOIN documents d USING (doc_id) WHERE a.doc_id = ?",
        [doc_id],
    )
    if not rows:
        return None
    out = rows[0]
    out["published"] = out["published"].isoformat() if out["published"] else None
    if with_events:
        events_ = _dicts(
            cur,
            f"SELECT {_EVENT_FIELDS} FROM events e WHERE e.doc_id = ? "
            "ORDER BY e.sentence_index, e.trigger_start, e.event_id",
            [doc_id],
        )
        out["events"] = [public_event(r) for r in _with_entities(cur, events_)]
    return out


def cluster(cur: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """The cross-report cluster of an event and the other reports in it, when the database has clusters.

    Reads any table with ``event_id`` and ``cluster_id`` columns (the aggregation stage's cluster membership),
    so databases coded before clustering existed simply have none.
    """
    table = _membership_table(cur)
    if table is None:
        return None
    # The table name comes from the catalogue, never from the request; quote it as an identifier anyway.
    members = '"' + table.replace('"', '""') + '"'
    found = cur.execute(f"SELECT cluster_id FROM {members} WHERE event_id = ? LIMIT 1", [event_id]).fetchone()
    if found is None:
        return None
    rows = _dicts(
        cur,
        "SELECT e.event_id, e.doc_id, e.type, e.date, e.sentence, e.trigger, e.confidence, a.title, a.site, "
        f"a.published FROM {members} m JOIN events e USING (event_id) LEFT JOIN articles a ON a.doc_id = e.doc_id "
        "WHERE m.cluster_id = ? AND m.event_id <> ? ORDER BY e.date, e.event_id LIMIT ?",
        [found[0], event_id, MAX_LIMIT],
    )
    for r in rows:
        r["id"] = r.pop("event_id")
        r["quote"] = r.pop("sentence")
        r["published"] = r["published"].isoformat() if r["published"] else None
    return {"cluster_id": str(found[0]), "reports": rows}


def _membership_table(cur: duckdb.DuckDBPyConnection) -> str | None:
    """``cluster_members`` (the aggregation stage's table) or, failing that, any table with the same columns."""
    rows = cur.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_catalog = current_database() "
        "AND table_schema = 'main' AND column_name IN ('event_id', 'cluster_id') AND table_name <> 'events' "
        "GROUP BY table_name HAVING count(DISTINCT column_name) = 2 "
        "ORDER BY table_name <> 'cluster_members', table_name"
    ).fetchall()
    return str(rows[0][0]) if rows else None


def _has_clusters(cur: duckdb.DuckDBPyConnection) -> bool:
    table = _membership_table(cur)
    if table is None:
        return False
    quoted = '"' + table.replace('"', '""') + '"'
    return cur.execute(f"SELECT count(*) > 0 FROM (SELECT 1 FROM {quoted} LIMIT 1)").fetchone() == (True,)


def actors(cur: duckdb.DuckDBPyConnection, f: Filters) -> list[dict[str, Any]]:
    """Every actor code with its event counts as actor and as recipient, its name and capital."""
    clause, params = where(f)
    rows = cur.execute(
        f"""
        WITH base AS (SELECT e.actor_country, e.recipient_country, e.goldstein FROM events e{clause}),
        a AS (SELECT unnest(actor_country) AS code, count(*) AS n, avg(goldstein) AS g FROM base GROUP BY 1),
        r AS (SELECT unnest(recipient_country) AS code, count(*) AS n FROM base GROUP BY 1)
        SELECT code, coalesce(a.n, 0), coalesce(r.n, 0), a.g FROM a FULL OUTER JOIN r USING (code)
        ORDER BY coalesce(a.n, 0) + coalesce(r.n, 0) DESC, code
        """,
        params,
    ).fetchall()
    out = []
    for code, as_actor, as_recipient, mean in rows:
        where_ = place(code)
        out.append(
            {
                "code": code,
                "name": where_.name,
                "as_actor": int(as_actor),
                "as_recipient": int(as_recipient),
                "goldstein_mean": _round(mean),
                "lat": where_.lat,
                "lon": where_.lon,
            }
        )
    return out


def dyads(cur: duckdb.DuckDBPyConnection, f: Filters, limit: int) -> list[dict[str, Any]]:
    """Actor -> recipient pairs with their event counts and mean Goldstein score, largest first."""
    clause, params = where(f)
    rows = cur.execute(
        f"""
        SELECT a.code, r.code, count(*) AS n, avg(e.goldstein), sum(e.goldstein)
        FROM events e, unnest(e.actor_country) AS a(code), unnest(e.recipient_country) AS r(code){clause}
        GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?
        """,
        [*params, limit],
    ).fetchall()
    return [
        {
            "actor": a,
            "recipient": r,
            "count": int(n),
            "goldstein_mean": _round(mean),
            "goldstein_sum": _round(total),
        }
        for a, r, n, mean, total in rows
    ]


def series(
    cur: duckdb.DuckDBPyConnection, f: Filters, interval: str, indexed: bool = False
) -> dict[str, Any]:
    """Event counts per period and QuadClass, with Goldstein sum and mean.

    Events are counted on the day the store's ``event_days`` gives them (their own date, month-days resolved,
    implausible dates dropped), as ``eventwire series`` counts them; month-precise events count only per
    month. A plain dyad (actor and recipient, nothing else) is computed by ``eventwire.aggregate.series``.
    ``indexed``: read the days from the in-memory index instead of working them out.
    """
    part = INTERVALS[interval]
    dyad = _dyad_series(cur, f, interval)
    clause, params = where(replace(f, since=None, until=None), indexed)
    days = ["e.day IS NOT NULL", "(e.precision = 'day' OR (e.precision = 'month' AND ? = 'month'))"]
    day_params: list[Any] = [interval]
    if f.since:
        days.append("e.day >= ?")
        day_params.append(f.since)
    if f.until:
        days.append("e.day <= ?")
        day_params.append(f.until)
    counted = " AND ".join(days)
    if indexed:
        base = f"SELECT e.quad_class, e.goldstein, e.day, e.precision FROM {MEMORY_INDEX} e{clause}"
    else:
        base = (
            f"WITH event_days AS ({EVENT_DAYS_SQL}), matched AS (SELECT e.event_id, e.quad_class, e.goldstein "
            f"FROM events e{clause}) SELECT m.quad_class, m.goldstein, x.day, x.precision "
            "FROM matched m JOIN event_days x USING (event_id)"
        )
    if dyad is None:
        rows = cur.execute(
            f"SELECT CAST(date_trunc('{part}', e.day) AS DATE) AS period, e.quad_class, count(*), "
            f"sum(e.goldstein) FROM ({base}) e WHERE {counted} GROUP BY 1, 2 ORDER BY 1, 2",
            [*params, *day_params],
        ).fetchall()
    else:
        rows = dyad
    buckets: dict[str, dict[str, Any]] = {}
    for period, quad, n, total in rows:
        key = period.isoformat()
        bucket = buckets.setdefault(
            key,
            {
                "period": key,
                "count": 0,
                "by_quad_class": {"1": 0, "2": 0, "3": 0, "4": 0},
                "goldstein_sum": 0.0,
            },
        )
        bucket["count"] += int(n)
        bucket["by_quad_class"][str(quad)] = bucket["by_quad_class"].get(str(quad), 0) + int(n)
        bucket["goldstein_sum"] += float(total or 0.0)
    for bucket in buckets.values():
        bucket["goldstein_mean"] = _round(bucket["goldstein_sum"] / bucket["count"])
        bucket["goldstein_sum"] = _round(bucket["goldstein_sum"])
    # The day columns come from the subquery ``base``, whichever source it reads, so ``counted`` names them e.*.
    # Events with no day to count them on (undated, or dated only to a year, or to a month in a daily or
    # weekly series): say how many, so an empty chart is not mistaken for no events.
    left_out = 0
    if not (f.since or f.until):
        found = cur.execute(
            f"SELECT count(*) FROM ({base}) e WHERE NOT coalesce({counted}, false)",
            [*params, *day_params],
        ).fetchone()
        left_out = int(found[0]) if found else 0
    return {"interval": interval, "buckets": list(buckets.values()), "not_day_dated": left_out}


@dataclass(frozen=True, slots=True)
class _ReadOnlyStore:
    """What ``eventwire.aggregate.series`` reads of a Store: its connection (here, a request's cursor)."""

    con: duckdb.DuckDBPyConnection
    path: str = "(served database)"


def _dyad_series(cur: duckdb.DuckDBPyConnection, f: Filters, interval: str) -> list[tuple] | None:
    """(period, quad class, count, Goldstein sum) rows of a plain dyad from the aggregation stage, else None."""
    plain = Filters(actor=f.actor, recipient=f.recipient)
    if not (f.actor and f.recipient) or f != plain:
        return None
    from eventwire import aggregate  # the aggregation stage; only this query shape needs it

    totals: dict[tuple[date, int], list[float]] = {}
    for row in aggregate.series(_ReadOnlyStore(cur), f.actor, f.recipient, by=interval):  # type: ignore[arg-type]
        n_sum = totals.setdefault((row.period, row.quad_class), [0, 0.0])
        n_sum[0] += row.count
        n_sum[1] += row.goldstein_sum
    return [(period, quad, n, total) for (period, quad), (n, total) in sorted(totals.items())]


def positions(
    cur: duckdb.DuckDBPyConnection, a: str, b: str, since: date | None, until: date | None, limit: int
) -> dict[str, Any]:
    """Two actors' requests, rejections, accusations, agreements and concessions to each other, in time order."""
    f = Filters(actor=a, recipient=b, both_directions=True, since=since, until=until)
    clause, params = where(f)
    marks = ", ".join("?" for _ in POSITION_TYPES)
    ids = [
        event_id
        for (event_id,) in cur.execute(
            f"SELECT e.event_id FROM events e{clause} AND e.type IN ({marks}) "
            "ORDER BY e.date ASC NULLS LAST, e.doc_id, e.sentence_index, e.event_id LIMIT ?",
            [*params, *POSITION_TYPES, limit],
        ).fetchall()
    ]
    rows = _by_ids(cur, ids)
    out = []
    for r in rows:
        event = public_event(r)
        event["direction"] = "a_to_b" if a in (r["actor_country"] or []) else "b_to_a"
        out.append(event)
    return {"a": a, "b": b, "types": list(POSITION_TYPES), "events": out}


def summary(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Database-wide figures the dashboard starts from: counts, the date range, the types present."""
    counts = cur.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM articles), "
        "(SELECT min(date) FROM events WHERE length(date) = 10 AND date >= '0'), "
        "(SELECT max(date) FROM events WHERE length(date) = 10 AND date >= '0')"
    ).fetchone() or (0, 0, None, None)
    types = [t for (t,) in cur.execute("SELECT DISTINCT type FROM events ORDER BY type").fetchall()]
    return {
        "events": int(counts[0]),
        "articles": int(counts[1]),
        "first_date": counts[2],
        "last_date": counts[3],
        "types": types,
        "clusters": _has_clusters(cur),
    }


def _by_ids(cur: duckdb.DuckDBPyConnection, ids: list[str]) -> list[dict[str, Any]]:
    """Full event rows for these ids, in the same order."""
    if not ids:
        return []
    rows = _dicts(cur, f"SELECT {_EVENT_FIELDS} FROM events e WHERE e.event_id IN (SELECT unnest(?))", [ids])
    rank = {event_id: i for i, event_id in enumerate(ids)}
    return sorted(rows, key=lambda r: rank[r["event_id"]])


def _dicts(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    result = cur.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _with_entities(cur: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rows:
        return rows
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for event_id, role, text, country, sector, kind in cur.execute(
        "SELECT event_id, role, text, country, sector, kind FROM event_entities "
        "WHERE event_id IN (SELECT unnest(?)) ORDER BY event_id, role, position",
        [[r["event_id"] for r in rows]],
    ).fetchall():
        found.setdefault((event_id, role), []).append(
            {"text": text, "country": country, "sector": list(sector or []), "kind": kind}
        )
    for row in rows:
        row["actor"] = found.get((row["event_id"], "actor"), [])
        row["recipient"] = found.get((row["event_id"], "recipient"), [])
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)
