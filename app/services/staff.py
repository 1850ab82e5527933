"""Staff accounts: add, change role, deactivate (never delete), reset a PIN, lift a lockout.

Every change appends the account's new state to the journal (app/ledger/state.py), so a role, PIN
hash or active flag changed by SQL is caught by `verify`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.db import Database
from app.errors import UserError
from app.i18n import _
from app.journal import canonical
from app.ledger.chain import Entry
from app.ledger.vocab import Role
from app.security import MIN_PIN, Action, hash_pin, validate_new_pin
from app.services.common import (
    Actor,
    acting_tx,
    iso,
    journal_for,
    now,
    pepper_for,
    record_state,
    staff_by_username_tx,
)
from app.store.base import Tx
from app.text import for_message, limited, normalise

NAME_MAX = 80


@dataclass(frozen=True)
class StaffView:
    id: int
    username: str
    full_name: str
    role: str
    active: bool
    locked_until: str | None


def list_staff(db: Database, actor: Actor) -> list[StaffView]:
    with db.raw(write=False) as tx:
        acting_tx(tx, actor, Action.MANAGE_STAFF)
        rows = tx.all("SELECT s.id, s.username, s.full_name, s.role, CAST(s.active AS INTEGER), t.locked_until "
                      "FROM staff s LEFT JOIN pin_throttle t ON t.scope = 'login:' || s.id ORDER BY s.id")
    return [StaffView(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]


def login_names(db: Database) -> list[tuple[str, str]]:
    """(username, full name) of active staff, for the login screen."""
    with db.raw(write=False) as tx:
        return [(r[0], r[1]) for r in tx.all("SELECT username, full_name FROM staff WHERE active = TRUE ORDER BY id")]


def _check_role(role: str) -> str:
    if role not in {r.value for r in Role}:
        raise UserError("Unknown role: {value}", value=for_message(role))
    return role


def min_pin_length(tx: Tx) -> int:
    """The office's least PIN length for owners and managers (a setting; 4 unless raised)."""
    from app.services.office import get_setting
    from app.settings_registry import MANAGER_MIN_PIN

    return get_setting(tx, MANAGER_MIN_PIN)


def _pepper(tx: Tx) -> bytes:
    return pepper_for(tx)


def _log(tx: Tx, at: str, staff_id: int, action: str, target: int, payload: dict[str, object]) -> None:
    journal_for(tx).append_tx(tx, Entry(at, staff_id, action, "staff", target, canonical(payload)))


def add_staff(db: Database, actor: Actor, username: str, full_name: str, role: str, pin: str,
              *, at: dt.datetime | None = None) -> int:
    """A new account. Only the owner may create another owner."""
    username = normalise(username).lower()
    if not re.fullmatch(r"[a-z0-9_.\-]{2,32}", username):
        raise UserError("A user name is 2 to 32 Latin letters, digits, dot, dash or underscore.")
    full_name = limited(full_name, NAME_MAX, _("full name"))
    if not full_name:
        raise UserError("A full name is required.")
    _check_role(role)
    instant = iso(now(at))
    with db.raw() as tx:
        pin = validate_new_pin(pin, role, min_pin_length(tx))
        staff = acting_tx(tx, actor, Action.MANAGE_STAFF)
        if role == "owner" and staff.role != "owner":
            raise UserError("Only the owner may create another owner.")
        if staff_by_username_tx(tx, username) is not None:
            raise UserError("The user name {name} is taken.", name=for_message(username))
        new_id = tx.insert("INSERT INTO staff (username, full_name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?) "
                           "RETURNING id", username, full_name, role, hash_pin(pin, _pepper(tx)), True)
        _log(tx, instant, staff.id, "staff_added", new_id, {"username": username, "role": role})
        record_state(tx, "staff", new_id, at=instant, staff_id=staff.id)
        return new_id


def update_staff(db: Database, actor: Actor, username: str, *, role: str | None = None,
                 active: bool | None = None, pin: str | None = None, unlock: bool = False,
                 at: dt.datetime | None = None) -> None:
    """Change a role, (de)activate, reset a PIN (owner only) or lift a lockout."""
    if role is not None:
        _check_role(role)
    instant = iso(now(at))
    with db.raw() as tx:
        staff = acting_tx(tx, actor, Action.RESET_PIN if pin is not None else Action.MANAGE_STAFF)
        target = staff_by_username_tx(tx, username)
        if target is None:
            raise UserError("No such user: {name}", name=for_message(username))
        new_pin = validate_new_pin(pin, role or target.role, min_pin_length(tx)) if pin is not None else None
        if target.role == "owner" and staff.role != "owner":
            raise UserError("Only the owner may change an owner's account.")
        if (role not in (None, "owner") or active is False) and target.role == "owner":
            others = tx.one("SELECT 1 FROM staff WHERE role = 'owner' AND active = TRUE AND id <> ?", target.id)
            if others is None:
                raise UserError("The office must keep at least one active owner.")
        changes: dict[str, object] = {}
        if role is not None and role != target.role:
            changes["role"] = [target.role, role]
            tx.run("UPDATE staff SET role = ? WHERE id = ?", role, target.id)
        if active is not None and active != target.active:
            changes["active"] = [target.active, active]
            tx.run("UPDATE staff SET active = ? WHERE id = ?", bool(active), target.id)
        if new_pin is not None:
            tx.run("UPDATE staff SET pin_hash = ? WHERE id = ?", hash_pin(new_pin, _pepper(tx)), target.id)
            changes["pin"] = "reset"
        if unlock or new_pin is not None:
            lifted = tx.one("SELECT 1 FROM pin_throttle WHERE scope = ? AND (failures > 0 OR locked_until IS NOT NULL)",
                            f"login:{target.id}")
            if lifted:
                changes["lockout"] = "lifted"
            tx.run("DELETE FROM pin_throttle WHERE scope = ?", f"login:{target.id}")
        if changes:
            _log(tx, instant, staff.id, "staff_changed", target.id, changes)
            record_state(tx, "staff", target.id, at=instant, staff_id=staff.id)


def approvers(db: Database) -> list[tuple[str, str]]:
    """(username, full name) of the active staff who may approve a void: managers and owners."""
    with db.raw(write=False) as tx:
        rows = tx.all("SELECT username, full_name FROM staff WHERE active = TRUE AND role IN ('owner', 'manager') "
                      "ORDER BY id")
    return [(r[0], r[1]) for r in rows]


__all__ = ["MIN_PIN", "StaffView", "add_staff", "approvers", "list_staff", "login_names", "update_staff"]
