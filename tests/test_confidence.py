from __future__ import annotations

import pytest

from eventwire.events import coder
from eventwire.events.coder import MIN_CONFIDENCE
from eventwire.events.confidence import actor_source, confidence, evidence_class, recipient_source
from eventwire.model import Entity
from eventwire.runner import code_text


def test_sources_follow_how_entities_were_resolved() -> None:
    named = (Entity("Russia", "RUS", (), "country", "country:Russia"),)
    inferred = (Entity("He", "RUS", ("GOV",), "person", "coref:last-human:Lavrov"),)
    default = (Entity("the rebels", "SDN", (), "unresolved", "default:home"),)
    assert actor_source(named, "clause") == "named"
    assert actor_source(inferred, "clause") == "inferred"
    assert actor_source(named, "speaker") == "speaker"
    assert recipient_source(()) == "none"
    assert recipient_source(default) == "default"
    assert recipient_source(named) == "named"
    assert evidence_class("verb-q3", "named", "none") == "verb-q3|named|none"


def test_confidence_is_a_probability_and_backs_off_for_unseen_classes() -> None:
    for form in ("verb-q1", "verb-q4", "nominal-q2", "never-seen"):
        for actor in ("named", "inferred", "speaker", "unidentified", "other"):
            value = confidence(form, actor, "none")
            assert 0.0 < value < 1.0
    # an unseen recipient source backs off to the overall rate, whatever the rest of the class
    assert confidence("never-seen", "other", "unseen") == confidence("never-seen-either", "x", "y")


def test_events_below_the_floor_are_kept_only_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Ukraine accused Russia of shelling the city."
    assert code_text(text)
    monkeypatch.setattr(coder, "confidence", lambda *_: MIN_CONFIDENCE / 2)
    assert code_text(text) == []
    kept = code_text(text, min_confidence=0.0)
    assert [e.type for e in kept] == ["ACCUSE"] and kept[0].confidence < MIN_CONFIDENCE
