"""End to end through the command line: code, re-code, list, show, quarantine, demo."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli import app

runner = CliRunner()


def _events(db: Path) -> list[dict]:
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_code_twice_leaves_events_unchanged(scraped_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    first = runner.invoke(app, ["code", str(scraped_file), "--db", str(db)])
    assert first.exit_code == 0, first.output
    events = _events(db)
    assert events, "the fixture page has events"
    second = runner.invoke(app, ["code", str(scraped_file), "--db", str(db)])
    assert second.exit_code == 0
    assert "duplicates" in second.stdout
    assert len(_events(db)) == len(events)


def test_event_json_shape(scraped_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    runner.invoke(app, ["code", str(scraped_file), "--db", str(db)])
    event = _events(db)[0]
    for key in (
        "id",
        "doc_id",
        "type",
        "mode",
        "context",
        "actor",
        "recipient",
        "date",
        "quote",
        "sentence",
        "span",
        "confidence",
        "cameo",
        "goldstein",
        "quad_class",
    ):
        assert key in event
    assert {"text", "country", "sector"} <= set(event["actor"][0])
    assert 0 <= event["confidence"] <= 1


def test_bad_directory_codes_the_rest_and_exits_non_zero(bad_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["code", str(bad_dir), "--db", str(db)])
    assert result.exit_code == 1, result.output
    docs = {e["doc_id"] for e in _events(db)}
    assert "ok-1" in docs and len(docs) == 2  # the JSONL record and good.txt
    listing = runner.invoke(app, ["quarantine", "--db", str(db)])
    for reason in (
        "empty document",
        "binary content",
        "invalid UTF-8",
        "byte limit",
        "not JSON",
        "no article text",
    ):
        assert reason in listing.stdout.replace("\n", " ")
    # a second run stores nothing twice and loses nothing
    again = runner.invoke(app, ["code", str(bad_dir), "--db", str(db)])
    assert again.exit_code == 1
    assert {e["doc_id"] for e in _events(db)} == docs


def test_missing_path_and_unwritable_db_are_one_line_errors(scraped_file: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["code", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "s.duckdb")])
    assert missing.exit_code == 2
    assert "no such file" in missing.output and "Traceback" not in missing.output
    bad_db = runner.invoke(
        app, ["code", str(scraped_file), "--db", str(tmp_path / "no" / "dir" / "s.duckdb")]
    )
    assert bad_db.exit_code == 2
    assert "cannot create database" in bad_db.output


def test_show_marks_the_trigger(scraped_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    runner.invoke(app, ["code", str(scraped_file), "--db", str(db)])
    event = _events(db)[0]
    result = runner.invoke(app, ["show", event["id"][:12], "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert event["trigger"] in result.stdout
    assert "why:" in result.stdout


def test_demo_codes_the_bundled_samples(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    result = runner.invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    events = _events(db)
    assert len({e["doc_id"] for e in events}) >= 4
    assert len(events) >= 10
