"""PLOVER event types, and their CAMEO codes, Goldstein weights and QuadClass for GDELT compatibility.

The CAMEO table (``data/cameo.tsv``) is rebuilt from the PLOVER project's CAMEO->PLOVER conversion table by
``tools/build_cameo_table.py``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

# The CAMEO code used when a trigger names only the PLOVER type: the type's most general CAMEO reading.
DEFAULT_CAMEO: dict[str, str] = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "050",
    "CONCEDE": "080",
    "COOPERATE": "060",
    "AID": "070",
    "RETREAT": "084",
    "REQUEST": "100",
    "ACCUSE": "112",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "SANCTION": "160",
    "MOBILIZE": "150",
    "COERCE": "170",
    "ASSAULT": "190",
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    goldstein: float
    label: str

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def quad_class(self) -> int:
        return quad_class(self.code)


def quad_class(cameo: str) -> int:
    """GDELT QuadClass from the CAMEO root: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material."""
    root = int(cameo[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


@cache
def cameo_table() -> dict[str, CameoCode]:
    """All CAMEO codes known to PLOVER, keyed by code."""
    path = files("eventwire.ontology") / "data" / "cameo.tsv"
    table: dict[str, CameoCode] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            table[row["cameo"]] = CameoCode(
                code=row["cameo"],
                type=row["type"],
                mode=row["mode"] or None,
                context=tuple(c for c in row["context"].split(";") if c),
                goldstein=float(row["goldstein"]),
                label=row["label"],
            )
    return table


def lookup(cameo: str | None, plover_type: str, mode: str | None = None) -> CameoCode:
    """The CAMEO record for an event: the given code when it is known, else the best code for type and mode."""
    table = cameo_table()
    if cameo and cameo in table:
        return table[cameo]
    if mode:
        for record in table.values():
            if record.type == plover_type and record.mode == mode:
                return record
    return table[DEFAULT_CAMEO[plover_type]]
