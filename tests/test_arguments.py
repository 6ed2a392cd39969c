"""Who an event is aimed at: the recipient slots of ``eventwire.events.arguments``."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from eventwire.events.arguments import _slot
from eventwire.model import Event
from eventwire.runner import code_text


def _only(text: str, kind: str) -> Event:
    events = [e for e in code_text(text) if e.type == kind]
    assert events, [(e.type, e.trigger) for e in code_text(text)]
    return events[0]


def _recipients(event: Event) -> list[str | None]:
    return [e.country for e in event.recipient]


@pytest.mark.parametrize(
    ("text", "kind", "country"),
    [
        # a role adjective on a thing is no actor: "military aid" is not the army of the home country
        (
            "British ministers met in London on Monday. "
            "Britain has promised to continue military aid to war-torn Kenya.",
            "AGREE",
            "KEN",
        ),
        ("Palestinian leaders said they would boycott all official contact with Israel.", "THREATEN", "ISR"),
        # the condition of a threat names the one threatened
        ("Turkey threatened to close its border unless Greece withdrew its ships.", "THREATEN", "GRC"),
        # whose withdrawal is demanded, not where from
        ("Serbia demanded the withdrawal of Albanian troops from Kosovo.", "REQUEST", "ALB"),
        # a people named by nationality, inside the object of the complement
        ("Israel refused to lift the blockade on Palestinians living in Gaza.", "REJECT", "PSE"),
        # the doer of the investigated act, below the object
        ("Belgian police opened an investigation into crimes committed by Albanian gangs.", "ACCUSE", "ALB"),
    ],
)
def test_recipient_slots(text: str, kind: str, country: str) -> None:
    assert country in _recipients(_only(text, kind))


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Farmers blocked roads to press their demands on the French government.", "FRA"),
        (
            "Thousands of Kenyans marched in Nairobi to protest the killing of a teacher by Ugandan soldiers.",
            "UGA",
        ),
        (
            "Students staged a hunger strike in protest against the arrest of their teachers by Iranian police.",
            "IRN",
        ),
        # a role nobody names is coded from the story
        ("Nigerian students marched to protest abuses by Islamic fundamentalists.", "NGA"),
    ],
)
def test_a_protest_is_aimed_at_what_it_protests(text: str, country: str) -> None:
    assert country in _recipients(_only(text, "PROTEST"))


def test_the_place_of_a_protest_comes_after_its_target() -> None:
    event = _only("Greek protesters blocked streets in Berlin in defiance of Turkish authorities.", "PROTEST")
    assert _recipients(event) == ["TUR"]


def test_the_us_in_capitals_is_a_country() -> None:
    event = _only("Beijing demanded that the US stop arms sales to Taipei.", "REQUEST")
    assert _recipients(event) == ["USA"]
    event = _only("The US on Monday accused Iran of supplying drones.", "ACCUSE")
    assert [a.country for a in event.actor] == ["USA"]


def test_an_object_the_parser_left_stranded() -> None:
    """ "granted asylum to five officers holed up ...": the parser made "officers" the subject of "holed"."""
    words = ["Peru", "granted", "asylum", "to", "five", "officers", "holed", "up"]
    heads = [1, 1, 1, 1, 5, 6, 1, 6]
    deps = ["nsubj", "ROOT", "dobj", "prep", "nummod", "nsubj", "advcl", "prt"]
    pos = ["PROPN", "VERB", "NOUN", "ADP", "NUM", "NOUN", "VERB", "ADP"]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        sent_starts=[True] + [False] * 7,
    )
    assert _slot(doc[1], "pobj:to") == doc[5]
    assert _slot(doc[1], "pobj:with") is None


def test_a_purpose_clause_names_who_is_helped() -> None:
    events = code_text("Norway is ready to send troops to help defend Estonia.")
    assert [_recipients(e) for e in events if e.recipient] == [["EST"]]


def test_a_mediator_acts_on_both_sides() -> None:
    event = _only(
        "Qatar's foreign minister launched a mediation effort between Ethiopia and Eritrea.", "CONSULT"
    )
    assert [a.country for a in event.actor] == ["QAT"]
    assert sorted(_recipients(event)) == ["ERI", "ETH"]


def test_engaged_in_violence_is_no_passive() -> None:
    text = "Serb militias were engaged in ethnic cleansing against the Albanian population of the province."
    event = _only(text, "ASSAULT")
    assert [a.country for a in event.actor] == ["SRB"]


def test_unnamed_perpetrators_belong_where_one_goes() -> None:
    text = "South African officials met in Pretoria on Monday. When you go to Zimbabwe, journalists are being detained."
    event = _only(text, "COERCE")
    assert [(a.country, a.sector) for a in event.actor] == [("ZWE", ("UAF",))]
    assert _recipients(event) == ["ZWE"]


def test_a_city_tagged_as_a_person_is_a_target_of_violence() -> None:
    event = _only("Russian drones struck Kharkiv overnight.", "ASSAULT")
    assert _recipients(event) == ["UKR"]
    assert "MIL" in event.actor[0].sector


def test_a_participle_with_an_object_is_active() -> None:
    event = _only(
        "Israeli airstrikes killed at least 30 people in Gaza on Tuesday, health officials said.", "ASSAULT"
    )
    assert [a.country for a in event.actor] == ["ISR"]


def test_the_venue_of_a_meeting_is_no_party() -> None:
    event = _only("Ethiopia and Somalia held talks in Ankara on Monday.", "CONSULT")
    assert "TUR" not in _recipients(event)


def test_what_describes_an_unnamed_person_is_no_party() -> None:
    event = _only("Iranian media said Tehran had executed a man convicted of spying for Israel.", "ASSAULT")
    assert "ISR" not in _recipients(event)


def test_committed_to_is_no_passive_but_kicked_out_is() -> None:
    event = _only("Ghana is committed to the ceasefire, its president said.", "AGREE")
    assert [a.country for a in event.actor] == ["GHA"]
    text = "South African officials met in Pretoria. In Zimbabwe, opposition lawmakers are being kicked out of parliament."
    event = _only(text, "COERCE")
    assert event.actor[0].kind == "unidentified"


def test_the_leader_of_a_war_is_the_party_aided() -> None:
    text = "The Turkish government has refused to commit to any direct assistance to the US-led war against Iraq."
    assert _recipients(_only(text, "REJECT")) == ["USA"]


def test_a_stance_after_be_is_its_subjects() -> None:
    event = _only("Egypt is opposed to Turkish mediation in the talks with Libya.", "REJECT")
    assert [a.country for a in event.actor] == ["EGY"]


def test_a_passive_subject_does_the_conjoined_act() -> None:
    event = _only("Serbia's prime minister was indicted by a court in The Hague and will resign.", "CONCEDE")
    assert [a.country for a in event.actor] == ["SRB"]


def test_a_declaration_speaks_for_its_author() -> None:
    event = _only("Hamas issued a declaration demanding that Egypt open the Rafah crossing.", "REQUEST")
    assert [a.country for a in event.actor] == ["PSE"] and _recipients(event) == ["EGY"]


def test_an_object_tagged_as_a_verb_is_still_a_target() -> None:
    text = "Both Pakistan and China reject claims that their joint ventures are depriving the Baloch of jobs."
    event = _only(text, "REJECT")
    assert _recipients(event) == ["PAK"]


def test_a_support_verb_holds_the_recipient_of_its_noun() -> None:
    event = _only(
        "President Macron gave a warm welcome on Thursday to South African leader Cyril Ramaphosa.", "CONSULT"
    )
    assert _recipients(event) == ["ZAF"]
