"""Money is an integer number of current Rials. Parsing at the edge, formatting at the edge.

VAT rounding rule (the one rule used everywhere): VAT is computed per line on the office fee
only (the agency's share is money collected on its behalf and carries no VAT), rounded half-up
to the Rial. When VAT is added: vat = round(office * rate). When the fee already includes VAT:
net = round(office / (1 + rate)), vat = office - net. Rates are integer basis points
(1000 = 10%), so no float ever touches an amount.
"""
from __future__ import annotations

import re

from app.errors import UserError
from app.text import for_message, normalise, to_persian_digits

MAX_AMOUNT = 10**13  # 10,000 billion Rials: far beyond any counter visit, below SQLite's int64.
# ASCII digits only (after normalise): Python's \d would also take Devanagari, Bengali, ... digits.
_AMOUNT = re.compile(r"[0-9]{1,3}(,[0-9]{3})+|[0-9]+")
# Longer than any amount up to MAX_AMOUNT with separators; also keeps int() below its 4300-digit limit.
_MAX_CHARS = 40


def parse_amount(text: str | int, *, allow_zero: bool = True, field: str = "amount") -> int:
    """Parse an amount typed in any digit script, with or without thousands separators."""
    if isinstance(text, bool):
        raise UserError("Invalid amount: {value}", value=for_message(text))
    if isinstance(text, int):
        value = text
    else:
        raw = normalise(str(text)).replace("٬", ",").replace("،", ",").replace(" ", "")
        if raw.startswith("-"):
            raise UserError("The amount cannot be negative: {value}", value=for_message(text))
        if len(raw) > _MAX_CHARS and _AMOUNT.fullmatch(raw):
            raise UserError("The amount is too large: {value}", value=for_message(text, _MAX_CHARS))
        if not _AMOUNT.fullmatch(raw):
            raise UserError("Invalid amount: {value}", value=for_message(text))
        value = int(raw.replace(",", ""))
    if value < 0:
        raise UserError("The amount cannot be negative: {value}", value=for_message(text))
    if value > MAX_AMOUNT:
        raise UserError("The amount is too large: {value}", value=for_message(text))
    if value == 0 and not allow_zero:
        raise UserError("The amount must be more than zero.")
    return value


def round_div(numerator: int, denominator: int) -> int:
    """Integer division rounded half-up (amounts are non-negative)."""
    q, r = divmod(numerator, denominator)
    return q + 1 if 2 * r >= denominator else q


def vat_split(office_amount: int, rate_bp: int, included: bool) -> tuple[int, int]:
    """(office revenue net of VAT, VAT) for an office fee amount."""
    if included:
        net = round_div(office_amount * 10000, 10000 + rate_bp)
        return net, office_amount - net
    return office_amount, round_div(office_amount * rate_bp, 10000)


def format_amount(rials: int, unit: str = "rial", *, persian: bool = True, with_unit: bool = False) -> str:
    """Grouped digits in the display unit (Toman = Rial / 10).

    Toman never shows a tenth: an amount that is not a whole number of Toman (a VAT split, a bill
    paid to the Rial) is shown exactly, in Rials, and always with the word «ریال» beside it, even
    where a heading gives the unit — nothing is rounded away and nothing is misread as Toman.
    """
    if unit == "toman" and abs(rials) % 10:
        unit, with_unit = "rial", True
    value = abs(rials) // 10 if unit == "toman" else abs(rials)
    text = ("-" if rials < 0 else "") + f"{value:,}"
    if persian:
        text = to_persian_digits(text).replace(",", "٬")
    if with_unit:
        from app.i18n import _

        text = text + " " + (_("Toman") if unit == "toman" else _("Rial"))
    return text


def check_visit_total(total: int) -> int:
    """A visit's grand total is capped as a single fee is (MAX_AMOUNT): quantity × fee over many
    lines could otherwise reach 18 digits, beyond what a receipt, a report or a bank can carry."""
    if total > MAX_AMOUNT:
        raise UserError("The total of this visit ({total} Rials) is too large; record it as several visits.",
                        total=format_amount(total, persian=False))
    return total


def parse_rate(text: str) -> int:
    """A VAT rate in percent ("10", "9.5", "۱۰") to basis points."""
    raw = normalise(str(text)).replace("٫", ".").rstrip("%").strip()
    m = re.fullmatch(r"([0-9]{1,2})(?:\.([0-9]{1,2}))?", raw)
    if not m:
        raise UserError("Invalid VAT rate: {value}", value=for_message(text))
    return int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))


def format_rate(rate_bp: int) -> str:
    whole, frac = divmod(rate_bp, 100)
    return f"{whole}" if not frac else f"{whole}.{frac:02d}".rstrip("0")
