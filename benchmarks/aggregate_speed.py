"""Time clustering, incremental updates, dyad series and the GDELT export on a generated database.

    python benchmarks/aggregate_speed.py [--events 100000] [--db PATH] [--seed 7]

The database is synthetic: documents from a few hundred outlets, each with a handful of events whose countries
follow a skewed (Zipf-like) distribution, so a few dyads are very busy, as in real news; dates spread over two
years, some dated only to the month, some undated; multi-country actors and missing recipients included. It
is written with the store's bulk Arrow appends (``Store.write_batch``), 20,000 events a transaction.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from eventwire.aggregate import series, update_clusters
from eventwire.export import export
from eventwire.model import Article, Entity, Event
from eventwire.store import DocumentRow, Store

COUNTRIES = ["RUS", "UKR", "USA", "CHN", "ISR", "PSE", "IRN", "GBR", "FRA", "DEU", "TUR", "SYR", "IND", "PAK"]
COUNTRIES += [
    "PRK",
    "KOR",
    "JPN",
    "SAU",
    "YEM",
    "EGY",
    "SDN",
    "ETH",
    "NGA",
    "MLI",
    "BRA",
    "VEN",
    "COL",
    "MEX",
]
COUNTRIES += ["UNO", "IGO", "EUR", "NGO", "AFG", "IRQ", "LBN", "POL", "BLR", "GEO", "ARM", "AZE"]
SECTORS = ["GOV", "MIL", "COP", "LEG", "REB", "CVL", "JUD"]
TYPES = [  # (type, CAMEO, Goldstein, QuadClass, weight)
    ("ACCUSE", "112", -2.0, 3, 14),
    ("CONSULT", "040", 1.0, 1, 12),
    ("ASSAULT", "190", -10.0, 4, 10),
    ("REQUEST", "100", -5.0, 3, 9),
    ("SUPPORT", "051", 3.4, 1, 8),
    ("AGREE", "030", 4.0, 1, 8),
    ("REJECT", "120", -4.0, 3, 7),
    ("COERCE", "173", -5.0, 4, 6),
    ("THREATEN", "130", -4.4, 3, 5),
    ("AID", "070", 7.0, 2, 5),
    ("PROTEST", "141", -6.5, 4, 4),
    ("SANCTION", "163", -8.0, 4, 4),
    ("COOPERATE", "060", 6.0, 2, 3),
    ("MOBILIZE", "150", -7.2, 4, 2),
    ("CONCEDE", "080", 5.0, 2, 2),
    ("RETREAT", "084", 7.0, 2, 1),
]
START = date(2023, 1, 1)
T = TypeVar("T")


def generate(
    db: Path, n_events: int, seed: int, prefix: str = "doc", start: date = START, days: int = 730
) -> tuple[int, int]:
    """Add about ``n_events`` events (and their documents and articles) published over ``days`` days from
    ``start``; returns (documents, events)."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(COUNTRIES))]
    type_weights = [t[4] for t in TYPES]
    outlets = [f"outlet-{i:03d}" for i in range(300)]

    def side(p_empty: float) -> tuple[Entity, ...]:
        if rng.random() < p_empty:
            return ()
        count = 2 if rng.random() < 0.05 else 1
        picked = set(rng.choices(COUNTRIES, weights, k=count))
        return tuple(
            Entity(c, c, (rng.choice(SECTORS),) if rng.random() < 0.4 else (), "country")
            for c in sorted(picked)
        )

    docs: list[DocumentRow] = []
    articles: list[Article] = []
    events: list[Event] = []
    written = n_docs = 0
    with Store(db) as store:
        while written + len(events) < n_events:
            doc_id = f"{prefix}-{n_docs:07d}"
            n_docs += 1
            published = start + timedelta(days=rng.randrange(days))
            outlet = rng.choice(outlets)
            docs.append(
                DocumentRow(
                    doc_id,
                    f"h{doc_id}",
                    f"{doc_id}.txt",
                    "text",
                    f"https://{outlet}.example/{doc_id}",
                    outlet,
                    "coded",
                )
            )
            articles.append(Article(doc_id, "generated", published=published, site=outlet))
            for i in range(rng.randint(1, 7)):
                kind, cameo, goldstein, quad, _ = rng.choices(TYPES, type_weights)[0]
                roll = rng.random()
                if roll < 0.95:
                    when, granularity = (published - timedelta(days=rng.randint(0, 2))).isoformat(), "day"
                elif roll < 0.97:
                    when, granularity = published.isoformat()[:7], "month"
                else:
                    when, granularity = None, None
                events.append(
                    Event(
                        event_id=f"{doc_id}-{i}",
                        doc_id=doc_id,
                        type=kind,
                        mode=None,
                        context=(),
                        actor=side(0.03),
                        recipient=side(0.15),
                        date=when,
                        date_granularity=granularity,
                        sentence_index=i,
                        span=(0, 50),
                        sentence="generated",
                        trigger="generated",
                        trigger_span=(0, 9),
                        rule="bench",
                        confidence=rng.choice([0.6, 0.7, 0.75, 0.85]),
                        cameo=cameo,
                        goldstein=goldstein,
                        quad_class=quad,
                    )
                )
            if len(events) >= 20_000:
                store.write_batch(docs, articles, events, [])
                written += len(events)
                docs, articles, events = [], [], []
        if events:
            store.write_batch(docs, articles, events, [])
            written += len(events)
    return n_docs, written


def quality() -> None:
    """How the matching rules and the near-duplicate threshold behave on the written test corpus."""
    import json

    from eventwire.aggregate import ClusterRules, cluster_members
    from eventwire.dedup import signature
    from eventwire.runner import code_paths

    corpus = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "one_story_five_outlets.jsonl"
    records = {r["id"]: r for r in map(json.loads, corpus.read_text(encoding="utf-8").splitlines())}
    story = {k for k in records if k.startswith("story-")}
    print("near-duplicates: estimated Jaccard similarity of 5-word shingles (threshold 0.7)")
    base = records["story-andean"]["text"]
    words = base.split()

    def replaced(share: float) -> str:
        step = round(1 / share)
        return " ".join("changed" if i % step == 0 else w for i, w in enumerate(words))

    variants = {
        "re-post with a credit line": base + "\n\nThis story was first published by Andean Wire.",
        "re-post with a new headline": "Border clash: Peru shells Ecuadorian town\n\n" + base,
        "first paragraph dropped": base.split("\n\n", 1)[1],
        "every 10th word changed": replaced(0.1),
        "every 5th word changed": replaced(0.2),
    }
    for label, text in variants.items():
        print(f"  {label:<40} {signature(base).jaccard(signature(text)):.2f}")
    pairs = [(a, b) for a in sorted(story) for b in sorted(story) if a < b]
    closest = max(signature(records[a]["text"]).jaccard(signature(records[b]["text"])) for a, b in pairs)
    print(f"  {'closest two tellings by different outlets':<40} {closest:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.duckdb"
        code_paths([corpus], db)
        print("clusters on the corpus: main events found as one 5-source cluster (of 3), impure clusters")
        variants_rules = {f"every type {w} day(s)": dict.fromkeys(WINDOWS_TYPES, w) for w in (0, 1, 3, 7)}
        variants_rules["by type (WINDOW_DAYS)"] = None
        with Store(db) as store:
            docs = dict(store.con.execute("SELECT event_id, doc_id FROM events").fetchall())
            for label, windows in variants_rules.items():
                rules = ClusterRules(windows=windows) if windows is not None else ClusterRules()
                update_clusters(store, rebuild=True, rules=rules)
                found = 0
                for kind, actor, recipient in (
                    ("ASSAULT", "PER", "ECU"),
                    ("ACCUSE", "ECU", "PER"),
                    ("SANCTION", "ECU", "PER"),
                ):
                    best = store.con.execute(
                        "SELECT max(num_sources) FROM clusters WHERE type = ? AND list_contains(actor_country, ?) "
                        "AND list_contains(recipient_country, ?)",
                        [kind, actor, recipient],
                    ).fetchall()[0][0]
                    found += best == 5
                members = cluster_members(store)
                impure = sum(
                    1
                    for ids in members.values()
                    if len({docs[e] for e in ids}) > 1 and not {docs[e] for e in ids} <= story
                )
                print(f"  {label:<40} {found}/3   {len(members)} clusters, {impure} impure")


WINDOWS_TYPES = [t[0] for t in TYPES]


def timed(label: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label:<52} {time.perf_counter() - started:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None, help="keep the database here (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quality", action="store_true", help="also measure matching on the test corpus")
    args = parser.parse_args()
    if args.quality:
        quality()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        n_docs, n_events = timed(
            f"generate {args.events:,} events (bulk Arrow appends)", generate, db, args.events, args.seed
        )
        print(f"  {n_docs:,} documents, {n_events:,} events")
        with Store(db) as store:
            summary = timed("cluster all events (first run)", update_clusters, store)
            print(
                f"  {summary.clusters:,} clusters from {summary.events:,} events ({summary.undated:,} undated)"
            )
            timed("cluster again, nothing new", update_clusters, store)
        # a day's news: 1,000 new events from the last week, then 1,000 spread over the two years
        for prefix, start, days in (("recent", START + timedelta(days=723), 7), ("backfill", START, 730)):
            generate(db, 1_000, args.seed + len(prefix), prefix, start, days)
            with Store(db) as store:
                summary = timed(f"cluster 1,000 new events ({prefix}, incremental)", update_clusters, store)
            print(f"  {summary.blocks:,} blocks recomputed, {summary.replaced:,} clusters replaced")
        with Store(db) as store:
            timed("cluster all events again (--rebuild)", update_clusters, store, rebuild=True)
            for by in ("day", "week", "month"):
                rows = timed(f"series RUS -> UKR by {by}, over events", series, store, "RUS", "UKR", by=by)
            print(f"  {len(rows)} rows by month")
            rows = timed(
                "series RUS -> UKR by week, over clusters", series, store, "RUS", "UKR", over="clusters"
            )
            print(f"  {len(rows)} rows")
            timed(
                "dyad_series view: every dyad by week (all rows)",
                lambda: store.con.execute(
                    "SELECT count(*) FROM dyad_series WHERE grain = 'week' AND over = 'events'"
                ).fetchall(),
            )
            timed("export gdelt (one row per cluster)", export, store, "gdelt", Path(tmp) / "gdelt.tsv")


if __name__ == "__main__":
    main()
