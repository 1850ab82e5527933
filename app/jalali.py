"""Dates: UTC instants stored, the business day is Asia/Tehran local time, shown in Jalali.

jdatetime (imported where used: the record path needs none of it) is the one converter for stored logic (Qt's Jalali calendar disagrees from 2058 on).
"""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from app.errors import UserError
from app.text import for_message, to_ascii_digits, to_persian_digits

TEHRAN = ZoneInfo("Asia/Tehran")
_JALALI = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})")

MONTHS_FA = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
             "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
# Monday=0 .. Sunday=6, as datetime.weekday().
WEEKDAYS_FA = ["دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"]
# The Jalali months as English-speaking users of Iranian dates write them.
MONTHS_EN = ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
             "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_local(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.UTC)
    return instant.astimezone(TEHRAN)


def local_day(instant: dt.datetime, day_start_hour: int = 0) -> dt.date:
    """The business day an instant falls in (a day may start after midnight)."""
    return (to_local(instant) - dt.timedelta(hours=day_start_hour)).date()


def parse_jalali(text: str) -> dt.date:
    """'1405-09-01' (any digit script) to a Gregorian date."""
    import jdatetime
    m = _JALALI.fullmatch(to_ascii_digits(text.strip()))
    if not m:
        raise UserError("Invalid Jalali date (expected YYYY-MM-DD): {value}", value=for_message(text))
    year, month, mday = map(int, m.groups())
    if not 1300 <= year <= 1500:  # a Gregorian date typed by mistake (2026-11-22) is refused
        raise UserError("Invalid Jalali date (expected YYYY-MM-DD): {value}", value=for_message(text))
    try:
        day: dt.date = jdatetime.date(year, month, mday).togregorian()
    except ValueError:
        raise UserError("Invalid Jalali date (expected YYYY-MM-DD): {value}", value=for_message(text)) from None
    return day


def format_jalali(day: dt.date, *, persian: bool = False) -> str:
    import jdatetime
    text = jdatetime.date.fromgregorian(date=day).strftime("%Y-%m-%d")
    return to_persian_digits(text) if persian else text


def format_jalali_long(day: dt.date, *, persian: bool | None = None) -> str:
    """'چهارشنبه ۱۱ آذر ۱۴۰۵', or 'Wednesday 11 Azar 1405' in English (default: the current language)."""
    import jdatetime
    if persian is None:
        from app.i18n import language

        persian = language() == "fa"
    j = jdatetime.date.fromgregorian(date=day)
    if not persian:
        return f"{WEEKDAYS_EN[day.weekday()]} {j.day} {MONTHS_EN[j.month - 1]} {j.year}"
    return to_persian_digits(f"{WEEKDAYS_FA[day.weekday()]} {j.day} {MONTHS_FA[j.month - 1]} {j.year}")


def format_instant(instant: dt.datetime, *, persian: bool = True) -> str:
    import jdatetime
    local = to_local(instant)
    j = jdatetime.datetime.fromgregorian(datetime=local.replace(tzinfo=None))
    text = j.strftime("%Y/%m/%d %H:%M")
    return to_persian_digits(text) if persian else text


def jalali_month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    import jdatetime
    first = jdatetime.date(year, month, 1)
    nxt = jdatetime.date(year + (month == 12), month % 12 + 1, 1)
    return first.togregorian(), nxt.togregorian() - dt.timedelta(days=1)


def jalali_year_month(day: dt.date) -> tuple[int, int]:
    import jdatetime
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month
