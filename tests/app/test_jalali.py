"""Jalali dates on the command line and on receipts; the Tehran business day."""
from __future__ import annotations

import datetime as dt

import pytest
from app_testkit import utc
from hypothesis import given
from hypothesis import strategies as st

from app.errors import UserError
from app.jalali import (
    format_instant,
    format_jalali,
    format_jalali_long,
    jalali_month_range,
    jalali_year_month,
    local_day,
    parse_jalali,
)


def test_1405_09_01() -> None:
    # 1 Farvardin 1405 is 21 March 2026 (the equinox fell after noon in Tehran on the 20th);
    # Azar begins after six months of 31 days and two of 30.
    azar_first = dt.date(2026, 3, 21) + dt.timedelta(days=6 * 31 + 2 * 30)
    assert parse_jalali("1405-09-01") == azar_first == dt.date(2026, 11, 22)
    assert format_jalali(azar_first) == "1405-09-01"
    assert format_jalali(azar_first, persian=True) == "۱۴۰۵-۰۹-۰۱"
    assert format_jalali_long(azar_first) == "یکشنبه ۱ آذر ۱۴۰۵"
    assert jalali_year_month(azar_first) == (1405, 9)
    assert jalali_month_range(1405, 9) == (azar_first, dt.date(2026, 12, 21))


@pytest.mark.parametrize("typed", ["1405-09-01", "1405/09/01", "1405-9-1", "۱۴۰۵-۰۹-۰۱", "١٤٠٥/٠٩/٠١", " 1405-09-01 "])
def test_jalali_input_in_any_digits(typed: str) -> None:
    assert parse_jalali(typed) == dt.date(2026, 11, 22)


def test_leap_years() -> None:
    assert parse_jalali("1403-12-30") == dt.date(2025, 3, 20)  # 1403 is a leap year
    with pytest.raises(UserError):
        parse_jalali("1404-12-30")


@pytest.mark.parametrize("typed", ["1405-13-01", "1405-00-10", "1405-07-31", "1405-09", "14050901", "",
                                   "yesterday", "1405-09-01T00:00", "१४०५-०९-०१"])
def test_bad_jalali_dates_are_refused(typed: str) -> None:
    with pytest.raises(UserError) as err:
        parse_jalali(typed)
    assert err.value.text.startswith("Invalid Jalali date")


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2055, 12, 31)))
def test_round_trip(day: dt.date) -> None:
    assert parse_jalali(format_jalali(day)) == day
    assert parse_jalali(format_jalali(day, persian=True)) == day
    year, month = jalali_year_month(day)
    first, last = jalali_month_range(year, month)
    assert first <= day <= last
    assert 29 <= (last - first).days + 1 <= 31


def test_business_day_turns_at_tehran_midnight() -> None:
    # Tehran is UTC+3:30 all year since 2022.
    assert local_day(utc(2026, 11, 21, 20, 29, 59)) == dt.date(2026, 11, 21)  # 23:59:59 in Tehran
    assert local_day(utc(2026, 11, 21, 20, 30)) == dt.date(2026, 11, 22)      # 00:00 in Tehran
    # ... while in UTC it is still the 21st: the day is Tehran's, not the computer's.
    assert utc(2026, 11, 21, 20, 30).date() == dt.date(2026, 11, 21)


def test_business_day_uses_the_time_zone_rules_of_the_day() -> None:
    # Summer 2021 Tehran still kept daylight time (UTC+4:30).
    assert local_day(utc(2021, 6, 1, 19, 45)) == dt.date(2021, 6, 2)
    assert local_day(utc(2021, 12, 1, 19, 45)) == dt.date(2021, 12, 1)


def test_a_day_may_start_after_midnight() -> None:
    one_am = utc(2026, 11, 21, 21, 30)  # 01:00 in Tehran on the 22nd
    assert local_day(one_am) == dt.date(2026, 11, 22)
    assert local_day(one_am, day_start_hour=2) == dt.date(2026, 11, 21)


def test_instants_are_shown_in_tehran_time() -> None:
    assert format_instant(utc(2026, 11, 21, 20, 31), persian=False) == "1405/09/01 00:01"
    assert format_instant(dt.datetime(2026, 11, 21, 20, 31), persian=False) == "1405/09/01 00:01"  # naive = UTC
