"""Staff accounts: add, change role, deactivate (never delete), reset a PIN, lift a lockout."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select

from app.db import Database
from app.errors import UserError
from app.models import Staff
from app.security import Action, Role, hash_pin, validate_new_pin
from app.services.common import Actor, acting, iso, journal, now, staff_by_username
from app.text import clip, for_message, normalise


@dataclass(frozen=True)
class StaffView:
    id: int
    username: str
    full_name: str
    role: str
    active: bool
    locked_until: str | None


def list_staff(db: Database, actor: Actor) -> list[StaffView]:
    with db.read() as session:
        acting(session, actor, Action.MANAGE_STAFF)
        rows = session.execute(select(Staff).order_by(Staff.id)).scalars().all()
        return [StaffView(s.id, s.username, s.full_name, s.role, s.active, s.locked_until) for s in rows]


def login_names(db: Database) -> list[tuple[str, str]]:
    """(username, full name) of active staff, for the login screen."""
    with db.read() as session:
        rows = session.execute(select(Staff.username, Staff.full_name).where(Staff.active.is_(True))
                               .order_by(Staff.id)).all()
        return [(r[0], r[1]) for r in rows]


def _check_role(role: str) -> str:
    if role not in {r.value for r in Role}:
        raise UserError("Unknown role: {value}", value=for_message(role))
    return role


def add_staff(db: Database, actor: Actor, username: str, full_name: str, role: str, pin: str,
              *, at: dt.datetime | None = None) -> int:
    """A new account. Only the owner may create another owner."""
    username = normalise(username).lower()
    if not re.fullmatch(r"[a-z0-9_.\-]{2,32}", username):
        raise UserError("A user name is 2 to 32 Latin letters, digits, dot, dash or underscore.")
    full_name = clip(full_name, 80)
    if not full_name:
        raise UserError("A full name is required.")
    pin = validate_new_pin(pin)
    _check_role(role)
    with db.write() as session:
        staff = acting(session, actor, Action.MANAGE_STAFF)
        if role == "owner" and staff.role != "owner":
            raise UserError("Only the owner may create another owner.")
        if staff_by_username(session, username) is not None:
            raise UserError("The user name {name} is taken.", name=for_message(username))
        row = Staff(username=username, full_name=full_name, role=role, pin_hash=hash_pin(pin),
                    active=True, failed_attempts=0)
        session.add(row)
        session.flush()
        journal(session).append(session, at=iso(now(at)), staff_id=staff.id, action="staff_added",
                                entity="staff", entity_id=row.id, payload={"username": username, "role": role})
        return row.id


def update_staff(db: Database, actor: Actor, username: str, *, role: str | None = None,
                 active: bool | None = None, pin: str | None = None, unlock: bool = False,
                 at: dt.datetime | None = None) -> None:
    """Change a role, (de)activate, reset a PIN (owner only) or lift a lockout."""
    if role is not None:
        _check_role(role)
    new_pin = validate_new_pin(pin) if pin is not None else None
    with db.write() as session:
        staff = acting(session, actor, Action.RESET_PIN if pin is not None else Action.MANAGE_STAFF)
        target = staff_by_username(session, username)
        if target is None:
            raise UserError("No such user: {name}", name=for_message(username))
        if target.role == "owner" and staff.role != "owner":
            raise UserError("Only the owner may change an owner's account.")
        if (role not in (None, "owner") or active is False) and target.role == "owner":
            others = session.execute(select(Staff).where(Staff.role == "owner", Staff.active.is_(True),
                                                         Staff.id != target.id)).first()
            if others is None:
                raise UserError("The office must keep at least one active owner.")
        changes: dict[str, object] = {}
        if role is not None and role != target.role:
            changes["role"] = [target.role, role]
            target.role = role
        if active is not None and active != target.active:
            changes["active"] = [target.active, active]
            target.active = active
        if new_pin is not None:
            target.pin_hash = hash_pin(new_pin)
            changes["pin"] = "reset"
        if unlock or new_pin is not None:
            if target.locked_until or target.failed_attempts:
                changes["lockout"] = "lifted"
            target.locked_until = None
            target.failed_attempts = 0
        if changes:
            journal(session).append(session, at=iso(now(at)), staff_id=staff.id, action="staff_changed",
                                    entity="staff", entity_id=target.id, payload=changes)


def approvers(db: Database) -> list[tuple[str, str]]:
    """(username, full name) of the active staff who may approve a void: managers and owners."""
    with db.read() as session:
        rows = session.execute(select(Staff.username, Staff.full_name)
                               .where(Staff.active.is_(True), Staff.role.in_(("owner", "manager")))
                               .order_by(Staff.id)).all()
        return [(r[0], r[1]) for r in rows]
