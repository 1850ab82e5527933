"""What every screen shares: the database, the background runners, who is logged in, the office, and
how figures read (the one formatter, ui.formatting)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ui.formatting import Formatter
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
    def fmt(self) -> Formatter:
        """The one formatter, in the office's display unit as it stands now (a setting may change it)."""
        return Formatter(self.unit)

    @property
    def persian(self) -> bool:
        return self.fmt.persian

    # Shorthands the counter's screens use everywhere; the rules are the formatter's.
    def money(self, rials: int, *, with_unit: bool = False) -> str:
        return self.fmt.money(rials, with_unit=with_unit)

    def unit_name(self) -> str:
        return self.fmt.unit_name()

    def parse_money(self, text: str) -> int:
        """An amount typed in the display unit, in any digit script, to Rials."""
        return self.fmt.parse_money(text)

    def digits(self, value: object) -> str:
        return self.fmt.digits(value)
