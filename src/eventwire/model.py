"""Frozen records that cross stage boundaries: Document -> Article -> Event.

Stages exchange only these types (plus spaCy's ``Doc`` inside the NLP stage), so each stage can be run,
tested and replaced alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


def content_id(payload: str | bytes) -> str:
    """A stable content-hash id: the same bytes always give the same id."""
    data = payload.encode("utf-8") if isinstance(payload, str) else payload
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Document:
    """One raw input document as read from disk, before any extraction."""

    doc_id: str
    kind: str  # "html" or "text"
    content: str
    origin: str  # file path, with ":LINE" for JSONL records
    content_hash: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """Clean article text and its metadata, ready for NLP."""

    doc_id: str
    text: str
    title: str | None = None
    author: str | None = None
    published: date | None = None
    site: str | None = None
    url: str | None = None
    language: str | None = None
    removed_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    """One member of an event's actor or recipient (PLOVER allows several)."""

    text: str
    country: str | None
    sector: tuple[str, ...] = ()
    kind: str = "unknown"  # country, capital, seat, organisation, person, collective, role, pronoun
    how: str = ""  # which dictionary entry or rule resolved it

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "country": self.country, "sector": list(self.sector), "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened (not merely a place the sentence mentions)."""

    name: str
    country: str
    latitude: float | None = None
    longitude: float | None = None

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "country": self.country, "lat": self.latitude, "lon": self.longitude}


@dataclass(frozen=True, slots=True)
class Event:
    """A coded PLOVER event with its evidence."""

    event_id: str
    doc_id: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    actor: tuple[Entity, ...]
    recipient: tuple[Entity, ...]
    date: str | None  # ISO date, "--MM-DD" when the year is unknown, or None
    date_granularity: str | None  # day, month, year, month-day
    sentence_index: int
    span: tuple[int, int]  # character span of the evidence sentence in the article text
    sentence: str
    trigger: str
    trigger_span: tuple[int, int]
    rule: str
    confidence: float
    cameo: str
    goldstein: float
    quad_class: int
    status: str = "asserted"  # asserted, negated, hypothetical
    speaker: Entity | None = None
    via: str | None = None  # the outlet the statement was given to ("told TASS")
    explanation: tuple[str, ...] = field(default_factory=tuple)
    historical: bool = False  # background the story tells, well before its publication
    place: Location | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.event_id,
            "doc_id": self.doc_id,
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "actor": [e.as_dict() for e in self.actor],
            "recipient": [e.as_dict() for e in self.recipient],
            "date": self.date,
            "date_granularity": self.date_granularity,
            "quote": self.sentence,
            "sentence": self.sentence_index,
            "span": list(self.span),
            "trigger": self.trigger,
            "trigger_span": list(self.trigger_span),
            "rule": self.rule,
            "confidence": self.confidence,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "status": self.status,
            "speaker": self.speaker.as_dict() if self.speaker else None,
            "via": self.via,
            "explanation": list(self.explanation),
            "historical": self.historical,
            "place": self.place.as_dict() if self.place else None,
        }


@dataclass(frozen=True, slots=True)
class Quarantined:
    """A document that could not be processed, and why."""

    origin: str
    code: str
    reason: str
    doc_id: str | None = None
