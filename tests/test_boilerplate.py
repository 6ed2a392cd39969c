from __future__ import annotations

import pytest

from eventwire.ingest.boilerplate import clean_lines


def test_scraped_page_loses_widgets_and_keeps_sentences(scraped_text: str) -> None:
    cleaned = clean_lines(scraped_text)
    assert cleaned.author == "jsmith"
    assert cleaned.title == "Ministry rejects call to drop security demands"
    body = "\n".join(cleaned.lines)
    for junk in ("Home »", "by jsmith", "Photo: Pixabay", "You may also like", "Leave a Comment"):
        assert junk not in body
    assert "Moscow rejects the idea" in body
    assert body.count("Ministry rejects call to drop security demands") == 0


@pytest.mark.parametrize(
    "line",
    [
        "Share this:",
        "Subscribe to our newsletter",
        "Related articles",
        "Read more",
        "Image: AFP/Getty",
        "Advertisement",
        "Tags: Russia, NATO",
        "12 Comments",
        "Follow us on Twitter",
    ],
)
def test_widget_lines_are_removed(line: str) -> None:
    assert clean_lines(f"{line}\nThe army said it had withdrawn.").lines == (
        "The army said it had withdrawn.",
    )


@pytest.mark.parametrize(
    "line",
    [
        "By contrast, the ministry said it would share the findings with Kyiv.",
        "Photographs of the site were published by the ministry on Monday after a long delay in the process.",
    ],
)
def test_real_sentences_survive(line: str) -> None:
    assert clean_lines(line).lines == (line,)
