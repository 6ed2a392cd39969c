"""One batch of documents through the stages: extract -> parse -> code, with the per-document error policy.

The same function runs in the driver (in-process runs), in a process-pool worker and on a Dask worker; it
never touches the store, so its result can go to DuckDB directly or to Parquet partition files.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from eventwire import nlp
from eventwire.errors import DocumentError, UnsupportedLanguage
from eventwire.events.coder import code_article
from eventwire.ingest.extract import extract
from eventwire.model import Article, Document, Event, Quarantined
from eventwire.store import DocumentRow


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch produced: document rows (coded or skipped), articles, events and quarantine records."""

    rows: tuple[DocumentRow, ...]
    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    quarantined: tuple[Quarantined, ...]

    @property
    def skipped(self) -> int:
        return sum(1 for row in self.rows if row.status == "skipped")


def process(documents: Sequence[Document]) -> BatchResult:
    """Extract, parse (one ``nlp.pipe`` pass) and code fresh documents; a bad one is quarantined, not raised."""
    rows: list[DocumentRow] = []
    quarantined: list[Quarantined] = []
    extracted: list[tuple[Document, Article]] = []
    for doc in documents:
        try:
            extracted.append((doc, extract(doc)))
        except UnsupportedLanguage as exc:
            rows.append(document_row(doc, "skipped", str(exc)))
        except DocumentError as exc:
            quarantined.append(Quarantined(doc.origin, exc.code, str(exc), doc.doc_id))
    events: list[Event] = []
    coded: list[Article] = []
    for (doc, article), result in zip(extracted, _code_all([a for _, a in extracted]), strict=True):
        if isinstance(result, Quarantined):
            quarantined.append(Quarantined(doc.origin, result.code, result.reason, doc.doc_id))
            continue
        rows.append(document_row(doc, "coded", None))
        coded.append(article)
        events.extend(result)
    return BatchResult(tuple(rows), tuple(coded), tuple(events), tuple(quarantined))


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


def document_row(doc: Document, status: str, reason: str | None) -> DocumentRow:
    return DocumentRow(
        doc.doc_id, doc.content_hash, doc.origin, doc.kind, doc.url, doc.source, status, reason
    )
