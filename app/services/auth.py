"""Login with user and PIN, lockout after repeated failures, and one-off manager approval.

Wrong PINs are counted per scope (app/ledger/tables.py `pin_throttle`): a login counts against the
account; a manager's PIN typed to approve a clerk's void counts against that clerk's requests to that
manager, so a clerk typing wrong approver PINs locks themselves out of asking, never the manager out
of their own login. Every refusal says how many attempts are left.

This module and what it imports load no SQLAlchemy: `pishkhan record` logs in on the raw connection.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.db import Database
from app.errors import AuthError, CheckFailed, UserError
from app.i18n import _
from app.journal import canonical
from app.ledger.chain import Entry
from app.security import LOCKOUT_MINUTES, MAX_FAILED_PINS, check_pin, hash_pin, needs_rehash
from app.services.common import (
    Actor,
    StaffAccount,
    iso,
    journal_for,
    now,
    parse_iso,
    pepper_for,
    record_state,
    staff_by_username_tx,
)
from app.store.base import Tx
from app.text import for_message


def login(db: Database, username: str, pin: str, *, at: dt.datetime | None = None) -> Actor:
    """Check a user's PIN. Every attempt is journaled; five failures lock the account for a while.

    The failure is committed (journal line and counter) before the refusal is raised.
    """
    instant = now(at)
    with db.raw() as tx:
        outcome = _attempt(tx, username, pin, instant, action="login", scope="login:{id}")
    if isinstance(outcome, UserError):
        raise outcome
    return outcome


def approve(db: Database, username: str, pin: str, *, purpose: str, asked_by: int | None = None,
            at: dt.datetime | None = None) -> Actor:
    """A manager's PIN typed for one action (a clerk's void); journaled like a login, throttled per
    (manager, clerk asking) so that it cannot lock the manager out."""
    instant = now(at)
    with db.raw() as tx:
        outcome = _attempt(tx, username, pin, instant, action=f"approve:{purpose}",
                           scope=f"approve:{{id}}:{asked_by or 0}")
    if isinstance(outcome, UserError):
        raise outcome
    return outcome


@dataclass(frozen=True)
class Throttle:
    failures: int
    locked_until: dt.datetime | None


def _throttle(tx: Tx, scope: str) -> Throttle:
    row = tx.one("SELECT failures, locked_until FROM pin_throttle WHERE scope = ?", scope)
    if row is None:
        return Throttle(0, None)
    return Throttle(int(row[0]), parse_iso(row[1]) if row[1] else None)


def _set_throttle(tx: Tx, scope: str, failures: int, locked_until: str | None) -> None:
    tx.run("INSERT INTO pin_throttle (scope, failures, locked_until) VALUES (?, ?, ?) "
           "ON CONFLICT (scope) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until",
           scope, failures, locked_until)


def attempts_left(db: Database, username: str) -> int | None:
    """Wrong PINs still allowed before the account locks (None for an unknown user)."""
    with db.raw(write=False) as tx:
        staff = staff_by_username_tx(tx, username)
        if staff is None:
            return None
        return MAX_FAILED_PINS - _throttle(tx, f"login:{staff.id}").failures


def _log(tx: Tx, instant: dt.datetime, staff_id: int | None, action: str, payload: dict[str, object]) -> None:
    """Journal a login attempt. On books that end before their witness nothing is appended (so nothing
    moves the witness past the evidence), but the login itself goes on: the owner must be able to log
    in to restore a backup or accept the books; recording stays refused until then."""
    try:
        journal_for(tx).append_tx(tx, Entry(iso(instant), staff_id, action, "staff", staff_id, canonical(payload)))
    except CheckFailed:
        pass


def _attempt(tx: Tx, username: str, pin: str, instant: dt.datetime, *, action: str,
             scope: str) -> Actor | UserError:
    staff = staff_by_username_tx(tx, username)
    if staff is None:
        _log(tx, instant, None, f"{action}_failed", {"username": for_message(username), "why": "unknown"})
        return AuthError("Wrong user name or PIN.")
    if not staff.active:
        _log(tx, instant, staff.id, f"{action}_failed", {"why": "inactive"})
        return AuthError("This account is not active.")
    scope = scope.format(id=staff.id)
    throttle = _throttle(tx, scope)
    if throttle.locked_until and throttle.locked_until > instant:
        # Whole minutes, rounded up: just after locking this says 15, not 16.
        minutes = -int(-(throttle.locked_until - instant).total_seconds() // 60)
        _log(tx, instant, staff.id, f"{action}_failed", {"why": "locked"})
        return AuthError("This account is locked for {minutes} more minutes after too many wrong PINs.",
                         minutes=minutes) if action == "login" else AuthError(
            "Approvals by {name} are locked for {minutes} more minutes after too many wrong PINs.",
            name=staff.full_name, minutes=minutes)
    pepper = pepper_for(tx)
    if not check_pin(staff.pin_hash, pin, pepper):
        return _wrong_pin(tx, staff, instant, action, scope, throttle)
    if throttle.failures or throttle.locked_until:
        _set_throttle(tx, scope, 0, None)
    _log(tx, instant, staff.id, action, {})
    if needs_rehash(staff.pin_hash):
        tx.run("UPDATE staff SET pin_hash = ? WHERE id = ?", hash_pin(pin, pepper), staff.id)
        record_state(tx, "staff", staff.id, at=iso(instant), staff_id=staff.id)
    return Actor(staff.id, staff.username, staff.full_name, staff.role)


def _wrong_pin(tx: Tx, staff: StaffAccount, instant: dt.datetime, action: str, scope: str,
               throttle: Throttle) -> UserError:
    failures = throttle.failures + 1
    if failures >= MAX_FAILED_PINS:
        _set_throttle(tx, scope, 0, iso(instant + dt.timedelta(minutes=LOCKOUT_MINUTES)))
        _log(tx, instant, staff.id, f"{action}_failed", {"why": "locked_now"})
        if action == "login":
            return AuthError("Too many wrong PINs: this account is locked for {minutes} minutes.",
                             minutes=LOCKOUT_MINUTES)
        return AuthError("Too many wrong PINs: approvals by {name} are locked for {minutes} minutes.",
                         name=staff.full_name, minutes=LOCKOUT_MINUTES)
    _set_throttle(tx, scope, failures, None)
    _log(tx, instant, staff.id, f"{action}_failed", {"why": "wrong_pin"})
    return AuthError("Wrong user name or PIN. {left} attempts left before a {minutes}-minute lock.",
                     left=MAX_FAILED_PINS - failures, minutes=LOCKOUT_MINUTES)


def role_label(role: str) -> str:
    return {"owner": _("owner"), "manager": _("manager"), "clerk": _("clerk")}.get(role, role)
