"""Calibrated confidence: the measured precision of events coded from the same kind of evidence.

An event's evidence class combines how its trigger was found (a verb, an event noun, a condemning word in
a quotation, a reported obligation), where its actor came from (named in the clause, inferred from context,
the speaker, or unidentified) and its recipient (named, inferred, defaulted to the story's country, or
none); the class is written into the event's explanation. ``tools/calibrate.py`` measures the precision of
events on the exhaustive development documents, checks it by leaving one document out at a time, and writes
``data/confidence.tsv``; ``backoff`` says which parts of the class the confidence is read by.
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
    chain). Held out, only the recipient's source told right records from wrong ones without costing
    calibration (``tools/calibrate.py --compare``): events are scored by it alone, then by the overall rate."""
    return (f"*|*|{key.split('|')[2]}", "*|*|*")


def confidence(form: str, actor: str, recipient: str) -> float:
    """The calibrated precision for this evidence, backing off from the full class to coarser ones."""
    table = _table()
    for key in backoff(evidence_class(form, actor, recipient)):
        if key in table:
            return table[key]
    return DEFAULT
