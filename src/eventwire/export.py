"""Exports: the GDELT 2.0 event table (one row per cluster), PLOVER JSONL, CSV and a Parquet dataset (per event).

Every export is deterministic: rows are sorted on stable keys and nothing in a file depends on when it was
written, so exporting the same database twice gives byte-identical files. A file is written beside its
target and renamed into place, so an existing file is never left half-written, and never replaced without
``force``. Clusters come from ``eventwire.aggregate``; bring them up to date before exporting.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from eventwire import __version__
from eventwire.errors import EventwireError
from eventwire.model import content_id
from eventwire.store import EVENT_DAYS_SQL, Store

FORMATS = ("gdelt", "plover", "csv", "parquet")

# The GDELT 2.0 Event Codebook's 61 columns, in file order (the files ship without a header).
_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)

# PLOVER codes that name no state: they go to GDELT's KnownGroupCode, not CountryCode.
NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
# PLOVER sector -> CAMEO type code where they differ (PLOVER renamed media and health; CAMEO has no PRM or SOC).
CAMEO_TYPE = {"JRN": "MED", "MED": "HLH", "PRM": "MIL", "SOC": "CVL", "UNK": "", "PRE": ""}

CSV_COLUMNS = (
    "id",
    "doc_id",
    "cluster_id",
    "date",
    "date_granularity",
    "type",
    "mode",
    "context",
    "actor",
    "actor_text",
    "recipient",
    "recipient_text",
    "cameo",
    "goldstein",
    "quad_class",
    "confidence",
    "trigger",
    "quote",
    "source",
    "url",
)


class ExportError(EventwireError):
    """The export target exists (without --force) or cannot be written."""

    code = "EW600"


@dataclass(frozen=True, slots=True)
class ExportSummary:
    format: str
    path: Path
    rows: int


def export(store: Store, fmt: str, out: str | Path, force: bool = False) -> ExportSummary:
    """Write the store's clusters (gdelt) or events (plover, csv, parquet) to ``out``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    out = Path(out)
    _check_target(out, fmt, force)
    if fmt == "gdelt":
        rows = gdelt_rows(store)
        return ExportSummary(fmt, out, _write_text(out, "".join(_tsv_line(r) for r in rows), len(rows)))
    records = event_records(store)
    if fmt == "plover":
        text = "".join(json.dumps(plover_record(r), ensure_ascii=False) + "\n" for r in records)
        return ExportSummary(fmt, out, _write_text(out, text, len(records)))
    if fmt == "csv":
        return ExportSummary(fmt, out, _write_text(out, _csv_text(records), len(records)))
    return ExportSummary(fmt, out, _write_parquet(out, records))


# -- targets -----------------------------------------------------------------------------------------------


def _check_target(out: Path, fmt: str, force: bool) -> None:
    parent = out.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {out}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"cannot write {out}: folder {parent} is not writable")
    if not out.exists() and not out.is_symlink():
        return
    if not force:
        raise ExportError(f"{out} exists: use --force to replace it")
    if fmt == "parquet":
        if not out.is_dir() or not _is_parquet_export(out):
            raise ExportError(f"refusing to replace {out}: it is not a Parquet dataset written by eventwire")
    elif not out.is_file():
        raise ExportError(f"cannot replace {out}: it is not a file")


def _is_parquet_export(folder: Path) -> bool:
    """Only ``year=...`` partition folders of .parquet files: safe to delete with --force."""
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if not parts[0].startswith("year="):
            return False
        if path.is_file() and path.suffix != ".parquet":
            return False
    return True


def _temp_path(out: Path) -> Path:
    return out.with_name(f".{out.name}.tmp-{os.getpid()}")


def _write_text(out: Path, text: str, rows: int) -> int:
    tmp = _temp_path(out)
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
    return rows


# -- GDELT -------------------------------------------------------------------------------------------------


def global_event_id(cluster_id: str) -> int:
    """A stable positive 60-bit integer for a cluster (GDELT ids are integers)."""
    return int(content_id(f"cluster|{cluster_id}")[:15], 16)


_COL = {name: i for i, name in enumerate(GDELT_COLUMNS)}

_GDELT_SQL = """
WITH ent AS (
    SELECT event_id, role, text, country, sector FROM event_entities
    WHERE event_id IN (SELECT best_event_id FROM clusters)
    QUALIFY row_number() OVER (PARTITION BY event_id, role ORDER BY country IS NULL, position) = 1)
SELECT c.cluster_id, coalesce(c.event_date, c.first_seen) AS day, c.cameo, c.quad_class, c.goldstein,
       c.num_mentions, c.num_sources, c.num_articles, c.is_root,
       strftime(c.date_added, '%Y%m%d%H%M%S') AS added, c.source_url,
       a.text, a.country, a.sector, r.text, r.country, r.sector
FROM clusters c
LEFT JOIN ent a ON a.event_id = c.best_event_id AND a.role = 'actor'
LEFT JOIN ent r ON r.event_id = c.best_event_id AND r.role = 'recipient'
"""


def gdelt_rows(store: Store) -> list[list[str]]:
    """One row of the 61 GDELT columns per cluster, by date then id."""
    rows = []
    for (
        cluster_id,
        day,
        cameo,
        quad,
        goldstein,
        mentions,
        sources,
        articles,
        is_root,
        added,
        url,
        *sides,
    ) in store.con.execute(_GDELT_SQL).fetchall():
        row = [""] * len(GDELT_COLUMNS)
        event_id = global_event_id(cluster_id)
        row[_COL["GLOBALEVENTID"]] = str(event_id)
        if day is not None:
            row[_COL["SQLDATE"]] = f"{day.year:04d}{day.month:02d}{day.day:02d}"
            row[_COL["MonthYear"]] = f"{day.year:04d}{day.month:02d}"
            row[_COL["Year"]] = str(day.year)
            # the codebook's formula: the year plus (MONTH * 30 + DAY) / 365
            row[_COL["FractionDate"]] = f"{day.year + (day.month * 30 + day.day) / 365:.4f}"
        _gdelt_actor(row, 1, *sides[:3])
        _gdelt_actor(row, 2, *sides[3:])
        code = cameo or ""
        row[_COL["IsRootEvent"]] = "1" if is_root else "0"
        row[_COL["EventCode"]], row[_COL["EventBaseCode"]], row[_COL["EventRootCode"]] = (
            code,
            code[:3],
            code[:2],
        )
        row[_COL["QuadClass"]] = str(quad)
        row[_COL["GoldsteinScale"]] = _number(goldstein)
        row[_COL["NumMentions"]] = str(mentions)
        row[_COL["NumSources"]] = str(sources)
        row[_COL["NumArticles"]] = str(articles)
        row[_COL["DATEADDED"]] = added or ""
        row[_COL["SOURCEURL"]] = _clean(url or "")
        rows.append((row[_COL["SQLDATE"]], event_id, row))
    rows.sort()
    return [r for _, _, r in rows]


def _gdelt_actor(
    row: list[str], number: int, text: str | None, country: str | None, sectors: list[str] | None
) -> None:
    """Fill ActorN's code, name, country or known-group code and up to three CAMEO type codes."""
    if text is None and country is None:
        return
    prefix = f"Actor{number}"
    types = [t for t in (CAMEO_TYPE.get(s, s) for s in sectors or ()) if t][:3]
    row[_COL[f"{prefix}Code"]] = (country or "") + "".join(types)
    row[_COL[f"{prefix}Name"]] = _clean(text or "").upper()
    if country in NON_STATE:
        row[_COL[f"{prefix}KnownGroupCode"]] = country
    elif country:
        row[_COL[f"{prefix}CountryCode"]] = country
    for i, code in enumerate(types, start=1):
        row[_COL[f"{prefix}Type{i}Code"]] = code


def _tsv_line(values: list[str]) -> str:
    return "\t".join(values) + "\n"  # free text was cleaned of tabs and breaks when the row was built


_BREAKS = str.maketrans({"\t": " ", "\r": " ", "\n": " "})


def _clean(value: str) -> str:
    """Tabs and line breaks would shift the columns: they become spaces."""
    return value.translate(_BREAKS)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}" if float(value).is_integer() else f"{value:g}"


# -- events: PLOVER, CSV, Parquet --------------------------------------------------------------------------


def event_records(store: Store) -> list[dict[str, Any]]:
    """Every event with its entities, article metadata, effective day and cluster, in a stable order."""
    cursor = store.con.execute(
        f"WITH event_days AS ({EVENT_DAYS_SQL}) "
        "SELECT e.event_id, e.doc_id, e.type, e.mode, e.context, e.date, e.date_granularity, "
        "e.sentence_index, e.span_start, e.span_end, e.sentence, e.trigger, e.confidence, e.cameo, "
        "e.goldstein, e.quad_class, e.speaker, e.via, x.day, x.ingested, x.url, "
        "coalesce(a.site, d.source) AS publication, a.title, a.language, m.cluster_id "
        "FROM events e LEFT JOIN event_days x ON x.event_id = e.event_id "
        "LEFT JOIN articles a ON a.doc_id = e.doc_id LEFT JOIN documents d ON d.doc_id = e.doc_id "
        "LEFT JOIN cluster_members m ON m.event_id = e.event_id "
        "ORDER BY e.doc_id, e.sentence_index, e.trigger_start, e.event_id"
    )
    names = [c[0] for c in cursor.description]
    records = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    members: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for event_id, role, text, country, sector in store.con.execute(
        "SELECT event_id, role, text, country, sector FROM event_entities ORDER BY event_id, role, position"
    ).fetchall():
        members.setdefault((event_id, role), []).append(
            {"text": text, "country": country, "sector": list(sector or [])}
        )
    for record in records:
        record["actor"] = members.get((record["event_id"], "actor"), [])
        record["recipient"] = members.get((record["event_id"], "recipient"), [])
    return records


def plover_record(r: dict[str, Any]) -> dict[str, Any]:
    """One event in PLOVER's JSON field names (manual, "Data Fields"); extra fields after them."""
    coder = f"eventwire {__version__}"
    return {
        "id": r["event_id"],
        "date": r["date"],
        "actor": [_plover_entity(e) for e in r["actor"]],
        "recipient": [_plover_entity(e) for e in r["recipient"]],
        "event": [r["type"]],
        "mode": [r["mode"]] if r["mode"] else [],
        "context": list(r["context"] or []),
        "event_text": [r["trigger"]],
        "quad_code": r["quad_class"],
        "event_scale": r["goldstein"],
        "link": r["cluster_id"],
        "text": r["sentence"],
        "text_info": {"sequence": r["sentence_index"], "start": r["span_start"], "end": r["span_end"]},
        "cite_info": {
            "citation": r["doc_id"],
            "url": r["url"],
            "title": r["title"],
            "publication": r["publication"],
            "language": r["language"],
            "coder": coder,
            "codebook": "PLOVER",
        },
        "coder": coder,
        "coded_date": _iso(r["ingested"]),
        "date_granularity": r["date_granularity"],
        "cameo": r["cameo"],
        "confidence": r["confidence"],
        "speaker": json.loads(r["speaker"]) if r["speaker"] else None,
        "via": r["via"],
    }


def _plover_entity(e: dict[str, Any]) -> dict[str, Any]:
    return {"code": e["country"], "sector": "".join(e["sector"]) or None, "entity_text": e["text"]}


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _codes(entities: list[dict[str, Any]]) -> list[str]:
    return [(e["country"] or "-") + ("/" + "/".join(e["sector"]) if e["sector"] else "") for e in entities]


def _flat(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": r["event_id"],
        "doc_id": r["doc_id"],
        "cluster_id": r["cluster_id"],
        "date": r["date"],
        "date_granularity": r["date_granularity"],
        "type": r["type"],
        "mode": r["mode"],
        "context": list(r["context"] or []),
        "actor": _codes(r["actor"]),
        "actor_text": [e["text"] for e in r["actor"]],
        "recipient": _codes(r["recipient"]),
        "recipient_text": [e["text"] for e in r["recipient"]],
        "cameo": r["cameo"],
        "goldstein": r["goldstein"],
        "quad_class": r["quad_class"],
        "confidence": r["confidence"],
        "trigger": r["trigger"],
        "quote": r["sentence"],
        "source": r["publication"],
        "url": r["url"],
    }


def _csv_text(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in records:
        flat = _flat(r)
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in flat.items()})
    return out.getvalue()


_PARQUET_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("doc_id", pa.string()),
        ("cluster_id", pa.string()),
        ("date", pa.string()),
        ("date_granularity", pa.string()),
        ("day", pa.date32()),
        ("type", pa.string()),
        ("mode", pa.string()),
        ("context", pa.list_(pa.string())),
        ("actor", pa.list_(pa.string())),
        ("actor_text", pa.list_(pa.string())),
        ("recipient", pa.list_(pa.string())),
        ("recipient_text", pa.list_(pa.string())),
        ("cameo", pa.string()),
        ("goldstein", pa.float64()),
        ("quad_class", pa.int32()),
        ("confidence", pa.float64()),
        ("trigger", pa.string()),
        ("quote", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("year", pa.int32()),
        ("month", pa.int32()),
    ]
)


def _write_parquet(out: Path, records: list[dict[str, Any]]) -> int:
    """A Hive-partitioned dataset (year=YYYY/month=M/part-0.parquet) by the event's day; undated events
    go to the __HIVE_DEFAULT_PARTITION__ folders."""
    rows = []
    for r in sorted(records, key=lambda r: (r["day"] or date.max, r["doc_id"], r["event_id"])):
        day = r["day"]
        rows.append(
            {
                **_flat(r),
                "day": day,
                "year": day.year if day else None,
                "month": day.month if day else None,
            }
        )
    table = pa.Table.from_pylist(rows, schema=_PARQUET_SCHEMA)
    partitioning = ds.partitioning(pa.schema([("year", pa.int32()), ("month", pa.int32())]), flavor="hive")
    tmp = _temp_path(out)
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    try:
        _remove(tmp)
        tmp.mkdir()
        ds.write_dataset(
            table,
            tmp,
            format="parquet",
            partitioning=partitioning,
            basename_template="part-{i}.parquet",
            use_threads=False,
            preserve_order=True,
            existing_data_behavior="overwrite_or_ignore",
        )
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
    except (OSError, pa.ArrowException) as exc:
        _remove(tmp)
        raise ExportError(f"cannot write {out}: {getattr(exc, 'strerror', None) or exc}") from None
    finally:
        _remove(old)
    return table.num_rows


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
