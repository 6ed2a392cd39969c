from __future__ import annotations

import pytest

from eventwire.ontology import DEFAULT_CAMEO, PLOVER_TYPES, cameo_table, lookup, quad_class


def test_every_type_has_a_default_code_of_its_own_type() -> None:
    table = cameo_table()
    for kind in PLOVER_TYPES:
        assert table[DEFAULT_CAMEO[kind]].type == kind


@pytest.mark.parametrize(
    ("code", "quad"),
    [("036", 1), ("057", 1), ("073", 2), ("084", 2), ("112", 3), ("138", 3), ("145", 4), ("190", 4)],
)
def test_quad_class(code: str, quad: int) -> None:
    assert quad_class(code) == quad


def test_lookup_prefers_given_code_then_mode_then_type() -> None:
    assert lookup("111", "ACCUSE").code == "111"
    assert lookup(None, "ASSAULT", "abduct").code == "181"
    assert lookup("999", "REJECT").code == "120"
    assert lookup(None, "ASSAULT").goldstein == -10.0


def test_goldstein_weights_are_in_range_and_signed_by_quad() -> None:
    for record in cameo_table().values():
        assert -10 <= record.goldstein <= 10
        if record.quad_class in (3, 4):
            assert record.goldstein < 0
        else:
            assert record.goldstein > 0
