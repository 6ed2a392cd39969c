"""User actor dictionaries: YAML files that add actors or override shipped ones.

    actors:
      - name: Azov Brigade
        aliases: [Azov, Azov Regiment]
        country: UKR
        sector: [MIL]
      - name: Kaja Kallas
        country: EUR
        office: EU foreign policy chief
        since: 2024-12-01

Every entry needs ``name`` and ``country`` (ISO alpha-3 or a PLOVER code such as IGO, UNO, EUR, NGO, IMG);
``aliases``, ``sector`` (PLOVER sector codes), ``office``, ``since`` and ``until`` are optional. An entry with
an ``office`` is a person, coded as a former official (ELI) after ``until``. A malformed file is rejected
before any coding starts, naming the file, line and field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from eventwire.actors.lexicon import Entry
from eventwire.errors import DataFileError

SECTORS = frozenset(
    "GOV MIL COP JUD LEG PTY REB SPY UAF UNK BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC AGR PRM".split()
)
_FIELDS = {"name", "aliases", "country", "sector", "office", "since", "until"}
_CODE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class UserActor:
    surfaces: tuple[str, ...]
    entry: Entry


def load_user_actors(paths: Iterable[str]) -> list[UserActor]:
    actors: list[UserActor] = []
    for raw in paths:
        actors.extend(_load_file(Path(raw)))
    return actors


def _load_file(path: Path) -> list[UserActor]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read actors file ({exc.strerror or exc})") from None
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise DataFileError(f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    items = _entries_node(root, path)
    return [_actor(node, path) for node in items]


def _entries_node(root: yaml.Node | None, path: Path) -> list[yaml.Node]:
    if root is None:
        return []
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "actors":
                root = value
                break
        else:
            raise DataFileError(f"{path}:{root.start_mark.line + 1}: expected a top-level 'actors:' list")
    if not isinstance(root, yaml.SequenceNode):
        raise DataFileError(f"{path}:{root.start_mark.line + 1}: 'actors' must be a list of entries")
    return list(root.value)


def _actor(node: yaml.Node, path: Path) -> UserActor:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise DataFileError(f"{path}:{line}: each actor must be a mapping with at least name and country")
    fields: dict[str, tuple[object, int]] = {}
    for key, value in node.value:
        where = key.start_mark.line + 1
        if key.value not in _FIELDS:
            raise DataFileError(
                f"{path}:{where}: field {key.value!r} is not one of {', '.join(sorted(_FIELDS))}"
            )
        fields[key.value] = (yaml.safe_load(yaml.serialize(value)), where)
    for required in ("name", "country"):
        if required not in fields:
            raise DataFileError(f"{path}:{line}: field {required!r} is missing")
    name = _text(fields, "name", path)
    country = _text(fields, "country", path)
    if not _CODE.match(country):
        raise DataFileError(
            f"{path}:{fields['country'][1]}: field 'country': {country!r} is not a 3-letter code"
        )
    aliases = _list(fields, "aliases", path)
    sector = _list(fields, "sector", path)
    for code in sector:
        if code not in SECTORS:
            raise DataFileError(
                f"{path}:{fields['sector'][1]}: field 'sector': {code!r} is not a PLOVER sector"
            )
    office = _text(fields, "office", path) if "office" in fields else None
    since, until = _day(fields, "since", path), _day(fields, "until", path)
    if since and until and since > until:
        raise DataFileError(f"{path}:{fields['until'][1]}: field 'until': {until} is before since {since}")
    kind = "person" if office else "organisation"
    entry = Entry(country, tuple(sector), kind, name, since, until, office, source=str(path))
    return UserActor((name, *aliases), entry)


def _text(fields: dict[str, tuple[object, int]], key: str, path: Path) -> str:
    value, where = fields[key]
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{path}:{where}: field {key!r} must be a non-empty string")
    return value.strip()


def _list(fields: dict[str, tuple[object, int]], key: str, path: Path) -> list[str]:
    if key not in fields:
        return []
    value, where = fields[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"{path}:{where}: field {key!r} must be a string or a list of strings")
    return [v.strip() for v in value]


def _day(fields: dict[str, tuple[object, int]], key: str, path: Path) -> date | None:
    if key not in fields or fields[key][0] is None:
        return None
    value, where = fields[key]
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DataFileError(f"{path}:{where}: field {key!r}: {value!r} is not a date (YYYY-MM-DD)") from None
