"""Figures over a scope — a range of business days, or one shift — with their breakdowns.

The one rule (as in app.services.totals): a sale counts on its own business day; a void counts
on the business day it was recorded, reversing the original's amounts there. In a breakdown the
void lands on the original sale's row: its clerk, its services and agencies, its payments.
So every breakdown adds up to the same net totals, exact to the Rial.

Everything is read inside one read transaction (one snapshot). When the caller follows progress
or may cancel, the range is computed a Jalali month at a time, reporting and checking between months.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.i18n import _
from app.jalali import jalali_year_month
from app.payment_methods import METHODS, method_label
from app.reports.access import Cancel, Progress, check_cancel, reports_staff
from app.reports.periods import check_range, month_chunks, month_name
from app.services.common import Actor
from app.services.totals import Totals


@dataclass(frozen=True)
class Breakdown:
    """One row of a breakdown. `count` is sales (visits for a clerk, quantity for a service or an
    agency) before voids, `voids` how many of them were reversed; the money is net of voids."""

    key: str  # stable: service code, agency code, user name
    label: str
    count: int
    voids: int
    agency: int
    office: int
    vat: int
    total: int
    group: str = ""  # a service's agency

    @property
    def net_count(self) -> int:
        return self.count - self.voids


@dataclass(frozen=True)
class PaymentLine:
    method: str
    label: str
    count: int
    voids: int
    amount: int  # net of voided sales' payments

    @property
    def net_count(self) -> int:
        return self.count - self.voids


@dataclass(frozen=True)
class DayLine:
    day: dt.date
    totals: Totals


@dataclass(frozen=True)
class MonthLine:
    year: int
    month: int
    label: str
    first: dt.date
    last: dt.date
    totals: Totals


@dataclass(frozen=True)
class Figures:
    first: dt.date
    last: dt.date
    totals: Totals
    by_clerk: tuple[Breakdown, ...]
    by_desk: tuple[Breakdown, ...]  # one row per counter (desk); a single-desk office has one
    by_method: tuple[PaymentLine, ...]
    by_agency: tuple[Breakdown, ...]
    by_service: tuple[Breakdown, ...]
    by_day: tuple[DayLine, ...]  # days with any sale or void, in order
    by_month: tuple[MonthLine, ...]  # every Jalali month of the range, in order

    @property
    def empty(self) -> bool:
        return self.totals.visits == 0 and self.totals.voids == 0


@dataclass(frozen=True)
class Scope:
    """Which sales and which voids: SQL conditions on `txn t` and `void v`."""

    sales: str
    voids: str
    params: dict[str, Any]

    @classmethod
    def days(cls, first: dt.date, last: dt.date) -> Scope:
        return cls("t.business_day BETWEEN :a AND :b", "v.business_day BETWEEN :a AND :b",
                   {"a": first.isoformat(), "b": last.isoformat()})

    @classmethod
    def shift(cls, shift_id: int) -> Scope:
        return cls("t.shift_id = :s", "v.shift_id = :s", {"s": shift_id})


_MONEY = "SUM({p}.agency_total), SUM({p}.office_total), SUM({p}.vat_total), SUM({p}.grand_total)"
_LINES = "SUM(l.quantity), SUM(l.agency_amount), SUM(l.office_amount), SUM(l.vat_amount), SUM(l.line_total)"
SQL = {
    "sales_by_day_clerk": f"SELECT t.business_day, t.staff_id, COUNT(*), {_MONEY.format(p='t')} FROM txn t "
                          "WHERE {sales} GROUP BY t.business_day, t.staff_id",
    "voids_by_day_clerk": f"SELECT v.business_day, t.staff_id, COUNT(*), {_MONEY.format(p='v')} FROM void v "
                          "JOIN txn t ON t.id = v.txn_id WHERE {voids} GROUP BY v.business_day, t.staff_id",
    "sales_by_desk": f"SELECT s.desk, COUNT(*), {_MONEY.format(p='t')} FROM txn t JOIN shift s ON s.id = t.shift_id "
                     "WHERE {sales} GROUP BY s.desk",
    "voids_by_desk": f"SELECT s.desk, COUNT(*), {_MONEY.format(p='v')} FROM void v JOIN txn t ON t.id = v.txn_id "
                     "JOIN shift s ON s.id = t.shift_id WHERE {voids} GROUP BY s.desk",
    "sales_by_service": f"SELECT l.service_id, {_LINES} FROM txn t JOIN txn_line l ON l.txn_id = t.id "
                        "WHERE {sales} GROUP BY l.service_id",
    "voids_by_service": f"SELECT l.service_id, {_LINES} FROM void v JOIN txn_line l ON l.txn_id = v.txn_id "
                        "WHERE {voids} GROUP BY l.service_id",
    "sales_by_method": "SELECT p.method, COUNT(*), SUM(p.amount) FROM txn t JOIN payment p ON p.txn_id = t.id "
                       "WHERE {sales} AND p.amount > 0 GROUP BY p.method",
    "voids_by_method": "SELECT p.method, COUNT(*), SUM(p.amount) FROM void v JOIN payment p ON p.txn_id = v.txn_id "
                       "WHERE {voids} AND p.amount > 0 GROUP BY p.method",
}


def _rows(session: Session, name: str, scope: Scope) -> list[Any]:
    sql = SQL[name].format(sales=scope.sales, voids=scope.voids)
    return list(session.execute(text(sql), scope.params).all())


class Accumulator:
    """Sums the scope's rows; `figures()` turns them into labelled, ordered breakdowns."""

    def __init__(self) -> None:
        self.days: dict[str, list[int]] = {}  # iso day -> visits, voids, agency, office, vat, grand
        self.clerks: dict[int, list[int]] = {}  # staff id -> count, voids, agency, office, vat, total
        self.desks: dict[str, list[int]] = {}  # desk name -> count, voids, agency, office, vat, total
        self.services: dict[int, list[int]] = {}  # service id -> quantity, voided quantity, money…
        self.methods: dict[str, list[int]] = {}  # method -> count, voids, amount

    def add(self, session: Session, scope: Scope) -> None:
        for day, staff, count, *money in _rows(session, "sales_by_day_clerk", scope):
            _plus(self.days, day, count, 0, money)
            _plus(self.clerks, staff, count, 0, money)
        for day, staff, count, *money in _rows(session, "voids_by_day_clerk", scope):
            _plus(self.days, day, 0, count, money, sign=-1)
            _plus(self.clerks, staff, 0, count, money, sign=-1)
        for desk, count, *money in _rows(session, "sales_by_desk", scope):
            _plus(self.desks, desk, count, 0, money)
        for desk, count, *money in _rows(session, "voids_by_desk", scope):
            _plus(self.desks, desk, 0, count, money, sign=-1)
        for service, quantity, *money in _rows(session, "sales_by_service", scope):
            _plus(self.services, service, quantity, 0, money)
        for service, quantity, *money in _rows(session, "voids_by_service", scope):
            _plus(self.services, service, 0, quantity, money, sign=-1)
        for method, count, amount in _rows(session, "sales_by_method", scope):
            row = self.methods.setdefault(method, [0, 0, 0])
            row[0] += count
            row[2] += amount
        for method, count, amount in _rows(session, "voids_by_method", scope):
            row = self.methods.setdefault(method, [0, 0, 0])
            row[1] += count
            row[2] -= amount

    def add_closed(self, session: Session, first: dt.date, last: dt.date) -> None:
        """A closed day's breakdowns as its day close froze them (app/ledger/summaries.py): the same
        rows `add` computes from every sale, read from a few dozen rows a day."""
        rows = session.execute(text(
            "SELECT business_day, kind, key, count, voids, agency, office, vat, total FROM day_summary "
            "WHERE business_day BETWEEN :a AND :b"), {"a": first.isoformat(), "b": last.isoformat()}).all()
        for day, kind, key, count, voids, *money in rows:
            if kind == "clerk":
                _plus(self.days, day, count, voids, money)
                _plus(self.clerks, int(key), count, voids, money)
            elif kind == "desk":
                _plus(self.desks, key, count, voids, money)
            elif kind == "service":
                _plus(self.services, int(key), count, voids, money)
            else:
                row = self.methods.setdefault(key, [0, 0, 0])
                row[0] += count
                row[1] += voids
                row[2] += money[3]

    def figures(self, session: Session, first: dt.date, last: dt.date) -> Figures:
        days = tuple(DayLine(dt.date.fromisoformat(d), Totals(*v)) for d, v in sorted(self.days.items()))
        total = sum((line.totals for line in days), Totals())
        labels = _Labels(session)
        clerks = tuple(labels.clerk(sid, v) for sid, v in sorted(self.clerks.items()))
        services = tuple(sorted((labels.service(sid, v) for sid, v in self.services.items()), key=lambda b: b.key))
        agencies: dict[int, list[int]] = {}
        for sid, v in self.services.items():
            _plus(agencies, labels.agency_of(sid), v[0], v[1], v[2:])
        by_agency = tuple(sorted((labels.agency(aid, v) for aid, v in agencies.items()), key=lambda b: b.key))
        desks = tuple(_breakdown(name, name or _("this desk"), v) for name, v in sorted(self.desks.items()))
        return Figures(first, last, total, clerks, desks, tuple(_payment_lines(self.methods)), by_agency, services,
                       days, tuple(_months(days, first, last)))


def _plus(table: dict[Any, list[int]], key: Any, count: int, voids: int, money: list[int], sign: int = 1) -> None:
    row = table.setdefault(key, [0, 0, 0, 0, 0, 0])
    row[0] += count
    row[1] += voids
    for i, amount in enumerate(money, start=2):
        row[i] += sign * int(amount)


class _Labels:
    """Names as the catalogue and staff list say them now (codes and ids are stable)."""

    def __init__(self, session: Session) -> None:
        self.staff = {r[0]: (r[1], r[2]) for r in session.execute(text("SELECT id, username, full_name FROM staff"))}
        self.services = {r[0]: (r[1], r[2], r[3]) for r in session.execute(text(
            "SELECT id, code, name, agency_id FROM service"))}
        self.agencies = {r[0]: (r[1], r[2]) for r in session.execute(text("SELECT id, code, name FROM agency"))}

    def clerk(self, staff_id: int, v: list[int]) -> Breakdown:
        username, name = self.staff.get(staff_id, (str(staff_id), str(staff_id)))
        return _breakdown(username, name, v)

    def agency_of(self, service_id: int) -> int:
        return self.services[service_id][2] if service_id in self.services else -1

    def agency(self, agency_id: int, v: list[int]) -> Breakdown:
        code, name = self.agencies.get(agency_id, ("?", "?"))
        return _breakdown(code, name, v)

    def service(self, service_id: int, v: list[int]) -> Breakdown:
        code, name, agency_id = self.services.get(service_id, (str(service_id), "?", -1))
        return _breakdown(code, name, v, self.agencies.get(agency_id, ("?", "?"))[1])


def _breakdown(key: str, label: str, v: list[int], group: str = "") -> Breakdown:
    return Breakdown(key, label, v[0], v[1], v[2], v[3], v[4], v[5], group)


def _payment_lines(methods: dict[str, list[int]]) -> list[PaymentLine]:
    order = [m for m in METHODS if m in methods] + sorted(set(methods) - set(METHODS))
    return [PaymentLine(m, method_label(m), *methods[m]) for m in order]


def _months(days: tuple[DayLine, ...], first: dt.date, last: dt.date) -> list[MonthLine]:
    keys = [line.day for line in days]
    months = []
    for a, b in month_chunks(first, last):
        inside = days[bisect_left(keys, a):bisect_right(keys, b)]
        year, month = jalali_year_month(a)
        months.append(MonthLine(year, month, month_name(year, month), a, b,
                                sum((line.totals for line in inside), Totals())))
    return months


def compute_days(session: Session, first: dt.date, last: dt.date, *, progress: Progress | None = None,
                 cancel: Cancel | None = None) -> Figures:
    """Figures of [first, last] in the caller's session (no permission check: callers do it).

    With a progress or cancel callback the range goes a Jalali month at a time; without, in one
    pass (a quarter faster on a year).
    """
    check_range(first, last)
    acc = Accumulator()
    chunks = month_chunks(first, last) if progress or cancel else [(first, last)]
    for done, (a, b) in enumerate(chunks, start=1):
        check_cancel(cancel)
        add_days(session, acc, a, b)
        if progress is not None:
            progress(done, len(chunks))
    check_cancel(cancel)
    return acc.figures(session, first, last)


def add_days(session: Session, acc: Accumulator, first: dt.date, last: dt.date) -> None:
    """Closed days from their frozen summaries, the others (today, days never closed) from the sales:
    the cost grows with the number of days, not of sales."""
    closed = {dt.date.fromisoformat(d) for (d,) in session.execute(text(
        "SELECT business_day FROM day_close WHERE business_day BETWEEN :a AND :b"),
        {"a": first.isoformat(), "b": last.isoformat()})}
    if closed:
        acc.add_closed(session, first, last)
    for a, b in open_runs(first, last, closed):
        acc.add(session, Scope.days(a, b))


def open_runs(first: dt.date, last: dt.date, closed: set[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """The runs of consecutive days in [first, last] that are not closed."""
    runs: list[tuple[dt.date, dt.date]] = []
    day, start = first, None
    while day <= last:
        if day in closed:
            if start is not None:
                runs.append((start, day - dt.timedelta(days=1)))
                start = None
        elif start is None:
            start = day
        day += dt.timedelta(days=1)
    if start is not None:
        runs.append((start, last))
    return runs


def period_figures(db: Database, actor: Actor, first: dt.date, last: dt.date, *,
                   progress: Progress | None = None, cancel: Cancel | None = None) -> Figures:
    """Totals and breakdowns of a range of business days (owner and managers only)."""
    check_range(first, last)
    with db.read() as session:
        reports_staff(session, actor)
        return compute_days(session, first, last, progress=progress, cancel=cancel)


def day_figures(db: Database, actor: Actor, day: dt.date) -> Figures:
    return period_figures(db, actor, day, day)
