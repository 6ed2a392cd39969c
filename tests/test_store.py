from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import StoreError
from eventwire.model import Article, Entity, Event, Quarantined
from eventwire.store import DocumentRow, EventFilter, Store


def _event(event_id: str, kind: str = "ACCUSE") -> Event:
    return Event(
        event_id=event_id,
        doc_id="d1",
        type=kind,
        mode="disapprove",
        context=("diplomatic",),
        actor=(Entity("Moscow", "RUS", ("GOV",), "capital"),),
        recipient=(Entity("NATO", "IGO", (), "organisation"),),
        date="2022-02-04",
        date_granularity="day",
        sentence_index=0,
        span=(0, 20),
        sentence="Moscow criticised NATO.",
        trigger="criticised",
        trigger_span=(7, 17),
        rule="test",
        confidence=0.8,
        cameo="111",
        goldstein=-2.0,
        quad_class=3,
        speaker=Entity("Zakharova", "RUS", ("GOV",), "person"),
        explanation=("trigger:criticise",),
    )


def _write(store: Store) -> None:
    store.write_batch(
        [DocumentRow("d1", "h1", "x.txt", "text", None, None, "coded")],
        [Article("d1", "Moscow criticised NATO.", title="T")],
        [_event("e1"), _event("e2", "REJECT")],
        [Quarantined("bad.bin", "EW102", "binary content, not text")],
    )


def test_roundtrip_and_idempotent_appends(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        _write(store)
        _write(store)  # the same batch again adds nothing
        assert store.counts() == {"documents": 1, "articles": 1, "events": 2, "quarantine": 1}
        rows = store.events(EventFilter(actor="rus", recipient="IGO", type="accuse"))
        assert [r["event_id"] for r in rows] == ["e1"]
        assert rows[0]["actor"] == [
            {"text": "Moscow", "country": "RUS", "sector": ["GOV"], "kind": "capital"}
        ]
        assert rows[0]["speaker"]["text"] == "Zakharova"
        assert store.seen(["d1", "zz"], []) == {"d1", "h1"}


def test_filters_are_parameters_not_sql(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        _write(store)
        assert store.events(EventFilter(actor="RUS' OR '1'='1")) == []
        assert store.counts()["events"] == 2


def test_unwritable_locations_are_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing" / "s.duckdb")
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "absent.duckdb", read_only=True)
    (tmp_path / "notdb.duckdb").write_text("this is not a database")
    with pytest.raises(StoreError):
        Store(tmp_path / "notdb.duckdb")
