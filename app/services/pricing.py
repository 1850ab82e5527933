"""Pricing a visit: a service's tariff on a day, a line's amounts, the payments' settlement.

Pure rules over plain data (no SQLAlchemy, no Qt): the counter's table, the record path and the demo
all price through here, so what the screen shows is exactly what is recorded.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from app.errors import UserError
from app.i18n import _
from app.ledger.records import Payment, SaleLine
from app.ledger.vocab import PaymentMethod, parse_method
from app.money import MAX_AMOUNT, vat_split
from app.store.base import Tx
from app.text import for_message, limited, normalise

MAX_LINES = 50
MAX_QUANTITY = 1000
TRACKING_MAX, TERMINAL_MAX, REFERENCE_MAX = 64, 32, 64


@dataclass(frozen=True)
class TariffView:
    tariff_id: int
    effective_from: dt.date
    agency_fee: int
    office_fee: int
    vat_bp: int
    vat_included: bool
    variable_agency_fee: bool
    agency_fee_min: int
    agency_fee_max: int


@dataclass(frozen=True)
class ServiceView:
    id: int
    code: str
    name: str
    agency_code: str
    agency_name: str
    favourite_key: int | None
    tariff: TariffView


SERVICE_SQL = """
SELECT s.id, s.code, s.name, a.code, a.name, s.favourite_key,
       t.id, t.effective_from, t.agency_fee, t.office_fee, t.vat_bp, CAST(t.vat_included AS INTEGER),
       CAST(t.variable_agency_fee AS INTEGER), t.agency_fee_min, t.agency_fee_max
FROM service s JOIN agency a ON a.id = s.agency_id
JOIN tariff t ON t.id = (SELECT id FROM tariff WHERE service_id = s.id AND effective_from <= :day
                         ORDER BY effective_from DESC LIMIT 1)
WHERE s.active = TRUE AND (s.discontinued_from IS NULL OR s.discontinued_from > :day) {extra}
"""
_SERVICE_QMARK = SERVICE_SQL.replace(":day", "?").format(extra="AND s.code = ?")


def service_view(row: tuple[Any, ...]) -> ServiceView:
    tariff = TariffView(row[6], dt.date.fromisoformat(row[7]), row[8], row[9], row[10], bool(row[11]),
                        bool(row[12]), row[13], row[14])
    return ServiceView(row[0], row[1], row[2], row[3], row[4], row[5], tariff)


def service_for_sale_tx(tx: Tx, code: str, day: dt.date) -> ServiceView:
    """The active service with this code and the tariff in force on `day` (a calendar day)."""
    iso = day.isoformat()
    row = tx.one(_SERVICE_QMARK, iso, iso, normalise(code))  # codes are stored normalised
    if row is None:
        raise UserError("Unknown service code: {code}", code=for_message(code))
    return service_view(tuple(row))


@dataclass(frozen=True)
class LineRequest:
    service_code: str
    quantity: int = 1
    agency_fee: int | None = None  # only where the tariff lets the clerk enter it
    office_fee: int | None = None  # may be lowered, never above the tariff
    tracking_code: str = ""


def priced_line(service: ServiceView, req: LineRequest, line_no: int = 1) -> SaleLine:
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
    office_net, vat = vat_split(office_fee * req.quantity, tariff.vat_bp, tariff.vat_included)
    agency_amount = agency_fee * req.quantity
    tracking = limited(req.tracking_code, TRACKING_MAX, _("tracking code"))
    return SaleLine(line_no, service.id, tariff.tariff_id, service.code, service.name, service.agency_name,
                    req.quantity, agency_fee, office_fee, agency_amount, office_net, vat,
                    agency_amount + office_net + vat, tariff.vat_bp, int(tariff.vat_included), tracking)


def price_line(service: ServiceView, req: LineRequest) -> dict[str, Any]:
    """`priced_line` as a dict (what the counter's table shows while a visit is being entered)."""
    return asdict(priced_line(service, req))


@dataclass(frozen=True)
class PaymentRequest:
    method: str
    amount: int | None = None  # None: whatever remains; for cash, the amount handed over
    terminal: str = ""
    reference: str = ""


def _settle_order(req: PaymentRequest) -> int:
    # Stated card/transfer amounts first, then cash (so that change is cash), then the one
    # card/transfer payment that takes whatever is left ("cash 100,000, the rest by card").
    if req.method == PaymentMethod.CASH:
        return 1
    return 0 if req.amount is not None else 2


def settle_payments(total: int, requests: tuple[PaymentRequest, ...]) -> tuple[list[Payment], int]:
    """Apply payments to a total. Returns the payments and the change due (always cash).

    Refuses: a short payment, a card or transfer above what remains, more than one payment left
    open ("the rest"), and a payment that would pay nothing.
    """
    if not requests:
        raise UserError("A payment is required.")
    if sum(1 for p in requests if p.amount is None) > 1:
        raise UserError("Say how much each payment method pays; only one may take the rest.")
    rows: list[Payment] = []
    remaining, change = total, 0
    for req in sorted(requests, key=_settle_order):
        method = parse_method(req.method)
        if method is None:
            raise UserError("Unknown payment method: {method}", method=for_message(req.method))
        if req.amount is not None and (req.amount < 0 or req.amount > MAX_AMOUNT):
            raise UserError("Invalid amount: {value}", value=str(req.amount))
        if method.takes_change:
            tendered = remaining if req.amount is None else req.amount
            applied = min(tendered, remaining)
            change += tendered - applied
        else:
            applied = remaining if req.amount is None else req.amount
            if applied > remaining:
                raise UserError("The {method} payment is more than what remains to pay.", method=method.label)
            tendered = 0
        if applied == 0 and total > 0:
            raise UserError("The {method} payment pays nothing: the total is already paid.", method=method.label)
        remaining -= applied
        rows.append(Payment(method.value, applied, tendered,
                            limited(req.terminal, TERMINAL_MAX, _("card terminal")),
                            limited(req.reference, REFERENCE_MAX, _("payment reference"))))
    if remaining > 0:
        raise UserError("The payments are {short} Rials short of the total.", short=remaining)
    return rows, change


def settle(total: int, requests: tuple[PaymentRequest, ...]) -> tuple[list[dict[str, Any]], int]:
    """`settle_payments` with the payments as dicts (the payment dialog's preview)."""
    rows, change = settle_payments(total, requests)
    return [asdict(p) for p in rows], change
