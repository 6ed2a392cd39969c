"""Calibrate event confidence on exhaustive gold files, and measure the calibration out of sample.

Usage: python tools/calibrate.py ../shared/gold/news-dev.jsonl ../shared/seed/expected.jsonl
       python tools/calibrate.py --compare ...   (held-out error of other ways to group the evidence)

Only documents marked exhaustive count (precision needs every event listed). For each evidence class (see
``eventwire.events.confidence``) the precision of its events is estimated with additive smoothing toward the
coarser class and written to ``src/eventwire/events/data/confidence.tsv``. The calibration is checked by
leaving one document out at a time: each document's events get the confidence fitted on all the others, and
the expected calibration error (ECE, 10 bins) and Brier score of those held-out confidences are printed,
and what the output floor (``MIN_CONFIDENCE``) does to precision and recall with held-out confidences.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from eventwire.evaluate import full_match, load_gold, max_matching
from eventwire.events import confidence as conf
from eventwire.events.coder import MIN_CONFIDENCE
from eventwire.runner import code_text

SMOOTHING = 50.0  # pseudo-events pulled from the coarser class: the data are few
OUT = Path(__file__).resolve().parents[1] / "src/eventwire/events/data/confidence.tsv"


def outcomes(docs: list[dict]) -> list[tuple[str, float, bool]]:
    """(evidence class, current confidence, matched a gold event) for every prediction."""
    rows = []
    for doc in docs:
        events = code_text(
            doc["text"], published=doc.get("published"), doc_id=str(doc["id"]), min_confidence=0.0
        )
        preds = [e.as_dict() for e in events]
        real = [g for g in doc["events"] if not g.get("negated")]
        matched = set(max_matching(preds, real, full_match).values())
        for i, event in enumerate(events):
            key = next(x for x in event.explanation if x.startswith("class:"))[6:]
            rows.append((key, event.confidence, i in matched))
    return rows


Chain = Callable[[str], tuple[str, ...]]


def _quad(key: str) -> tuple[str, ...]:
    return (key.split("|")[0].split("-")[-1] + "|*|*", "*|*|*")


# Ways to group the evidence, each finest class first; eventwire's is ``confidence.backoff``.
CHAINS: dict[str, Chain] = {
    "full class": lambda k: (k, "|".join(k.split("|")[:2]) + "|*", k.split("|")[0] + "|*|*", "*|*|*"),
    "QuadClass": _quad,
    "recipient source (eventwire)": conf.backoff,
    "one overall rate": lambda k: ("*|*|*",),
}


def fit(rows: list[tuple[str, float, bool]], chain: Chain = conf.backoff) -> dict[str, tuple[int, float]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    parents: dict[str, str | None] = {}
    for key, _, hit in rows:
        classes = chain(key)
        for k, parent in zip(classes, (*classes[1:], None), strict=True):
            counts[k][0] += 1
            counts[k][1] += hit
            parents[k] = parent
    table: dict[str, tuple[int, float]] = {}
    for k in sorted(counts, key=lambda k: k.count("*"), reverse=True):  # coarse first
        n, hits = counts[k]
        parent = parents[k]
        # the root, with every event behind it, is the plain rate (Laplace); a class borrows from its parent
        prior, weight = (table[parent][1], SMOOTHING) if parent else (0.5, 1.0)
        table[k] = (n, (hits + weight * prior) / (n + weight))
    return table


def report(label: str, rows: list[tuple[str, float, bool]], bands: bool = True) -> None:
    bins: dict[int, list[tuple[float, bool]]] = defaultdict(list)
    for _, p, hit in rows:
        bins[min(9, int(p * 10))].append((p, hit))
    ece = sum(
        abs(sum(p for p, _ in b) / len(b) - sum(h for _, h in b) / len(b)) * len(b) for b in bins.values()
    )
    brier = sum((p - hit) ** 2 for _, p, hit in rows) / len(rows)
    print(
        f"{label}: {len(rows)} events, precision {sum(h for *_, h in rows) / len(rows):.3f}, "
        f"ECE {ece / len(rows):.3f}, Brier {brier:.3f}"
    )
    for i in sorted(bins) if bands else ():
        b = bins[i]
        print(
            f"  confidence {i / 10:.1f}-{(i + 1) / 10:.1f}: {len(b):3d} events, "
            f"mean confidence {sum(p for p, _ in b) / len(b):.2f}, precision {sum(h for _, h in b) / len(b):.2f}"
        )


def held_out_scores(
    per_doc: list[list[tuple[str, float, bool]]], chain: Chain = conf.backoff
) -> list[tuple[str, float, bool]]:
    """Each document's events scored by a table fitted on all the other documents."""
    held_out: list[tuple[str, float, bool]] = []
    for i, rows in enumerate(per_doc):
        table = fit([row for j, other in enumerate(per_doc) if j != i for row in other], chain)
        held_out += [(key, _lookup(table, key, chain), hit) for key, _, hit in rows]
    return held_out


def main(paths: list[str]) -> None:
    compare = "--compare" in paths
    paths = [p for p in paths if p != "--compare"]
    docs = [d for path in paths for d in load_gold(path) if d.get("exhaustive")]
    per_doc = [outcomes([doc]) for doc in docs]
    if compare:
        for name, chain in CHAINS.items():
            report(name, held_out_scores(per_doc, chain), bands=False)
        return
    held_out = held_out_scores(per_doc)
    table = fit([row for rows in per_doc for row in rows])
    lines = ["# written by tools/calibrate.py: precision of events per evidence class (form|actor|recipient)",
             "class\tn\tprecision"]  # fmt: skip
    lines += [f"{k}\t{n}\t{p:.3f}" for k, (n, p) in sorted(table.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    conf._table.cache_clear()
    print(f"wrote {len(table)} classes to {OUT} from {len(docs)} documents")
    report("leave-one-document-out", held_out)
    gold_events = sum(1 for doc in docs for g in doc["events"] if not g.get("negated"))
    floor_effect(held_out, gold_events)


def floor_effect(rows: list[tuple[str, float, bool]], gold_events: int) -> None:
    """What dropping events under a confidence floor does to precision and recall, with held-out
    confidences (each document's events scored by a table fitted without it)."""
    for floor in sorted({0.0, 0.2, MIN_CONFIDENCE, 0.4, 0.5}):
        kept = [hit for _, p, hit in rows if p >= floor]
        tp = sum(kept)
        precision, recall = tp / max(len(kept), 1), tp / max(gold_events, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        mark = "  <- eventwire's floor" if floor == MIN_CONFIDENCE else ""
        print(
            f"  floor {floor:.1f}: {len(kept):3d} events kept, P {precision:.3f} R {recall:.3f} "
            f"F1 {f1:.3f}{mark}"
        )


def _lookup(table: dict[str, tuple[int, float]], key: str, chain: Chain = conf.backoff) -> float:
    for k in chain(key):
        if k in table:
            return table[k][1]
    return conf.DEFAULT


if __name__ == "__main__":
    main(sys.argv[1:] or ["../shared/gold/news-dev.jsonl", "../shared/seed/expected.jsonl"])
