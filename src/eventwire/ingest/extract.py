"""Documents -> Articles: main text and metadata (trafilatura for HTML), boilerplate filter, language.

Order, once: HTML is reduced to its main text with trafilatura (comments excluded), metadata come from the
page and then from the record; every body, HTML or text, goes through the project's line filter; then the
language is detected, and non-English articles are refused with a recorded reason.
"""

from __future__ import annotations

from datetime import date

import dateparser
import py3langid
import trafilatura

from eventwire.errors import NoArticleText, UnsupportedLanguage
from eventwire.ingest.boilerplate import clean_lines
from eventwire.model import Article, Document

SUPPORTED_LANGUAGES = frozenset({"en"})
# langid scores very short or list-like texts poorly; below this many letters we trust the batch default.
MIN_LETTERS_FOR_LANGUAGE = 200


def extract(doc: Document) -> Article:
    """Clean article text and metadata for one Document; raises a DocumentError when there is none."""
    title, author, published, site = doc.title, None, doc.published, doc.source
    url = doc.url
    if doc.kind == "html":
        page = trafilatura.bare_extraction(
            doc.content, url=doc.url, include_comments=False, include_tables=False, with_metadata=True
        )
        if page is None or not (page.text or "").strip():
            raise NoArticleText("no article text found in the HTML (truncated or empty page?)")
        body = page.text
        title = title or page.title
        author = page.author
        published = published or page.date
        site = site or page.sitename or page.hostname
        url = url or page.url
    else:
        body = doc.content
    cleaned = clean_lines(body, title)
    text = "\n\n".join(cleaned.lines)
    if not text.strip():
        raise NoArticleText("nothing left after removing boilerplate")
    language = detect_language(text)
    if language not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(f"language {language!r} is not coded yet (English only)")
    return Article(
        doc_id=doc.doc_id,
        text=text,
        title=cleaned.title,
        author=cleaned.author or author,
        published=parse_published(published),
        site=site,
        url=url,
        language=language,
        removed_lines=cleaned.removed,
    )


def detect_language(text: str) -> str:
    letters = sum(ch.isalpha() for ch in text[:5000])
    if letters < MIN_LETTERS_FOR_LANGUAGE:
        return "en"
    language, _score = py3langid.classify(text[:5000])
    return str(language)


def parse_published(value: str | None) -> date | None:
    """A publication date from metadata ("2022-02-10", "Feb 10, 2022", ...); None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value[:10])
    except ValueError:
        stamp = dateparser.parse(value, settings={"STRICT_PARSING": True})
        parsed = stamp.date() if stamp else None
    return parsed
