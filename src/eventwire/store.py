"""The DuckDB store: a versioned schema, bulk appends from Arrow, idempotent by id, parameterised reads.

Each batch (documents, their articles, events and entities, quarantine records) is written in one
transaction, so a run killed mid-way leaves whole documents or none and the next run resumes where it stopped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from eventwire.errors import StoreError
from eventwire.model import Article, Event, Quarantined, content_id

SCHEMA_VERSION = 1

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
    explanation VARCHAR[]);
CREATE TABLE IF NOT EXISTS event_entities (
    event_id VARCHAR, role VARCHAR, position INTEGER, text VARCHAR, country VARCHAR, sector VARCHAR[],
    kind VARCHAR, how VARCHAR, PRIMARY KEY (event_id, role, position));
CREATE TABLE IF NOT EXISTS quarantine (
    qid VARCHAR PRIMARY KEY, origin VARCHAR, doc_id VARCHAR, code VARCHAR, reason VARCHAR, quarantined_at TIMESTAMP);
"""

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
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self.con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif int(row[0]) > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema {row[0]}, newer than this eventwire ({SCHEMA_VERSION})")

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
        ]
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
            if name in {"confidence", "goldstein"}
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
        ]
    )
