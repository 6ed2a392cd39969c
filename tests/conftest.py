"""Shared fixtures: small documents written for these tests (the shared gold data is never needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

SCRAPED = """Home » World » Ministry rejects call to drop security demands

Ministry rejects call to drop security demands

by jsmith

Photo: Pixabay

A source in the Russian Foreign Ministry told TASS that Moscow rejects the idea of dropping its security demands.

Earlier on March 3, Russian Foreign Ministry spokeswoman Maria Zakharova said that Moscow expects a written answer from Western countries.

Foreign Minister Sergey Lavrov expressed concern about the position of the United States and NATO.

The Foreign Ministry said that talks between Russia and the West will continue next week, but there are no agreements on dates.

You may also like

Leave a Comment
"""


@pytest.fixture
def scraped_text() -> str:
    return SCRAPED


@pytest.fixture
def scraped_file(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    return path


@pytest.fixture
def bad_dir(tmp_path: Path) -> Path:
    """A folder with one good page and every kind of bad input the ingest must survive."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(SCRAPED, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.bin").write_bytes(bytes(range(256)) * 64)
    (folder / "latin1.txt").write_bytes("Le ministre a critiqué la décision".encode("latin-1"))
    (folder / "truncated.html").write_text(
        "<html><head><title>Cut</title></head><body><div><p", encoding="utf-8"
    )
    with (folder / "huge.txt").open("wb") as handle:
        handle.write(b"Ukraine accused Russia of shelling the city. " * (50 * 1024 * 1024 // 45))
    (folder / "feed.jsonl").write_text(
        '{"id": "ok-1", "text": "Japan pledged new aid to Ukraine on Monday, Prime Minister Fumio Kishida said."}\n'
        "this line is not json\n",
        encoding="utf-8",
    )
    return folder
