"""Where an event happened: a place the trigger's own clause locates it in ("in Basra", "near Samarra").

Places elsewhere in the sentence ("a journalist from Paris said ...") are mentions, not event locations.
Coordinates come from the offline gazetteer; a country-level location uses the capital's coordinates.
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire import gazetteer
from eventwire.actors.resolver import Resolver
from eventwire.model import Location

_LOCATING = {"in", "near", "outside", "at", "inside", "around", "across", "into", "on"}
_KINDS = {"place", "capital", "country"}


def event_place(trigger: Token, resolver: Resolver, verbal: bool = False) -> Location | None:
    """The nearest place in a locating phrase of the trigger's clause, or None.

    For verbal events (statements, demands, accusations) only the trigger's own locating phrases count
    ("said in Brussels"): places deeper in the clause belong to what was said.
    """
    clause = _own_phrases(trigger) if verbal else _clause_tokens(trigger)
    best: tuple[int, Location] | None = None
    for token in clause:
        mention = resolver.mentions.get(token.i)
        if mention is None or mention.best.kind not in _KINDS or token.i != mention.span.root.i:
            continue
        prep = next((a for a in list(token.ancestors)[:3] if a.dep_ == "prep"), None)
        if prep is None or prep.lower_ not in _LOCATING:
            continue
        location = _locate(mention.span.text, mention.best.code, mention.best.kind)
        distance = abs(token.i - trigger.i)
        if best is None or distance < best[0]:
            best = (distance, location)
    return best[1] if best else None


def _locate(name: str, country: str, kind: str) -> Location:
    if kind == "country":
        capital = gazetteer.capitals().get(country)
        lat, lon = (capital.latitude, capital.longitude) if capital else (None, None)
        return Location(name, country, lat, lon)
    place = gazetteer.find_near(name, (country,))
    if place is not None and place.country == country:
        return Location(place.name, country, place.latitude, place.longitude)
    return Location(name, country)


def _own_phrases(trigger: Token) -> list[Token]:
    root = (
        trigger.head
        if trigger.pos_ in {"NOUN", "PROPN"} and trigger.head.pos_ in {"VERB", "AUX"}
        else trigger
    )
    out = []
    for prep in (c for c in root.children if c.dep_ == "prep"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            out += [obj, *(c for c in obj.children if c.dep_ in {"compound", "amod"})]
    return out


# Subordinate clauses tell other acts ("accused Russia of striking port facilities in Odesa"): not entered.
_OTHER_ACTS = {"ccomp", "xcomp", "pcomp", "advcl", "acl", "relcl", "parataxis", "conj"}


def _clause_tokens(trigger: Token) -> list[Token]:
    """The trigger's own clause (its governing verb's when it is a noun), without subordinate clauses."""
    root = trigger
    if trigger.pos_ in {"NOUN", "PROPN"} and trigger.head.pos_ in {"VERB", "AUX"}:
        root = trigger.head
    tokens, stack = [], [root]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack.extend(c for c in token.children if c.dep_ not in _OTHER_ACTS)
    return tokens
