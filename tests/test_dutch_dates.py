"""Dates are read the way Dutch people write them, and every form reads back to itself."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaart_tui.dutch import DAYS, MONTHS, long_date, parse_date
from kaart_tui.errors import DomainError

TODAY = date(2026, 12, 2)


def written_forms(day: date) -> list[str]:
    month = MONTHS[day.month - 1]
    return [
        f"{day.day}-{day.month}-{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year % 100:02d}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day}.{day.month}.{day.year}",
        f"{day.day} {month} {day.year}",
        f"{day.day} {month[:3]} {day.year}",
        day.isoformat(),
        long_date(day),
        f"{DAYS[day.weekday()][:2]} {day.day} {month} {day.year}",
    ]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_written_form_parses_back_to_the_same_day(day: date) -> None:
    for text in written_forms(day):
        assert parse_date(text, TODAY) == day, text


@given(st.dates(min_value=TODAY, max_value=TODAY + timedelta(days=364)))
def test_a_date_without_a_year_is_the_next_such_day(day: date) -> None:
    month = MONTHS[day.month - 1]
    for text in (f"{day.day}/{day.month}", f"{day.day}-{day.month}", f"{day.day} {month}",
                 f"{day.day} {month[:3]}"):
        assert parse_date(text, TODAY) == day, text


@pytest.mark.parametrize("text", ["1 februarie 2027", "31-2-2027", "morgenochtend", "13/13",
                                  "zondag 1 februari 2027", "x" * 5000],
                         ids=lambda text: text[:20])
def test_what_is_not_a_date_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_date(text, TODAY)
    message = str(refused.value)
    assert "datum" in message or "geen zondag" in message
    assert len(message) < 200


def test_empty_and_words_for_today_and_tomorrow() -> None:
    assert parse_date("", TODAY) == TODAY
    assert parse_date(" Vandaag ", TODAY) == TODAY
    assert parse_date("morgen", TODAY) == date(2026, 12, 3)
