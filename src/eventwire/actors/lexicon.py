"""Load the actor dictionaries shipped in ``actors/data`` into one immutable lookup.

countries.tsv      code, name, aliases, demonyms, capitals, seats (pipe-separated lists)
organisations.tsv  name, aliases, country, sector, since, until (dated rows for actors whose role changed)
roles.tsv          role phrase (lower-case lemmas) -> sector, and whether a person fills it
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from eventwire.errors import DataFileError


@dataclass(frozen=True, slots=True)
class Entry:
    """What one surface form means."""

    code: str  # ISO alpha-3 or a PLOVER international code
    sector: tuple[str, ...]
    kind: str  # country, demonym, capital, seat, organisation
    name: str  # canonical name, for explanations
    since: date | None = None
    until: date | None = None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return self.until is None
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)


@dataclass(frozen=True, slots=True)
class Role:
    sector: str
    human: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    names: dict[str, tuple[Entry, ...]]  # exact surface form -> readings
    roles: dict[tuple[str, ...], Role]  # lemma sequence -> role
    max_role_len: int

    def readings(self, surface: str, day: date | None = None) -> tuple[Entry, ...]:
        entries = self.names.get(surface, ())
        dated = tuple(e for e in entries if e.valid_on(day))
        return dated or tuple(e for e in entries if e.since is None and e.until is None) or entries[:1]


def _rows(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    path = files("eventwire.actors") / "data" / name
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        for number, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise DataFileError(f"{name}: row {number} has the wrong number of fields")
            yield number, row


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _date(value: str, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DataFileError(f"{where}: not an ISO date: {value!r}") from None


@cache
def load_lexicon() -> Lexicon:
    names: dict[str, list[Entry]] = {}

    def add(surface: str, entry: Entry) -> None:
        forms = {surface}
        if surface.startswith("the "):
            forms.add(surface[4:])
        for form in forms:
            readings = names.setdefault(form, [])
            if entry not in readings:
                readings.append(entry)

    for _, row in _rows("countries.tsv"):
        code = row["code"]
        for surface in [row["name"], *_split(row["aliases"])]:
            add(surface, Entry(code, (), "country", row["name"]))
        for surface in _split(row["demonyms"]):
            add(surface, Entry(code, (), "demonym", row["name"]))
        for surface in _split(row["capitals"]):
            add(surface, Entry(code, ("GOV",), "capital", row["name"]))
        for surface in _split(row["seats"]):
            add(surface, Entry(code, ("GOV",), "seat", row["name"]))
    for number, row in _rows("organisations.tsv"):
        where = f"organisations.tsv row {number}"
        entry = Entry(
            row["country"],
            tuple(_split(row["sector"])),
            "organisation",
            row["name"],
            _date(row["since"], where),
            _date(row["until"], where),
        )
        for surface in [row["name"], *_split(row["aliases"])]:
            add(surface, entry)
    roles = {
        tuple(row["phrase"].split()): Role(row["sector"], row["kind"] == "human")
        for _, row in _rows("roles.tsv")
    }
    return Lexicon(
        names={k: tuple(v) for k, v in names.items()},
        roles=roles,
        max_role_len=max(len(k) for k in roles),
    )
