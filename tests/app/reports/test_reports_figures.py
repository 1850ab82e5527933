"""The figures on a known scenario: what the owner reads, rule by rule."""
from __future__ import annotations

import datetime as dt

import pytest
from reports_testkit import INCLUDED, Counter, actor, busy_office, ledger_totals

from app.errors import UserError
from app.jalali import jalali_month_range, jalali_year_month, parse_jalali
from app.reports.access import Cancelled
from app.reports.dashboard import dashboard, report_context
from app.reports.figures import day_figures, period_figures
from app.reports.periods import describe_range, month_chunks, week_range
from app.reports.shift_figures import list_shifts, shift_figures
from app.reports.tax import tax_year
from app.services.backup import backup


def test_a_void_counts_on_the_day_it_was_recorded(office_db) -> None:
    s = busy_office(office_db)
    owner = actor(office_db, "owner")
    first, second = day_figures(office_db, owner, s.first), day_figures(office_db, owner, s.second)
    assert s.second == s.first + dt.timedelta(days=1)  # the first day was closed: later sales go to the next
    assert (first.totals.visits, first.totals.voids) == (4, 1)
    assert (second.totals.visits, second.totals.voids) == (1, 1)
    for day, figures in ((s.first, first), (s.second, second)):
        expected = ledger_totals(office_db, day, day)
        assert figures.totals.grand == expected["grand"] and figures.totals.office == expected["office"]
    # The next-day void reverses the first sale's services on the second day: net negative there.
    service = {b.key: b for b in second.by_service}
    assert service["1001"].count == 0 and service["1001"].voids == 1 and service["1001"].total < 0
    assert service["5001"].net_count == 1


def test_breakdowns_name_clerks_agencies_services_and_methods(office_db) -> None:
    s = busy_office(office_db)
    f = day_figures(office_db, actor(office_db, "owner"), s.first)
    assert {b.key for b in f.by_clerk} == {"clerk1", "clerk2"}
    assert {p.method for p in f.by_method} == {"cash", "card", "transfer"}
    card = next(p for p in f.by_method if p.method == "card")
    assert card.voids == 1  # the voided card sale, reversed on its own day
    included = next(b for b in f.by_service if b.key == INCLUDED)
    assert included.net_count == 0 and included.total == 0 and included.group == "دستگاه آزمایشی"
    agencies = {b.label for b in f.by_agency}
    assert "سازمان ثبت احوال کشور" in agencies and "شرکت ملی پست" in agencies


def test_dashboard_compares_last_week_and_lists_open_shifts_and_backup(office_db, tmp_path) -> None:
    owner = actor(office_db, "owner")
    counter = Counter(office_db)
    counter.sell("clerk1")
    data = dashboard(office_db, owner, at=counter.tick())
    assert data.day == data.current_day and data.figures.totals.visits == 1
    assert data.last_week.visits == 0 and data.last_backup is None and data.closed is None
    (shift,) = data.open_shifts
    assert shift.clerk == "زهرا کریمی" and shift.visits == 1
    assert shift.expected_cash == 1_000_000 + data.figures.totals.grand  # float + the cash sale
    backup(office_db, owner, tmp_path / "backups")
    again = dashboard(office_db, owner, at=counter.tick())
    assert again.last_backup is not None and again.last_backup.file_found
    assert again.last_backup.folder == str(tmp_path / "backups")


def test_closed_day_shows_frozen_totals_and_hash(office_db) -> None:
    s = busy_office(office_db)
    data = dashboard(office_db, actor(office_db, "owner"), s.first)
    assert data.closed is not None and not data.closable
    assert data.closed.totals == data.figures.totals
    assert data.closed.cumulative_total == data.figures.totals.grand and len(data.closed.chain_hash) == 64


def test_shift_reports_follow_the_x_and_z_rule(office_db) -> None:
    s = busy_office(office_db)
    owner = actor(office_db, "owner")
    shifts = list_shifts(office_db, owner, s.first, s.second)
    # Five sales in shifts; one void recorded in a shift (the owner's other one was outside any):
    # a shift's visits are net of its voids, as its money is.
    assert len(shifts) == 3 and sum(x.visits for x in shifts) == 4
    closed = [x for x in shifts if x.closed_at is not None]
    assert all(x.variance == 0 for x in closed)
    report = shift_figures(office_db, owner, closed[0].shift_id)
    assert report.cash["expected"] == closed[0].expected_cash
    latest = shift_figures(office_db, owner)  # no id: the latest shift opened
    assert latest.summary.shift_id == max(x.shift_id for x in shifts)
    with pytest.raises(UserError):
        shift_figures(office_db, owner, 999)


def test_tax_view_months_of_the_year(office_db) -> None:
    s = busy_office(office_db)
    owner = actor(office_db, "owner")
    year, month = jalali_year_month(s.first)
    tax = tax_year(office_db, owner, year)
    assert len(tax.months) == 12 and [m.month for m in tax.months] == list(range(1, 13))
    period = period_figures(office_db, owner, *jalali_month_range(year, 1)[:1], jalali_month_range(year, 12)[1])
    assert tax.totals == period.totals
    (rate,) = tax.by_rate
    assert rate.vat_bp == 1000 and rate.office == tax.totals.office and rate.vat == tax.totals.vat
    assert tax.months[month - 1].totals.office == tax.totals.office or s.second.month != s.first.month


def test_long_ranges_report_progress_and_can_be_cancelled(office_db) -> None:
    owner = actor(office_db, "owner")
    first, last = parse_jalali("1400-01-01"), parse_jalali("1402-12-29")
    seen: list[tuple[int, int]] = []
    period_figures(office_db, owner, first, last, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(i, 36) for i in range(1, 37)]
    calls = []
    with pytest.raises(Cancelled) as err:
        period_figures(office_db, owner, first, last, progress=lambda d, t: calls.append(d),
                       cancel=lambda: len(calls) >= 5)
    assert calls == [1, 2, 3, 4, 5] and err.value.message() == "خروجی گرفتن لغو شد."


def test_periods_are_jalali() -> None:
    day = parse_jalali("1405-09-05")  # a Wednesday
    start, end = week_range(day)
    assert start.weekday() == 5 and end == start + dt.timedelta(days=6) and start <= day <= end
    assert [len(month_chunks(*jalali_month_range(1405, m))) for m in (1, 7, 12)] == [1, 1, 1]
    assert month_chunks(parse_jalali("1404-12-20"), parse_jalali("1405-01-05")) == [
        (parse_jalali("1404-12-20"), parse_jalali("1404-12-29")), (parse_jalali("1405-01-01"),
                                                                 parse_jalali("1405-01-05"))]
    assert describe_range(*jalali_month_range(1405, 9)) == "آذر ۱۴۰۵"
    assert describe_range(parse_jalali("1405-01-01"), parse_jalali("1405-12-29")) == "سال ۱۴۰۵"
    with pytest.raises(UserError):
        period_figures(None, None, day, day - dt.timedelta(days=1))  # type: ignore[arg-type]


def test_report_context_lists_years_with_sales(office_db) -> None:
    s = busy_office(office_db)
    context = report_context(office_db, actor(office_db, "manager1"))
    assert context.years[-1] == jalali_year_month(s.first)[0] and context.first_day == s.first
    assert context.unit == "rial" and context.office_name
