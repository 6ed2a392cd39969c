"""Code the events of one parsed article: triggers -> arguments -> modality -> attribution -> Event.

For each sentence, in reading order: find triggers; take the actor from the trigger's subject (through
control verbs, conjuncts, passives and support verbs), the recipient from the argument slots the lexicon names;
drop negated, hypothetical and embedded (non-factual) events; attach the speaker when the event is reported
speech ("Zakharova said that Moscow expects ..."), who also becomes the actor when the clause names none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from eventwire.actors.resolver import Resolver
from eventwire.events import modality
from eventwire.events.dates import event_date
from eventwire.events.triggers import Trigger, find_triggers
from eventwire.model import Article, Entity, Event, content_id
from eventwire.ontology import lookup

_SUBJECTS = {"nsubj", "csubj", "expl"}
# Verbs whose passive subject feels the emotion: "Moscow is disappointed by ..." -> Moscow is the actor.
_PSYCH = frozenset(
    "disappoint concern worry alarm anger outrage dismay trouble frustrate shock upset".split()
)
# Material conflict inside a country hits that country when no other target is named ("struck targets in Lebanon").
_PLACE_IS_TARGET = {"ASSAULT", "COERCE", "MOBILIZE"}
_FALLBACK_PREPS = ("with", "to", "against", "on", "at", "about", "over", "from", "toward", "towards", "for")
# Caps on what one sentence and one article may yield, so a run of junk text cannot flood the output.
MAX_EVENTS_PER_SENTENCE = 6
MAX_SENTENCE_TOKENS = 150
MAX_EVENTS_PER_ARTICLE = 200
RULE_VERSION = "rules-1"


@dataclass(frozen=True, slots=True)
class Speech:
    speaker: tuple[Entity, ...]
    via: str | None
    verb: Token


def code_article(nlp: Language, doc: Doc, article: Article) -> list[Event]:
    """All asserted events of one article (negated and hypothetical ones are dropped)."""
    return [e for e in iter_events(nlp, doc, article) if e.status == "asserted"][:MAX_EVENTS_PER_ARTICLE]


def iter_events(nlp: Language, doc: Doc, article: Article) -> Iterator[Event]:
    """Every event the rules find, with its status (asserted, negated, hypothetical, embedded)."""
    resolver = Resolver.for_doc(nlp, doc, article.published)
    paragraph_speaker: dict[int, tuple[Entity, ...]] = {}
    sentences = list(doc.sents)
    for index, sent in enumerate(sentences):
        paragraph = _paragraph(doc, sent)
        resolver.count_sentence(sent, done=False)
        speeches = _speeches(sent, resolver)
        if paragraph not in paragraph_speaker:
            own = next((s.speaker for s in speeches if s.speaker), ())
            paragraph_speaker[paragraph] = own or _later_speaker(
                sentences[index + 1 :], doc, paragraph, resolver
            )
        speaker = paragraph_speaker[paragraph]
        resolver.context.speaker = speaker[0] if speaker else None
        if len(sent) <= MAX_SENTENCE_TOKENS and _looks_like_prose(sent):
            for event in _code_sentence(sent, index, article, resolver)[:MAX_EVENTS_PER_SENTENCE]:
                yield event
                for entity in event.recipient:
                    resolver.context.observe(entity, salient=False)
        resolver.count_sentence(sent)  # after coding: a sentence's own names must not explain its bare roles
        for speech in speeches:
            for entity in speech.speaker:
                resolver.context.observe(entity)
        for token in sent:
            if token.dep_ == "nsubj" and token.head.dep_ == "ROOT":
                for entity in resolver.phrase(token):
                    resolver.context.observe(entity)


def _code_sentence(sent: Span, index: int, article: Article, resolver: Resolver) -> list[Event]:
    triggers = find_triggers(sent)
    trigger_ids = {t.token.i for t in triggers}
    events: list[Event] = []
    for trigger in triggers:
        event = _code_trigger(trigger, trigger_ids, sent, index, article, resolver)
        if event is not None:
            events.append(event)
    events.extend(_demands(sent, index, article, resolver, {e.trigger_span[0] for e in events}))
    return events


def _code_trigger(
    trigger: Trigger, trigger_ids: set[int], sent: Span, index: int, article: Article, resolver: Resolver
) -> Event | None:
    token, row = trigger.token, trigger.row
    explanation = [
        f"trigger:{token.lemma_.lower()}/{row.pos}"
        + (f"+{trigger.matched.lower_}" if trigger.matched else "")
    ]
    status, kind, cameo_code, mode = _reading(trigger, trigger_ids, explanation)
    speech = _speech_of(token, resolver)
    if row.pos == "ADJ":
        return _condemnation(trigger, speech, status, sent, index, article, resolver, explanation)
    actor_token, recipient_hint = _actor_token(trigger)
    actor = resolver.phrase(actor_token) if actor_token is not None else ()
    actor = tuple(e for e in actor if e.country or e.kind in {"person", "role", "collective"})
    confidence = 0.85 if not trigger.nominal else 0.75
    if actor:
        explanation.append(f"actor:{actor_token.dep_}:" + ",".join(e.how for e in actor))
        if any(e.how.startswith(("coref", "role:")) for e in actor):
            confidence -= 0.1
    elif kind in _PLACE_IS_TARGET:
        # violence with no named perpetrator ("were killed by a roadside bomb near Basra"): PLOVER's
        # unidentified armed forces of the country where it happened
        where = _location_country(sent, resolver)
        if where is not None:
            actor = (
                Entity("unidentified perpetrators", where, ("UAF",), "unidentified", "violence:location"),
            )
            explanation.append("actor:unidentified-at-location")
            confidence -= 0.25
    elif speech and speech.speaker:
        actor = speech.speaker
        explanation.append("actor:speaker")
        confidence -= 0.15
    if not actor or not any(e.country for e in actor):
        return None
    recipient = _recipient(trigger, recipient_hint, resolver)
    recipient = tuple(e for e in recipient if e not in actor and (e.country or e.kind == "collective"))
    if not recipient and kind not in _NO_DEFAULT_RECIPIENT:
        target = _unresolved_target(trigger, recipient_hint)
        home = resolver.context.home
        if target is not None and home:
            # something was targeted but not named by any dictionary ("accused the rebels"): in a story about
            # one country, an unnamed domestic party of that country
            recipient = (Entity(_span_text(target), home, (), "unresolved", "default:home"),)
            confidence -= 0.1
    if recipient:
        explanation.append("recipient:" + ",".join(e.how for e in recipient))
    end = token
    if trigger.matched is not None and token.i < trigger.matched.i <= token.i + 3:
        end = trigger.matched
    return _event(
        sent,
        index,
        article,
        token,
        end,
        kind,
        mode,
        cameo_code,
        row.context,
        actor,
        recipient,
        status,
        speech,
        confidence,
        explanation,
    )


def _condemnation(
    trigger: Trigger,
    speech: Speech | None,
    status: str,
    sent: Span,
    index: int,
    article: Article,
    resolver: Resolver,
    explanation: list[str],
) -> Event | None:
    """A condemning word in attributed speech: the speaker accuses the clause's subject."""
    if speech is None or not speech.speaker or status == "negated":
        return None
    clause = trigger.token
    while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
        clause = clause.head
    subject = _subject(clause) if clause.pos_ in {"VERB", "AUX"} else None
    recipient: tuple[Entity, ...] = ()
    if subject is not None and subject.lower_ not in {"we", "i", "it", "this", "that"}:
        recipient = tuple(e for e in resolver.phrase(subject) if e.country or e.kind == "collective")
    explanation.append("actor:speaker")
    row = trigger.row
    return _event(
        sent,
        index,
        article,
        trigger.token,
        trigger.token,
        row.type,
        row.mode,
        row.cameo,
        row.context,
        speech.speaker,
        recipient,
        "asserted",
        speech,
        0.6,
        explanation,
    )


# PLOVER codes an announced cooperative act as AGREE and an announced forceful one as THREATEN; a refusal
# to cooperate ("will not accept refugees") is a REJECT.
_COOPERATIVE = {"SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "CONSULT"}
_FORCEFUL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}


def _reading(
    trigger: Trigger, trigger_ids: set[int], explanation: list[str]
) -> tuple[str, str, str | None, str | None]:
    """(status, type, CAMEO code, mode) once negation, modality and intention are read."""
    token, row = trigger.token, trigger.row
    kind, cameo_code, mode = row.type, row.cameo, row.mode
    if modality.negated(token):
        if modality.future(token) and kind in _COOPERATIVE | {"AGREE"}:
            explanation.append("refusal:negated-intention")
            return "asserted", "REJECT", None, None
        return "negated", kind, cameo_code, mode
    if modality.hypothetical(token):
        return "hypothetical", kind, cameo_code, mode
    governor = modality.embedded_under(token, trigger_ids - {token.i})
    if governor is not None:
        explanation.append(f"embedded-under:{governor.lemma_.lower()}")
        return "embedded", kind, cameo_code, mode
    if modality.future(token) and kind in _COOPERATIVE:
        explanation.append(f"intention:{kind}")
        return "asserted", "AGREE", None, None
    if modality.future(token) and kind in _FORCEFUL:
        explanation.append(f"intention:{kind}")
        return "asserted", "THREATEN", "138" if kind == "ASSAULT" else None, None
    return "asserted", kind, cameo_code, mode


def _event(
    sent: Span,
    index: int,
    article: Article,
    start: Token,
    end: Token,
    kind: str,
    mode: str | None,
    cameo_code: str | None,
    context: tuple[str, ...],
    actor: tuple[Entity, ...],
    recipient: tuple[Entity, ...],
    status: str,
    speech: Speech | None,
    confidence: float,
    explanation: list[str],
) -> Event:
    cameo = lookup(cameo_code, kind, mode)
    when, granularity = event_date(sent, start, article.published)
    trigger_start, trigger_end = start.idx, end.idx + len(end.text)
    return Event(
        event_id=content_id(f"{article.doc_id}|{index}|{start.i}|{kind}"),
        doc_id=article.doc_id,
        type=kind,
        mode=mode or cameo.mode,
        context=tuple(context or cameo.context),
        actor=actor,
        recipient=recipient,
        date=when,
        date_granularity=granularity,
        sentence_index=index,
        span=(sent.start_char, sent.end_char),
        sentence=sent.text.strip(),
        trigger=article.text[trigger_start:trigger_end],
        trigger_span=(trigger_start, trigger_end),
        rule=RULE_VERSION,
        confidence=round(max(0.05, min(1.0, confidence)), 2),
        cameo=cameo.code,
        goldstein=cameo.goldstein,
        quad_class=cameo.quad_class,
        status=status,
        speaker=speech.speaker[0] if speech and speech.speaker else None,
        via=speech.via if speech else None,
        explanation=tuple(explanation),
    )


_OBLIGATION = {"must", "should"}


def _demands(sent: Span, index: int, article: Article, resolver: Resolver, taken: set[int]) -> list[Event]:
    """Reported obligations are requests: "Russia said that Sudan must return the helicopter" -> REQUEST."""
    events = []
    for verb in sent:
        if verb.lemma_.lower() not in modality.REPORTING_VERBS | {"reminder", "declaration"}:
            continue
        for clause in (c for c in verb.children if c.dep_ in {"ccomp", "acl"}):
            if clause.i in taken or not any(
                c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in clause.children
            ):
                continue
            speech = _speech_at(verb, resolver) if verb.pos_ == "VERB" else _speech_of(verb, resolver)
            if speech is None or not speech.speaker:
                continue
            subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            recipient = tuple(e for e in resolver.phrase(subject) if e.country) if subject is not None else ()
            if not recipient:
                continue
            explanation = [f"obligation:{verb.lemma_.lower()}+{clause.lemma_.lower()}", "actor:speaker"]
            events.append(
                _event(
                    sent,
                    index,
                    article,
                    clause,
                    clause,
                    "REQUEST",
                    None,
                    "100",
                    (),
                    speech.speaker,
                    recipient,
                    "asserted",
                    speech,
                    0.7,
                    explanation,
                )
            )
    return events


# -- arguments -----------------------------------------------------------------------------------------------


def _actor_token(trigger: Trigger) -> tuple[Token | None, Token | None]:
    """The token naming the actor, and a token that names the recipient when the construction fixes it."""
    token = trigger.token
    if trigger.nominal:
        return _nominal_actor(token)
    passive_subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    agent_obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if passive_subject is not None:
        if token.lemma_.lower() in _PSYCH:
            return passive_subject, agent_obj
        return agent_obj, passive_subject
    return _subject(token), None


def _subject(verb: Token, depth: int = 0) -> Token | None:
    if depth > 4:
        return None
    for child in verb.children:
        if child.dep_ in _SUBJECTS and child.dep_ != "expl":
            return child
    if verb.dep_ in {"xcomp", "conj", "advcl", "acomp"} and verb.head.i != verb.i:
        return _subject(verb.head, depth + 1)
    if verb.dep_ == "relcl":
        return verb.head
    return None


def _nominal_actor(noun: Token) -> tuple[Token | None, Token | None]:
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
    return _subject(head), None


def _recipient(trigger: Trigger, hint: Token | None, resolver: Resolver) -> tuple[Entity, ...]:
    """The recipient: the lexicon's slots, then a complement's subject or objects, then fallback slots."""
    if hint is not None:
        return resolver.phrase(hint)
    token = trigger.token
    matched = trigger.matched if trigger.matched is not None and trigger.matched.dep_ == "dobj" else None
    hosts = [token] + ([matched] if matched is not None else [])
    for slot in trigger.row.recipient or ("dobj",):
        for host in hosts:
            found = _slot(host, slot, trigger)
            if found is not None:
                entities = _coded(resolver.phrase(found))
                if entities:
                    return entities
    for clause in (c for c in token.children if c.dep_ in {"ccomp", "xcomp"}):
        # "demanded that the US cancel ...": the complement's subject is the one asked, accused or warned
        subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        entities = _coded(resolver.phrase(subject)) if subject is not None else ()
        if entities:
            return entities
        # "offered to hand over to Great Britain", "refused to deploy peacekeepers in Iraq"
        for slot in _COMPLEMENT_SLOTS:
            found = _slot(clause, slot, trigger)
            if found is not None:
                entities = _coded(resolver.phrase(found))
                if entities:
                    return entities
    if matched is not None:
        # the object's owner or author: "demanded a meeting of the Security Council", "calls by Belarus"
        for slot in ("poss", "pobj:of", "pobj:by", "pobj:from"):
            found = _slot(matched, slot, trigger)
            if found is not None:
                entities = _coded(resolver.phrase(found))
                if entities:
                    return entities
    preps = _FALLBACK_PREPS + (("in", "inside", "near") if trigger.row.type in _PLACE_IS_TARGET else ())
    for host in hosts:
        for prep in preps:
            found = _slot(host, f"pobj:{prep}", trigger)
            if found is not None:
                entities = _coded(resolver.phrase(found))
                if entities:
                    return entities
    return ()


# Types whose participants are usually all actors (meetings, agreements) or that rarely have a target.
_NO_DEFAULT_RECIPIENT = {"CONSULT", "AGREE", "COOPERATE", "MOBILIZE", "PROTEST"}


def _unresolved_target(trigger: Trigger, hint: Token | None) -> Token | None:
    """The object or complement the event is aimed at, when there is one."""
    if hint is not None:
        return hint
    token = trigger.token
    for child in token.children:
        if (
            child.dep_ in {"dobj", "dative"}
            and child is not trigger.matched
            and child.pos_ in {"NOUN", "PROPN"}
        ):
            return child
        if child.dep_ == "prep" and child.lower_ in {"on", "against", "to", "with", "at"}:
            obj = next((c for c in child.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}), None)
            if obj is not None:
                return obj
        if child.dep_ in {"ccomp", "xcomp"}:
            subject = next((c for c in child.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None and subject.pos_ in {"NOUN", "PROPN"}:
                return subject
    return None


def _span_text(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text[:120]


_COMPLEMENT_SLOTS = ("dative", "pobj:to", "pobj:with", "pobj:on", "pobj:against", "dobj", "pobj:in")


def _coded(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    return tuple(e for e in entities if e.country or e.kind == "collective")


_PLACE_PREPS = {"in", "near", "outside", "at", "across", "inside", "around"}


def _location_country(sent: Span, resolver: Resolver) -> str | None:
    """The country a sentence places its events in ("near the town of Samarra" -> IRQ), else the story's."""
    for token in sent:
        mention = resolver.mentions.get(token.i)
        if mention is None or mention.best.kind not in {"place", "country", "capital"}:
            continue
        if any(a.dep_ == "prep" and a.lower_ in _PLACE_PREPS for a in list(mention.span.root.ancestors)[:4]):
            return mention.best.code
    return resolver.context.home


def _slot(host: Token, slot: str, trigger: Trigger) -> Token | None:
    kind, _, prep = slot.partition(":")
    for child in host.children:
        if kind in {"dobj", "dative", "poss"} and child.dep_ == kind and child is not trigger.matched:
            return child
        if kind == "pobj" and child.dep_ in {"prep", "dative"} and child.lower_ == prep:
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


# -- attribution -----------------------------------------------------------------------------------------------


def _speeches(sent: Span, resolver: Resolver) -> list[Speech]:
    out = []
    for token in sent:
        if token.pos_ == "VERB" and token.lemma_.lower() in modality.REPORTING_VERBS:
            speech = _speech_at(token, resolver)
            if speech is not None:
                out.append(speech)
    return out


def _speech_at(verb: Token, resolver: Resolver) -> Speech | None:
    subject = _subject(verb)
    speaker = tuple(e for e in resolver.phrase(subject) if e.country) if subject is not None else ()
    via = None
    for child in verb.children:
        if verb.lemma_.lower() == "tell" and child.dep_ in {"dobj", "dative"} and child.pos_ == "PROPN":
            via = child.text
    return Speech(speaker, via, verb)


def _speech_of(token: Token, resolver: Resolver) -> Speech | None:
    """The reporting verb whose complement holds the trigger, if any ("said that ...")."""
    current = token
    while current.head.i != current.i:
        if (
            current.dep_ in {"ccomp", "parataxis", "xcomp"}
            and current.head.lemma_.lower() in modality.REPORTING_VERBS
        ):
            return _speech_at(current.head, resolver)
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


def _later_speaker(rest: list[Span], doc: Doc, paragraph: int, resolver: Resolver) -> tuple[Entity, ...]:
    """A quotation's speaker is often named at its end: look ahead within the paragraph."""
    for sent in rest:
        if _paragraph(doc, sent) != paragraph:
            break
        for speech in _speeches(sent, resolver):
            if speech.speaker:
                return speech.speaker
    return ()


def _paragraph(doc: Doc, sent: Span) -> int:
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


def _looks_like_prose(sent: Span) -> bool:
    """Skip tables, name lists and all-caps lines: too few verbs or lower-case words to be a sentence."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 3:
        return False
    if sum(t.is_upper for t in words) > 0.6 * len(words):
        return False
    verbs = sum(t.pos_ in {"VERB", "AUX"} for t in sent)
    return verbs >= 1 and verbs * 40 >= len(words)
