"""Which business day the next sale belongs to, and why it is not today's calendar date when it is not;
and which day's tariffs price it (the calendar day, as `record_sale` does).

The rule itself is `app.services.common.business_day` (the day close, the hour the day starts); this
only reports it beside the calendar date so that the counter can say why the two differ.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from app.db import Database
from app.jalali import local_day
from app.services.common import business_day, now


@dataclass(frozen=True)
class NextSaleDay:
    day: dt.date  # the business day a sale recorded now is booked on
    calendar_day: dt.date  # the date on the wall calendar in Tehran
    day_start_hour: int
    last_closed: dt.date | None
    price_day: dt.date | None = None  # whose tariffs price it: the office's calendar day (None: `day`)

    @property
    def tariff_day(self) -> dt.date:
        """The day whose tariffs a sale recorded now is priced at (app/services/sales.py): the calendar
        day in the office's sense, also after a day close — a tariff starting tomorrow is not charged
        today because today's figures were closed early."""
        return self.price_day or self.day

    @property
    def reason(self) -> str:
        """'' when the sale is booked on today's date; 'closed' when today was already closed (sales go
        to the next day); 'early' when the office's day has not started yet (sales count on yesterday)."""
        if self.day == self.calendar_day:
            return ""
        if self.last_closed is not None and self.day > self.calendar_day:
            return "closed"
        return "early" if self.day < self.calendar_day else "closed"


def next_sale_day(db: Database, at: dt.datetime | None = None) -> NextSaleDay:
    """The business day the service layer books a sale on now, beside the calendar date."""
    instant = now(at)
    with db.read() as session:
        day = business_day(session, instant)
        hour = int(session.execute(text("SELECT day_start_hour FROM office WHERE id = 1")).scalar() or 0)
        closed = session.execute(text("SELECT MAX(business_day) FROM day_close")).scalar()
    return NextSaleDay(day, local_day(instant), hour, dt.date.fromisoformat(closed) if closed else None,
                       local_day(instant, hour))
