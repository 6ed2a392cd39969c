"""Remove the in-body widgets that survive main-text extraction, line by line.

trafilatura (and a plain text scrape even more so) keeps breadcrumbs, bylines, photo credits, "You may also
like" and comment prompts inside the body. These lines are short and formulaic, so a line filter catches them
without touching article sentences: every pattern applies only to lines of at most ``MAX_WORDS`` words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 12

_BREADCRUMB = re.compile(r"^\s*(home|start|main page)\s*(»|>|›|/|\|)\s*(?P<rest>.+)$", re.IGNORECASE)
_BYLINE = re.compile(
    r"^\s*(by|written by|posted by|author:?)\s+(?P<name>[^\W\d][\w.'’ -]{0,60}?)\s*"
    r"(\||·|—|-|,)?\s*(\d{1,2}\s+\w+\s+\d{4}|\w+\s+\d{1,2},\s*\d{4})?\s*$",
    re.IGNORECASE,
)
_WIDGETS = [
    r"(photo|image|picture|pic|illustration|video|credit|photograph)s?( credit)?\s*[:©|/-].*",
    r"©.*|copyright\b.*|all rights reserved\.?",
    r"(you (may|might) also like|related( (articles|posts|stories|news))?|read (more|also|next)|see also"
    r"|more (from|on) .*|recommended( for you)?|most (read|popular)|trending( now)?)\s*:?",
    r"(leave|post|add|write) a (comment|reply)|\d*\s*comments?|reply|cancel reply|comments are closed\.?",
    r"(share|tweet|email|print|pin)( (this|on|via)\b.*)?\s*:?|share on \w+.*|follow us( on .*)?",
    r"(subscribe|sign up|join)( (now|today|to|for) .*)?|(our|the) newsletter.*",
    r"advertisement|sponsored( content)?|click here.*|tags?\s*:.*|posted in\s*:?.*|filed under\s*:?.*",
    r"skip to (main )?content|toggle navigation|menu|search( for)?\s*:?|log ?in|sign in|register",
    r"(previous|next) (article|post|story)\s*:?.*",
]
_WIDGET = re.compile(r"^\s*(?:" + "|".join(_WIDGETS) + r")\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Cleaned:
    lines: tuple[str, ...]
    removed: tuple[str, ...]
    author: str | None
    title: str | None


def clean_lines(text: str, title: str | None = None) -> Cleaned:
    """Split into non-empty lines, drop boilerplate lines, and pick up the byline author and a title."""
    kept: list[str] = []
    removed: list[str] = []
    author: str | None = None
    found_title = title
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        short = len(line.split()) <= MAX_WORDS
        crumb = _BREADCRUMB.match(line) if short or "»" in line else None
        if crumb:
            removed.append(line)
            found_title = found_title or crumb.group("rest").split("»")[-1].strip()
            continue
        byline = _BYLINE.match(line) if short else None
        if byline and author is None:
            author = byline.group("name").strip()
            removed.append(line)
            continue
        if short and _WIDGET.match(line):
            removed.append(line)
            continue
        if found_title and _same(line, found_title):
            removed.append(line)
            continue
        kept.append(line)
    return Cleaned(tuple(kept), tuple(removed), author, found_title)


def _same(a: str, b: str) -> bool:
    norm = re.compile(r"\W+")
    return norm.sub(" ", a).strip().lower() == norm.sub(" ", b).strip().lower()
