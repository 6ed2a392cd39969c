"""Near-duplicate articles: copies are linked to their canonical article with a similarity, and not coded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire import dedup
from eventwire.model import Article, Document, content_id
from eventwire.runner import code_paths
from eventwire.store import DocumentRow, Store

CORPUS = Path(__file__).parent / "fixtures" / "one_story_five_outlets.jsonl"


def _corpus() -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines())}


def _doc(doc_id: str, text: str, url: str | None = None) -> Document:
    return Document(doc_id, "text", text, f"{doc_id}.txt", content_id(text), url=url)


def test_copies_score_high_and_retellings_low() -> None:
    texts = {k: r["text"] for k, r in _corpus().items()}
    sig = {k: dedup.signature(t) for k, t in texts.items()}
    assert sig["story-andean"].jaccard(sig["repost-andean"]) >= dedup.THRESHOLD
    assert sig["story-global"].jaccard(sig["repost-global"]) >= dedup.THRESHOLD
    tellings = [k for k in texts if k.startswith("story-")]
    for i, a in enumerate(tellings):
        for b in tellings[i + 1 :]:
            assert sig[a].jaccard(sig[b]) < 0.2, (a, b)


def test_shingles_are_case_and_punctuation_blind() -> None:
    assert dedup.shingles("Peru's army SHELLED the town, officials said.") == dedup.shingles(
        "peru s army shelled the town officials said"
    )
    assert dedup.shingles("Too short") == {b"too short"}


def test_index_returns_the_best_match_above_the_threshold() -> None:
    base = _corpus()["story-andean"]["text"]
    index = dedup.NearDuplicateIndex()
    index.add("a", dedup.signature(base))
    index.add("b", dedup.signature(_corpus()["story-pacific"]["text"]))
    found = index.match(dedup.signature(base + "\n\nShared by a reader."))
    assert found is not None and found.canonical_doc_id == "a" and found.similarity > 0.8
    assert index.match(dedup.signature(base), exclude="a") is None
    assert index.match(dedup.signature(_corpus()["other-aid"]["text"])) is None


def test_screen_links_copies_in_a_batch_and_across_runs(tmp_path: Path) -> None:
    texts = _corpus()
    db = tmp_path / "d.duckdb"
    original = texts["story-andean"]["text"]
    with Store(db) as store:
        docs = [
            _doc("orig", original),
            _doc("copy-1", original + "\n\nThis story was first published by Andean Wire."),
            _doc("other", texts["other-aid"]["text"]),
        ]
        kept, count = dedup.screen_documents(store, docs)
        assert [d.doc_id for d in kept] == ["orig", "other"] and count == 1
        row = store.con.execute("SELECT status, reason FROM documents WHERE doc_id = 'copy-1'").fetchone()
        assert row[0] == "duplicate" and "near-duplicate of orig" in row[1]
        # the runner would now code the kept ones; mark them coded as write_batch does
        store.write_batch(
            [DocumentRow(d.doc_id, d.content_hash, d.origin, d.kind, None, None, "coded") for d in kept],
            [Article(d.doc_id, d.content) for d in kept],
            [],
            [],
        )
    with Store(db) as store:  # a new run rebuilds the index from stored signatures
        kept, count = dedup.screen_documents(store, [_doc("copy-2", "BREAKING: " + original)])
        assert kept == [] and count == 1
        links = dedup.duplicates(store)
        assert [(d, c) for d, c, _ in links] == [("copy-1", "orig"), ("copy-2", "orig")]
        assert all(0.7 <= s <= 1.0 for _, _, s in links)
        assert store.con.execute("SELECT count(*) FROM article_signatures").fetchone()[0] == 2


def test_articles_stored_without_signatures_are_backfilled(tmp_path: Path) -> None:
    text = _corpus()["story-global"]["text"]
    with Store(tmp_path / "d.duckdb") as store:
        store.write_batch(
            [DocumentRow("old", content_id(text), "old.txt", "text", None, None, "coded")],
            [Article("old", text)],
            [],
            [],
        )
        kept, count = dedup.screen_documents(store, [_doc("new", text + "\nRepublished with permission.")])
        assert kept == [] and count == 1
        assert dedup.duplicates(store)[0][:2] == ("new", "old")


def test_the_same_article_under_two_urls_is_coded_once(tmp_path: Path) -> None:
    story = _corpus()["story-courier"]
    feed = tmp_path / "feed.jsonl"
    records = [
        {"id": "first", "url": "https://a.example/x", "text": story["text"], "published": "2024-03-11"},
        {
            "id": "same-text",
            "url": "https://a.example/x?amp=1",
            "text": story["text"],
            "published": "2024-03-11",
        },
        {
            "id": "near-copy",
            "url": "https://b.example/y",
            "text": story["text"] + "\nCopyright Southern Courier.",
            "published": "2024-03-11",
        },
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "d.duckdb"
    summary = code_paths([feed], db)
    assert summary.coded == 1 and summary.duplicates == 2
    with Store(db, read_only=True) as store:
        docs = {r[0] for r in store.con.execute("SELECT DISTINCT doc_id FROM events").fetchall()}
        assert docs == {"first"}
        assert dedup.duplicates(store)[0][:2] == ("near-copy", "first")


@pytest.mark.parametrize(("threshold", "linked"), [(0.2, True), (0.5, False)])
def test_threshold_is_respected(threshold: float, linked: bool) -> None:
    base = " ".join(f"word{i}" for i in range(200))
    half = " ".join(f"word{i}" for i in range(100)) + " " + " ".join(f"other{i}" for i in range(100))
    index = dedup.NearDuplicateIndex(threshold=threshold)
    index.add("base", dedup.signature(base))
    found = index.match(dedup.signature(half))  # the shingle sets' Jaccard similarity is 96/296
    assert (found is not None) is linked
