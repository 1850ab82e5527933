"""Recording a visit: lines, payments, the receipt number and the journal entry, in one transaction.

The hot path of the counter and of `pishkhan record`: it runs on the raw DB-API connection with
plain qmark statements (built from the records' field names), imports no SQLAlchemy, and reads what
it needs in as few statements as it can. The receipt number comes from the office's counter row,
locked in the sale's own transaction: concurrent desks are serialised, nothing rolled back consumes
a number.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from app.db import Database
from app.errors import AuthError, UserError
from app.i18n import _
from app.jalali import local_day
from app.ledger import book
from app.ledger.records import Payment, Sale, SaleLine
from app.ledger.vocab import PaymentMethod
from app.money import check_visit_total
from app.security import Action, require
from app.services.common import Actor, booked_day, iso, journal_for, now, open_shift_tx

# Re-exported: the counter, the payment dialog and the tests price and settle through these names.
from app.services.pricing import (  # noqa: F401
    MAX_LINES,
    MAX_QUANTITY,
    LineRequest,
    PaymentRequest,
    ServiceView,
    price_line,
    priced_line,
    service_for_sale_tx,
    settle,
    settle_payments,
)
from app.store.base import Tx
from app.text import for_message, limited, normalise_mobile, normalise_national_id

NAME_MAX = 120


@dataclass(frozen=True)
class SaleRequest:
    lines: tuple[LineRequest, ...]
    payments: tuple[PaymentRequest, ...] = (PaymentRequest("cash"),)
    national_id: str = ""
    citizen_name: str = ""
    mobile: str = ""


@dataclass(frozen=True)
class SaleResult:
    txn_id: int
    receipt_number: int
    business_day: dt.date
    grand_total: int
    change_due: int
    cash_received: int
    payments: tuple[dict[str, Any], ...] = field(default=())


@dataclass(frozen=True)
class Citizen:
    id: int | None
    name: str
    national_id: str
    mobile: str


def citizen_of(tx: Tx, req: SaleRequest) -> Citizen:
    """The citizen as the receipt names them; a national ID is remembered with its name."""
    name = limited(req.citizen_name, NAME_MAX, _("name"))
    mobile = ""
    if req.mobile.strip():
        mobile = normalise_mobile(req.mobile) or ""
        if not mobile:
            raise UserError("Invalid mobile number: {value}", value=for_message(req.mobile))
    if not req.national_id.strip():
        return Citizen(None, name, "", mobile)
    national_id = normalise_national_id(req.national_id)
    if national_id is None:
        raise UserError("Invalid national ID: {value}", value=for_message(req.national_id))
    from app.services.citizens import upsert_citizen_tx

    citizen_id, name = upsert_citizen_tx(tx, national_id, name, mobile)
    return Citizen(citizen_id, name, national_id, mobile)


_CONTEXT = ("SELECT s.role, CAST(s.active AS INTEGER), "
            "(SELECT id FROM shift WHERE staff_id = s.id AND closed_at IS NULL ORDER BY id DESC LIMIT 1), "
            "o.day_start_hour, (SELECT MAX(business_day) FROM day_close), o.install_id, o.key_check "
            "FROM staff s JOIN office o ON o.id = 1 WHERE s.id = ?")


@dataclass(frozen=True)
class SaleContext:
    """What recording a sale needs to know, read in one statement: the clerk may sell and has a shift
    open; the office's day start, last closed day and journal identity."""

    shift_id: int
    day_start_hour: int
    last_closed: dt.date | None
    office: tuple[str, str | None]

    @classmethod
    def read(cls, tx: Tx, actor: Actor) -> SaleContext:
        row = tx.one(_CONTEXT, actor.id)
        if row is None or not row[1]:
            raise AuthError("This account is not active.")
        require(row[0], Action.RECORD_SALE)
        if row[2] is None:
            raise UserError("Open a shift before recording sales.")
        closed = dt.date.fromisoformat(row[4]) if row[4] else None
        return cls(int(row[2]), int(row[3] or 0), closed, (str(row[5]), row[6]))


def next_receipt_number(tx: Tx) -> int:
    """The next number of the office's one series (the counter row stays locked until commit, so
    concurrent desks are serialised and a rolled-back sale gives its number back)."""
    if tx.engine == "postgresql":
        return int(tx.value("SELECT pishkhan_next_receipt()"))  # desks may not UPDATE the counter themselves
    return int(tx.value("UPDATE receipt_counter SET last_number = last_number + 1 WHERE id = 1 "
                        "RETURNING last_number"))


def price_lines(tx: Tx, requests: tuple[LineRequest, ...], day: dt.date) -> list[SaleLine]:
    services: dict[str, ServiceView] = {}
    lines = []
    for i, req in enumerate(requests, start=1):
        if req.service_code not in services:
            services[req.service_code] = service_for_sale_tx(tx, req.service_code, day)
        lines.append(priced_line(services[req.service_code], req, i))
    return lines


def record_sale(db: Database, actor: Actor, req: SaleRequest, *, at: dt.datetime | None = None,
                attempt_at: dt.datetime | None = None) -> SaleResult:
    """Save one visit. The receipt number is allocated in the same transaction, so nothing
    rolled back consumes one; the journal entry chains every money field of the sale. The sale is
    booked to the business day (after a day close, the next one) and priced at the tariff of its
    calendar day.

    `attempt_at`: when the counter first tried to save this visit. Trying again with the same time
    returns the sale that try saved, if it was saved after all — the office server went away while
    confirming it — instead of recording the visit twice."""
    if not req.lines:
        raise UserError("Add at least one service.")
    if len(req.lines) > MAX_LINES:
        raise UserError("Too many lines in one visit.")
    instant = now(attempt_at or at)
    with db.raw() as tx:
        if attempt_at is not None:
            saved = _saved_before(tx, actor, iso(instant))
            if saved is not None:
                return saved
        number = next_receipt_number(tx)  # first: locks the series (and orders this sale after a day close)
        ctx = SaleContext.read(tx, actor)
        today = local_day(instant, ctx.day_start_hour)
        lines = price_lines(tx, req.lines, today)
        total = check_visit_total(sum(line.line_total for line in lines))
        payments, change = settle_payments(total, req.payments)
        citizen = citizen_of(tx, req)
        sale = Sale(number, booked_day(today, ctx.last_closed).isoformat(), iso(instant), actor.id, ctx.shift_id,
                    citizen.id, citizen.name, citizen.national_id, citizen.mobile, sum(x.agency_amount for x in lines),
                    sum(x.office_amount for x in lines), sum(x.vat_amount for x in lines), total, change)
        txn_id = book.write_sale(tx, journal_for(tx, ctx.office), sale, lines, payments)
    return _result(txn_id, number, sale.business_day, total, change, payments)


def _result(txn_id: int, number: int, day: str, total: int, change: int, payments: list[Payment]) -> SaleResult:
    cash = sum(p.tendered for p in payments if p.method == PaymentMethod.CASH)
    return SaleResult(txn_id, number, dt.date.fromisoformat(day), total, change, cash,
                      tuple(p.as_dict() for p in payments))


_SAVED_BEFORE = ("SELECT id, receipt_number, business_day, grand_total, change_due FROM txn "
                 "WHERE shift_id = ? AND staff_id = ? AND created_at = ?")
_PAYMENTS = f"SELECT {', '.join(Payment.names())} FROM payment WHERE txn_id = ? ORDER BY id"


def _saved_before(tx: Tx, actor: Actor, created_at: str) -> SaleResult | None:
    """The clerk's sale of this open shift saved at `created_at` (to the microsecond: one try of one visit)."""
    shift_id = open_shift_tx(tx, actor.id)
    row = None if shift_id is None else tx.one(_SAVED_BEFORE, shift_id, actor.id, created_at)
    if row is None:
        return None
    payments = [Payment(*p) for p in tx.all(_PAYMENTS, row[0])]
    return _result(int(row[0]), int(row[1]), str(row[2]), int(row[3]), int(row[4]), payments)


__all__ = ["MAX_LINES", "MAX_QUANTITY", "LineRequest", "PaymentRequest", "SaleRequest", "SaleResult", "ServiceView",
           "citizen_of", "next_receipt_number", "price_line", "priced_line", "record_sale", "settle",
           "settle_payments"]
