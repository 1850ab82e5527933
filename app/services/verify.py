"""Verify a database: SQLite integrity, the keyed journal chain, every money record against its
journal entry, and gapless receipt numbers. Names the first bad record of each kind."""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import canonical
from app.db import readonly_uri
from app.errors import CheckFailed
from app.i18n import N_, _
from app.journal import GENESIS, entry_hash, read_anchor, read_key
from app.journal import canonical as dumps

BATCH = 5000


@dataclass
class VerifyReport:
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> Iterator[sqlite3.Row]:
    cur = conn.execute(sql, params)
    while batch := cur.fetchmany(BATCH):
        yield from batch


def verify_file(path: Path, key: bytes | None = None, *, anchored: bool = True) -> VerifyReport:
    """Check everything; raises CheckFailed only when the file or its key cannot be read at all.

    `anchored`: also check the journal reaches the last day close anchored on this computer (off for
    a backup copy, which may rightly be older than that)."""
    if not path.exists():
        raise CheckFailed("Database not found: {path}", path=str(path))
    conn = sqlite3.connect(readonly_uri(path), uri=True)
    conn.row_factory = sqlite3.Row
    try:
        report = VerifyReport()
        try:
            _integrity(conn, report)
            install = conn.execute("SELECT install_id FROM office WHERE id = 1").fetchone()
        except sqlite3.DatabaseError as exc:
            raise CheckFailed("Not a Pishkhan database: {path}", path=str(path)) from exc
        if install is None:
            raise CheckFailed("This database has no office yet. Create one or load the demo.")
        key = key if key is not None else read_key(install[0])
        _chain(conn, key, report, read_anchor(install[0], path) if anchored else None)
        _records(conn, report)
        _numbers(conn, report)
        return report
    finally:
        conn.close()


def _integrity(conn: sqlite3.Connection, report: VerifyReport) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        report.problems.append(_("SQLite integrity check failed: {detail}", detail=result))
    bad_fk = conn.execute("PRAGMA foreign_key_check").fetchone()
    if bad_fk is not None:
        report.problems.append(_("Broken reference in table {table}, row {row}.", table=bad_fk[0], row=bad_fk[1]))


def _chain(conn: sqlite3.Connection, key: bytes, report: VerifyReport, anchor: tuple[int, str] | None) -> None:
    prev = GENESIS
    count = 0
    anchored_hash = None
    for row in _rows(conn, "SELECT * FROM journal ORDER BY id"):
        count += 1
        if anchor is not None and row["id"] == anchor[0]:
            anchored_hash = row["hash"]
        if row["prev_hash"] != prev:
            report.problems.append(_("Journal entry {id} does not follow the one before it "
                                     "(an entry was removed or inserted).", id=row["id"]))
            break
        expected = entry_hash(key, prev, row["at"], row["staff_id"], row["action"], row["entity"],
                              row["entity_id"], row["payload"])
        if expected != row["hash"]:
            report.problems.append(_("Journal entry {id} was altered (its hash does not match).", id=row["id"]))
            break
        prev = row["hash"]
    report.counts["journal"] = count
    if anchor is not None and not report.problems and anchored_hash != anchor[1]:
        report.problems.append(_("The journal no longer reaches entry {id}, recorded at the last day close: "
                                 "entries were removed from its end (or this file is an older copy, such as "
                                 "a backup).", id=anchor[0]))


Loader = Callable[[sqlite3.Connection, int, int], dict[int, dict[str, Any]]]


def _sales(conn: sqlite3.Connection, lo: int, hi: int) -> dict[int, dict[str, Any]]:
    txns = {r["id"]: dict(r) for r in conn.execute("SELECT * FROM txn WHERE id BETWEEN ? AND ?", (lo, hi))}
    lines: dict[int, list[dict[str, Any]]] = {i: [] for i in txns}
    pays: dict[int, list[dict[str, Any]]] = {i: [] for i in txns}
    for r in conn.execute("SELECT * FROM txn_line WHERE txn_id BETWEEN ? AND ?", (lo, hi)):
        lines.setdefault(r["txn_id"], []).append(dict(r))
    for r in conn.execute("SELECT * FROM payment WHERE txn_id BETWEEN ? AND ? ORDER BY id", (lo, hi)):
        pays.setdefault(r["txn_id"], []).append(dict(r))
    orphans = (set(lines) | set(pays)) - set(txns)
    out = {i: canonical.sale(t, lines[i], pays[i]) for i, t in txns.items()}
    for i in orphans:  # lines or payments whose sale is gone
        out[i] = {"orphan": True}
    return out


def _simple(table: str, fields: tuple[str, ...], extra: Callable[[sqlite3.Connection, dict[str, Any]],
            dict[str, Any]] | None = None) -> Loader:
    def load(conn: sqlite3.Connection, lo: int, hi: int) -> dict[int, dict[str, Any]]:
        out = {}
        for r in conn.execute(f"SELECT * FROM {table} WHERE id BETWEEN ? AND ?", (lo, hi)):
            body = canonical.pick(dict(r), fields)
            out[r["id"]] = {**body, **(extra(conn, dict(r)) if extra else {})}
        return out
    return load


def _void_number(conn: sqlite3.Connection, row: dict[str, Any]) -> dict[str, Any]:
    number = conn.execute("SELECT receipt_number FROM txn WHERE id = ?", (row["txn_id"],)).fetchone()
    return {"receipt_number": number[0] if number else None}


CHECKS: list[tuple[str, str, str, Loader]] = [
    ("txn", "sale", N_("sale"), _sales),
    ("void", "void", N_("void"), _simple("void", canonical.VOID_FIELDS, _void_number)),
    ("day_close", "day_close", N_("day close"), _simple("day_close", canonical.DAY_CLOSE_FIELDS)),
    ("cash_movement", "cash_%", N_("cash movement"), _simple("cash_movement", canonical.CASH_MOVEMENT_FIELDS)),
    ("tariff", "tariff_added", N_("tariff"), _simple("tariff", canonical.TARIFF_FIELDS)),
    ("shift", "shift_open", N_("shift"), _simple("shift", canonical.SHIFT_OPEN_FIELDS)),
]


def _records(conn: sqlite3.Connection, report: VerifyReport) -> None:
    for table, action, label, loader in CHECKS:
        _compare(conn, report, table, action, label, loader)
    _shift_closes(conn, report)


def _compare(conn: sqlite3.Connection, report: VerifyReport, table: str, action: str, label: str,
             loader: Loader) -> None:
    top = max(conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0],
              conn.execute("SELECT COALESCE(MAX(entity_id), 0) FROM journal WHERE entity = ? AND action LIKE ?",
                           (table, action)).fetchone()[0])
    for lo in range(1, top + 1, BATCH):
        hi = lo + BATCH - 1
        records = loader(conn, lo, hi)
        journaled = {r[0]: r[1] for r in conn.execute(
            "SELECT entity_id, payload FROM journal WHERE entity = ? AND action LIKE ? AND entity_id BETWEEN ? AND ?",
            (table, action, lo, hi))}
        for rid in sorted(set(records) | set(journaled)):
            problem = _mismatch(label, rid, records.get(rid), journaled.get(rid))
            if problem:
                report.problems.append(problem)
                return
    report.counts[table] = top


def _mismatch(label: str, rid: int, record: dict[str, Any] | None, payload: str | None) -> str | None:
    label = _(label)
    if payload is None:
        return _("The {kind} record {id} has no journal entry (added behind the app's back).", kind=label, id=rid)
    if record is None:
        return _("The {kind} record {id} was deleted.", kind=label, id=rid)
    if dumps(record) != payload:
        changed = _changed_fields(record, json.loads(payload))
        return _("The {kind} record {id} was altered: {fields}.", kind=label, id=rid, fields=changed)
    return None


def _changed_fields(record: dict[str, Any], journaled: dict[str, Any]) -> str:
    names = [k for k in sorted(set(record) | set(journaled)) if record.get(k) != journaled.get(k)]
    return ", ".join(names) or "?"


def _shift_closes(conn: sqlite3.Connection, report: VerifyReport) -> None:
    closes = {r[0]: r[1] for r in conn.execute("SELECT entity_id, payload FROM journal WHERE action = 'shift_close'")}
    for row in _rows(conn, "SELECT * FROM shift WHERE closed_at IS NOT NULL OR id IN "
                           "(SELECT entity_id FROM journal WHERE action = 'shift_close')"):
        body = canonical.pick(dict(row), canonical.SHIFT_CLOSE_FIELDS)
        problem = _mismatch(N_("shift close"), row["id"], body if row["closed_at"] else None, closes.get(row["id"]))
        if problem:
            report.problems.append(problem)
            return


def _numbers(conn: sqlite3.Connection, report: VerifyReport) -> None:
    count, low, high = conn.execute("SELECT COUNT(*), MIN(receipt_number), MAX(receipt_number) FROM txn").fetchone()
    report.counts["receipts"] = count
    if count and (low != 1 or high != count):
        missing = conn.execute(
            "SELECT receipt_number + 1 FROM txn t WHERE NOT EXISTS "
            "(SELECT 1 FROM txn u WHERE u.receipt_number = t.receipt_number + 1) AND receipt_number < ? "
            "ORDER BY receipt_number LIMIT 1", (high,)).fetchone()
        first = 1 if low != 1 else (missing[0] if missing else "?")
        report.problems.append(_("Receipt numbers have a gap: {number} is missing.", number=first))


def verify_database(db: Any, actor: Any) -> VerifyReport:
    """Verify from inside the app: managers and the owner only (the command line `pishkhan verify`
    is the IT person's tool and needs only the file and its key, like any auditor)."""
    from app.security import Action
    from app.services.common import acting

    with db.read() as session:
        acting(session, actor, Action.VERIFY)
    return verify_file(db.path)
