"""With `--lang en`: the counter's date in English with the Jalali month's English name, and Persian
service names on the favourite keys kept whole (an isolate each), brackets included."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from app.i18n import set_language
from app.services.business_day_info import NextSaleDay
from ui.counter import CounterScreen


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("fa")


def test_the_header_date_is_english(counter: CounterScreen, english: None) -> None:
    day = dt.date(2026, 12, 2)  # 11 Azar 1405
    counter.show_day(NextSaleDay(day, day, 0, None))
    assert counter.day_label.text() == "Wednesday 11 Azar 1405"
    counter.show_day(NextSaleDay(day + dt.timedelta(days=1), day, 0, day))
    assert counter.day_note.isVisible()
    assert counter.day_note.text() == "Wednesday 11 Azar 1405 is already closed: sales are booked on the next business day."


def test_persian_favourite_names_stay_whole_in_an_english_window(counter: CounterScreen, english: None) -> None:
    lines = counter.favourites.label_lines(3, "ثبت‌نام کارت هوشمند ملی (المثنی)", 400)
    assert lines[0].startswith("\u2066F3\u2069")  # the key, left to right
    name = " ".join(line.split("\u2068", 1)[1].rstrip("\u2069") for line in lines)
    assert name == "ثبت‌نام کارت هوشمند ملی (المثنی)"  # all of it, brackets and all
    assert all(line.count("\u2068") == line.count("\u2069") - (1 if i == 0 else 0) for i, line in enumerate(lines))
