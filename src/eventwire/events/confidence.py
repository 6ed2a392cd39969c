"""Calibrated confidence: the measured precision of events coded from the same kind of evidence.

An event's evidence class combines how its trigger was found (a verb, an event noun, a condemning word in
a quotation, a reported obligation), where its actor came from (named in the clause, inferred from context,
the speaker, or unidentified) and its recipient (named, defaulted to the story's country, or none). The
precision of each class is measured on a calibration split of the development data by
``tools/calibrate.py``, which writes ``data/confidence.tsv`` and reports the calibration error on the other
split. Classes too rare to measure back off to coarser ones.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files

from eventwire.model import Entity

DEFAULT = 0.5
_INFERRED = ("coref", "role:", "recent", "+home", "same-person", "via:", "ethnic:")


def actor_source(actor: tuple[Entity, ...], how: str) -> str:
    """named, inferred, speaker or unidentified."""
    if how in {"speaker", "unidentified"}:
        return how
    return "inferred" if any(any(m in e.how for m in _INFERRED) for e in actor) else "named"


def recipient_source(recipient: tuple[Entity, ...]) -> str:
    """named, inferred, default or none."""
    if not recipient:
        return "none"
    if any(e.how.startswith("default:") for e in recipient):
        return "default"
    return "inferred" if any(any(m in e.how for m in _INFERRED) for e in recipient) else "named"


def evidence_class(form: str, actor: str, recipient: str) -> str:
    return f"{form}|{actor}|{recipient}"


@cache
def _table() -> dict[str, float]:
    path = files("eventwire.events") / "data" / "confidence.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        return {row["class"]: float(row["precision"]) for row in rows}


def backoff(key: str) -> tuple[str, ...]:
    """The classes an evidence class is read by, finest first (the calibration and the lookup share this
    chain). Held out, only the recipient's source told right records from wrong ones (``tools/calibrate.py``
    compares the chains): events are scored by it alone, then by the overall rate."""
    return (f"*|*|{key.split('|')[2]}", "*|*|*")


def confidence(form: str, actor: str, recipient: str) -> float:
    """The calibrated precision for this evidence, backing off from the full class to coarser ones."""
    table = _table()
    for key in backoff(evidence_class(form, actor, recipient)):
        if key in table:
            return table[key]
    return DEFAULT
