"""Today at a glance: the day's figures and breakdowns, the same weekday last week, the shifts
still open with the cash their drawers should hold, whether the day is closed, the last backup."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.jalali import jalali_year_month, to_local
from app.reports.access import reports_staff
from app.reports.figures import Figures, compute_days
from app.services.common import Actor, business_day, now, parse_iso
from app.services.totals import Totals, day_totals, shift_cash

BACKUP_STALE_DAYS = 1  # an office should back up at least once a business day


@dataclass(frozen=True)
class OpenShift:
    shift_id: int
    clerk: str
    opened_at: dt.datetime
    opening_float: int
    visits: int  # net: sales less the voids recorded in the shift
    expected_cash: int


@dataclass(frozen=True)
class LastBackup:
    at: dt.datetime
    folder: str
    by: str
    file_found: bool  # a backup file at least as new as the record is in the folder now

    def stale(self, instant: dt.datetime) -> bool:
        return instant - self.at > dt.timedelta(days=BACKUP_STALE_DAYS)


@dataclass(frozen=True)
class DayClosed:
    closed_at: dt.datetime
    closed_by: str
    totals: Totals  # as frozen at closing
    cumulative_total: int
    chain_hash: str


@dataclass(frozen=True)
class HourLine:
    hour: int  # 0..23, Tehran time
    visits: int  # sales recorded in that hour and not voided
    total: int  # what they took, in Rials


@dataclass(frozen=True)
class WeekDay:
    day: dt.date
    total: int  # net total received that business day
    last_week: int  # the same weekday a week before


@dataclass(frozen=True)
class Dashboard:
    day: dt.date
    current_day: dt.date  # the business day new sales go to
    figures: Figures
    last_week: Totals  # the same weekday a week before
    open_shifts: tuple[OpenShift, ...]
    last_backup: LastBackup | None
    closed: DayClosed | None
    closable: bool  # not closed, not in the future, no later day closed (open shifts still block)
    unit: str  # the office's display unit
    by_hour: tuple[HourLine, ...] = ()  # the day's shape: visits per hour
    week: tuple[WeekDay, ...] = ()  # this week (Saturday to the day) against the week before


@dataclass(frozen=True)
class ReportContext:
    """What the owner's screens need before their first query."""

    unit: str
    office_name: str
    current_day: dt.date
    first_day: dt.date | None  # of the first recorded sale
    years: tuple[int, ...]  # Jalali years with sales, newest first


def report_context(db: Database, actor: Actor, *, at: dt.datetime | None = None) -> ReportContext:
    with db.read() as session:
        reports_staff(session, actor)
        current = business_day(session, now(at))
        first, last = session.execute(text("SELECT MIN(business_day), MAX(business_day) FROM txn")).one()
    years: tuple[int, ...] = ()
    if first is not None:
        a, b = (jalali_year_month(dt.date.fromisoformat(d))[0] for d in (first, last))
        years = tuple(range(max(b, jalali_year_month(current)[0]), a - 1, -1))
    with db.read() as session:
        name = str(session.execute(text("SELECT name FROM office WHERE id = 1")).scalar() or "")
        return ReportContext(_unit_of(session), name, current, dt.date.fromisoformat(first) if first else None,
                             years)


def dashboard(db: Database, actor: Actor, day: dt.date | None = None, *, at: dt.datetime | None = None) -> Dashboard:
    """The owner's view of one business day (default: the current one)."""
    instant = now(at)
    with db.read() as session:
        reports_staff(session, actor)
        current = business_day(session, instant)
        day = day or current
        figures = compute_days(session, day, day)
        closed = _closed(session, day)
        later_closed = session.execute(text("SELECT 1 FROM day_close WHERE business_day >= :d"),
                                       {"d": day.isoformat()}).first() is not None
        return Dashboard(day, current, figures, day_totals(session, day - dt.timedelta(days=7)),
                         tuple(open_shifts(session)), last_backup(session), closed,
                         closable=not later_closed and day <= current, unit=_unit_of(session),
                         by_hour=tuple(visits_by_hour(session, day)), week=tuple(week_against_last(session, day)))


def visits_by_hour(session: Session, day: dt.date) -> list[HourLine]:
    """Sales of a business day that still stand, by the Tehran hour they were recorded in; the hours
    from the first to the last busy one (quiet hours between them included, as zero)."""
    rows = session.execute(text(
        "SELECT created_at, grand_total FROM txn t WHERE business_day = :d "
        "AND NOT EXISTS (SELECT 1 FROM void v WHERE v.txn_id = t.id)"), {"d": day.isoformat()}).all()
    visits: dict[int, int] = {}
    totals: dict[int, int] = {}
    for created_at, total in rows:
        hour = to_local(parse_iso(created_at)).hour
        visits[hour] = visits.get(hour, 0) + 1
        totals[hour] = totals.get(hour, 0) + int(total)
    if not visits:
        return []
    return [HourLine(h, visits.get(h, 0), totals.get(h, 0)) for h in range(min(visits), max(visits) + 1)]


def week_against_last(session: Session, day: dt.date) -> list[WeekDay]:
    """Each day of the Iranian week (from Saturday) up to `day`, with the same weekday a week before."""
    saturday = day - dt.timedelta(days=(day.weekday() - 5) % 7)
    out = []
    for offset in range((day - saturday).days + 1):
        d = saturday + dt.timedelta(days=offset)
        out.append(WeekDay(d, day_totals(session, d).grand, day_totals(session, d - dt.timedelta(days=7)).grand))
    return out


def _unit_of(session: Session) -> str:
    return str(session.execute(text("SELECT display_unit FROM office WHERE id = 1")).scalar() or "rial")


def open_shifts(session: Session) -> list[OpenShift]:
    rows = session.execute(text(
        "SELECT s.id, st.full_name, s.opened_at, s.opening_float, "
        "(SELECT COUNT(*) FROM txn WHERE shift_id = s.id) - (SELECT COUNT(*) FROM void WHERE shift_id = s.id) "
        "FROM staff st "
        "JOIN shift s ON s.staff_id = st.id AND s.closed_at IS NULL ORDER BY s.opened_at")).all()
    return [OpenShift(r[0], r[1], parse_iso(r[2]), r[3], r[4], shift_cash(session, r[0])["expected"]) for r in rows]


def last_backup(session: Session) -> LastBackup | None:
    """The latest backup the journal records (backups journal themselves under entity 'office')."""
    row = session.execute(text(
        "SELECT j.at, j.payload, COALESCE(st.full_name, '') FROM journal j LEFT JOIN staff st ON st.id = j.staff_id "
        "WHERE j.entity = 'office' AND j.action = 'backup' ORDER BY j.id DESC LIMIT 1")).first()
    if row is None:
        return None
    at = parse_iso(row[0])
    folder = str(json.loads(row[1]).get("folder", ""))
    return LastBackup(at, folder, row[2], _backup_file_found(Path(folder), at))


def _backup_file_found(folder: Path, at: dt.datetime) -> bool:
    # The copy is written just after the journal line; a missing file means a moved or
    # unplugged backup drive, which the owner should hear about.
    try:
        return any(p.stat().st_mtime >= at.timestamp() - 1 for p in folder.glob("pishkhan-*.db"))
    except OSError:
        return False


def _closed(session: Session, day: dt.date) -> DayClosed | None:
    row = session.execute(text(
        "SELECT d.closed_at, st.full_name, d.visits, d.voids, d.agency_total, d.office_total, d.vat_total, "
        "d.grand_total, d.cumulative_total, d.chain_hash FROM day_close d JOIN staff st ON st.id = d.staff_id "
        "WHERE d.business_day = :d"), {"d": day.isoformat()}).first()
    if row is None:
        return None
    return DayClosed(parse_iso(row[0]), row[1], Totals(*row[2:8]), row[8], row[9])
