"""Load the actor dictionaries into one immutable lookup: shipped data files plus the user's own.

countries.tsv      code, name, aliases, demonyms, capitals, seats (pipe-separated lists)
organisations.tsv  name, aliases, country, sector, since, until (dated rows for actors whose role changed)
people.tsv         name, aliases, country, sector, office, since, until (one row per office held)
roles.tsv          role phrase (lower-case lemmas) -> sector, and whether a person fills it
user YAML files    see ``eventwire.actors.user``; a user's entry replaces the shipped readings of its names

People are coded by the article's date: in office -> the office's sector; after every office -> ELI (a former
official) of their last country.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib.resources import files

from eventwire.errors import DataFileError


@dataclass(frozen=True, slots=True)
class Entry:
    """What one surface form means (one reading; a name can have several, e.g. dated)."""

    code: str  # ISO alpha-3 or a PLOVER international code
    sector: tuple[str, ...]
    kind: str  # country, demonym, capital, seat, organisation, person
    name: str  # canonical name, for explanations
    since: date | None = None
    until: date | None = None
    office: str | None = None
    source: str = "eventwire"  # the data file it came from

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
    user_files: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()  # user entries that replaced a shipped reading
    surnames: dict[str, tuple[Entry, ...]] = field(default_factory=dict)  # "Bush" -> both Presidents Bush

    def by_surname(self, surname: str, day: date | None = None) -> tuple[Entry, ...]:
        """A surname that only people of one country bear ("President Bush"), or only people of one country
        in office on the day, read on that day; else nothing."""
        entries = self.surnames.get(surname, ())
        if day is not None and len({e.code for e in entries}) > 1:  # several countries: those in office
            entries = tuple(e for e in entries if e.valid_on(day))
        if len({e.code for e in entries}) != 1:
            return ()
        return self._read(entries, day)

    def readings(self, surface: str, day: date | None = None) -> tuple[Entry, ...]:
        """The readings of a name on a day (``None``: today). A person out of office reads as ELI."""
        return self._read(self.names.get(surface, ()), day)

    def _read(self, entries: tuple[Entry, ...], day: date | None) -> tuple[Entry, ...]:
        if not entries:
            return ()
        dated = tuple(e for e in entries if e.valid_on(day))
        if dated:
            return dated
        people = [e for e in entries if e.kind == "person"]
        if people:
            past = [e for e in people if e.until is not None and (day is None or e.until < day)]
            if past:
                last = max(past, key=lambda e: e.until or date.min)
                office = f"former {last.office}" if last.office else "former official"
                return (replace(last, sector=("ELI",), since=last.until, until=None, office=office),)
            return (min(people, key=lambda e: e.since or date.min),)  # before their first office: still them
        undated = tuple(e for e in entries if e.since is None and e.until is None)
        return undated or entries[:1]


def _rows(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    path = files("eventwire.actors") / "data" / name
    if not path.is_file():
        return
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


def _builtin() -> Iterator[tuple[str, Entry]]:
    for _, row in _rows("countries.tsv"):
        code, name = row["code"], row["name"]
        for surface in [name, *_split(row["aliases"])]:  # a state named as an actor is its government
            yield surface, Entry(code, ("GOV",), "country", name)
        for surface in _split(row["demonyms"]):
            yield surface, Entry(code, (), "demonym", name)
        for surface in _split(row["capitals"]):
            yield surface, Entry(code, ("GOV",), "capital", name)
        for surface in _split(row["seats"]):
            yield surface, Entry(code, ("GOV",), "seat", name)
    for number, row in _rows("organisations.tsv"):
        where = f"organisations.tsv row {number}"
        entry = Entry(
            row["country"], tuple(_split(row["sector"])), "organisation", row["name"],
            _date(row["since"], where), _date(row["until"], where),
        )  # fmt: skip
        for surface in [row["name"], *_split(row["aliases"])]:
            yield surface, entry
    for number, row in _rows("people.tsv"):
        where = f"people.tsv row {number}"
        entry = Entry(
            row["country"], tuple(_split(row["sector"])), "person", row["name"],
            _date(row["since"], where), _date(row["until"], where), row["office"] or None,
        )  # fmt: skip
        for surface in [row["name"], *_split(row["aliases"])]:
            yield surface, entry


def _forms(surface: str) -> set[str]:
    forms = {surface}
    if surface.startswith("the "):
        forms.add(surface[4:])
    return forms


@cache
def load_lexicon(user_files: tuple[str, ...] = ()) -> Lexicon:
    """The shipped dictionaries, overlaid with the user's YAML files (checked before any coding starts)."""
    from eventwire.actors.user import load_user_actors

    names: dict[str, list[Entry]] = {}
    for surface, entry in _builtin():
        for form in _forms(surface):
            readings = names.setdefault(form, [])
            if entry not in readings:
                readings.append(entry)
    conflicts: list[str] = []
    user: dict[str, list[Entry]] = {}
    for actor in load_user_actors(user_files):
        for surface in actor.surfaces:
            for form in _forms(surface):
                user.setdefault(form, []).append(actor.entry)
    for form, entries in user.items():
        shipped = names.get(form, [])
        differs = [e for e in shipped if (e.code, e.sector) not in {(u.code, u.sector) for u in entries}]
        if differs:
            old = ", ".join(sorted({f"{e.code}/{'+'.join(e.sector) or '-'}" for e in differs}))
            conflicts.append(f"{form!r}: {entries[0].source} says {entries[0].code}, replacing shipped {old}")
        names[form] = list(entries)
    roles = {
        tuple(row["phrase"].split()): Role(row["sector"], row["kind"] == "human")
        for _, row in _rows("roles.tsv")
    }
    surnames: dict[str, list[Entry]] = {}
    given: set[str] = set()  # names that open someone's name ("Kim" Jong Un) are no safe surnames
    for readings in names.values():
        for entry in readings:
            if entry.kind == "person" and " " in entry.name:
                first, *_, last = entry.name.split()
                given.add(first)
                people = surnames.setdefault(last, [])
                if entry not in people:
                    people.append(entry)
    for name in given & set(surnames):
        del surnames[name]
    return Lexicon(
        names={k: tuple(v) for k, v in names.items()},
        roles=roles,
        max_role_len=max(len(k) for k in roles),
        user_files=user_files,
        conflicts=tuple(conflicts),
        surnames={k: tuple(v) for k, v in surnames.items()},
    )


def lookup(name: str, day: date | None = None, user_files: Iterable[str] = ()) -> tuple[Entry, ...]:
    """What a name resolves to on a day, trying the exact form, then its case variants."""
    lexicon = load_lexicon(tuple(user_files))
    for form in (name, name.strip(), name.strip().title(), name.strip().upper()):
        found = lexicon.readings(form, day)
        if found:
            return found
    return ()
