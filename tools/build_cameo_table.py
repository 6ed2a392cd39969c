"""Rebuild src/eventwire/ontology/data/cameo.tsv from the PLOVER project's CAMEO->PLOVER table.

Usage: python tools/build_cameo_table.py ../shared/reference/plover/CAMEO2PLOVER-2021.txt

The PLOVER columns come from that table (CC BY-SA 4.0, Open Event Data Alliance); the Goldstein weights are
the published CAMEO/Goldstein (1992) scores for three-digit codes. Four-digit codes take their parent's weight.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

GOLDSTEIN = {
    "030": 4.0,
    "031": 5.2,
    "032": 4.5,
    "033": 5.2,
    "034": 7.0,
    "035": 7.0,
    "036": 4.0,
    "037": 5.0,
    "038": 7.0,
    "039": 5.0,
    "040": 1.0,
    "041": 1.0,
    "042": 1.9,
    "043": 2.8,
    "044": 2.5,
    "045": 5.0,
    "046": 7.0,
    "050": 3.5,
    "051": 3.4,
    "052": 3.5,
    "053": 3.8,
    "054": 6.0,
    "055": 7.0,
    "056": 7.0,
    "057": 8.0,
    "060": 6.0,
    "061": 6.4,
    "062": 7.4,
    "063": 7.4,
    "064": 7.0,
    "070": 7.0,
    "071": 7.4,
    "072": 8.3,
    "073": 7.4,
    "074": 8.5,
    "075": 7.0,
    "080": 5.0,
    "081": 5.0,
    "082": 5.0,
    "083": 5.0,
    "084": 7.0,
    "085": 7.0,
    "086": 9.0,
    "087": 9.0,
    "090": -2.0,
    "091": -2.0,
    "092": -2.0,
    "093": -2.0,
    "094": -2.0,
    "100": -5.0,
    "101": -5.0,
    "102": -5.0,
    "103": -5.0,
    "104": -5.0,
    "105": -5.0,
    "106": -5.0,
    "107": -5.0,
    "108": -5.0,
    "110": -2.0,
    "111": -2.0,
    "112": -2.0,
    "113": -2.0,
    "114": -2.0,
    "115": -2.0,
    "116": -2.0,
    "120": -4.0,
    "121": -4.0,
    "122": -4.0,
    "123": -4.0,
    "124": -5.0,
    "125": -5.0,
    "126": -5.0,
    "127": -5.0,
    "128": -5.0,
    "129": -5.0,
    "130": -4.4,
    "131": -5.8,
    "132": -5.8,
    "133": -5.8,
    "134": -5.8,
    "135": -5.8,
    "136": -7.0,
    "137": -7.0,
    "138": -7.0,
    "139": -7.0,
    "140": -6.5,
    "141": -6.5,
    "142": -6.5,
    "143": -6.5,
    "144": -7.5,
    "145": -7.5,
    "150": -7.2,
    "151": -7.2,
    "152": -7.2,
    "153": -7.2,
    "154": -7.2,
    "160": -4.0,
    "161": -4.0,
    "162": -5.6,
    "163": -8.0,
    "164": -7.0,
    "165": -7.0,
    "166": -7.0,
    "170": -7.0,
    "171": -9.2,
    "172": -5.0,
    "173": -5.0,
    "174": -5.0,
    "175": -9.0,
    "180": -9.0,
    "181": -9.0,
    "182": -9.5,
    "183": -10.0,
    "184": -8.0,
    "185": -8.0,
    "186": -10.0,
    "190": -10.0,
    "191": -9.5,
    "192": -9.5,
    "193": -10.0,
    "194": -10.0,
    "195": -10.0,
    "196": -9.5,
    "200": -10.0,
    "201": -9.5,
    "202": -10.0,
    "203": -10.0,
    "204": -10.0,
}

LINE = re.compile(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)#\s*(.*)$")


def main(source: str) -> None:
    rows = ["cameo\ttype\tmode\tcontext\tgoldstein\tlabel"]
    seen: set[str] = set()
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        match = LINE.match(line.strip())
        if not match:
            continue
        code, kind, mode, context, label = (g.strip() for g in match.groups())
        if code in seen:  # the table lists 175 twice; the first reading wins
            continue
        seen.add(code)
        context = ";".join(c.strip() for c in context.split(";") if c.strip())
        weight = GOLDSTEIN[code[:3]]
        rows.append(f"{code}\t{kind}\t{mode}\t{context}\t{weight}\t{label.split('  ')[0].strip()}")
    out = Path(__file__).resolve().parents[1] / "src/eventwire/ontology/data/cameo.tsv"
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows) - 1} rows to {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/plover/CAMEO2PLOVER-2021.txt")
