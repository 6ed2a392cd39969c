"""Did it happen? Negation, hypotheticals and events embedded under another event.

We walk from the trigger up its clause (stopping at a reporting verb, which opens a new clause of its own) and
look for: a negator on the trigger or on a governing verb ("will not abandon", "there are no agreements"); a
condition ("if", "unless"); an irrealis modal ("would", "could", "might"); and a governing word that makes the
event a mere object of talk ("the possibility of abandoning", "urged them to withdraw", "plans to attack").
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.events.triggers import ASPECT_VERBS

REPORTING_VERBS = frozenset(
    "say tell add stress report conclude note state announce claim insist explain emphasize emphasise "
    "underline point reiterate write declare confirm assert argue quote comment remark believe think "
    "recall acknowledge tweet post suggest indicate mention".split()
)
_NEGATORS = {"not", "n't", "never", "no", "neither", "nor", "without", "nobody", "nothing", "none"}
_CONDITIONS = {"if", "unless", "whether", "lest"}
# Subordinators of a clause that happened alongside its head: "denied it while criticizing them".
_FACTUAL_MARKS = frozenset("while as after before when since because although though once".split())
_NEAR_MISS = {"almost", "nearly"}  # "was almost gunned down": it did not happen
_IRREALIS = {"would", "could", "might", "may", "should", "must"}
# Words that make a governed act an intention of its subject: "Norway is willing to send ...".
_INTENT = frozenset("willing ready prepared committed determined poised set".split())
# Governors that turn what they govern into an idea rather than an event.
_NON_FACTUAL = frozenset(
    "possibility possible chance risk likelihood plan planning intention intend aim hope want wish "
    "seek try attempt prepare threaten threat consider mull propose proposal plot call urge demand "
    "ask request refuse reject deny prevent avoid fail stop oppose fear warn expect need must "
    "able readiness willingness prospect idea question talk discuss debate negotiation order "
    "vow swear pledge promise decide agree offer condition prospect hint signal".split()
)
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis"}
# Prepositions whose gerund tells something that happened: "cooperating after pleading guilty".
_FACTUAL_PREPS = frozenset({"after", "since", "following", "upon", "despite", "during", "amid"})
# Verbs of expectation: a future clause under them is a prediction ("we will see how they will retreat").
_EXPECTING = frozenset(
    "see expect predict believe think hope fear suspect anticipate doubt guess imagine".split()
)
_FUTURE = {"will", "shall", "'ll", "wo"}
# Adjectives that make an infinitive an idea: "it is difficult to talk about ...".
_IDEA_ADJECTIVES = frozenset(
    "difficult hard impossible easy necessary important essential vital crucial critical key time".split()
)


def negated(trigger: Token) -> bool:
    """True when the trigger or a word governing it in the same clause is negated, or its participants are
    "no one" ("no passengers were killed", "offered no evidence")."""
    if any(c.dep_ == "advmod" and c.lower_ in _NEAR_MISS and c.i < trigger.i and not c.nbor().like_num
           for c in trigger.children):  # fmt: skip
        return True
    for token in _clause_chain(trigger):
        if token.i != trigger.i and _told_of(trigger, token):
            break  # "Pyongyang's demand for relief did not mesh": the demand was made; what it did is denied
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children):
            return True
        for arg in (c for c in token.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}):
            if arg.lower_ in {"nobody", "nothing", "none"} or any(
                d.dep_ == "det" and d.lower_ == "no" for d in arg.children
            ):
                return True
        if token.i != trigger.i and token.lower_ in {"without", "instead"}:
            return True
    return False


def _told_of(trigger: Token, verb: Token) -> bool:
    """An event noun that is the subject of a verb saying something of it, not that it took place (which an
    aspect verb does: "talks did not begin")."""
    return (
        trigger.pos_ in {"NOUN", "PROPN"}
        and trigger.dep_ in {"nsubj", "nsubjpass"}
        and trigger.head.i == verb.i
        and verb.lemma_.lower() not in ASPECT_VERBS | {"be", "take", "go"}
    )


def hypothetical(trigger: Token) -> bool:
    """True for conditionals, irrealis modals and predictions: "if Russia invades", "Moscow could retaliate"."""
    if _prediction(trigger) or _to_be_done(trigger):
        return True
    if trigger.dep_ in {"attr", "acomp"} and any(
        c.dep_ == "aux" and c.lower_ in _FUTURE for c in trigger.head.children
    ):
        return True  # "will be the hardest hit": a forecast state
    own_clause = {t.i for t in _clause_chain(trigger)}
    for token in _clause_chain(trigger, cross_clauses=True):
        for child in token.children:
            if child.dep_ == "mark" and child.lower_ in _CONDITIONS:
                return True
            irrealis = child.dep_ == "aux" and child.lower_ in _IRREALIS and token.i in own_clause
            if irrealis and not (child.lower_ == "would" and _reported(trigger)):  # reported "would": future
                return True
        if token.dep_ in _CLAUSE_DEPS and token.head.lemma_.lower() in REPORTING_VERBS:
            break
    return False


def _to_be_done(trigger: Token) -> bool:
    """A passive infinitive that qualifies a noun is still to happen: "a report to be released" (an active
    one is often a purpose: "a rally to protest the law")."""
    deps = {(c.dep_, c.lower_) for c in trigger.children}
    return trigger.dep_ in {"relcl", "acl"} and ("aux", "to") in deps and ("auxpass", "be") in deps


def future(trigger: Token) -> bool:
    """An announced intention: "will provide", reported "would allow", "is willing to send", "is going to"."""
    if trigger.dep_ in {"attr", "acomp"}:
        return False  # "will be the hardest hit": a state, not an act (see hypothetical)
    for token in _clause_chain(trigger):
        for child in token.children:
            if child.dep_ == "aux" and (
                child.lower_ in _FUTURE or (child.lower_ == "would" and _reported(trigger))
            ):
                return True
        if token.lemma_.lower() in _INTENT and token.i != trigger.i:
            return True
        if (
            token.i != trigger.i
            and token.lower_ == "going"
            and any(c.lower_ == "to" for c in trigger.children)
        ):
            return True
        if token.dep_ == "xcomp" and any(
            c.dep_ in {"acomp", "attr"} and c.lemma_.lower() in _INTENT for c in token.head.children
        ):
            return True
    return False


def conditional_announcement(trigger: Token) -> bool:
    """An act announced on a condition: "will withdraw its troops unless ...", or in reported speech "may
    halt its mediation if ...". PLOVER reads a forceful one as a threat."""
    if trigger.pos_ != "VERB" or any(c.dep_ in {"auxpass", "nsubjpass"} for c in trigger.children):
        return False  # "will be punished if ...": not the subject's act
    chain = _clause_chain(trigger)
    conditioned = any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in c.children)
        for token in chain
        for c in token.children
    )
    if not conditioned:
        return False
    modal = any(c.dep_ == "aux" and c.lower_ in _IRREALIS for t in chain for c in t.children)
    return future(trigger) or (modal and _reported(trigger))


def _reported(trigger: Token) -> bool:
    """The trigger's own clause is what someone said: "he said he would go", not "it stands to reason
    that Trump would seek ..., he said", where "would" is the speaker's conjecture."""
    token = trigger
    while token.head.i != token.i:
        if token.dep_ in _CLAUSE_DEPS:
            return token.head.lemma_.lower() in REPORTING_VERBS
        if token.dep_ == "acl" and any(c.dep_ == "mark" for c in token.children):
            return False  # a clause complementing a noun: "(it stands to) reason that Trump would seek"
        token = token.head
    return False


def _prediction(trigger: Token) -> bool:
    chain = _clause_chain(trigger)
    future = any(c.dep_ == "aux" and c.lower_ in _FUTURE for t in chain for c in t.children)
    top = chain[-1]
    expecting = any(t.lemma_.lower() in _EXPECTING for t in chain[1:]) or (
        top.dep_ in _CLAUSE_DEPS and top.head.lemma_.lower() in _EXPECTING
    )
    return future and expecting


def embedded_under(trigger: Token, triggers: set[int]) -> Token | None:
    """The governing word that makes this event non-factual (another trigger or a word like "possibility")."""
    token = trigger
    while token.head.i != token.i:
        if token.dep_ in _CLAUSE_DEPS and token.head.lemma_.lower() in REPORTING_VERBS:
            return None
        if token.dep_ == "relcl" or (token.dep_ == "prep" and token.lower_ in _FACTUAL_PREPS):
            return None  # "the sanctions Washington has imposed", "after pleading guilty": told as facts
        head = token.head
        if token.dep_ in {"xcomp", "advcl"} and any(
            c.dep_ in {"acomp", "attr"} and c.lemma_.lower() in _IDEA_ADJECTIVES for c in head.children
        ):
            return head  # "it is difficult to talk", "support is crucial for Islamabad to negotiate"
        if token.dep_ == "xcomp" and head.lemma_.lower() == "have":
            return head  # "have to withdraw", "have until Friday to appeal"
        if token.dep_ in {"xcomp", "advcl"} and head.lemma_.lower() == "use" and _what_for(head):
            return head  # "a plane used to share intelligence", "China used to buy oil": a use, a habit
        purpose = token.dep_ == "advcl" and any(
            c.dep_ in {"aux", "mark"} and c.lower_ not in _FACTUAL_MARKS for c in token.children
        )
        governs = purpose or token.dep_ in {"xcomp", "ccomp", "dobj", "pobj", "pcomp", "acl", "prep", "nsubj"}
        if governs and (head.i in triggers or head.lemma_.lower() in _NON_FACTUAL):
            return head
        if token.dep_ == "acl" and token.tag_ == "VBG" and head.pos_ in {"NOUN", "PROPN"}:
            return None  # "demonstrators protesting the results": a fact about them, whatever governs them
        token = head  # a conjunct shares its head's fate: "aims to tighten sanctions and impose a blockade"
    return None


def _what_for(use: Token) -> bool:
    """ "used" describing what something is for, or a past habit: not "used force to disperse"."""
    return use.dep_ == "acl" or not any(c.dep_ == "dobj" for c in use.children)


def _clause_chain(trigger: Token, cross_clauses: bool = False) -> list[Token]:
    """The trigger and the words above it up to the clause boundary (a reporting verb or the root)."""
    chain = [trigger]
    token = trigger
    while token.head.i != token.i:
        if token.dep_ in _CLAUSE_DEPS and not cross_clauses:
            break
        if token.dep_ in _CLAUSE_DEPS and token.head.lemma_.lower() in REPORTING_VERBS:
            break
        if token.dep_ == "conj" and not cross_clauses:  # a conjoined verb has its own negation
            break
        if token.dep_ == "acl" and token.tag_ == "VBN":  # "will return weapons seized last year"
            break
        token = token.head
        chain.append(token)
    return chain
