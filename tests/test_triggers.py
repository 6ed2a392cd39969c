"""The trigger lexicon on sentences written for these tests: which words are triggers, and of what type."""

from __future__ import annotations

from functools import cache

import pytest
from spacy.language import Language

from eventwire.events.triggers import find_triggers, load_triggers
from eventwire.nlp import pipeline


@cache
def _nlp() -> Language:
    return pipeline()


def _types(text: str) -> dict[str, str]:
    """Trigger word -> PLOVER type, for every trigger in the text."""
    doc = _nlp()(text)
    return {t.token.text: t.row.type for sent in doc.sents for t in find_triggers(sent)}


@pytest.mark.parametrize(
    ("text", "word", "kind"),
    [
        # CONSULT
        ("The king gave a warm welcome to the visiting Kenyan president.", "welcome", "CONSULT"),
        ("Qatar launched a mediation effort between the two neighbours.", "effort", "CONSULT"),
        ("Both delegations engaged in talks with the rebels.", "engaged", "CONSULT"),
        ("The envoy talked with Ethiopian officials in Addis Ababa.", "talked", "CONSULT"),
        # SUPPORT: an evaluating verb judges a statement or a report
        ("Berlin welcomed the joint statement issued by the two presidents.", "welcomed", "SUPPORT"),
        ("The minister appreciated Ghana's efforts to end the standoff.", "appreciated", "SUPPORT"),
        ("Pakistan rejected the report as biased.", "rejected", "REJECT"),
        # COOPERATE and MOBILIZE
        ("Indian and French navies held joint exercises in the Arabian Sea.", "exercises", "COOPERATE"),
        ("Seoul shared evidence with Tokyo about the missile launch.", "shared", "COOPERATE"),
        ("The army strengthened its forces along the border.", "strengthened", "MOBILIZE"),
        ("Troops remained on high alert near the frontier.", "remained", "MOBILIZE"),
        ("The governor ordered patrols by police in the old city.", "ordered", "MOBILIZE"),
        # AID
        ("Norwegian doctors handed over medicine to the Red Crescent.", "handed", "AID"),
        ("The IMF approved a loan of $3 billion for Egypt.", "approved", "AID"),
        ("Volunteers distributed food to families in Gaza.", "distributed", "AID"),
        # CONCEDE and RETREAT
        ("The former minister pleaded guilty to corruption.", "pleaded", "CONCEDE"),
        ("The government accepted responsibility for the failures.", "accepted", "CONCEDE"),
        ("The junta ended the curfew in the capital.", "ended", "CONCEDE"),
        ("Rebels abandoned their positions around the town.", "abandoned", "RETREAT"),
        ("The president left office after the vote.", "left", "RETREAT"),
        # REQUEST, ACCUSE, REJECT
        ("The union insisted on its demands for higher pay.", "insisted", "REQUEST"),
        ("The journalist was put under investigation in Italy.", "put", "ACCUSE"),
        ("The supreme court opened a hearing into the detentions.", "opened", "ACCUSE"),
        ("The activist took the ministry to court.", "took", "ACCUSE"),
        ("Moscow called the allegations baseless.", "called", "REJECT"),
        ("Israel opposed French mediation in the talks.", "opposed", "REJECT"),
        ("Senators opposed the plan to sell the jets.", "opposed", "REJECT"),
        # PROTEST
        ("Dockworkers stopped work to protest the new law.", "stopped", "PROTEST"),
        ("Truckers blocked transport into the capital.", "blocked", "PROTEST"),
        # SANCTION
        ("Canada banned the importation of hunting trophies.", "banned", "SANCTION"),
        ("Washington prohibited all aid to the militia.", "prohibited", "SANCTION"),
        ("The agency reduced food supplies to the camp.", "reduced", "SANCTION"),
        ("Washington raised tariffs on steel from China.", "raised", "SANCTION"),
        ("The country withdrew from the nuclear treaty.", "withdrew", "SANCTION"),
        ("Caracas pulled out of the regional organization.", "pulled", "SANCTION"),
        # COERCE
        ("Police prevented the demonstration outside the parliament.", "prevented", "COERCE"),
        ("Riot police broke up the protest in the square.", "broke", "COERCE"),
        ("The army reimposed a blockade on the town.", "reimposed", "COERCE"),
        ("Hackers defaced hundreds of government websites.", "defaced", "COERCE"),
        ("Officials removed the migrants from the camp.", "removed", "COERCE"),
        ("The militia tightened its blockade of the city.", "tightened", "COERCE"),
        # ASSAULT
        ("Guards sexually abused the detainees.", "abused", "ASSAULT"),
        ("Government forces engaged in fighting with the rebels.", "engaged", "ASSAULT"),
        ("Settlers burned houses in the village.", "burned", "ASSAULT"),
        ("The prisoner died of torture in custody.", "died", "ASSAULT"),
        ("A bomb went off near the market.", "bomb", "ASSAULT"),
        # a with-word may hang on the open complement's object: "vowed to retaliate", "prepared to resume shelling"
        ("The militia vowed to retaliate against the army.", "vowed", "THREATEN"),
        ("The army prepared to resume the shelling of the hills.", "prepared", "MOBILIZE"),
        ("Rebel units prepared for an offensive on the port.", "prepared", "MOBILIZE"),
        ("Rwanda pledged to send aid to the refugees.", "pledged", "AGREE"),
        # more rows
        ("Israel cut off electricity to the besieged district.", "cut", "COERCE"),
        ("The treasury released funds to the provinces.", "released", "AID"),
        ("Beijing restricted exports of rare earths to Japan.", "restricted", "SANCTION"),
        ("The opposition held the minister responsible for the deaths.", "held", "ACCUSE"),
        ("Tehran brushed aside the criticism from Paris.", "brushed", "REJECT"),
        ("The king greeted the visiting Omani delegation.", "greeted", "CONSULT"),
        ("The president refused to disclose the medical records.", "refused", "REJECT"),
        # predicate adjectives read like verbs: "is willing to", "is ready to", "unwilling to"
        ("Norway is willing to send equipment to Riyadh.", "willing", "AGREE"),
        ("The king said he was ready to host a meeting of the two sides.", "ready", "AGREE"),
        ("Kyiv is unwilling to cede territory.", "unwilling", "REJECT"),
        ("The envoy briefed the Security Council on the talks.", "briefed", "CONSULT"),
        ("Macron extended his condolences to the Turkish people.", "extended", "SUPPORT"),
        ("Germany took in a million refugees.", "took", "AID"),
        ("Police took the opposition leader into custody.", "took", "COERCE"),
        ("Authorities let the aid convoy into the town.", "let", "RETREAT"),
        ("Israel let aid trucks enter the north.", "let", "RETREAT"),
        ("Baghdad allowed the inspectors to visit the sites.", "allowed", "RETREAT"),
        ("Protesters burned an effigy of the president.", "burned", "PROTEST"),
        ("Helicopters dropped barrel bombs on the district.", "dropped", "ASSAULT"),
        ("The senator attacked the government's policy on migration.", "attacked", "ACCUSE"),
        ("The regime jammed foreign radio broadcasts.", "jammed", "COERCE"),
        ("The rebels handed over their weapons to the monitors.", "handed", "RETREAT"),
        ("The rebels returned the seized weapons to the peacekeepers.", "returned", "RETREAT"),
        ("Riyadh mobilized lobby groups in Washington.", "mobilized", "SUPPORT"),
        ("The UN appealed for calm in the capital.", "appealed", "REQUEST"),
        ("The general committed atrocities in the north.", "committed", "ASSAULT"),
        ("Demonstrators demanded the release of the prisoners, including a number of women.", "demanded", "REQUEST"),
        # a verb in a relative clause reaches the noun it modifies
        ("He criticized the sanctions that Washington imposed on Moscow.", "imposed", "SANCTION"),
        ("The UN inspected the aid delivered to Gaza.", "delivered", "AID"),
        # a demand with a named owner needs no support verb
        ("Talks stalled over Pyongyang's demand for sanctions relief.", "demand", "REQUEST"),
        ("Any attack will be responded to with full force.", "responded", "ASSAULT"),
        ("Israel retaliated against the militants.", "retaliated", "ASSAULT"),
        ("Biden tried to establish a strategic dialogue with China.", "establish", "SUPPORT"),
        # withdrawing observers or peacekeepers reduces relations (SANCTION); troops retreat
        ("The UN withdrew its inspectors from Iraq.", "withdrew", "SANCTION"),
        ("Nigeria withdrew its peacekeeping force from Chad.", "withdrew", "SANCTION"),
        ("Russia withdrew its troops from the border.", "withdrew", "RETREAT"),
        ("The rebels said they were ready to fight to the end.", "ready", "THREATEN"),
        ("Delegations from both sides sat down for talks in Doha.", "sat", "CONSULT"),
        ("The envoy shuttled between Riyadh and Tehran.", "shuttled", "CONSULT"),
        ("Macron flew to Beijing for a state visit.", "flew", "CONSULT"),
        ("Leaders of the G7 gathered in Hiroshima for their annual summit.", "gathered", "CONSULT"),
        ("Students staged a sit-in at the university.", "staged", "PROTEST"),
        ("The two sides carried out a prisoner exchange on Friday.", "exchange", "RETREAT"),
        ("Egypt chaired a meeting of Arab foreign ministers.", "meeting", "CONSULT"),
        ("Iranian hackers launched a cyber attack on Israeli banks.", "launched", "COERCE"),
        ("The group carried out a ransomware attack on the hospital.", "attack", "COERCE"),
        ("Hackers attacked the websites of three ministries.", "attacked", "COERCE"),
        ("Russian missiles attacked the power grid.", "attacked", "ASSAULT"),
        ("Saudi Arabia deposited $3 billion in Pakistan's central bank.", "deposited", "AID"),
        ("Turkey sent rescue teams to Syria after the earthquake.", "sent", "AID"),
        ("Britain will give Ukraine 100 million pounds in military aid.", "give", "AID"),
        ("The government agreed to the protesters' demands.", "agreed", "CONCEDE"),
        ("A military court found the colonel guilty of treason.", "found", "SANCTION"),
        ("Truckers blockaded the border crossing.", "blockaded", "PROTEST"),
        ("Police cordoned off the city center.", "cordoned", "COERCE"),
        ("The regime blocked access to social media.", "blocked", "COERCE"),
        ("Erdogan received a phone call from Putin.", "received", "CONSULT"),
    ],
)  # fmt: skip
def test_trigger_types(text: str, word: str, kind: str) -> None:
    assert _types(text).get(word) == kind, _types(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The spokesman declined to comment on the report.", "declined"),
        ("The ministry refused to confirm the figures.", "refused"),
        ("The president talked about the economy at length.", "talked"),
        ("The governor talked to reporters after the vote.", "talked"),
        ("The company will appeal the ruling.", "appeal"),
        ("The reporter asked questions about the budget.", "asked"),
        ("The city hosted a music festival last week.", "hosted"),
        ("The government met its deficit target.", "met"),
        ("The train was traveling to Peshawar when it stopped.", "traveling"),
        ("Five people were killed in the crash near the airport.", "killed"),
        ("Farmers will be hit hardest by the drought.", "hit"),
        ("An emergency was declared at the hospital to receive the injured.", "declared"),
        ("The ministry released a report on trade.", "released"),
        ("The campaign released an ad on Friday.", "released"),
        ("Exports hit a record high in March.", "hit"),
        ("The candidate seized on the remarks.", "seized"),
        ("The plan was met with opposition in parliament.", "met"),
        ("The party will target young voters.", "target"),
        ("The newspaper is free to publish the letters.", "free"),
        ("She occupies a key position in the cabinet.", "occupies"),
        ("Asked about the report, the minister smiled.", "Asked"),
        ("In the past, he has given two conditions for talks.", "given"),
        ("The UN warned of famine in the north.", "warned"),
        ("Troops defended the city for weeks.", "defended"),
        ("Uncertainty hangs over the talks.", "hangs"),
        ("The minister struck a conciliatory tone.", "struck"),
        ("The photograph captured the attention of the world.", "captured"),
        ("He is always willing to do that.", "willing"),
        ("He worked as an inspector with the ministry.", "worked"),
        ("The bank released an analysts' note on growth.", "released"),
        ("The lawyer said he would appeal.", "appeal"),
        ("The judge believes he probably committed a crime.", "committed"),
        ("The ministry published the report released on Monday.", "released"),
        ("Burma's bipartisan appeal has grown.", "appeal"),
        ("The demand for oil has grown.", "demand"),
        ("The aide was ready to strike out on his own.", "ready"),
        ("The campaign is locking up the support of unions.", "locking"),
        ("The steelmaker will share quarterly data.", "share"),
        ("The volatility index shot up 16 percent.", "shot"),
        ("Activists are fighting the deal in court.", "fighting"),
        ("Her aides sought to downplay the visit.", "sought"),
        ("The bank offers digital services to customers.", "offers"),
        ("The former minister filed an appeal against the verdict.", "appeal"),
        ("Only four NATO members meet the bar.", "meet"),
        ("Prices surged after the storm hit the coast.", "hit"),
        ("The earthquake killed 300 people in the region.", "killed"),
        ("His approval rating declined slightly to 54 percent.", "declined"),
    ],
)  # fmt: skip
def test_non_events(text: str, word: str) -> None:
    assert word not in _types(text), _types(text)


def test_dates_do_not_satisfy_a_preposition() -> None:
    """ "fired on Sunday" is not firing on anyone; "fired on the crowd" is."""
    rows = [r for r in load_triggers()[("fire", "VERB")] if "on" in r.with_]
    assert rows, "the lexicon should have a row for firing on someone"
    assert _types("Soldiers fired on the crowd.").get("fired") == "ASSAULT"
    doc = _nlp()("The navy fired on Sunday.")
    matched = [t.matched for sent in doc.sents for t in find_triggers(sent) if t.token.text == "fired"]
    assert all(m is None or m.lower_ != "on" for m in matched)


def test_none_rows_are_not_trigger_rows() -> None:
    rows = [row for rows in load_triggers().values() for row in rows]
    assert all(row.type != "NONE" for row in rows)
    assert ("talk", "VERB") in load_triggers()


def test_nominal_trigger_under_go_needs_ahead() -> None:
    assert "ban" not in _types("The ban is going to hurt the farmers.")
    assert _types("The talks went ahead in Doha.").get("talks") == "CONSULT"


def test_complaint_names_whom_it_is_about_first() -> None:
    row = load_triggers()[("complain", "VERB")][-1]
    assert row.recipient[0] == "pobj:about" and "pobj:over" in row.recipient
    assert row.recipient.index("pobj:over") < row.recipient.index("pobj:to")
