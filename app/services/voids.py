"""Voids: never an edit or a delete, a new record reversing the original, approved by a manager."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import PermissionDenied, UserError
from app.i18n import _
from app.ledger import canonical
from app.ledger.records import Void
from app.security import Action, allowed
from app.services.auth import approve
from app.services.common import Actor, acting, business_day, iso, journal, now, open_shift_of
from app.text import limited


@dataclass(frozen=True)
class VoidResult:
    void_id: int
    receipt_number: int
    grand_total: int
    cash_refund: int
    approved_by: str


def void_sale(db: Database, actor: Actor, receipt_number: int, reason: str, *,
              approver: tuple[str, str] | None = None, at: dt.datetime | None = None) -> VoidResult:
    """Void a sale. A clerk needs a manager's user and PIN for this one action; both ids and the
    reason are journaled. The void reverses every amount and refunds the cash taken."""
    reason = limited(reason, 200, _("reason"))
    if not reason:
        raise UserError("A reason is required.")
    manager = actor
    if approver is not None:
        manager = approve(db, approver[0], approver[1], purpose="void", asked_by=actor.id, at=at)
    instant = now(at)
    with db.write() as session:
        staff = acting(session, actor, Action.RECORD_SALE if approver else Action.VOID)
        if approver is not None:
            if not allowed(manager.role, Action.VOID):
                raise PermissionDenied("The approving user must be a manager or the owner.")
            acting(session, manager, Action.VOID)
        txn = session.execute(text(
            "SELECT id, agency_total, office_total, vat_total, grand_total FROM txn WHERE receipt_number = :n"),
            {"n": receipt_number}).first()
        if txn is None:
            raise UserError("No receipt with number {number}.", number=receipt_number)
        if session.execute(text("SELECT 1 FROM void WHERE txn_id = :t"), {"t": txn[0]}).first():
            raise UserError("Receipt {number} is already void.", number=receipt_number)
        cash = session.execute(text(
            "SELECT COALESCE(SUM(amount),0) FROM payment WHERE txn_id = :t AND method = 'cash'"),
            {"t": txn[0]}).scalar_one()
        row = {"txn_id": txn[0], "business_day": business_day(session, instant).isoformat(),
               "created_at": iso(instant), "staff_id": staff.id, "approved_by": manager.id,
               "shift_id": _refund_drawer(session, staff.id, txn[0]), "reason": reason, "agency_total": txn[1],
               "office_total": txn[2], "vat_total": txn[3], "grand_total": txn[4], "cash_refund": int(cash)}
        void_id = session.execute(text(
            "INSERT INTO void (txn_id, business_day, created_at, staff_id, approved_by, shift_id, reason, "
            "agency_total, office_total, vat_total, grand_total, cash_refund) VALUES (:txn_id, :business_day, "
            ":created_at, :staff_id, :approved_by, :shift_id, :reason, :agency_total, :office_total, :vat_total, "
            ":grand_total, :cash_refund) RETURNING id"), row).scalar_one()
        journal(session).append(session, at=row["created_at"], staff_id=staff.id, action="void",
                                entity="void", entity_id=void_id,
                                sealed=canonical.single(Void(**row)))
    return VoidResult(int(void_id), receipt_number, int(txn[4]), int(cash), manager.username)


def _refund_drawer(session: Session, voider_id: int, txn_id: int) -> int | None:
    """The drawer the cash comes back out of: the voider's open shift, else the original sale's
    shift while it is still open (an owner voiding at a clerk's counter), else none (card only
    or a closed day: the refund is outside any drawer and shows in the reports)."""
    own = open_shift_of(session, voider_id)
    if own is not None:
        return own
    return session.execute(text("SELECT s.id FROM shift s JOIN txn t ON t.shift_id = s.id "
                                "WHERE t.id = :t AND s.closed_at IS NULL"), {"t": txn_id}).scalar()
