"""Chain version 1 (up to schema 0004): read only by the upgrade to version 2.

Version 1 kept a JSON copy of every record in its journal entry and chained
HMAC(prev hex | at | staff | action | entity | entity_id | payload). The upgrade checks a version-1
journal completely — chain and every record against its copy — before re-chaining it, so that an
altered history is never laundered into a fresh chain.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

GENESIS_V1 = "0" * 64

SALE_FIELDS = ("receipt_number", "business_day", "created_at", "staff_id", "shift_id", "citizen_id",
               "citizen_name", "national_id", "mobile", "agency_total", "office_total", "vat_total",
               "grand_total", "change_due")
LINE_FIELDS = ("line_no", "service_id", "tariff_id", "service_code", "service_name", "agency_name",
               "quantity", "agency_fee", "office_fee", "agency_amount", "office_amount", "vat_amount",
               "line_total", "vat_bp", "vat_included", "tracking_code")
PAYMENT_FIELDS = ("method", "amount", "tendered", "terminal", "reference")
VOID_FIELDS = ("txn_id", "business_day", "created_at", "staff_id", "approved_by", "shift_id", "reason",
               "agency_total", "office_total", "vat_total", "grand_total", "cash_refund")
DAY_CLOSE_FIELDS = ("business_day", "closed_at", "staff_id", "visits", "voids", "agency_total",
                    "office_total", "vat_total", "grand_total", "cumulative_total", "chain_hash")
CASH_MOVEMENT_FIELDS = ("shift_id", "staff_id", "at", "kind", "amount", "reason")
SHIFT_OPEN_FIELDS = ("staff_id", "opened_at", "opening_float")
SHIFT_CLOSE_FIELDS = ("closed_at", "expected_cash", "counted_cash", "variance", "denominations")
TARIFF_FIELDS = ("service_id", "effective_from", "agency_fee", "office_fee", "vat_bp", "vat_included",
                 "variable_agency_fee", "agency_fee_min", "agency_fee_max")


def dumps(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(key: bytes, prev: str, at: str, staff_id: int | None, action: str, entity: str,
               entity_id: int | None, payload: str) -> str:
    message = "|".join([prev, at, str(staff_id), action, entity, str(entity_id), payload])
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _pick(row: sqlite3.Row, names: Sequence[str]) -> dict[str, Any]:
    return {n: int(row[n]) if isinstance(row[n], bool) else row[n] for n in names}


def _by(conn: sqlite3.Connection, sql: str) -> dict[int, list[sqlite3.Row]]:
    out: dict[int, list[sqlite3.Row]] = {}
    for row in conn.execute(sql):
        out.setdefault(row[0], []).append(row)
    return out


def record_payload(conn: sqlite3.Connection, action: str, entity_id: int,
                   cache: dict[str, Any]) -> dict[str, Any] | None:
    """The version-1 copy a record-backed entry should hold, rebuilt from the record."""
    if action == "sale":
        t = conn.execute("SELECT * FROM txn WHERE id = ?", (entity_id,)).fetchone()
        if t is None:
            return None
        body = _pick(t, SALE_FIELDS)
        lines = conn.execute("SELECT * FROM txn_line WHERE txn_id = ? ORDER BY line_no", (entity_id,)).fetchall()
        pays = conn.execute("SELECT * FROM payment WHERE txn_id = ? ORDER BY id", (entity_id,)).fetchall()
        body["lines"] = [_pick(x, LINE_FIELDS) for x in lines]
        body["payments"] = [_pick(p, PAYMENT_FIELDS) for p in pays]
        return body
    table, names = {"void": ("void", VOID_FIELDS), "day_close": ("day_close", DAY_CLOSE_FIELDS),
                     "cash_in": ("cash_movement", CASH_MOVEMENT_FIELDS),
                     "cash_out": ("cash_movement", CASH_MOVEMENT_FIELDS),
                     "tariff_added": ("tariff", TARIFF_FIELDS), "shift_open": ("shift", SHIFT_OPEN_FIELDS),
                     "shift_close": ("shift", SHIFT_CLOSE_FIELDS)}[action]
    row = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    body = _pick(row, names)
    if action == "void":
        number = conn.execute("SELECT receipt_number FROM txn WHERE id = ?", (row["txn_id"],)).fetchone()
        body["receipt_number"] = number[0] if number else None
    return body


RECORD_ACTIONS = {"sale", "void", "day_close", "cash_in", "cash_out", "tariff_added", "shift_open", "shift_close"}


def problems(conn: sqlite3.Connection, key: bytes) -> list[str]:
    """Every way a version-1 journal fails: a broken chain, a record that differs from its copy, a
    record without an entry. Empty when it is intact."""
    conn.row_factory = sqlite3.Row
    found: list[str] = []
    prev = GENESIS_V1
    journaled: dict[str, set[int]] = {}
    cache: dict[str, Any] = {}
    for row in conn.execute("SELECT * FROM journal ORDER BY id"):
        if row["prev_hash"] != prev or entry_hash(key, prev, row["at"], row["staff_id"], row["action"],
                                                  row["entity"], row["entity_id"], row["payload"]) != row["hash"]:
            return [f"journal entry {row['id']} was altered or does not follow the one before it"]
        prev = row["hash"]
        if row["action"] in RECORD_ACTIONS:
            journaled.setdefault(row["entity"], set()).add(row["entity_id"])
            record = record_payload(conn, row["action"], row["entity_id"], cache)
            if record is None or dumps(record) != row["payload"]:
                return [f"the {row['entity']} record {row['entity_id']} differs from journal entry {row['id']}"]
    for table in ("txn", "void", "day_close", "cash_movement", "tariff", "shift"):
        ids = {r[0] for r in conn.execute(f"SELECT id FROM {table}")}
        extra = ids - journaled.get(table, set())
        if extra:
            found.append(f"the {table} record {min(extra)} has no journal entry")
    return found
