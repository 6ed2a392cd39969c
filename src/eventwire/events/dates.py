"""An event's own date, from the DATE expressions of its sentence, relative to the publication date.

"on February 4" with a known publication date becomes that year's (or the previous year's) date; with no
publication date and no year in the text it stays a month-day ("--02-04"). Without any date expression the
event takes the publication date, if there is one.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import dateparser
from spacy.tokens import Span, Token

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_VAGUE = re.compile(
    r"^(the )?(coming|recent|several|few|many)?\s*(decades?|years|centur(y|ies)|months)$|"
    r"^(now|today's|currently|recently|these days|the future|the near future|a long time|time)$",
    re.IGNORECASE,
)


def event_date(sent: Span, trigger: Token, published: date | None) -> tuple[str | None, str | None]:
    """(date, granularity) for an event whose trigger is in ``sent``."""
    for ent in sorted((e for e in sent.ents if e.label_ == "DATE"), key=lambda e: abs(e.root.i - trigger.i)):
        resolved = resolve(ent.text, published)
        if resolved[0] is not None:
            return resolved
    if published is not None:
        return published.isoformat(), "day"
    return None, None


def resolve(text: str, published: date | None) -> tuple[str | None, str | None]:
    """Resolve one date expression; (None, None) when it is vague ("in recent years") or unreadable."""
    phrase = text.strip().removeprefix("on ").strip()
    if _VAGUE.match(phrase):
        return None, None
    lowered = _PART_OF_DAY.sub("", phrase.lower()).strip()
    if published is not None:
        for offset, name in enumerate(_WEEKDAYS):
            if lowered in {name, f"last {name}", f"this {name}", f"on {name}"}:
                back = (published.weekday() - offset) % 7
                if back == 0 and lowered.startswith("last"):
                    back = 7
                return (published - timedelta(days=back)).isoformat(), "day"
        period = _period(lowered, published)
        if period is not None:
            return period
    part = _PART_OF_MONTH.match(lowered)
    if part:
        month = _MONTHS.index(part.group("month")[:3]) + 1
        year = int(part.group("year")) if part.group("year") else (published.year if published else None)
        if year is None:
            return None, None
        if published is not None and not part.group("year") and date(year, month, 1) > published:
            year -= 1
        return f"{year:04d}-{month:02d}", "month"
    base = datetime.combine(published, datetime.min.time()) if published else datetime(2000, 1, 1)
    settings = {"RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False, "REQUIRE_PARTS": []}
    try:
        parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None, None
    if parsed is None:
        return None, None
    has_year = bool(_YEAR.search(phrase))
    has_day = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", phrase.replace(str(parsed.year), "")))
    if published is None and not has_year:
        if has_day and not _relative(lowered):
            return f"--{parsed.month:02d}-{parsed.day:02d}", "month-day"
        return None, None
    when = parsed.date()
    if (
        published is not None
        and not has_year
        and when > published + timedelta(days=7)
        and not _relative(lowered)
    ):
        when = when.replace(year=when.year - 1)  # "February 4" in a March story is this year's, not next
    if has_day or _relative(lowered) or lowered in _WEEKDAYS:
        return when.isoformat(), "day"
    if re.search(r"[a-z]", lowered) and not has_year:
        return when.isoformat()[:7], "month"
    if has_year and not re.search(r"[a-z]", lowered.replace(str(parsed.year), "")):
        return str(parsed.year), "year"
    return when.isoformat()[:7], "month"


_PART_OF_DAY = re.compile(r"\b(morning|afternoon|evening|night)\b")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_PART_OF_MONTH = re.compile(
    r"^(the )?(early|mid|late|end of|beginning of|start of|middle of)[- ]?"
    r"(?P<month>(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)(,? (?P<year>\d{4}))?$"
)
_PERIOD = re.compile(r"^(earlier |later )?(?P<which>this|last|next|past) (?P<unit>week|month|year)$")


def _period(lowered: str, published: date) -> tuple[str, str] | None:
    """ "last week", "earlier this month", "next year": a period relative to publication."""
    match = _PERIOD.match(lowered)
    if not match:
        return None
    step = {"this": 0, "last": -1, "past": -1, "next": 1}[match.group("which")]
    unit = match.group("unit")
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return monday.isoformat(), "week"
    if unit == "month":
        index = published.year * 12 + published.month - 1 + step
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    return f"{published.year + step:04d}", "year"


def _relative(lowered: str) -> bool:
    return any(
        w in lowered for w in ("yesterday", "today", "tomorrow", "ago", "last", "next", "this", "earlier")
    )


# Background events: dated this long before publication, the story is telling history, not news.
HISTORICAL_AFTER_DAYS = 30


def is_historical(when: str | None, published: date | None) -> bool:
    """True when the event's own date lies well before the publication date."""
    if when is None or published is None or when.startswith("--"):
        return False
    try:
        year = int(when[:4])
        month = int(when[5:7]) if len(when) >= 7 else 12
        day = int(when[8:10]) if len(when) >= 10 else 28
        return (published - date(year, month, day)).days > HISTORICAL_AFTER_DAYS
    except ValueError:
        return False
