"""Pieces every service uses: the acting staff member, the clock, the journal, the office row,
the business day.

The business day rule (one rule for the header, the receipt and the reports): a record belongs to
the calendar day of its instant (Asia/Tehran, shifted by the office's day-start hour) — unless that
day is already closed, in which case it belongs to the day after the last closed one. Tariffs are
legal prices of a calendar day: a sale is always charged the tariff of its calendar day, whatever
business day it is booked to. Only a day that has begun (not after today's calendar day) and is not
yet closed can be closed, so a repeated close is refused instead of closing days to come.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.errors import AuthError, UserError
from app.jalali import local_day, now_utc
from app.journal import Journal, ServerJournal, session_tx
from app.ledger.keys import check_key, key_path, read_key
from app.ledger.state import STATE_ACTION, TRACKED, select_sql, state_of
from app.office_record import OFFICE_FIELDS, Office
from app.security import Action, require
from app.store.base import Tx
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


@dataclass(frozen=True)
class OfficeRow(Office):
    """The office row: the office's own record and what ties the row to its keys."""

    id: int = 1
    install_id: str = ""
    key_check: str | None = None


_OFFICE = f"SELECT {', '.join(OFFICE_FIELDS)}, id, install_id, key_check FROM office WHERE id = 1"


def office_tx(tx: Tx) -> OfficeRow:
    row = tx.one(_OFFICE)
    if row is None:
        raise UserError("This database has no office yet. Create one or load the demo.")
    values = list(row)
    office = Office.from_values(dict(zip(OFFICE_FIELDS, values, strict=False)))
    ident, install_id, key_check = values[len(OFFICE_FIELDS):]
    return OfficeRow(**vars(office), id=int(ident), install_id=str(install_id), key_check=key_check)


def office(session: Any) -> OfficeRow:
    return office_tx(session_tx(session))


_journals: dict[str, Journal] = {}


_server_journal = ServerJournal()


def journal_for(tx: Tx, office_row: tuple[str, str | None] | None = None) -> Journal:
    """The office's journal writer (its key read once per process, checked against the database);
    on the office server, the server's own function."""
    if tx.engine == "postgresql":
        return _server_journal  # type: ignore[return-value]
    row = office_row or tx.one("SELECT install_id, key_check FROM office WHERE id = 1")
    if row is None:
        raise UserError("This database has no office yet. Create one or load the demo.")
    install_id = str(row[0])
    if install_id not in _journals:
        key = read_key(install_id)
        check_key(key, row[1], key_path(install_id))
        _journals[install_id] = Journal(key, install_id)
    return _journals[install_id]


def journal(session: Any) -> Journal:
    return journal_for(session_tx(session))


def pepper_for(tx: Tx) -> bytes:
    """The secret mixed into PIN hashes: from the journal key on a desk's own books; the server keeps
    it for its desks (they cannot read the chain key)."""
    if tx.engine == "postgresql":
        row = tx.one("SELECT pin_pepper FROM desk_secret WHERE id = 1")
        if row is None:
            raise UserError("This database has no office yet. Create one or load the demo.")
        return bytes(row[0])
    from app.ledger.keys import pin_pepper

    return pin_pepper(journal_for(tx).key)


def desk_name(tx: Tx) -> str:
    """Which counter this is: on the office server, the desk's login (its name after `desk_`)."""
    if tx.engine != "postgresql":
        return ""
    user = str(tx.value("SELECT session_user"))
    return user[len("desk_"):] if user.startswith("desk_") else user


def forget_journal_keys() -> None:
    _journals.clear()


@dataclass(frozen=True)
class StaffRow:
    id: int
    role: str


def acting_tx(tx: Tx, actor: Actor, action: Action) -> StaffRow:
    """The actor's current staff row, active and allowed to do `action`."""
    row = tx.one("SELECT id, role, CAST(active AS INTEGER) FROM staff WHERE id = ?", actor.id)
    if row is None or not row[2]:
        raise AuthError("This account is not active.")
    require(row[1], action)
    return StaffRow(row[0], row[1])


def acting(session: Any, actor: Actor, action: Action) -> StaffRow:
    return acting_tx(session_tx(session), actor, action)


def last_closed_day(tx: Tx) -> dt.date | None:
    value = tx.value("SELECT MAX(business_day) FROM day_close")
    return dt.date.fromisoformat(value) if value else None


def calendar_day(tx: Tx, instant: dt.datetime) -> dt.date:
    """The office's calendar day of an instant (its day may start after midnight)."""
    return local_day(instant, int(tx.value("SELECT day_start_hour FROM office WHERE id = 1") or 0))


def business_day_tx(tx: Tx, instant: dt.datetime) -> dt.date:
    """The business day a record made at `instant` belongs to (see the module's rule)."""
    return booked_day(calendar_day(tx, instant), last_closed_day(tx))


def booked_day(calendar: dt.date, closed: dt.date | None) -> dt.date:
    """The rule itself: the calendar day, unless it is closed; then the day after the last closed one."""
    return closed + dt.timedelta(days=1) if closed is not None and calendar <= closed else calendar


def business_day(session: Any, instant: dt.datetime) -> dt.date:
    return business_day_tx(session_tx(session), instant)


def open_shift_of(session: Any, staff_id: int) -> int | None:
    return open_shift_tx(session_tx(session), staff_id)


def open_shift_tx(tx: Tx, staff_id: int) -> int | None:
    value = tx.value("SELECT id FROM shift WHERE staff_id = ? AND closed_at IS NULL ORDER BY id DESC LIMIT 1",
                     staff_id)
    return None if value is None else int(value)


@dataclass(frozen=True)
class StaffAccount:
    id: int
    username: str
    full_name: str
    role: str
    pin_hash: str
    active: bool


def staff_by_username_tx(tx: Tx, username: str) -> StaffAccount | None:
    # Normalised as add_staff stores it (and a name typed with bytes that are not UTF-8 cannot reach SQLite).
    row = tx.one("SELECT id, username, full_name, role, pin_hash, CAST(active AS INTEGER) FROM staff "
                 "WHERE username = ?", normalise(username).lower())
    return None if row is None else StaffAccount(row[0], row[1], row[2], row[3], row[4], bool(row[5]))


def staff_by_username(session: Any, username: str) -> StaffAccount | None:
    return staff_by_username_tx(session_tx(session), username)


def record_state(tx: Tx, entity: str, row_id: int | None, *, at: str, staff_id: int | None,
                 key: str | None = None) -> None:
    """Append the state of one tracked row (app/ledger/state.py) after the caller changed it."""
    from app.journal import canonical

    tracked = TRACKED[entity]
    where = "WHERE key = ?" if tracked.key == "key" else "WHERE id = ?"
    row = tx.one(f"{select_sql(tracked)} {where}", key if tracked.key == "key" else row_id)
    if row is None:
        raise UserError("No such record: {value}", value=str(key or row_id))
    payload = canonical(state_of(tracked, row[1:]))
    from app.ledger.chain import Entry

    journal_for(tx).append_tx(tx, Entry(at, staff_id, STATE_ACTION, entity, row_id if tracked.key == "id" else None,
                                        payload))


def record_state_in(session: Any, entity: str, row_id: int | None, *, at: str, staff_id: int | None,
                    key: str | None = None) -> None:
    record_state(session_tx(session), entity, row_id, at=at, staff_id=staff_id, key=key)


def latest_states(tx: Tx, entity: str) -> dict[Any, str]:
    """The newest state payload of each row of a tracked table, by row id (settings: by key)."""
    import json

    out: dict[Any, str] = {}
    tracked = TRACKED[entity]
    for entity_id, payload in tx.all("SELECT entity_id, payload FROM journal WHERE action = ? AND entity = ? "
                                     "ORDER BY id", STATE_ACTION, entity):
        out[json.loads(payload)["key"] if tracked.key == "key" else entity_id] = payload
    return out


def sync_states(tx: Tx, entity: str, *, at: str, staff_id: int | None) -> int:
    """Append a state entry for every row of a tracked table that changed since its last one
    (after a bulk change such as a tariff import). Returns how many were appended."""
    from app.journal import canonical
    from app.ledger.chain import Entry

    tracked = TRACKED[entity]
    known = latest_states(tx, entity)
    count = 0
    for rid, *values in tx.all(select_sql(tracked)):
        state = state_of(tracked, values)
        payload = canonical(state)
        name = state["key"] if tracked.key == "key" else rid
        if known.get(name) != payload:
            journal_for(tx).append_tx(tx, Entry(at, staff_id, STATE_ACTION, entity, rid, payload))
            count += 1
    return count


def now(at: dt.datetime | None = None) -> dt.datetime:
    return at or now_utc()
