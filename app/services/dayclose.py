"""Closing the business day: its totals and breakdowns frozen, with the cumulative grand total and
the chain hash, in one transaction.

Only a day that has begun and is not closed can be closed: the default is the current business day
while it is still today's calendar day or earlier; closing again on the same calendar day is refused
(the next business day has not begun), so a repeated command or a double click closes one day.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.db import Database
from app.errors import UserError
from app.jalali import format_jalali
from app.ledger import book
from app.ledger.records import DayClose
from app.security import Action
from app.services.common import Actor, acting_tx, business_day_tx, calendar_day, iso, journal_for, last_closed_day, now
from app.services.totals import Totals, day_totals_tx
from app.store.base import Tx


@dataclass(frozen=True)
class DayCloseResult:
    business_day: dt.date
    totals: Totals
    cumulative_total: int
    chain_hash: str


def closable_day(tx: Tx, instant: dt.datetime, day: dt.date | None) -> dt.date:
    """The day a close at `instant` would close, or a UserError saying why none can be closed."""
    today = calendar_day(tx, instant)
    target = day or business_day_tx(tx, instant)
    closed = last_closed_day(tx)
    if closed is not None and target <= closed:
        raise UserError("The business day {day} is already closed.", day=format_jalali(target, persian=True))
    if target > today:
        raise UserError("The business day {day} has not begun yet (the last closed day is {closed}).",
                        day=format_jalali(target, persian=True),
                        closed=format_jalali(closed, persian=True) if closed else "—")
    return target


def hold_receipts(tx: Tx) -> None:
    if tx.engine == "postgresql":
        tx.value("SELECT pishkhan_hold_receipts()")
    else:
        tx.run("UPDATE receipt_counter SET last_number = last_number WHERE id = 1")


def close_day(db: Database, actor: Actor, day: dt.date | None = None, *,
              at: dt.datetime | None = None) -> DayCloseResult:
    """Freeze a business day. Refused while any shift is open; later sales go to the next day."""
    instant = now(at)
    with db.raw() as tx:
        hold_receipts(tx)  # waits for sales in flight: none is booked to the day being closed
        staff = acting_tx(tx, actor, Action.CLOSE_DAY)
        day = closable_day(tx, instant, day)
        open_by = [r[0] for r in tx.all("SELECT st.username FROM shift s JOIN staff st ON st.id = s.staff_id "
                                        "WHERE s.closed_at IS NULL ORDER BY st.username")]
        if open_by:
            raise UserError("Close the open shifts first: {names}", names=", ".join(open_by))
        totals = day_totals_tx(tx, day)
        previous = tx.value("SELECT cumulative_total FROM day_close ORDER BY business_day DESC LIMIT 1") or 0
        end = tx.one("SELECT hash FROM journal ORDER BY id DESC LIMIT 1")
        close = DayClose(day.isoformat(), iso(instant), staff.id, totals.visits, totals.voids, totals.agency,
                         totals.office, totals.vat, totals.grand, int(previous) + totals.grand,
                         bytes(end[0]).hex() if end else "")
        book.write_day_close(tx, journal_for(tx), close)
    return DayCloseResult(day, totals, close.cumulative_total, close.chain_hash)
