"""Pieces every service uses: the acting staff member, the clock, the journal, the office row."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.errors import AuthError, UserError
from app.jalali import local_day, now_utc
from app.journal import Journal, read_key
from app.models import Office, Staff
from app.security import Action, require
from app.text import normalise


@dataclass(frozen=True)
class Actor:
    """A logged-in staff member. Services re-read the row: a stale Actor grants nothing."""

    id: int
    username: str
    full_name: str
    role: str


def iso(instant: dt.datetime) -> str:
    return instant.astimezone(dt.UTC).isoformat(timespec="microseconds")


def parse_iso(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def office(session: Session) -> Office:
    row = session.get(Office, 1)
    if row is None:
        raise UserError("This database has no office yet. Create one or load the demo.")
    return row


_journals: dict[str, Journal] = {}


def _office_core(session: Session) -> Any:
    # Core query, not the ORM: this runs on every sale and the ORM identity map costs ~0.3 ms.
    row = session.execute(text("SELECT install_id, day_start_hour FROM office WHERE id = 1")).first()
    if row is None:
        raise UserError("This database has no office yet. Create one or load the demo.")
    return row


def journal(session: Session) -> Journal:
    install_id = _office_core(session)[0]
    if install_id not in _journals:
        _journals[install_id] = Journal(read_key(install_id))
    return _journals[install_id]


def forget_journal_keys() -> None:
    _journals.clear()


@dataclass(frozen=True)
class StaffRow:
    id: int
    role: str


def acting(session: Session, actor: Actor, action: Action) -> StaffRow:
    """The actor's current staff row, active and allowed to do `action`."""
    row = session.execute(text("SELECT id, role, active FROM staff WHERE id = :id"), {"id": actor.id}).first()
    if row is None or not row[2]:
        raise AuthError("This account is not active.")
    require(row[1], action)
    return StaffRow(row[0], row[1])


def business_day(session: Session, instant: dt.datetime) -> dt.date:
    """The business day an instant belongs to: after a day is closed, sales go to the next one."""
    day = local_day(instant, _office_core(session)[1])
    last_closed = session.execute(text("SELECT MAX(business_day) FROM day_close")).scalar()
    if last_closed is not None:
        after = dt.date.fromisoformat(last_closed) + dt.timedelta(days=1)
        day = max(day, after)
    return day


def open_shift_of(session: Session, staff_id: int) -> int | None:
    return session.execute(
        text("SELECT id FROM shift WHERE staff_id = :s AND closed_at IS NULL ORDER BY id DESC LIMIT 1"),
        {"s": staff_id},
    ).scalar()


def staff_by_username(session: Session, username: str) -> Staff | None:
    # Normalised as add_staff stores it (and a name typed with bytes that are not UTF-8 cannot reach SQLite).
    return session.execute(select(Staff).where(Staff.username == normalise(username).lower())).scalar_one_or_none()


def now(at: dt.datetime | None = None) -> dt.datetime:
    return at or now_utc()


