"""Code the noun phrases of a parse as PLOVER entities (country + sectors).

A phrase is coded from, in order: dictionary names inside it (organisations, countries, demonyms, capitals
and seats of power), role words (``Foreign Ministry`` -> GOV), its ``of/in/from`` attachments ("a source in the
Russian Foreign Ministry"), and finally the article's context: pronouns and bare roles ("He", "the agency
interlocutor", "Foreign Minister Sergey Lavrov") take the most recent fitting actor or the article's home
country. ``Context`` carries that state through one article, sentence by sentence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from eventwire import gazetteer
from eventwire.actors.lexicon import Entry, Lexicon, Role, load_lexicon
from eventwire.model import Entity

# Dependencies that stay inside a noun phrase's own words.
_CORE_DEPS = {"compound", "amod", "nmod", "poss", "det", "nummod", "case", "flat", "appos", "npadvmod"}
# Heads that pass through to their "of" object: "the position of the United States".
_TRANSPARENT = {
    "position",
    "side",
    "part",
    "lack",
    "stance",
    "policy",
    "action",
    "behavior",
    "behaviour",
    "approach",
    "leadership",
    "head",
    "chief",
    "member",
    "representative",
    "group",
    "number",
    "some",
    "many",
    "all",
    "one",
    "both",
    "each",
    "rest",
    "majority",
    "bloc",
    "coalition",
}
_LINK_PREPS = {"of", "in", "from", "at", "within", "inside", "for", "by"}
_HUMAN_PRONOUNS = {"he", "she", "him", "her"}
# Definite descriptions that refer back to the latest named organisation: "the group said ...".
_GROUP_NOUNS = frozenset("group organisation organization movement faction outfit network alliance".split())
_GROUP_PRONOUNS = {"they", "them"}
_SPEAKER_PRONOUNS = {"we", "us", "i", "me"}
# Words that put people somewhere: "militants present on Afghan soil", "groups based in Syria".
_SITED = frozenset("present based located stationed hiding operating active".split())
# Ship prefixes of navies whose warships are named after people: "USS Harry S. Truman", "HMS Prince of Wales".
_NAVIES = {"USS": "USA", "HMS": "GBR", "HMAS": "AUS", "HMCS": "CAN", "INS": "IND", "HMNZS": "NZL"}
# Adjectives that put a role outside any country the context names.
_ELSEWHERE = frozenset({"foreign", "overseas", "outside", "external"})
_COLLECTIVES = {
    ("west",): "the West",
    ("western", "country"): "Western countries",
    ("western", "nation"): "Western nations",
    ("international", "community"): "the international community",
    ("ally",): "allies",
    ("opponent",): "opponents",
    ("western", "partner"): "Western partners",
    ("western", "government"): "Western governments",
    ("western", "power"): "Western powers",
    ("western", "leader"): "Western leaders",
    ("western", "politician"): "Western politicians",
    ("western", "official"): "Western officials",
    ("western", "diplomat"): "Western diplomats",
}
_KIND_RANK = {"person": 0, "organisation": 0, "country": 1, "capital": 2, "seat": 2, "demonym": 3, "place": 4}


@dataclass
class Context:
    """What the resolver knows about the article so far (one per article, updated in reading order)."""

    day: date | None = None
    countries: Counter[str] = field(default_factory=Counter)
    last_human: Entity | None = None
    last_actor: Entity | None = None
    speaker: Entity | None = None  # the speaker of the quotation being read, for "we" and "our"
    authors: dict[str, Entity] = field(default_factory=dict)  # "resolution" -> who passed the resolution
    # (country, sector) of the event's actor while its recipient is read: a bare role is never the actor
    acting: set[tuple[str | None, str]] = field(default_factory=set)
    history: list[Entity] = field(default_factory=list)

    def observe(self, entity: Entity, salient: bool = True) -> None:
        """Remember a coded entity; only salient ones (subjects, speakers, actors) are pronoun antecedents."""
        if entity.country:
            self.history.append(entity)
            if salient:
                self.last_actor = entity
                if entity.kind in {"person", "role"}:
                    self.last_human = entity

    def recent_organisation(self) -> Entity | None:
        for entity in reversed(self.history):
            if entity.kind == "organisation" and not entity.how.startswith(("coref", "org:unknown")):
                return entity
        return None

    def recent(self, sector: str) -> Entity | None:
        """The latest coded actor of this sector with a country ("the junta" after "Mali's military rulers"),
        other than the one acting on it ("Trump highlighted the regime's abuses" is not about Trump)."""
        for entity in reversed(self.history):
            usable = sector in entity.sector and entity.country not in _INTERNATIONAL
            if usable and (entity.country, sector) not in self.acting:
                return entity
        return None

    current: Counter[str] = field(default_factory=Counter)  # names in the sentence being coded

    @property
    def settled_home(self) -> str | None:
        """The main country of the sentences read so far (never the current sentence's own names)."""
        real = [c for c, _ in self.countries.most_common() if len(c) == 3 and c not in _INTERNATIONAL]
        return real[0] if real else None

    @property
    def home(self) -> str | None:
        """The article's main country so far; in its first sentences, the sentence's own."""
        for counts in (self.countries, self.current):
            real = [c for c, _ in counts.most_common() if len(c) == 3 and c not in _INTERNATIONAL]
            if real:
                return real[0]
        return None


# Crowds counted, not named: "thousands of Nigerians" are coded as the Nigerians; bare "thousands" as a role.
_QUANTITIES = frozenset("thousand hundred dozen million score ten".split())
_INTERNATIONAL = {"IGO", "UNO", "EUR", "NGO", "IMG", "MNC", "ISM"}


@cache
def _matcher(nlp: Language, user_files: tuple[str, ...]) -> PhraseMatcher:
    lexicon = load_lexicon(user_files)
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    surfaces = sorted(lexicon.names)
    matcher.add("ACTOR", list(nlp.tokenizer.pipe(surfaces)))
    return matcher


@dataclass(frozen=True, slots=True)
class Mention:
    span: Span
    entries: tuple[Entry, ...]

    @property
    def best(self) -> Entry:
        return min(self.entries, key=lambda e: _KIND_RANK.get(e.kind, 9))


class Resolver:
    """Codes tokens of one parsed article; build one per article with ``Resolver.for_doc``."""

    def __init__(self, doc: Doc, mentions: dict[int, Mention], context: Context, lexicon: Lexicon) -> None:
        self.doc = doc
        self.mentions = mentions
        self.context = context
        self.lexicon = lexicon
        self.people: dict[str, Entity] = {}  # surname -> entity, for later "Lavrov said ..."
        self.stated: dict[str, str | None] = {}  # name -> nationality the article states for it

    @classmethod
    def for_doc(
        cls, nlp: Language, doc: Doc, day: date | None = None, user_files: tuple[str, ...] = ()
    ) -> Resolver:
        lexicon = load_lexicon(user_files)
        spans = [Span(doc, s, e) for _, s, e in _matcher(nlp, user_files)(doc)]
        mentions: dict[int, Mention] = {}
        for span in _longest(spans):
            entries = lexicon.readings(span.text, day)
            peoples = all(e.kind == "demonym" for e in entries)  # "Bosnian Serbs" tagged PERSON is no name
            if not entries or (_is_false_name(span) and not peoples) or _bracketed_acronym(span, entries):
                continue
            mention = Mention(span, entries)
            for token in span:
                mentions[token.i] = mention
        named = {m.best.code for m in mentions.values() if m.best.kind != "capital"}
        for mention in set(mentions.values()):  # "Tripoli" in a story that names Lebanon and not Libya
            if mention.best.kind == "capital" and mention.best.code not in named:
                place = gazetteer.find_near(mention.span.text, named)
                if place is not None and place.country != mention.best.code:
                    moved = Mention(mention.span, (Entry(place.country, (), "place", place.name),))
                    mentions.update({token.i: moved for token in mention.span})
        for ent in doc.ents:  # towns and regions the dictionaries lack: "Kalat" -> PAK
            person_like = ent.end < len(doc) and doc[ent.end].ent_type_ == "PERSON"
            placed = ent.label_ in {"GPE", "LOC"} or _named_as_place(ent)
            if placed and not person_like and not any(t.i in mentions for t in ent):
                place = gazetteer.find_near(ent.text, named)
                if place is not None:
                    mention = Mention(ent, (Entry(place.country, (), "place", place.name),))
                    for token in ent:
                        mentions[token.i] = mention
        return cls(doc, mentions, Context(day=day), lexicon)

    def count_sentence(self, sent: Span, done: bool = True) -> None:
        """Let the article's home country grow as sentences are read (for bare roles like "the ministry").

        Before a sentence is coded its names count only as a fallback (``done=False``); afterwards for good.
        """
        counts: Counter[str] = Counter()
        seen: set[int] = set()
        for token in sent:
            mention = self.mentions.get(token.i)
            if mention and id(mention) not in seen and not _attitude(mention.span):
                seen.add(id(mention))
                counts[mention.best.code] += 1
        if done:
            self.context.countries.update(counts)
            self.context.current = Counter()
        else:
            self.context.current = counts

    # -- phrases --------------------------------------------------------------------------------------------

    def phrase(self, head: Token) -> tuple[Entity, ...]:
        """All entities a noun phrase names, one per conjunct ("the United States and NATO countries")."""
        out: list[Entity] = []
        for token in (head, *head.conjuncts):
            for entity in self._nominal(token, depth=0):
                if entity not in out:
                    out.append(entity)
        return tuple(out)

    def _nominal(self, head: Token, depth: int) -> tuple[Entity, ...]:
        if depth > 3:
            return ()
        lower = head.lower_
        pronoun = head.pos_ == "PRON" or lower in _HUMAN_PRONOUNS | _GROUP_PRONOUNS | _SPEAKER_PRONOUNS
        if pronoun and not self._capitalised_name(head):
            return self._pronoun(head)
        if head.lemma_.lower() in _QUANTITIES:  # "thousands of Nigerians" are Nigerians
            of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
            if of and of[0].dep_ == "pobj":
                return self._nominal(of[0], depth + 1)
        core = self._core(head)
        navy = next((_NAVIES[t.text] for t in core if t.text in _NAVIES), None)
        if navy is not None:  # "the USS Harry S. Truman" is a warship, not the president
            text = _phrase_text(core)
            return (Entity(text, navy, ("MIL",), "organisation", f"vessel:{navy}"),)
        mention = self._mention_in(core, head)
        role, role_text = self._role(core, head)
        person = (
            head.ent_type_ == "PERSON"
            or any(t.ent_type_ == "PERSON" for t in core if t.dep_ == "compound")
            or (head.pos_ == "PROPN" and mention is None and head.text in self.people)  # tagged once
        )
        collective = self._collective(core)
        if mention is None and not person and self._anaphoric(head):
            # "the group", "the organisation": the latest named organisation of the article
            earlier = self.context.recent_organisation()
            if earlier is not None:
                how = f"coref:definite:{earlier.text}"
                return (Entity(_phrase_text(core), earlier.country, earlier.sector, "organisation", how),)
        if mention is None and role is None and not person:
            if collective:
                return (Entity(collective, None, (), "collective", "collective"),)
            linked = self._linked(head, depth)
            if linked:
                return linked
            if head.ent_type_ in {"ORG", "NORP"} and self.context.home:  # an unknown named group
                return (
                    Entity(_phrase_text(core), self.context.home, (), "organisation", "org:unknown+home"),
                )
            return ()
        text = _phrase_text(core)
        coordinated = self._coordinated(core)
        if len(coordinated) > 1:  # "Indian and Chinese officials": one entity per country
            sector = (role.sector,) if role else ()
            return tuple(
                Entity(
                    m.span.text,
                    m.best.code,
                    sector or m.best.sector,
                    "role" if role else m.best.kind,
                    f"{m.best.kind}:{m.best.name}",
                )
                for m in coordinated
            )
        if mention is not None and self._ethnic(head, core, mention):
            # "ethnic Albanians in south Serbia": a people living in another country are coded by where they live
            located = self._homeland(core, mention) or self._linked(head, depth)
            verbs = [c for c in head.children if c.dep_ in {"acl", "relcl"}]  # "operating in Macedonia"
            if _marked_ethnic(head, core):
                verbs.append(_clause_of(head))  # "killed three ethnic Albanians in a gunbattle in Serbia"
            for verb in verbs:
                located = located or self._located(verb)
            if located and located[0].country:
                return (
                    Entity(
                        text, located[0].country, (), "collective", f"ethnic:{mention.best.name}+location"
                    ),
                )
        if mention is not None:
            entry = mention.best
            if entry.kind == "person":  # the dictionary knows the office held on the article's date
                found = Entity(
                    text, entry.code, entry.sector, "person", f"person:{entry.name}:{entry.office or ''}"
                )
                return (self._remember(head, found),)
            sector = (role.sector,) if role else entry.sector
            if head in mention.span:  # "the Houthis" is the organisation itself, whatever NER thinks
                kind = entry.kind
            else:
                kind = "person" if person else ("role" if role and role.human else entry.kind)
            return (
                self._remember(head, Entity(text, entry.code, sector, kind, f"{entry.kind}:{entry.name}")),
            )
        known = self.people.get(head.text) if person else None
        named = self._named_in_full(head) if person and (known is None or _guess(known)) else None
        if named is not None:  # "Kim" after "North Korean leader Kim Jong Un"
            how = f"person:{named.name}:{named.office or ''}:in-full"
            return (Entity(text, named.code, named.sector, "person", how),)
        stated = None
        if person and (known is None or _guess(known)):
            stated = self._nationality(head, depth) or self._stated_elsewhere(head)
        if stated is not None:
            # "Mehdiyev, who is Azerbaijani", "Amirov and Omarov, both from Azerbaijan"
            how = f"person:nationality:{stated}"
            return (self._remember(head, Entity(text, stated, (), "person", how), replace=True),)
        if known is not None:
            return (Entity(text, known.country, known.sector, "person", f"same-person:{known.text}"),)
        surname = self._surname(core) if person or any(t.ent_type_ == "PERSON" for t in core) else None
        if surname is not None:  # "President Bush": a surname only one country's office-holders bear
            how = f"person:surname:{surname.name}:{surname.office or ''}"
            sector = surname.sector if person else ((role.sector,) if role else surname.sector)
            return (self._remember(head, Entity(text, surname.code, sector, "person", how)),)
        # A role or a person with no country in the phrase: look at "of/in" attachments, then the context.
        linked = self._linked(head, depth)
        if linked and linked[0].country:
            base = linked[0]
            sector = (role.sector,) if role else base.sector
            kind = "person" if person else "role"
            return (self._remember(head, Entity(text, base.country, sector, kind, f"via:{base.text}")),)
        if role is not None and any(c.dep_ == "amod" and c.lower_ in _ELSEWHERE for c in head.children):
            return ()  # "foreign influencers", "overseas investors": of no country the story names
        if role is not None:
            kind = "person" if person else "role"
            here = self._sentence_place(head) if not person else None
            if here is not None:  # "in Zimbabwe, opposition MPs are being kicked out"
                how = f"role:{role_text}+place:{here}"
                return (self._remember(head, Entity(text, here, (role.sector,), kind, how)),)
            earlier = self.context.recent(role.sector)
            if earlier is not None:
                how = f"role:{role_text}+recent:{earlier.text}"
                return (self._remember(head, Entity(text, earlier.country, (role.sector,), kind, how)),)
            home = self.context.home
            if home:
                how = f"role:{role_text}+home"
                return (self._remember(head, Entity(text, home, (role.sector,), kind, how)),)
        home = self.context.settled_home
        if person and home:  # an unknown person in a story about a country is most often of that country
            return (self._remember(head, Entity(text, home, (), "person", "person:unknown+home")),)
        if person:
            return (Entity(text, None, (), "person", "person:unresolved"),)
        return ()

    def is_party(self, token: Token) -> bool:
        """Whether a word names someone: a dictionary name, a person, a pronoun or a role ("hostages")."""
        if token.i in self.mentions or token.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
            return True
        return token.pos_ == "PRON" or (_lemma(token),) in self.lexicon.roles

    def _capitalised_name(self, token: Token) -> bool:
        """A dictionary name written in capitals is no pronoun: "the US" is not "us"."""
        return token.i in self.mentions and len(token.text) > 1 and token.text.isupper()

    def _located(self, verb: Token, depth: int = 0) -> tuple[Entity, ...]:
        """Where a clause happens: "demonstrated on Tuesday in Serbia", "in a gunbattle in Serbia" -> Serbia."""
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "inside", "across"}):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                mention = self.mentions.get(obj.i)
                if mention is not None and mention.best.kind in {"country", "place", "capital"}:
                    return (Entity(obj.text, mention.best.code, (), "place", f"place:{mention.best.name}"),)
                found = self._located(obj, depth + 1) if depth < 2 else ()
                if found:
                    return found
        return ()

    def _homeland(self, core: list[Token], people: Mention) -> tuple[Entity, ...]:
        """A people named with the country they live in: "Bosnian Serbs" -> Bosnia, "Iraqi Kurds" -> Iraq."""
        for token in core:
            mention = self.mentions.get(token.i)
            if mention is None or mention is people or mention.best.code == people.best.code:
                continue
            if mention.best.kind in {"country", "demonym", "place"} and not _attitude(mention.span):
                code = mention.best.code
                return (Entity(mention.span.text, code, (), "place", f"homeland:{mention.best.name}"),)
        return ()

    def _surname(self, core: list[Token]) -> Entry | None:
        names = [t for t in core if t.ent_type_ == "PERSON"]
        if not names:
            return None
        found = self.lexicon.by_surname(names[-1].text, self.context.day)
        if found and len(names) > 1 and not found[0].name.startswith(names[0].text):
            return None  # "Robert Manning" is not Patrick Manning
        return found[0] if found else None

    def _anaphoric(self, head: Token) -> bool:
        determiners = {c.lower_ for c in head.children if c.dep_ in {"det", "poss"}}
        return head.lemma_.lower() in _GROUP_NOUNS and bool(determiners & {"the", "this", "that", "its"})

    def _ethnic(self, head: Token, core: list[Token], mention: Mention) -> bool:
        """A people rather than a state: the head is a plural demonym ("Albanians") or marked "ethnic"."""
        if mention.best.kind != "demonym":
            return False
        return (head in mention.span and head.tag_ in {"NNS", "NNPS"}) or _marked_ethnic(head, core)

    def _remember(self, head: Token, entity: Entity, replace: bool = False) -> Entity:
        """A named person coded once is the same person when the article uses the surname alone; a
        nationality stated later replaces a guess."""
        if entity.kind == "person" and head.ent_type_ == "PERSON" and entity.country:
            if replace:
                self.people[head.text] = entity
                for token in head.conjuncts:  # "Amirov and Omarov, both from Azerbaijan"
                    if token.ent_type_ == "PERSON" and _guess(self.people.get(token.text)):
                        self.people[token.text] = _as(entity, token.text, "person:nationality")
            else:
                self.people.setdefault(head.text, entity)
        return entity

    def _sentence_place(self, head: Token) -> str | None:
        """The one country a sentence places itself in ("in Kenya", "when you go to Zimbabwe"), if any."""
        found: set[str] = set()
        for token in head.sent:
            mention = self.mentions.get(token.i)
            if mention is None or mention.best.kind not in {"country", "capital", "place"}:
                continue
            prep = mention.span.root.head
            if mention.span.root.dep_ == "pobj" and prep.lower_ in _WHERE:
                found.add(mention.best.code)
        return found.pop() if len(found) == 1 else None

    def _party_before(self, pronoun: Token) -> Token | None:
        """The head of the last state or organisation named before a pronoun in its sentence, not inside a
        subject of the pronoun's clause chain ("China criticised the report, calling it biased")."""
        subjects: set[int] = set()
        verb = pronoun
        for _ in range(6):
            for child in verb.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    subjects.update(t.i for t in child.subtree)
            if verb.head.i == verb.i:
                break
            verb = verb.head
        for i in range(pronoun.i - 1, pronoun.sent.start - 1, -1):
            mention = self.mentions.get(i)
            if mention is None or i in subjects or mention.best.kind not in _PARTY_KINDS:
                continue
            head = mention.span.root
            while head.dep_ in {"compound", "amod"} and head.head.i != head.i:
                head = head.head  # "the Pakistani state"
            return head
        return None

    def _named_in_full(self, head: Token) -> Entry | None:
        """The one dictionary person of the article whose full name contains this name ("Kim")."""
        found = {
            m.best
            for m in self.mentions.values()
            if m.best.kind == "person" and head.i not in range(m.span.start, m.span.end)
            and any(t.text == head.text for t in m.span)
        }  # fmt: skip
        return found.pop() if len(found) == 1 else None

    def _stated_elsewhere(self, head: Token) -> str | None:
        """The nationality the article states for this name anywhere ("Amirov and Omarov, both from
        Azerbaijan, pleaded not guilty" codes a later "Amirov")."""
        if head.text not in self.stated:
            found = (self._nationality(t, 0) for t in self.doc if t.text == head.text and t.i != head.i)
            self.stated[head.text] = next((code for code in found if code), None)
        return self.stated[head.text]

    def _nationality(self, head: Token, depth: int) -> str | None:
        """A person's nationality stated in the phrase: "who is Azerbaijani", "a Kenyan", "both from Chad"."""
        for token in (head, *head.conjuncts):
            for child in token.children:
                places: list[Token] = []
                if child.dep_ == "relcl" and child.lemma_ == "be":  # "who is Azerbaijani / from Chad"
                    places += [c for c in child.children if c.dep_ in {"attr", "acomp"}]
                    places += _from(child)
                elif child.dep_ == "appos" and child.lemma_.lower() in _NATIONALS:
                    places.append(child)  # "an Azerbaijani national"
                elif child.dep_ == "appos":
                    places += _from(
                        child
                    )  # "both from Azerbaijan"; never "a fellow at the German Marshall Fund"
                elif child.dep_ == "prep" and child.lower_ == "from":
                    places += [c for c in child.children if c.dep_ == "pobj"]
                for place in places:
                    mention = self.mentions.get(place.i) or next(
                        (self.mentions[c.i] for c in place.children if c.i in self.mentions), None
                    )
                    if mention is not None and mention.best.kind in {"country", "demonym"}:
                        return mention.best.code
        return None

    def _core(self, head: Token) -> list[Token]:
        tokens = [head]
        stack = [c for c in head.children if c.dep_ in _CORE_DEPS]
        while stack:
            token = stack.pop()
            tokens.append(token)
            inner = _CORE_DEPS | {
                "prep",
                "pobj",
                "conj",
                "cc",
            }  # modifiers' own modifiers, "Indian and Chinese"
            stack.extend(c for c in token.children if c.dep_ in inner and c.i < head.i)
        return sorted(tokens, key=lambda t: t.i)

    def _coordinated(self, core: list[Token]) -> list[Mention]:
        """Country mentions joined by a conjunction inside one phrase ("Indian and Chinese")."""
        found: list[Mention] = []
        for token in core:
            mention = self.mentions.get(token.i)
            joined = token.dep_ == "conj" or any(c.dep_ == "conj" for c in token.children)
            if mention and joined and mention not in found and mention.best.kind in {"demonym", "country"}:
                found.append(mention)
        return found if len({m.best.code for m in found}) > 1 else []

    def _mention_in(self, core: list[Token], head: Token) -> Mention | None:
        # "anti-Syria", "pro-Russian": an attitude towards a country, not its national
        found = [
            self.mentions[t.i]
            for t in core
            if t.i in self.mentions and not _attitude(self.mentions[t.i].span)
        ]
        if not found:
            return None
        # The head's own name beats its modifiers' ("NATO-member Norway" is NOR);
        # then the owner ("Sweden's NATO membership" is Sweden's), then the strongest kind.
        return min(
            found,
            key=lambda m: (
                0 if head in m.span else 1,
                0 if m.span.root.dep_ == "poss" else 1,
                _KIND_RANK.get(m.best.kind, 9),
            ),
        )

    def _role(self, core: list[Token], head: Token) -> tuple[Role | None, str]:
        """The role word nearest the phrase's end, longest first ("spokeswoman" in "Foreign Ministry spokeswoman")."""
        # Words inside a dictionary name are not roles: the "Union" of "European Union" is no trade union.
        core = [t for t in core if t.i not in self.mentions or t.ent_type_ == "PERSON"]
        lemmas = [_lemma(t) for t in core]
        matches: list[tuple[int, int, Role, str]] = []
        for size in range(min(self.lexicon.max_role_len, len(lemmas)), 0, -1):
            for start in range(len(lemmas) - size + 1):
                key = tuple(lemmas[start : start + size])
                role = self.lexicon.roles.get(key)
                if role and not _describes_a_thing(core[start : start + size], head):
                    matches.append((start + size, size, role, " ".join(key)))
        if not matches:
            return None, ""
        _end, _size, role, text = max(matches, key=lambda m: (m[0], m[1]))
        return role, text

    def _collective(self, core: list[Token]) -> str | None:
        lemmas = tuple(t.lemma_.lower() for t in core if t.dep_ != "det")
        for key, label in _COLLECTIVES.items():
            if lemmas[-len(key) :] == key:
                return label
        return None

    def _linked(self, head: Token, depth: int) -> tuple[Entity, ...]:
        """Entities a phrase points to: its owner ("Serbia's suppression") or an of/in/by object."""
        for owner in (c for c in head.children if c.dep_ == "poss"):
            found = self._nominal(owner, depth + 1)
            if found:
                return found
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in _LINK_PREPS:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        found = tuple(e for t in (obj, *obj.conjuncts) for e in self._nominal(t, depth + 1))
                        if found:
                            return found
        for where in (c for c in head.children if c.dep_ in {"amod", "acl"} and c.lemma_.lower() in _SITED):
            # "militants present on Afghan soil", "fighters based in Syria"
            for prep in (
                c for c in where.children if c.dep_ == "prep" and c.lower_ in {"in", "on", "inside"}
            ):
                for obj in (c for c in prep.children if c.dep_ == "pobj"):
                    found = tuple(e for e in self._nominal(obj, depth + 1) if e.country)
                    found = found or tuple(
                        e for c in obj.children if c.dep_ == "amod" for e in self._nominal(c, depth + 1)
                    )  # "Afghan soil", "Syrian territory"
                    if found:
                        return found
        return ()

    def _pronoun(self, token: Token) -> tuple[Entity, ...]:
        lower = token.lower_
        if lower in _SPEAKER_PRONOUNS and self.context.speaker is not None:
            return (_as(self.context.speaker, token.text, "coref:speaker"),)
        reporter = _reporting_subject(token) if lower in _HUMAN_PRONOUNS | _GROUP_PRONOUNS | {"it"} else None
        if reporter is not None:  # "Palestinian leaders said they would ...", "Mehdiyev said he is ..."
            found = [e for e in self._nominal(reporter, 1) if e.country]
            if found:
                return tuple(_as(e, token.text, "coref:reporter") for e in found)
        antecedent = _relative_antecedent(token) if lower in _HUMAN_PRONOUNS | _GROUP_PRONOUNS else None
        if antecedent is not None:  # "Maimane, who headed the party until he resigned"
            found = [e for e in self._nominal(antecedent, 1) if e.country]
            if found:
                return tuple(_as(e, token.text, "coref:relative") for e in found)
        if lower == "it" and _verb_object(token):
            # "fighting an insurgency against the Pakistani state, accusing it of ...": the nearest party
            # named before it in the sentence, outside the subject that acts on it
            earlier = self._party_before(token)
            if earlier is not None:
                return tuple(_as(e, token.text, "coref:it") for e in self.phrase(earlier) if e.country)
        if lower in _HUMAN_PRONOUNS and self.context.last_human is not None:
            return (_as(self.context.last_human, token.text, "coref:last-human"),)
        if lower in _GROUP_PRONOUNS and self.context.last_actor is not None:
            return (_as(self.context.last_actor, token.text, "coref:last-actor"),)
        return ()


def _relative_antecedent(pronoun: Token) -> Token | None:
    """The noun a relative clause holding the pronoun describes: "Maimane, who ... until he resigned"."""
    for ancestor in pronoun.ancestors:
        if ancestor.dep_ == "relcl":
            head = ancestor.head
            return head if head.pos_ in {"PROPN", "NOUN"} else None
    return None


# Heads that make a nationality a people: "the Albanian population", "the Hungarian minority".
_PEOPLE_NOUNS = frozenset("population minority community diaspora people".split())


def _marked_ethnic(head: Token, core: list[Token]) -> bool:
    return head.lemma_.lower() in _PEOPLE_NOUNS or any(t.lower_ == "ethnic" for t in core)


def _clause_of(token: Token) -> Token:
    """The verb of the clause a phrase belongs to ("against the Albanian population" -> "engaged")."""
    for _ in range(4):
        if token.pos_ in {"VERB", "AUX"} or token.head.i == token.i:
            return token
        token = token.head
    return token


_NATIONALS = frozenset("national citizen native".split())


def _from(token: Token) -> list[Token]:
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children]


_WHERE = {"in", "inside", "across", "throughout", "to"}
_PARTY_KINDS = {"country", "capital", "seat", "organisation", "demonym"}


def _verb_object(token: Token) -> bool:
    """The object of a verb ("accusing it", "sanctions against it"), not of a noun ("much of it")."""
    if token.dep_ in {"dobj", "dative"}:
        return token.head.pos_ == "VERB"
    return token.dep_ == "pobj" and token.head.head.pos_ == "VERB"


def _guess(entity: Entity | None) -> bool:
    return entity is not None and "+home" in entity.how


def _reporting_subject(pronoun: Token) -> Token | None:
    """The subject of the verb that reports the pronoun's clause ("they" in "the leaders said they would") or
    that governs it ("North Korea developed missiles while it was engaged with the U.S.");
    a singular pronoun needs a person or a human role, a plural one a plural or a collective."""
    if pronoun.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    clause = pronoun.head
    if clause.dep_ not in {"ccomp", "advcl"} or clause.head.i == clause.i:
        return None
    governor = clause.head
    subject = next((c for c in governor.children if c.dep_ == "nsubj"), None)
    while subject is None and governor.dep_ in {"xcomp", "conj"} and governor.head.i != governor.i:
        governor = governor.head  # "North Korea continued to develop missiles while it ..."
        subject = next((c for c in governor.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    plural = subject.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in subject.children)
    if pronoun.lower_ in {"he", "she", "him", "her"}:
        return subject if not plural and (subject.ent_type_ == "PERSON" or subject.pos_ == "NOUN") else None
    if pronoun.lower_ == "it":
        return subject if not plural and subject.ent_type_ != "PERSON" else None
    return subject if plural or subject.ent_type_ in {"ORG", "NORP", "GPE"} else None


def _as(entity: Entity, text: str, how: str) -> Entity:
    return Entity(text, entity.country, entity.sector, entity.kind, f"{how}:{entity.text}")


def _lemma(token: Token) -> str:
    """Lower-case lemma; proper-noun plurals ("Forces") are not lemmatised by spaCy, so strip the s."""
    lemma = token.lemma_.lower()
    if token.pos_ == "PROPN" and token.tag_ == "NNPS" and lemma.endswith("s"):
        return lemma[:-1]
    return lemma


# Heads that an adjective role word still describes as people: "military officers", "official sources".
_PEOPLE_HEADS = frozenset(
    "officer member staff man men woman women unit team figure body circle personnel employee agent "
    "source insider wing faction ruler chief head establishment brass council committee".split()
)


def _describes_a_thing(words: list[Token], head: Token) -> bool:
    """A role adjective on a head that names an act or a thing: "military aid", "a general strike",
    "official contact" are no military, general or official."""
    if head in words or head.ent_type_ == "PERSON" or head.pos_ != "NOUN":
        return False
    return all(t.pos_ == "ADJ" for t in words) and _lemma(head) not in _PEOPLE_HEADS


def _phrase_text(core: list[Token]) -> str:
    tokens = [t for t in core if not (t.dep_ == "det" and t.i == core[0].i and t.lower_ in {"a", "an"})]
    doc = core[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text if tokens else ""


_ATTITUDES = {"anti", "pro", "anti-", "pro-"}


def _attitude(span: Span) -> bool:
    """A name read as the object of an attitude: "anti-Syria journalist", "pro-Russian separatists", or as
    a backer: "Iran-backed militias"."""
    doc, start, end = span.doc, span.start, span.end
    if start >= 1 and doc[start - 1].lower_ in _ATTITUDES:
        return True
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lemma_.lower() in _BACKERS:
        return True
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _ATTITUDES


_BACKERS = frozenset("back sponsor fund arm support finance".split())


# Nouns that make what they govern a place: "the town of Samarra", "on Afghan soil", "in Syrian waters".
PLACE_NOUNS = frozenset(
    "soil territory border frontier land waters airspace coast side region province city town village "
    "port capital district area zone".split()
)


def _named_as_place(ent: Span) -> bool:
    """ "the town of Samarra": a place whatever the tagger called it."""
    of = ent.root.head
    return ent.root.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in PLACE_NOUNS


def _bracketed_acronym(span: Span, entries: tuple[Entry, ...]) -> bool:
    """ "Montenegro Municipality Association (AKK)": a bracketed acronym abbreviates the name before it;
    it is no person whose initials it happens to be."""
    doc = span.doc
    bracketed = span.start > 0 and doc[span.start - 1].text == "(" and span.end < len(doc)
    return bracketed and span.text.isupper() and all(e.kind == "person" for e in entries)


def _longest(spans: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(i in taken for i in range(span.start, span.end)):
            chosen.append(span)
            taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


def _is_false_name(span: Span) -> bool:
    """A dictionary name used as something else: "Jordan Henderson", "Chad Smith", "Georgia Tech"."""
    first = span[0]
    if first.ent_type_ == "PERSON" and span.end < len(span.doc) and span.doc[span.end].ent_type_ == "PERSON":
        return True
    return span.start > 0 and span.doc[span.start - 1].ent_type_ == "PERSON" and first.ent_iob_ == "I"
