"""Who did it to whom: the actor and recipient of a trigger, from the dependency parse.

The actor is the trigger's subject, found through control verbs, conjuncts, relative clauses, passives (the
"by" agent) and support verbs ("launched an attack"); the recipient comes from the slots the trigger lexicon
names, then from a complement's subject or objects ("demanded that the US cancel ..."), the owner of the
object ("calls by Belarus"), and fallback prepositions. Violence with no named perpetrator is given to the
unidentified armed forces of the country where it happened.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from eventwire import gazetteer
from eventwire.actors.resolver import PLACE_NOUNS, Resolver
from eventwire.events.triggers import MEASURES, Trigger
from eventwire.model import Entity

_SUBJECTS = {"nsubj", "csubj", "expl"}
# Texts that speak for their author: "a statement calling for", "a letter demanding".
_DOCUMENTS = frozenset(
    "statement declaration letter resolution communique communiqué message note petition appeal "
    "decree motion bill report".split()
)
# Verbs whose passive subject feels the emotion: "Moscow is disappointed by ..." -> Moscow is the actor.
_PSYCH = frozenset(
    "disappoint concern worry alarm anger outrage dismay trouble frustrate shock upset".split()
)
# Participles that, after "be" and with no agent, describe their subject's stance: "Israel is opposed to".
_STANCES = frozenset("oppose commit devote dedicate determine".split())
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
        stance = agent is None and token.lemma_.lower() in _STANCES
        if token.lemma_.lower() in _PSYCH or stance or (agent is None and _stative(trigger)):
            return passive_subject, agent_obj
        return agent_obj, passive_subject
    return subject_of(token), None


def _stative(trigger: Trigger) -> bool:
    """A passive form that says what its subject does: "forces were engaged in ethnic cleansing", "China
    is committed to peace"."""
    matched = trigger.matched  # "were engaged in ethnic cleansing", "is committed to peace"
    if matched is None:
        return False
    if matched.dep_ == "prep":
        return matched.lower_ in {"to", "with", "in"}  # never a particle: "were kicked out of the country"
    return matched.dep_ == "pobj" and matched.head.lower_ == "in"


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    if depth > 4:
        return None
    for child in verb.children:
        if child.dep_ in _SUBJECTS and child.dep_ != "expl":
            return child
    if verb.dep_ in {"xcomp", "conj"} and _active(verb):
        # "was indicted ... and will resign", "was forced to resign": the passive subject does the second act
        shared = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        if shared is not None:
            return shared
    if verb.dep_ in {"xcomp", "conj", "advcl", "acomp"} and verb.head.i != verb.i:
        return subject_of(verb.head, depth + 1)
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in {"VERB", "AUX"}:
        # "cooperating after pleading guilty"; "was quoted as saying": the one quoted says it
        governor = verb.head.head
        quoted = next((c for c in governor.children if c.dep_ == "nsubjpass"), None)
        return subject_of(governor, depth + 1) or quoted
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ == "acl" and verb.tag_ == "VBD" and not any(c.dep_ == "dobj" for c in verb.children):
        return verb.head  # "..., a human rights group protested here Wednesday": told after the words
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.lemma_.lower() in _DOCUMENTS:
        # "issued a declaration demanding that ...": the declaration's author demands; else the text itself
        # names its author ("a resolution in the U.S. Congress calling for")
        author = subject_of(verb.head.head, depth + 1) if verb.head.dep_ == "dobj" else None
        return author or verb.head
    if verb.dep_ == "acl" and (verb.tag_ == "VBG" or any(c.dep_ == "dobj" for c in verb.children)):
        # "troops firing on protesters"; "Israeli airstrikes killed 30 people" parsed as a reduced
        # relative: a participle with an object is active, its noun the doer
        return verb.head
    return None


def _active(verb: Token) -> bool:
    """A verb in the active voice: not a bare participle ("was arrested and charged") nor a passive."""
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return False
    return verb.tag_ != "VBN" or any(c.dep_ == "aux" for c in verb.children)


def nominal_actor(noun: Token) -> tuple[Token | None, Token | None]:
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":  # "its invasion": the owner is the clause's subject
            return child, None
    for prep in (c for c in noun.children if c.dep_ == "prep"):
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if prep.lower_ == "between" and objects:
            # "the emir launched a mediation effort between the Emirates and Saudi Arabia": the one who
            # undertakes it acts on both; "talks between Russia and Ukraine": the first acts on the second
            doer = subject_of(noun.head) if noun.dep_ == "dobj" else None
            if doer is not None:
                return doer, objects[0]
            return objects[0], None
        if prep.lower_ == "by" and objects:
            return objects[0], None
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in MEASURES:
        return nominal_actor(noun.head.head)  # "launched a series of attacks": as "launched attacks"
    head = noun.head if noun.dep_ != "conj" else noun.head.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":  # "said during a visit to": who said it visited
        return subject_of(head.head), None
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
    if trigger.nominal and token.dep_ == "dobj":
        hosts.append(token.head)  # "gave a warm welcome to de Klerk": the support verb holds the slot
    clauses = [c for c in token.children if c.dep_ in {"ccomp", "xcomp"}]
    places = ("in", "inside", "near") if trigger.row.type in PLACE_IS_TARGET else ()
    candidates = [
        # "demanded the withdrawal of Serbian forces from Bosnia": whose withdrawal is asked, not where from
        *([(matched, "pobj:of")] if matched is not None and trigger.row.recipient else []),
        *((host, slot) for slot in trigger.row.recipient or ("dobj",) for host in hosts),
        # "threatened to strike unless Baghdad accepted": the condition names the one threatened
        *((clause, "nsubj") for clause in _conditions(token, clauses) if trigger.row.type in _CONDITIONAL),
        # "demanded that the US cancel ...": the complement's subject is the one asked, accused or warned;
        # "offered to hand over to Great Britain": or one of the complement's objects
        *((clause, slot) for clause in clauses for slot in ("nsubj", "nsubjpass", *_COMPLEMENT_SLOTS)),
        # the object's owner or author: "demanded a meeting of the Security Council", "calls by Belarus"
        *((owned, slot) for owned in _objects(token, matched) for slot in _OWNER_SLOTS),
        *((host, f"pobj:{prep}") for host in hosts for prep in (*_FALLBACK_PREPS, *places)),
    ]
    # the trigger's own object word is the recipient only when it names a party ("holding hostages"),
    # never when it names a thing ("blocked streets in Hong Kong", "demanded the release")
    skip = (
        trigger.matched.i if trigger.matched is not None and not resolver.is_party(trigger.matched) else None
    )
    weak: tuple[Entity, ...] = ()
    for host, slot in candidates:
        found = _slot(host, slot, skip)
        entities = _coded(resolver.phrase(found)) if found is not None else ()
        if found is not None and trigger.row.type in PLACE_IS_TARGET and (not entities or _guessed(entities)):
            entities = _misread_place(found) or entities  # "drones struck Kharkiv", Kharkiv tagged a person
        if entities and _guessed(entities):
            weak = weak or entities  # "killed 23 people": whose people is a guess; a named party may follow
        elif entities:
            return entities
    named = _nearest_named(trigger, resolver)
    if named and not (weak and _guessed(named)):
        return named
    weak = weak or named
    if weak and trigger.row.type in PLACE_IS_TARGET:
        # "killed 23 people ... in Tel Aviv": unnamed victims belong to where it happened
        where = location_country(trigger.token.sent, resolver, explicit=True)
        if where is not None:
            return tuple(Entity(e.text, where, e.sector, e.kind, f"{e.how}+located") for e in weak)
    return weak


_OWNER_SLOTS = ("poss", "pobj:of", "pobj:by", "pobj:from", "pobj:for")
# Types whose condition clause ("unless Baghdad accepts", "if the United States goes ahead") names the target.
_CONDITIONAL = {"THREATEN", "REQUEST", "COERCE"}
_CONDITION_MARKS = {"unless", "if", "until"}


def _misread_place(token: Token) -> tuple[Entity, ...]:
    """A city the tagger took for a person, as the target of violence: a lone name that the gazetteer
    knows as a city of 100,000 or more ("Russian drones struck Kharkiv")."""
    doc = token.doc
    alone = all(doc[i].ent_type_ != "PERSON" for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc))
    if (
        token.ent_type_ != "PERSON"
        or not alone
        or any(c.dep_ in {"compound", "flat"} for c in token.children)
    ):
        return ()
    place = gazetteer.find(token.text)
    if place is None or place.population < 100_000:
        return ()
    return (Entity(token.text, place.country, (), "place", f"place:{place.name}:tagged-person"),)


def _conditions(token: Token, clauses: list[Token]) -> list[Token]:
    """Condition clauses of a verb or of its complement: "threatened to act unless Israel rescinded ..."."""
    return [
        c
        for verb in (token, *clauses)
        for c in verb.children
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _CONDITION_MARKS for m in c.children)
    ]


def _objects(token: Token, matched: Token | None) -> list[Token]:
    """The object nouns whose owner may be the recipient: "rejected an offer from Afghanistan"."""
    if matched is not None:
        return [matched]
    return [c for c in token.children if c.dep_ == "dobj"][:1]


def _guessed(entities: tuple[Entity, ...]) -> bool:
    """Entities whose country is only the article's home or a recent actor's, not named in the phrase."""
    return all("+home" in e.how or "+recent" in e.how for e in entities)


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
    "dep",
}
# Protests name their target in a purpose or reason clause: "staged a strike to protest Assad's failure".
_PURPOSE_TYPES = {"PROTEST"}
_LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "throughout", "around"}


def _nearest_named(trigger: Trigger, resolver: Resolver) -> tuple[Entity, ...]:
    """The closest dictionary name below the trigger, by dependency distance ("promised to continue
    military aid to Mozambique"), outside the actor's phrase and other clauses. Places where something
    happens ("a rally in Lagos") come last; below the first level a "by" agent is the doer of the object
    ("crimes committed by Croat forces")."""
    purpose = trigger.row.type in _PURPOSE_TYPES
    token = trigger.token
    frontier = _step((c for c in token.children if _enters(c, purpose, first=True)), purpose)
    if purpose and trigger.nominal and token.dep_ == "dobj":
        # "started a hunger strike to protest ...": the support verb carries the purpose clause
        support = [c for c in token.head.children if c.i != token.i and _enters(c, purpose, first=True)]
        frontier += _step(support, purpose)
    located: tuple[Entity, ...] = ()
    guessed: tuple[Entity, ...] = ()
    for level in range(6):
        following: list[Token] = []
        for below in frontier:
            if not guessed and below.pos_ == "NOUN" and resolver.is_party(below):
                # "violations by Islamic fundamentalists": a role with no name, coded from the story
                guessed = _coded(resolver.phrase(below))
            leader = _leader(below, resolver)
            if leader is not None:  # "assistance to the US-led war against Iraq": the war is the US's
                entities = _coded(resolver.phrase(leader))
                if entities:
                    return entities
            if _named(below, resolver):
                head = _phrase_head(below)  # "Chinese" of "Chinese authorities": the whole phrase
                entities = _coded(resolver.phrase(head))
                if entities and _locative(head):
                    # "eased curfews in Montenegro": where the act itself happened; deeper places only for
                    # violence, protests and aid ("blamed attacks on militants present on Afghan soil")
                    venue = trigger.row.type in _MEETINGS  # "held talks in Geneva": a venue, no party
                    if (level < 2 and not venue) or trigger.row.type in _LOCATED_TYPES:
                        located = located or entities
                    continue  # nor what the parser hung on a place ("in Liberia, the WFP said")
                if entities:
                    return entities
            person = below.pos_ == "NOUN" and (below.lemma_.lower() in _PERSONS or resolver.is_party(below))
            children = [c for c in below.children if not (person and c.dep_ == "acl")]  # see _PERSONS
            following += _step((c for c in children if _enters(c, purpose, first=False)), purpose)
        frontier = following
    return located or guessed


# What describes an unnamed person is no party to the act: "executed a man convicted of spying for Israel".
_PERSONS = frozenset("man woman men women person boy girl child teenager individual suspect".split())
_MEETINGS = {"CONSULT", "AGREE"}
# Acts whose place stands for their target when nothing else is named: violence, protests, aid.
_LOCATED_TYPES = PLACE_IS_TARGET | {"PROTEST", "AID"}


def _step(children: Iterable[Token], purpose: bool) -> list[Token]:
    """The next level of the search: a preposition and its object are one step ("violations by Algerian
    security forces")."""
    out: list[Token] = []
    for child in children:
        objects = [g for g in child.children if g.dep_ == "pobj"] if child.dep_ in {"prep", "agent"} else []
        if child.dep_ == "xcomp":  # "threatened to impose a curfew in Algiers": the complement's words
            objects = [g for g in child.children if _enters(g, purpose, first=False)]
        if objects:
            out += objects
        else:
            out.append(child)
    return out


def _enters(token: Token, purpose: bool, first: bool) -> bool:
    if token.dep_ == "agent":
        return not first
    if token.dep_ == "advcl" and purpose:
        return not any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in token.children)
    if token.dep_ == "advcl":  # an aim: "willing to send material to help defend Saudi Arabia"
        return _infinitive(token)
    return token.dep_ not in _NOT_INTO


def _infinitive(verb: Token) -> bool:
    children = list(verb.children)
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in children) and not any(
        c.dep_ in {"mark", "nsubj", "nsubjpass"} for c in children
    )


_TIME_MARKS = {"after", "before", "while", "when", "as", "since", "until"}


def _named(token: Token, resolver: Resolver) -> bool:
    """A dictionary name, a person, or a nationality that stands for its people ("Palestinians") or qualifies
    a thing ("German goods")."""
    if token.ent_type_ == "PERSON":
        return True
    return token.i in resolver.mentions


_LED = frozenset({"lead"})  # "Iran-backed militias" are no Iranians: see the resolver's attitudes


def _leader(noun: Token, resolver: Resolver) -> Token | None:
    """The name in an "X-led" modifier of a noun: "the US-led war"."""
    for modifier in noun.children:
        if modifier.dep_ == "amod" and modifier.lemma_.lower() in _LED and modifier.tag_ == "VBN":
            named = [c for c in modifier.children if c.i in resolver.mentions and c.i < modifier.i]
            if named:
                return named[0]
    return None


def _phrase_head(token: Token) -> Token:
    while token.dep_ in {"compound", "amod", "flat", "nmod"} and token.head.i != token.i:
        token = token.head
    return token


def _locative(token: Token) -> bool:
    """A name in a "where" phrase: "a rally in Lagos", "blocked streets in Hong Kong", "on Afghan soil"."""
    if token.lemma_.lower() in PLACE_NOUNS:  # "on Afghan soil", "near the Thai border"
        return True
    prep = token.head if token.dep_ == "pobj" else None
    return prep is not None and prep.lower_ in _LOCATIVE


# Types whose participants are usually all actors (meetings, agreements) or that rarely have a target.
NO_DEFAULT_RECIPIENT = {"CONSULT", "AGREE", "COOPERATE", "MOBILIZE", "PROTEST"}


def unresolved_target(trigger: Trigger, hint: Token | None, resolver: Resolver) -> Token | None:
    """The party the event is aimed at when no dictionary names it ("accused the rebels", "ordered Menem")."""
    candidates: list[Token] = [hint] if hint is not None else []
    token = trigger.token
    for child in token.children:
        if child.dep_ in {"dobj", "dative"}:  # the trigger's own object too: "demanded the release"
            candidates.append(child)
        elif child.dep_ == "prep" and child.lower_ in {"on", "against", "to", "with", "at"}:
            candidates.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in {"ccomp", "xcomp"}:
            candidates.extend(c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"})
    if trigger.row.type in _AGAINST_PEOPLE:  # "killing one and arresting 12": a count of people
        candidates.extend(c for c in token.children if c.dep_ == "dobj" and c.pos_ == "NUM")
    return next((c for c in candidates if _party(c, resolver) or c.pos_ == "NUM"), None)


_AGAINST_PEOPLE = frozenset({"ASSAULT", "COERCE"})
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
    noun = token.pos_ in {"NOUN", "PROPN"} or (token.pos_ == "VERB" and token.dep_ == "dobj")  # "claims"
    return noun and token.lemma_.lower() not in _ABSTRACT


def span_text(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text[:120]


_COMPLEMENT_SLOTS = ("dative", "pobj:to", "pobj:with", "pobj:on", "pobj:against", "dobj", "pobj:in")


def _coded(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    return tuple(e for e in entities if e.country or e.kind == "collective")


_PLACE_PREPS = {"in", "near", "outside", "at", "across", "inside", "around"}


def location_country(sent: Span, resolver: Resolver, explicit: bool = False) -> str | None:
    """The country a sentence places its events in ("near the town of Samarra" -> IRQ), else the story's
    (``explicit``: only a place the sentence names)."""
    for token in sent:
        mention = resolver.mentions.get(token.i)
        if mention is None or mention.best.kind not in {"place", "country", "capital"}:
            continue
        if any(_locating(a) for a in list(mention.span.root.ancestors)[:4]):
            return mention.best.code
    if explicit:
        return None
    return resolver.context.settled_home  # never the sentence's own names: they are often the victims


def _locating(token: Token) -> bool:
    """A preposition that places a clause: "near Samarra", or "to" after a verb of going ("go to Zimbabwe")."""
    if token.dep_ != "prep":
        return False
    return token.lower_ in _PLACE_PREPS or (token.lower_ == "to" and token.head.lemma_.lower() in _GOING)


_GOING = frozenset("go travel come return fly arrive".split())
_DIRECT = {"dobj", "dative", "poss", "nsubj", "nsubjpass"}


def _slot(host: Token, slot: str, skip: int | None = None) -> Token | None:
    kind, _, prep = slot.partition(":")
    for child in host.children:
        if kind in _DIRECT and child.dep_ == kind and child.i != skip:
            return child
        if kind == "pobj" and child.dep_ in {"prep", "dative"} and child.lower_ == prep:
            return next((c for c in child.children if c.dep_ == "pobj"), None) or _stranded(child)
    return None


def _stranded(prep: Token) -> Token | None:
    """The noun phrase right after a preposition the parser left without object: in "granted asylum to five
    army officers holed up in ...", "officers" was taken as the subject of "holed"."""
    doc = prep.doc
    for token in doc[prep.i + 1 : min(prep.i + 8, prep.sent.end)]:
        if token.pos_ in {"VERB", "AUX", "ADP", "PUNCT", "SCONJ", "CCONJ"}:
            return None
        if token.pos_ in {"NOUN", "PROPN"} and token.dep_ not in {"compound", "amod", "nmod", "poss", "flat"}:
            return token
    return None
