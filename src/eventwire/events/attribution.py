"""On whose word: reported speech, its speaker and the outlet ("told TASS"), and quotations.

A trigger inside the complement of a reporting verb ("Zakharova said that ...") or inside a quotation
carries that speaker; a quotation's speaker is often named only at its end, so a paragraph's speaker is
looked up ahead too.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.actors.resolver import Resolver
from eventwire.events import modality
from eventwire.events.arguments import subject_of
from eventwire.model import Entity


@dataclass(frozen=True, slots=True)
class Speech:
    speaker: tuple[Entity, ...]
    via: str | None
    verb: Token


# -- attribution -----------------------------------------------------------------------------------------------


def speeches_in(sent: Span, resolver: Resolver) -> list[Speech]:
    out = []
    for token in sent:
        if token.pos_ == "VERB" and token.lemma_.lower() in modality.REPORTING_VERBS:
            speech = speech_at(token, resolver)
            if speech is not None:
                out.append(speech)
    return out


def speech_at(verb: Token, resolver: Resolver) -> Speech | None:
    subject = subject_of(verb)
    speaker = tuple(e for e in resolver.phrase(subject) if e.country) if subject is not None else ()
    via = None
    for child in verb.children:
        if verb.lemma_.lower() == "tell" and child.dep_ in {"dobj", "dative"} and child.pos_ == "PROPN":
            via = child.text
    return Speech(speaker, via, verb)


def speech_of(token: Token, resolver: Resolver) -> Speech | None:
    """The reporting verb whose complement holds the trigger, if any ("said that ...")."""
    current = token
    while current.head.i != current.i:
        if (
            current.dep_ in {"ccomp", "parataxis", "xcomp"}
            and current.head.lemma_.lower() in modality.REPORTING_VERBS
        ):
            return speech_at(current.head, resolver)
        current = current.head
    for candidate in token.sent:
        if candidate.lower_ == "according" and candidate.dep_ == "prep":
            to = next((c for c in candidate.children if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
            if obj is not None:
                return Speech(tuple(e for e in resolver.phrase(obj) if e.country), None, candidate)
    if resolver.context.speaker is not None and _in_quote(token):
        return Speech((resolver.context.speaker,), None, token)
    return None


def later_speaker(rest: list[Span], doc: Doc, paragraph: int, resolver: Resolver) -> tuple[Entity, ...]:
    """A quotation's speaker is often named at its end: look ahead within the paragraph."""
    for sent in rest:
        if paragraph_of(doc, sent) != paragraph:
            break
        for speech in speeches_in(sent, resolver):
            if speech.speaker:
                return speech.speaker
    return ()


def paragraph_of(doc: Doc, sent: Span) -> int:
    return doc.text.count("\n\n", 0, sent.start_char)


def _in_quote(token: Token) -> bool:
    before = token.doc[token.sent.start : token.i].text
    opened = before.count("“") + (before.count('"') % 2)
    closed = before.count("”")
    return opened > closed or _paragraph_opens_quote(token)


def _paragraph_opens_quote(token: Token) -> bool:
    text = token.doc.text
    start = text.rfind("\n\n", 0, token.idx)
    segment = text[start + 2 if start >= 0 else 0 : token.idx]
    return segment.count("“") > segment.count("”")
