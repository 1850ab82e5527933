"""Shift reports for the owner: any clerk's shift (X while open, Z once closed) with its
breakdowns, and the list of shifts opened on a range of days."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from app.db import Database
from app.errors import UserError
from app.jalali import TEHRAN
from app.reports.access import reports_staff
from app.reports.figures import Accumulator, Figures, Scope
from app.services.common import Actor, iso, parse_iso
from app.services.print_state import shift_unprinted_sql
from app.services.shifts import SHOWN_COUNT_ENTRY, shown_count
from app.services.totals import shift_cash


@dataclass(frozen=True)
class ShiftSummary:
    shift_id: int
    clerk: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    opening_float: int
    visits: int  # net: sales less the voids recorded in the shift
    expected_cash: int | None  # None while open: see the shift's report
    counted_cash: int | None
    variance: int | None
    # How it was closed (shift_close_note): None when still open or closed before this was kept.
    blind_count: bool | None = None
    variance_threshold: int | None = None  # None: no reason was asked, whatever the variance
    variance_reason: str = ""
    count_when_shown: int | None = None  # a blind count changed after its difference was shown: the first count
    unprinted: int = 0  # receipts of the shift no printer handed over


@dataclass(frozen=True)
class ShiftFigures:
    summary: ShiftSummary
    cash: dict[str, int]  # opening float, cash sales, refunds, cash in/out, expected
    figures: Figures


def _summary(row: tuple) -> ShiftSummary:  # type: ignore[type-arg]
    return ShiftSummary(row[0], row[1], parse_iso(row[2]), parse_iso(row[3]) if row[3] else None, row[4],
                        row[5], row[6], row[7], row[8], None if row[9] is None else bool(row[9]), row[10],
                        row[11] or "", shown_count(row[12]), int(row[13]))


_SHIFT = ("SELECT s.id, st.full_name, s.opened_at, s.closed_at, s.opening_float, "
          "(SELECT COUNT(*) FROM txn WHERE shift_id = s.id) - (SELECT COUNT(*) FROM void WHERE shift_id = s.id), "
          "s.expected_cash, s.counted_cash, s.variance, n.blind_count, n.variance_threshold, n.reason, "
          f"({SHOWN_COUNT_ENTRY.format(shift='s.id')}), ({shift_unprinted_sql('s.id', 's.closed_at')}) "
          "FROM shift s JOIN staff st ON st.id = s.staff_id LEFT JOIN shift_close_note n ON n.shift_id = s.id ")


def shift_figures(db: Database, actor: Actor, shift_id: int | None = None) -> ShiftFigures:
    """One shift's X/Z report with breakdowns; without an id, the latest shift opened."""
    with db.read() as session:
        reports_staff(session, actor)
        if shift_id is None:
            shift_id = session.execute(text("SELECT MAX(id) FROM shift")).scalar()
            if shift_id is None:
                raise UserError("No shift has been opened yet.")
        row = session.execute(text(_SHIFT + "WHERE s.id = :s"), {"s": shift_id}).first()
        if row is None:
            raise UserError("No such shift: {value}", value=str(shift_id))
        summary = _summary(tuple(row))
        acc = Accumulator()
        acc.add(session, Scope.shift(shift_id))
        opened = summary.opened_at.astimezone(TEHRAN).date()
        days = sorted(acc.days) or [opened.isoformat()]
        figures = acc.figures(session, min(dt.date.fromisoformat(days[0]), opened), dt.date.fromisoformat(days[-1]))
        return ShiftFigures(summary, shift_cash(session, shift_id), figures)


def list_shifts(db: Database, actor: Actor, first: dt.date, last: dt.date) -> list[ShiftSummary]:
    """Shifts opened on the given (Tehran) days, newest first; open shifts show no expected cash yet."""
    start = dt.datetime.combine(first, dt.time(0), TEHRAN)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), TEHRAN)
    with db.read() as session:
        reports_staff(session, actor)
        rows = session.execute(text(_SHIFT + "WHERE s.opened_at >= :a AND s.opened_at < :b ORDER BY s.id DESC"),
                               {"a": iso(start), "b": iso(end)}).all()
        return [_summary(tuple(r)) for r in rows]
