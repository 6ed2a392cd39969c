"""User actor dictionaries: overrides win, conflicts are reported, malformed files name file, line and field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.actors.lexicon import load_lexicon, lookup
from eventwire.cli import app
from eventwire.config import load_settings
from eventwire.errors import DataFileError

GOOD = """actors:
  - name: Azov Brigade
    aliases: [Azov Regiment]
    country: UKR
    sector: [MIL]
  - name: Jane Example
    aliases: [Example]
    country: NZL
    sector: GOV
    office: Foreign Minister
    since: 2020-01-01
    until: 2023-06-30
  - name: Kremlin
    country: XXK
"""


@pytest.fixture
def actors_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_user_entries_are_added_and_override_with_a_reported_conflict(actors_file: Path) -> None:
    files = (str(actors_file),)
    assert lookup("Azov Regiment", user_files=files)[0].code == "UKR"
    assert lookup("Kremlin", user_files=files)[0].code == "XXK"
    assert lookup("Kremlin")[0].code == "RUS"  # the shipped reading is untouched without the file
    assert any("Kremlin" in line and "RUS" in line for line in load_lexicon(files).conflicts)


def test_dated_person_is_gov_in_office_and_eli_afterwards(actors_file: Path) -> None:
    files = (str(actors_file),)
    (during,) = lookup("Jane Example", date(2021, 5, 1), files)
    (after,) = lookup("Example", date(2024, 5, 1), files)
    assert (during.code, during.sector) == ("NZL", ("GOV",))
    assert (after.code, after.sector) == ("NZL", ("ELI",))
    assert after.office == "former Foreign Minister"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("actors:\n  - name: X\n", "mine.yaml:2: field 'country' is missing"),
        ("actors:\n  - name: X\n    country: Russia\n", "mine.yaml:3: field 'country'"),
        ("actors:\n  - name: X\n    country: RUS\n    sector: [BOSS]\n", "mine.yaml:4: field 'sector'"),
        ("actors:\n  - name: X\n    country: RUS\n    since: last year\n", "mine.yaml:4: field 'since'"),
        ("actors:\n  - name: X\n    country: RUS\n    colour: red\n", "mine.yaml:4: field 'colour'"),
        ("actors:\n  - name: [X\n", "mine.yaml:3: not valid YAML"),
        ("people:\n  - name: X\n", "expected a top-level 'actors:' list"),
    ],
)
def test_malformed_files_name_file_line_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_lexicon((str(path),))
    assert message in str(info.value)


def test_config_file_names_actor_files(
    tmp_path: Path, actors_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVENTWIRE_CONFIG", raising=False)
    (tmp_path / "eventwire.toml").write_text('actors = ["mine.yaml"]\n', encoding="utf-8")
    assert load_settings(cwd=tmp_path).actors == (str(actors_file.resolve()),)
    (tmp_path / "eventwire.toml").write_text('actor = ["mine.yaml"]\n', encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown setting"):
        load_settings(cwd=tmp_path)


def test_lookup_command(actors_file: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["actors", "lookup", "Hamas", "--date", "2005-01-01"])
    assert result.exit_code == 0 and "PSE" in result.stdout and "PTY" in result.stdout
    result = runner.invoke(app, ["actors", "lookup", "Azov Brigade", "--actors", str(actors_file)])
    assert result.exit_code == 0 and "UKR MIL" in result.stdout
    bad = runner.invoke(app, ["actors", "lookup", "Hamas", "--date", "yesterday"])
    assert bad.exit_code == 2


def test_code_uses_user_actors_and_rejects_a_bad_file_before_coding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    monkeypatch.delenv("EVENTWIRE_ACTORS", raising=False)
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "actors:\n  - name: Zorblat Front\n    country: KEN\n    sector: [REB]\n", encoding="utf-8"
    )
    page = tmp_path / "page.txt"
    page.write_text("The Zorblat Front attacked a police station in Nairobi on Monday.", encoding="utf-8")
    runner = CliRunner()
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["code", str(page), "--db", str(db), "--actors", str(mine)])
    assert result.exit_code == 0, result.output
    events = json.loads(runner.invoke(app, ["events", "--db", str(db), "--format", "json"]).stdout)
    assert [(a["country"], a["sector"]) for e in events for a in e["actor"]] == [("KEN", ["REB"])]
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - name: X\n    country: Kenya\n", encoding="utf-8")
    refused = runner.invoke(
        app, ["code", str(page), "--db", str(tmp_path / "t.duckdb"), "--actors", str(bad)]
    )
    assert refused.exit_code == 2
    assert "bad.yaml:3" in refused.output and "country" in refused.output
    assert not (tmp_path / "t.duckdb").exists()
