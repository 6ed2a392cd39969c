"""Read files, directories and JSONL dumps into Documents, streaming.

Every input yields either a ``Document`` or a ``Quarantined`` record: a bad file never stops the batch.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from eventwire.errors import BadRecord, DocumentError, EmptyDocument, InputError, NotText, TooLarge
from eventwire.model import Document, Quarantined, content_id

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
DEFAULT_MAX_BYTES = 5_000_000

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p\b)", re.IGNORECASE)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand directories (recursively, sorted, hidden entries skipped); a missing path is an InputError."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"no such file or directory: {path}")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(
                    part.startswith(".") for part in child.relative_to(path).parts
                ):
                    yield child
        else:
            yield path


def check_paths(paths: Iterable[str | Path]) -> None:
    """Fail fast, before any work, when a path is missing."""
    for raw in paths:
        if not Path(raw).exists():
            raise InputError(f"no such file or directory: {raw}")


def read_paths(
    paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | Quarantined]:
    """Yield one Document or Quarantined record per document found under ``paths``."""
    for path in iter_files(paths):
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(path, max_bytes)
        else:
            yield _guard(str(path), lambda p=path: read_file(p, max_bytes))


def _guard(origin: str, make) -> Document | Quarantined:
    try:
        return make()
    except DocumentError as exc:
        return Quarantined(origin=origin, code=exc.code, reason=str(exc))
    except OSError as exc:
        return Quarantined(origin=origin, code="EW107", reason=f"cannot read file: {exc.strerror or exc}")


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """One HTML or text file as a Document (kind is sniffed when the suffix says nothing)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLarge(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (raise --max-bytes)")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    text = decode(data, html=suffix in HTML_SUFFIXES)
    if suffix in HTML_SUFFIXES:
        kind = "html"
    elif suffix in TEXT_SUFFIXES:
        kind = "text"
    else:
        kind = "html" if _HTML_SNIFF.match(text) else "text"
    return Document(
        doc_id=content_id(text), kind=kind, content=text, origin=str(path), content_hash=content_id(text)
    )


def decode(data: bytes, html: bool = False) -> str:
    """Bytes to text: UTF-8 (or the page's declared charset); binary or undecodable bytes are refused."""
    if not data.strip():
        raise EmptyDocument("empty document")
    sample = data[:4096]
    if b"\x00" in sample or _control_ratio(sample) > 0.05:
        raise NotText("binary content, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _CHARSET.search(sample) if html else None
        if declared is None:
            raise NotText(f"invalid UTF-8 at byte {exc.start} and no charset declared") from None
        try:
            text = data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            raise NotText(f"cannot decode with the declared charset {declared.group(1)!r}") from None
    if not text.strip():
        raise EmptyDocument("empty document")
    return text


def _control_ratio(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return controls / max(1, len(sample))


def read_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | Quarantined]:
    """One Document per line; a bad line is quarantined with its line number and the rest go on."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Quarantined(origin=str(path), code="EW107", reason=f"cannot read file: {exc.strerror or exc}")
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            origin = f"{path}:{number}"
            yield _guard(origin, lambda r=raw, o=origin: parse_record(r, o, max_bytes))


def parse_record(raw: bytes, origin: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A JSONL line: ``id``, ``text`` or ``html``, optional ``url``, ``title``, ``published``, ``source``."""
    if len(raw) > max_bytes:
        raise TooLarge(f"record is {len(raw):,} bytes, over the {max_bytes:,}-byte limit")
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise NotText(f"invalid UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise BadRecord(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise BadRecord("not a JSON object")
    html, text = record.get("html"), record.get("text")
    body = html if isinstance(html, str) and html.strip() else text
    if not isinstance(body, str) or not body.strip():
        raise EmptyDocument("record has no non-empty 'text' or 'html'")
    kind = "html" if body is html else "text"
    digest = content_id(body)
    raw_id = record.get("id")
    doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id).strip() else digest
    return Document(
        doc_id=doc_id,
        kind=kind,
        content=body,
        origin=origin,
        content_hash=digest,
        url=_opt_str(record.get("url")),
        title=_opt_str(record.get("title")),
        published=_opt_str(record.get("published")),
        source=_opt_str(record.get("source")),
    )


def _opt_str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
