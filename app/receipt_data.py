"""Plain data of one saved transaction, as a receipt shows it (built by app.services.receipts).

Printing turns this into a document; it does no business arithmetic of its own.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.office_record import Office


@dataclass(frozen=True)
class ReceiptLine:
    service_code: str
    service_name: str
    agency_name: str
    quantity: int
    agency_amount: int  # Rials, the agency's share for the whole line
    office_amount: int  # Rials, office revenue net of VAT
    vat_amount: int
    line_total: int
    tracking_code: str


@dataclass(frozen=True)
class ReceiptPayment:
    method: str  # "cash" | "card" | "transfer"
    amount: int
    tendered: int  # cash handed over (0 for non-cash)
    terminal: str
    reference: str


@dataclass(frozen=True)
class ReceiptData:
    office: Office  # as receipts showed it at the sale (app.services.office_history)
    receipt_number: int
    created_at: dt.datetime  # UTC, aware
    business_day: dt.date
    clerk_name: str
    citizen_name: str
    national_id: str
    mobile: str
    lines: tuple[ReceiptLine, ...]
    payments: tuple[ReceiptPayment, ...]
    agency_total: int
    office_total: int
    vat_total: int
    grand_total: int
    change_due: int
    journal_hash: str  # the hash of the sale's journal entry
    voided: bool = False
    void_reason: str = ""
    copy: bool = False  # a reprint: printed as «المثنی»
    extra: dict[str, str] = field(default_factory=dict)
    void_at: dt.datetime | None = None  # when the void was recorded, and who approved it
    void_approved_by: str = ""
    copy_no: int = 0  # the n-th copy (0: the original)
    copy_printed_at: dt.datetime | None = None  # when the copy was asked for, and by whom
    copy_printed_by: str = ""
    seal: str = ""  # the signed QR text (app/receipt_seal.py); empty: an unsigned sample
    verification_code: str = ""  # the short code printed under the QR
