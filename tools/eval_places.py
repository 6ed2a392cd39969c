"""Score place resolution on the toponym corpora of Gritta et al. (TR-News, LGL, GeoWebNews, GeoVirus).

Usage: python tools/eval_places.py ../shared/gold/places/gritta-corpora/TR-News.xml [more.xml ...]

Every gold toponym phrase is resolved the way eventwire resolves names without context: the actor
dictionaries first (countries, capitals, demonyms), then the offline gazetteer. Reported: coverage (a
resolution was found), country accuracy among gold toponyms that name a country-bound place, and the share of
resolved points below country level within 161 km (100 miles) of the gold coordinates (accuracy@161km).
"""

from __future__ import annotations

import math
import sys
import xml.etree.ElementTree as ET

from eventwire import gazetteer
from eventwire.actors.lexicon import load_lexicon


def _country_codes() -> dict[str, str]:
    names: dict[str, str] = {}
    for surface, entries in load_lexicon().names.items():
        for entry in entries:
            if entry.kind == "country":
                names.setdefault(entry.name, entry.code)
                names.setdefault(surface, entry.code)
    return names


def _point(place: gazetteer.Place | None) -> tuple[float, float] | None:
    """Where a place lies; None for one without coordinates (states and provinces)."""
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return place.latitude, place.longitude


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def main(paths: list[str]) -> None:
    lexicon = load_lexicon()
    codes = _country_codes()
    capitals = gazetteer.capitals()
    for path in paths:
        total = found = country_right = country_scored = near = located = 0
        for toponym in ET.parse(path).getroot().iter("toponym"):
            tag = toponym.find("gaztag")
            phrase = (toponym.findtext("phrase") or "").strip()
            if tag is None or not phrase:
                continue
            total += 1
            readings = lexicon.readings(phrase)
            code, point = None, None
            if readings:
                code = readings[0].code
                place = gazetteer.find(phrase) if readings[0].kind == "capital" else capitals.get(code)
                point = _point(place)
            else:
                place = gazetteer.find(phrase)
                if place is not None:
                    code, point = place.country, _point(place)
            found += code is not None
            gold_country = codes.get(tag.findtext("country") or "")
            if gold_country:
                country_scored += 1
                country_right += code == gold_country
            lat, lon = tag.findtext("lat"), tag.findtext("lon")
            is_country = (tag.findtext("fcode") or "").startswith(
                "PCL"
            )  # countries sit at centroids, not points
            if point and lat and lon and not is_country:
                located += 1
                near += _km(point[0], point[1], float(lat), float(lon)) <= 161
        print(
            f"{path.rsplit('/', 1)[-1]}: toponyms {total}, resolved {found / total:.1%}, "
            f"country accuracy {country_right / max(1, country_scored):.1%} (of {country_scored}), "
            f"within 161 km {near / max(1, located):.1%} (of {located} located)"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or ["../shared/gold/places/gritta-corpora/TR-News.xml"])
