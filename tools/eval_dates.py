"""Score date resolution on TempEval-3 platinum (TIMEX3 DATE expressions resolved against the DCT).

Usage: python tools/eval_dates.py ../shared/gold/dates/tempeval3-platinum/te3-platinum

Each DATE expression is resolved with ``eventwire.events.dates.resolve`` relative to the document's creation
time and compared with the gold TIMEX3 value at the gold's own granularity (day, ISO week, month, year).
Gold values we do not produce at all (seasons, decades, PRESENT_REF, ...) are counted separately.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from eventwire.events.dates import resolve

TIMEX = re.compile(r"<TIMEX3([^>]*)>([^<]*)</TIMEX3>")
ATTR = re.compile(r'(\w+)="([^"]*)"')
GOLD_SHAPES = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$")


def normalise(value: str, granularity: str | None, gold: str) -> str | None:
    if value is None:
        return None
    if "-W" in gold and granularity in {"week", "day"}:
        year, week, _ = date.fromisoformat(value[:10]).isocalendar()
        return f"{year}-W{week:02d}"
    return value[: len(gold)]


def main(folder: str) -> None:
    scored = right = unsupported = missed = 0
    for path in sorted(Path(folder).glob("*.tml")):
        text = path.read_text(encoding="utf-8")
        tags = [(dict(ATTR.findall(attrs)), body) for attrs, body in TIMEX.findall(text)]
        dct = next(
            date.fromisoformat(a["value"][:10])
            for a, _ in tags
            if a.get("functionInDocument") == "CREATION_TIME"
        )
        for attrs, body in tags:
            if attrs.get("type") != "DATE" or attrs.get("functionInDocument") == "CREATION_TIME":
                continue
            gold = attrs["value"]
            if not GOLD_SHAPES.match(gold):
                unsupported += 1
                continue
            scored += 1
            value, granularity = resolve(body, dct)
            if value is None:
                missed += 1
            elif normalise(value, granularity, gold) == gold:
                right += 1
    print(
        f"DATE expressions with a calendar value: {scored}; resolved correctly {right} ({right / scored:.1%}); "
        f"left unresolved {missed}; other gold values (seasons, PRESENT_REF, ...) not scored: {unsupported}"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/gold/dates/tempeval3-platinum/te3-platinum")
