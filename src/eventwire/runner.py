"""Wire the stages: read -> extract -> parse -> code -> store, in batches, with a per-document error policy.

A document that fails at any stage becomes a quarantine record with its reason; the batch goes on. Documents
already stored (same id or same content) are skipped, so a re-run adds nothing and a killed run resumes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from eventwire import nlp
from eventwire.errors import DocumentError, UnsupportedLanguage
from eventwire.events.coder import code_article
from eventwire.ingest.extract import extract
from eventwire.ingest.readers import DEFAULT_MAX_BYTES, check_paths, read_paths
from eventwire.model import Article, Document, Event, Quarantined, content_id
from eventwire.store import DocumentRow, Store

T = TypeVar("T")


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

    @property
    def articles_per_second(self) -> float:
        return self.coded / self.seconds if self.seconds > 0 else 0.0

    @property
    def ok(self) -> bool:
        return self.quarantined == 0


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
    rows: list[DocumentRow] = []
    articles: list[tuple[Document, Article]] = []
    for doc in fresh:
        try:
            articles.append((doc, extract(doc)))
        except UnsupportedLanguage as exc:
            rows.append(_row(doc, "skipped", str(exc)))
            summary.skipped += 1
        except DocumentError as exc:
            quarantined.append(Quarantined(doc.origin, exc.code, str(exc), doc.doc_id))
    events: list[Event] = []
    coded: list[Article] = []
    for (doc, article), result in zip(articles, _code_all([a for _, a in articles]), strict=True):
        if isinstance(result, Quarantined):
            quarantined.append(Quarantined(doc.origin, result.code, result.reason, doc.doc_id))
            continue
        rows.append(_row(doc, "coded", None))
        coded.append(article)
        events.extend(result)
    store.write_batch(rows, coded, events, quarantined)
    summary.coded += len(coded)
    summary.events += len(events)
    summary.quarantined += len(quarantined)
    for item in quarantined:
        summary.reasons[item.code] = summary.reasons.get(item.code, 0) + 1


def _code_all(articles: list[Article]) -> Iterator[list[Event] | Quarantined]:
    """Parse in one ``nlp.pipe`` batch; a failure inside one article's coding quarantines only that article."""
    pipeline = nlp.pipeline()
    for doc, article in nlp.parse((a.text, a) for a in articles):
        try:
            yield code_article(pipeline, doc, article)
        except Exception as exc:
            yield Quarantined(
                article.doc_id, "EW199", f"internal error while coding: {type(exc).__name__}: {exc}"
            )


def _row(doc: Document, status: str, reason: str | None) -> DocumentRow:
    return DocumentRow(
        doc.doc_id, doc.content_hash, doc.origin, doc.kind, doc.url, doc.source, status, reason
    )


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def code_document(doc: Document) -> list[Event]:
    """Extract, parse and code one Document in this process; raises DocumentError for a bad one."""
    article = extract(doc)
    pipeline = nlp.pipeline()
    parsed, _ = next(nlp.parse([(article.text, None)]))
    return code_article(pipeline, parsed, article)


def code_text(text: str, published: str | None = None, doc_id: str | None = None) -> list[Event]:
    """Code plain article text (scraped page text is fine: boilerplate lines are removed first)."""
    digest = content_id(text)
    return code_document(Document(doc_id or digest, "text", text, "<text>", digest, published=published))


def code_html(html: str, url: str | None = None, doc_id: str | None = None) -> list[Event]:
    """Code an HTML page: main text and metadata are extracted with trafilatura first."""
    digest = content_id(html)
    return code_document(Document(doc_id or digest, "html", html, url or "<html>", digest, url=url))
