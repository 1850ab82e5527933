"""Login with user and PIN, lockout after repeated failures, and one-off manager approval."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.db import Database
from app.errors import AuthError, UserError
from app.i18n import _
from app.security import LOCKOUT_MINUTES, MAX_FAILED_PINS, check_pin
from app.services.common import Actor, iso, journal, now, parse_iso, staff_by_username
from app.text import for_message


def login(db: Database, username: str, pin: str, *, at: dt.datetime | None = None) -> Actor:
    """Check a user's PIN. Every attempt is journaled; five failures lock the account for a while.

    The failure is committed (journal line and counter) before the refusal is raised.
    """
    instant = now(at)
    with db.write() as session:
        outcome = _attempt(session, username, pin, instant, action="login")
    if isinstance(outcome, UserError):
        raise outcome
    return outcome


def approve(db: Database, username: str, pin: str, *, purpose: str,
            at: dt.datetime | None = None) -> Actor:
    """A manager's PIN typed for one action (a clerk's void); journaled like a login."""
    instant = now(at)
    with db.write() as session:
        outcome = _attempt(session, username, pin, instant, action=f"approve:{purpose}")
    if isinstance(outcome, UserError):
        raise outcome
    return outcome


def _attempt(session: Session, username: str, pin: str, instant: dt.datetime,
             *, action: str) -> Actor | UserError:
    staff = staff_by_username(session, username)
    log = journal(session)
    if staff is None:
        log.append(session, at=iso(instant), staff_id=None, action=f"{action}_failed",
                   entity="staff", payload={"username": for_message(username), "why": "unknown"})
        return AuthError("Wrong user name or PIN.")
    if not staff.active:
        log.append(session, at=iso(instant), staff_id=staff.id, action=f"{action}_failed",
                   entity="staff", entity_id=staff.id, payload={"why": "inactive"})
        return AuthError("This account is not active.")
    if staff.locked_until and parse_iso(staff.locked_until) > instant:
        # Whole minutes, rounded up: just after locking this says 15, not 16.
        minutes = -int(-(parse_iso(staff.locked_until) - instant).total_seconds() // 60)
        log.append(session, at=iso(instant), staff_id=staff.id, action=f"{action}_failed",
                   entity="staff", entity_id=staff.id, payload={"why": "locked"})
        return AuthError("This account is locked for {minutes} more minutes after too many wrong PINs.",
                         minutes=minutes)
    if not check_pin(staff.pin_hash, pin):
        staff.failed_attempts += 1
        why = "wrong_pin"
        if staff.failed_attempts >= MAX_FAILED_PINS:
            staff.locked_until = iso(instant + dt.timedelta(minutes=LOCKOUT_MINUTES))
            staff.failed_attempts = 0
            why = "locked_now"
        log.append(session, at=iso(instant), staff_id=staff.id, action=f"{action}_failed",
                   entity="staff", entity_id=staff.id, payload={"why": why})
        if why == "locked_now":
            return AuthError("Too many wrong PINs: this account is locked for {minutes} minutes.",
                             minutes=LOCKOUT_MINUTES)
        return AuthError("Wrong user name or PIN.")
    staff.failed_attempts = 0
    staff.locked_until = None
    log.append(session, at=iso(instant), staff_id=staff.id, action=action, entity="staff",
               entity_id=staff.id)
    return Actor(staff.id, staff.username, staff.full_name, staff.role)


def role_label(role: str) -> str:
    return {"owner": _("owner"), "manager": _("manager"), "clerk": _("clerk")}.get(role, role)
