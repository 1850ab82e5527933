"""The one context every screen is given: the counter's screens, the owner's and the administration
pages alike.

It holds the database, the window's two runners (database work in one ordered thread; printing in
another, so that a slow printer never holds up the next sale), who is acting, the office as one typed
record (app.office_record.Office) and the one formatter (ui.formatting). A screen never makes a
runner of its own and never falls back to one: it runs its work on the desk's.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.office_record import Office
from ui.formatting import Formatter

if TYPE_CHECKING:
    from app.db import Database
    from app.services.common import Actor
    from ui.runner import Runner


@dataclass
class Desk:
    db: Database
    runner: Runner  # database work, one job at a time
    printer: Runner  # printing: a slow printer never holds up the next sale
    actor: Actor | None = None
    office: Office = field(default_factory=Office)
    business_day: dt.date | None = None
    last_terminal: str = ""  # the card reader used last; most counters have one
    parked: dict[int, list[Any]] = field(default_factory=dict)  # staff id -> parked visits (ui.parking)

    def set_office(self, office: Office) -> None:
        """The office as it stands now (after a settings page saved it, or the database was read again)."""
        self.office = office

    @property
    def acting(self) -> Actor:
        """Who acts: every screen that records, prints or reads as someone is shown only after a login."""
        if self.actor is None:
            raise RuntimeError("no one is logged in at this desk")
        return self.actor

    @property
    def unit(self) -> str:
        return self.office.display_unit

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
