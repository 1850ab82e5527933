"""The X report (shift still open) and the Z report (closed) as a receipt document for the thermal printer.

Every figure comes from `ShiftReport` as the shift service computed it; this module only words and
formats them (office unit, Persian digits, Jalali times), like `printing.receipt_document` does for receipts.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from app.i18n import _
from app.jalali import format_instant
from app.money import format_amount
from app.office_record import Office
from app.payment_methods import METHODS
from app.text import to_persian_digits
from printing.receipt_document import (
    Block,
    KeyValue,
    ReceiptDocument,
    Separator,
    Text,
    Title,
    Total,
    payment_method_label,
    persian_text,
    unit_label,
)

if TYPE_CHECKING:  # printing does not import the services at run time
    from app.services.shifts import ShiftReport

PAYMENT_METHODS = METHODS


def shift_report_title(report: ShiftReport) -> str:
    """«گزارش X — نوبت ۱۲» while the shift is open, «گزارش Z — نوبت ۱۲» once it is closed."""
    if report.closed_at is not None:
        return _("Z report — shift {number}", number=report.shift_id)
    return _("X report — shift {number}", number=report.shift_id)


def _when(stored: str) -> str:
    return format_instant(dt.datetime.fromisoformat(stored))


def variance_text(rials: int, unit: str) -> str:
    """The counted cash against the expected: «… اضافه» over, «… کسری» short, «ندارد» when equal."""
    if rials == 0:
        return _("none")
    amount = format_amount(abs(rials), unit, with_unit=True)
    return _("{amount} over", amount=amount) if rials > 0 else _("{amount} short", amount=amount)


def _how_closed(report: ShiftReport, unit: str) -> list[Block]:
    """The Z report's word on how the drawer was counted: blind or not, the variance the office lets pass
    without a reason, and the clerk's reason (both are the owner's settings at the time of closing)."""
    if report.blind_count is None:
        return [KeyValue(_("Blind count"), _("not recorded"))]
    threshold = report.variance_threshold
    return [
        Separator(),
        Text(_("How the shift was closed"), bold=True),
        KeyValue(_("Blind count"), _("yes") if report.blind_count else _("no")),
        KeyValue(_("Variance allowed without a reason"),
                 format_amount(threshold, unit, with_unit=True) if threshold is not None else _("any amount")),
        KeyValue(_("Reason for the variance"), persian_text(report.variance_reason) or _("none needed")),
        *_first_count(report, unit),
    ]


def _first_count(report: ShiftReport, unit: str) -> list[Block]:
    """A blind count changed after the difference was shown: the count entered blind, beside the final one."""
    first = report.count_when_shown
    if first is None or first == report.counted_cash:
        return []
    return [KeyValue(_("Counted before the difference was shown"), format_amount(first, unit, with_unit=True))]


def build_shift_document(report: ShiftReport, office: Office, clerk_name: str) -> ReceiptDocument:
    unit = office.display_unit

    def money(rials: int, **options: bool) -> str:
        return format_amount(rials, unit, **options)

    def amount(key: str, rials: int, *, bold: bool = False, indent: int = 0) -> KeyValue:
        return KeyValue(key, money(rials, with_unit=bold), bold=bold, numeric=True, indent=indent)

    title = shift_report_title(report)
    t, cash = report.totals, report.cash
    blocks: list[Block] = [
        Title(title),
        Text(persian_text(office.name), bold=True, align="center"),
        Text(_("Office code: {code}", code=to_persian_digits(office.code)), size="small", align="center"),
        Separator(heavy=True),
        KeyValue(_("Clerk"), persian_text(clerk_name)),
        KeyValue(_("Opened at"), _when(report.opened_at)),
    ]
    if report.closed_at is not None:
        blocks.append(KeyValue(_("Closed at"), _when(report.closed_at)))
    blocks += [
        Text(_("Amounts in {unit}", unit=unit_label(unit)), size="small"),
        Separator(),
        Text(_("Sales"), bold=True),
        KeyValue(_("Visits"), to_persian_digits(str(t.net_visits))),
        KeyValue(_("Voids"), to_persian_digits(str(t.voids))),
        KeyValue(_("Receipts not printed"), to_persian_digits(str(report.unprinted))),
        amount(_("Agency share"), t.agency),
        amount(_("Office fee"), t.office),
        amount(_("VAT"), t.vat),
        Total(_("Total"), money(t.grand, with_unit=True)),
        Text(_("Payments"), bold=True),
        *(amount(payment_method_label(m), report.payments.get(m, 0), indent=1) for m in PAYMENT_METHODS),
        Separator(),
        Text(_("Cash drawer"), bold=True),
        amount(_("Opening float"), cash["opening_float"]),
        amount(_("Cash sales"), cash["cash_sales"]),
        amount(_("Cash refunds (voids)"), cash["cash_refunds"]),
        amount(_("Cash in"), cash["cash_in"]),
        amount(_("Cash out"), cash["cash_out"]),
        amount(_("Expected in the drawer"), cash["expected"], bold=True),
    ]
    if report.counted_cash is not None:
        blocks.append(amount(_("Counted"), report.counted_cash, bold=True))
        blocks.append(KeyValue(_("Variance"), variance_text(report.variance or 0, unit), bold=True))
    if report.closed_at is not None:
        blocks += _how_closed(report, unit)
    notes = [(note, count) for note, count in sorted(report.denominations.items(), reverse=True) if count]
    if notes:
        blocks.append(Separator())
        blocks.append(Text(_("Banknotes in the drawer"), bold=True))
        blocks += [KeyValue(format_amount(note, unit, with_unit=True), _("{count} notes", count=count), indent=1)
                   for note, count in notes]
    blocks.append(Separator(heavy=True))
    return ReceiptDocument(title=title, blocks=tuple(blocks),
                           meta={"shift": str(report.shift_id), "kind": "z" if report.closed_at else "x"})
