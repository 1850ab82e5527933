"""The office itself: first-run set-up and its settings."""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from app.db import Database
from app.errors import UserError
from app.i18n import _
from app.journal import as_tx, session_tx
from app.ledger.keys import create_key, key_check, pin_pepper
from app.office_record import OFFICE_FIELDS, TEXT_FIELDS, Office
from app.security import Action, hash_pin, validate_new_pin
from app.services.common import Actor, acting, iso, journal, now, office, office_tx, record_state
from app.services.office_history import record_version, touches_receipts
from app.services.signing_keys import record_key
from app.settings_registry import Setting, SettingValues, declared
from app.signing import create_private_key
from app.text import limited, normalise

T = TypeVar("T")


@dataclass(frozen=True)
class OfficeSetup:
    """The first run's form: the office, and its owner's account."""

    office: Office
    owner_username: str
    owner_name: str
    owner_pin: str


def has_office(db: Database) -> bool:
    with db.raw(write=False) as tx:
        return tx.one("SELECT 1 FROM office WHERE id = 1") is not None


_INSERT_OFFICE = (f"INSERT INTO office (id, install_id, {', '.join(OFFICE_FIELDS)}, key_check) "
                  f"VALUES (1, ?, {', '.join('?' for _f in OFFICE_FIELDS)}, ?)")


def create_office(db: Database, setup: OfficeSetup, *, at: dt.datetime | None = None) -> Actor:
    """First run: the office row, its journal and signing keys (outside the database), the owner account,
    the first version of what receipts show about the office, and the witness of the journal's end."""
    record = checked_office(setup.office)
    username = normalise(setup.owner_username).lower()
    if not username:
        raise UserError("A user name is required.")
    pin = validate_new_pin(setup.owner_pin, "owner")
    instant = iso(now(at))
    install_id = uuid.uuid4().hex
    with db.write() as session:
        tx = session_tx(session)
        if tx.one("SELECT 1 FROM office WHERE id = 1") is not None:
            raise UserError("This database already has an office.")
        key = create_key(install_id)  # (on the server PC: the owner's copy, for backups)
        tx.run(_INSERT_OFFICE, install_id, *(getattr(record, f) for f in OFFICE_FIELDS), key_check(key))
        if tx.engine == "postgresql":  # the server's function chains with the key; desks check PINs with the pepper
            tx.run("INSERT INTO ledger_secret (id, install_id, key) VALUES (1, ?, ?)", install_id, key)
            tx.run("INSERT INTO desk_secret (id, pin_pepper) VALUES (1, ?)", pin_pepper(key))
        full_name = limited(setup.owner_name, NAME_MAX, _("full name")) or username
        owner_id = tx.insert("INSERT INTO staff (username, full_name, role, pin_hash, active) VALUES (?, ?, ?, ?, ?) "
                             "RETURNING id", username, full_name, "owner", hash_pin(pin, pin_pepper(key)), True)
        journal(session).append(session, at=instant, staff_id=owner_id, action="office_created",
                                entity="office", entity_id=1, payload={"name": record.name, "code": record.code})
        record_state(tx, "office", 1, at=instant, staff_id=owner_id)
        record_state(tx, "staff", owner_id, at=instant, staff_id=owner_id)
        record_version(session, record, at=instant, staff_id=owner_id, source="created")
        record_key(session, create_private_key(install_id), at=instant, staff_id=owner_id)
        return Actor(owner_id, username, full_name, "owner")


NAME_MAX = 80


def checked_office(record: Office) -> Office:
    """The record as it will be stored (texts tidied, ASCII digits), or a UserError saying what is wrong."""
    texts: dict[str, Any] = {f: normalise(str(getattr(record, f))) for f in TEXT_FIELDS}
    record = replace(record, **texts)
    if not record.name or not record.code:
        raise UserError("The office name and code are required.")
    if record.display_unit not in ("rial", "toman"):
        raise UserError("The display unit is rial or toman.")
    if not _whole(record.default_vat_bp, 0, 10000):
        raise UserError("Invalid VAT rate: {value}", value=str(record.default_vat_bp))
    if not _whole(record.day_start_hour, 0, 12):
        raise UserError("The business day starts between 0 and 12 o'clock.")
    return replace(record, default_vat_included=bool(record.default_vat_included))


def _whole(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def office_settings(db: Database) -> Office:
    """The office as it stands now (no permission needed: every screen shows it)."""
    with db.raw(write=False) as tx:
        return Office.from_values(vars(office_tx(tx)))


def update_office(db: Database, actor: Actor, changes: Mapping[str, Any],
                  *, at: dt.datetime | None = None) -> dict[str, Any]:
    """Change office settings (field name -> new value); every change is journaled with old and new values."""
    return save_settings(db, actor, changes, {}, at=at)


def save_settings(db: Database, actor: Actor, office_changes: Mapping[str, Any],
                  settings: Mapping[Setting[Any], object], *, at: dt.datetime | None = None,
                  also_needs: Action | None = None) -> dict[str, Any]:
    """One Save of a settings page: office fields (by name) and registered settings together, in one
    transaction (all or nothing), each change journaled with its old and new value and the new state
    of what changed. A wrong value is refused with a message naming it, before anything is written.
    A change to what receipts show adds a version to the office history, taking effect now: receipts
    of earlier sales keep showing what was in force then. `also_needs`: a permission the page needs
    besides changing settings. Returns what changed (field or setting key -> new value)."""
    unknown = set(office_changes) - set(OFFICE_FIELDS)
    if unknown:
        raise UserError("Unknown setting: {name}", name=", ".join(sorted(unknown)))
    checked = {declared(setting): setting.check(value) for setting, value in settings.items()}
    instant = iso(now(at))
    with db.write() as session:
        staff = acting(session, actor, Action.CHANGE_SETTINGS)
        if also_needs is not None:
            acting(session, actor, also_needs)
        changed = _change_office(session, staff.id, office_changes, instant)
        for setting, value in checked.items():
            if _store_setting(session, staff.id, setting, value, instant):
                changed[setting.key] = value
        return changed


def _change_office(session: Any, staff_id: int, changes: Mapping[str, Any], at: str) -> dict[str, Any]:
    """Write the office fields that differ from the row (the caller's transaction); returns them."""
    if not changes:
        return {}
    before = Office.from_values(vars(office(session)))
    after = checked_office(replace(before, **changes))
    diff = {f: [old, new] for f, (old, new) in before.changed(after).items()}
    if not diff:
        return {}
    tx = session_tx(session)
    tx.run(f"UPDATE office SET {', '.join(f'{k} = ?' for k in diff)} WHERE id = 1", *(v[1] for v in diff.values()))
    journal(session).append(session, at=at, staff_id=staff_id, action="settings_changed",
                            entity="office", entity_id=1, payload=diff)
    record_state(tx, "office", 1, at=at, staff_id=staff_id)
    if touches_receipts(diff):
        record_version(session, after, at=at, staff_id=staff_id, source="changed")
    return {k: v[1] for k, v in diff.items()}


def get_setting(session: Any, setting: Setting[T]) -> T:
    """A registered setting (app/settings_registry.py) as its type: the stored value, else its default."""
    declared(setting)
    return setting.read(as_tx(session).value("SELECT value FROM setting WHERE key = ?", setting.key))


def read_setting(db: Database, setting: Setting[T]) -> T:
    """A registered setting read in its own transaction; reading needs no permission."""
    with db.raw(write=False) as tx:
        return get_setting(tx, setting)


def read_settings(db: Database, settings: Iterable[Setting[Any]]) -> SettingValues:
    """Several registered settings read together, in one transaction."""
    with db.raw(write=False) as tx:
        return SettingValues({s.key: get_setting(tx, s) for s in settings})


def set_setting(db: Database, actor: Actor, setting: Setting[T], value: T, *, at: dt.datetime | None = None) -> None:
    """One registered setting (printer, language, backup folder …), checked against its declaration,
    and journaled with old and new values and its new state."""
    save_settings(db, actor, {}, {setting: value}, at=at)


def _store_setting(session: Any, staff_id: int, setting: Setting[Any], value: object, at: str) -> bool:
    """Write one checked setting and journal it with its new state; False when it already had that value."""
    tx = session_tx(session)
    key, text = setting.key, setting.dump(value)
    old = tx.value("SELECT value FROM setting WHERE key = ?", key)
    if old == text:
        return False
    tx.run("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
           key, text)
    journal(session).append(session, at=at, staff_id=staff_id, action="settings_changed",
                            entity="setting", payload={"key": key, "old": old, "new": text})
    record_state(tx, "setting", None, at=at, staff_id=staff_id, key=key)
    return True
