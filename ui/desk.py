"""What every screen shares: the database, the background runners, who is logged in, how money shows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.i18n import _, language
from app.money import format_amount, parse_amount
from app.text import to_persian_digits
from ui.runner import Runner

if TYPE_CHECKING:
    from app.db import Database
    from app.services.common import Actor


@dataclass
class Desk:
    db: Database
    runner: Runner  # database work, one job at a time
    printer: Runner  # printing: a slow printer never holds up the next sale
    actor: Actor | None = None
    office: dict[str, Any] = field(default_factory=dict)
    business_day: dt.date | None = None
    last_terminal: str = ""  # the card reader used last; most counters have one
    parked: dict[int, list[Any]] = field(default_factory=dict)  # staff id -> parked visits (ui.parking)

    @property
    def unit(self) -> str:
        return str(self.office.get("display_unit", "rial"))

    @property
    def persian(self) -> bool:
        return language() == "fa"

    def money(self, rials: int, *, with_unit: bool = False) -> str:
        return format_amount(rials, self.unit, persian=self.persian, with_unit=with_unit)

    def unit_name(self) -> str:
        return _("Toman") if self.unit == "toman" else _("Rial")

    def parse_money(self, text: str) -> int:
        """An amount typed in the display unit, in any digit script, to Rials."""
        value = parse_amount(text)
        return value * 10 if self.unit == "toman" else value

    def digits(self, value: object) -> str:
        return to_persian_digits(str(value)) if self.persian else str(value)
