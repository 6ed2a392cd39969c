"""The rule coder on sentences written for these tests: types, arguments, modality, attribution."""

from __future__ import annotations

import pytest

from eventwire.model import Event
from eventwire.runner import code_text


def _code(text: str, published: str | None = None) -> list[Event]:
    return code_text(text, published=published)


def _summary(events: list[Event]) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return {
        (
            e.type,
            tuple(sorted({a.country or "-" for a in e.actor})),
            tuple(sorted({r.country or "-" for r in e.recipient})),
        )
        for e in events
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ukraine accused Russia of shelling the city.", ("ACCUSE", ("UKR",), ("RUS",))),
        ("Germany called on Iran to release the detained journalists.", ("REQUEST", ("DEU",), ("IRN",))),
        ("The European Union imposed new sanctions on Belarus on Monday.", ("SANCTION", ("EUR",), ("BLR",))),
        ("Indian and Chinese officials held talks in Beijing.", ("CONSULT", ("CHN", "IND"), ())),
        (
            "Japanese Prime Minister Fumio Kishida met South Korean President Yoon Suk Yeol.",
            ("CONSULT", ("JPN",), ("KOR",)),
        ),
        ("Israeli warplanes struck targets in Lebanon overnight.", ("ASSAULT", ("ISR",), ("LBN",))),
        ("The Kremlin rejected the proposal from Washington.", ("REJECT", ("RUS",), ("USA",))),
        (
            "Police arrested dozens of protesters in Tbilisi, Georgia's interior ministry said.",
            ("COERCE", ("GEO",), ()),
        ),
    ],
)
def test_basic_events(text: str, expected: tuple[str, tuple[str, ...], tuple[str, ...]]) -> None:
    found = _summary(_code(text))
    assert any(
        kind == expected[0] and actor == expected[1] and set(expected[2]) <= set(rec)
        for kind, actor, rec in found
    ), found


@pytest.mark.parametrize(
    "text",
    [
        "Russia did not attack the convoy, the ministry said.",
        "If Russia invades, NATO could impose sanctions.",
        "Moscow rejects the possibility of abandoning its demands.",
        "Officials said there are no agreements between Armenia and Azerbaijan on the border yet.",
    ],
)
def test_non_events_are_not_output(text: str) -> None:
    kinds = {e.type for e in _code(text)}
    assert not kinds & {"ASSAULT", "SANCTION", "CONCEDE", "RETREAT", "AGREE"}, kinds


def test_reported_speech_keeps_speaker_and_outlet() -> None:
    events = _code("A source in the Russian Foreign Ministry told TASS that Moscow rejects the proposal.")
    (event,) = [e for e in events if e.type == "REJECT"]
    assert event.actor[0].country == "RUS"
    assert event.speaker is not None and event.speaker.country == "RUS"
    assert event.via == "TASS"


def test_intentions_are_agree_and_refusals_reject() -> None:
    assert "AGREE" in {e.type for e in _code("Finland will give Tanzania a grant of 60 million dollars.")}
    assert "REJECT" in {e.type for e in _code("Syria said it will not accept more refugees from Iraq.")}


def test_reported_obligation_is_a_request() -> None:
    events = _code("Russia said on Tuesday that Sudan must return the helicopter.")
    assert ("REQUEST", ("RUS",), ("SUD",)) in _summary(events) or ("REQUEST", ("RUS",), ("SDN",)) in _summary(
        events
    )


def test_month_day_date_without_year() -> None:
    (event,) = [
        e for e in _code("On February 4, France criticized Mali over the expulsion.") if e.type == "ACCUSE"
    ]
    assert event.date == "--02-04"


def test_events_carry_evidence_and_ontology_codes() -> None:
    text = "Ukraine accused Russia of shelling the city."
    (event,) = [e for e in _code(text) if e.type == "ACCUSE"]
    assert text[event.trigger_span[0] : event.trigger_span[1]] == event.trigger == "accused"
    assert event.sentence == text
    assert event.cameo.startswith("11") and event.quad_class == 3 and event.goldstein < 0
    assert 0 < event.confidence <= 1
    assert event.explanation and event.explanation[0].startswith("trigger:accuse")


def test_junk_inside_an_article_is_coded_or_skipped_without_flooding() -> None:
    lead = "Ukraine accused Russia of shelling the city of Kharkiv on Monday, the foreign ministry said."
    names = ", ".join(["Russia", "Ukraine", "NATO", "Iran", "Israel"] * 400)
    table = "\n".join("RUSSIA | UKRAINE | 12 | 45 | ATTACK | STRIKE" for _ in range(300))
    long_sentence = " ".join(["Russia attacked Ukraine and"] * 500) + " ended."
    headline = "RUSSIA ATTACKS UKRAINE AS NATO CONDEMNS STRIKES ON KYIV"
    german = "Die Regierung hat am Dienstag neue Sanktionen gegen Russland beschlossen."
    for junk in (names, table, long_sentence, headline, german):
        events = _code("\n\n".join([lead, junk, lead.replace("Monday", "Tuesday")]))
        assert "ACCUSE" in {e.type for e in events}
        assert len(events) <= 12


def test_event_place_is_where_it_happened_not_a_place_mentioned() -> None:
    (talks,) = [
        e for e in _code("Indian and Chinese officials held talks in Beijing.") if e.type == "CONSULT"
    ]
    assert talks.place is not None and (talks.place.name, talks.place.country) == ("Beijing", "CHN")
    assert talks.place.latitude is not None
    (accusation,) = [
        e for e in _code("Ukraine accused Russia of shelling port facilities in Odesa.") if e.type == "ACCUSE"
    ]
    assert accusation.place is None


def test_background_events_are_flagged_historical() -> None:
    events = _code("In March 2019, Russia accused Ukraine of shelling the city.", published="2022-02-10")
    (event,) = [e for e in events if e.type == "ACCUSE"]
    assert event.historical and event.date == "2019-03"
    (recent,) = [
        e for e in _code("On Monday, Russia accused Ukraine of shelling the city.", published="2022-02-10")
    ]
    assert not recent.historical


def test_an_attempt_or_a_decision_is_coded_as_the_act() -> None:
    assert "ASSAULT" in {e.type for e in _code("Gunmen from Syria tried to kill the Jordanian envoy.")}
    assert "SANCTION" in {e.type for e in _code("Canada decided to impose sanctions on Iran.")}
    assert "ASSAULT" not in {e.type for e in _code("Syria did not try to kill the Jordanian envoy.")}


def test_an_act_announced_on_a_condition_is_a_threat() -> None:
    kinds = {e.type for e in _code("Kenya will withdraw its troops from Somalia unless the attacks stop.")}
    assert "THREATEN" in kinds and "AGREE" not in kinds
    assert "THREATEN" not in {e.type for e in _code("If Russia invades, NATO could impose sanctions.")}


def test_an_obligation_on_a_trigger_verb_is_still_a_request() -> None:
    events = _code("Britain's foreign secretary said that Libya must hand over the suspects.")
    assert ("REQUEST", ("GBR",), ("LBY",)) in _summary(events)


@pytest.mark.parametrize(
    "text",
    [
        "The Iraqi envoy was almost killed by a car bomb in Baghdad.",
        "A UN report on Iraq to be released next week says little.",
        "Support from Washington is crucial for Kabul to negotiate a deal with Pakistan.",
        "Turkey has until Friday to withdraw its troops from Syria.",
        "Farmers in Kenya will be the hardest hit if Uganda imposes restrictions.",
    ],
)
def test_near_misses_plans_and_conditions_on_others_are_not_events(text: str) -> None:
    kinds = {e.type for e in _code(text)}
    assert not kinds & {"ASSAULT", "RETREAT", "CONSULT", "THREATEN", "COERCE"}, kinds


def test_a_vague_collective_can_be_the_actor() -> None:
    events = _code("Western countries imposed new sanctions on Russia.")
    assert ("SANCTION", ("-",), ("RUS",)) in _summary(events)


def test_a_participle_keeps_its_own_time() -> None:
    text = (
        "The Nigerian rebels announced they will return weapons seized last year from Nigerian peacekeepers."
    )
    kinds = {e.type for e in _code(text)}
    assert "THREATEN" not in kinds, kinds


def test_an_unresolved_subject_is_not_replaced_by_the_speaker() -> None:
    events = _code("The neighbours refused to leave, Iran's foreign ministry said.")
    assert not [e for e in events if e.type == "REJECT" and e.actor and e.actor[0].country == "IRN"]


@pytest.mark.parametrize(
    "text",
    [
        "Syria said it will withdraw its troops from Lebanon.",
        "The Fijian rebels said they will release the hostages on Sunday.",
        "A Russian official offered concessions to the American negotiators.",
    ],
)
def test_an_announced_retreat_is_a_concession(text: str) -> None:
    # the PLOVER manual: "announced ... would withdraw troops" is RETREAT + future, coded CONCEDE; future
    # concessions "do not reduce to AGREE"
    kinds = {e.type for e in _code(text)}
    assert "CONCEDE" in kinds and not kinds & {"AGREE", "RETREAT"}, kinds


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        (
            "Kenyan protesters marched in Nairobi, demanding the resignation of the president.",
            "PROTEST",
            "REQUEST",
        ),
        ("The Kenyan army deployed troops to Lamu and attacked al-Shabaab militants.", "ASSAULT", "MOBILIZE"),
    ],
)
def test_acts_told_together_follow_the_codebook(text: str, kept: str, dropped: str) -> None:
    kinds = {e.type for e in _code(text)}
    assert kept in kinds and dropped not in kinds, kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Kurdish rebels in Turkey swore to fight the Turkish army until the end.", "THREATEN"),
        ("Sudan vowed to withdraw its troops from the border with Chad.", "CONCEDE"),
    ],
)
def test_a_vowed_act_is_an_intention(text: str, kind: str) -> None:
    kinds = {e.type for e in _code(text)}
    assert kind in kinds and not kinds & {"ASSAULT", "RETREAT"}, kinds


def test_cooperation_aid_and_sanctions_need_a_recipient() -> None:
    assert "COOPERATE" in {e.type for e in _code("Japan is cooperating with India on maritime security.")}
    assert "COOPERATE" not in {e.type for e in _code("Japan's coast guard is cooperating on the case.")}


def test_aid_received_is_given_by_the_one_it_came_from() -> None:
    events = _code("Ukraine received new air defence missiles from Germany on Monday.")
    assert ("AID", ("DEU",), ("UKR",)) in _summary(events)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("The Kenyan government ordered patrols by police in Mombasa.", "MOBILIZE", True),
        ("Kenyan police fired tear gas at students protesting the fees in Nairobi.", "PROTEST", True),
        ("Japan wants to lift the sanctions on Iran and impose a blockade on Syria.", "COERCE", False),
    ],
)
def test_what_governs_a_trigger_decides_if_it_happened(text: str, kind: str, expected: bool) -> None:
    assert (kind in {e.type for e in _code(text)}) is expected


def test_a_clause_told_alongside_another_act_happened() -> None:
    kinds = {e.type for e in _code("Iran rejected the report while accusing Israel of spreading lies.")}
    assert {"REJECT", "ACCUSE"} <= kinds, kinds


def test_one_act_keeps_the_mention_with_the_named_recipient() -> None:
    text = (
        "A British minister said that Libya must hand over the suspects as he flew to Tunis to seek support."
    )
    requests = [e for e in _code(text) if e.type == "REQUEST"]
    assert len(requests) == 1 and requests[0].recipient[0].country == "LBY", requests


def test_who_calls_something_shameful_is_the_accuser() -> None:
    events = _code("The Chinese foreign ministry described the American remarks as irresponsible.")
    assert ("ACCUSE", ("CHN",), ("USA",)) in _summary(events)


def test_a_judgement_the_calling_verb_codes_is_not_coded_twice() -> None:
    kinds = [e.type for e in _code("Iran called the American charges baseless.")]
    assert kinds == ["REJECT"], kinds


def test_a_participle_naming_people_is_no_act() -> None:
    assert "ASSAULT" not in {e.type for e in _code("Afghan doctors in Kabul treated the wounded overnight.")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Egypt's president said that the US must be ready to mediate.", ("REQUEST", ("EGY",), ("USA",))),
        (
            "The French president issued a stern reminder to Iraq that it must cooperate with UN inspectors.",
            ("REQUEST", ("FRA",), ("IRQ",)),
        ),
    ],
)
def test_obligations_told_to_the_us_or_in_a_reminder(
    text: str, expected: tuple[str, tuple[str, ...], tuple[str, ...]]
) -> None:
    assert expected in _summary(_code(text))


def test_an_ordered_restriction_is_the_orderers_act() -> None:
    events = _code("The Kenyan government ordered police to close the border with Somalia.")
    assert ("COERCE", ("KEN",), ("SOM",)) in _summary(events)


def test_an_act_that_did_not_happen_never_hides_one_that_did() -> None:
    text = (
        "Egyptian police opened fire to disperse demonstrators in Cairo, killing one person and arresting 12."
    )
    assert "COERCE" in {e.type for e in _code(text)}


@pytest.mark.parametrize(
    ("text", "kind", "absent"),
    [
        ("Thousands of Kenyans shunned work on Monday to protest against the new tax law.", "PROTEST", None),
        ("Greece plans to impose restrictions on workers from Bulgaria.", "THREATEN", "COERCE"),
        ("The Macedonian army prepared to resume shelling Albanian rebel positions.", "MOBILIZE", "ASSAULT"),
    ],
)
def test_what_an_act_is_done_for_or_planned_as(text: str, kind: str, absent: str | None) -> None:
    kinds = {e.type for e in _code(text)}
    assert kind in kinds and absent not in kinds, kinds


def test_two_acts_on_two_named_targets_stay_two() -> None:
    events = _code(
        "Afghan rebels kidnapped six Russian advisers and exploded a series of bombs in the capital Kabul."
    )
    assert {("ASSAULT", ("AFG",), ("RUS",)), ("ASSAULT", ("AFG",), ("AFG",))} <= _summary(events)


def test_an_exercise_held_together_is_cooperation() -> None:
    events = _code(
        "French and Egyptian warships on Monday launched ten days of war games in the Mediterranean."
    )
    assert ("COOPERATE", ("EGY", "FRA"), ()) in _summary(events)
    assert "MOBILIZE" in {e.type for e in _code("China held ten days of war games near Taiwan.")}


def test_peacekeepers_arriving_are_aid() -> None:
    events = _code(
        "A first contingent of Bangladeshi peacekeeping troops arrived in Sierra Leone on Tuesday."
    )
    assert ("AID", ("BGD",), ("SLE",)) in _summary(events)


def test_a_count_of_people_arrested_is_a_domestic_target() -> None:
    events = _code(
        "Egyptian police dispersed a march in Cairo on Monday, killing one person and arresting 12."
    )
    assert ("COERCE", ("EGY",), ("EGY",)) in _summary(events)


def test_a_visit_told_in_passing_took_place() -> None:
    events = _code("Kenya's foreign minister spoke to reporters during a visit to Ethiopia on Monday.")
    assert ("CONSULT", ("KEN",), ("ETH",)) in _summary(events)
    assert not _code("Students in Kenya won't get the opportunity to go on a field trip to Ethiopia.")


@pytest.mark.parametrize(
    "text",
    [
        "A United States military plane used to help troops share intelligence has crashed in Afghanistan.",
        "A Pakistani military plane crashed in Baluchistan on Monday, resulting in all crew members killed.",
    ],
)
def test_what_a_thing_is_for_and_deaths_in_a_crash_are_no_events(text: str) -> None:
    assert not {e.type for e in _code(text)} & {"COOPERATE", "ASSAULT"}


def test_a_resignation_leaves_an_office_of_ones_own_country() -> None:
    assert ("RETREAT", ("ZAF",), ("ZAF",)) in _summary(
        _code("South Africa's finance minister resigned on Monday.")
    )


def test_a_demand_said_not_to_mesh_was_still_made() -> None:
    text = "Talks ended because Washington's call for denuclearization and Pyongyang's demand for relief did not mesh."
    assert {e.type for e in _code(text)} == {"REQUEST"}
    assert not _code("The talks between Serbia and Kosovo did not take place.")


def test_a_plea_of_not_guilty_is_a_denial() -> None:
    assert {e.type for e in _code("Two Azerbaijani men have pleaded not guilty in a Moscow court.")} >= {
        "REJECT"
    }
    assert "REJECT" not in {
        e.type for e in _code("Two Azerbaijani men have pleaded guilty in a Moscow court.")
    }


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Afghan security forces arrived and controlled the site after four hours.", "MOBILIZE"),
        (
            "Esper spoke at a news conference at the Pentagon with French Defence Minister Florence Parly.",
            "CONSULT",
        ),
        ("Pakistan is pursuing a loan from the International Monetary Fund.", "REQUEST"),
    ],
)
def test_arrivals_conferences_and_pursuits(text: str, kind: str) -> None:
    assert kind in {e.type for e in _code(text)}


def test_a_conjecture_inside_a_quotation_is_no_event() -> None:
    text = '"It stands to reason that Trump would seek a meeting with Kim," the analyst said.'
    assert "REQUEST" not in {e.type for e in _code(text)}
    assert "AGREE" in {e.type for e in _code("Trump said he would meet Kim in Singapore.")}


def test_being_heavily_invested_in_an_issue_is_no_investment() -> None:
    text = "North Korea is a key issue in which the American president is heavily invested."
    assert "COOPERATE" not in {e.type for e in _code(text)}


@pytest.mark.parametrize(
    ("text", "accuser", "accused"),
    [
        (
            "US prosecutors say two Azerbaijani men hired a hitman to kill a journalist in New York.",
            "USA",
            "AZE",
        ),
        ("Iran's Revolutionary Guards were behind the plot, according to US prosecutors.", "USA", "IRN"),
        ("Russia said Ukraine was behind the attack on the Crimean bridge.", "RUS", "UKR"),
    ],
)
def test_an_allegation_told_as_fact_is_an_accusation(text: str, accuser: str, accused: str) -> None:
    assert ("ACCUSE", (accuser,), (accused,)) in _summary(_code(text))


def test_what_prosecutors_say_they_will_do_is_no_allegation() -> None:
    text = "US prosecutors told the court they would present electronic communications documenting the plan."
    assert "ACCUSE" not in {e.type for e in _code(text)}


def test_a_judging_noun_in_a_quotation_is_an_accusation() -> None:
    text = '"This veto is a disgrace and an affront to Europe," Germany\'s foreign minister said of Hungary.'
    assert "ACCUSE" in {e.type for e in _code(text)}
    assert "ACCUSE" not in {e.type for e in _code("Public outrage grew in France after the vote.")}


def test_condemning_is_a_sentence_only_when_it_sentences() -> None:
    assert "SANCTION" in {e.type for e in _code("An Iranian court condemned two men to death on Monday.")}
    text = "Unlike most UN member states, China has condemned Russia's invasion of Ukraine only to the press."
    assert "SANCTION" not in {e.type for e in _code(text)}


def test_a_definite_thing_told_of_before_is_its_author_s() -> None:
    text = (
        "Pakistan's parliament met on Monday. On Tuesday, the U.S. House of Representatives passed a "
        "resolution urging an investigation of Pakistan's elections. Prime Minister Shehbaz Sharif's "
        "administration promptly rejected the resolution on Wednesday."
    )
    assert ("REJECT", ("PAK",), ("USA",)) in _summary(_code(text))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "The Azerbaijani man is cooperating with US prosecutors after pleading guilty to attempted murder.",
            "CONCEDE",
        ),
        (
            "The Ivorian Supreme Court decided to allow Alassane Ouattara to take part in the elections.",
            "CONCEDE",
        ),
        ("US and Russian negotiators return to Geneva this week for talks on missiles.", "CONSULT"),
        ("Poland opened its borders to Ukrainian refugees on Thursday.", "AID"),
    ],
)
def test_gerunds_after_prepositions_and_complements_of_allowing(text: str, kind: str) -> None:
    assert kind in {e.type for e in _code(text)}


def test_a_relative_clause_tells_a_fact() -> None:
    text = "Some US officials are hinting at easing the sanctions Washington has imposed on Moscow."
    assert ("SANCTION", ("USA",), ("RUS",)) in _summary(_code(text))


@pytest.mark.parametrize(
    "text",
    [
        "North Korea tested a missile. Trump spoke about North Korea. He highlighted the regime's violation of rights.",
        '"The jailing of opposition leaders in Zimbabwe is a deep concern," South Africa\'s opposition leader said.',
    ],
)
def test_wrongs_pointed_out_and_concerns_stated_are_accusations(text: str) -> None:
    accusations = [e for e in _code(text) if e.type == "ACCUSE"]
    assert accusations and accusations[0].recipient and accusations[0].recipient[0].country in {"PRK", "ZWE"}


def test_wanting_someone_to_act_is_asking_them_to() -> None:
    assert ("REQUEST", ("USA",), ("IRN",)) in _summary(
        _code("The United States wants Iran to stop enriching uranium.")
    )
    assert not _code("The Kenyan minister wants to go home.")


def test_the_one_quoted_as_saying_speaks() -> None:
    text = "King Hassan of Morocco was quoted as saying he would be ready to host talks between Israel and the PLO."
    assert "AGREE" in {e.type for e in _code(text)}


def test_a_plan_one_is_accused_of_is_no_threat() -> None:
    assert "THREATEN" not in {
        e.type for e in _code("Iranian agents were accused of planning to kidnap a US journalist.")
    }


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("China protested strongly against the US arms sales to Taiwan.", "ACCUSE"),
        ("Thousands of Kenyans protested in Nairobi against the new tax law.", "PROTEST"),
    ],
)
def test_a_protest_in_words_is_a_diplomatic_protest(text: str, kind: str) -> None:
    kinds = {e.type for e in _code(text)}
    assert kind in kinds and not kinds & ({"ACCUSE", "PROTEST"} - {kind}), kinds
