"""The DuckDB store: a versioned schema, bulk appends from Arrow, idempotent by id, parameterised reads.

Each batch (documents, their articles, events and entities, quarantine records) is written in one
transaction, so a run killed mid-way leaves whole documents or none and the next run resumes where it stopped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from eventwire.errors import StoreError
from eventwire.model import Article, Event, Quarantined, content_id

SCHEMA_VERSION = 3  # 2: article_signatures, duplicates, clusters; 3: events' historical flag and place

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY, content_hash VARCHAR, origin VARCHAR, kind VARCHAR, url VARCHAR,
    source VARCHAR, status VARCHAR, reason VARCHAR, ingested_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS articles (
    doc_id VARCHAR PRIMARY KEY, title VARCHAR, author VARCHAR, published DATE, site VARCHAR, url VARCHAR,
    language VARCHAR, text VARCHAR, removed_lines VARCHAR[]);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY, doc_id VARCHAR, type VARCHAR, mode VARCHAR, context VARCHAR[],
    actor_country VARCHAR[], recipient_country VARCHAR[], date VARCHAR, date_granularity VARCHAR,
    sentence_index INTEGER, span_start INTEGER, span_end INTEGER, sentence VARCHAR, trigger VARCHAR,
    trigger_start INTEGER, trigger_end INTEGER, rule VARCHAR, confidence DOUBLE, cameo VARCHAR,
    goldstein DOUBLE, quad_class INTEGER, status VARCHAR, speaker VARCHAR, via VARCHAR,
    explanation VARCHAR[], historical BOOLEAN, place_name VARCHAR, place_country VARCHAR, latitude DOUBLE,
    longitude DOUBLE);
CREATE TABLE IF NOT EXISTS event_entities (
    event_id VARCHAR, role VARCHAR, position INTEGER, text VARCHAR, country VARCHAR, sector VARCHAR[],
    kind VARCHAR, how VARCHAR, PRIMARY KEY (event_id, role, position));
-- an event's members by its id alone (the web API's event panel): the composite key above is no help there
CREATE INDEX IF NOT EXISTS event_entities_event ON event_entities (event_id);
CREATE TABLE IF NOT EXISTS quarantine (
    qid VARCHAR PRIMARY KEY, origin VARCHAR, doc_id VARCHAR, code VARCHAR, reason VARCHAR, quarantined_at TIMESTAMP);
-- schema 2: near-duplicate articles (eventwire.dedup) and cross-report event clusters (eventwire.aggregate)
CREATE TABLE IF NOT EXISTS article_signatures (
    doc_id VARCHAR PRIMARY KEY, num_perm INTEGER, shingle_size INTEGER, seed INTEGER, scheme VARCHAR,
    signature BLOB);
CREATE TABLE IF NOT EXISTS duplicates (doc_id VARCHAR PRIMARY KEY, canonical_doc_id VARCHAR, similarity DOUBLE);
CREATE TABLE IF NOT EXISTS clusters (
    cluster_id VARCHAR, type VARCHAR, cameo VARCHAR, goldstein DOUBLE, quad_class INTEGER,
    actor_country VARCHAR[], recipient_country VARCHAR[], actor_sector VARCHAR[], recipient_sector VARCHAR[],
    event_date DATE, date_precision VARCHAR, first_seen DATE, last_seen DATE, num_mentions INTEGER,
    num_articles INTEGER, num_sources INTEGER, best_event_id VARCHAR, source_url VARCHAR,
    date_added TIMESTAMP, is_root BOOLEAN);
CREATE TABLE IF NOT EXISTS cluster_members (cluster_id VARCHAR, event_id VARCHAR);
CREATE TABLE IF NOT EXISTS cluster_blocks (
    block VARCHAR, event_id VARCHAR, anchor_event_id VARCHAR, ordinal INTEGER);
"""

# Read-only views over the tables above, created with the schema; the same SELECTs back ``eventwire series``
# (see docs/aggregate.md). ``event_days`` gives every event the day it is counted on: its own date, resolved
# against the ingestion date when only month and day are known; NULL when undated or implausible (the article
# is dated 1970-01-01 or after its ingestion day, or the event itself is).
EVENT_DAYS_SQL = """
WITH docs AS (
    SELECT d.doc_id, d.ingested_at, CAST(d.ingested_at AS DATE) AS ingested, a.published,
           coalesce(a.url, d.url) AS url,
           lower(coalesce(nullif(trim(a.site), ''), nullif(trim(d.source), ''),
                 nullif(regexp_extract(coalesce(a.url, d.url), '^[A-Za-z][A-Za-z0-9+.-]*://(www[.])?([^/:?#]+)', 2), ''),
                 d.doc_id)) AS outlet
    FROM documents d LEFT JOIN articles a ON a.doc_id = d.doc_id),
stated AS (
    SELECT e.event_id, e.doc_id, e.type, e.cameo, e.goldstein, e.quad_class, e.confidence, e.sentence_index,
           e.actor_country, e.recipient_country, e.date, e.date_granularity, docs.ingested_at, docs.ingested,
           docs.published, docs.url, coalesce(docs.outlet, e.doc_id) AS outlet,
           coalesce(docs.published = DATE '1970-01-01' OR docs.published > docs.ingested + 1, false)
               AS bad_published,
           CASE e.date_granularity
               WHEN 'day' THEN try_cast(e.date AS DATE)
               WHEN 'month' THEN try_cast(e.date || '-01' AS DATE)
               WHEN 'year' THEN try_cast(e.date || '-01-01' AS DATE)
               WHEN 'month-day' THEN try_cast(CAST(year(docs.ingested) AS VARCHAR) || substr(e.date, 2) AS DATE)
           END AS stated_day
    FROM events e LEFT JOIN docs ON docs.doc_id = e.doc_id),
resolved AS (
    SELECT *, CASE WHEN date_granularity = 'month-day' AND stated_day > ingested + 7
                   THEN CAST(stated_day - INTERVAL 1 YEAR AS DATE) ELSE stated_day END AS resolved_day
    FROM stated),
checked AS (
    SELECT *, NOT bad_published AND resolved_day IS NOT NULL AND resolved_day <> DATE '1970-01-01'
              AND (ingested IS NULL OR resolved_day <= ingested + 1) AS plausible
    FROM resolved)
SELECT * EXCLUDE (stated_day, resolved_day, plausible),
       CASE WHEN plausible THEN resolved_day END AS day,
       CASE WHEN plausible THEN CASE date_granularity WHEN 'month' THEN 'month' WHEN 'year' THEN 'year'
                                ELSE 'day' END END AS precision
FROM checked
"""

# One row per event and (actor country, recipient country) pair, with that country's sectors.
DYAD_EVENTS_SQL = """
WITH ent AS (
    SELECT event_id, role, country,
           list_sort(list_distinct(flatten(list(coalesce(sector, []))))) AS sectors
    FROM event_entities WHERE country IS NOT NULL GROUP BY event_id, role, country)
SELECT x.event_id AS id, x.day, CAST(date_trunc('week', x.day) AS DATE) AS week,
       CAST(date_trunc('month', x.day) AS DATE) AS month, x.precision, a.country AS actor,
       a.sectors AS actor_sectors, r.country AS recipient, r.sectors AS recipient_sectors, x.type,
       x.quad_class, x.goldstein
FROM event_days x
JOIN ent a ON a.event_id = x.event_id AND a.role = 'actor'
JOIN ent r ON r.event_id = x.event_id AND r.role = 'recipient'
WHERE x.day IS NOT NULL
"""

# The same over clusters (one row per cluster and country pair; a cluster counts once however many reports).
DYAD_CLUSTERS_SQL = """
SELECT c.cluster_id AS id, c.event_date AS day, CAST(date_trunc('week', c.event_date) AS DATE) AS week,
       CAST(date_trunc('month', c.event_date) AS DATE) AS month, c.date_precision AS precision, a.actor,
       [split_part(s, '/', 2) FOR s IN c.actor_sector IF split_part(s, '/', 1) = a.actor] AS actor_sectors,
       r.recipient,
       [split_part(s, '/', 2) FOR s IN c.recipient_sector IF split_part(s, '/', 1) = r.recipient]
           AS recipient_sectors,
       c.type, c.quad_class, c.goldstein
FROM clusters c
CROSS JOIN LATERAL (SELECT unnest(c.actor_country) AS actor) a
CROSS JOIN LATERAL (SELECT unnest(c.recipient_country) AS recipient) r
WHERE c.event_date IS NOT NULL
"""

# Counts per period for every country dyad, type and QuadClass, over events and over clusters; ``period`` is
# the first day of the day, week (Monday) or month. Month-precise dates count only in monthly rows.
DYAD_SERIES_SQL = """
WITH base AS (
    SELECT 'events' AS over, * FROM dyad_events
    UNION ALL BY NAME
    SELECT 'clusters' AS over, * FROM dyad_clusters)
SELECT over, grain, CASE grain WHEN 'day' THEN day WHEN 'week' THEN week ELSE month END AS period, actor,
       recipient, type, quad_class, count(*) AS n, sum(goldstein) AS goldstein_sum,
       avg(goldstein) AS goldstein_mean
FROM base CROSS JOIN (VALUES ('day'), ('week'), ('month')) AS g(grain)
WHERE precision = 'day' OR (precision = 'month' AND grain = 'month')
GROUP BY ALL
"""

VIEWS = {
    "event_days": EVENT_DAYS_SQL,
    "dyad_events": DYAD_EVENTS_SQL,
    "dyad_clusters": DYAD_CLUSTERS_SQL,
    "dyad_series": DYAD_SERIES_SQL,
}

# Columns that schema 3 added to events, for files written by an older eventwire.
_EVENT_COLUMNS_SINCE_3 = {
    "historical": "BOOLEAN",
    "place_name": "VARCHAR",
    "place_country": "VARCHAR",
    "latitude": "DOUBLE",
    "longitude": "DOUBLE",
}

_EVENT_COLUMNS = [
    "event_id",
    "doc_id",
    "type",
    "mode",
    "context",
    "actor_country",
    "recipient_country",
    "date",
    "date_granularity",
    "sentence_index",
    "span_start",
    "span_end",
    "sentence",
    "trigger",
    "trigger_start",
    "trigger_end",
    "rule",
    "confidence",
    "cameo",
    "goldstein",
    "quad_class",
    "status",
    "speaker",
    "via",
    "explanation",
    "historical",
    "place_name",
    "place_country",
    "latitude",
    "longitude",
]


@dataclass(frozen=True, slots=True)
class DocumentRow:
    doc_id: str
    content_hash: str
    origin: str
    kind: str
    url: str | None
    source: str | None
    status: str  # coded, skipped
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class EventFilter:
    type: str | None = None
    actor: str | None = None
    recipient: str | None = None
    since: str | None = None
    until: str | None = None
    doc_id: str | None = None
    limit: int | None = None


class Store:
    """One writer connection to a DuckDB file."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"no database at {self.path}")
        if not read_only and not self.path.parent.exists():
            raise StoreError(f"cannot create database {self.path}: folder {self.path.parent} does not exist")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"cannot open database {self.path}: {str(exc).splitlines()[0]}") from None
        if not read_only:
            self._migrate()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        try:
            self.con.execute(_SCHEMA)
        except duckdb.Error as exc:
            raise StoreError(f"cannot write database {self.path}: {str(exc).splitlines()[0]}") from None
        for column, kind in _EVENT_COLUMNS_SINCE_3.items():  # a version 1 or 2 file gains them
            self.con.execute(f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {column} {kind}")
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema {row[0]}, newer than this eventwire ({SCHEMA_VERSION})")
        elif int(row[0]) < SCHEMA_VERSION:
            # older files only lack tables, which the CREATE ... IF NOT EXISTS above has just added
            self.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
        for name, sql in VIEWS.items():
            self.con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")

    # -- writing -------------------------------------------------------------------------------------------

    def seen(self, doc_ids: Iterable[str], hashes: Iterable[str]) -> set[str]:
        """The ids and content hashes among these that are already stored."""
        ids, digests = list(doc_ids), list(hashes)
        if not ids and not digests:
            return set()
        rows = self.con.execute(
            "SELECT doc_id, content_hash FROM documents WHERE doc_id IN (SELECT unnest(?)) "
            "OR content_hash IN (SELECT unnest(?))",
            [ids, digests],
        ).fetchall()
        return {value for row in rows for value in row}

    def write_batch(
        self,
        documents: Sequence[DocumentRow],
        articles: Sequence[Article],
        events: Sequence[Event],
        quarantined: Sequence[Quarantined],
    ) -> None:
        now = datetime.now(UTC).replace(tzinfo=None)
        self.con.execute("BEGIN TRANSACTION")
        try:
            if documents:
                self._append("documents", _documents_table(documents, now))
            if articles:
                self._append("articles", _articles_table(articles))
            if events:
                self._append("events", _events_table(events), _EVENT_COLUMNS)
                self._append("event_entities", _entities_table(events))
            if quarantined:
                self._append("quarantine", _quarantine_table(quarantined, now))
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def _append(self, table: str, data: pa.Table, columns: Sequence[str] | None = None) -> None:
        cols = ", ".join(columns or data.column_names)
        self.con.register("_batch", data)
        try:
            self.con.execute(f"INSERT OR IGNORE INTO {table} ({cols}) SELECT {cols} FROM _batch")
        finally:
            self.con.unregister("_batch")

    def load_parquet(self, files: Mapping[str, Path]) -> None:
        """Bulk-load one partition's Parquet files (table name -> file, as ``batch_tables`` lays them out)
        in one transaction; rows already stored are ignored, so loading a partition twice adds nothing."""
        unknown = set(files) - set(BATCH_TABLES)
        if unknown:
            raise StoreError(f"not a store table: {', '.join(sorted(unknown))}")
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table in BATCH_TABLES:
                if table in files:
                    self.con.execute(
                        f"INSERT OR IGNORE INTO {table} BY NAME SELECT * FROM read_parquet(?)",
                        [str(files[table])],
                    )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    # -- reading -------------------------------------------------------------------------------------------

    def events(self, where: EventFilter | None = None) -> list[dict[str, Any]]:
        where = where or EventFilter()
        clauses, params = [], []
        if where.type:
            clauses.append("e.type = ?")
            params.append(where.type.upper())
        if where.actor:
            clauses.append("list_contains(e.actor_country, ?)")
            params.append(where.actor.upper())
        if where.recipient:
            clauses.append("list_contains(e.recipient_country, ?)")
            params.append(where.recipient.upper())
        if where.since:
            clauses.append("replace(e.date, '--', '') >= ?")
            params.append(where.since)
        if where.until:
            clauses.append("e.date <= ?")
            params.append(where.until)
        if where.doc_id:
            clauses.append("e.doc_id = ?")
            params.append(where.doc_id)
        sql = "SELECT * FROM events e"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY e.doc_id, e.sentence_index, e.trigger_start"
        if where.limit:
            sql += " LIMIT ?"
            params.append(where.limit)
        rows = self._dicts(sql, params)
        return self._with_entities(rows)

    def event(self, event_id: str) -> dict[str, Any] | None:
        rows = self._with_entities(self._dicts("SELECT * FROM events WHERE event_id = ?", [event_id]))
        return rows[0] if rows else None

    def article(self, doc_id: str) -> dict[str, Any] | None:
        rows = self._dicts("SELECT * FROM articles WHERE doc_id = ?", [doc_id])
        return rows[0] if rows else None

    def quarantine(self) -> list[dict[str, Any]]:
        return self._dicts(
            "SELECT origin, doc_id, code, reason, quarantined_at FROM quarantine ORDER BY origin", []
        )

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "articles", "events", "quarantine"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def type_counts(self) -> list[tuple[str, int]]:
        return [
            (str(t), int(n))
            for t, n in self.con.execute(
                "SELECT type, count(*) FROM events GROUP BY type ORDER BY count(*) DESC, type"
            ).fetchall()
        ]

    def _dicts(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _with_entities(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not rows:
            return rows
        ids = [r["event_id"] for r in rows]
        found: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for event_id, role, text, country, sector, kind in self.con.execute(
            "SELECT event_id, role, text, country, sector, kind FROM event_entities "
            "WHERE event_id IN (SELECT unnest(?)) ORDER BY event_id, role, position",
            [ids],
        ).fetchall():
            found.setdefault((event_id, role), []).append(
                {"text": text, "country": country, "sector": list(sector or []), "kind": kind}
            )
        for row in rows:
            row["actor"] = found.get((row["event_id"], "actor"), [])
            row["recipient"] = found.get((row["event_id"], "recipient"), [])
            row["speaker"] = json.loads(row["speaker"]) if row.get("speaker") else None
        return rows


# The tables one batch writes, in load order; ``batch_tables`` gives each its store column types.
BATCH_TABLES = ("documents", "articles", "events", "event_entities", "quarantine")


def batch_tables(
    documents: Sequence[DocumentRow],
    articles: Sequence[Article],
    events: Sequence[Event],
    quarantined: Sequence[Quarantined],
    now: datetime | None = None,
) -> dict[str, pa.Table]:
    """One batch as Arrow tables typed like the store's tables (also the Parquet layout of a partitioned run)."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    return {
        "documents": _documents_table(documents, now),
        "articles": _articles_table(articles),
        "events": _events_table(events),
        "event_entities": _entities_table(events),
        "quarantine": _quarantine_table(quarantined, now),
    }


_DOCUMENTS_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("content_hash", pa.string()),
        ("origin", pa.string()),
        ("kind", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("status", pa.string()),
        ("reason", pa.string()),
        ("ingested_at", pa.timestamp("us")),
    ]
)
_QUARANTINE_SCHEMA = pa.schema(
    [
        ("qid", pa.string()),
        ("origin", pa.string()),
        ("doc_id", pa.string()),
        ("code", pa.string()),
        ("reason", pa.string()),
        ("quarantined_at", pa.timestamp("us")),
    ]
)


def _documents_table(rows: Sequence[DocumentRow], now: datetime) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "doc_id": r.doc_id,
                "content_hash": r.content_hash,
                "origin": r.origin,
                "kind": r.kind,
                "url": r.url,
                "source": r.source,
                "status": r.status,
                "reason": r.reason,
                "ingested_at": now,
            }
            for r in rows
        ],
        schema=_DOCUMENTS_SCHEMA,
    )


def _articles_table(rows: Sequence[Article]) -> pa.Table:
    schema = pa.schema(
        [
            ("doc_id", pa.string()),
            ("title", pa.string()),
            ("author", pa.string()),
            ("published", pa.date32()),
            ("site", pa.string()),
            ("url", pa.string()),
            ("language", pa.string()),
            ("text", pa.string()),
            ("removed_lines", pa.list_(pa.string())),
        ]
    )
    return pa.Table.from_pylist(
        [
            {
                "doc_id": a.doc_id,
                "title": a.title,
                "author": a.author,
                "published": a.published,
                "site": a.site,
                "url": a.url,
                "language": a.language,
                "text": a.text,
                "removed_lines": list(a.removed_lines),
            }
            for a in rows
        ],
        schema=schema,
    )


def _events_table(events: Sequence[Event]) -> pa.Table:
    records = []
    for e in events:
        records.append(
            {
                "event_id": e.event_id,
                "doc_id": e.doc_id,
                "type": e.type,
                "mode": e.mode,
                "context": list(e.context),
                "actor_country": sorted({x.country for x in e.actor if x.country}),
                "recipient_country": sorted({x.country for x in e.recipient if x.country}),
                "date": e.date,
                "date_granularity": e.date_granularity,
                "sentence_index": e.sentence_index,
                "span_start": e.span[0],
                "span_end": e.span[1],
                "sentence": e.sentence,
                "trigger": e.trigger,
                "trigger_start": e.trigger_span[0],
                "trigger_end": e.trigger_span[1],
                "rule": e.rule,
                "confidence": e.confidence,
                "cameo": e.cameo,
                "goldstein": e.goldstein,
                "quad_class": e.quad_class,
                "status": e.status,
                "speaker": json.dumps(e.speaker.as_dict()) if e.speaker else None,
                "via": e.via,
                "explanation": list(e.explanation),
                "historical": e.historical,
                "place_name": e.place.name if e.place else None,
                "place_country": e.place.country if e.place else None,
                "latitude": e.place.latitude if e.place else None,
                "longitude": e.place.longitude if e.place else None,
            }
        )
    schema = pa.schema(
        [
            (name, pa.list_(pa.string()))
            if name in {"context", "actor_country", "recipient_country", "explanation"}
            else (name, pa.int32())
            if name
            in {"sentence_index", "span_start", "span_end", "trigger_start", "trigger_end", "quad_class"}
            else (name, pa.float64())
            if name in {"confidence", "goldstein", "latitude", "longitude"}
            else (name, pa.bool_())
            if name == "historical"
            else (name, pa.string())
            for name in _EVENT_COLUMNS
        ]
    )
    return pa.Table.from_pylist(records, schema=schema)


def _entities_table(events: Sequence[Event]) -> pa.Table:
    records = []
    for e in events:
        for role, members in (("actor", e.actor), ("recipient", e.recipient)):
            for position, m in enumerate(members):
                records.append(
                    {
                        "event_id": e.event_id,
                        "role": role,
                        "position": position,
                        "text": m.text,
                        "country": m.country,
                        "sector": list(m.sector),
                        "kind": m.kind,
                        "how": m.how,
                    }
                )
    schema = pa.schema(
        [
            ("event_id", pa.string()),
            ("role", pa.string()),
            ("position", pa.int32()),
            ("text", pa.string()),
            ("country", pa.string()),
            ("sector", pa.list_(pa.string())),
            ("kind", pa.string()),
            ("how", pa.string()),
        ]
    )
    return pa.Table.from_pylist(records, schema=schema)


def _quarantine_table(rows: Sequence[Quarantined], now: datetime) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {
                "qid": content_id(f"{q.origin}|{q.code}"),
                "origin": q.origin,
                "doc_id": q.doc_id,
                "code": q.code,
                "reason": q.reason,
                "quarantined_at": now,
            }
            for q in rows
        ],
        schema=_QUARANTINE_SCHEMA,
    )
