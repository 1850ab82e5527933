"""Writing money records into the books: each record and its sealed journal entry, in the caller's
transaction. The services (after their permission checks) and the demo's history both write here,
so there is one way a sale, a void, a shift or a day close enters the ledger.
"""
from __future__ import annotations

from collections.abc import Sequence

from app.journal import Journal
from app.ledger import canonical, summaries
from app.ledger.chain import Entry
from app.ledger.records import (
    CashMovement,
    DayClose,
    DaySummary,
    Payment,
    Record,
    Sale,
    SaleLine,
    ShiftClose,
    ShiftCloseNote,
    ShiftOpen,
    Void,
)
from app.store.base import Tx
from app.text import search_key

_INSERT_TXN = Sale.insert_sql()
_INSERT_LINE = SaleLine.insert_sql("txn_id").replace(" RETURNING id", "")
_INSERT_PAYMENT = Payment.insert_sql("txn_id").replace(" RETURNING id", "")
_CLOSE_SHIFT = ("UPDATE shift SET closed_at = ?, expected_cash = ?, counted_cash = ?, variance = ?, denominations = ? "
                "WHERE id = ? AND closed_at IS NULL")


def _sealed(journal: Journal, tx: Tx, at: str, staff_id: int | None, action: str, entity: str, entity_id: int,
            sealed: canonical.Sealed) -> None:
    journal.append_tx(tx, Entry(at, staff_id, action, entity, entity_id, None, sealed.digest, sealed.fields))


def write_sale(tx: Tx, journal: Journal, sale: Sale, lines: Sequence[SaleLine], payments: Sequence[Payment]) -> int:
    txn_id = tx.insert(_INSERT_TXN, *sale.values())
    tx.many(_INSERT_LINE, [(txn_id, *line.row()) for line in lines])
    tx.many(_INSERT_PAYMENT, [(txn_id, *p.values()) for p in payments])
    if sale.citizen_name and not sale.national_id:  # found by name alone: its key beside it
        tx.run("INSERT INTO txn_search (txn_id, name_key) VALUES (?, ?)", txn_id, search_key(sale.citizen_name))
    _sealed(journal, tx, sale.created_at, sale.staff_id, "sale", "txn", txn_id, canonical.sale(sale, lines, payments))
    return txn_id


def _single(tx: Tx, journal: Journal, record: Record, at: str, staff_id: int, action: str) -> int:
    new_id = tx.insert(record.insert_sql(), *record.row())
    _sealed(journal, tx, at, staff_id, action, record.TABLE, new_id, canonical.single(record))
    return new_id


def write_void(tx: Tx, journal: Journal, void: Void) -> int:
    return _single(tx, journal, void, void.created_at, void.staff_id, "void")


def write_shift_open(tx: Tx, journal: Journal, shift: ShiftOpen) -> int:
    return _single(tx, journal, shift, shift.opened_at, shift.staff_id, "shift_open")


def write_cash_movement(tx: Tx, journal: Journal, movement: CashMovement) -> int:
    return _single(tx, journal, movement, movement.at, movement.staff_id, f"cash_{movement.kind}")


def write_shift_close(tx: Tx, journal: Journal, shift_id: int, staff_id: int, close: ShiftClose) -> None:
    tx.run(_CLOSE_SHIFT, *close.values(), shift_id)
    _sealed(journal, tx, close.closed_at, staff_id, "shift_close", "shift", shift_id, canonical.single(close))


def write_close_note(tx: Tx, journal: Journal, note: ShiftCloseNote) -> int:
    return _single(tx, journal, note, note.at, note.staff_id, "shift_close_note")


def write_day_close(tx: Tx, journal: Journal, close: DayClose) -> tuple[int, list[DaySummary]]:
    """The day close and its frozen breakdowns (computed here, from the books, in this transaction)."""
    close_id = tx.insert(DayClose.insert_sql(), *close.values())
    rows = summaries.summarise(tx, close.business_day, close.business_day).get(close.business_day, [])
    summaries.insert(tx, close_id, rows)
    _sealed(journal, tx, close.closed_at, close.staff_id, "day_close", "day_close", close_id,
            canonical.day_close(close, rows))
    return close_id, rows
