"""The printer-neutral receipt: a flat list of blocks that the thermal, PDF and preview renderers draw.

Everything a citizen reads is decided here, once: which rows appear, in which order, how amounts
and dates are written (display unit, Persian digits) and which runs are left-to-right islands.
Renderers only lay the blocks out; they never compute or reformat an amount.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from app.i18n import _
from app.jalali import format_instant, format_jalali_long, local_day
from app.money import format_amount
from app.payment_methods import method_label
from app.receipt_data import ReceiptData, ReceiptLine, ReceiptPayment
from app.text import isolate_ltr, to_persian_digits

Size = Literal["small", "normal", "large"]
Align = Literal["start", "center", "end"]  # start = right in a Persian (RTL) document


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Text:
    text: str
    size: Size = "normal"
    bold: bool = False
    align: Align = "start"


@dataclass(frozen=True)
class KeyValue:
    key: str
    value: str
    size: Size = "normal"
    bold: bool = False
    numeric: bool = False  # an amount: the PDF aligns these on their last digit
    indent: int = 0  # nesting level under a heading


@dataclass(frozen=True)
class Total:
    """The amount to pay, set apart: one phrase «مبلغ کل: … ریال» the citizen finds at a glance."""

    key: str
    value: str  # amount with its unit


@dataclass(frozen=True)
class LineLabels:
    number: str
    service: str
    agency: str
    quantity: str
    tracking: str


@dataclass(frozen=True)
class LineItem:
    number: str  # Persian digits, 1-based
    service: str
    agency: str
    quantity: str  # Persian digits; "" for a single item
    tracking: str  # already wrapped with isolate_ltr, or ""
    amounts: tuple[KeyValue, ...]  # agency share, office fee, VAT, line total


@dataclass(frozen=True)
class LineItems:
    heading: str
    labels: LineLabels
    items: tuple[LineItem, ...]


@dataclass(frozen=True)
class Separator:
    heavy: bool = False


@dataclass(frozen=True)
class QRCode:
    payload: str  # ASCII, machine-readable
    caption: str = ""


@dataclass(frozen=True)
class Notice:
    """A boxed warning that must not be missed: «المثنی», «باطل شد»."""

    text: str
    detail: str = ""


Block = Title | Text | KeyValue | Total | LineItems | Separator | QRCode | Notice


@dataclass(frozen=True)
class ReceiptDocument:
    title: str  # document title (PDF metadata, preview window)
    blocks: tuple[Block, ...]
    receipt_number: int | None = None
    meta: dict[str, str] = field(default_factory=dict)


def payment_method_label(method: str) -> str:
    return method_label(method)  # the one table (app/payment_methods.py): same words on screen and reports


def unit_label(unit: str) -> str:
    return _("Toman") if unit == "toman" else _("Rial")


def short_hash(journal_hash: str) -> str:
    """The first 12 hex digits: enough to look a sale up, short enough to print."""
    return journal_hash.strip().lower()[:12]


def qr_payload(data: ReceiptData) -> str:
    """The signed QR text (app/receipt_seal.py) the receipt service made; for an unsigned receipt
    (samples built by hand) the old unsigned form: office, number, Jalali time, total, short hash."""
    if data.seal:
        return data.seal
    parts = [
        "PKD1",
        f"o={data.office.code}",
        f"n={data.receipt_number}",
        "d=" + format_instant(data.created_at, persian=False).replace(" ", "T"),
        f"t={data.grand_total}",
        f"h={short_hash(data.journal_hash)}",
    ]
    if data.voided:
        parts.append("v=1")
    return ";".join(parts)


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR modules (True = dark) for a payload, without a quiet zone.

    The mask is fixed rather than chosen by trying all eight (qrcode's default): any mask is
    valid for a reader, and trying them is 80% of the time of drawing a receipt.
    """
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=2)
    code.add_data(payload)
    code.make(fit=True)
    return [[bool(dark) for dark in row] for row in code.get_matrix()]


_ASCII_NUMBER = re.compile(r"(?<![A-Za-z0-9])[0-9]+(?![A-Za-z0-9])")


def persian_text(text: str) -> str:
    """Free text as stored (names and addresses are kept with ASCII digits) with Persian digits.

    Numbers glued to Latin letters ("Unit 5B", "GZ-12") stay as they are: they are codes.
    """
    return _ASCII_NUMBER.sub(lambda m: to_persian_digits(m.group(0)), text)


def _digits(value: object) -> str:
    return to_persian_digits(str(value))


def _number_or_code(value: str) -> str:
    """A terminal or reference number in Persian digits (the clerk typed it so); a code with Latin
    letters as it is. Either way one left-to-right run."""
    return isolate_ltr(_digits(value) if value.isascii() and value.isdigit() else value)


def _header(data: ReceiptData) -> list[Block]:
    office = data.office
    blocks: list[Block] = [Title(persian_text(office.name))]
    codes = _("Office code: {code}", code=_digits(office.code))
    if office.economic_code:
        codes += "  " + _("Economic code: {code}", code=_digits(office.economic_code))
    blocks.append(Text(codes, size="small", align="center"))
    if office.address:
        blocks.append(Text(persian_text(office.address), size="small", align="center"))
    if office.phone:
        # A phone number is an LTR island: without the isolate "021-8877" becomes "8877-021".
        blocks.append(Text(_("Phone: {phone}", phone=isolate_ltr(_digits(office.phone))),
                           size="small", align="center"))
    return blocks


def _line_item(index: int, line: ReceiptLine, unit: str) -> LineItem:
    amounts = (
        KeyValue(_("Agency share"), format_amount(line.agency_amount, unit), numeric=True, indent=1),
        KeyValue(_("Office fee"), format_amount(line.office_amount, unit), numeric=True, indent=1),
        KeyValue(_("VAT"), format_amount(line.vat_amount, unit), numeric=True, indent=1),
        KeyValue(_("Line total"), format_amount(line.line_total, unit), numeric=True, bold=True, indent=1),
    )
    return LineItem(
        number=_digits(index),
        service=persian_text(line.service_name),
        agency=persian_text(line.agency_name),
        quantity="" if line.quantity == 1 else _digits(line.quantity),  # shown only when more than one
        tracking=isolate_ltr(line.tracking_code) if line.tracking_code else "",
        amounts=amounts,
    )


def _payment(payment: ReceiptPayment, change_due: int, unit: str) -> list[Block]:
    rows: list[Block] = [KeyValue(payment_method_label(payment.method), format_amount(payment.amount, unit), numeric=True, bold=True)]
    if payment.terminal:
        rows.append(KeyValue(_("Terminal"), _number_or_code(payment.terminal), indent=1))
    if payment.reference:
        rows.append(KeyValue(_("Reference"), _number_or_code(payment.reference), indent=1))
    if payment.method == "cash" and payment.tendered:
        rows.append(KeyValue(_("Cash received"), format_amount(payment.tendered, unit), numeric=True, indent=1))
        rows.append(KeyValue(_("Change given"), format_amount(change_due, unit), numeric=True, indent=1))
    return rows


def _void_notice(data: ReceiptData, *, full: bool = True) -> Notice:
    """«باطل شد» with the reason; the full one (at the top) also says when and who approved it."""
    details = []
    if data.void_reason:
        details.append(_("Reason: {reason}", reason=persian_text(data.void_reason)))
    if full and data.void_at is not None:
        details.append(_("Voided {when}, approved by {name}", when=format_instant(data.void_at),
                         name=persian_text(data.void_approved_by)))
    return Notice(_("VOID"), "؛ ".join(details))


def _copy_notice(data: ReceiptData) -> Notice:
    if data.copy_printed_at is None:
        return Notice(_("COPY"))
    detail = _("Copy {number}, reprinted {when} by {name}", number=_digits(data.copy_no or 1),
               when=format_instant(data.copy_printed_at), name=persian_text(data.copy_printed_by))
    return Notice(_("COPY"), detail)


def verification_caption(data: ReceiptData) -> str:
    code = data.verification_code or short_hash(data.journal_hash)
    return _("Verification code: {code}", code=isolate_ltr(code))


def build_receipt(data: ReceiptData) -> ReceiptDocument:
    unit = data.office.display_unit
    blocks: list[Block] = []
    if data.voided:
        blocks.append(_void_notice(data))
    if data.copy:
        blocks.append(_copy_notice(data))
    blocks += _header(data)
    blocks.append(Separator(heavy=True))

    blocks.append(Text(_("Receipt no. {number}", number=data.receipt_number), size="large", bold=True, align="center"))
    blocks.append(KeyValue(_("Date and time"), format_instant(data.created_at)))
    if data.business_day != local_day(data.created_at):
        # Sold after the day was closed (or before the office's day starts): the day it is booked on,
        # as the counter's header said, beside the real date above.
        blocks.append(KeyValue(_("Business day"), format_jalali_long(data.business_day)))
    blocks.append(KeyValue(_("Clerk"), persian_text(data.clerk_name)))
    if data.citizen_name:
        blocks.append(KeyValue(_("Citizen"), persian_text(data.citizen_name)))
    if data.national_id:
        blocks.append(KeyValue(_("National ID"), _digits(data.national_id)))
    for key, value in data.extra.items():
        blocks.append(KeyValue(persian_text(key), persian_text(value)))
    blocks.append(Separator())

    labels = LineLabels(number=_("No."), service=_("Service"), agency=_("Agency"),
                        quantity=_("Quantity"), tracking=_("Tracking code"))
    items = tuple(_line_item(i, line, unit) for i, line in enumerate(data.lines, start=1))
    heading = _("Services (amounts in {unit})", unit=unit_label(unit))
    blocks.append(LineItems(heading, labels, items))
    blocks.append(Separator())

    blocks.append(KeyValue(_("Total agency share"), format_amount(data.agency_total, unit), numeric=True))
    blocks.append(KeyValue(_("Total office fee"), format_amount(data.office_total, unit), numeric=True))
    blocks.append(KeyValue(_("Total VAT"), format_amount(data.vat_total, unit), numeric=True))
    blocks.append(Total(_("Grand total"), format_amount(data.grand_total, unit, with_unit=True)))
    if data.payments:
        blocks.append(Separator())
        blocks.append(Text(_("Payment"), bold=True))
        for payment in data.payments:
            blocks += _payment(payment, data.change_due, unit)
    if data.voided:
        blocks.append(Separator())
        blocks.append(_void_notice(data, full=False))

    blocks.append(Separator())
    blocks.append(QRCode(qr_payload(data), caption=verification_caption(data)))
    blocks.append(Text(_("Complaints: the 195 system"), align="center", bold=True))
    if data.office.footer:
        blocks.append(Text(persian_text(data.office.footer), size="small", align="center"))
    if data.copy:
        blocks.append(Text(_("COPY"), align="center", bold=True))

    title = _("Receipt no. {number}", number=data.receipt_number)
    return ReceiptDocument(title=title, blocks=tuple(blocks), receipt_number=data.receipt_number,
                           meta={"qr": qr_payload(data)})


def build_test_page(*, kind: str, address: str, paper_mm: int, width_px: int, when: str,
                    key_fingerprint: str = "") -> ReceiptDocument:
    """A printer test page: Persian shaping, digits, an LTR run and the full paper width; and the
    fingerprint of the key receipts are signed with, for whoever checks receipts to compare."""
    blocks: list[Block] = [
        Title(_("Printer test page")),
        Separator(heavy=True),
        KeyValue(_("Printer"), f"{kind} {isolate_ltr(address)}" if address else kind),
        KeyValue(_("Paper"), _("{mm} mm, {px} dots", mm=paper_mm, px=width_px)),
        KeyValue(_("Date and time"), when),
        Separator(),
        Text(_("If this text reads right to left with joined letters, Persian printing works.")),
        KeyValue(_("Digits"), to_persian_digits("0123456789")),
        KeyValue(_("Tracking code"), isolate_ltr("AB12-3456-7890")),
        Separator(heavy=True),
    ]
    if key_fingerprint:
        blocks += [Text(_("Receipt signing key (fingerprint):"), size="small", bold=True),
                   Text(isolate_ltr(key_fingerprint), align="center"), Separator(heavy=True)]
    return ReceiptDocument(title=_("Printer test page"), blocks=tuple(blocks))
