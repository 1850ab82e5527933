"""Jalali periods: the day, the Iranian week (Saturday to Friday), the month, the year, and the
month-sized chunks long reports are computed in (so they can show progress and be cancelled)."""
from __future__ import annotations

import datetime as dt

from app.errors import UserError
from app.i18n import _
from app.jalali import MONTHS_FA, format_jalali_long, jalali_month_range, jalali_year_month
from app.text import to_persian_digits

SATURDAY = 5  # datetime.weekday()
MAX_DAYS = 366 * 30  # a range longer than any office has existed is a typing mistake


def week_range(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day - dt.timedelta(days=(day.weekday() - SATURDAY) % 7)
    return start, start + dt.timedelta(days=6)


def month_range(day: dt.date) -> tuple[dt.date, dt.date]:
    return jalali_month_range(*jalali_year_month(day))


def year_range(day: dt.date) -> tuple[dt.date, dt.date]:
    return jalali_year_range(jalali_year_month(day)[0])


def jalali_year_range(year: int) -> tuple[dt.date, dt.date]:
    return jalali_month_range(year, 1)[0], jalali_month_range(year, 12)[1]


def check_range(first: dt.date, last: dt.date) -> None:
    if last < first:
        raise UserError("The end of the period is before its start.")
    if (last - first).days > MAX_DAYS:
        raise UserError("The period is too long.")


def month_chunks(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """[first, last] cut at Jalali month boundaries, in order."""
    chunks = []
    start = first
    while start <= last:
        end = min(month_range(start)[1], last)
        chunks.append((start, end))
        start = end + dt.timedelta(days=1)
    return chunks


def month_name(year: int, month: int) -> str:
    return f"{MONTHS_FA[month - 1]} {to_persian_digits(str(year))}"


def describe_range(first: dt.date, last: dt.date) -> str:
    """How a period reads in a title: a day, a month, a year, or from … to …."""
    if first == last:
        return format_jalali_long(first)
    year, month = jalali_year_month(first)
    if (first, last) == jalali_month_range(year, month):
        return month_name(year, month)
    if (first, last) == jalali_year_range(year):
        return _("year {year}", year=year)
    return _("from {first} to {last}", first=format_jalali_long(first), last=format_jalali_long(last))

