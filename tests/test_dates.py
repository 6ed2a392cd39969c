from __future__ import annotations

from datetime import date

import pytest

from eventwire.events.dates import resolve

PUB = date(2022, 2, 10)  # a Thursday


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("February 4", None, ("--02-04", "month-day")),
        ("on February 4", PUB, ("2022-02-04", "day")),
        ("December 28", PUB, ("2021-12-28", "day")),
        ("Monday", PUB, ("2022-02-07", "day")),
        ("Thursday", PUB, ("2022-02-10", "day")),
        ("yesterday", PUB, ("2022-02-09", "day")),
        ("4 February 2021", None, ("2021-02-04", "day")),
        ("March 2021", None, ("2021-03", "month")),
        ("2019", None, ("2019", "year")),
        ("recent years", PUB, (None, None)),
        ("Monday", None, (None, None)),
        ("last week", PUB, ("2022-01-31", "week")),
        ("earlier this month", PUB, ("2022-02", "month")),
        ("last month", PUB, ("2022-01", "month")),
        ("last year", PUB, ("2021", "year")),
        ("last Thursday", PUB, ("2022-02-03", "day")),
        ("early February", PUB, ("2022-02", "month")),
        ("the end of January", PUB, ("2022-01", "month")),
        ("Tuesday night", PUB, ("2022-02-08", "day")),
    ],
)
def test_resolve(text: str, published: date | None, expected: tuple[str | None, str | None]) -> None:
    assert resolve(text, published) == expected
