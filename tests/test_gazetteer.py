"""The offline gazetteer: cities with coordinates, and first-level subdivisions (provinces) without."""

from __future__ import annotations

import pytest

from eventwire import gazetteer
from eventwire.gazetteer import Place
from eventwire.runner import code_text


def test_a_province_names_its_country_and_has_no_coordinates() -> None:
    assert gazetteer.find("Sindh") == Place("Sindh", "PAK", None, None, 0, "province")
    assert gazetteer.find("Helmand") == Place("Helmand", "AFG", None, None, 0, "province")


@pytest.mark.parametrize(
    ("name", "country", "official"),
    [
        ("Nangarhar", "AFG", "Nangarhār"),  # accents stripped
        ("Anbar", "IRQ", "Al Anbār"),  # Arabic article dropped
        ("al-Anbar", "IRQ", "Al Anbār"),
        ("Diyala", "IRQ", "Diyālá"),
        ("Marib", "YEM", "Ma’rib"),  # hamza dropped
        ("Donetsk Oblast", "UKR", "Donetska oblast"),  # Ukrainian adjective read as its seat's name
        ("Donetska oblast", "UKR", "Donetska oblast"),
        ("Belgorod region", "RUS", "Belgorodskaya oblast'"),
        ("Ingushetia", "RUS", "Ingushetiya"),
        ("Chechen Republic", "RUS", "Chechenskaya Respublika"),
        ("Xinjiang", "CHN", "Xinjiang Uygur Zizhiqu"),
        ("Gyeonggi", "KOR", "Gyeonggi-do"),
        ("Kurdistan", "IRQ", "Iqlīm Kūrdistān"),
    ],
)
def test_provinces_answer_to_the_spellings_news_uses(name: str, country: str, official: str) -> None:
    place = gazetteer.find(name)
    assert place is not None
    assert (place.country, place.name, place.kind, place.latitude) == (country, official, "province", None)


def test_a_trailing_type_word_reaches_the_province() -> None:
    assert gazetteer.find("Sindh province") == gazetteer.find("Sindh")
    assert gazetteer.find("Helmand Province") == gazetteer.find("Helmand")
    assert gazetteer.find("Rakhine State").country == "MMR"


def test_an_oblast_named_after_a_city_keeps_the_city_for_the_bare_name() -> None:
    assert gazetteer.provinces()["Kherson"].name == "Khersonska oblast"
    kherson = gazetteer.find("Kherson")
    assert (kherson.country, kherson.kind) == ("UKR", "city")
    assert kherson.latitude == pytest.approx(46.64, abs=0.1)


def test_a_province_name_shared_by_two_countries_resolves_to_neither() -> None:
    assert gazetteer.find("Punjab") is None
    assert "Punjab" not in gazetteer.provinces()
    # The type word the two countries use tells them apart.
    assert gazetteer.find("Punjab Province").country == "PAK"
    assert gazetteer.find("Punjab State").country == "IND"


def test_a_city_keeps_its_name_and_its_coordinates() -> None:
    kabul = gazetteer.find("Kabul")
    assert (kabul.name, kabul.country, kabul.kind) == ("Kabul", "AFG", "city")
    assert kabul.latitude == pytest.approx(34.53, abs=0.1)
    assert kabul.longitude == pytest.approx(69.17, abs=0.1)
    assert gazetteer.capitals()["AFG"] == kabul


def test_country_names_never_become_provinces() -> None:
    provinces = gazetteer.provinces()
    assert "Niger" not in provinces  # a Nigerian state
    assert "Mexico" not in provinces and "México" not in provinces  # a Mexican state
    assert "Guatemala" not in provinces  # a Guatemalan department
    assert gazetteer.find("Niger") is None
    assert gazetteer.find("Niger State").country == "NGA"


def test_direction_words_features_and_short_names_are_no_provinces() -> None:
    provinces = gazetteer.provinces()
    for name in ("Central", "Northern", "Eastern", "North-West", "Centre", "Littoral", "Free", "Rivers"):
        assert name not in provinces, name
    assert "Red Sea" not in provinces and gazetteer.find("Red Sea") is None  # a Sudanese state
    assert "Sahel" not in provinces  # a Burkinabe region
    assert "Oyo" not in provinces  # three letters
    assert gazetteer.find("Rivers State").country == "NGA"


def test_us_states_have_no_invented_coordinates() -> None:
    assert gazetteer.find("Ohio") == Place("Ohio", "USA", None, None, 0, "state")


def test_an_event_in_a_province_is_placed_without_coordinates() -> None:
    events = code_text(
        "Militants attacked a police post in Sindh province on Monday.", published="2024-01-10"
    )
    places = {e.place for e in events if e.place is not None}
    assert {(p.name, p.country, p.latitude, p.longitude) for p in places} == {("Sindh", "PAK", None, None)}


def test_a_city_s_own_name_beats_another_city_s_alternate_name() -> None:
    place = gazetteer.find("Islamabad")
    assert place is not None and (place.name, place.country) == ("Islamabad", "PAK")


def test_a_city_name_shared_abroad_reads_as_the_one_in_the_story_s_country() -> None:
    assert gazetteer.find_near("Tripoli", {"LBN"}).country == "LBN"
    assert gazetteer.find_near("Tripoli", set()).country == "LBY"
    assert gazetteer.find_near("Sindh", {"IND"}).country == "PAK"  # a province has no namesake to prefer
