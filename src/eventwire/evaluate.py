"""Score coded events against a gold file (JSONL, one document a line; see docs/eval.md).

Within a document a prediction matches a gold event when the type equals the gold type (or one of its
``alt_types``), and the actor and recipient country sets overlap wherever the gold side names a country.
Pairs form a maximum matching. Precision counts only documents marked ``exhaustive``; a prediction left
unpaired that matches a gold event marked ``negated`` is a false alarm the text rules out.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.ontology import PLOVER_TYPES

Pred = dict[str, Any]
Gold = dict[str, Any]


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Scores:
    documents: int = 0
    exhaustive_documents: int = 0
    full: Tally = field(default_factory=Tally)
    typed: Tally = field(default_factory=Tally)
    per_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    per_type_typed: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    doc_types: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    ruled_out: int = 0
    actor_checked: int = 0
    actor_right: int = 0
    recipient_checked: int = 0
    recipient_right: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)

    def macro(self, table: dict[str, Tally]) -> dict[str, float]:
        present = [t for name, t in table.items() if t.tp + t.fn > 0]
        if not present:
            return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
        return {
            "precision": round(sum(t.precision for t in present) / len(present), 4),
            "recall": round(sum(t.recall for t in present) / len(present), 4),
            "f1": round(sum(t.f1 for t in present) / len(present), 4),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "exhaustive_documents": self.exhaustive_documents,
            "event": self.full.as_dict(),
            "event_macro": self.macro(self.per_type),
            "type_only": self.typed.as_dict(),
            "type_only_macro": self.macro(self.per_type_typed),
            "document_types_macro": self.macro(self.doc_types),
            "per_type": {k: v.as_dict() for k, v in sorted(self.per_type.items())},
            "per_type_type_only": {k: v.as_dict() for k, v in sorted(self.per_type_typed.items())},
            "ruled_out_false_alarms": self.ruled_out,
            "actor_accuracy": round(self.actor_right / self.actor_checked, 4) if self.actor_checked else None,
            "recipient_accuracy": (
                round(self.recipient_right / self.recipient_checked, 4) if self.recipient_checked else None
            ),
            "confusion": [
                {"gold": g, "predicted": p, "count": n} for (g, p), n in self.confusion.most_common()
            ],
            "misses": self.misses,
            "false_alarms": self.false_alarms,
        }


def load_gold(path: str | Path) -> list[Gold]:
    file = Path(path)
    if not file.exists():
        raise InputError(f"no such gold file: {file}")
    docs = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{file}:{number}: not JSON ({exc.msg})") from None
    return docs


def _countries(side: Iterable[dict[str, Any]]) -> set[str]:
    return {e["country"] for e in side if e.get("country")}


def type_ok(pred: Pred, gold: Gold) -> bool:
    return pred["type"] == gold["type"] or pred["type"] in (gold.get("alt_types") or [])


def side_ok(pred: Pred, gold: Gold, side: str) -> bool:
    wanted = _countries(gold.get(side) or [])
    return not wanted or bool(wanted & _countries(pred.get(side) or []))


def full_match(pred: Pred, gold: Gold) -> bool:
    return type_ok(pred, gold) and side_ok(pred, gold, "actor") and side_ok(pred, gold, "recipient")


def max_matching(preds: list[Pred], golds: list[Gold], ok: Callable[[Pred, Gold], bool]) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths): gold index -> prediction index."""
    edges = [[p for p, pred in enumerate(preds) if ok(pred, gold)] for gold in golds]
    owner: dict[int, int] = {}

    def augment(g: int, visited: set[int]) -> bool:
        for p in edges[g]:
            if p in visited:
                continue
            visited.add(p)
            if p not in owner or augment(owner[p], visited):
                owner[p] = g
                return True
        return False

    for g in range(len(golds)):
        augment(g, set())
    return {g: p for p, g in owner.items()}


def score(gold_docs: list[Gold], predictions: dict[str, list[Pred]]) -> Scores:
    """Score predicted events (keyed by document id) against gold documents."""
    scores = Scores()
    for doc in gold_docs:
        scores.documents += 1
        exhaustive = bool(doc.get("exhaustive"))
        scores.exhaustive_documents += exhaustive
        preds = predictions.get(str(doc["id"]), [])
        real = [g for g in doc.get("events", []) if not g.get("negated")]
        ruled_out = [g for g in doc.get("events", []) if g.get("negated")]
        _score_doc(scores, doc, preds, real, ruled_out, exhaustive)
    return scores


def _score_doc(
    scores: Scores, doc: Gold, preds: list[Pred], real: list[Gold], ruled_out: list[Gold], exhaustive: bool
) -> None:
    for tally, per_type, ok in (
        (scores.full, scores.per_type, full_match),
        (scores.typed, scores.per_type_typed, type_ok),
    ):
        pairs = max_matching(preds, real, ok)
        paired = set(pairs.values())
        for g, gold in enumerate(real):
            hit = g in pairs
            tally.tp += hit
            tally.fn += not hit
            per_type[gold["type"]].tp += hit
            per_type[gold["type"]].fn += not hit
            if not hit and ok is full_match:
                scores.misses.append(
                    {
                        "doc": doc["id"],
                        "type": gold["type"],
                        "quote": gold.get("quote"),
                        "actor": sorted(_countries(gold.get("actor") or [])),
                        "recipient": sorted(_countries(gold.get("recipient") or [])),
                    }
                )
        if exhaustive:
            for p, pred in enumerate(preds):
                if p not in paired:
                    tally.fp += 1
                    per_type[pred["type"]].fp += 1
                    if ok is full_match:
                        negated = any(full_match(pred, g) for g in ruled_out)
                        scores.ruled_out += negated
                        scores.false_alarms.append(
                            {
                                "doc": doc["id"],
                                "type": pred["type"],
                                "trigger": pred.get("trigger"),
                                "quote": pred.get("quote"),
                                "actor": sorted(_countries(pred.get("actor") or [])),
                                "recipient": sorted(_countries(pred.get("recipient") or [])),
                                "ruled_out_by_text": negated,
                            }
                        )
        if ok is type_ok:
            for g, p in pairs.items():
                gold, pred = real[g], preds[p]
                if _countries(gold.get("actor") or []):
                    scores.actor_checked += 1
                    scores.actor_right += side_ok(pred, gold, "actor")
                if _countries(gold.get("recipient") or []):
                    scores.recipient_checked += 1
                    scores.recipient_right += side_ok(pred, gold, "recipient")
            for g, gold in enumerate(real):
                if g not in pairs and preds:
                    scores.confusion[(gold["type"], _closest(gold, preds))] += 1
    gold_types = {g["type"] for g in real}
    pred_types = {p["type"] for p in preds}
    for kind in PLOVER_TYPES:
        if kind in gold_types:
            scores.doc_types[kind].tp += kind in pred_types
            scores.doc_types[kind].fn += kind not in pred_types
        elif kind in pred_types and exhaustive:
            scores.doc_types[kind].fp += 1


def _closest(gold: Gold, preds: list[Pred]) -> str:
    for pred in preds:
        if side_ok(pred, gold, "actor") and _countries(gold.get("actor") or []):
            return pred["type"]
    return "(none)"


def evaluate_file(path: str | Path) -> Scores:
    """Code every document of a gold file with eventwire and score the result."""
    from eventwire.runner import code_text

    docs = load_gold(path)
    predictions: dict[str, list[Pred]] = {}
    for doc in docs:
        events = code_text(doc["text"], published=doc.get("published"), doc_id=str(doc["id"]))
        predictions[str(doc["id"])] = [{**e.as_dict(), "quote": e.sentence} for e in events]
    return score(docs, predictions)


def render(scores: Scores) -> str:
    """A plain-text report."""
    d = scores.as_dict()
    lines = [
        f"documents {d['documents']} (exhaustive {d['exhaustive_documents']})",
        _line("event-level", d["event"]),
        _line("type-only", d["type_only"]),
        f"event macro F1 {d['event_macro']['f1']:.3f}   type-only macro F1 {d['type_only_macro']['f1']:.3f}   "
        f"document type macro F1 {d['document_types_macro']['f1']:.3f}",
        f"actor accuracy {d['actor_accuracy']}   recipient accuracy {d['recipient_accuracy']}   "
        f"ruled-out false alarms {d['ruled_out_false_alarms']}",
        "",
        f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}   type-only R",
    ]
    for kind in PLOVER_TYPES:
        t = scores.per_type.get(kind)
        if t is None or t.tp + t.fp + t.fn == 0:
            continue
        typed = scores.per_type_typed[kind]
        lines.append(
            f"{kind:<10} {t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f} {t.tp:4d} {t.fp:4d} {t.fn:4d}"
            f"   {typed.recall:6.3f}"
        )
    return "\n".join(lines)


def _line(label: str, t: dict[str, Any]) -> str:
    return (
        f"{label:<12} P {t['precision']:.3f}  R {t['recall']:.3f}  F1 {t['f1']:.3f}  "
        f"(tp {t['tp']}, fp {t['fp']}, fn {t['fn']})"
    )
