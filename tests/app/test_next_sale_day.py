"""Which business day the next sale is booked on, beside the calendar date, and why they differ."""
from __future__ import annotations

import datetime as dt

from app_testkit import actor
from sqlalchemy import text

from app.db import Database
from app.jalali import local_day
from app.services.business_day_info import next_sale_day
from app.services.dayclose import close_day


def test_on_an_ordinary_day_the_sale_is_booked_today(office_db: Database) -> None:
    at = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)  # 11:30 in Tehran
    day = next_sale_day(office_db, at)
    assert day.day == day.calendar_day == local_day(at) and day.reason == ""


def test_after_the_day_is_closed_sales_go_to_the_next_day(office_db: Database) -> None:
    owner = actor(office_db, "owner")
    with office_db.read() as s:
        open_shifts = s.execute(text("SELECT COUNT(*) FROM shift WHERE closed_at IS NULL")).scalar_one()
    assert open_shifts == 0
    at = dt.datetime.now(dt.UTC)
    today = local_day(at)
    close_day(office_db, owner, today, at=at)
    day = next_sale_day(office_db, at)
    assert day.calendar_day == today and day.day == today + dt.timedelta(days=1)
    assert day.reason == "closed" and day.last_closed == today


def test_before_the_offices_day_starts_sales_count_on_the_day_before(office_db: Database) -> None:
    from app.services.office import update_office

    update_office(office_db, actor(office_db, "owner"), {"day_start_hour": 6})
    at = dt.datetime(2026, 12, 2, 0, 30, tzinfo=dt.UTC)  # 04:00 in Tehran
    day = next_sale_day(office_db, at)
    assert day.day == day.calendar_day - dt.timedelta(days=1) and day.reason == "early"
    assert day.day_start_hour == 6
