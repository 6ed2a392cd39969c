"""The trigger lexicon (``events/data/triggers.tsv``) and finding triggers in a parsed sentence.

A row reads: lemma, part of speech, ``with`` (lemmas of which one must hang on the trigger as particle,
preposition or object), PLOVER type, mode, context, CAMEO code, and where to look for the recipient. Rows with
``with`` beat the lemma's default row. Nominal triggers ("talks", "sanctions") count only when a support verb
carries them ("held talks", "imposed sanctions") or an aspect verb reports them ("negotiations will continue").
Evaluative adjectives ("shameful arguments") count only inside attributed speech: the speaker condemns.
A row of type ``NONE`` says a use of the lemma is no event at all ("talked about", "declined to comment"): it
beats the lemma's other rows when its ``with`` matches.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from spacy.tokens import Span, Token

from eventwire.errors import DataFileError
from eventwire.ontology import PLOVER_TYPES

# Verbs that carry an event noun as their object: "held talks", "launched an attack", "imposed sanctions".
SUPPORT_VERBS = frozenset(
    "hold conduct launch carry stage impose reach sign make issue deliver begin start resume mount "
    "step continue announce order provide send offer extend seal strike conclude host attend lead "
    "organize organise join declare pass level file lodge open unleash wage intensify escalate "
    "approve adopt give accept unveil execute perform commit renew undertake complete finish reopen "
    "accelerate expedite speed step reimpose broaden widen chair co-host cohost".split()
)
# Encounters whose telling in passing says they happened ("spoke during a visit to", "after talks with").
_ENCOUNTERS = frozenset("visit trip tour talk meeting summit consultation negotiation conference".split())
_DURING = frozenset("during after following at".split())
# Verbs that attribute a quality to their subject through their object: "shows a disregard for".
_SHOWING = frozenset("show demonstrate represent constitute amount reflect reveal".split())
# Verbs of arrival, whose subject says what arrived.
_ARRIVING = frozenset({"arrive", "land"})
# Nouns that count or measure an event noun: "a series of attacks", "a new round of talks".
MEASURES = frozenset("series wave round day week month spate string number campaign bout".split())
# Verbs that report an event noun as their subject: "negotiations will continue", "clashes erupted".
ASPECT_VERBS = frozenset(
    "continue begin start resume erupt break occur happen take last end conclude proceed go intensify "
    "escalate".split()
)


# Verbs of accident whose clauses tell deaths, not attacks: "crashed ..., resulting in all crew killed".
_MISHAP_VERBS = frozenset("crash collide capsize sink derail".split())
# Objects that make a verb non-political: "offered no evidence", "amassed followers", "released a report".
NON_POLITICAL_OBJECTS = frozenset(
    "evidence proof detail comment explanation report statement video footage album film book follower "
    "victory record result figure data datum picture photo image song game match medal title award "
    "profit revenue loss sale price goal point vote seat".split()
)
# Objects that an evaluating verb does judge: "welcomed the statement", "rejected the report".
_EVALUATED_OBJECTS = frozenset(
    "statement report comment result vote decision evidence video film book".split()
)
_EVALUATING_TYPES = frozenset({"SUPPORT", "ACCUSE", "REJECT"})
# Subjects that travel without being anyone's visit: "the train was traveling to Peshawar".
_VEHICLES = frozenset(
    "train bus plane aircraft flight jet helicopter ship vessel boat ferry convoy truck car vehicle cargo "
    "shipment storm hurricane cyclone typhoon express".split()
)
_HEADINGS = frozenset("north south east west northward southward eastward westward home back".split())
# Causes that make a death or injury no attack: "killed in the crash", "injured in an accident".
_MISHAPS = frozenset(
    "crash accident collision earthquake quake flood flooding storm hurricane cyclone typhoon landslide "
    "avalanche stampede derailment disaster tsunami heatwave wildfire tornado virus pandemic epidemic "
    "outbreak disease drought famine".split()
)
# Nouns that count with a named owner alone: "Pyongyang's demand for", "Washington's call for".
_CLAIMED = frozenset("demand request plea call ultimatum".split())
_NONE = "NONE"  # the type of a row that says "no event"
# Verbs that are protest only when intransitive: "demonstrated in the capital", not "demonstrated resolve".
_INTRANSITIVE_ONLY = frozenset("demonstrate march rally".split())


@dataclass(frozen=True, slots=True)
class TriggerRow:
    lemma: str
    pos: str  # VERB, NOUN, or ADJ (a condemning word in a quotation: the speaker accuses)
    with_: frozenset[str]
    type: str
    mode: str | None
    context: tuple[str, ...]
    cameo: str | None
    recipient: tuple[str, ...]  # "dobj", "dative", "pobj:on", ...


@dataclass(frozen=True, slots=True)
class Trigger:
    token: Token
    row: TriggerRow
    matched: Token | None  # the particle/preposition/object that satisfied ``with``
    nominal: bool


@cache
def load_triggers() -> dict[tuple[str, str], tuple[TriggerRow, ...]]:
    """Rows keyed by (lemma, pos); rows with a ``with`` restriction come first (``NONE`` rows left out)."""
    table: dict[tuple[str, str], tuple[TriggerRow, ...]] = {}
    for key, rows in _load_table().items():
        kept = tuple(r for r in rows if r.type != _NONE)
        if kept:
            table[key] = kept
    return table


@cache
def _load_table() -> dict[tuple[str, str], tuple[TriggerRow, ...]]:
    """Every row keyed by (lemma, pos): rows with ``with`` first (``NONE`` rows ahead of the others)."""
    path = files("eventwire.events") / "data" / "triggers.tsv"
    table: dict[tuple[str, str], list[TriggerRow]] = {}
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
            if None in row or any(v is None for v in row.values()):
                raise DataFileError(f"triggers.tsv: row {number} has the wrong number of fields")
            if row["type"] not in PLOVER_TYPES and row["type"] != _NONE:
                raise DataFileError(f"triggers.tsv: row {number}: unknown type {row['type']!r}")
            entry = TriggerRow(
                lemma=row["lemma"].strip().lower(),
                pos=row["pos"].strip().upper(),
                with_=frozenset(w.strip().lower() for w in row["with"].split("|") if w.strip()),
                type=row["type"],
                mode=row["mode"].strip() or None,
                context=tuple(c.strip() for c in row["context"].replace(";", "|").split("|") if c.strip()),
                cameo=row["cameo"].strip() or None,
                recipient=tuple(r.strip() for r in row["recipient"].split("|") if r.strip()),
            )
            table.setdefault((entry.lemma, entry.pos), []).append(entry)
    return {k: tuple(sorted(v, key=lambda r: (not r.with_, r.type != _NONE))) for k, v in table.items()}


def find_triggers(sent: Span) -> list[Trigger]:
    """Every trigger in a sentence, at most one per token."""
    table = _load_table()
    found: list[Trigger] = []
    claimed: set[int] = set()  # objects a verb row already used ("signed an agreement" is one event)
    for token in sent:
        if _blocked(token):
            continue
        if (token.lemma_.lower(), "ADJ") in table and (token.pos_ == "ADJ" or _judging_noun(token)):
            trigger = _choose(token, table[(token.lemma_.lower(), "ADJ")], nominal=False)
        elif token.pos_ in {"VERB", "ADJ"} or (token.pos_ == "AUX" and token.dep_ != "aux"):
            rows = table.get((token.lemma_.lower(), "VERB"), ())
            trigger = _choose(token, rows, nominal=False)
        elif token.pos_ in {"NOUN", "PROPN"} and (_licensed(token) or _claimed_demand(token, table)):
            rows = table.get((token.lemma_.lower(), "NOUN"), ())
            trigger = _choose(token, rows, nominal=True)
        else:
            trigger = None
        if trigger is not None:
            found.append(trigger)
            if trigger.matched is not None:
                claimed.add(trigger.matched.i)
    return [t for t in found if not (t.nominal and t.token.i in claimed)]


def _judging_noun(token: Token) -> bool:
    """A noun that passes judgement on its subject: "the transfers are an affront to the rule of law",
    "demonstrate a complete disregard for human dignity"."""
    if token.pos_ != "NOUN":
        return False
    while token.dep_ in {"conj", "appos"} and token.head.i != token.i:
        token = token.head
    return token.dep_ == "attr" or (token.dep_ == "dobj" and token.head.lemma_.lower() in _SHOWING)


def _blocked(token: Token) -> bool:
    """Participles used as adjectives ("the banned group"), verbs with non-political objects, travelling
    vehicles, deaths in mishaps and things "hit hard"."""
    lemma = token.lemma_.lower()
    table = _load_table()
    if token.pos_ in {"VERB", "ADJ"} and token.dep_ == "amod" and (lemma, "ADJ") not in table:
        return True
    rows = table.get((lemma, "VERB"), ()) if token.pos_ != "NOUN" else ()
    objects = [c.lemma_.lower() for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    if token.dep_ in {"relcl", "acl"}:  # "the report released on Monday"
        objects.append(token.head.lemma_.lower())
    named = {w for row in rows for w in row.with_}  # a row naming the object says it is political
    evaluating = any(row.type in _EVALUATING_TYPES for row in rows)
    for obj in objects:
        judged = evaluating and obj in _EVALUATED_OBJECTS
        if obj in NON_POLITICAL_OBJECTS and obj not in named and not judged:
            return True
    if lemma in _INTRANSITIVE_ONLY and any(c.dep_ == "dobj" for c in token.children):
        return True
    if rows and all(row.type == "CONSULT" for row in rows if row.type != _NONE) and _journey(token):
        return True
    if any(row.type == "ASSAULT" for row in rows) and _by_mishap(token):
        return True
    if any(row.type == "ASSAULT" for row in rows) and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in _MISHAPS for c in token.children
    ):  # "the storm hit the coast", "the earthquake killed 300 people"
        return True
    return lemma == "hit" and any(c.lower_ in {"hard", "harder", "hardest"} for c in token.children)


def _journey(token: Token) -> bool:
    """A vehicle on its way, or someone heading somewhere, is no visit: "the train was traveling north"."""
    for child in token.children:
        if child.dep_ == "nsubj" and child.lemma_.lower() in _VEHICLES:
            return True
        if child.dep_ == "advmod" and child.lower_ in _HEADINGS:
            return True
    return False


def _by_mishap(token: Token) -> bool:
    """ "killed in the crash", "injured in an accident", "the plane crashed, killing all on board": no one
    attacked."""
    for prep in (c for c in token.children if c.dep_ in {"prep", "agent"}):
        if any(o.lemma_.lower() in _MISHAPS for o in prep.children if o.dep_ == "pobj"):
            return True
    return any(a.lemma_.lower() in _MISHAP_VERBS for a in token.ancestors)


def _choose(token: Token, rows: tuple[TriggerRow, ...], nominal: bool) -> Trigger | None:
    if not rows:
        return None
    attached = _attached(token)
    for row in rows:
        if not row.with_:
            return None if row.type == _NONE else Trigger(token, row, None, nominal)
        for dep in attached:
            if _temporal(dep):  # "fired on Sunday" is no firing on anyone
                continue
            if dep.lemma_.lower() in row.with_ or dep.lower_ in row.with_:
                return None if row.type == _NONE else Trigger(token, row, dep, nominal)
    return None


def _temporal(dep: Token) -> bool:
    """A preposition whose object is a date or time: "on Sunday", "in March"."""
    if dep.dep_ != "prep":
        return False
    objects = [c for c in dep.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in {"DATE", "TIME"} for o in objects)


def _attached(token: Token) -> list[Token]:
    """Particles, prepositions and objects of a trigger (and of its open complement, "pledged to").

    A nominal trigger also counts its support verb and its modifiers: "went on strike", "joint exercises".
    """
    nominal = token.pos_ in {"NOUN", "PROPN"}
    out: list[Token] = [token.head] if nominal and token.head.i != token.i else []
    if not nominal and token.dep_ in {"relcl", "acl"}:  # "the sanctions (that) Washington imposed"
        out.append(token.head)
    if nominal:
        out.extend(c for c in token.children if c.dep_ == "amod")
    if token.lemma_.lower() in _ARRIVING:  # "peacekeepers arrived in Bosnia": who arrives makes the event
        for subject in (c for c in token.children if c.dep_ == "nsubj"):
            out.append(subject)
            out.extend(c for c in subject.subtree if c.dep_ in {"compound", "amod", "pobj"})
    for child in token.children:
        if child.dep_ == "prep" and child.i < token.i and not nominal:
            continue  # a fronted adverbial: "In the past, he has given ..." is not "given in"
        if child.dep_ in {
            "prt",
            "prep",
            "dobj",
            "attr",
            "dative",
            "xcomp",
            "acomp",
            "oprd",
            "nsubjpass",
            "agent",
            "advmod",
            "compound",
        }:
            out.append(child)
            if child.dep_ in {"prep", "prt", "advmod"}:
                for c in child.children:
                    if c.dep_ in {"pobj", "prep"}:
                        out.append(c)
                    if c.dep_ == "prep":  # "pulled out of the treaty"
                        out.extend(g for g in c.children if g.dep_ == "pobj")
            elif child.dep_ == "dobj":  # "lifted a state of emergency", "eased emergency measures"
                for part in child.children:
                    if part.dep_ in {"compound", "amod"}:
                        out.append(part)
                    elif part.dep_ == "prep" and part.lower_ == "of":
                        out.extend(c for c in part.children if c.dep_ == "pobj")
            elif child.dep_ == "xcomp":  # "declined to resign", "failed to reach", "pledged to send aid"
                out.extend(c for c in child.children if c.dep_ in {"aux", "dobj"})
        elif child.dep_ == "ccomp":  # "let aid trucks enter", "allowed inspectors to go", "found him guilty"
            out.extend(c for c in child.children if c.dep_ in {"nsubj", "dobj"})
            # "allowed the candidate to take part in the elections"
            out.extend(g for c in child.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj")
            if child.pos_ in {"NOUN", "PROPN", "ADJ"}:
                out.append(child)
    return out


def _claimed_demand(token: Token, table: dict[tuple[str, str], tuple[TriggerRow, ...]]) -> bool:
    """A demand with its owner needs no support verb: "Pyongyang's demand for sanctions relief"."""
    if token.lemma_.lower() not in _CLAIMED or (token.lemma_.lower(), "NOUN") not in table:
        return False
    return any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in token.children)


def _licensed(token: Token) -> bool:
    """An event noun counts when a support or aspect verb carries it, or it heads a conjunct that does."""
    head = token.head
    if token.dep_ == "conj":
        return _licensed(head)
    if token.dep_ in {"dobj", "attr"} and head.lemma_.lower() in SUPPORT_VERBS:
        return True
    if token.dep_ == "pobj" and head.dep_ == "prt":
        return False
    if token.dep_ == "pobj" and head.lower_ in _DURING and token.lemma_.lower() in _ENCOUNTERS:
        return head.head.pos_ in {"VERB", "AUX"}  # "said during a visit to Pretoria": the visit took place
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in MEASURES:
        return _licensed(head.head)  # "launched a series of attacks", "held ten days of war games"
    if token.dep_ not in {"nsubj", "nsubjpass"} or head.lemma_.lower() not in ASPECT_VERBS:
        return False
    if head.lemma_.lower() == "go":  # "talks went ahead", "a bomb went off", not "the ban is going to hurt"
        return any(c.lower_ in {"ahead", "on", "forward", "off"} for c in head.children)
    return True
