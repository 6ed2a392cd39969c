"""Exports: GDELT 2.0 event rows, PLOVER JSONL, CSV and Parquet; deterministic, and never overwriting by accident."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from eventwire.aggregate import update_clusters
from eventwire.cli import app
from eventwire.export import GDELT_COLUMNS, ExportError, export, global_event_id
from eventwire.model import Article, Entity, Event
from eventwire.store import DocumentRow, Store

cli = CliRunner()

# The GDELT 2.0 Event Codebook (V2.0, 2015), in file order: 61 tab-separated columns, no header.
CODEBOOK = """
GLOBALEVENTID SQLDATE MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code
Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code
Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles
AvgTone
Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat
Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat
Actor2Geo_Long Actor2Geo_FeatureID
ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat
ActionGeo_Long ActionGeo_FeatureID
DATEADDED SOURCEURL
""".split()


def _event(
    event_id: str,
    doc_id: str,
    kind: str,
    actor: tuple[Entity, ...],
    recipient: tuple[Entity, ...],
    when: str | None,
    cameo: str,
    goldstein: float,
    quad: int,
    confidence: float = 0.8,
    sentence_index: int = 0,
) -> Event:
    return Event(
        event_id=event_id,
        doc_id=doc_id,
        type=kind,
        mode="allege" if kind == "ACCUSE" else None,
        context=("military",) if kind == "ASSAULT" else (),
        actor=actor,
        recipient=recipient,
        date=when,
        date_granularity="day" if when else None,
        sentence_index=sentence_index,
        span=(0, 40),
        sentence="Russian forces shelled the city,\tofficials said.",
        trigger="shelled",
        trigger_span=(15, 22),
        rule="test",
        confidence=confidence,
        cameo=cameo,
        goldstein=goldstein,
        quad_class=quad,
    )


RUS_ARMY = (Entity("Russian forces", "RUS", ("MIL",), "demonym"),)
KHARKIV = (Entity("Kharkiv", "UKR", ("CVL",), "place"),)
UN = (Entity("the United Nations", "UNO", (), "organisation"),)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "x.duckdb"
    events = [
        _event("a1", "d1", "ASSAULT", RUS_ARMY, KHARKIV, "2024-03-10", "194", -10.0, 4, 0.9),
        _event("a2", "d2", "ASSAULT", RUS_ARMY, KHARKIV, "2024-03-10", "194", -10.0, 4, 0.7, 3),
        _event("a3", "d3", "ASSAULT", RUS_ARMY, KHARKIV, "2024-03-11", "190", -10.0, 4, 0.6, 2),
        _event(
            "r1", "d2", "REQUEST", (Entity("Kyiv", "UKR", ("GOV",), "capital"),), UN, None, "100", -5.0, 3
        ),
    ]
    with Store(path) as store:
        store.write_batch(
            [
                DocumentRow("d1", "h1", "1", "text", "https://one.example/a", "One Wire", "coded"),
                DocumentRow("d2", "h2", "2", "text", "https://two.example/b", "Two Post", "coded"),
                DocumentRow("d3", "h3", "3", "text", "https://three.example/c", None, "coded"),
            ],
            [
                Article(
                    "d1", "t", title="Shelling", published=date(2024, 3, 10), site="One Wire", language="en"
                ),
                Article("d2", "t", published=date(2024, 3, 11), language="en"),
                Article("d3", "t", published=date(2024, 3, 11)),
            ],
            events,
            [],
        )
        update_clusters(store)
    return path


def _export(db: Path, fmt: str, out: Path, force: bool = False) -> None:
    with Store(db) as store:
        export(store, fmt, out, force=force)


def test_gdelt_columns_are_the_codebooks() -> None:
    assert len(CODEBOOK) == 61
    assert list(GDELT_COLUMNS) == CODEBOOK


def test_gdelt_rows_one_per_cluster(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    _export(db, "gdelt", out)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""  # newline-terminated, no header
    rows = [dict(zip(CODEBOOK, line.split("\t"), strict=True)) for line in lines[:-1]]
    assert len(rows) == 2
    assault = next(r for r in rows if r["EventRootCode"] == "19")
    assert assault["GLOBALEVENTID"] == str(global_event_id("a1"))
    assert (assault["SQLDATE"], assault["MonthYear"], assault["Year"]) == ("20240310", "202403", "2024")
    assert assault["FractionDate"] == f"{2024 + (3 * 30 + 10) / 365:.4f}"
    assert (assault["Actor1Code"], assault["Actor1CountryCode"], assault["Actor1Type1Code"]) == (
        "RUSMIL",
        "RUS",
        "MIL",
    )
    assert assault["Actor1Name"] == "RUSSIAN FORCES" and assault["Actor2Code"] == "UKRCVL"
    assert (assault["EventCode"], assault["EventBaseCode"], assault["EventRootCode"]) == ("194", "194", "19")
    assert (assault["QuadClass"], assault["GoldsteinScale"]) == ("4", "-10.0")
    assert (assault["NumMentions"], assault["NumArticles"], assault["NumSources"]) == ("3", "3", "3")
    assert assault["IsRootEvent"] == "1"
    assert assault["SOURCEURL"] == "https://one.example/a"
    assert len(assault["DATEADDED"]) == 14 and assault["DATEADDED"].isdigit()
    assert all(assault[c] == "" for c in CODEBOOK if c.startswith(("ActionGeo_", "Actor1Geo_")))
    request = next(r for r in rows if r["EventRootCode"] == "10")
    # an undated event is filed under the day it was first reported; the UN is a group, not a country
    assert request["SQLDATE"] == "20240311"
    assert (request["Actor2Code"], request["Actor2CountryCode"], request["Actor2KnownGroupCode"]) == (
        "UNO",
        "",
        "UNO",
    )


@pytest.mark.parametrize("fmt", ["gdelt", "plover", "csv", "parquet"])
def test_re_exports_are_byte_identical(db: Path, tmp_path: Path, fmt: str) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _export(db, fmt, first)
    with Store(db) as store:
        assert update_clusters(store).written == 0
    _export(db, fmt, second)
    _export(db, fmt, first, force=True)

    def files(root: Path) -> dict[str, bytes]:
        if root.is_file():
            return {"": root.read_bytes()}
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert files(first) == files(second) and files(first)


def test_plover_records_use_the_manuals_field_names(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    _export(db, "plover", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4
    first = records[0]
    for key in (
        "id",
        "date",
        "actor",
        "recipient",
        "event",
        "mode",
        "context",
        "text",
        "text_info",
        "cite_info",
    ):
        assert key in first
    assert first["id"] == "a1" and first["event"] == ["ASSAULT"] and first["date"] == "2024-03-10"
    assert first["actor"] == [{"code": "RUS", "sector": "MIL", "entity_text": "Russian forces"}]
    assert first["text_info"] == {"sequence": 0, "start": 0, "end": 40}
    assert (
        first["cite_info"]["url"] == "https://one.example/a"
        and first["cite_info"]["publication"] == "One Wire"
    )
    assert {r["link"] for r in records if r["event"] == ["ASSAULT"]} == {"a1"}  # one happening, one link
    assert next(r for r in records if r["id"] == "r1")["date"] is None


def test_csv_has_one_row_per_event(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    _export(db, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["a1", "r1", "a2", "a3"]
    assert rows[0]["actor"] == "RUS/MIL" and rows[0]["cluster_id"] == "a1" and rows[0]["source"] == "One Wire"


def test_parquet_is_partitioned_by_date_and_readable(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    _export(db, "parquet", out)
    folders = sorted(str(p.relative_to(out)) for p in out.rglob("*.parquet"))
    assert folders == [
        "year=2024/month=3/part-0.parquet",
        "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/part-0.parquet",
    ]
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 4
    counts = duckdb.sql(
        f"SELECT year, month, count(*) FROM read_parquet('{out}/**/*.parquet', hive_partitioning = true) "
        "GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert counts[0] == (2024, 3, 3)


def test_parquet_reads_in_pandas(db: Path, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")  # not a dependency; the dataset is plain Hive-partitioned Parquet
    _export(db, "parquet", tmp_path / "events")
    assert len(pandas.read_parquet(tmp_path / "events")) == 4


def test_existing_targets_are_kept_without_force(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(ExportError, match="exists: use --force"):
        _export(db, "gdelt", out)
    assert out.read_text(encoding="utf-8") == "keep me"
    _export(db, "gdelt", out, force=True)
    assert out.read_text(encoding="utf-8").count("\n") == 2


def test_force_does_not_delete_a_folder_that_is_not_an_export(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(ExportError, match="refusing to replace"):
        _export(db, "parquet", folder, force=True)
    assert (folder / "notes.txt").exists()
    with pytest.raises(ExportError, match="not a file"):
        _export(db, "csv", folder, force=True)


def test_unwritable_targets_are_export_errors(db: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        _export(db, "csv", tmp_path / "missing" / "events.csv")
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            with pytest.raises(ExportError, match="not writable"):
                _export(db, "csv", locked / "events.csv")
        finally:
            locked.chmod(0o700)


def test_export_command(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    args = ["export", "--db", str(db), "--format", "gdelt", "--out", str(out)]
    first = cli.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "wrote 2 clusters" in first.stdout
    again = cli.invoke(app, args)
    assert again.exit_code == 2
    assert len(again.stderr.strip().splitlines()) == 1 and "--force" in again.stderr
    assert cli.invoke(app, [*args, "--force"]).exit_code == 0
    bad = cli.invoke(app, ["export", "--db", str(db), "--format", "xml", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "unknown format" in bad.stderr
