"""Closed days are read from the breakdowns their day close froze: a period report over closed days
costs what its days cost, not what its sales cost — and says exactly what the sales say."""
from __future__ import annotations

import datetime as dt

from app.reports import figures as f
from app.reports.figures import Accumulator, compute_days, open_runs


def live(session, first: dt.date, last: dt.date) -> f.Figures:  # type: ignore[no-untyped-def]
    """The same figures computed from every sale (what the report did before summaries)."""
    acc = Accumulator()
    acc.add(session, f.Scope.days(first, last))
    return acc.figures(session, first, last)


def test_summaries_of_closed_days_equal_the_sales(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from app.db import open_database
    from app.demo import build_demo

    history_db = open_database(tmp_path / "office.db", create=True)
    build_demo(history_db, days=4, seed=9, check=False)
    with history_db.read() as s:
        days = [dt.date.fromisoformat(d) for (d,) in s.execute(text("SELECT business_day FROM day_close"))]
        assert len(days) >= 2
        first, last = min(days) - dt.timedelta(days=1), max(days) + dt.timedelta(days=1)
        assert compute_days(s, first, last) == live(s, first, last)
        assert s.execute(text("SELECT COUNT(*) FROM day_summary")).scalar() > 0
    history_db.close()


def test_open_runs_are_the_days_not_closed() -> None:
    d = dt.date(2026, 1, 1)
    closed = {d + dt.timedelta(days=i) for i in (1, 2, 4)}
    assert open_runs(d, d + dt.timedelta(days=5), closed) == [
        (d, d), (d + dt.timedelta(days=3), d + dt.timedelta(days=3)), (d + dt.timedelta(days=5), d + dt.timedelta(days=5))]
    assert open_runs(d, d, set()) == [(d, d)]
    assert open_runs(d, d, {d}) == []
