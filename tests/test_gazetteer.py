"""The offline gazetteer: cities with coordinates, US states without."""

from __future__ import annotations

import pytest

from eventwire import gazetteer
from eventwire.gazetteer import Place


def test_a_city_keeps_its_name_and_its_coordinates() -> None:
    kabul = gazetteer.find("Kabul")
    assert (kabul.name, kabul.country, kabul.kind) == ("Kabul", "AFG", "city")
    assert kabul.latitude == pytest.approx(34.53, abs=0.1)
    assert kabul.longitude == pytest.approx(69.17, abs=0.1)
    assert gazetteer.capitals()["AFG"] == kabul


def test_us_states_have_no_invented_coordinates() -> None:
    assert gazetteer.find("Ohio") == Place("Ohio", "USA", None, None, 0, "state")
