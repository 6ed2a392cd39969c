from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.ingest.readers import decode, parse_record, read_paths
from eventwire.model import Document, Quarantined


def test_bad_inputs_are_quarantined_with_reasons(bad_dir: Path) -> None:
    items = list(read_paths([bad_dir]))
    docs = {Path(d.origin).name: d for d in items if isinstance(d, Document)}
    bad = {
        Path(q.origin.split(":")[0]).name + (":" + q.origin.split(":")[1] if ":" in q.origin else ""): q
        for q in items
        if isinstance(q, Quarantined)
    }
    assert set(docs) == {"good.txt", "feed.jsonl:1", "truncated.html"}
    assert bad["empty.txt"].code == "EW101"
    assert bad["garbage.bin"].code == "EW102"
    assert "UTF-8" in bad["latin1.txt"].reason
    assert bad["huge.txt"].code == "EW103"
    assert bad["feed.jsonl:2"].code == "EW104"
    # the truncated page reads fine; extraction decides later whether it has text
    assert "truncated.html" not in bad


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(read_paths([tmp_path / "nope"]))


def test_jsonl_id_is_kept_and_other_ids_are_content_hashes(tmp_path: Path) -> None:
    record = {
        "id": "abc-1",
        "text": "Text.",
        "url": "https://x.org/a",
        "published": "2022-02-10",
        "source": "X",
    }
    doc = parse_record(json.dumps(record).encode(), "f.jsonl:1")
    assert (doc.doc_id, doc.url, doc.published, doc.source) == ("abc-1", "https://x.org/a", "2022-02-10", "X")
    no_id = parse_record(json.dumps({"text": "Text."}).encode(), "f.jsonl:2")
    assert no_id.doc_id == no_id.content_hash and len(no_id.doc_id) == 16


@pytest.mark.parametrize(
    ("line", "code"),
    [(b"[1, 2]", "EW104"), (b'{"id": "x"}', "EW101"), (b'{"text": 5}', "EW101"), (b"{bad", "EW104")],
)
def test_bad_records(line: bytes, code: str) -> None:
    from eventwire.errors import DocumentError

    with pytest.raises(DocumentError) as info:
        parse_record(line, "f.jsonl:1")
    assert info.value.code == code


def test_declared_charset_is_honoured_for_html() -> None:
    page = '<html><head><meta charset="latin-1"></head><body>café</body></html>'.encode("latin-1")
    assert "café" in decode(page, html=True)
