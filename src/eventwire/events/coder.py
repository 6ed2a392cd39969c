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
from eventwire.config import current_settings
from eventwire.events import modality
from eventwire.events.arguments import (
    NO_DEFAULT_RECIPIENT,
    PLACE_IS_TARGET,
    find_actor,
    location_country,
    recipient_of,
    span_text,
    subject_of,
    unresolved_target,
)
from eventwire.events.attribution import (
    Speech,
    later_speaker,
    paragraph_of,
    speech_at,
    speech_of,
    speeches_in,
)
from eventwire.events.confidence import actor_source, confidence, evidence_class, recipient_source
from eventwire.events.dates import event_date, is_historical
from eventwire.events.places import event_place
from eventwire.events.triggers import SUPPORT_VERBS, Trigger, find_triggers
from eventwire.model import Article, Entity, Event, content_id
from eventwire.ontology import lookup

# Verbs whose subject is the one given to: the lexicon's recipient slot ("from") names the giver.
_RECEIVING = frozenset({"receive", "obtain", "get"})
# CAMEO's military exercise (a MOBILIZE) and joint exercise (a COOPERATE).
_EXERCISE, _JOINT_EXERCISE = "150", "062"
# Types the PLOVER manual says require a recipient.
NEEDS_RECIPIENT = frozenset({"COOPERATE", "AID", "SANCTION"})
# Caps on what one sentence and one article may yield, so a run of junk text cannot flood the output.
MAX_EVENTS_PER_SENTENCE = 6
MAX_SENTENCE_TOKENS = 150
MAX_EVENTS_PER_ARTICLE = 200
RULE_VERSION = "rules-1"
# How many sentences a named speaker carries over to the quotations around it: pages often come with no
# paragraph breaks, and a whole article is not one person's words.
SPEAKER_REACH = 2
# Events whose kind of evidence proved right less often than this on the development news (the calibrated
# confidence) are not output; tools/calibrate.py measures what the floor does out of sample.
MIN_CONFIDENCE = 0.3


@dataclass(frozen=True, slots=True)
class At:
    """Where coding is: the sentence, its index, the article, and the article's resolver."""

    sent: Span
    index: int
    article: Article
    resolver: Resolver


def code_article(
    nlp: Language, doc: Doc, article: Article, min_confidence: float = MIN_CONFIDENCE
) -> list[Event]:
    """The asserted events of one article whose evidence is trusted enough (negated and hypothetical ones,
    and those below ``min_confidence``, are dropped)."""
    events = iter_events(nlp, doc, article)
    kept = [e for e in events if e.status == "asserted" and e.confidence >= min_confidence]
    return kept[:MAX_EVENTS_PER_ARTICLE]


def iter_events(nlp: Language, doc: Doc, article: Article) -> Iterator[Event]:
    """Every event the rules find, with its status (asserted, negated, hypothetical, embedded)."""
    resolver = Resolver.for_doc(nlp, doc, article.published, current_settings().actors)
    last_speaker: tuple[int, int, tuple[Entity, ...]] | None = None  # paragraph, sentence, who
    sentences = list(doc.sents)
    for index, sent in enumerate(sentences):
        paragraph = paragraph_of(doc, sent)
        resolver.count_sentence(sent, done=False)
        speeches = speeches_in(sent, resolver)
        speaker = next((s.speaker for s in speeches if s.speaker), ())
        if speaker:
            last_speaker = (paragraph, index, speaker)
        elif last_speaker and last_speaker[0] == paragraph and index - last_speaker[1] <= SPEAKER_REACH:
            speaker = last_speaker[2]  # a quotation goes on after its speaker is named
        else:  # or names its speaker at its end
            ahead = sentences[index + 1 : index + 1 + SPEAKER_REACH]
            speaker = later_speaker(ahead, doc, paragraph, resolver)
        resolver.context.speaker = speaker[0] if speaker else None
        if len(sent) <= MAX_SENTENCE_TOKENS and _looks_like_prose(sent):
            for event in _code_sentence(At(sent, index, article, resolver))[:MAX_EVENTS_PER_SENTENCE]:
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


def _code_sentence(at: At) -> list[Event]:
    triggers = find_triggers(at.sent)
    trigger_ids = {t.token.i for t in triggers}
    events: list[Event] = []
    for trigger in triggers:
        event = _code_trigger(trigger, trigger_ids, at)
        if event is not None:
            events.append(event)
    events.extend(_demands(at, {e.trigger_span[0] for e in events if e.status == "asserted"}))
    events.extend(_allegations(at, {a for e in events if e.type == "ACCUSE" for a in e.actor}))
    events.extend(_wants(at))
    return _one_per_act(_precedence(events))


def _precedence(events: list[Event]) -> list[Event]:
    """The PLOVER manual's rules for acts told together: mobilising in the course of an assault is only the
    assault ("units were activated and returned fire"), and a protest's demands are its topic, not a
    separate REQUEST by the protesters."""
    asserted = [e for e in events if e.status == "asserted"]
    assault = any(e.type == "ASSAULT" for e in asserted)
    protesters = {a for e in asserted if e.type == "PROTEST" for a in e.actor}
    return [
        e
        for e in events
        if not (e.status == "asserted" and e.type == "MOBILIZE" and assault)
        and not (e.status == "asserted" and e.type == "REQUEST" and set(e.actor) & protesters)
    ]


def _one_per_act(events: list[Event]) -> list[Event]:
    """One sentence telling one act with several verbs ("ambushed a bus and killed 18") is one event: of each
    type and actor set, the first mention with the best-attested recipient is kept."""
    kept: dict[tuple[str, str, frozenset[str | None]], Event] = {}  # a non-event never hides an event
    apart: list[Event] = []
    for event in events:
        key = (event.status, event.type, frozenset(a.country for a in event.actor))
        first = kept.get(key)
        if first is None:
            kept[key] = event
        elif _named_apart(first, event):  # "kidnapped Russian advisers and bombed Kabul": two acts
            apart.append(event)
        elif (
            _RECIPIENT_RANK[recipient_source(event.recipient)]
            > _RECIPIENT_RANK[recipient_source(first.recipient)]
        ):
            kept[key] = event  # the same act, told with a better recipient: its record is consistent
    return sorted([*kept.values(), *apart], key=lambda e: e.trigger_span)


def _named_apart(one: Event, other: Event) -> bool:
    """Both events name their recipients in the text, and no country is shared."""
    named = recipient_source(one.recipient) == recipient_source(other.recipient) == "named"
    return named and not {e.country for e in one.recipient} & {e.country for e in other.recipient}


# A recipient named in the text beats one inferred from context, which beats the story's country.
_RECIPIENT_RANK = {"none": 0, "default": 1, "inferred": 2, "named": 3}


def _code_trigger(trigger: Trigger, trigger_ids: set[int], at: At) -> Event | None:
    token, row, resolver = trigger.token, trigger.row, at.resolver
    if _participle_as_noun(token):
        return None
    explanation = [
        f"trigger:{token.lemma_.lower()}/{row.pos}"
        + (f"+{trigger.matched.lower_}" if trigger.matched else "")
    ]
    status, kind, cameo_code, mode = _reading(trigger, trigger_ids, explanation)
    speech = speech_of(token, resolver)
    if row.pos == "ADJ":
        return _condemnation(trigger, trigger_ids, speech, status, at, explanation)
    actor_token, recipient_hint = find_actor(trigger)
    actor = resolver.phrase(actor_token) if actor_token is not None else ()
    actor = tuple(e for e in actor if e.country or e.kind in {"person", "role", "collective"})
    source = "clause"
    if actor:
        explanation.append(f"actor:{actor_token.dep_}:" + ",".join(e.how for e in actor))
    elif kind in PLACE_IS_TARGET:
        # violence with no named perpetrator ("were killed by a roadside bomb near Basra"): PLOVER's
        # unidentified armed forces of the country where it happened
        where = location_country(at.sent, resolver)
        if where is not None:
            actor = (
                Entity("unidentified perpetrators", where, ("UAF",), "unidentified", "violence:location"),
            )
            explanation.append("actor:unidentified-at-location")
            source = "unidentified"
    elif speech and speech.speaker and _speaker_may_act(actor_token):
        actor = speech.speaker
        explanation.append("actor:speaker")
        source = "speaker"
    if not any(e.country or e.kind == "collective" for e in actor):  # "Western countries": no country
        return None
    resolver.context.acting = {(e.country, sector) for e in actor for sector in e.sector}
    recipient = recipient_of(trigger, recipient_hint, resolver)
    resolver.context.acting = set()
    recipient = tuple(e for e in recipient if e not in actor and (e.country or e.kind == "collective"))
    if actor_token is not None and actor_token.pos_ == "NOUN" and actor[0].country:
        resolver.context.authors[actor_token.lemma_.lower()] = actor[0]  # "a resolution in Congress urged"
    if trigger.nominal and actor[0].country:
        resolver.context.authors[token.lemma_.lower()] = actor[0]  # "Russia's proposal"
    if token.dep_ == "acl" and token.head.pos_ == "NOUN" and actor[0].country:
        resolver.context.authors[token.head.lemma_.lower()] = actor[0]  # "passed a resolution urging"
    if not recipient and kind not in NO_DEFAULT_RECIPIENT:
        target = unresolved_target(trigger, recipient_hint, resolver)
        author = resolver.context.authors.get(target.lemma_.lower()) if _definite(target) else None
        home = resolver.context.home
        if author is not None and author.country not in {e.country for e in actor}:
            # "rejected the resolution": the one whose resolution the story told of earlier
            recipient = (
                Entity(span_text(target), author.country, author.sector, "unresolved", "coref:author"),
            )
        elif target is not None and home:
            # something was targeted but not named by any dictionary ("accused the rebels"): in a story about
            # one country, an unnamed domestic party of that country
            recipient = (Entity(span_text(target), home, (), "unresolved", "default:home"),)
    if not recipient and mode == "resign" and actor[0].country:
        # a resignation leaves an office of the resigning party's own polity
        recipient = (Entity(actor[0].text, actor[0].country, (), "unresolved", "default:own-office"),)
    if recipient and kind == "AID" and token.lemma_.lower() in _RECEIVING and source == "clause":
        # "Pakistan received a bailout from the IMF": the giver is the actor, the subject the recipient
        actor, recipient = recipient, actor
        explanation.append("roles:received")
    if kind == "PROTEST" and token.lemma_.lower() == "protest" and _speaks(token, actor):
        # the manual: a protest by a government or an organisation, or one that is a statement, is a
        # diplomatic protest, ACCUSE ("China protested", "a rights group protested that ...")
        kind, cameo_code, mode = "ACCUSE", "114", "disapprove"
        explanation.append("verbal-protest")
    mutual = len({e.country for e in actor if e.country}) > 1
    if kind == "MOBILIZE" and cameo_code == _EXERCISE and mutual and status == "asserted":
        # "French and Egyptian warships launched war games": an exercise held together is COOPERATE
        kind, cameo_code, mode = "COOPERATE", _JOINT_EXERCISE, None
        explanation.append("mutual:exercise")
    if recipient:
        explanation.append("recipient:" + ",".join(e.how for e in recipient))
    elif kind == "COOPERATE" and mutual:
        explanation.append("recipient:mutual")  # cooperation among the actors themselves
    elif kind in NEEDS_RECIPIENT:
        return None  # the manual: no cooperation, aid or sanction without someone it is with, to or on
    end = token
    if trigger.matched is not None and token.i < trigger.matched.i <= token.i + 3:
        end = trigger.matched
    form = "nominal" if trigger.nominal else "verb"
    return _event(
        at, token, end, kind, mode, cameo_code, row.context, actor, recipient, status, speech,
        (form, actor_source(actor, source)), explanation,
    )  # fmt: skip


# Who protests in words, not in the street: states, their organs, and organisations.
_INSTITUTIONS = frozenset({"GOV", "MIL", "LEG", "JUD", "NGO"})


def _speaks(verb: Token, actor: tuple[Entity, ...]) -> bool:
    """A protest made in words: by an institution, or with what was said as its complement."""
    if any(c.dep_ == "ccomp" for c in verb.children):
        return True
    return all(set(e.sector) & _INSTITUTIONS or e.kind in {"country", "organisation"} for e in actor)


def _definite(noun: Token | None) -> bool:
    """ "the resolution", "this proposal": a thing the story has told of before."""
    if noun is None or noun.pos_ != "NOUN":
        return False
    return any(
        c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"} for c in noun.children
    )


def _participle_as_noun(token: Token) -> bool:
    """ "receiving the injured", "the wounded were taken to hospital": people, not an act."""
    return (
        token.lower_.endswith("ed")
        and token.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}
        and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
        and not any(c.dep_ in {"dobj", "agent", "prep"} for c in token.children)
    )


def _speaker_may_act(subject: Token | None) -> bool:
    """The speaker stands in for a clause's actor when the clause names none ("..., calling for talks") or
    only a pronoun ("we", "they"); a named subject we could not resolve ("the relatives") is someone else."""
    return subject is None or subject.lower_ in {"we", "i", "us", "our", "it", "they", "he", "she"}


def _condemnation(
    trigger: Trigger,
    trigger_ids: set[int],
    speech: Speech | None,
    status: str,
    at: At,
    explanation: list[str],
) -> Event | None:
    """A condemning word in attributed speech: the speaker accuses the clause's subject. Under a verb of
    calling ("Tehran called the allegations baseless") the caller accuses the owner of what was called so."""
    if status == "negated":
        return None
    clause = trigger.token
    while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
        clause = clause.head
    subject = subject_of(clause) if clause.pos_ in {"VERB", "AUX"} else None
    calling = False
    if subject is not None and clause.lemma_.lower() in _CALLING:
        if clause.i in trigger_ids:
            return None  # the verb's own row coded the judgement ("called the charges baseless": REJECT)
        caller = tuple(e for e in at.resolver.phrase(subject) if e.country or e.kind == "collective")
        if caller:
            speech = Speech(caller, speech.via if speech else None, clause)
            subject = next((c for c in clause.children if c.dep_ == "dobj"), None)  # what was called so
            calling = True
    if speech is None or not speech.speaker:
        return None
    recipient: tuple[Entity, ...] = ()
    if subject is not None and subject.lower_ not in {"we", "i", "it", "this", "that"}:
        judged_act = not calling and not at.resolver.is_party(subject)  # "the shuttling of people ... is"
        recipient = tuple(e for e in at.resolver.phrase(subject) if e.country or e.kind == "collective")
        recipient = tuple(e for e in recipient if e not in speech.speaker and not judged_act)
        home = at.resolver.context.home
        if not recipient and (calling or judged_act) and home:
            # "described the legal challenges as baseless": an unnamed party of the story's country
            recipient = (Entity(span_text(subject), home, (), "unresolved", "default:home"),)
    explanation.append("actor:speaker")
    row = trigger.row
    return _event(
        at,
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
        ("condemnation", "speaker"),
        explanation,
    )


# Verbs that attach a judgement to their object: "called the move shameful", "described it as reckless".
_CALLING = frozenset("call describe term brand label dub deem denounce".split())
# PLOVER codes an announced cooperative act as AGREE, an announced retreat or concession as CONCEDE (the
# manual's CONCEDE notes: future concessions "do not reduce to AGREE") and an announced forceful act as
# THREATEN; a refusal to cooperate ("will not accept refugees") is a REJECT.
_CONCEDING = {"CONCEDE", "RETREAT"}
_COOPERATIVE = {"SUPPORT", "COOPERATE", "AID", "CONSULT"}
_FORCEFUL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
# Verbs that commit their subject to the act they govern, and what the intended act is coded as.
_COMMISSIVE = frozenset(
    "vow swear pledge promise threaten commit resolve undertake plan intend hint signal".split()
)
_INTENDED: dict[str, tuple[str, str | None, None]] = {
    **{kind: ("AGREE", None, None) for kind in _COOPERATIVE},
    **{kind: ("CONCEDE", None, None) for kind in _CONCEDING},
    **{kind: ("THREATEN", "138" if kind == "ASSAULT" else None, None) for kind in _FORCEFUL},
}
# Governors that do not make an act an idea: PLOVER codes "tried to hack", "an attempt to assassinate" and
# "decided to allow" as the act itself.
_ATTEMPTS = frozenset({"try", "attempt", "decide"})
# An authority's order to restrict, sanction or deploy is that measure ("ordered the paper to suspend
# publication", "ordered patrols"); its subject is the actor.
_ORDERING = frozenset({"order", "instruct", "direct"})
_BY_ORDER = frozenset({"COERCE", "SANCTION", "MOBILIZE"})


def _reading(
    trigger: Trigger, trigger_ids: set[int], explanation: list[str]
) -> tuple[str, str, str | None, str | None]:
    """(status, type, CAMEO code, mode) once negation, modality and intention are read."""
    token, row = trigger.token, trigger.row
    kind, cameo_code, mode = row.type, row.cameo, row.mode
    if token.lemma_.lower() == "plead" and trigger.matched is not None and _denied(trigger.matched):
        explanation.append("plea:not-guilty")  # "pleaded not guilty": a denial of the charges
        return "asserted", "REJECT", None, None
    if modality.negated(token):
        if modality.future(token) and kind in {"CONCEDE", "RETREAT"} and _gives_up_a_demand(trigger):
            explanation.append("insistence:will-not-give-up-demand")  # "will not abandon its demands"
            return "asserted", "REQUEST", None, None
        if modality.future(token) and kind in _COOPERATIVE | _CONCEDING | {"AGREE"}:
            explanation.append("refusal:negated-intention")
            return "asserted", "REJECT", None, None
        return "negated", kind, cameo_code, mode
    if kind in _FORCEFUL | {"RETREAT"} and modality.conditional_announcement(token):
        explanation.append(f"conditional-threat:{kind}")
        return "asserted", "THREATEN", "138" if kind == "ASSAULT" else None, None
    if modality.hypothetical(token):
        return "hypothetical", kind, cameo_code, mode
    carrier = trigger.token.head if trigger.nominal and trigger.token.dep_ == "dobj" else None
    if carrier is not None and carrier.lemma_.lower() in SUPPORT_VERBS:
        # "ordered patrols", "offered talks": the support verb carries the event, it does not embed it
        governor = modality.embedded_under(carrier, trigger_ids - {token.i, carrier.i})
    else:
        governor = modality.embedded_under(token, trigger_ids - {token.i})
    ordered = governor is not None and governor.lemma_.lower() in _ORDERING and kind in _BY_ORDER
    if governor is not None and kind == "PROTEST" and _purpose(token):
        # "shunned work to protest the settlements": the act done for the protest is the protest
        explanation.append(f"protest-by:{governor.lemma_.lower()}")
        if (unreal := _unreal(governor, trigger_ids - {token.i})) is not None:
            return unreal, kind, cameo_code, mode
        token = governor
    elif governor is not None and governor.lemma_.lower() == "prepare" and kind == "ASSAULT":
        # "the army prepared to resume shelling": readying force is MOBILIZE (CAMEO 15x)
        if (unreal := _unreal(governor, trigger_ids - {token.i})) is not None:
            return unreal, kind, cameo_code, mode
        explanation.append("preparation:ASSAULT")
        return "asserted", "MOBILIZE", "150", None
    elif governor is not None and (governor.lemma_.lower() in _ATTEMPTS or ordered):
        # the attempt's (or decision's) own negation and modality decide
        explanation.append(f"{'by-order' if ordered else 'attempt'}:{governor.lemma_.lower()}")
        if (unreal := _unreal(governor, trigger_ids - {token.i})) is not None:
            return unreal, kind, cameo_code, mode
        token = governor
    elif governor is not None and governor.lemma_.lower() in _COMMISSIVE and kind in _INTENDED:
        # "vowed to fight", "swore to avenge", "pledged to withdraw": an intention of the one who vows
        if (unreal := _unreal(governor, trigger_ids - {token.i})) is not None:
            return unreal, kind, cameo_code, mode
        explanation.append(f"intention:{governor.lemma_.lower()}+{kind}")
        return "asserted", *_INTENDED[kind]
    elif governor is not None:
        explanation.append(f"embedded-under:{governor.lemma_.lower()}")
        return "embedded", kind, cameo_code, mode
    if modality.future(token) and kind in _CONCEDING:
        explanation.append(f"intention:{kind}")  # PLOVER: an announced retreat is a concession
        return "asserted", "CONCEDE", None if kind == "RETREAT" else cameo_code, None
    if modality.future(token) and kind in _COOPERATIVE:
        explanation.append(f"intention:{kind}")
        return "asserted", "AGREE", None, None
    if modality.future(token) and kind in _FORCEFUL:
        explanation.append(f"intention:{kind}")
        return "asserted", "THREATEN", "138" if kind == "ASSAULT" else None, None
    return "asserted", kind, cameo_code, mode


def _denied(word: Token) -> bool:
    return any(c.dep_ == "neg" for c in word.children)


def _purpose(token: Token) -> bool:
    """An infinitive of purpose: "marched to protest", "went on strike to protest"."""
    return token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _unreal(token: Token, trigger_ids: set[int]) -> str | None:
    """ "negated", "hypothetical" or "embedded" when the governing word itself did not happen ("did not
    try", "might vow", "were accused of planning to")."""
    if modality.negated(token):
        return "negated"
    if modality.hypothetical(token):
        return "hypothetical"
    return "embedded" if modality.embedded_under(token, trigger_ids) is not None else None


# Events that are things said: their place is where it was said, never a place inside what was said.
_SAID = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONCEDE"}
_DEMANDS = frozenset("demand requirement condition claim call insistence position stance".split())


def _gives_up_a_demand(trigger: Trigger) -> bool:
    """The thing not given up is a demand: "will not abandon the demands", "will not back down from it"."""
    objects = [c for c in trigger.token.children if c.dep_ == "dobj"]
    for prep in (c for c in trigger.token.children if c.dep_ in {"prep", "prt"}):
        objects += [c for c in prep.children if c.dep_ == "pobj"]
        objects += [g for c in prep.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(o.lemma_.lower() in _DEMANDS for o in objects)


def _event(
    at: At,
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
    evidence: tuple[str, str],
    explanation: list[str],
) -> Event:
    """Build the event record; its confidence is the measured precision of its evidence class."""
    cameo = lookup(cameo_code, kind, mode)
    form, actor_from = evidence
    form = f"{form}-q{cameo.quad_class}"  # verbal and material events are not equally reliable
    recipient_from = recipient_source(recipient)
    explanation.append("class:" + evidence_class(form, actor_from, recipient_from))
    when, granularity = event_date(at.sent, start, at.article.published)
    historical = is_historical(when, at.article.published)
    if historical:
        explanation.append("historical")
    trigger_start, trigger_end = start.idx, end.idx + len(end.text)
    return Event(
        event_id=content_id(f"{at.article.doc_id}|{at.index}|{start.i}|{kind}"),
        doc_id=at.article.doc_id,
        type=kind,
        mode=mode or cameo.mode,
        context=tuple(context or cameo.context),
        actor=actor,
        recipient=recipient,
        date=when,
        date_granularity=granularity,
        sentence_index=at.index,
        span=(at.sent.start_char, at.sent.end_char),
        sentence=at.sent.text.strip(),
        trigger=at.article.text[trigger_start:trigger_end],
        trigger_span=(trigger_start, trigger_end),
        rule=RULE_VERSION,
        confidence=round(confidence(form, actor_from, recipient_from), 3),
        cameo=cameo.code,
        goldstein=cameo.goldstein,
        quad_class=cameo.quad_class,
        status=status,
        speaker=speech.speaker[0] if speech and speech.speaker else None,
        via=speech.via if speech else None,
        explanation=tuple(explanation),
        historical=historical,
        place=event_place(start, at.resolver, verbal=kind in _SAID),
    )


_OBLIGATION = {"must", "should"}


def _demands(at: At, taken: set[int]) -> list[Event]:  # taken: character offsets of coded triggers
    """Obligations stated by a speaker are requests: "Russia said that Sudan must return the helicopter",
    or in a quotation, "The administration must stop these transfers"."""
    resolver = at.resolver
    found: list[tuple[Token, Token]] = []  # (obligation clause, where its speaker is found)
    for verb in at.sent:
        if verb.lemma_.lower() in modality.REPORTING_VERBS | {"reminder", "declaration"}:
            found += [(c, verb) for c in verb.children if c.dep_ in {"ccomp", "acl"}]
    root = at.sent.root
    if root.lemma_.lower() not in modality.REPORTING_VERBS:
        found.append((root, root))
    events = []
    for clause, anchor in found:
        if clause.idx in taken or not any(
            c.dep_ == "aux" and c.lower_ in _OBLIGATION for c in clause.children
        ):
            continue
        if anchor is clause:
            speech = speech_of(anchor, resolver)
        else:  # "issued a reminder to Iraq that it must ...": the one who issued it speaks
            speech = speech_at(anchor.head if anchor.pos_ == "NOUN" else anchor, resolver)
        if speech is None or not speech.speaker:
            continue
        subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None or (subject.pos_ == "PRON" and subject.lower_ in {"we", "i", "us"}):
            continue
        recipient = tuple(e for e in resolver.phrase(subject) if e.country)
        if not recipient and subject.pos_ == "PRON" and anchor.pos_ == "NOUN":
            # "a reminder to Iraq that it must cooperate": the one reminded
            told = next((c for c in anchor.head.children if c.dep_ == "dative" and c.lower_ == "to"), None)
            addressee = next((c for c in told.children if c.dep_ == "pobj"), None) if told else None
            recipient = tuple(e for e in resolver.phrase(addressee) if e.country) if addressee else ()
        if not recipient:
            continue
        explanation = [f"obligation:{anchor.lemma_.lower()}+{clause.lemma_.lower()}", "actor:speaker"]
        evidence = ("obligation", "speaker")
        args = (
            "REQUEST",
            None,
            "100",
            (),
            speech.speaker,
            recipient,
            "asserted",
            speech,
            evidence,
            explanation,
        )
        events.append(_event(at, clause, clause, *args))
    return events


# Who alleges by saying: what prosecutors say someone did is their accusation ("Prosecutors say Amirov hired
# a hitman", "federal prosecutor Gutwillig said Tehran offered to pay").
_ACCUSERS = frozenset("prosecutor prosecution investigator indictment complaint lawsuit".split())
# What one is said to "be behind": "the IRGC was behind the plot, according to prosecutors".
_DEEDS = frozenset(
    "attack plot bombing killing assassination murder explosion blast kidnapping abduction hack hacking "
    "strike raid massacre shooting coup conspiracy campaign".split()
)


def _allegations(at: At, accusers: set[Entity]) -> list[Event]:
    """Allegations told as facts: a prosecutor's account of who did what, and "X was behind the attack"
    on someone's word. The one who alleges accuses the one said to have done it."""
    resolver = at.resolver
    found: list[tuple[Speech, Token, Token]] = []  # (speech, the accused's words, the evidence word)
    for verb in at.sent:
        if verb.lemma_.lower() in modality.REPORTING_VERBS and _by_accuser(subject_of(verb)):
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            subject = subject_of(clause) if clause is not None else None
            speech = speech_at(verb, resolver)
            told = clause is not None and not modality.future(clause) and not modality.hypothetical(clause)
            if subject is not None and speech is not None and told:
                found.append((speech, subject, verb))
        elif verb.lemma_ == "be" and any(
            c.dep_ == "prep" and c.lower_ == "behind" and any(o.lemma_.lower() in _DEEDS for o in c.children)
            for c in verb.children
        ):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            speech = speech_of(verb, resolver)
            if subject is not None and speech is not None:
                found.append((speech, subject, verb))
    events = []
    for speech, subject, verb in found:
        accused = tuple(
            e
            for e in resolver.phrase(subject)
            if e.country and e not in speech.speaker and not e.how.startswith("coref:reporter")
        )
        if not speech.speaker or not accused or set(speech.speaker) & accusers:
            continue
        explanation = [f"allegation:{verb.lemma_.lower()}", "actor:speaker"]
        args = ("ACCUSE", "allege", "1121", (), speech.speaker, accused, "asserted", speech)
        events.append(_event(at, verb, verb, *args, ("verb", "speaker"), explanation))
    return events


def _wants(at: At) -> list[Event]:
    """Wanting someone else to act is asking them to: "the United States wants Iran to stop enriching
    uranium", "conservationists want the hunts to be stopped"."""
    resolver = at.resolver
    events = []
    for verb in at.sent:
        clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if verb.lemma_.lower() not in _WANTING or clause is None or _unreal(verb, set()) is not None:
            continue
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        asked = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        subject = subject_of(verb)
        if asked is None or subject is None:
            continue
        actor = tuple(e for e in resolver.phrase(subject) if e.country)
        recipient = tuple(e for e in resolver.phrase(asked) if e.country and e not in actor)
        if not actor or (asked.dep_ == "nsubj" and not recipient):
            continue
        explanation = [f"wish:{verb.lemma_.lower()}+{clause.lemma_.lower()}", f"actor:{subject.dep_}"]
        args = ("REQUEST", None, "100", (), actor, recipient, "asserted", speech_of(verb, resolver))
        events.append(_event(at, verb, verb, *args, ("verb", actor_source(actor, "clause")), explanation))
    return events


_WANTING = frozenset({"want", "wish"})


def _by_accuser(subject: Token | None) -> bool:
    return subject is not None and subject.lemma_.lower() in _ACCUSERS


def _looks_like_prose(sent: Span) -> bool:
    """Skip tables, name lists and all-caps lines: too few verbs or lower-case words to be a sentence."""
    words = [t for t in sent if t.is_alpha]
    if len(words) < 3:
        return False
    if sum(t.is_upper for t in words) > 0.6 * len(words):
        return False
    verbs = sum(t.pos_ in {"VERB", "AUX"} for t in sent)
    return verbs >= 1 and verbs * 40 >= len(words)
