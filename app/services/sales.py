"""Recording a visit: lines, payments, the receipt number and the journal entry, in one transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app import canonical
from app.db import Database
from app.errors import UserError
from app.i18n import N_, _
from app.money import MAX_AMOUNT, vat_split
from app.security import Action
from app.services.catalogue import ServiceView, service_for_sale
from app.services.common import Actor, acting, business_day, iso, journal, now, open_shift_of
from app.text import clip, for_message, normalise_mobile, normalise_national_id

METHODS = ("cash", "card", "transfer")
METHOD_NAMES = {"cash": N_("cash"), "card": N_("card"), "transfer": N_("transfer")}
MAX_LINES = 50
MAX_QUANTITY = 1000


@dataclass(frozen=True)
class LineRequest:
    service_code: str
    quantity: int = 1
    agency_fee: int | None = None  # only where the tariff lets the clerk enter it
    office_fee: int | None = None  # may be lowered, never above the tariff
    tracking_code: str = ""


@dataclass(frozen=True)
class PaymentRequest:
    method: str
    amount: int | None = None  # None: whatever remains; for cash, the amount handed over
    terminal: str = ""
    reference: str = ""


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


def price_line(service: ServiceView, req: LineRequest) -> dict[str, Any]:
    """A line's amounts from its tariff and what the clerk typed; refuses what the tariff forbids."""
    tariff = service.tariff
    if not 1 <= req.quantity <= MAX_QUANTITY:
        raise UserError("Invalid quantity: {value}", value=str(req.quantity))
    agency_fee = tariff.agency_fee
    if req.agency_fee is not None and req.agency_fee != tariff.agency_fee:
        if not tariff.variable_agency_fee:
            raise UserError("The agency fee of {service} is fixed by its tariff.", service=service.name)
        if not tariff.agency_fee_min <= req.agency_fee <= tariff.agency_fee_max:
            raise UserError("The agency fee of {service} must be between {low} and {high} Rials.",
                            service=service.name, low=tariff.agency_fee_min, high=tariff.agency_fee_max)
        agency_fee = req.agency_fee
    office_fee = tariff.office_fee
    if req.office_fee is not None:
        if req.office_fee > tariff.office_fee:
            raise UserError("The office fee of {service} cannot be above the official tariff ({limit} Rials).",
                            service=service.name, limit=tariff.office_fee)
        office_fee = req.office_fee
    office_gross = office_fee * req.quantity
    office_net, vat = vat_split(office_gross, tariff.vat_bp, tariff.vat_included)
    agency_amount = agency_fee * req.quantity
    tracking = clip(req.tracking_code, 64)
    return {
        "service_id": service.id, "tariff_id": tariff.tariff_id, "service_code": service.code,
        "service_name": service.name, "agency_name": service.agency_name, "quantity": req.quantity,
        "agency_fee": agency_fee, "office_fee": office_fee, "agency_amount": agency_amount,
        "office_amount": office_net, "vat_amount": vat, "line_total": agency_amount + office_net + vat,
        "vat_bp": tariff.vat_bp, "vat_included": int(tariff.vat_included), "tracking_code": tracking,
    }


def _settle_order(req: PaymentRequest) -> int:
    # Stated card/transfer amounts first, then cash (so that change is cash), then the one
    # card/transfer payment that takes whatever is left ("cash 100,000, the rest by card").
    if req.method == "cash":
        return 1
    return 0 if req.amount is not None else 2


def settle(total: int, requests: tuple[PaymentRequest, ...]) -> tuple[list[dict[str, Any]], int]:
    """Apply payments to a total. Returns the payment rows and the change due (always cash).

    Refuses: a short payment, a card or transfer above what remains, more than one payment left
    open ("the rest"), and a payment that would pay nothing.
    """
    if not requests:
        raise UserError("A payment is required.")
    if sum(1 for p in requests if p.amount is None) > 1:
        raise UserError("Say how much each payment method pays; only one may take the rest.")
    rows: list[dict[str, Any]] = []
    remaining = total
    change = 0
    for req in sorted(requests, key=_settle_order):
        if req.method not in METHODS:
            raise UserError("Unknown payment method: {method}", method=for_message(req.method))
        if req.amount is not None and (req.amount < 0 or req.amount > MAX_AMOUNT):
            raise UserError("Invalid amount: {value}", value=str(req.amount))
        if req.method == "cash":
            tendered = remaining if req.amount is None else req.amount
            applied = min(tendered, remaining)
            change += tendered - applied
        else:
            applied = remaining if req.amount is None else req.amount
            if applied > remaining:
                raise UserError("The {method} payment is more than what remains to pay.",
                                method=_(METHOD_NAMES[req.method]))
            tendered = 0
        if applied == 0 and total > 0:
            raise UserError("The {method} payment pays nothing: the total is already paid.",
                            method=_(METHOD_NAMES[req.method]))
        remaining -= applied
        rows.append({"method": req.method, "amount": applied, "tendered": tendered,
                     "terminal": clip(req.terminal, 32), "reference": clip(req.reference, 64)})
    if remaining > 0:
        raise UserError("The payments are {short} Rials short of the total.", short=remaining)
    return rows, change


def _citizen(session: Session, req: SaleRequest) -> tuple[int | None, str, str, str]:
    name = clip(req.citizen_name, 120)
    mobile = ""
    if req.mobile.strip():
        mobile = normalise_mobile(req.mobile) or ""
        if not mobile:
            raise UserError("Invalid mobile number: {value}", value=for_message(req.mobile))
    if not req.national_id.strip():
        return None, name, "", mobile
    national_id = normalise_national_id(req.national_id)
    if national_id is None:
        raise UserError("Invalid national ID: {value}", value=for_message(req.national_id))
    from app.services.citizens import upsert_citizen

    citizen_id, name = upsert_citizen(session, national_id, name, mobile)
    return citizen_id, name, national_id, mobile


def record_sale(db: Database, actor: Actor, req: SaleRequest, *, at: dt.datetime | None = None) -> SaleResult:
    """Save one visit. The receipt number is allocated in the same transaction, so nothing
    rolled back consumes one; the journal entry chains every money field of the sale."""
    if not req.lines:
        raise UserError("Add at least one service.")
    if len(req.lines) > MAX_LINES:
        raise UserError("Too many lines in one visit.")
    instant = now(at)
    with db.write() as session:
        staff = acting(session, actor, Action.RECORD_SALE)
        shift_id = open_shift_of(session, staff.id)
        if shift_id is None:
            raise UserError("Open a shift before recording sales.")
        day = business_day(session, instant)
        lines = [price_line(service_for_sale(session, r.service_code, day), r) for r in req.lines]
        for i, line in enumerate(lines, start=1):
            line["line_no"] = i
        total = sum(line["line_total"] for line in lines)
        payments, change = settle(total, req.payments)
        citizen_id, name, national_id, mobile = _citizen(session, req)
        number = session.execute(text("SELECT COALESCE(MAX(receipt_number), 0) + 1 FROM txn")).scalar_one()
        txn = {
            "receipt_number": number, "business_day": day.isoformat(), "created_at": iso(instant),
            "staff_id": staff.id, "shift_id": shift_id, "citizen_id": citizen_id, "citizen_name": name,
            "national_id": national_id, "mobile": mobile,
            "agency_total": sum(x["agency_amount"] for x in lines),
            "office_total": sum(x["office_amount"] for x in lines),
            "vat_total": sum(x["vat_amount"] for x in lines), "grand_total": total, "change_due": change,
        }
        txn_id = insert_sale(session, txn, lines, payments)
        journal(session).append(session, at=txn["created_at"], staff_id=staff.id, action="sale",
                                entity="txn", entity_id=txn_id,
                                payload=canonical.sale(txn, lines, payments))
    cash = sum(p["tendered"] for p in payments if p["method"] == "cash")
    return SaleResult(txn_id, number, day, total, change, cash, tuple(payments))


def insert_sale(session: Session, txn: dict[str, Any], lines: list[dict[str, Any]],
                payments: list[dict[str, Any]]) -> int:
    txn_id = session.execute(text(
        "INSERT INTO txn (receipt_number, business_day, created_at, staff_id, shift_id, citizen_id, "
        "citizen_name, national_id, mobile, agency_total, office_total, vat_total, grand_total, change_due) "
        "VALUES (:receipt_number, :business_day, :created_at, :staff_id, :shift_id, :citizen_id, "
        ":citizen_name, :national_id, :mobile, :agency_total, :office_total, :vat_total, :grand_total, "
        ":change_due) RETURNING id"), txn).scalar_one()
    session.execute(text(
        "INSERT INTO txn_line (txn_id, line_no, service_id, tariff_id, service_code, service_name, "
        "agency_name, quantity, agency_fee, office_fee, agency_amount, office_amount, vat_amount, line_total, "
        "vat_bp, vat_included, tracking_code) VALUES (:txn_id, :line_no, :service_id, :tariff_id, "
        ":service_code, :service_name, :agency_name, :quantity, :agency_fee, :office_fee, :agency_amount, "
        ":office_amount, :vat_amount, :line_total, :vat_bp, :vat_included, :tracking_code)"),
        [{**line, "txn_id": txn_id} for line in lines])
    session.execute(text(
        "INSERT INTO payment (txn_id, method, amount, tendered, terminal, reference) "
        "VALUES (:txn_id, :method, :amount, :tendered, :terminal, :reference)"),
        [{**p, "txn_id": txn_id} for p in payments])
    return int(txn_id)
