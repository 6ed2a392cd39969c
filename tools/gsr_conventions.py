"""How much of the PLOVER gold-record score is lost to a coding convention: the records code the United
Nations as IGO, where this project (and its gold README) code it UNO.

Usage: python tools/gsr_conventions.py ../shared/gold/plover-gsr.jsonl

Codes every record once and counts full matches twice: as coded, and with UNO read as IGO.
"""

from __future__ import annotations

import sys
from typing import Any

from eventwire.evaluate import full_match, load_gold, max_matching
from eventwire.runner import code_text


def _un_as_igo(side: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**e, "country": "IGO" if e.get("country") == "UNO" else e.get("country")} for e in side]


def main(path: str) -> None:
    docs = load_gold(path)
    gold_events = as_coded = un_as_igo = 0
    for doc in docs:
        events = code_text(doc["text"], published=doc.get("published"), doc_id=str(doc["id"]))
        preds = [e.as_dict() for e in events]
        real = [g for g in doc["events"] if not g.get("negated")]
        gold_events += len(real)
        as_coded += len(max_matching(preds, real, full_match))
        read = [
            {**p, "actor": _un_as_igo(p["actor"]), "recipient": _un_as_igo(p["recipient"])} for p in preds
        ]
        un_as_igo += len(max_matching(read, real, full_match))
    print(f"full matches as coded: {as_coded} of {gold_events} (recall {as_coded / gold_events:.3f})")
    print(f"with UNO read as IGO:  {un_as_igo} of {gold_events} (recall {un_as_igo / gold_events:.3f})")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/gold/plover-gsr.jsonl")
