"""A saved transaction as receipt data; reprints are journaled and marked as copies."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import UserError
from app.receipt_data import OfficeInfo, ReceiptData, ReceiptLine, ReceiptPayment
from app.security import Action
from app.services.common import Actor, acting, iso, journal, now, office, parse_iso


def _load(session: Session, number: int, copy: bool) -> ReceiptData:
    t = session.execute(text(
        "SELECT t.*, s.full_name AS clerk FROM txn t JOIN staff s ON s.id = t.staff_id "
        "WHERE t.receipt_number = :n"), {"n": number}).mappings().first()
    if t is None:
        raise UserError("No receipt with number {number}.", number=number)
    lines = session.execute(text("SELECT * FROM txn_line WHERE txn_id = :t ORDER BY line_no"),
                            {"t": t["id"]}).mappings().all()
    pays = session.execute(text("SELECT * FROM payment WHERE txn_id = :t ORDER BY id"),
                           {"t": t["id"]}).mappings().all()
    void = session.execute(text("SELECT reason FROM void WHERE txn_id = :t"), {"t": t["id"]}).first()
    digest = session.execute(text("SELECT hash FROM journal WHERE entity = 'txn' AND entity_id = :t"),
                             {"t": t["id"]}).scalar() or ""
    o = office(session)
    info = OfficeInfo(o.name, o.code, o.address, o.phone, o.economic_code, o.footer, o.display_unit)
    return ReceiptData(
        office=info, receipt_number=number, created_at=parse_iso(t["created_at"]),
        business_day=dt.date.fromisoformat(t["business_day"]), clerk_name=t["clerk"],
        citizen_name=t["citizen_name"], national_id=t["national_id"], mobile=t["mobile"],
        lines=tuple(ReceiptLine(r["service_code"], r["service_name"], r["agency_name"], r["quantity"],
                                r["agency_amount"], r["office_amount"], r["vat_amount"], r["line_total"],
                                r["tracking_code"]) for r in lines),
        payments=tuple(ReceiptPayment(p["method"], p["amount"], p["tendered"], p["terminal"], p["reference"])
                       for p in pays),
        agency_total=t["agency_total"], office_total=t["office_total"], vat_total=t["vat_total"],
        grand_total=t["grand_total"], change_due=t["change_due"], journal_hash=digest,
        voided=void is not None, void_reason=void[0] if void else "", copy=copy)


def load_receipt(db: Database, number: int) -> ReceiptData:
    """The receipt as first printed (no journal line: used for previews and exports)."""
    with db.read() as session:
        return _load(session, number, copy=False)


def reprint_receipt(db: Database, actor: Actor, number: int, *, at: dt.datetime | None = None) -> ReceiptData:
    """A copy for the printer: journaled, and marked «المثنی»."""
    with db.write() as session:
        staff = acting(session, actor, Action.REPRINT)
        data = _load(session, number, copy=True)
        journal(session).append(session, at=iso(now(at)), staff_id=staff.id, action="reprint",
                                entity="txn_receipt", payload={"receipt_number": number})
        return data
