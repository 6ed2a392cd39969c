"""Near-duplicate articles: MinHash LSH over word shingles, so syndicated copies and re-posts are coded once.

An article's text is cut into overlapping 5-word shingles (case-folded words), summarised by a 128-permutation
MinHash, and looked up in an LSH index for articles whose estimated Jaccard similarity reaches ``THRESHOLD``.
Rewrites of a story by other outlets share few 5-word runs (under 0.1 on the test corpus) while a re-post with
a new headline or credit line keeps almost all of them (over 0.8), so the gap is wide; see docs/aggregate.md.

``screen_documents`` is what the runner calls for each batch, before parsing: it keeps the first telling (the
canonical article), and gives each copy a ``documents`` row with status "duplicate" whose reason names the
canonical article, and a ``duplicates`` row with the estimated similarity; copies are not parsed or coded.
Every kept article's signature is stored in ``article_signatures``, and the index is rebuilt from them when a
run starts, so copies are found across runs as well as within one batch.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from datasketch import LeanMinHash, MinHash, MinHashLSH

from eventwire.errors import DocumentError
from eventwire.ingest.extract import extract
from eventwire.model import Article, Document
from eventwire.store import DocumentRow, Store

SHINGLE_SIZE = 5
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch >= 2 asks for the permutation scheme; stored with each signature
THRESHOLD = 0.7

_WORD = re.compile(r"\w+")
_HASH_DTYPE = np.uint32

Signature = MinHash | LeanMinHash


@dataclass(frozen=True, slots=True)
class Match:
    """The stored article a text nearly duplicates, with the estimated Jaccard similarity of their shingles."""

    canonical_doc_id: str
    similarity: float


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[bytes]:
    """Overlapping runs of ``size`` case-folded words; a text shorter than that is one shingle."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> LeanMinHash:
    """The MinHash signature of a text's shingles."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(sorted(shingles(text)))
    return LeanMinHash(minhash)


def to_bytes(sig: Signature) -> bytes:
    return np.asarray(sig.hashvalues, dtype=_HASH_DTYPE).tobytes()


def from_bytes(blob: bytes) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(blob, dtype=_HASH_DTYPE), scheme=SCHEME)


class NearDuplicateIndex:
    """An LSH index of article signatures that answers: which indexed article does this text nearly copy?

    Signatures added in this process are held in memory; for the others (loaded with ``insert_stored``) only
    the LSH buckets are kept and ``fetch`` is asked for the few candidate signatures a query turns up.
    """

    def __init__(
        self,
        threshold: float = THRESHOLD,
        fetch: Callable[[list[str]], dict[str, LeanMinHash]] | None = None,
    ) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._held: dict[str, Signature] = {}
        self._fetch = fetch
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._lsh

    def add(self, doc_id: str, sig: Signature) -> None:
        """Index an article whose signature stays in memory."""
        self._insert(doc_id, sig)
        self._held[doc_id] = sig

    def insert_stored(self, items: Iterable[tuple[str, Signature]]) -> None:
        """Index stored articles without holding their signatures (``fetch`` finds them again)."""
        for doc_id, sig in items:
            self._insert(doc_id, sig)

    def _insert(self, doc_id: str, sig: Signature) -> None:
        if doc_id not in self._lsh:
            self._lsh.insert(doc_id, sig)
            self._size += 1

    def match(self, sig: Signature, exclude: str | None = None) -> Match | None:
        """The most similar indexed article at or above the threshold (ties: the smallest doc id), or None."""
        candidates = sorted(c for c in self._lsh.query(sig) if c != exclude)
        missing = [c for c in candidates if c not in self._held]
        fetched = self._fetch(missing) if missing and self._fetch else {}
        best: Match | None = None
        for doc_id in candidates:
            other = self._held.get(doc_id) or fetched.get(doc_id)
            if other is None:
                continue
            similarity = sig.jaccard(other)
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = Match(doc_id, similarity)
        return best


# One index per open store, built on first use and kept up to date by ``screen``; the store is the only writer.
_INDEXES: weakref.WeakKeyDictionary[Store, NearDuplicateIndex] = weakref.WeakKeyDictionary()


def index_for(store: Store) -> NearDuplicateIndex:
    """The store's index: its coded articles' stored signatures (computed first for articles that lack one)."""
    index = _INDEXES.get(store)
    if index is None:
        index = NearDuplicateIndex(fetch=lambda ids: stored_signatures(store, ids))
        _backfill(store)
        cursor = store.con.execute(
            "SELECT s.doc_id, s.signature FROM article_signatures s JOIN documents d ON d.doc_id = s.doc_id "
            "WHERE d.status = 'coded' AND s.num_perm = ? AND s.seed = ? AND s.scheme = ? ORDER BY s.doc_id",
            [NUM_PERM, SEED, SCHEME],
        )
        while rows := cursor.fetchmany(10_000):
            index.insert_stored((str(doc_id), from_bytes(blob)) for doc_id, blob in rows)
        _INDEXES[store] = index
    return index


def _backfill(store: Store) -> None:
    """Articles coded before signatures were stored (schema 1 files) get one now, once."""
    missing = [
        str(row[0])
        for row in store.con.execute(
            "SELECT a.doc_id FROM articles a JOIN documents d ON d.doc_id = a.doc_id WHERE d.status = 'coded' "
            "AND a.doc_id NOT IN (SELECT doc_id FROM article_signatures) ORDER BY a.doc_id"
        ).fetchall()
    ]
    for start in range(0, len(missing), 1000):
        rows = store.con.execute(
            "SELECT doc_id, text FROM articles WHERE doc_id IN (SELECT unnest(?))",
            [missing[start : start + 1000]],
        ).fetchall()
        _write_signatures(store, [(str(doc_id), signature(text or "")) for doc_id, text in rows])


def stored_signatures(store: Store, doc_ids: Sequence[str]) -> dict[str, LeanMinHash]:
    rows = store.con.execute(
        "SELECT doc_id, signature FROM article_signatures WHERE doc_id IN (SELECT unnest(?))", [list(doc_ids)]
    ).fetchall()
    return {doc_id: from_bytes(blob) for doc_id, blob in rows}


def screen_documents(store: Store, documents: Sequence[Document]) -> tuple[list[Document], int]:
    """The runner's hook: the documents still to code, and how many near-duplicates were recorded instead.

    Each document is extracted here to compare clean article text (the parse that follows extracts it again,
    cheaply next to parsing); one that fails extraction is passed on, to be skipped or quarantined as usual.
    The copies' ``documents`` rows are written now, so a re-run skips them as already seen.
    """
    extracted: list[tuple[Document, Article]] = []
    passed: set[str] = set()
    for doc in documents:
        try:
            extracted.append((doc, extract(doc)))
        except DocumentError:
            passed.add(doc.doc_id)
    kept, rows = screen(store, extracted)
    if rows:
        store.write_batch(rows, [], [], [])
    keep = passed | {doc.doc_id for doc, _ in kept}
    return [doc for doc in documents if doc.doc_id in keep], len(rows)


def screen(
    store: Store, articles: Sequence[tuple[Document, Article]]
) -> tuple[list[tuple[Document, Article]], list[DocumentRow]]:
    """Split a batch into the articles to code and the near-duplicates of a stored or earlier one.

    Returns the articles to code, in order, and a "duplicate" ``documents`` row for each copy (its reason
    names the canonical article); signatures of the kept articles and the copies' links are stored now.
    """
    index = index_for(store)
    kept: list[tuple[Document, Article]] = []
    rows: list[DocumentRow] = []
    signatures: list[tuple[str, Signature]] = []
    links: list[tuple[str, str, float]] = []
    for doc, article in articles:
        sig = signature(article.text)
        found = index.match(sig, exclude=doc.doc_id)
        if found is None:
            index.add(doc.doc_id, sig)
            signatures.append((doc.doc_id, sig))
            kept.append((doc, article))
            continue
        reason = f"near-duplicate of {found.canonical_doc_id} (similarity {found.similarity:.2f})"
        rows.append(
            DocumentRow(
                doc.doc_id, doc.content_hash, doc.origin, doc.kind, doc.url, doc.source, "duplicate", reason
            )
        )
        links.append((doc.doc_id, found.canonical_doc_id, round(found.similarity, 4)))
    _write_signatures(store, signatures, links)
    return kept, rows


def _write_signatures(
    store: Store, signatures: Sequence[tuple[str, Signature]], links: Sequence[tuple[str, str, float]] = ()
) -> None:
    """Upsert signatures and duplicate links in one transaction (a re-run after a crash rewrites them)."""
    if not signatures and not links:
        return
    sig_table = pa.table(
        {
            "doc_id": pa.array([d for d, _ in signatures], pa.string()),
            "num_perm": pa.array([NUM_PERM] * len(signatures), pa.int32()),
            "shingle_size": pa.array([SHINGLE_SIZE] * len(signatures), pa.int32()),
            "seed": pa.array([SEED] * len(signatures), pa.int32()),
            "scheme": pa.array([SCHEME] * len(signatures), pa.string()),
            "signature": pa.array([to_bytes(s) for _, s in signatures], pa.binary()),
        }
    )
    link_table = pa.table(
        {
            "doc_id": pa.array([d for d, _, _ in links], pa.string()),
            "canonical_doc_id": pa.array([c for _, c, _ in links], pa.string()),
            "similarity": pa.array([s for _, _, s in links], pa.float64()),
        }
    )
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        for name, table in (("article_signatures", sig_table), ("duplicates", link_table)):
            if table.num_rows:
                con.register("_dedup_rows", table)
                try:
                    con.execute(f"INSERT OR REPLACE INTO {name} BY NAME SELECT * FROM _dedup_rows")
                finally:
                    con.unregister("_dedup_rows")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def duplicates(store: Store) -> list[tuple[str, str, float]]:
    """Every stored link: (copy doc id, canonical doc id, estimated similarity), by copy id."""
    return [
        (str(d), str(c), float(s))
        for d, c, s in store.con.execute(
            "SELECT doc_id, canonical_doc_id, similarity FROM duplicates ORDER BY doc_id"
        ).fetchall()
    ]
