"""Score article-text extraction on the Scrapinghub article-extraction benchmark (token P/R/F1).

Usage: python tools/eval_extraction.py ../shared/gold/extraction/scrapinghub

Each page goes through eventwire's extraction (trafilatura, then the boilerplate line filter); the
extracted text is compared with the benchmark's gold ``articleBody`` as bags of word tokens, as the
benchmark's own evaluation does, next to trafilatura's own output for the same pages. Pages that eventwire
refuses as not English are counted and left out of both scores (coding them is not yet supported).
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

import trafilatura

from eventwire.errors import DocumentError, UnsupportedLanguage
from eventwire.ingest.extract import extract
from eventwire.model import Document, content_id

TOKEN = re.compile(r"\w+", re.UNICODE)


def prf(pred: str, gold: str) -> tuple[float, float]:
    p, g = Counter(TOKEN.findall(pred.lower())), Counter(TOKEN.findall(gold.lower()))
    common = sum((p & g).values())
    return (common / max(1, sum(p.values())), common / max(1, sum(g.values())))


def main(folder: str) -> None:
    root = Path(folder)
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    rows: dict[str, list[tuple[float, float]]] = {"eventwire": [], "trafilatura alone": []}
    refused = 0
    for key, gold in sorted(truth.items()):
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        doc = Document(key, "html", html, key, content_id(html), url=gold.get("url"))
        try:
            ours = extract(doc).text
        except UnsupportedLanguage:
            refused += 1
            continue
        except DocumentError:
            ours = ""
        plain = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
        rows["eventwire"].append(prf(ours, gold["articleBody"]))
        rows["trafilatura alone"].append(prf(plain, gold["articleBody"]))
    print(f"{refused} pages left out as not English")
    for name, pairs in rows.items():
        p = sum(x for x, _ in pairs) / len(pairs)
        r = sum(y for _, y in pairs) / len(pairs)
        print(
            f"{name:18} pages {len(pairs)}  precision {p:.3f}  recall {r:.3f}  F1 {2 * p * r / (p + r):.3f}"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/gold/extraction/scrapinghub")
