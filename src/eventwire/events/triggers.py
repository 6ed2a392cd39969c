"""The trigger lexicon (``events/data/triggers.tsv``) and finding triggers in a parsed sentence.

A row reads: lemma, part of speech, ``with`` (lemmas of which one must hang on the trigger as particle,
preposition or object), PLOVER type, mode, context, CAMEO code, and where to look for the recipient. Rows with
``with`` beat the lemma's default row. Nominal triggers ("talks", "sanctions") count only when a support verb
carries them ("held talks", "imposed sanctions") or an aspect verb reports them ("negotiations will continue").
Evaluative adjectives ("shameful arguments") count only inside attributed speech: the speaker condemns.
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
    "approve adopt give accept unveil execute perform commit renew undertake complete finish reopen".split()
)
# Verbs that report an event noun as their subject: "negotiations will continue", "clashes erupted".
ASPECT_VERBS = frozenset(
    "continue begin start resume erupt break occur happen take last end conclude proceed go intensify "
    "escalate".split()
)


# Objects that make a verb non-political: "offered no evidence", "amassed followers", "released a report".
NON_POLITICAL_OBJECTS = frozenset(
    "evidence proof detail comment explanation report statement video footage album film book follower "
    "victory record result figure data datum picture photo image song game match medal title award "
    "profit revenue loss sale price goal point vote seat".split()
)
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
    """Rows keyed by (lemma, pos); rows with a ``with`` restriction come first."""
    path = files("eventwire.events") / "data" / "triggers.tsv"
    table: dict[tuple[str, str], list[TriggerRow]] = {}
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
            if None in row or any(v is None for v in row.values()):
                raise DataFileError(f"triggers.tsv: row {number} has the wrong number of fields")
            if row["type"] not in PLOVER_TYPES:
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
    return {k: tuple(sorted(v, key=lambda r: not r.with_)) for k, v in table.items()}


def find_triggers(sent: Span) -> list[Trigger]:
    """Every trigger in a sentence, at most one per token."""
    table = load_triggers()
    found: list[Trigger] = []
    claimed: set[int] = set()  # objects a verb row already used ("signed an agreement" is one event)
    for token in sent:
        if _blocked(token):
            continue
        if token.pos_ == "ADJ" and (token.lemma_.lower(), "ADJ") in table:
            trigger = _choose(token, table[(token.lemma_.lower(), "ADJ")], nominal=False)
        elif token.pos_ in {"VERB", "ADJ"} or (token.pos_ == "AUX" and token.dep_ != "aux"):
            rows = table.get((token.lemma_.lower(), "VERB"), ())
            trigger = _choose(token, rows, nominal=False)
        elif token.pos_ in {"NOUN", "PROPN"} and _licensed(token):
            rows = table.get((token.lemma_.lower(), "NOUN"), ())
            trigger = _choose(token, rows, nominal=True)
        else:
            trigger = None
        if trigger is not None:
            found.append(trigger)
            if trigger.matched is not None:
                claimed.add(trigger.matched.i)
    return [t for t in found if not (t.nominal and t.token.i in claimed)]


def _blocked(token: Token) -> bool:
    """Participles used as adjectives ("the banned group") and verbs with non-political objects."""
    if (
        token.pos_ in {"VERB", "ADJ"}
        and token.dep_ == "amod"
        and (token.lemma_.lower(), "ADJ") not in load_triggers()
    ):
        return True
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    if any(o.lemma_.lower() in NON_POLITICAL_OBJECTS for o in objects):
        return True
    return token.lemma_.lower() in _INTRANSITIVE_ONLY and any(c.dep_ == "dobj" for c in token.children)


def _choose(token: Token, rows: tuple[TriggerRow, ...], nominal: bool) -> Trigger | None:
    if not rows:
        return None
    attached = _attached(token)
    for row in rows:
        if not row.with_:
            return Trigger(token, row, None, nominal)
        for dep in attached:
            if dep.lemma_.lower() in row.with_ or dep.lower_ in row.with_:
                return Trigger(token, row, dep, nominal)
    return None


def _attached(token: Token) -> list[Token]:
    """Particles, prepositions and objects of a trigger (and of its open complement, "pledged to").

    A nominal trigger also counts its support verb: "went on strike", "staged a strike".
    """
    out: list[Token] = [token.head] if token.pos_ in {"NOUN", "PROPN"} and token.head.i != token.i else []
    for child in token.children:
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
                out.extend(c for c in child.children if c.dep_ in {"pobj", "prep"})
            elif child.dep_ == "dobj":  # "lifted a state of emergency", "eased emergency measures"
                for part in child.children:
                    if part.dep_ in {"compound", "amod"}:
                        out.append(part)
                    elif part.dep_ == "prep" and part.lower_ == "of":
                        out.extend(c for c in part.children if c.dep_ == "pobj")
            elif child.dep_ == "xcomp":  # "declined to resign", "failed to reach"
                out.extend(c for c in child.children if c.dep_ == "aux")
    return out


def _licensed(token: Token) -> bool:
    """An event noun counts when a support or aspect verb carries it, or it heads a conjunct that does."""
    head = token.head
    if token.dep_ == "conj":
        return _licensed(head)
    if token.dep_ in {"dobj", "attr"} and head.lemma_.lower() in SUPPORT_VERBS:
        return True
    if token.dep_ == "pobj" and head.dep_ == "prt":
        return False
    return token.dep_ in {"nsubj", "nsubjpass"} and head.lemma_.lower() in ASPECT_VERBS
