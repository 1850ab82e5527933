"""For any sequence of sales, voids, shift closes and day closes made through the real services,
every report's totals equal the sum of its transactions, day reports add up to the period, and
agency money + office fee + VAT = total, exact to the Rial, in every row of every breakdown.
Visits are counted one way everywhere: sales less the voids recorded in the same scope (the rule
the money follows), in the summary, the day/month/clerk tables, the tax view, the dashboard, the
shift list and the X/Z report."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reports_testkit import FIXED, INCLUDED, NAMES, NATIONAL_IDS, VARIABLE, Counter, actor, clone, ledger_totals
from sqlalchemy import text

from app.db import Database, open_database
from app.errors import UserError
from app.reports.dashboard import dashboard
from app.reports.document import Report, ReportSpec, build_report, clerks_table, days_table, months_table, tax_table
from app.reports.export import csv_rows
from app.reports.figures import Breakdown, Figures, day_figures, period_figures
from app.reports.history import HistoryFilter, history_count, history_page
from app.reports.shift_figures import list_shifts, shift_figures
from app.reports.tax import tax_year
from app.services.dayclose import close_day
from app.services.sales import LineRequest, PaymentRequest
from app.services.shifts import shift_report
from app.services.totals import Totals, shift_totals
from app.services.voids import void_sale

line = st.one_of(
    st.builds(LineRequest, st.sampled_from(FIXED + (INCLUDED,)), st.integers(1, 3)),
    st.builds(lambda q, fee: LineRequest(VARIABLE, q, agency_fee=fee), st.integers(1, 2),
              st.integers(0, 5_000_000)),
)
payment = st.sampled_from([(PaymentRequest("cash"),), (PaymentRequest("card"),), (PaymentRequest("transfer"),),
                           (PaymentRequest("card", 1000), PaymentRequest("cash"))])
sale = st.tuples(st.just("sale"), st.sampled_from(["clerk1", "clerk2"]), st.lists(line, min_size=1, max_size=3),
                 payment, st.integers(0, 3))
void = st.tuples(st.just("void"), st.integers(0, 100))
close = st.tuples(st.just("close_shift"), st.sampled_from(["clerk1", "clerk2"]))
next_day = st.tuples(st.just("next_day"), st.booleans())  # True: close the day first
operations = st.lists(st.one_of(sale, sale, sale, void, close, next_day), min_size=1, max_size=18)


def _run(db: Database, ops: list[tuple]) -> list[int]:
    owner = actor(db, "owner")
    counter = Counter(db)
    receipts: list[int] = []
    for op in ops:
        if op[0] == "sale":
            _kind, clerk, lines, pays, who = op
            name, nid = (NAMES[who], NATIONAL_IDS[who]) if who < 3 else ("", "")
            receipts.append(counter.sell(clerk, tuple(lines), pays, nid, name).receipt_number)
        elif op[0] == "void" and receipts:
            try:
                void_sale(db, owner, receipts[op[1] % len(receipts)], "ثبت اشتباه", at=counter.tick())
            except UserError:
                pass  # already void: refused, nothing changed
        elif op[0] == "close_shift":
            counter.close(op[1])
        elif op[0] == "next_day":
            if op[1]:
                counter.close_all()
                close_day(db, owner, at=counter.tick())
            counter.tick(24 * 60)
    return receipts


def _money_ok(row: Breakdown | Totals) -> bool:
    total = row.total if isinstance(row, Breakdown) else row.grand
    return row.agency + row.office + row.vat == total


def _sums(rows: tuple[Breakdown, ...]) -> tuple[int, int, int, int]:
    return (sum(r.agency for r in rows), sum(r.office for r in rows), sum(r.vat for r in rows),
            sum(r.total for r in rows))


def _check_figures(f: Figures, expected: dict[str, int]) -> None:
    t = f.totals
    assert (t.visits, t.voids, t.agency, t.office, t.vat, t.grand) == tuple(expected.values())
    assert _money_ok(t)
    whole = (t.agency, t.office, t.vat, t.grand)
    for rows in (f.by_service, f.by_agency, f.by_clerk, f.by_desk):
        assert _sums(rows) == whole
        assert all(_money_ok(r) for r in rows)
    assert sum(c.count for c in f.by_clerk) == t.visits and sum(c.voids for c in f.by_clerk) == t.voids
    assert sum(p.amount for p in f.by_method) == t.grand
    assert sum((d.totals for d in f.by_day), Totals()) == t
    assert sum((m.totals for m in f.by_month), Totals()) == t
    rows = csv_rows(f)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert tuple(map(sum, zip(*[r[4:] for r in rows], strict=True))) == whole if rows else whole == (0, 0, 0, 0)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=operations)
def test_every_report_adds_up(office_template: Path, ops: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(clone(office_template, Path(tmp) / "office.db"))
        try:
            _run(db, ops)
            _check_everything(db)
        finally:
            db.close()


def _check_everything(db: Database) -> None:
    owner = actor(db, "owner")
    with db.read() as s:
        first, last = s.execute(text(
            "SELECT MIN(d), MAX(d) FROM (SELECT business_day d FROM txn UNION ALL SELECT business_day FROM void "
            "UNION ALL SELECT business_day FROM day_close) AS days")).one()
        shift_ids = [r[0] for r in s.execute(text("SELECT id FROM shift"))]
        txn_count = s.execute(text("SELECT COUNT(*) FROM txn")).scalar_one()
        void_count = s.execute(text("SELECT COUNT(*) FROM void")).scalar_one()
    if first is None:
        return
    first, last = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    period = period_figures(db, owner, first, last)
    _check_figures(period, ledger_totals(db, first, last))
    # Day reports add up to the period, and each is its own day's ledger.
    days = Totals()
    day = first
    while day <= last:
        figures = day_figures(db, owner, day)
        _check_figures(figures, ledger_totals(db, day, day))
        assert dashboard(db, owner, day).figures == figures
        days += figures.totals
        day += dt.timedelta(days=1)
    assert days == period.totals
    # Shifts: the same rule as the X/Z report; every sale belongs to exactly one shift.
    shifts = [shift_figures(db, owner, sid) for sid in shift_ids]
    for shift in shifts:
        assert shift.figures.totals == _shift_totals(db, shift.summary.shift_id)
        assert _sums(shift.figures.by_service) == (shift.figures.totals.agency, shift.figures.totals.office,
                                                   shift.figures.totals.vat, shift.figures.totals.grand)
    assert sum(s.figures.totals.visits for s in shifts) == txn_count
    assert {s.shift_id for s in list_shifts(db, owner, first - dt.timedelta(days=1), last)} == set(shift_ids)
    # The report document carries the same figures; the tax view's year is the period's sum.
    report = build_report(db, owner, ReportSpec("period", first, last))
    assert report.figures == period
    net = txn_count - void_count
    assert _visits_shown(report) == {net}
    for i, shift in enumerate(shifts):
        s = shift.summary
        assert s.visits == shift.figures.totals.net_visits == shift_report(db, owner, s.shift_id).totals.net_visits
        if i < 2:  # the shift report document (two are enough: it is the same code for each)
            assert _visits_shown(build_report(db, owner, ReportSpec("shift", shift_id=s.shift_id))) == {s.visits}
    assert sum(s.summary.visits for s in shifts) == net + _voids_outside_shifts(db)
    for open_shift in dashboard(db, owner).open_shifts:
        assert open_shift.visits == shift_figures(db, owner, open_shift.shift_id).figures.totals.net_visits
    years = {y for y in range(_jalali_year(first), _jalali_year(last) + 1)}
    tax = [tax_year(db, owner, y) for y in years]
    assert sum((t.totals for t in tax), Totals()) == period.totals
    assert sum(int(tax_table(t).totals[1]) for t in tax) == net  # type: ignore[index]
    for t in tax:
        for month in t.months:
            assert sum(r.office for r in month.by_rate) == month.totals.office
            assert sum(r.vat for r in month.by_rate) == month.totals.vat
    # History: every transaction once, newest business day first; voids where they are.
    assert history_count(db, owner, HistoryFilter()) == txn_count
    assert history_count(db, owner, HistoryFilter(voided=True)) == void_count
    seen = _walk(db, owner)
    assert len(seen) == len(set(seen)) == txn_count
    assert seen == sorted(seen, reverse=True)


def _visits_shown(report: Report) -> set[int]:
    """Every visit count the report shows for its whole scope (summary and each table's totals row)."""
    f = report.figures
    shown = {int(value) for label, value, _kind in report.summary() if label == "مراجعه‌ها"}
    shown.add(int(clerks_table(f).totals[1]))  # type: ignore[index]
    shown.add(int(days_table(f).totals[2]))  # type: ignore[index]
    shown.add(int(months_table(f).totals[1]))  # type: ignore[index]
    return shown


def _voids_outside_shifts(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(text("SELECT COUNT(*) FROM void WHERE shift_id IS NULL")).scalar_one())


def _shift_totals(db: Database, shift_id: int) -> Totals:
    with db.read() as s:
        return shift_totals(s, shift_id)


def _jalali_year(day: dt.date) -> int:
    from app.jalali import jalali_year_month

    return jalali_year_month(day)[0]


def _walk(db: Database, owner) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    keys: list[tuple[str, int]] = []
    page = history_page(db, owner, HistoryFilter(), limit=3)
    while True:
        keys += [(r.business_day.isoformat(), r.txn_id) for r in page.rows]
        if page.cursor is None:
            return keys
        page = history_page(db, owner, HistoryFilter(), after=page.cursor, limit=3)
