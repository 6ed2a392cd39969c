"""``eventwire bench``: articles/s, words/s and peak memory of bare spaCy and of eventwire on each runner.

The corpus is cycled from real-looking articles (``../shared/gold/news-dev.jsonl`` when present, else the
bundled samples), each article a fresh draw of their sentences, so de-duplication skips none. Every mode
runs in a fresh child process, so one mode's model and caches never count towards another's memory. Bare
spaCy and the one-process run load the model (and eventwire's dictionaries) before the clock starts; the
pool and Dask runs include starting their workers, as a user's run does.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import re
import resource
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

from eventwire.errors import EventwireError, InputError

MODES = ("spacy", "inline", "pool", "dask")
_LABELS = {
    "spacy": "bare spaCy nlp.pipe",
    "inline": "eventwire, 1 process",
    "pool": "eventwire, --workers {n}",
    "dask": "eventwire, --dask-local {n}",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’])\s+")
# Targets from issue 7, printed beside the measured ratios.
AIMS = {"inline/spacy": 0.5, "pool/inline": 1.5, "dask/pool": 0.9, "worker_gb": 1.5}


@dataclass(frozen=True, slots=True)
class Corpus:
    path: Path
    articles: int
    words: int
    origin: str


@dataclass(frozen=True, slots=True)
class Measurement:
    mode: str
    articles: int
    seconds: float
    events: int | None  # None for bare spaCy, which codes nothing
    peak_mb: float  # the largest peak of any process that parsed (the worker, for pool and Dask)
    driver_mb: float | None = None  # the driver's own peak, where workers parse elsewhere
    driver_cpu: float | None = None  # CPU seconds the driver used (reading, screening, loading)
    cores: float = 0.0  # CPU seconds all its processes used per second of wall time

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


def default_corpus() -> Path | None:
    """The shared development news file, looked for beside the working folder and beside this checkout."""
    for base in (Path.cwd().parent, Path(__file__).resolve().parents[3]):
        candidate = base / "shared" / "gold" / "news-dev.jsonl"
        if candidate.is_file():
            return candidate
    return None


def source_texts(corpus: Path | None) -> tuple[list[str], str]:
    """Article texts to cycle, and where they came from."""
    if corpus is not None:
        if not corpus.is_file():
            raise InputError(f"no such corpus file: {corpus}")
        texts = [
            str(record.get("text") or "")
            for line in corpus.read_text(encoding="utf-8").splitlines()
            if line.strip() and isinstance(record := json.loads(line), dict)
        ]
        origin = str(corpus)
    else:
        samples = files("eventwire") / "samples"
        texts = [
            json.loads(line)["text"]
            for line in (samples / "feed.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        texts.append((samples / "border-talks.txt").read_text(encoding="utf-8"))
        origin = "the bundled samples"
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise InputError(f"no article texts in {origin}")
    return texts, origin


def sentences(texts: Sequence[str]) -> list[str]:
    """The texts' sentences (of four words or more), in order."""
    found = []
    for text in texts:
        found.extend(s.strip() for s in _SENTENCE_END.split(text) if len(s.split()) >= 4)
    return found


def write_corpus(texts: Sequence[str], docs: int, path: Path, origin: str = "") -> Corpus:
    """Write ``docs`` articles as JSONL. Each is a fresh draw of sentences from all the texts, as long as
    the text it stands in for, in paragraphs of four: no two are near-duplicates, so the store's
    near-duplicate screen codes every one (a copy that differed by one line would be screened out)."""
    pool = sentences(texts) or list(texts)
    draw = random.Random(7)
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for i in range(docs):
            length, picked, count = len(texts[i % len(texts)].split()), [], 0
            while count < length:
                picked.append(draw.choice(pool))
                count += len(picked[-1].split())
            text = "\n\n".join(" ".join(picked[k : k + 4]) for k in range(0, len(picked), 4))
            words += count
            handle.write(json.dumps({"id": f"bench-{i}", "text": text}) + "\n")
    return Corpus(path, docs, words, origin)


def bench(
    docs: int,
    corpus: Path | None = None,
    workers: int = 2,
    modes: Sequence[str] = MODES,
    batch_size: int = 64,
    emit: Callable[[str], None] = print,
) -> list[Measurement]:
    """Generate the corpus in a temporary folder, measure every mode, and emit the report line by line."""
    if docs < 1 or workers < 1:
        raise EventwireError("--docs and --workers must be at least 1")
    texts, origin = source_texts(corpus or default_corpus())
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        data = write_corpus(texts, docs, Path(tmp) / "corpus.jsonl", origin)
        emit(describe_corpus(data))
        emit(HEADER)
        results = run_bench(
            data, Path(tmp), workers, modes, batch_size, lambda r: emit(describe(r, data, workers))
        )
    for line in ratios(results, docs):
        emit(line)
    return results


def run_bench(
    corpus: Corpus,
    workdir: Path,
    workers: int = 2,
    modes: Sequence[str] = MODES,
    batch_size: int = 64,
    on_result: Callable[[Measurement], None] | None = None,
) -> list[Measurement]:
    """Measure each mode in its own child process, one after the other."""
    unknown = set(modes) - set(MODES)
    if unknown:
        raise EventwireError(f"unknown bench mode(s) {', '.join(sorted(unknown))}: use {', '.join(MODES)}")
    results = []
    for mode in modes:
        result = _in_child(mode, corpus.path, workdir, workers, batch_size)
        results.append(result)
        if on_result:
            on_result(result)
    return results


def _in_child(mode: str, feed: Path, workdir: Path, workers: int, batch_size: int) -> Measurement:
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_measure, args=(mode, str(feed), str(workdir), workers, batch_size, sender)
    )
    before, started = _children_cpu(), time.perf_counter()
    child.start()
    sender.close()
    try:
        result = receiver.recv()
    except EOFError:
        raise EventwireError(f"the {mode} benchmark process died (exit code {child.exitcode})") from None
    finally:
        child.join()
    if isinstance(result, str):
        raise EventwireError(f"the {mode} benchmark failed: {result}")
    # CPU the mode's processes got per second of its wall time: well under its process count means other
    # work on the machine took the cores, and its rate is low for that reason
    return replace(result, cores=(_children_cpu() - before) / (time.perf_counter() - started))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # ended children and what they waited for
    return usage.ru_utime + usage.ru_stime


def _measure(mode: str, feed: str, workdir: str, workers: int, batch_size: int, sender: object) -> None:
    try:
        result: Measurement | str = _measure_here(mode, Path(feed), Path(workdir), workers, batch_size)
    except Exception as exc:
        result = f"{type(exc).__name__}: {exc}"
    sender.send(result)  # type: ignore[attr-defined]


def _measure_here(mode: str, feed: Path, workdir: Path, workers: int, batch_size: int) -> Measurement:
    from eventwire import nlp
    from eventwire.executors import Runner
    from eventwire.partitions import peak_rss_mb
    from eventwire.runner import code_partitioned, code_paths, code_text

    if mode == "spacy":
        pipeline = nlp.pipeline()
        list(pipeline.pipe(["Warm up the pipeline before the clock starts."]))
        started = time.perf_counter()
        count = sum(1 for _ in pipeline.pipe(_texts(feed), batch_size=32))
        return Measurement(mode, count, time.perf_counter() - started, None, peak_rss_mb())
    db = workdir / f"{mode}.duckdb"
    if mode == "inline":
        code_text("Warm up: Japan pledged new aid to Ukraine on Monday.")  # model and dictionaries loaded
        summary = code_paths([feed], db, batch_size=batch_size)
        return Measurement(mode, summary.coded, summary.seconds, summary.events, peak_rss_mb())
    runner = Runner("pool", workers) if mode == "pool" else Runner("dask", workers)
    summary = code_partitioned([feed], db=db, runner=runner, batch_size=batch_size)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return Measurement(
        mode,
        summary.coded,
        summary.seconds,
        summary.events,
        summary.peak_worker_mb,
        peak_rss_mb(),
        usage.ru_utime + usage.ru_stime,
    )


def _texts(feed: Path) -> Iterator[str]:
    with feed.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)["text"][:100_000]


def describe_corpus(corpus: Corpus) -> str:
    # Other processes competing for the cores skew every rate, the pool and Dask ratios most: say so.
    return (
        f"corpus: {corpus.articles:,} articles, {corpus.words:,} words, cycled from {corpus.origin}; "
        f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.1f} at the start"
    )


HEADER = f"{'mode':<28} {'articles/s':>10} {'words/s':>9} {'events':>7} {'cores used':>10}  peak memory"


def describe(result: Measurement, corpus: Corpus, workers: int) -> str:
    words_per_second = corpus.words * result.articles / corpus.articles / result.seconds
    label = _LABELS[result.mode].format(n=workers)
    events = "-" if result.events is None else str(result.events)
    memory = f"{result.peak_mb:,.0f} MB"
    if result.driver_mb is not None:
        memory = f"{memory} per worker (driver {result.driver_mb:,.0f} MB, {result.driver_cpu:.1f} s CPU)"
    rates = f"{result.articles_per_second:>10.2f} {words_per_second:>9.0f}"
    return f"{label:<28} {rates} {events:>7} {result.cores:>10.2f}  {memory}"


def ratios(results: Sequence[Measurement], articles: int) -> list[str]:
    """The ratios issue 7 asks about, each with its aim, for the modes that were measured."""
    speed = {r.mode: r.articles_per_second for r in results}
    lines = []
    for key, name in (
        ("inline/spacy", "eventwire 1 process / bare spaCy"),
        ("pool/inline", "pool / 1 process"),
        ("dask/pool", "Dask / pool"),
    ):
        top, bottom = key.split("/")
        if speed.get(top) and speed.get(bottom):
            lines.append(f"{name}: {speed[top] / speed[bottom]:.2f} (aim >= {AIMS[key]})")
    workers = [r.peak_mb for r in results if r.driver_mb is not None]
    if workers:
        lines.append(f"largest worker peak: {max(workers) / 1024:.2f} GB (aim < {AIMS['worker_gb']} GB)")
    short = [r for r in results if r.articles < articles]
    if short:
        lines.append(
            f"WARNING: {', '.join(r.mode for r in short)} coded fewer than the {articles} articles "
            "(duplicates or quarantined); their rates count coded articles only"
        )
    counts = {r.events for r in results if r.events is not None}
    if len(counts) > 1:
        lines.append(f"WARNING: the runs coded different numbers of events: {sorted(counts)}")
    return lines
