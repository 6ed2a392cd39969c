from __future__ import annotations

from datetime import date

import pytest

from eventwire.errors import NoArticleText, UnsupportedLanguage
from eventwire.ingest.extract import extract, parse_published
from eventwire.model import Document, content_id

PAGE = """<!DOCTYPE html><html><head><title>Talks resume | Wire</title>
<meta name="author" content="Jane Roe"><meta property="og:site_name" content="Wire">
<meta property="article:published_time" content="2022-02-10T08:00:00Z"></head>
<body><nav>Home » World</nav><article><h1>Talks resume</h1><p>By Jane Roe</p>
<p>Armenian and Azerbaijani officials held talks in Brussels on Tuesday on the delimitation of the border,
the European Union said in a statement published after the meeting ended late in the evening.</p>
<p>Photo: Pixabay</p>
<p>Armenia accused Azerbaijan of shelling villages near the border overnight, and the defence ministry in Baku
rejected the accusation as groundless, saying its troops had only returned fire.</p></article>
<div class="comments"><p>Leave a Comment</p><p>great article!!! buy cheap watches</p></div></body></html>"""


def _doc(kind: str, content: str, **meta: str) -> Document:
    return Document(content_id(content), kind, content, "test", content_id(content), **meta)


def test_html_text_and_metadata() -> None:
    article = extract(_doc("html", PAGE))
    assert article.title == "Talks resume"
    assert article.author == "Jane Roe"
    assert article.published == date(2022, 2, 10)
    assert article.site == "Wire"
    assert "held talks in Brussels" in article.text
    for junk in ("Photo: Pixabay", "Leave a Comment", "cheap watches", "Home »"):
        assert junk not in article.text


def test_record_metadata_wins_over_page() -> None:
    article = extract(_doc("html", PAGE, title="Given title", published="2022-03-01", source="Feed"))
    assert (article.title, article.published, article.site) == ("Given title", date(2022, 3, 1), "Feed")


def test_truncated_page_has_no_text() -> None:
    with pytest.raises(NoArticleText):
        extract(_doc("html", "<html><head><title>Cut</title></head><body><div><p"))


def test_other_languages_are_refused_with_a_reason() -> None:
    german = (
        "Die Regierung in Berlin hat am Dienstag neue Sanktionen gegen Russland beschlossen. " * 6
    ).strip()
    with pytest.raises(UnsupportedLanguage, match="'de'"):
        extract(_doc("text", german))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-02-10", date(2022, 2, 10)),
        ("2022-02-10T08:00:00Z", date(2022, 2, 10)),
        ("February 10, 2022", date(2022, 2, 10)),
        ("not a date", None),
        (None, None),
    ],
)
def test_parse_published(value: str | None, expected: date | None) -> None:
    assert parse_published(value) == expected
