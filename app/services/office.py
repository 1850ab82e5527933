"""The office itself: first-run set-up and its settings."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from app.db import Database
from app.errors import UserError
from app.i18n import _
from app.journal import as_tx, session_tx
from app.ledger.keys import create_key, key_check, pin_pepper
from app.security import Action, hash_pin, validate_new_pin
from app.services.common import Actor, acting, iso, journal, now, office, office_tx, record_state
from app.services.office_history import record_version, touches_receipts
from app.services.signing_keys import record_key
from app.settings_registry import check, option, stored_or_default
from app.signing import create_private_key
from app.text import limited, normalise


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
    with db.raw(write=False) as tx:
        return tx.one("SELECT 1 FROM office WHERE id = 1") is not None


_INSERT_OFFICE = ("INSERT INTO office (id, install_id, name, code, address, phone, economic_code, footer, "
                  "display_unit, default_vat_bp, default_vat_included, day_start_hour, key_check) "
                  "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")


def create_office(db: Database, setup: OfficeSetup, *, at: dt.datetime | None = None) -> Actor:
    """First run: the office row, its journal and signing keys (outside the database), the owner account,
    the first version of what receipts show about the office, and the witness of the journal's end."""
    name = normalise(setup.name)
    code = normalise(setup.code)
    username = normalise(setup.owner_username).lower()
    if not name or not code:
        raise UserError("The office name and code are required.")
    if not username:
        raise UserError("A user name is required.")
    pin = validate_new_pin(setup.owner_pin, "owner")
    if setup.display_unit not in ("rial", "toman"):
        raise UserError("The display unit is rial or toman.")
    instant = iso(now(at))
    install_id = uuid.uuid4().hex
    with db.write() as session:
        tx = session_tx(session)
        if tx.one("SELECT 1 FROM office WHERE id = 1") is not None:
            raise UserError("This database already has an office.")
        key = create_key(install_id)  # (on the server PC: the owner's copy, for backups)
        tx.run(_INSERT_OFFICE, install_id, name, code, normalise(setup.address), normalise(setup.phone),
               normalise(setup.economic_code), normalise(setup.footer), setup.display_unit, setup.default_vat_bp,
               bool(setup.default_vat_included), key_check(key))
        if tx.engine == "postgresql":  # the server's function chains with the key; desks check PINs with the pepper
            tx.run("INSERT INTO ledger_secret (id, install_id, key) VALUES (1, ?, ?)", install_id, key)
            tx.run("INSERT INTO desk_secret (id, pin_pepper) VALUES (1, ?)", pin_pepper(key))
        full_name = limited(setup.owner_name, NAME_MAX, _("full name")) or username
        owner_id = tx.insert("INSERT INTO staff (username, full_name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?) "
                             "RETURNING id", username, full_name, "owner", hash_pin(pin, pin_pepper(key)), True)
        journal(session).append(session, at=instant, staff_id=owner_id, action="office_created",
                                entity="office", entity_id=1, payload={"name": name, "code": code})
        record_state(tx, "office", 1, at=instant, staff_id=owner_id)
        record_state(tx, "staff", owner_id, at=instant, staff_id=owner_id)
        row = office(session)
        record_version(session, {f: getattr(row, f) for f in OFFICE_FIELDS}, at=instant, staff_id=owner_id,
                       source="created")
        record_key(session, create_private_key(install_id), at=instant, staff_id=owner_id)
        return Actor(owner_id, username, full_name, "owner")


OFFICE_FIELDS = ("name", "code", "address", "phone", "economic_code", "footer", "display_unit",
                 "default_vat_bp", "default_vat_included", "day_start_hour")
NAME_MAX = 80


def office_settings(db: Database) -> dict[str, Any]:
    with db.raw(write=False) as tx:
        row = office_tx(tx)
        return {f: getattr(row, f) for f in OFFICE_FIELDS}


def update_office(db: Database, actor: Actor, changes: dict[str, Any],
                  *, at: dt.datetime | None = None) -> dict[str, Any]:
    """Change office settings; every change is journaled with old and new values."""
    return save_settings(db, actor, changes, {}, at=at)


def save_settings(db: Database, actor: Actor, office_changes: dict[str, Any], settings: dict[str, str],
                  *, at: dt.datetime | None = None) -> dict[str, Any]:
    """One Save of the settings page: office fields and registered settings together, in one
    transaction (all or nothing), each change journaled with its old and new value and the new state
    of what changed. A change to what receipts show adds a version to the office history, taking
    effect now: receipts of earlier sales keep showing what was in force then. Returns what changed."""
    unknown = set(office_changes) - set(OFFICE_FIELDS)
    if unknown:
        raise UserError("Unknown setting: {name}", name=", ".join(sorted(unknown)))
    clean = {k: _clean_setting(k, v) for k, v in office_changes.items()}
    checked = {key: check(key, value) for key, value in settings.items()}
    instant = iso(now(at))
    with db.write() as session:
        tx = session_tx(session)
        staff = acting(session, actor, Action.CHANGE_SETTINGS)
        row = office(session)
        diff = {k: [getattr(row, k), v] for k, v in clean.items() if getattr(row, k) != v}
        if diff:
            tx.run(f"UPDATE office SET {', '.join(f'{k} = ?' for k in diff)} WHERE id = 1",
                   *(v[1] for v in diff.values()))
            journal(session).append(session, at=instant, staff_id=staff.id, action="settings_changed",
                                    entity="office", entity_id=1, payload=diff)
            record_state(tx, "office", 1, at=instant, staff_id=staff.id)
            if touches_receipts(diff):
                row = office(session)
                record_version(session, {f: getattr(row, f) for f in OFFICE_FIELDS}, at=instant,
                               staff_id=staff.id, source="changed")
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


def get_setting(session: Any, key: str, default: str | None = None) -> str:
    """A registered setting (app/settings_registry.py): the stored value, else `default`, else the
    registry's default."""
    stored = as_tx(session).value("SELECT value FROM setting WHERE key = ?", key)
    if stored is None and default is not None:
        option(key)
        return default
    return stored_or_default(key, stored)


def read_setting(db: Database, key: str, default: str | None = None) -> str:
    """A registered setting read in its own transaction; reading needs no permission."""
    with db.raw(write=False) as tx:
        return get_setting(tx, key, default)


def set_setting(db: Database, actor: Actor, key: str, value: str, *, at: dt.datetime | None = None) -> None:
    """A registered office setting (printer, language, backup folder …), checked against its
    declared kind and bounds, and journaled with old and new values and its new state."""
    value = check(key, value)
    with db.write() as session:
        staff = acting(session, actor, Action.CHANGE_SETTINGS)
        _store_setting(session, staff.id, key, value, iso(now(at)))


def _store_setting(session: Any, staff_id: int, key: str, value: str, at: str) -> bool:
    """Write one checked setting and journal it with its new state; False when it already had that value."""
    tx = session_tx(session)
    old = tx.value("SELECT value FROM setting WHERE key = ?", key)
    if old == value:
        return False
    tx.run("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
           key, value)
    journal(session).append(session, at=at, staff_id=staff_id, action="settings_changed",
                            entity="setting", payload={"key": key, "old": old, "new": value})
    record_state(tx, "setting", None, at=at, staff_id=staff_id, key=key)
    return True
