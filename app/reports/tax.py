"""The tax view for the office's accountant: office revenue (net of VAT) and VAT per Jalali month
and for the year, split by VAT rate (1403–1404 at 10%, 1405 may differ), net of voids."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.jalali import jalali_month_range
from app.reports.access import Cancel, Progress, check_cancel, reports_staff
from app.reports.periods import month_name
from app.services.common import Actor
from app.services.totals import Totals, day_range_totals


@dataclass(frozen=True)
class RateLine:
    vat_bp: int  # basis points: 1000 = 10%
    office: int
    vat: int


@dataclass(frozen=True)
class TaxMonth:
    year: int
    month: int
    label: str
    first: dt.date
    last: dt.date
    totals: Totals
    by_rate: tuple[RateLine, ...]


@dataclass(frozen=True)
class TaxYear:
    year: int
    months: tuple[TaxMonth, ...]  # all twelve, empty ones included
    totals: Totals
    by_rate: tuple[RateLine, ...]


_RATES = ("SELECT l.vat_bp, SUM(l.office_amount), SUM(l.vat_amount) FROM {source} "
          "WHERE {where} GROUP BY l.vat_bp")
_SALES = ("txn t JOIN txn_line l ON l.txn_id = t.id", "t.business_day BETWEEN :a AND :b")
_VOIDS = ("void v JOIN txn_line l ON l.txn_id = v.txn_id", "v.business_day BETWEEN :a AND :b")


def _rates(session: Session, first: dt.date, last: dt.date) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    params = {"a": first.isoformat(), "b": last.isoformat()}
    for sign, (source, where) in ((1, _SALES), (-1, _VOIDS)):
        for rate, office, vat in session.execute(text(_RATES.format(source=source, where=where)), params):
            row = out.setdefault(int(rate), [0, 0])
            row[0] += sign * int(office)
            row[1] += sign * int(vat)
    return out


def _lines(rates: dict[int, list[int]]) -> tuple[RateLine, ...]:
    return tuple(RateLine(rate, v[0], v[1]) for rate, v in sorted(rates.items()) if v != [0, 0])


def tax_year(db: Database, actor: Actor, year: int, *, progress: Progress | None = None,
             cancel: Cancel | None = None) -> TaxYear:
    """Office revenue and VAT of each month of a Jalali year (owner and managers only)."""
    months = []
    year_rates: dict[int, list[int]] = {}
    with db.read() as session:
        reports_staff(session, actor)
        for month in range(1, 13):
            check_cancel(cancel)
            first, last = jalali_month_range(year, month)
            rates = _rates(session, first, last)
            for rate, (office, vat) in rates.items():
                row = year_rates.setdefault(rate, [0, 0])
                row[0] += office
                row[1] += vat
            months.append(TaxMonth(year, month, month_name(year, month), first, last,
                                   day_range_totals(session, first, last), _lines(rates)))
            if progress is not None:
                progress(month, 12)
    total = sum((m.totals for m in months), Totals())
    return TaxYear(year, tuple(months), total, _lines(year_rates))
