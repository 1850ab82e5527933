"""The clerk's own list of today's visits (the owner's history lives in the reports)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from app.db import Database
from app.security import Action, allowed
from app.services.common import Actor, acting, business_day, now
from app.services.print_state import PRINTED_SQL
from app.store.dialect import group_concat


@dataclass(frozen=True)
class SaleRow:
    receipt_number: int
    created_at: str
    citizen_name: str
    national_id: str
    services: str
    grand_total: int
    methods: str
    voided: bool
    clerk: str
    printed: bool = True  # a printer delivered its receipt (or it is older than the print log)


def current_business_day(db: Database, at: dt.datetime | None = None) -> dt.date:
    with db.read() as session:
        return business_day(session, now(at))


def todays_sales(db: Database, actor: Actor, *, everyone: bool = False,
                 at: dt.datetime | None = None) -> list[SaleRow]:
    """Today's visits, newest first: the actor's own, or everyone's for a manager."""
    with db.read() as session:
        staff = acting(session, actor, Action.VIEW_OWN_SALES)
        day = business_day(session, now(at))
        mine = not (everyone and allowed(staff.role, Action.VIEW_REPORTS))
        services = group_concat(session, "service_name", "، ", "txn_line WHERE txn_id = t.id", "line_no")
        methods = group_concat(session, "method", ",", "payment WHERE txn_id = t.id", "id")
        rows = session.execute(text(
            "SELECT t.receipt_number, t.created_at, t.citizen_name, t.national_id, "
            f"{services}, t.grand_total, {methods}, "
            f"EXISTS (SELECT 1 FROM void WHERE txn_id = t.id), s.full_name, {PRINTED_SQL} "
            "FROM txn t JOIN staff s ON s.id = t.staff_id WHERE t.business_day = :d "
            + ("AND t.staff_id = :me " if mine else "") + "ORDER BY t.receipt_number DESC"),
            {"d": day.isoformat(), "me": staff.id}).all()
    return [SaleRow(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6] or "", bool(r[7]), r[8], bool(r[9]))
            for r in rows]
