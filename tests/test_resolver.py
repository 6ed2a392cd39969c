"""Actor resolution in context: titles, appositions, roles, anonymous sources, coreference, metonyms."""

from __future__ import annotations

import pytest

from eventwire.model import Entity, Event
from eventwire.runner import code_text

STORY = """A source in the Russian Foreign Ministry told TASS that Moscow rejects the proposal.

He stressed that the Kremlin would not accept the terms.

"We condemn these shameful provocations," the agency interlocutor said.

Foreign Minister Sergey Lavrov accused the United States of escalating the crisis.

Lavrov later criticised NATO."""


def _actors(events: list[Event]) -> list[Entity]:
    return [a for e in events for a in e.actor]


def test_every_russian_actor_of_the_story_is_rus_gov() -> None:
    events = code_text(STORY, published="2022-02-10")
    actors = _actors(events)
    assert len(events) >= 4
    assert all((a.country, a.sector) == ("RUS", ("GOV",)) for a in actors), [
        (a.text, a.country, a.sector) for a in actors
    ]
    texts = {a.text for a in actors}
    assert {"He", "the agency interlocutor"} & texts or any(
        e.speaker and e.speaker.text == "the agency interlocutor" for e in events
    )


def test_surname_alone_is_the_same_person() -> None:
    events = code_text(
        "Foreign Minister Sergey Lavrov met Iran's foreign minister. Lavrov later criticised NATO."
    )
    lavrov = [a for a in _actors(events) if a.text == "Lavrov"]
    assert lavrov and lavrov[0].country == "RUS"


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("Iraqi special forces attacked the village.", "IRQ", "MIL"),
        ("The White House condemned the strike.", "USA", "GOV"),
        ("Kenyan police arrested the protesters.", "KEN", "COP"),
        ("Syria's transitional authorities rejected the plan.", "SYR", "GOV"),
    ],
)
def test_nationality_and_institution_compose(text: str, country: str, sector: str) -> None:
    actors = _actors(code_text(text))
    assert any(a.country == country and sector in a.sector for a in actors), [
        (a.text, a.country, a.sector) for a in actors
    ]


def test_compound_actor_has_several_entities() -> None:
    events = code_text("Armenia and Azerbaijan accused Russia of failing to keep the peace.")
    (event,) = [e for e in events if e.type == "ACCUSE"]
    assert {a.country for a in event.actor} == {"ARM", "AZE"}


def test_definite_description_refers_to_the_latest_organisation() -> None:
    text = "The Houthis fired missiles at ships on Monday. The group later threatened to attack American warships."
    (threat,) = [e for e in code_text(text) if e.type == "THREATEN"]
    assert (threat.actor[0].country, threat.actor[0].sector) == ("YEM", ("REB",))
    assert threat.actor[0].how.startswith("coref:definite")
    assert threat.recipient[0].country == "USA"


def test_a_title_and_a_surname_one_country_holds() -> None:
    (event,) = [
        e
        for e in code_text("President Bush threatened further action against Russia.")
        if e.type == "THREATEN"
    ]
    assert event.actor[0].country == "USA"
    assert event.recipient[0].country == "RUS"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Bosnian Croats attacked the village.", "BIH"),  # a people with the country they live in
        ("Ethnic Serbs operating in Kosovo attacked a patrol.", "KOS"),
        (
            "Pro-Russian separatists shelled the town of Avdiivka in Ukraine.",
            "UKR",
        ),  # an attitude, no nationality
    ],
)
def test_peoples_are_coded_where_they_live(text: str, country: str) -> None:
    actors = _actors(code_text(text))
    assert [a.country for a in actors] == [country], [(a.text, a.country, a.how) for a in actors]


def test_a_victim_of_ethnic_violence_is_coded_where_it_happened() -> None:
    (event,) = [
        e
        for e in code_text("Romanian police killed four ethnic Hungarians in a clash in western Serbia.")
        if e.type == "ASSAULT"
    ]
    assert [r.country for r in event.recipient] == ["SRB"]


def test_an_attitude_towards_a_country_is_no_nationality() -> None:
    (event,) = [e for e in code_text("Kenyan police arrested an anti-Uganda activist.") if e.type == "COERCE"]
    assert [r.country for r in event.recipient] == ["KEN"]


def test_a_stated_nationality_codes_a_person() -> None:
    text = (
        "Tanzania arrested two Kenyans. Otieno, who is Kenyan, said he was tortured by Tanzanian police. "
        "Police accused Otieno of smuggling."
    )
    (event,) = [e for e in code_text(text) if e.type == "ACCUSE"]
    assert [r.country for r in event.recipient] == ["KEN"]


def test_nationality_of_coordinated_people() -> None:
    text = (
        "Kenyan police met in Nairobi. Halima Ochieng and Peter Mwangi, both from Uganda, were charged in "
        "Nairobi on Monday. Kenya accused Ochieng of spying."
    )
    (event,) = [e for e in code_text(text) if e.type == "ACCUSE"]
    assert [r.country for r in event.recipient] == ["UGA"]


def test_a_pronoun_in_reported_speech_is_the_reporter() -> None:
    text = "Chinese officials met in Beijing. Palestinian leaders said they would boycott the talks."
    (event,) = [e for e in code_text(text) if e.type == "REJECT"]
    assert [a.country for a in event.actor] == ["PSE"]
    assert event.actor[0].how.startswith("coref:reporter")


def test_a_bracketed_acronym_is_no_person() -> None:
    (event,) = code_text("The Montenegro Municipality Association (AKK) demanded support from Serbia.")
    assert [a.country for a in event.actor] == ["MNE"]


def test_a_surname_with_another_given_name_is_someone_else() -> None:
    assert not any(a.country == "TTO" for a in _actors(code_text("Robert Manning criticized China.")))


def test_part_of_a_full_name_named_earlier_is_that_person() -> None:
    text = (
        "The American president met American governors in Washington. He said he did not plan a summit with "
        "North Korean leader Kim Jong Un. The president criticized Kim on Monday."
    )
    (event,) = [e for e in code_text(text) if e.type == "ACCUSE"]
    assert [(r.country, r.sector) for r in event.recipient] == [("PRK", ("GOV",))]


def test_it_as_an_object_is_the_party_named_before() -> None:
    text = (
        "Kenyan officials met in Nairobi. "
        "The rebels have fought an insurgency against the Nigerian state, accusing it of neglect."
    )
    (event,) = [e for e in code_text(text) if e.type == "ACCUSE"]
    assert [r.country for r in event.recipient] == ["NGA"]


def test_it_in_reported_speech_is_the_reporter() -> None:
    text = "Kenyan officials met in Nairobi. Iraq said it would allow the inspectors to return."
    actors = [a for e in code_text(text) if e.type != "CONSULT" for a in e.actor]
    assert actors and all(a.country == "IRQ" for a in actors)


def test_a_role_takes_the_country_its_sentence_is_set_in() -> None:
    text = (
        "South African officials met in Pretoria on Monday. "
        "Opposition lawmakers in Zimbabwe were arrested by police on Tuesday."
    )
    (event,) = [e for e in code_text(text) if e.type == "COERCE"]
    assert [(a.country, a.sector) for a in event.actor] == [("ZWE", ("COP",))]


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("Mali's military rulers expelled the French ambassador.", "MIL"),  # an adjective role on people
        ("The military council in Niger rejected the ultimatum.", "MIL"),
    ],
)
def test_a_role_adjective_on_a_body_of_people_is_kept(text: str, sector: str) -> None:
    actors = _actors(code_text(text))
    assert actors and sector in actors[0].sector, [(a.text, a.sector, a.how) for a in actors]


def test_a_pronoun_in_a_subordinate_clause_is_the_main_subject() -> None:
    text = "North Korea continued to develop missiles while it was engaged with Japan last year."
    (event,) = [e for e in code_text(text, min_confidence=0) if e.type == "CONSULT"]
    assert [a.country for a in event.actor] == ["PRK"]
    assert [r.country for r in event.recipient] == ["JPN"]


def test_a_backer_is_no_nationality() -> None:
    (event,) = [e for e in code_text("Israel struck Iran-backed militias in Syria.") if e.type == "ASSAULT"]
    assert [r.country for r in event.recipient] == ["SYR"]


def test_the_owner_of_a_phrase_beats_its_modifiers() -> None:
    (event,) = [e for e in code_text("Turkey's parliament approved Sweden's NATO membership.") if e.recipient]
    assert [r.country for r in event.recipient] == ["SWE"]


def test_a_counted_crowd_is_coded_as_people() -> None:
    text = "Thousands marched in Seoul on Saturday to demand the impeachment of the president."
    (event,) = [e for e in code_text(text) if e.type == "PROTEST"]
    assert [(a.country, a.sector) for a in event.actor] == [("KOR", ("CVL",))]
    text = "South African officials met in Pretoria. Thousands of Nigerians rallied in Lagos on Monday."
    (event,) = [e for e in code_text(text) if e.type == "PROTEST"]
    assert [a.country for a in event.actor] == ["NGA"]


def test_a_town_is_a_place_whatever_the_tagger_calls_it() -> None:
    events = code_text("A roadside bombing near the town of Samarra killed two soldiers on Sunday.")
    assert [(e.type, e.actor[0].country) for e in events] == [("ASSAULT", "IRQ")]


def test_western_politicians_are_a_collective_with_no_country() -> None:
    events = code_text("Western politicians have repeatedly called on China to limit its support for Russia.")
    assert [(e.type, e.actor[0].country, e.actor[0].kind) for e in events] == [
        ("REQUEST", None, "collective")
    ]


def test_a_pronoun_in_a_relative_clause_is_its_antecedent() -> None:
    text = (
        "South African opposition politician Mmusi Maimane says Africa's ruling parties are becoming bolder. "
        "Uganda's Bobi Wine knows this too. "
        "Maimane, who headed the Democratic Alliance until he resigned in October, knows this well."
    )
    resignations = [e for e in code_text(text) if e.type == "RETREAT"]
    assert [a.country for e in resignations for a in e.actor] == ["ZAF"]


def test_a_foreign_role_takes_no_country_from_the_context() -> None:
    text = "VOA reported on the campaign. Foreign influencers cooperate with the Chinese government."
    assert not [e for e in code_text(text) if e.type == "COOPERATE"]


def test_a_speaker_does_not_carry_over_a_whole_page() -> None:
    text = (
        "Japanese officials said on Monday that talks had resumed. The weather was fine. "
        "The city was quiet. Markets opened late. Traffic was light. "
        '"The policy is shameful," a researcher added.'
    )
    assert not [e for e in code_text(text) if e.type == "ACCUSE" and e.actor[0].country == "JPN"]


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        ("The Soviet Union invaded Afghanistan in December 1979.", "RUS", "GOV"),
        ("The USS Harry S. Truman launched strikes against the Houthis in Yemen.", "USA", "MIL"),
    ],
)
def test_historical_states_and_warships(text: str, country: str, sector: str) -> None:
    actors = _actors(code_text(text))
    assert actors and (actors[0].country, actors[0].sector) == (country, (sector,))


def test_people_placed_somewhere_belong_there() -> None:
    events = code_text("Islamabad has blamed several recent attacks on militants present on Afghan soil.")
    assert [r.country for e in events if e.type == "ACCUSE" for r in e.recipient] == ["AFG"]


def test_a_capital_s_namesake_in_the_story_s_country() -> None:
    text = "Syrian officers ended mediation efforts between militias in Tripoli, the north Lebanese port."
    recipients = [r.country for e in code_text(text) for r in e.recipient]
    assert recipients == ["LBN"]
    assert [r.country for e in code_text("Egypt sent aid to Tripoli on Monday.") for r in e.recipient] == [
        "LBY"
    ]
