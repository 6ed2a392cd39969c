"""API latency: p50/p95 of filtered event queries on a synthetic database of a million events.

    python benchmarks/api_latency.py [--events 1000000] [--requests 200] [--db FILE]

The database is created by ``Store`` (so the schema, indexes included, is the one eventwire writes) and
filled with bulk Arrow inserts: articles of twenty template sentences, each sentence one event between two
of 60 actor codes, dated over three years. The requests go through FastAPI's TestClient (the whole app:
validation, queries, JSON), mixing actor, dyad, type, date, text-search and confidence filters, sorts and
pages, each drawn at random from a fixed seed. It prints wall-clock p50/p95 per kind and overall, the machine's
load average (other work on the machine inflates wall-clock times), and the CPU time each request took.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
from fastapi.testclient import TestClient

from eventwire.model import content_id
from eventwire.ontology import PLOVER_TYPES
from eventwire.store import Store
from eventwire.web.app import create_app

CODES = (
    "RUS UKR USA CHN FRA DEU GBR TUR IRN ISR PSE SYR IRQ IND PAK AFG JPN KOR PRK POL BLR GEO ARM AZE MLI NER "
    "BFA SDN ETH SOM KEN NGA EGY LBY SAU YEM QAT ARE VEN COL BRA MEX CAN AUS IDN PHL VNM MMR THA TWN SRB KOS "
    "HUN ITA ESP IGO UNO EUR NGO IMG"
).split()
VERBS = {
    "AGREE": "agreed with",
    "CONSULT": "held talks with",
    "SUPPORT": "praised",
    "CONCEDE": "eased restrictions on",
    "COOPERATE": "signed a deal with",
    "AID": "sent aid to",
    "RETREAT": "withdrew troops from",
    "REQUEST": "urged",
    "ACCUSE": "accused",
    "REJECT": "rejected demands from",
    "THREATEN": "threatened",
    "PROTEST": "protested against",
    "SANCTION": "imposed sanctions on",
    "MOBILIZE": "deployed troops near",
    "COERCE": "detained citizens of",
    "ASSAULT": "shelled positions of",
}
QUAD = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 2,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 3,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}
TOPICS = (
    "the border",
    "grain exports",
    "the ceasefire",
    "energy prices",
    "the election",
    "the port",
    "refugees",
)
PER_ARTICLE = 20
START = date(2021, 1, 1)
DAYS = 3 * 365


def build(path: Path, n_events: int, seed: int = 7) -> None:
    """A database of ``n_events`` synthetic events in the schema ``Store`` creates."""
    rng = np.random.default_rng(seed)
    types = np.array(PLOVER_TYPES)
    n_articles = (n_events + PER_ARTICLE - 1) // PER_ARTICLE
    # Actor popularity follows a power law, as in real news: a few actors carry most events.
    weights = 1.0 / np.arange(1, len(CODES) + 1) ** 1.1
    weights /= weights.sum()
    actor = rng.choice(len(CODES), n_events, p=weights)
    recipient = (actor + 1 + rng.choice(len(CODES) - 1, n_events, p=_renorm(weights[1:]))) % len(CODES)
    kind = rng.integers(0, len(types), n_events)
    day = rng.integers(0, DAYS, n_articles)
    topic = rng.integers(0, len(TOPICS), n_events)
    confidence = np.round(rng.uniform(0.5, 0.95, n_events), 2)
    dates = [(START + timedelta(days=int(d))).isoformat() for d in day]

    sentences, span_start, span_end, trig_start, trig_end, texts = [], [], [], [], [], []
    for a in range(n_articles):
        offset, parts = 0, []
        for i in range(a * PER_ARTICLE, min(n_events, (a + 1) * PER_ARTICLE)):
            subject, verb = CODES[actor[i]], VERBS[types[kind[i]]]
            sentence = f"Officials of {subject} {verb} {CODES[recipient[i]]} over {TOPICS[topic[i]]}."
            start = len("Officials of ") + len(subject) + 1
            sentences.append(sentence)
            span_start.append(offset)
            span_end.append(offset + len(sentence))
            trig_start.append(offset + start)
            trig_end.append(offset + start + len(verb))
            parts.append(sentence)
            offset += len(sentence) + 1
        texts.append(" ".join(parts))

    doc_of = np.arange(n_events) // PER_ARTICLE
    # Ids are content hashes in real databases: random hex, so no zone map happens to help a lookup by id.
    doc_ids = [content_id(f"doc-{a}") for a in range(n_articles)]
    event_ids = [content_id(f"event-{i}") for i in range(n_events)]
    type_names = types[kind]
    goldstein = np.array([_GOLDSTEIN[t] for t in PLOVER_TYPES])[kind]
    events = pa.table(
        {
            "event_id": event_ids,
            "doc_id": pa.array(doc_ids).take(pa.array(doc_of)).cast(pa.string()),
            "type": type_names.tolist(),
            "mode": pa.nulls(n_events, pa.string()),
            "context": pa.array([[] for _ in range(n_events)], pa.list_(pa.string())),
            "actor_country": [[CODES[x]] for x in actor],
            "recipient_country": [[CODES[x]] for x in recipient],
            "date": pa.array(dates).take(pa.array(doc_of)),
            "date_granularity": pa.array(["day"] * n_events),
            "sentence_index": pa.array(np.arange(n_events) % PER_ARTICLE, pa.int32()),
            "span_start": pa.array(span_start, pa.int32()),
            "span_end": pa.array(span_end, pa.int32()),
            "sentence": sentences,
            "trigger": [VERBS[t] for t in type_names],
            "trigger_start": pa.array(trig_start, pa.int32()),
            "trigger_end": pa.array(trig_end, pa.int32()),
            "rule": pa.array(["synthetic"] * n_events),
            "confidence": confidence,
            "cameo": pa.array(["000"] * n_events),
            "goldstein": goldstein,
            "quad_class": pa.array([QUAD[t] for t in type_names], pa.int32()),
            "status": pa.array(["asserted"] * n_events),
            "speaker": pa.nulls(n_events, pa.string()),
            "via": pa.nulls(n_events, pa.string()),
            "explanation": pa.array([[] for _ in range(n_events)], pa.list_(pa.string())),
        }
    )
    entities = pa.table(
        {
            "event_id": event_ids + event_ids,
            "role": ["actor"] * n_events + ["recipient"] * n_events,
            "position": pa.array(np.zeros(2 * n_events), pa.int32()),
            "text": [f"Officials of {CODES[x]}" for x in actor] + [CODES[x] for x in recipient],
            "country": [CODES[x] for x in actor] + [CODES[x] for x in recipient],
            "sector": pa.array([["GOV"]] * (2 * n_events), pa.list_(pa.string())),
            "kind": pa.array(["country"] * (2 * n_events)),
            "how": pa.array(["synthetic"] * (2 * n_events)),
        }
    )
    articles = pa.table(
        {
            "doc_id": doc_ids,
            "title": [f"Synthetic article {a}" for a in range(n_articles)],
            "author": pa.nulls(n_articles, pa.string()),
            "published": pa.array([START + timedelta(days=int(d)) for d in day], pa.date32()),
            "site": pa.array(["Synthetic Wire"] * n_articles),
            "url": pa.nulls(n_articles, pa.string()),
            "language": pa.array(["en"] * n_articles),
            "text": texts,
            "removed_lines": pa.array([[] for _ in range(n_articles)], pa.list_(pa.string())),
        }
    )
    documents = pa.table(
        {
            "doc_id": doc_ids,
            "content_hash": doc_ids,
            "origin": pa.array(["synthetic"] * n_articles),
            "kind": pa.array(["text"] * n_articles),
            "status": pa.array(["coded"] * n_articles),
        }
    )
    with Store(path) as store:
        for name, table in (
            ("documents", documents),
            ("articles", articles),
            ("events", events),
            ("event_entities", entities),
        ):
            store.con.register("_bulk", table)
            cols = ", ".join(table.column_names)
            store.con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _bulk")
            store.con.unregister("_bulk")
        store.con.execute("CHECKPOINT")


_GOLDSTEIN = {
    "AGREE": 4.0,
    "CONSULT": 1.0,
    "SUPPORT": 3.4,
    "CONCEDE": 5.0,
    "COOPERATE": 6.0,
    "AID": 7.0,
    "RETREAT": 9.0,
    "REQUEST": -5.0,
    "ACCUSE": -2.0,
    "REJECT": -4.0,
    "THREATEN": -6.0,
    "PROTEST": -6.5,
    "SANCTION": -4.0,
    "MOBILIZE": -7.2,
    "COERCE": -5.0,
    "ASSAULT": -9.0,
}


def _renorm(weights: np.ndarray) -> np.ndarray:
    return weights / weights.sum()


def requests(n: int, seed: int = 11) -> list[tuple[str, dict[str, object]]]:
    """``n`` filtered event queries of the kinds the dashboard sends, drawn from a fixed seed."""
    rng = random.Random(seed)
    out: list[tuple[str, dict[str, object]]] = []
    for i in range(n):
        since = START + timedelta(days=rng.randrange(DAYS - 120))
        params: dict[str, object] = {"limit": 50}
        kind = ("actor", "dyad", "type-dates", "text", "confidence", "actor-page")[i % 6]
        if kind == "actor":
            params |= {"actor": rng.choice(CODES[:30])}
        elif kind == "dyad":
            params |= {
                "actor": rng.choice(CODES[:10]),
                "recipient": rng.choice(CODES[:10]),
                "both_directions": True,
            }
        elif kind == "type-dates":
            params |= {
                "type": rng.choice(PLOVER_TYPES),
                "since": since.isoformat(),
                "until": (since + timedelta(days=90)).isoformat(),
            }
        elif kind == "text":
            params |= {"q": rng.choice(TOPICS)}
            if i % 12 == 3:  # half the searches also name an actor
                params["actor"] = rng.choice(CODES[:20])
        elif kind == "confidence":
            params |= {"min_confidence": 0.9, "quad_class": rng.randint(1, 4), "sort": "confidence"}
        else:
            params |= {
                "actor": rng.choice(CODES[:5]),
                "offset": rng.randrange(0, 5000, 50),
                "sort": "goldstein",
            }
        out.append((kind, params))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--db", type=Path, help="Reuse (or build and keep) this database file.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "latency.duckdb"
        if not db.exists():
            started = time.perf_counter()
            build(db, args.events)
            print(f"built {args.events:,} events in {time.perf_counter() - started:.1f} s ({db})")
        app = create_app(db)
        started = time.perf_counter()
        app.state.db.index_ready.wait(120)  # the in-memory index (text search, series) is built at startup
        print(f"in-memory index ready after {time.perf_counter() - started:.1f} s")
        with TestClient(app) as client:
            client.get("/api/events", params={"limit": 1})  # warm up: first query loads the column data
            timings: dict[str, list[float]] = {}
            totals: list[float] = []
            cpu: list[
                float
            ] = []  # CPU time of the whole process (all DuckDB threads): what load cannot inflate
            for kind, params in requests(args.requests):
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get("/api/events", params=params)
                elapsed = (time.perf_counter() - started) * 1000
                cpu.append((time.process_time() - started_cpu) * 1000)
                response.raise_for_status()
                totals.append(elapsed)
                timings.setdefault(kind, []).append(elapsed)
        with Store(db, read_only=True) as store:
            count = store.counts()["events"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{len(totals)} filtered /api/events requests over {count:,} events ({os.cpu_count()} CPUs, load {load})"
    )
    for kind, values in timings.items():
        print(f"  {kind:<11} p50 {_pct(values, 50):6.1f} ms   p95 {_pct(values, 95):6.1f} ms")
    print(
        f"all         p50 {_pct(totals, 50):6.1f} ms   p95 {_pct(totals, 95):6.1f} ms   "
        f"max {max(totals):6.1f} ms   mean {statistics.fmean(totals):6.1f} ms"
    )
    print(
        f"CPU time    p50 {_pct(cpu, 50):6.1f} ms   p95 {_pct(cpu, 95):6.1f} ms   (all threads, per request)"
    )


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
