"""Coding speed: articles/s and words/s for bare spaCy parsing and for eventwire end to end.

    python benchmarks/coding_speed.py [--docs 200] [--corpus FILE.jsonl]

The corpus is a JSONL file of articles (default: ../shared/gold/news-dev.jsonl when present, else the bundled
samples), cycled and made unique per copy, so the store's de-duplication does not skip any of them.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from eventwire import nlp
from eventwire.runner import code_paths

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "gold" / "news-dev.jsonl"


def corpus_texts(path: Path | None) -> list[str]:
    if path is not None and path.exists():
        return [
            json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    samples = files("eventwire") / "samples" / "feed.jsonl"
    return [
        json.loads(line)["text"] for line in samples.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    base = corpus_texts(args.corpus)
    texts = [f"{base[i % len(base)]}\n\n(Copy {i}.)" for i in range(args.docs)]
    words = sum(len(t.split()) for t in texts)
    pipeline = nlp.pipeline()  # load once, outside the timings
    list(pipeline.pipe(texts[:4]))

    started = time.perf_counter()
    for _ in pipeline.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "corpus.jsonl"
        feed.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
        summary = code_paths([feed], Path(tmp) / "bench.duckdb")
    full = summary.seconds
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"corpus: {args.docs} articles, {words} words (from {args.corpus if args.corpus.exists() else 'samples'})"
    )
    print(f"bare spaCy nlp.pipe : {args.docs / bare:7.1f} articles/s  {words / bare:9.0f} words/s")
    print(
        f"eventwire code      : {summary.coded / full:7.1f} articles/s  {words / full:9.0f} words/s  "
        f"({summary.events} events)"
    )
    print(f"ratio eventwire / bare spaCy: {bare / full:.2f}   peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
