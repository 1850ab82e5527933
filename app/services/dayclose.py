"""Closing the business day: its totals frozen with the cumulative grand total and the chain hash."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from app import canonical
from app.db import Database
from app.errors import UserError
from app.journal import anchor_to_last_entry, last_hash
from app.security import Action
from app.services.common import Actor, acting, business_day, iso, journal, now, office
from app.services.totals import Totals, day_totals


@dataclass(frozen=True)
class DayCloseResult:
    business_day: dt.date
    totals: Totals
    cumulative_total: int
    chain_hash: str


def close_day(db: Database, actor: Actor, day: dt.date | None = None, *,
              at: dt.datetime | None = None) -> DayCloseResult:
    """Freeze a business day. Refused while any shift is open; later sales go to the next day."""
    instant = now(at)
    with db.write() as session:
        staff = acting(session, actor, Action.CLOSE_DAY)
        day = day or business_day(session, instant)
        if day > business_day(session, instant):
            raise UserError("A day in the future cannot be closed.")
        if session.execute(text("SELECT 1 FROM day_close WHERE business_day >= :d"),
                           {"d": day.isoformat()}).first():
            raise UserError("This business day is already closed.")
        open_by = session.execute(text(
            "SELECT GROUP_CONCAT(st.username, ', ') FROM shift s JOIN staff st ON st.id = s.staff_id "
            "WHERE s.closed_at IS NULL")).scalar()
        if open_by:
            raise UserError("Close the open shifts first: {names}", names=open_by)
        totals = day_totals(session, day)
        previous = session.execute(text(
            "SELECT cumulative_total FROM day_close ORDER BY business_day DESC LIMIT 1")).scalar() or 0
        row: dict[str, Any] = {"business_day": day.isoformat(), "closed_at": iso(instant), "staff_id": staff.id,
               "visits": totals.visits, "voids": totals.voids, "agency_total": totals.agency,
               "office_total": totals.office, "vat_total": totals.vat, "grand_total": totals.grand,
               "cumulative_total": previous + totals.grand, "chain_hash": last_hash(session)}
        close_id = session.execute(text(
            "INSERT INTO day_close (business_day, closed_at, staff_id, visits, voids, agency_total, office_total, "
            "vat_total, grand_total, cumulative_total, chain_hash) VALUES (:business_day, :closed_at, :staff_id, "
            ":visits, :voids, :agency_total, :office_total, :vat_total, :grand_total, :cumulative_total, "
            ":chain_hash) RETURNING id"), row).scalar_one()
        journal(session).append(session, at=row["closed_at"], staff_id=staff.id, action="day_close",
                                entity="day_close", entity_id=close_id,
                                payload=canonical.pick(row, canonical.DAY_CLOSE_FIELDS))
    with db.read() as session:  # committed: now the chain may be anchored outside the database
        anchor_to_last_entry(session, office(session).install_id, db.path)
    return DayCloseResult(day, totals, row["cumulative_total"], row["chain_hash"])
