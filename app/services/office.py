"""The office itself: first-run set-up and its settings."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.db import Database
from app.errors import UserError
from app.journal import create_key
from app.models import Office, Setting, Staff
from app.security import Action, hash_pin, validate_new_pin
from app.services.common import Actor, acting, iso, journal, now, office
from app.settings_registry import check, option, stored_or_default
from app.text import normalise


@dataclass(frozen=True)
class OfficeSetup:
    name: str
    code: str
    owner_username: str
    owner_name: str
    owner_pin: str
    address: str = ""
    phone: str = ""
    economic_code: str = ""
    footer: str = ""
    display_unit: str = "rial"
    default_vat_bp: int = 1000
    default_vat_included: bool = False


def has_office(db: Database) -> bool:
    with db.read() as session:
        return session.get(Office, 1) is not None


def create_office(db: Database, setup: OfficeSetup, *, at: dt.datetime | None = None) -> Actor:
    """First run: the office row, its journal key (outside the database) and the owner account."""
    name = normalise(setup.name)
    code = normalise(setup.code)
    username = normalise(setup.owner_username).lower()
    if not name or not code:
        raise UserError("The office name and code are required.")
    if not username:
        raise UserError("A user name is required.")
    pin = validate_new_pin(setup.owner_pin)
    if setup.display_unit not in ("rial", "toman"):
        raise UserError("The display unit is rial or toman.")
    instant = now(at)
    install_id = uuid.uuid4().hex
    with db.write() as session:
        if session.get(Office, 1) is not None:
            raise UserError("This database already has an office.")
        create_key(install_id)
        session.add(Office(
            id=1, install_id=install_id, name=name, code=code, address=normalise(setup.address),
            phone=normalise(setup.phone), economic_code=normalise(setup.economic_code),
            footer=normalise(setup.footer), display_unit=setup.display_unit,
            default_vat_bp=setup.default_vat_bp, default_vat_included=setup.default_vat_included,
            day_start_hour=0,
        ))
        owner = Staff(username=username, full_name=normalise(setup.owner_name) or username,
                      role="owner", pin_hash=hash_pin(pin), active=True, failed_attempts=0)
        session.add(owner)
        session.flush()
        journal(session).append(session, at=iso(instant), staff_id=owner.id, action="office_created",
                                entity="office", entity_id=1, payload={"name": name, "code": code})
        return Actor(owner.id, owner.username, owner.full_name, owner.role)


OFFICE_FIELDS = ("name", "code", "address", "phone", "economic_code", "footer", "display_unit",
                 "default_vat_bp", "default_vat_included", "day_start_hour")


def office_settings(db: Database) -> dict[str, Any]:
    with db.read() as session:
        row = office(session)
        return {f: getattr(row, f) for f in OFFICE_FIELDS}


def update_office(db: Database, actor: Actor, changes: dict[str, Any],
                  *, at: dt.datetime | None = None) -> dict[str, Any]:
    """Change office settings; every change is journaled with old and new values."""
    return save_settings(db, actor, changes, {}, at=at)


def save_settings(db: Database, actor: Actor, office_changes: dict[str, Any], settings: dict[str, str],
                  *, at: dt.datetime | None = None) -> dict[str, Any]:
    """One Save of the settings page: office fields and registered settings together, in one
    transaction (all or nothing), each change journaled with its old and new value. Returns what
    changed."""
    unknown = set(office_changes) - set(OFFICE_FIELDS)
    if unknown:
        raise UserError("Unknown setting: {name}", name=", ".join(sorted(unknown)))
    clean = {k: _clean_setting(k, v) for k, v in office_changes.items()}
    checked = {key: check(key, value) for key, value in settings.items()}
    instant = iso(now(at))
    with db.write() as session:
        staff = acting(session, actor, Action.CHANGE_SETTINGS)
        row = office(session)
        diff = {k: [getattr(row, k), v] for k, v in clean.items() if getattr(row, k) != v}
        for key, (_old, new) in diff.items():
            setattr(row, key, new)
        if diff:
            journal(session).append(session, at=instant, staff_id=staff.id, action="settings_changed",
                                    entity="office", entity_id=1, payload=diff)
        changed = {k: v[1] for k, v in diff.items()}
        for key, value in checked.items():
            if _store_setting(session, staff.id, key, value, instant):
                changed[key] = value
        return changed


def _clean_setting(key: str, value: Any) -> Any:
    if key in ("name", "code") and not normalise(str(value)):
        raise UserError("The office name and code are required.")
    if key == "display_unit" and value not in ("rial", "toman"):
        raise UserError("The display unit is rial or toman.")
    if key == "default_vat_bp" and not (isinstance(value, int) and 0 <= value <= 10000):
        raise UserError("Invalid VAT rate: {value}", value=str(value))
    if key == "day_start_hour" and not (isinstance(value, int) and 0 <= value <= 12):
        raise UserError("The business day starts between 0 and 12 o'clock.")
    if key == "default_vat_included":
        return bool(value)
    return normalise(value) if isinstance(value, str) else value


def get_setting(session: Session, key: str, default: str | None = None) -> str:
    """A registered setting (app/settings_registry.py): the stored value, else `default`, else the
    registry's default."""
    row = session.get(Setting, key)
    if row is None and default is not None:
        option(key)
        return default
    return stored_or_default(key, row.value if row else None)


def read_setting(db: Database, key: str, default: str | None = None) -> str:
    """A registered setting read in its own transaction; reading needs no permission."""
    with db.read() as session:
        return get_setting(session, key, default)


def set_setting(db: Database, actor: Actor, key: str, value: str, *, at: dt.datetime | None = None) -> None:
    """A registered office setting (printer, language, backup folder …), checked against its
    declared kind and bounds, and journaled with old and new values."""
    value = check(key, value)
    with db.write() as session:
        staff = acting(session, actor, Action.CHANGE_SETTINGS)
        _store_setting(session, staff.id, key, value, iso(now(at)))


def _store_setting(session: Session, staff_id: int, key: str, value: str, at: str) -> bool:
    """Write one checked setting and journal it; False when it already had that value."""
    row = session.get(Setting, key)
    old = row.value if row else None
    if old == value:
        return False
    if row:
        row.value = value
    else:
        session.add(Setting(key=key, value=value))
    journal(session).append(session, at=at, staff_id=staff_id, action="settings_changed",
                            entity="setting", payload={"key": key, "old": old, "new": value})
    return True
