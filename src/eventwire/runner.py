"""Wire the stages: read -> extract -> parse -> code -> store, in batches, with a per-document error policy.

A document that fails at any stage becomes a quarantine record with its reason; the batch goes on. Documents
already stored (same id or same content) are skipped, so a re-run adds nothing and a killed run resumes.

``code_paths`` runs everything in this process. ``code_partitioned`` runs the same batches as partitions on
an executor (this process, a local process pool or a Dask cluster, see ``executors``): this process reads
the input, drops duplicates and hands out partitions; workers write each partition's rows as Parquet files
(see ``partitions``); this process, the single writer, bulk-loads finished partitions into DuckDB — or, with
``out``, the Parquet files are the result.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from eventwire import nlp
from eventwire.batch import process
from eventwire.errors import EventwireError
from eventwire.events.coder import MIN_CONFIDENCE, code_article
from eventwire.executors import ClusterError, Done, Failed, Outcome, Runner, open_executor
from eventwire.ingest.extract import extract
from eventwire.ingest.readers import DEFAULT_MAX_BYTES, check_paths, read_paths
from eventwire.model import Document, Event, Quarantined, content_id
from eventwire.partitions import (
    Faults,
    Partition,
    PartitionCounts,
    RunDir,
    failed_records,
    make_partition,
)
from eventwire.store import Store

T = TypeVar("T")
INDEX_FILE = "_index.duckdb"  # an --out folder's bookkeeping store
# A partition is cut short at this much text, so that big HTML pages keep each task (and the driver's
# partitions in flight) small: Dask warns about task arguments over about 10 MB.
PARTITION_MAX_CHARS = 4_000_000


@dataclass
class RunSummary:
    read: int = 0
    coded: int = 0
    duplicates: int = 0
    skipped: int = 0
    quarantined: int = 0
    events: int = 0
    seconds: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)
    partitions: int = 0  # partitioned runs: partitions handed out or found finished
    reused_partitions: int = 0  # finished by an earlier, interrupted run and loaded from its files
    failed_partitions: int = 0  # retries spent; their documents are quarantined
    peak_worker_mb: float = 0.0  # the largest peak resident memory any worker process reported

    @property
    def articles_per_second(self) -> float:
        return self.coded / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok(self) -> bool:
        return self.quarantined == 0

    def _quarantine(self, records: Iterable[Quarantined]) -> None:
        for item in records:
            self.quarantined += 1
            self.reasons[item.code] = self.reasons.get(item.code, 0) + 1

    def _add(self, counts: PartitionCounts) -> None:
        self.coded += counts.coded
        self.skipped += counts.skipped
        self.events += counts.events
        self.quarantined += counts.quarantined
        for code, n in counts.reasons.items():
            self.reasons[code] = self.reasons.get(code, 0) + n


def code_paths(
    paths: Iterable[str | Path],
    db: str | Path,
    batch_size: int = 64,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_document: Callable[[int], None] | None = None,
) -> RunSummary:
    """Code every document under ``paths`` into the database ``db``; returns what happened."""
    paths = list(paths)
    check_paths(paths)
    summary = RunSummary()
    started = time.perf_counter()
    with Store(db) as store:
        seen_now: set[str] = set()
        for chunk in _chunks(read_paths(paths, max_bytes), batch_size):
            _run_batch(chunk, store, seen_now, summary)
            if on_document:
                on_document(len(chunk))
    summary.seconds = time.perf_counter() - started
    return summary


def _run_batch(
    chunk: list[Document | Quarantined], store: Store, seen_now: set[str], summary: RunSummary
) -> None:
    fresh, quarantined = _select(chunk, store, seen_now, summary)
    fresh = _screen(store, fresh, summary)
    result = process(fresh)
    quarantined.extend(result.quarantined)
    store.write_batch(result.rows, result.articles, result.events, quarantined)
    summary.coded += len(result.articles)
    summary.skipped += result.skipped
    summary.events += len(result.events)
    summary._quarantine(quarantined)


def _select(
    chunk: list[Document | Quarantined], store: Store, seen_now: set[str], summary: RunSummary
) -> tuple[list[Document], list[Quarantined]]:
    """The chunk's documents that are neither stored nor met earlier in this run, and its reader quarantine
    records; the rest are counted as duplicates. Every runner selects with this one function."""
    quarantined = [item for item in chunk if isinstance(item, Quarantined)]
    documents = [item for item in chunk if isinstance(item, Document)]
    summary.read += len(chunk)
    stored = store.seen([d.doc_id for d in documents], [d.content_hash for d in documents])
    fresh: list[Document] = []
    for doc in documents:
        if (
            doc.doc_id in stored
            or doc.content_hash in stored
            or doc.doc_id in seen_now
            or doc.content_hash in seen_now
        ):
            summary.duplicates += 1
            continue
        seen_now.update((doc.doc_id, doc.content_hash))
        fresh.append(doc)
    return fresh, quarantined


def _screen(store: Store, fresh: list[Document], summary: RunSummary) -> list[Document]:
    """Every runner's second filter, after ``_select`` and before any partition is formed."""
    # Issue 5: near-duplicates (syndicated copies, re-posts) of a stored or earlier article are recorded as
    # "duplicate" documents linked to their canonical article, and not parsed (see eventwire.dedup).
    from eventwire.dedup import screen_documents

    fresh, near_duplicates = screen_documents(store, fresh)
    summary.duplicates += near_duplicates
    return fresh


def code_partitioned(
    paths: Iterable[str | Path],
    *,
    db: str | Path | None = None,
    out: str | Path | None = None,
    runner: Runner | None = None,
    batch_size: int = 64,
    max_bytes: int = DEFAULT_MAX_BYTES,
    run_dir: str | Path | None = None,
    on_document: Callable[[int], None] | None = None,
    on_partition: Callable[[int], None] | None = None,
    faults: Faults | None = None,
) -> RunSummary:
    """Code every document under ``paths`` in partitions of ``batch_size`` documents on ``runner``.

    The result goes into the database ``db`` (partition files are staged in ``run_dir``, by default
    ``DB.parts`` beside it, which must be on storage every worker shares), or, with ``out``, is the Parquet
    dataset in that folder. Killed at any point and started again, a run finishes with the same rows as an
    uninterrupted one. ``on_partition`` is called with the number of partitions settled so far;
    ``faults`` injects failures (tests only).
    """
    if (db is None) == (out is None):
        raise EventwireError("give a database (db) or an output folder (out), one of the two")
    paths = list(paths)
    check_paths(paths)
    runner = runner or Runner()
    summary = RunSummary()
    started = time.perf_counter()
    root = Path(out) if out is not None else Path(run_dir) if run_dir else Path(f"{db}.parts")
    settled = 0

    def settle(outcomes: list[Outcome]) -> None:
        nonlocal settled
        for outcome in outcomes:
            partition = outcome.partition
            if isinstance(outcome, Done):
                if not target.run_dir.is_complete(partition.pid):
                    raise ClusterError(
                        f"a worker on {outcome.report.host if outcome.report else '?'} finished partition "
                        f"{partition.pid}, but its files are not in {target.run_dir.root}: the run directory "
                        "must be on storage every machine shares, at the same path (--run-dir)"
                    )
                summary._add(target.run_dir.counts(partition.pid))
                target.load(partition)
                if outcome.report is not None:
                    summary.peak_worker_mb = max(summary.peak_worker_mb, outcome.report.peak_rss_mb)
            else:
                _fail_partition(outcome, target, summary)
            settled += 1
            if on_document:
                on_document(partition.size)
            if on_partition:
                on_partition(settled)

    # the cluster first: when it cannot be reached, no database file is left behind
    with open_executor(runner, root, faults) as executor, _Target(db, root) as target:
        seen_now: set[str] = set()
        chunks = _chunks(read_paths(paths, max_bytes), batch_size, PARTITION_MAX_CHARS, _chars)
        for index, chunk in enumerate(chunks):
            documents, quarantined = _select(chunk, target.store, seen_now, summary)
            documents = _screen(target.store, documents, summary)
            if quarantined:  # unreadable input: the driver records it, no worker needed
                target.quarantine(tuple(quarantined))
                summary._quarantine(quarantined)
            if not documents:
                if on_document:
                    on_document(len(chunk))
                continue
            partition = make_partition(index, tuple(documents), len(chunk))
            summary.partitions += 1
            if target.run_dir.is_complete(partition.pid):  # finished before an interruption
                summary.reused_partitions += 1
                settle([Done(partition, None)])
                continue
            while executor.pending() >= executor.capacity:
                settle(executor.wait())
            executor.submit(partition)
        while executor.pending():
            settle(executor.wait())
        target.finished = True
    summary.seconds = time.perf_counter() - started
    return summary


def _fail_partition(outcome: Failed, target: _Target, summary: RunSummary) -> None:
    summary.failed_partitions += 1
    reason = f"partition {outcome.partition.pid} failed after {outcome.attempts} attempt(s): {outcome.reason}"
    records = failed_records(outcome.partition, reason)
    target.quarantine(records)
    summary._quarantine(records)


class _Target:
    """Where finished partitions go. With a database they are loaded into it and their files removed. With
    ``out`` the files are the result, and a bookkeeping store in the folder (``_index.duckdb``) keeps only
    the document rows and the near-duplicate index, so a re-run skips what the dataset already holds."""

    def __init__(self, db: str | Path | None, root: Path) -> None:
        self.parquet = db is None
        if self.parquet:
            if not root.parent.exists():
                raise EventwireError(f"cannot create {root}: folder {root.parent} does not exist")
            root.mkdir(exist_ok=True)
        self.store = Store(root / INDEX_FILE) if db is None else Store(db)
        self.run_dir = RunDir(root)
        self.finished = False  # every partition settled: staging files can go

    def load(self, partition: Partition) -> None:
        if self.parquet:
            self.store.load_parquet({"documents": self.run_dir.file("documents", partition.pid)})
        else:
            self.store.load_parquet(self.run_dir.files(partition.pid))
            self.run_dir.remove(partition.pid)  # the store has it; a restart skips its documents as stored

    def quarantine(self, records: tuple[Quarantined, ...]) -> None:
        if self.parquet:
            self.run_dir.write_quarantine(records)
        else:
            self.store.write_batch([], [], [], records)

    def __enter__(self) -> _Target:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.close()
        if self.finished and self.parquet:
            self.run_dir.sweep()
        elif self.finished:
            shutil.rmtree(self.run_dir.root, ignore_errors=True)


def _chunks(
    items: Iterable[T], size: int, max_chars: int | None = None, weight: Callable[[T], int] = len
) -> Iterator[list[T]]:
    """Consecutive chunks of ``size`` items, cut early once their ``weight`` reaches ``max_chars``."""
    chunk: list[T] = []
    total = 0
    for item in items:
        chunk.append(item)
        total += weight(item) if max_chars else 0
        if len(chunk) >= size or (max_chars and total >= max_chars):
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk


def _chars(item: Document | Quarantined) -> int:
    return len(item.content) if isinstance(item, Document) else 0


def code_document(doc: Document, min_confidence: float = MIN_CONFIDENCE) -> list[Event]:
    """Extract, parse and code one Document in this process; raises DocumentError for a bad one.
    ``min_confidence=0`` keeps the events whose evidence is usually wrong too."""
    article = extract(doc)
    pipeline = nlp.pipeline()
    parsed, _ = next(nlp.parse([(article.text, None)]))
    return code_article(pipeline, parsed, article, min_confidence)


def code_text(
    text: str,
    published: str | None = None,
    doc_id: str | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[Event]:
    """Code plain article text (scraped page text is fine: boilerplate lines are removed first)."""
    digest = content_id(text)
    document = Document(doc_id or digest, "text", text, "<text>", digest, published=published)
    return code_document(document, min_confidence)


def code_html(html: str, url: str | None = None, doc_id: str | None = None) -> list[Event]:
    """Code an HTML page: main text and metadata are extracted with trafilatura first."""
    digest = content_id(html)
    return code_document(Document(doc_id or digest, "html", html, url or "<html>", digest, url=url))
