"""The pieces of a partitioned run, without workers: partition ids, the run directory, Parquet loading."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from eventwire.model import Article, Document, Entity, Event, Quarantined
from eventwire.partitions import RunDir, failed_records, make_partition
from eventwire.runner import RunSummary, _chunks, _select
from eventwire.store import BATCH_TABLES, DocumentRow, Store, batch_tables


def _doc(n: int, text: str | None = None) -> Document:
    body = text or f"Document number {n}."
    return Document(f"d{n}", "text", body, f"feed.jsonl:{n}", f"h{n}")


def _event(doc_id: str) -> Event:
    return Event(
        event_id=f"e-{doc_id}",
        doc_id=doc_id,
        type="ACCUSE",
        mode=None,
        context=(),
        actor=(Entity("Moscow", "RUS", ("GOV",), "capital"), Entity("Minsk", "BLR", (), "capital")),
        recipient=(Entity("NATO", "IGO", (), "organisation"),),
        date=None,
        date_granularity=None,
        sentence_index=0,
        span=(0, 10),
        sentence="Moscow and Minsk accused NATO.",
        trigger="accused",
        trigger_span=(17, 24),
        rule="test",
        confidence=0.5,
        cameo="112",
        goldstein=-2.0,
        quad_class=3,
    )


def _tables(doc_id: str = "d1") -> dict:
    return batch_tables(
        [DocumentRow(doc_id, f"h-{doc_id}", "x.txt", "text", None, None, "coded")],
        [Article(doc_id, "Moscow and Minsk accused NATO.")],
        [_event(doc_id)],
        [Quarantined("bad.txt", "EW101", "empty document")],
    )


def test_partition_id_depends_only_on_what_it_holds() -> None:
    docs = (_doc(1), _doc(2))
    first = make_partition(0, docs, 2)
    assert make_partition(5, docs, 9).pid == first.pid
    assert make_partition(0, tuple(reversed(docs)), 2).pid != first.pid
    assert make_partition(0, docs[:1], 2).pid != first.pid
    changed = Document("d2", "text", "Edited.", "feed.jsonl:2", "h2-edited")
    assert make_partition(0, (docs[0], changed), 2).pid != first.pid


@pytest.mark.parametrize("table", BATCH_TABLES)
def test_parquet_layout_mirrors_the_store_tables(table: str, tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        columns = [row[0] for row in store.con.execute(f"DESCRIBE {table}").fetchall()]
    empty = batch_tables([], [], [], [])[table]
    assert set(empty.column_names) == set(columns)
    assert _tables()[table].schema == empty.schema  # typed alike whether rows are present or not


def test_a_partition_is_complete_only_when_its_commit_file_is_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = RunDir(tmp_path / "run")
    real_replace = os.replace

    def crash_on_commit(src: str, dst: str) -> None:
        if Path(dst).parent.name == "documents":
            raise KeyboardInterrupt  # killed between the renames
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_commit)
    with pytest.raises(KeyboardInterrupt):
        run.write("p1", _tables())
    assert run.file("events", "p1").exists()
    assert not run.is_complete("p1")
    monkeypatch.setattr(os, "replace", real_replace)
    run.write_quarantine((Quarantined("bad.txt", "EW101", "empty document"),))
    run.sweep()  # the end of a run: files without a commit record go, the driver's quarantine stays
    assert not run.file("events", "p1").exists()
    assert [p.name[:2] for p in (tmp_path / "run" / "quarantine").iterdir()] == ["q-"]
    run.write("p1", _tables())  # the retry rewrites every file
    assert run.is_complete("p1")
    counts = run.counts("p1")
    assert (counts.coded, counts.skipped, counts.events, counts.reasons) == (1, 0, 1, {"EW101": 1})
    assert not any((tmp_path / "run" / "_tmp").iterdir())


def test_loading_a_partition_twice_adds_nothing(tmp_path: Path) -> None:
    run = RunDir(tmp_path / "run")
    run.write("p1", _tables("d1"))
    with Store(tmp_path / "s.duckdb") as store:
        store.load_parquet(run.files("p1"))
        first = store.counts()
        store.load_parquet(run.files("p1"))
        assert store.counts() == first == {"documents": 1, "articles": 1, "events": 1, "quarantine": 1}
        event = store.events()[0]
        assert [a["country"] for a in event["actor"]] == ["RUS", "BLR"]
        assert event["actor_country"] == ["BLR", "RUS"]


def test_parquet_files_read_with_duckdb(tmp_path: Path) -> None:
    run = RunDir(tmp_path / "run")
    run.write("p1", _tables("d1"))
    run.write("p2", _tables("d2"))
    rows = duckdb.sql(
        f"SELECT doc_id, trigger FROM read_parquet('{tmp_path}/run/events/*.parquet') ORDER BY doc_id"
    ).fetchall()
    assert rows == [("d1", "accused"), ("d2", "accused")]
    run.remove("p1")
    assert not run.is_complete("p1") and not run.file("events", "p1").exists()


def test_select_counts_stored_and_repeated_documents_as_duplicates(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch([DocumentRow("d1", "h1", "a", "text", None, None, "coded")], [], [], [])
        summary = RunSummary()
        seen_now: set[str] = set()
        bad = Quarantined("feed.jsonl:9", "EW104", "not JSON")
        same_content = Document("other", "text", "x", "feed.jsonl:4", "h2")
        fresh, quarantined = _select([_doc(1), _doc(2), bad, same_content], store, seen_now, summary)
        assert [d.doc_id for d in fresh] == ["d2"] and quarantined == [bad]
        again, _ = _select([_doc(2), _doc(3)], store, seen_now, summary)
        assert [d.doc_id for d in again] == ["d3"]
        assert (summary.read, summary.duplicates) == (6, 3)


def test_failed_partition_quarantines_every_document_with_the_reason() -> None:
    partition = make_partition(3, (_doc(1), _doc(2)), 2)
    records = failed_records(partition, "worker died")
    assert [(r.origin, r.doc_id, r.code, r.reason) for r in records] == [
        ("feed.jsonl:1", "d1", "EW500", "worker died"),
        ("feed.jsonl:2", "d2", "EW500", "worker died"),
    ]


def test_driver_quarantine_files_are_named_by_their_records(tmp_path: Path) -> None:
    run = RunDir(tmp_path / "run")
    bad = (Quarantined("feed.jsonl:9", "EW104", "not JSON"),)
    run.write_quarantine(bad)
    run.write_quarantine(bad)  # a re-run over the same input replaces the file
    run.write_quarantine((Quarantined("x.bin", "EW102", "binary"),))
    rows = duckdb.sql(f"SELECT origin FROM read_parquet('{tmp_path}/run/quarantine/*.parquet') ORDER BY 1")
    assert rows.fetchall() == [("feed.jsonl:9",), ("x.bin",)]


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        ([1, 1, 1, 1, 1], [[1, 1, 1], [1, 1]]),  # three items a chunk
        ([1, 9, 1, 1], [[1, 9], [1, 1]]),  # the text limit cuts before the count does
        ([12, 1, 1], [[12], [1, 1]]),  # one big document makes a chunk of its own
    ],
)
def test_chunks_are_cut_by_count_and_by_text_size(sizes: list[int], expected: list[list[int]]) -> None:
    assert list(_chunks(sizes, 3, max_chars=10, weight=lambda n: n)) == expected
