"""The upgrade of a SQLite database from chain version 1 to version 2 (migration 0007).

Order matters: the version-1 journal is checked completely with the office's key before anything
changes; an altered history stops the upgrade (the database stays as it was, untouched). Then the
day summaries of closed days are written, every entry is re-chained in version 2 in its original
order, and `chain_upgraded` records how version 1 ended, so its last hash stays on record.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from app.errors import CheckFailed
from app.ledger import canonical, forms, legacy_v1, summaries, witness
from app.ledger.chain import GENESIS, Entry, entry_hash
from app.ledger.keys import key_check, read_key
from app.ledger.state import STATE_ACTION, TRACKED, select_sql, state_of
from app.ledger.tables import APPEND_ONLY
from app.store.base import Tx

# The witness to write once the upgrade has committed (app.db.migrate does it).
PENDING: list[tuple[bytes, str, witness.Mark]] = []


def check_version_1(conn: sqlite3.Connection) -> bytes | None:
    """The office's key, after the version-1 journal checked intact (None: no office yet)."""
    row = conn.execute("SELECT install_id FROM office WHERE id = 1").fetchone()
    if row is None:
        return None
    key = read_key(row[0])
    factory = conn.row_factory
    try:
        found = legacy_v1.problems(conn, key)
    finally:
        conn.row_factory = factory
    if found:
        raise CheckFailed("The journal failed verification, so the database was not upgraded ({problem}). "
                          "Restore a good backup, or ask for help.", problem=found[0])
    return key


def rebuild(conn: sqlite3.Connection, key: bytes | None) -> None:
    tx = Tx(conn.cursor())
    tx.run("INSERT INTO receipt_counter (id, last_number) SELECT 1, COALESCE(MAX(receipt_number), 0) FROM txn")
    from app.text import search_key

    tx.many("INSERT INTO txn_search (txn_id, name_key) VALUES (?, ?)",
            [(i, search_key(n)) for i, n in tx.all("SELECT id, citizen_name FROM txn WHERE national_id = '' "
                                                   "AND citizen_name <> ''")])
    _write_summaries(tx)
    tx.run("CREATE TABLE journal_v2 (id INTEGER NOT NULL PRIMARY KEY, at TEXT NOT NULL, staff_id INTEGER, "
           "action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER, payload TEXT, digest BLOB, "
           "fields BLOB, hash BLOB NOT NULL)")
    mark = None
    if key is not None:
        tx.run("UPDATE office SET key_check = ? WHERE id = 1", key_check(key))
        mark = _rechain(tx, key)
    for trigger in ("journal_no_update", "journal_no_delete"):
        tx.run(f"DROP TRIGGER IF EXISTS {trigger}")
    tx.run("DROP INDEX IF EXISTS ix_journal_entity")
    tx.run("DROP TABLE journal")
    tx.run("ALTER TABLE journal_v2 RENAME TO journal")
    tx.run("CREATE INDEX ix_journal_entity ON journal (entity, entity_id)")
    for table in ("journal", "day_summary", "txn_search"):
        append_only_triggers(tx, table)
    if key is not None and mark is not None:
        install_id = tx.value("SELECT install_id FROM office WHERE id = 1")
        PENDING.append((key, str(install_id), mark))


def append_only_triggers(tx: Tx, table: str) -> None:
    assert table in APPEND_ONLY
    for event in ("UPDATE", "DELETE"):
        tx.run(f"CREATE TRIGGER IF NOT EXISTS {table}_no_{event.lower()} BEFORE {event} ON {table} "
               f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")


def _write_summaries(tx: Tx) -> None:
    closes = tx.all("SELECT id, business_day FROM day_close ORDER BY business_day")
    if not closes:
        return
    by_day = summaries.summarise(tx, closes[0][1], closes[-1][1])
    for close_id, day in closes:
        summaries.insert(tx, close_id, by_day.get(day, []))


def _seals(tx: Tx) -> dict[str, dict[int, canonical.Sealed]]:
    """Every record's version-2 seal, by action (the records were just checked against version 1)."""
    out: dict[str, dict[int, canonical.Sealed]] = {}
    tables = {r[0] for r in tx.all("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for action, kind in forms.KINDS.items():
        if kind.table not in tables:  # (a table a later migration adds: nothing of it to seal yet)
            continue
        top = tx.value(f"SELECT COALESCE(MAX(id), 0) FROM {kind.table}")
        out[action] = {rid: canonical.seal(*parts) for rid, parts in kind.load(tx, 1, int(top))}
    return out


def _rechain(tx: Tx, key: bytes) -> witness.Mark:
    seals = _seals(tx)
    prev, last_v1, count, new_id = GENESIS, legacy_v1.GENESIS_V1, 0, 0
    rows = tx.all("SELECT id, at, staff_id, action, entity, entity_id, payload, hash FROM journal ORDER BY id")
    for _old_id, at, staff_id, action, entity, entity_id, payload, old_hash in rows:
        if action in seals:
            sealed = seals[action][entity_id]
            entry = Entry(at, staff_id, action, entity, entity_id, None, sealed.digest, sealed.fields)
        else:
            entry = Entry(at, staff_id, action, entity, entity_id, payload)
        prev, new_id = _insert(tx, key, prev, entry)
        last_v1, count = old_hash, count + 1
    now = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    note = legacy_v1.dumps({"v1_entries": count, "v1_last_hash": last_v1})
    prev, new_id = _insert(tx, key, prev, Entry(now, None, "chain_upgraded", "journal", None, note))
    for entity, tracked in TRACKED.items():
        for rid, *values in tx.all(select_sql(tracked)):
            payload = legacy_v1.dumps(state_of(tracked, values))
            prev, new_id = _insert(tx, key, prev, Entry(now, None, STATE_ACTION, entity, rid, payload))
    return witness.Mark(new_id, prev)


def _insert(tx: Tx, key: bytes, prev: bytes, entry: Entry) -> tuple[bytes, int]:
    digest = entry_hash(key, prev, entry)
    new_id = tx.insert("INSERT INTO journal_v2 (at, staff_id, action, entity, entity_id, payload, digest, fields, "
                       "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", entry.at, entry.staff_id,
                       entry.action, entry.entity, entry.entity_id, entry.payload, entry.digest, entry.fields,
                       digest)
    return digest, new_id


def write_pending() -> None:
    """After the upgrade committed: the witness of the re-chained journal's end."""
    while PENDING:
        key, install_id, mark = PENDING.pop()
        witness.create(key, witness.witness_path(install_id), mark)


def postgres_baseline(bind: Any) -> None:
    from app.ledger import server_schema

    server_schema.create(bind)
