"""A business day's breakdowns — per clerk, per desk, per service, per payment method — as the day close
freezes them (app/ledger/tables.py `day_summary`).

The rule is the reports' (app/reports/figures.py): a sale counts on its own business day; a void on
the day it was recorded, reversing the original's amounts on the original's clerk, services and
payments. Computed in SQL grouped by day, so the chain upgrade can summarise years at once.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.ledger.records import DaySummary
from app.store.base import Tx

_MONEY = "SUM({p}.agency_total), SUM({p}.office_total), SUM({p}.vat_total), SUM({p}.grand_total)"
_LINES = "SUM(l.quantity), SUM(l.agency_amount), SUM(l.office_amount), SUM(l.vat_amount), SUM(l.line_total)"
QUERIES = {
    ("clerk", 1): f"SELECT t.business_day, t.staff_id, COUNT(*), {_MONEY.format(p='t')} FROM txn t "
                  "WHERE t.business_day BETWEEN ? AND ? GROUP BY t.business_day, t.staff_id",
    ("clerk", -1): f"SELECT v.business_day, t.staff_id, COUNT(*), {_MONEY.format(p='v')} FROM void v "
                   "JOIN txn t ON t.id = v.txn_id WHERE v.business_day BETWEEN ? AND ? "
                   "GROUP BY v.business_day, t.staff_id",
    ("service", 1): f"SELECT t.business_day, l.service_id, {_LINES} FROM txn t JOIN txn_line l ON l.txn_id = t.id "
                    "WHERE t.business_day BETWEEN ? AND ? GROUP BY t.business_day, l.service_id",
    ("service", -1): f"SELECT v.business_day, l.service_id, {_LINES} FROM void v "
                     "JOIN txn_line l ON l.txn_id = v.txn_id WHERE v.business_day BETWEEN ? AND ? "
                     "GROUP BY v.business_day, l.service_id",
    # The desk (counter) a sale was made at: its shift's desk; a void lands on the original's desk.
    ("desk", 1): f"SELECT t.business_day, s.desk, COUNT(*), {_MONEY.format(p='t')} FROM txn t "
                 "JOIN shift s ON s.id = t.shift_id WHERE t.business_day BETWEEN ? AND ? GROUP BY t.business_day, s.desk",
    ("desk", -1): f"SELECT v.business_day, s.desk, COUNT(*), {_MONEY.format(p='v')} FROM void v "
                  "JOIN txn t ON t.id = v.txn_id JOIN shift s ON s.id = t.shift_id WHERE v.business_day BETWEEN ? AND ? "
                  "GROUP BY v.business_day, s.desk",
    ("method", 1): "SELECT t.business_day, p.method, COUNT(*), 0, 0, 0, SUM(p.amount) FROM txn t "
                   "JOIN payment p ON p.txn_id = t.id WHERE t.business_day BETWEEN ? AND ? AND p.amount > 0 "
                   "GROUP BY t.business_day, p.method",
    ("method", -1): "SELECT v.business_day, p.method, COUNT(*), 0, 0, 0, SUM(p.amount) FROM void v "
                    "JOIN payment p ON p.txn_id = v.txn_id WHERE v.business_day BETWEEN ? AND ? AND p.amount > 0 "
                    "GROUP BY v.business_day, p.method",
}


def summarise(tx: Tx, first: str, last: str) -> dict[str, list[DaySummary]]:
    """Every day's summary rows between two ISO days, in (kind, key) order."""
    acc: dict[tuple[str, str, str], list[int]] = {}
    for (kind, sign), sql in QUERIES.items():
        for day, key, count, *money in tx.all(sql, first, last):
            row = acc.setdefault((day, kind, str(key)), [0, 0, 0, 0, 0, 0])
            row[0 if sign > 0 else 1] += int(count)
            for i, amount in enumerate(money, start=2):
                row[i] += sign * int(amount or 0)
    out: dict[str, list[DaySummary]] = {}
    for (day, kind, key), v in sorted(acc.items()):
        out.setdefault(day, []).append(DaySummary(day, kind, key, *v))
    return out


def insert(tx: Tx, day_close_id: int, rows: Iterable[DaySummary]) -> None:
    tx.many(DaySummary.insert_sql("day_close_id").replace(" RETURNING id", ""),
            [(day_close_id, *row.values()) for row in rows])


def as_dicts(rows: Iterable[DaySummary]) -> list[dict[str, Any]]:
    return [dict(zip(DaySummary.names(), row.values(), strict=True)) for row in rows]
