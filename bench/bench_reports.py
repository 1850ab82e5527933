"""The owner's reports on the 10-year demo database: figures for a day, a month and a year, the
tax view, the history's first page, its count and a page far back (the windowed model's reads),
and exports — each beside the raw SQL aggregate over the
same rows, measured in the same run.

Targets (issue 5): day ≤ 10 ms, month ≤ 50 ms, year ≤ 300 ms, history first page ≤ 100 ms.
`python -m bench reports`; PISHKHAN_BENCH_DB points at an existing demo database (else one is
built once in the bench cache).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from bench.common import big_demo_db, median_ms, metric

RAW = ("SELECT COUNT(*), SUM(agency_total), SUM(office_total), SUM(vat_total), SUM(grand_total) FROM txn "
       "WHERE business_day BETWEEN ? AND ?")
RAW_PAGE = "SELECT id FROM txn ORDER BY business_day DESC, id DESC LIMIT 100"
RAW_COUNT = "SELECT COUNT(*) FROM txn"
RAW_FAR_PAGE = "SELECT id FROM txn ORDER BY business_day DESC, id DESC LIMIT ? OFFSET ?"
WINDOW_PAGE = 200  # the history model's page (ui.owner_history.PAGE_ROWS)


def _owner(db: Any) -> Any:
    from sqlalchemy import text

    from app.services.common import Actor

    with db.read() as s:
        row = s.execute(text("SELECT id, username, full_name, role FROM staff WHERE role = 'owner' "
                             "AND active = 1 ORDER BY id LIMIT 1")).one()
    return Actor(row[0], row[1], row[2], row[3])


def _ranges(last_day: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """A full day, Jalali month and Jalali year that lie wholly inside the history."""
    from app.jalali import jalali_month_range, jalali_year_month
    from app.reports.periods import jalali_year_range

    year, month = jalali_year_month(last_day)
    previous_month = jalali_month_range(year - (month == 1), 12 if month == 1 else month - 1)
    day = previous_month[0] + dt.timedelta(days=10)
    return {"day": (day, day), "month": previous_month, "year": jalali_year_range(year - 1)}


def metrics() -> Iterator[dict[str, Any]]:
    from sqlalchemy import text

    from app.db import open_database
    from app.jalali import format_jalali

    path = big_demo_db()
    db = open_database(path)
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        owner = _owner(db)
        with db.read() as s:
            last_day = dt.date.fromisoformat(s.execute(text("SELECT MAX(business_day) FROM txn")).scalar_one())
            count = s.execute(text("SELECT COUNT(*) FROM txn")).scalar_one()
        ranges = _ranges(last_day)

        def floor(name: str) -> Callable[[], None]:
            a, b = (d.isoformat() for d in ranges[name])
            return lambda: raw.execute(RAW, (a, b)).fetchone()

        extra = {"transactions": count}
        yield from _figures(db, owner, ranges, floor, extra)
        yield from _history(db, owner, ranges, raw, extra)
        yield from _exports(db, owner, ranges, floor, extra, format_jalali)
    finally:
        raw.close()
        db.close()


def _figures(db: Any, owner: Any, ranges: dict[str, tuple[dt.date, dt.date]],
             floor: Callable[[str], Callable[[], None]], extra: dict[str, Any]) -> Iterator[dict[str, Any]]:
    from app.jalali import jalali_year_month
    from app.reports.dashboard import dashboard
    from app.reports.figures import day_figures, period_figures
    from app.reports.tax import tax_year

    day = ranges["day"][0]
    yield metric("report_day_figures_ms", median_ms(lambda: day_figures(db, owner, day), runs=100),
                 median_ms(floor("day"), runs=100), target_ms=10, **extra)
    yield metric("report_dashboard_day_ms", median_ms(lambda: dashboard(db, owner, day), runs=100),
                 median_ms(floor("day"), runs=100), target_ms=10, **extra)
    month = ranges["month"]
    yield metric("report_month_figures_ms", median_ms(lambda: period_figures(db, owner, *month), runs=30),
                 median_ms(floor("month"), runs=30), target_ms=50, **extra)
    year = ranges["year"]
    yield metric("report_year_figures_ms", median_ms(lambda: period_figures(db, owner, *year), runs=7, warmup=1),
                 median_ms(floor("year"), runs=7, warmup=1), target_ms=300, **extra)
    tax = jalali_year_month(year[0])[0]
    yield metric("report_tax_year_ms", median_ms(lambda: tax_year(db, owner, tax), runs=7, warmup=1),
                 median_ms(floor("year"), runs=7, warmup=1), **extra)


def _history(db: Any, owner: Any, ranges: dict[str, tuple[dt.date, dt.date]], raw: sqlite3.Connection,
             extra: dict[str, Any]) -> Iterator[dict[str, Any]]:
    from app.reports.history import HistoryFilter, history_count, history_page

    nid = raw.execute("SELECT national_id FROM txn WHERE national_id <> '' ORDER BY id DESC LIMIT 1").fetchone()[0]
    name = raw.execute("SELECT name FROM citizen ORDER BY id LIMIT 1").fetchone()[0]
    page_floor = median_ms(lambda: raw.execute(RAW_PAGE).fetchall(), runs=50)
    cases = {
        "history_first_page_ms": HistoryFilter(),
        "history_first_page_old_year_ms": HistoryFilter(first=ranges["year"][0] - dt.timedelta(days=2000),
                                                        last=ranges["year"][1] - dt.timedelta(days=2000)),
        "history_national_id_ms": HistoryFilter(national_id=nid),
        "history_name_ms": HistoryFilter(name=name.split()[0]),
        "history_voided_ms": HistoryFilter(voided=True),
        "history_clerk_and_card_ms": HistoryFilter(staff_id=2, method="card"),
    }
    for name_, flt in cases.items():
        yield metric(name_, median_ms(partial(history_page, db, owner, flt), runs=20), page_floor,
                     target_ms=100, **extra)
    # The windowed model: its row count, then a page read by offset nine tenths of the way back.
    yield metric("history_count_ms", median_ms(partial(history_count, db, owner, HistoryFilter()), runs=20),
                 median_ms(lambda: raw.execute(RAW_COUNT).fetchone(), runs=20), **extra)
    total = int(raw.execute(RAW_COUNT).fetchone()[0])
    far = total * 9 // 10 // WINDOW_PAGE * WINDOW_PAGE
    yield metric("history_random_page_ms",
                 median_ms(partial(history_page, db, owner, HistoryFilter(), offset=far, limit=WINDOW_PAGE), runs=20),
                 median_ms(lambda: raw.execute(RAW_FAR_PAGE, (WINDOW_PAGE, far)).fetchall(), runs=20),
                 offset=far, **extra)


def _exports(db: Any, owner: Any, ranges: dict[str, tuple[dt.date, dt.date]],
             floor: Callable[[str], Callable[[], None]], extra: dict[str, Any],
             format_jalali: Callable[[dt.date], str]) -> Iterator[dict[str, Any]]:
    from app.reports.document import ReportSpec
    from app.reports.export import export_report

    with tempfile.TemporaryDirectory() as tmp:
        month = ReportSpec("period", *ranges["month"])
        year = ReportSpec("period", *ranges["year"])
        for label, spec, fmt, runs in (("month_xlsx", month, "xlsx", 5), ("year_csv", year, "csv", 3),
                                       ("year_xlsx", year, "xlsx", 3)):
            out = Path(tmp) / f"{label}.{fmt}"
            yield metric(f"report_export_{label}_ms",
                         median_ms(partial(export_report, db, owner, spec, fmt, out), runs=runs, warmup=1),
                         median_ms(floor("month" if spec is month else "year"), runs=runs, warmup=1), **extra)


if __name__ == "__main__":
    from bench.common import emit

    for row in metrics():
        emit(row)
