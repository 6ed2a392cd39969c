"""Quality floors on the shared development gold (skipped when ../shared is absent).

Like trafilatura's extraction gate: a change that lowers event coding below these floors fails CI.
The floors sit a little under the figures in the README so that small, honest trade-offs stay possible.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluate import evaluate_file

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "expected.jsonl"
GSR = SHARED / "gold" / "plover-gsr.jsonl"
NEWS = SHARED / "gold" / "news-dev.jsonl"


def _need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not available")


def test_seed_article() -> None:
    _need(SEED)
    scores = evaluate_file(SEED)
    assert scores.full.tp >= 7
    assert scores.ruled_out == 0


def test_plover_gold_standard_records() -> None:
    _need(GSR)
    scores = evaluate_file(GSR)
    assert scores.typed.recall >= 0.83
    assert scores.full.recall >= 0.68
    assert scores.actor_right / scores.actor_checked >= 0.89
    assert scores.recipient_right / scores.recipient_checked >= 0.85


def test_real_news() -> None:
    _need(NEWS)
    scores = evaluate_file(NEWS)
    assert scores.full.f1 >= 0.56
    assert scores.full.precision >= 0.67
