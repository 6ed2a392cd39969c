from __future__ import annotations

from eventwire.evaluate import max_matching, score, type_ok


def _e(kind: str, actor: list[str | None], recipient: list[str | None] = (), **extra: object) -> dict:
    return {
        "type": kind,
        "actor": [{"country": c} for c in actor],
        "recipient": [{"country": c} for c in recipient],
        **extra,
    }


def test_matching_is_maximum_not_greedy() -> None:
    preds = [_e("ACCUSE", ["RUS"]), _e("ACCUSE", ["USA"])]
    golds = [_e("ACCUSE", ["RUS", "USA"]), _e("ACCUSE", ["RUS"])]
    pairs = max_matching(
        preds,
        golds,
        lambda p, g: (
            type_ok(p, g) and bool({e["country"] for e in p["actor"]} & {e["country"] for e in g["actor"]})
        ),
    )
    assert len(pairs) == 2


def test_scores_precision_only_on_exhaustive_documents_and_counts_ruled_out() -> None:
    gold = [
        {
            "id": "a",
            "exhaustive": True,
            "events": [
                _e("REJECT", ["RUS"]),
                _e("REQUEST", ["RUS"], [None], alt_types=["ACCUSE"]),
                _e("AGREE", ["RUS"], negated=True),
            ],
        },
        {"id": "b", "exhaustive": False, "events": [_e("ASSAULT", ["ISR"], ["PSE"])]},
    ]
    preds = {
        "a": [_e("REJECT", ["RUS"]), _e("ACCUSE", ["RUS"], ["USA"]), _e("AGREE", ["RUS"])],
        "b": [_e("ASSAULT", ["ISR"], ["LBN"]), _e("CONSULT", ["ISR"])],
    }
    s = score(gold, preds)
    assert (s.full.tp, s.full.fp, s.full.fn) == (2, 1, 1)  # b's CONSULT is not counted: b is not exhaustive
    assert s.ruled_out == 1
    assert (s.typed.tp, s.typed.fn) == (3, 0)
    assert s.recipient_checked == 1 and s.recipient_right == 0
    assert s.as_dict()["per_type"]["REJECT"]["f1"] == 1.0


def test_null_gold_country_matches_anything() -> None:
    s = score(
        [{"id": "a", "exhaustive": True, "events": [_e("REQUEST", ["RUS"], [None])]}],
        {"a": [_e("REQUEST", ["RUS"])]},
    )
    assert s.full.tp == 1
