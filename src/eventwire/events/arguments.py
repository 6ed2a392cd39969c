"""Who did it to whom: the actor and recipient of a trigger, from the dependency parse.

The actor is the trigger's subject, found through control verbs, conjuncts, relative clauses, passives (the
"by" agent) and support verbs ("launched an attack"); the recipient comes from the slots the trigger lexicon
names, then from a complement's subject or objects ("demanded that the US cancel ..."), the owner of the
object ("calls by Belarus"), and fallback prepositions. Violence with no named perpetrator is given to the
unidentified armed forces of the country where it happened.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.actors.resolver import Resolver
from eventwire.events.triggers import Trigger
from eventwire.model import Entity

_SUBJECTS = {"nsubj", "csubj", "expl"}
# Verbs whose passive subject feels the emotion: "Moscow is disappointed by ..." -> Moscow is the actor.
_PSYCH = frozenset(
    "disappoint concern worry alarm anger outrage dismay trouble frustrate shock upset".split()
)
# Material conflict inside a country hits that country when no other target is named ("struck targets in Lebanon").
PLACE_IS_TARGET = {"ASSAULT", "COERCE", "MOBILIZE"}
_FALLBACK_PREPS = ("with", "to", "against", "on", "at", "about", "over", "from", "toward", "towards", "for")


def find_actor(trigger: Trigger) -> tuple[Token | None, Token | None]:
    """The token naming the actor, and a token that names the recipient when the construction fixes it."""
    token = trigger.token
    if trigger.nominal:
        return nominal_actor(token)
    passive_subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    agent_obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if passive_subject is not None:
        if token.lemma_.lower() in _PSYCH:
            return passive_subject, agent_obj
        return agent_obj, passive_subject
    return subject_of(token), None


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    if depth > 4:
        return None
    for child in verb.children:
        if child.dep_ in _SUBJECTS and child.dep_ != "expl":
            return child
    if verb.dep_ in {"xcomp", "conj", "advcl", "acomp"} and verb.head.i != verb.i:
        return subject_of(verb.head, depth + 1)
    if verb.dep_ == "relcl":
        return verb.head
    return None


def nominal_actor(noun: Token) -> tuple[Token | None, Token | None]:
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":  # "its invasion": the owner is the clause's subject
            return child, None
    for prep in (c for c in noun.children if c.dep_ == "prep"):
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if prep.lower_ == "between" and objects:
            return objects[0], None
        if prep.lower_ == "by" and objects:
            return objects[0], None
    head = noun.head if noun.dep_ != "conj" else noun.head.head
    if noun.dep_ in {"nsubj", "nsubjpass"}:
        compound = next((c for c in noun.children if c.dep_ in {"compound", "amod"}), None)
        return compound, None
    return subject_of(head), None


def recipient_of(trigger: Trigger, hint: Token | None, resolver: Resolver) -> tuple[Entity, ...]:
    """The recipient: the lexicon's slots, then a complement's subject or objects, then fallback slots."""
    if hint is not None:
        return resolver.phrase(hint)
    token = trigger.token
    matched = trigger.matched if trigger.matched is not None and trigger.matched.dep_ == "dobj" else None
    hosts = [token] + ([matched] if matched is not None else [])
    clauses = [c for c in token.children if c.dep_ in {"ccomp", "xcomp"}]
    places = ("in", "inside", "near") if trigger.row.type in PLACE_IS_TARGET else ()
    candidates = [
        *((host, slot) for slot in trigger.row.recipient or ("dobj",) for host in hosts),
        # "demanded that the US cancel ...": the complement's subject is the one asked, accused or warned;
        # "offered to hand over to Great Britain": or one of the complement's objects
        *((clause, slot) for clause in clauses for slot in ("nsubj", "nsubjpass", *_COMPLEMENT_SLOTS)),
        # the object's owner or author: "demanded a meeting of the Security Council", "calls by Belarus"
        *((matched, slot) for slot in _OWNER_SLOTS if matched is not None),
        *((host, f"pobj:{prep}") for host in hosts for prep in (*_FALLBACK_PREPS, *places)),
    ]
    for host, slot in candidates:
        found = _slot(host, slot, trigger)
        entities = _coded(resolver.phrase(found)) if found is not None else ()
        if entities:
            return entities
    return _nearest_named(trigger, resolver)


_OWNER_SLOTS = ("poss", "pobj:of", "pobj:by", "pobj:from", "pobj:for")


# Dependencies the nearest-name search does not enter: the actor's side, other clauses, and what is said.
_NOT_INTO = {
    "nsubj",
    "nsubjpass",
    "csubj",
    "ccomp",
    "parataxis",
    "advcl",
    "relcl",
    "punct",
    "cc",
    "conj",
    "agent",
}


def _nearest_named(trigger: Trigger, resolver: Resolver) -> tuple[Entity, ...]:
    """The closest dictionary name below the trigger, by dependency distance ("promised to continue
    military aid to Mozambique"), outside the actor's phrase and other clauses."""
    frontier = [c for c in trigger.token.children if c.dep_ not in _NOT_INTO]
    for _ in range(4):
        following: list[Token] = []
        for token in frontier:
            mention = resolver.mentions.get(token.i)
            if (mention is not None and mention.best.kind != "demonym") or token.ent_type_ == "PERSON":
                entities = _coded(resolver.phrase(token))
                if entities:
                    return entities
            following += [c for c in token.children if c.dep_ not in _NOT_INTO]
        frontier = following
    return ()


# Types whose participants are usually all actors (meetings, agreements) or that rarely have a target.
NO_DEFAULT_RECIPIENT = {"CONSULT", "AGREE", "COOPERATE", "MOBILIZE", "PROTEST"}


def unresolved_target(trigger: Trigger, hint: Token | None, resolver: Resolver) -> Token | None:
    """The party the event is aimed at when no dictionary names it ("accused the rebels", "ordered Menem")."""
    candidates: list[Token] = [hint] if hint is not None else []
    token = trigger.token
    for child in token.children:
        if child.dep_ in {"dobj", "dative"} and child is not trigger.matched:
            candidates.append(child)
        elif child.dep_ == "prep" and child.lower_ in {"on", "against", "to", "with", "at"}:
            candidates.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in {"ccomp", "xcomp"}:
            candidates.extend(c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"})
    return next((c for c in candidates if _party(c, resolver)), None)


# Objects that name an idea or a state of affairs, never a party: no default recipient for them.
_ABSTRACT = frozenset(
    "possibility lack idea need time way issue question situation fact case matter chance part number "
    "importance role point effort process progress future past level kind sort lot thing something "
    "anything nothing everything comment details information missile rocket shell bomb drone round "
    "weapon gun artillery fire shot grenade mortar".split()
)


def _party(token: Token, resolver: Resolver) -> bool:
    """Anything but an idea ("the possibility", "the lack") or a time: people, groups, what they did or said."""
    if token.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"}:
        return False
    return token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() not in _ABSTRACT


def span_text(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text[:120]


_COMPLEMENT_SLOTS = ("dative", "pobj:to", "pobj:with", "pobj:on", "pobj:against", "dobj", "pobj:in")


def _coded(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    return tuple(e for e in entities if e.country or e.kind == "collective")


_PLACE_PREPS = {"in", "near", "outside", "at", "across", "inside", "around"}


def location_country(sent: Span, resolver: Resolver) -> str | None:
    """The country a sentence places its events in ("near the town of Samarra" -> IRQ), else the story's."""
    for token in sent:
        mention = resolver.mentions.get(token.i)
        if mention is None or mention.best.kind not in {"place", "country", "capital"}:
            continue
        if any(a.dep_ == "prep" and a.lower_ in _PLACE_PREPS for a in list(mention.span.root.ancestors)[:4]):
            return mention.best.code
    return resolver.context.settled_home  # never the sentence's own names: they are often the victims


_DIRECT = {"dobj", "dative", "poss", "nsubj", "nsubjpass"}


def _slot(host: Token, slot: str, trigger: Trigger) -> Token | None:
    kind, _, prep = slot.partition(":")
    for child in host.children:
        if kind in _DIRECT and child.dep_ == kind and child is not trigger.matched:
            return child
        if kind == "pobj" and child.dep_ in {"prep", "dative"} and child.lower_ == prep:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None
