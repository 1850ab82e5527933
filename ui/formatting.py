"""How money, counts, dates, times, rates and sizes read on screen: one formatter for every screen (the
desk carries it to the counter's screens, the owner's and the administration pages; a dialog without a
desk makes one), so that a figure reads the same everywhere.

The office's display unit (Rial or Toman) and the language (Persian digits and separators, or ASCII)
decide; the rules themselves are app.money's and app.jalali's.
"""
from __future__ import annotations

import datetime as dt

from app.i18n import N_, _, language
from app.money import format_amount, format_rate, parse_amount
from app.text import to_persian_digits


class Formatter:
    def __init__(self, unit: str = "rial") -> None:
        self.unit = unit

    @property
    def persian(self) -> bool:
        return language() == "fa"

    def money(self, rials: int, *, with_unit: bool = False) -> str:
        return format_amount(rials, self.unit, persian=self.persian, with_unit=with_unit)

    def parse_money(self, text: str) -> int:
        """An amount typed in the display unit, in any digit script, to Rials."""
        value = parse_amount(text)
        return value * 10 if self.unit == "toman" else value

    def unit_name(self) -> str:
        return _("Toman") if self.unit == "toman" else _("Rial")

    def digits(self, value: object) -> str:
        return to_persian_digits(str(value)) if self.persian else str(value)

    def count(self, value: object) -> str:
        """A whole number grouped by thousands («۱٬۲۳۴»); anything else in the language's digits."""
        if isinstance(value, int) and not isinstance(value, bool):
            grouped = f"{value:,}"
            return to_persian_digits(grouped.replace(",", "٬")) if self.persian else grouped
        return self.digits(value)

    # app.jalali (jdatetime) is imported when a date is first shown: the login screen opens without it.
    def day(self, day: dt.date) -> str:
        """«۱۴۰۵/۰۹/۱۱»."""
        from app.jalali import format_jalali

        return format_jalali(day, persian=self.persian).replace("-", "/")

    def day_long(self, day: dt.date) -> str:
        """«چهارشنبه ۱۱ آذر ۱۴۰۵», or «Wednesday 11 Azar 1405»."""
        from app.jalali import format_jalali_long

        return format_jalali_long(day, persian=self.persian)

    def when(self, instant: dt.datetime) -> str:
        """«۱۴۰۵/۰۹/۱۱ ۱۱:۴۳», Tehran time."""
        from app.jalali import format_instant

        return format_instant(instant, persian=self.persian)

    def time(self, instant: dt.datetime) -> str:
        """«۱۱:۴۳», Tehran time."""
        return self.when(instant).split(" ")[-1]

    def rate(self, rate_bp: int) -> str:
        """A VAT rate, «۱۰٪» (the language's percent sign)."""
        return self.digits(format_rate(rate_bp)) + ("٪" if self.persian else "%")

    def file_size(self, size: int) -> str:
        """«۱۲ کیلوبایت»: a file's size, rounded up to a whole unit."""
        for limit, unit in ((1 << 30, N_("{size} GB")), (1 << 20, N_("{size} MB")), (1 << 10, N_("{size} KB"))):
            if size >= limit:
                return _(unit, size=-(-size // limit))
        return _("{size} bytes", size=size)

    def megabytes(self, size: int) -> str:
        """«۱۲٫۳ MB»: a backup's size, to a tenth of a megabyte."""
        text = f"{size / 1_048_576:.1f}"
        return _("{size} MB", size=self.digits(text).replace(".", "٫") if self.persian else text)

    def cell(self, value: object, kind: str) -> str:
        """A report table's cell by its kind (app.reports.document.Table.kinds)."""
        if kind == "money" and isinstance(value, int):
            return self.money(value)
        return self.count(value) if kind == "count" else self.digits(value)
