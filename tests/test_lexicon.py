"""The shipped actor and trigger dictionaries load, are well-formed, and say what they should."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.actors.lexicon import load_lexicon
from eventwire.events.triggers import load_triggers
from eventwire.ontology import PLOVER_TYPES, cameo_table


@pytest.mark.parametrize(
    ("surface", "code", "kind"),
    [("Russia", "RUS", "country"), ("Russian", "RUS", "demonym"), ("Moscow", "RUS", "capital"),
     ("Kremlin", "RUS", "seat"), ("White House", "USA", "seat"), ("U.S.", "USA", "country"),
     ("Burma", "MMR", "country"), ("NATO", "IGO", "organisation"), ("U.N.", "UNO", "organisation"),
     ("European Union", "EUR", "organisation"), ("Amnesty International", "NGO", "organisation"),
     # UN bodies are UNO; organisations of their own that work with the UN are IGO (gold README: IAEA)
     ("IAEA", "IGO", "organisation"), ("IMF", "IGO", "organisation"), ("World Bank", "IGO", "organisation"),
     ("UNICEF", "UNO", "organisation"), ("Northern Ireland", "GBR", "country"),
     ("East Jerusalem", "PSE", "capital"), ("Kampuchean", "KHM", "demonym")],
)  # fmt: skip
def test_names(surface: str, code: str, kind: str) -> None:
    readings = load_lexicon().readings(surface)
    assert any(r.code == code and r.kind == kind for r in readings), readings


def test_dated_organisation_changes_sector() -> None:
    lexicon = load_lexicon()
    before = lexicon.readings("Taliban", date(2019, 5, 1))
    after = lexicon.readings("Taliban", date(2023, 5, 1))
    assert before[0].sector != after[0].sector
    assert "GOV" in after[0].sector


def test_all_un_members_are_present() -> None:
    codes = {e.code for readings in load_lexicon().names.values() for e in readings if e.kind == "country"}
    assert len(codes) >= 195
    assert {"RUS", "USA", "CHN", "SSD", "TLS", "PSE", "KOS", "VAT"} <= codes


def test_trigger_rows_are_valid() -> None:
    table = cameo_table()
    rows = [row for rows in load_triggers().values() for row in rows]
    assert len(rows) > 800
    assert {row.type for row in rows} == set(PLOVER_TYPES)
    for row in rows:
        assert row.pos in {"VERB", "NOUN", "ADJ"}
        assert row.cameo is None or row.cameo in table


@pytest.mark.parametrize(
    ("name", "day", "sector"),
    [("Donald Trump", date(2019, 5, 1), "GOV"), ("Trump", date(2022, 5, 1), "ELI"),
     ("Trump", date(2025, 6, 1), "GOV"), ("Sergey Lavrov", date(2022, 2, 10), "GOV")],
)  # fmt: skip
def test_office_holders_are_coded_by_date(name: str, day: date, sector: str) -> None:
    (reading,) = load_lexicon().readings(name, day)
    assert sector in reading.sector
    assert reading.kind == "person"


@pytest.mark.parametrize(
    ("name", "day", "code", "sector"),
    [("President Reagan", date(1985, 6, 1), "USA", "GOV"), ("Gorbachev", date(1988, 6, 1), "RUS", "GOV"),
     ("Mitterand", date(1986, 4, 20), "FRA", "GOV"), ("Zia-ul-Haq", date(1984, 5, 1), "PAK", "GOV"),
     ("Prosper Avril", date(1989, 5, 1), "HTI", "GOV"), ("Mandela", date(1985, 1, 1), "ZAF", "OPP"),
     ("Mandela", date(1995, 1, 1), "ZAF", "GOV"), ("Gorbachev", date(1995, 1, 1), "RUS", "ELI")],
)  # fmt: skip
def test_historical_office_holders_are_coded_by_date(name: str, day: date, code: str, sector: str) -> None:
    (reading,) = load_lexicon().readings(name, day)
    assert (reading.code, reading.sector) == (code, (sector,)), reading


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("prisoner", "CRM"),
        ("fundamentalist", "REL"),
        ("elder", "ELI"),
        ("lawyer", "JUD"),
        ("peacekeeper", "MIL"),
    ],
)
def test_people_nouns_are_roles(phrase: str, sector: str) -> None:
    role = load_lexicon().roles[tuple(phrase.split())]
    assert role.sector == sector and role.human


def test_a_shared_surname_reads_as_the_one_in_office_that_day() -> None:
    lexicon = load_lexicon()
    assert [e.code for e in lexicon.by_surname("Schmidt", date(1978, 1, 1))] == ["DEU"]
    assert lexicon.by_surname("Schmidt") == ()  # undated: who is meant cannot be told
