"""Across reports: the events that several articles tell become one cluster; dyad time series over either.

How events are matched (docs/aggregate.md gives the reasons and the measurements):

1. **Blocks.** An event belongs to one block per (actor country, recipient country) pair it names; the block
   key is (type family, date class, actor country, recipient country). An event that names no country on
   either side is left alone (a cluster of one): "unknown gunmen attacked" says too little to merge.
2. **Date class.** Events dated to the day share the class "" and are compared by day. Events dated only to
   a month or a year fall in that month or year's class, and undated events (or events of an article dated
   1970-01-01 or after its ingestion day) in the class of their ingestion day; within such a class the date
   does not separate events.
3. **Anchored windows.** In each block, events are taken in canonical order (day, event id). An event joins
   the oldest open cluster of the block whose anchor (first event) is at most ``window`` days earlier and
   whose sectors agree (where both name sectors for that country, they share one); otherwise it anchors a new
   cluster. A block's cluster therefore spans at most ``window`` days: daily accusations make a cluster per
   window, not one chain across months. Windows depend on the type (``WINDOW_DAYS``).
4. **Links.** An event in several blocks (say actor {RUS, BLR}) joins their clusters; the clusters are the
   connected components of these links. A cluster's id is its smallest member event id.

Every step depends only on the set of events, never on the order they were coded in, so coding a corpus in
any order, in one run or many, gives the same clusters. ``update_clusters`` is incremental: in the blocks that
received new events it places again only the events from the first new one's day on, and rebuilds only the
clusters that hold them.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

import pyarrow as pa

from eventwire.errors import EventwireError
from eventwire.store import DYAD_CLUSTERS_SQL, DYAD_EVENTS_SQL, EVENT_DAYS_SQL, Store

# Days between a cluster's first event and the last that may join it. Material acts are dated in the text
# ("on Sunday"), so reports agree to a day (time zones, "yesterday" in a report filed after midnight). Verbal
# acts are often reported without a date and take the publication date, which lags the statement by up to
# a few days, and the same statement is re-reported over them.
WINDOW_DAYS: dict[str, int] = {
    "ASSAULT": 1,
    "COERCE": 1,
    "PROTEST": 1,
    "MOBILIZE": 2,
    "SANCTION": 2,
    "AID": 2,
    "RETREAT": 2,
    "CONCEDE": 2,
    "COOPERATE": 2,
    "CONSULT": 2,
    "AGREE": 3,
    "SUPPORT": 3,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
}
DEFAULT_WINDOW = 1

# Types that may report the same happening. Empty by default: each PLOVER type is its own family (see
# docs/aggregate.md for why even ASSAULT and COERCE stay apart); a caller may pass e.g. {"COERCE": "ASSAULT"}.
FAMILIES: dict[str, str] = {}

GRAINS = ("day", "week", "month")
OVER = ("events", "clusters")


@dataclass(frozen=True, slots=True)
class ClusterRules:
    """What may merge: type families and the window in days per family."""

    windows: Mapping[str, int] = field(default_factory=lambda: dict(WINDOW_DAYS))
    families: Mapping[str, str] = field(default_factory=lambda: dict(FAMILIES))
    default_window: int = DEFAULT_WINDOW

    def family(self, event_type: str) -> str:
        return self.families.get(event_type, event_type)

    def window(self, family: str) -> int:
        return self.windows.get(family, self.default_window)


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """What an update did."""

    new_events: int  # events not in any cluster before
    blocks: int  # blocks recomputed
    replaced: int  # clusters removed because their events were regrouped
    written: int  # clusters written
    clusters: int  # clusters in the store afterwards
    events: int  # events in the store
    undated: int  # events among the regrouped ones with no usable day (clustered by ingestion day)
    seconds: float


@dataclass(frozen=True, slots=True)
class Party:
    """One side of a dyad: a country code (PLOVER: ISO alpha-3 or IGO, UNO, ...) and optionally a sector."""

    country: str
    sector: str | None = None

    @classmethod
    def parse(cls, text: str) -> Party:
        """``RUS`` or ``RUS/GOV`` (not ``RUSGOV``, which cannot be told from a misspelt name)."""
        country, _, sector = text.strip().upper().partition("/")
        if (
            len(country) != 3
            or not country.isalpha()
            or (sector and (len(sector) != 3 or not sector.isalpha()))
        ):
            raise EventwireError(f"not a country or country/sector code: {text!r} (e.g. RUS or RUS/GOV)")
        return cls(country, sector or None)

    def __str__(self) -> str:
        return f"{self.country}/{self.sector}" if self.sector else self.country


@dataclass(frozen=True, slots=True)
class SeriesRow:
    """Counts of one dyad's events (or clusters) of one type in one period (the period's first day)."""

    period: date
    type: str
    quad_class: int
    count: int
    goldstein_sum: float
    goldstein_mean: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.isoformat(),
            "type": self.type,
            "quad_class": self.quad_class,
            "count": self.count,
            "goldstein_sum": self.goldstein_sum,
            "goldstein_mean": self.goldstein_mean,
        }


class _Rec(NamedTuple):
    event_id: str
    type: str
    day: date | None
    precision: str | None
    ingested: date | None
    doc_id: str
    confidence: float
    cameo: str
    actors: dict[str, frozenset[str]]  # country -> sectors named for it
    recipients: dict[str, frozenset[str]]


class _Slot(NamedTuple):
    ordinal: int
    event_id: str
    actor_sectors: frozenset[str]
    recipient_sectors: frozenset[str]


# -- clustering ------------------------------------------------------------------------------------------


def update_clusters(store: Store, rebuild: bool = False, rules: ClusterRules | None = None) -> ClusterSummary:
    """Bring the store's clusters up to date with its events (all of them again with ``rebuild``).

    Only what new events can change is redone: in each block they fall in, the events from the day of the
    first new one on are placed again, starting from the clusters still open on that day (anchored less
    than a window before it); then the clusters holding any of those events are rebuilt from their links.
    The result is the same as a rebuild (the tests compare them), because the greedy pass in canonical
    order never looks back more than a window.
    """
    rules = rules or ClusterRules()
    started = time.perf_counter()
    con = store.con
    if rebuild:
        con.execute("BEGIN TRANSACTION")
        for table in ("clusters", "cluster_members", "cluster_blocks"):
            con.execute(f"DELETE FROM {table}")
        con.execute("COMMIT")
    new_ids = _column(con.execute("SELECT event_id FROM events ANTI JOIN cluster_members USING (event_id)"))
    if not new_ids:
        return _summary(store, ClusterSummary(0, 0, 0, 0, 0, 0, 0, 0.0), started)
    records = _load(store, None if rebuild else new_ids)
    slots = {event_id: _blocks(rec, rules) for event_id, rec in records.items()}
    first_new: dict[str, int] = {}  # block -> ordinal of its first new event
    for event_slots in slots.values():
        for key, slot in event_slots.items():
            first_new[key] = min(first_new.get(key, slot.ordinal), slot.ordinal)
    cuts = pa.table(
        {
            "block": pa.array(list(first_new), pa.string()),
            "first_new": pa.array(list(first_new.values()), pa.int32()),
            "cut": pa.array([o - _block_window(k, rules) for k, o in first_new.items()], pa.int32()),
        }
    )
    stored: list[tuple[str, str, str, int]] = []  # (block, event, anchor, ordinal) from the open window on
    old_clusters: list[str] = []
    if not rebuild:
        with _registered(store, "_ew_cuts", cuts):
            stored = [
                (str(b), str(e), str(a), int(o))
                for b, e, a, o in con.execute(
                    "SELECT b.block, b.event_id, b.anchor_event_id, b.ordinal FROM cluster_blocks b "
                    "JOIN _ew_cuts c ON c.block = b.block AND b.ordinal >= c.cut"
                ).fetchall()
            ]
        with _registered(store, "_ew_ids", {"event_id": sorted({row[1] for row in stored})}):
            old_clusters = _column(
                con.execute(
                    "SELECT DISTINCT cluster_id FROM cluster_members "
                    "WHERE event_id IN (SELECT event_id FROM _ew_ids)"
                )
            )
        with _registered(store, "_ew_clusters", {"cluster_id": old_clusters}):
            regrouped = _column(
                con.execute(
                    "SELECT event_id FROM cluster_members "
                    "WHERE cluster_id IN (SELECT cluster_id FROM _ew_clusters)"
                )
            )
        more = _load(store, sorted(set(regrouped) - set(records)))
        records.update(more)
        slots.update({event_id: _blocks(rec, rules) for event_id, rec in more.items()})
    groups = _replay(first_new, stored, slots, rules)
    kept = [] if rebuild else _kept_groups(store, sorted(records), first_new)
    components = _components(records, [*groups, *kept])
    _write(store, cuts, groups, old_clusters, components, records)
    undated = sum(1 for rec in records.values() if rec.day is None)
    partial = ClusterSummary(
        len(new_ids), len(first_new), len(old_clusters), len(components), 0, 0, undated, 0.0
    )
    return _summary(store, partial, started)


def _replay(
    first_new: Mapping[str, int],
    stored: list[tuple[str, str, str, int]],
    slots: Mapping[str, Mapping[str, _Slot]],
    rules: ClusterRules,
) -> list[tuple[str, str, str, int]]:
    """Place again, block by block, every event from the block's first new event on."""
    placed: dict[str, list[_Slot]] = defaultdict(list)
    still_open: dict[str, list[_Slot]] = defaultdict(list)
    for block, event_id, anchor, ordinal in stored:
        slot = slots[event_id].get(block)
        if slot is None:  # stored by other rules (types merged differently, say)
            raise EventwireError(
                "the clusters were built with other rules: run `eventwire cluster --rebuild`"
            )
        if ordinal >= first_new[block]:
            placed[block].append(slot)
        elif anchor == event_id:  # a cluster anchored within a window before: new events may join it
            still_open[block].append(slot)
    for event_slots in slots.values():
        for block, slot in event_slots.items():
            if block in first_new and slot.ordinal >= first_new[block]:
                placed[block].append(slot)
    out = []
    for block in sorted(placed):
        window = _block_window(block, rules)
        unique = sorted(set(placed[block]))
        for slot, anchor in _cluster_block(unique, window, sorted(still_open[block])):
            out.append((block, slot.event_id, anchor, slot.ordinal))
    return out


def _kept_groups(
    store: Store, event_ids: list[str], first_new: Mapping[str, int]
) -> list[tuple[str, str, str, int]]:
    """The stored block groups of these events that were not placed again."""
    with _registered(store, "_ew_ids", {"event_id": event_ids}):
        rows = store.con.execute(
            "SELECT block, event_id, anchor_event_id, ordinal FROM cluster_blocks "
            "WHERE event_id IN (SELECT event_id FROM _ew_ids)"
        ).fetchall()
    return [(str(b), str(e), str(a), int(o)) for b, e, a, o in rows if b not in first_new or o < first_new[b]]


def _summary(store: Store, partial: ClusterSummary, started: float) -> ClusterSummary:
    clusters = _scalar(store.con.execute("SELECT count(*) FROM clusters"))
    events = _scalar(store.con.execute("SELECT count(*) FROM events"))
    return ClusterSummary(
        partial.new_events,
        partial.blocks,
        partial.replaced,
        partial.written,
        clusters,
        events,
        partial.undated,
        time.perf_counter() - started,
    )


def _load(store: Store, ids: list[str] | None) -> dict[str, _Rec]:
    """The clustering view of these events (all events when ``ids`` is None)."""
    con = store.con
    where = "" if ids is None else "WHERE event_id IN (SELECT event_id FROM _ew_ids)"
    with _registered(store, "_ew_ids", {"event_id": ids or []}):
        events = con.execute(
            "SELECT event_id, type, day, precision, ingested, doc_id, confidence, cameo FROM event_days "
            + where
        ).fetchall()
        entities = con.execute(
            "SELECT event_id, role, country, sector FROM event_entities "
            + (where + " AND " if where else "WHERE ")
            + "country IS NOT NULL"
        ).fetchall()
    sides: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for event_id, role, country, sector in entities:
        sides[(event_id, role)][country].update(sector or ())
    out: dict[str, _Rec] = {}
    for event_id, type_, day, precision, ingested, doc_id, confidence, cameo in events:
        actors = sides.get((event_id, "actor"), {})
        recipients = sides.get((event_id, "recipient"), {})
        out[event_id] = _Rec(
            event_id,
            type_,
            day,
            precision,
            ingested,
            doc_id,
            float(confidence or 0.0),
            str(cameo or ""),
            {c: frozenset(s) for c, s in actors.items()},
            {c: frozenset(s) for c, s in recipients.items()},
        )
    return out


def _blocks(rec: _Rec, rules: ClusterRules) -> dict[str, _Slot]:
    """The event's block keys, each with the event's place in that block."""
    if not rec.actors and not rec.recipients:
        return {}
    if rec.day is not None and rec.precision == "day":
        period, ordinal = "", rec.day.toordinal()
    elif rec.day is not None and rec.precision == "month":
        period, ordinal = "M" + rec.day.isoformat()[:7], 0
    elif rec.day is not None and rec.precision == "year":
        period, ordinal = "Y" + rec.day.isoformat()[:4], 0
    else:  # undated: only events ingested the same day (or, lacking that, of the same article) may merge
        period, ordinal = "U" + (rec.ingested.isoformat() if rec.ingested else "doc:" + rec.doc_id), 0
    prefix = f"{rules.family(rec.type)}|{period}|"
    empty: frozenset[str] = frozenset()
    return {
        f"{prefix}{actor}|{recipient}": _Slot(
            ordinal, rec.event_id, rec.actors.get(actor, empty), rec.recipients.get(recipient, empty)
        )
        for actor in (rec.actors or {"": empty})
        for recipient in (rec.recipients or {"": empty})
    }


def _block_window(key: str, rules: ClusterRules) -> int:
    family, period, _, _ = key.split("|")
    return rules.window(family) if period == "" else 0


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def _cluster_block(
    slots: list[_Slot], window: int, anchors: list[_Slot] | None = None
) -> list[tuple[_Slot, str]]:
    """(slot, anchor event id) for every event of one block, by anchored windows in canonical order;
    ``anchors`` are clusters already open (anchored earlier), in canonical order."""
    anchors = list(anchors or [])
    first_open = 0
    out: list[tuple[_Slot, str]] = []
    for slot in sorted(slots):
        while first_open < len(anchors) and slot.ordinal - anchors[first_open].ordinal > window:
            first_open += 1
        for anchor in anchors[first_open:]:
            if _agree(slot.actor_sectors, anchor.actor_sectors) and _agree(
                slot.recipient_sectors, anchor.recipient_sectors
            ):
                out.append((slot, anchor.event_id))
                break
        else:
            anchors.append(slot)
            out.append((slot, slot.event_id))
    return out


def _components(records: Mapping[str, _Rec], groups: Iterable[tuple[str, str, str, int]]) -> list[list[str]]:
    """Connected components of the events linked through their block groups, each sorted."""
    parent = {event_id: event_id for event_id in records}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, event_id, anchor, _ in groups:
        if event_id in parent and anchor in parent:
            a, b = find(event_id), find(anchor)
            if a != b:
                parent[max(a, b)] = min(a, b)
    found: dict[str, list[str]] = defaultdict(list)
    for event_id in sorted(records):
        found[find(event_id)].append(event_id)
    return sorted(found.values())


def _cluster_info(
    component: list[str], records: Mapping[str, _Rec]
) -> tuple[str, date | None, str | None, str]:
    """(cluster id, event date, its precision, best evidence) of one component."""
    if len(component) == 1:  # most clusters: one report
        rec = records[component[0]]
        return rec.event_id, rec.day, rec.precision if rec.day else None, rec.event_id
    recs = [records[e] for e in component]
    dated = [r for r in recs if r.day is not None]
    if dated:
        # the day most reports give, the earliest on a tie; a misdated outlier does not move it
        counts = Counter(r.day for r in dated)
        day = min(counts, key=lambda d: (-counts[d], d))
        precision = dated[0].precision
    else:
        day, precision = None, None
    # best evidence: the most confident report, on a tie the one whose CAMEO code most reports give
    codes = Counter(r.cameo for r in recs)
    best = min(recs, key=lambda r: (-r.confidence, -codes[r.cameo], r.day or date.max, r.event_id))
    return component[0], day, precision, best.event_id


_CLUSTER_ROWS_SQL = """
WITH mem AS (
    SELECT i.cluster_id, x.* FROM _ew_members i JOIN event_days x ON x.event_id = i.event_id),
arts AS (
    SELECT cluster_id, doc_id, any_value(outlet) AS outlet, any_value(url) AS url,
           min(ingested_at) AS ingested_at,
           any_value(coalesce(CASE WHEN NOT bad_published THEN published END, ingested)) AS seen
    FROM mem GROUP BY cluster_id, doc_id),
by_article AS (
    SELECT cluster_id, count(*) AS num_articles, count(DISTINCT outlet) AS num_sources,
           min(seen) AS first_seen, max(seen) AS last_seen, min(ingested_at) AS date_added,
           arg_min(url, struct_pack(s := coalesce(seen, DATE '9999-12-31'), d := doc_id))
               FILTER (WHERE url IS NOT NULL) AS source_url
    FROM arts GROUP BY cluster_id),
by_event AS (
    SELECT cluster_id, count(*) AS num_mentions,
           list_sort(list_distinct(flatten(list(actor_country)))) AS actor_country,
           list_sort(list_distinct(flatten(list(recipient_country)))) AS recipient_country,
           coalesce(bool_or(sentence_index = 0), false) AS is_root
    FROM mem GROUP BY cluster_id),
sectors AS (
    SELECT i.cluster_id, en.role, list_sort(list_distinct(list(en.country || '/' || s.sector))) AS codes
    FROM _ew_members i JOIN event_entities en ON en.event_id = i.event_id
    CROSS JOIN LATERAL (SELECT unnest(en.sector) AS sector) s
    WHERE en.country IS NOT NULL GROUP BY i.cluster_id, en.role)
SELECT info.cluster_id, b.type, b.cameo, b.goldstein, b.quad_class, ev.actor_country, ev.recipient_country,
       coalesce(sa.codes, []) AS actor_sector, coalesce(sr.codes, []) AS recipient_sector, info.event_date,
       info.date_precision, ar.first_seen, ar.last_seen, ev.num_mentions, ar.num_articles, ar.num_sources,
       info.best_event_id, ar.source_url, ar.date_added, ev.is_root
FROM _ew_info info
JOIN by_event ev ON ev.cluster_id = info.cluster_id
JOIN by_article ar ON ar.cluster_id = info.cluster_id
JOIN events b ON b.event_id = info.best_event_id
LEFT JOIN sectors sa ON sa.cluster_id = info.cluster_id AND sa.role = 'actor'
LEFT JOIN sectors sr ON sr.cluster_id = info.cluster_id AND sr.role = 'recipient'
"""


def _write(
    store: Store,
    cuts: pa.Table,
    groups: list[tuple[str, str, str, int]],
    old_clusters: list[str],
    components: list[list[str]],
    records: Mapping[str, _Rec],
) -> None:
    infos = [_cluster_info(c, records) for c in components]
    member_rows = {
        "cluster_id": [info[0] for info, c in zip(infos, components, strict=True) for _ in c],
        "event_id": [e for c in components for e in c],
    }
    info_table = pa.table(
        {
            "cluster_id": pa.array([i[0] for i in infos], pa.string()),
            "event_date": pa.array([i[1] for i in infos], pa.date32()),
            "date_precision": pa.array([i[2] for i in infos], pa.string()),
            "best_event_id": pa.array([i[3] for i in infos], pa.string()),
        }
    )
    block_rows = pa.table(
        {
            "block": pa.array([g[0] for g in groups], pa.string()),
            "event_id": pa.array([g[1] for g in groups], pa.string()),
            "anchor_event_id": pa.array([g[2] for g in groups], pa.string()),
            "ordinal": pa.array([g[3] for g in groups], pa.int32()),
        }
    )
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        with (
            _registered(store, "_ew_cuts", cuts),
            _registered(store, "_ew_new_blocks", block_rows),
            _registered(store, "_ew_old", {"cluster_id": old_clusters}),
            _registered(store, "_ew_members", member_rows),
            _registered(store, "_ew_info", info_table),
        ):
            con.execute(
                "DELETE FROM cluster_blocks b USING _ew_cuts c "
                "WHERE b.block = c.block AND b.ordinal >= c.first_new"
            )
            con.execute("INSERT INTO cluster_blocks BY NAME SELECT * FROM _ew_new_blocks")
            con.execute("DELETE FROM cluster_members WHERE cluster_id IN (SELECT cluster_id FROM _ew_old)")
            con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT cluster_id FROM _ew_old)")
            con.execute("INSERT INTO cluster_members BY NAME SELECT * FROM _ew_members")
            con.execute("INSERT INTO clusters BY NAME " + _CLUSTER_ROWS_SQL)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


class _registered:
    """Register a small Arrow table under ``name`` for the duration of a ``with`` block."""

    def __init__(self, store: Store, name: str, data: Mapping[str, list[Any]] | pa.Table) -> None:
        self.store, self.name = store, name
        if isinstance(data, pa.Table):
            self.table = data
        else:
            self.table = pa.table({k: pa.array(v, pa.string()) for k, v in data.items()})

    def __enter__(self) -> pa.Table:
        self.store.con.register(self.name, self.table)
        return self.table

    def __exit__(self, *exc: object) -> None:
        self.store.con.unregister(self.name)


def _column(relation: Any) -> list[str]:
    return [str(row[0]) for row in relation.fetchall()]


def _scalar(relation: Any) -> int:
    rows = relation.fetchall()
    return int(rows[0][0]) if rows else 0


def clusters(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Stored clusters, most sources first (then mentions, date, id)."""
    sql = "SELECT * FROM clusters ORDER BY num_sources DESC, num_mentions DESC, event_date NULLS LAST, cluster_id"
    params: list[Any] = []
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    cursor = store.con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def cluster_members(store: Store) -> dict[str, list[str]]:
    """cluster id -> its member event ids (sorted)."""
    out: dict[str, list[str]] = defaultdict(list)
    for cluster_id, event_id in store.con.execute(
        "SELECT cluster_id, event_id FROM cluster_members ORDER BY cluster_id, event_id"
    ).fetchall():
        out[str(cluster_id)].append(str(event_id))
    return dict(out)


# -- dyad time series -------------------------------------------------------------------------------------


def series(
    store: Store,
    actor: Party | str,
    recipient: Party | str,
    by: str = "week",
    over: str = "events",
) -> list[SeriesRow]:
    """Counts per period of the actor -> recipient dyad, by type (with its QuadClass), with Goldstein sum and
    mean; periods are the first day of the day, ISO week or month. Periods with nothing are absent."""
    actor = actor if isinstance(actor, Party) else Party.parse(actor)
    recipient = recipient if isinstance(recipient, Party) else Party.parse(recipient)
    if by not in GRAINS:
        raise EventwireError(f"unknown period {by!r}: use day, week or month")
    if over not in OVER:
        raise EventwireError(f"unknown unit {over!r}: use events or clusters")
    if over == "clusters":
        if not _has_table(store, "clusters"):
            raise EventwireError(
                f"no clusters in {store.path}: run `eventwire cluster --db {store.path}` first"
            )
        source = f"({DYAD_CLUSTERS_SQL})"
        ctes = ""
    else:
        source = "dyad_events"
        ctes = f"WITH event_days AS ({EVENT_DAYS_SQL}), dyad_events AS ({DYAD_EVENTS_SQL}) "
    sql = (
        ctes
        + "SELECT CASE ? WHEN 'day' THEN day WHEN 'week' THEN week ELSE month END AS period, type, quad_class, "
        "count(*) AS n, sum(goldstein) AS goldstein_sum, avg(goldstein) AS goldstein_mean "
        f"FROM {source} AS d WHERE actor = ? AND recipient = ? "
        "AND (CAST(? AS VARCHAR) IS NULL OR list_contains(actor_sectors, ?)) "
        "AND (CAST(? AS VARCHAR) IS NULL OR list_contains(recipient_sectors, ?)) "
        "AND (precision = 'day' OR (precision = 'month' AND ? = 'month')) "
        "GROUP BY ALL ORDER BY period, quad_class, type"
    )
    params = [
        by,
        actor.country,
        recipient.country,
        actor.sector,
        actor.sector,
        recipient.sector,
        recipient.sector,
        by,
    ]
    return [
        SeriesRow(period, str(type_), int(quad), int(n), float(total), float(mean))
        for period, type_, quad, n, total, mean in store.con.execute(sql, params).fetchall()
    ]


def _has_table(store: Store, name: str) -> bool:
    return _scalar(store.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name])) > 0
