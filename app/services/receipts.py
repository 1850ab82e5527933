"""A saved transaction as receipt data, and the log of its delivered prints.

A receipt never changes after it is printed: it is built from the sale's own rows, the office
settings in force at the sale's instant (app/services/office_history.py) and the print log. Every
receipt carries a QR code signed with the office key (app/receipt_seal.py).

Original or copy is decided by the print log, never by the caller: until a print of a sale was
delivered to a printer (or written out as a file for the citizen) every print of it is the
original — a failed first print retried is still the original; after that every print is a copy
«المثنی», numbered, saying when it was reprinted and by whom. A delivery is recorded (and journaled)
only once the printer took it (`record_delivery`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app import receipt_seal, signing
from app.db import Database
from app.errors import CheckFailed, UserError
from app.receipt_data import ReceiptData, ReceiptLine, ReceiptPayment
from app.security import Action
from app.services.common import Actor, acting, iso, journal, now, office, open_shift_of, parse_iso
from app.services.office_history import office_at
from app.services.print_state import UNPRINTED_SQL
from app.services.signing_keys import signing_key

ORIGINAL, COPY = "original", "copy"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintPlan:
    """The next print of a sale, ready to render; `record_delivery` logs it once delivered."""

    data: ReceiptData
    txn_id: int
    install_id: str
    copy_no: int  # 0: the original
    requested_at: str  # UTC ISO
    staff_id: int  # who asked for it

    @property
    def kind(self) -> str:
        return COPY if self.copy_no else ORIGINAL

    def to_meta(self) -> dict[str, Any]:
        """What a print job keeps so that a later retry can log the delivery."""
        return {"txn_id": self.txn_id, "install_id": self.install_id, "copy_no": self.copy_no,
                "requested_at": self.requested_at, "staff_id": self.staff_id,
                "receipt_number": self.data.receipt_number, "code": self.data.verification_code}


@dataclass(frozen=True)
class PrintRecord:
    receipt_number: int
    kind: str
    copy_no: int
    requested_at: dt.datetime
    requested_by: str
    delivered_at: dt.datetime
    destination: str
    code: str


# --- building the receipt -------------------------------------------------------------------------

def _sale_row(session: Session, number: int) -> Any:
    row = session.execute(text(
        "SELECT t.*, s.full_name AS clerk FROM txn t JOIN staff s ON s.id = t.staff_id "
        "WHERE t.receipt_number = :n"), {"n": number}).mappings().first()
    if row is None:
        raise UserError("No receipt with number {number}.", number=number)
    return row


def _void(session: Session, txn_id: int) -> Any:
    return session.execute(text(
        "SELECT v.reason, v.created_at, s.full_name AS approver FROM void v JOIN staff s ON s.id = v.approved_by "
        "WHERE v.txn_id = :t"), {"t": txn_id}).mappings().first()


def _build(session: Session, t: Any) -> ReceiptData:
    """The receipt as its original printed (unsigned): the sale's rows, the office as it was then."""
    lines = session.execute(text("SELECT * FROM txn_line WHERE txn_id = :t ORDER BY line_no"),
                            {"t": t["id"]}).mappings().all()
    pays = session.execute(text("SELECT * FROM payment WHERE txn_id = :t ORDER BY id"), {"t": t["id"]}).mappings().all()
    void = _void(session, t["id"])
    found = session.execute(text("SELECT hash FROM journal WHERE entity = 'txn' AND entity_id = :t "
                                 "AND action = 'sale'"), {"t": t["id"]}).scalar()
    digest = bytes(found).hex() if found is not None else ""
    return ReceiptData(
        office=office_at(session, t["created_at"]), receipt_number=t["receipt_number"],
        created_at=parse_iso(t["created_at"]), business_day=dt.date.fromisoformat(t["business_day"]),
        clerk_name=t["clerk"], citizen_name=t["citizen_name"], national_id=t["national_id"], mobile=t["mobile"],
        lines=tuple(ReceiptLine(r["service_code"], r["service_name"], r["agency_name"], r["quantity"],
                                r["agency_amount"], r["office_amount"], r["vat_amount"], r["line_total"],
                                r["tracking_code"]) for r in lines),
        payments=tuple(ReceiptPayment(p["method"], p["amount"], p["tendered"], p["terminal"], p["reference"])
                       for p in pays),
        agency_total=t["agency_total"], office_total=t["office_total"], vat_total=t["vat_total"],
        grand_total=t["grand_total"], change_due=t["change_due"], journal_hash=digest,
        voided=void is not None, void_reason=void["reason"] if void else "",
        void_at=parse_iso(void["created_at"]) if void else None, void_approved_by=void["approver"] if void else "")


def claims_for(data: ReceiptData) -> receipt_seal.ReceiptClaims:
    return receipt_seal.claims_of(data.office.code, data.receipt_number, data.business_day, data.created_at,
                                  data.grand_total, data.voided, data.copy_no)


def seal(data: ReceiptData, key: Any) -> ReceiptData:
    """The receipt with its signed QR text and verification code (unsigned without a key)."""
    if key is None:
        return data
    claims = claims_for(data)
    signature = signing.sign(key, receipt_seal.message_text(claims).encode("ascii"))
    return dataclasses.replace(data, seal=receipt_seal.encode(claims, signature),
                               verification_code=receipt_seal.short_code(signature))


def as_copy(data: ReceiptData, copy_no: int, at: dt.datetime, by: str) -> ReceiptData:
    return dataclasses.replace(data, copy=True, copy_no=copy_no, copy_printed_at=at, copy_printed_by=by)


def _key(db: Database) -> Any:
    """The office's signing key; None when its file cannot be read (the receipt then prints with the
    older unsigned code, which the check reports as such): a broken key file must not stop a sale's
    receipt. The problem is logged; `current_public_key` in the settings says it to the owner."""
    try:
        return signing_key(db)
    except (CheckFailed, OSError):
        log.exception("the receipt signing key cannot be used")
        return None


def load_receipt(db: Database, number: int) -> ReceiptData:
    """The receipt as its original printed, signed (previews; no journal line)."""
    key = _key(db)
    with db.read() as session:
        return seal(_build(session, _sale_row(session, number)), key)


# --- the print log --------------------------------------------------------------------------------

def _printed(session: Session, txn_id: int) -> tuple[bool, int]:
    """(delivered at least once, copies delivered) for a sale. Sales older than the print log count
    as printed: the app printed every sale when it was saved."""
    before_log = session.execute(text("SELECT COALESCE(MAX(txn_id_upto), 0) FROM receipt_print_origin")).scalar_one()
    rows = session.execute(text("SELECT kind, COUNT(*) FROM receipt_print WHERE txn_id = :t GROUP BY kind"),
                           {"t": txn_id}).all()
    counts = {str(kind): int(count) for kind, count in rows}
    return bool(counts) or txn_id <= int(before_log), counts.get(COPY, 0)


def prepare_print(db: Database, actor: Actor, number: int, *, at: dt.datetime | None = None) -> PrintPlan:
    """The next print of a receipt: the original until one was delivered, else the next copy, marked
    with when and by whom it is reprinted. Nothing is written until it is delivered."""
    key = _key(db)
    instant = now(at)
    with db.read() as session:
        staff = acting(session, actor, Action.REPRINT)
        t = _sale_row(session, number)
        data = _build(session, t)
        delivered, copies = _printed(session, t["id"])
        copy_no = copies + 1 if delivered else 0
        if copy_no:
            name = session.execute(text("SELECT full_name FROM staff WHERE id = :s"), {"s": staff.id}).scalar_one()
            data = as_copy(data, copy_no, instant, str(name))
        install_id = office(session).install_id
    return PrintPlan(seal(data, key), int(t["id"]), install_id, copy_no, iso(instant), staff.id)


def reprint_receipt(db: Database, actor: Actor, number: int, *, at: dt.datetime | None = None) -> ReceiptData:
    """The receipt as its next print will be (a copy once one was delivered)."""
    return prepare_print(db, actor, number, at=at).data


def record_delivery(db: Database, meta: dict[str, Any], *, destination: str, delivered_by: int | None = None,
                    at: dt.datetime | None = None) -> int | None:
    """Log a delivered print (`PrintPlan.to_meta()`), journaled; returns the log row id.

    A job spooled for another office's database (the spool folder is per computer) is not logged here."""
    instant = iso(now(at))
    with db.write() as session:
        if office(session).install_id != meta.get("install_id"):
            return None
        copy_no = int(meta["copy_no"])
        row = {"txn_id": int(meta["txn_id"]), "receipt_number": int(meta["receipt_number"]),
               "kind": COPY if copy_no else ORIGINAL, "copy_no": copy_no, "requested_at": str(meta["requested_at"]),
               "staff_id": int(meta["staff_id"]), "delivered_at": instant, "delivered_by": delivered_by,
               "destination": destination[:200], "code": str(meta.get("code", ""))}
        print_id = session.execute(text(
            "INSERT INTO receipt_print (txn_id, receipt_number, kind, copy_no, requested_at, staff_id, delivered_at, "
            "delivered_by, destination, code) VALUES (:txn_id, :receipt_number, :kind, :copy_no, :requested_at, "
            ":staff_id, :delivered_at, :delivered_by, :destination, :code) RETURNING id"), row).scalar_one()
        journal(session).append(session, at=instant, staff_id=delivered_by or int(meta["staff_id"]),
                                action="reprint" if copy_no else "receipt_printed", entity="receipt_print",
                                entity_id=int(print_id), payload={k: row[k] for k in (
                                    "receipt_number", "kind", "copy_no", "requested_at", "staff_id",
                                    "destination", "code")})
    return int(print_id)


def receipt_prints(db: Database, number: int) -> list[PrintRecord]:
    """Every delivered print of a receipt, oldest first."""
    with db.read() as session:
        return prints_of(session, number)


def prints_of(session: Session, number: int) -> list[PrintRecord]:
    rows = session.execute(text(
        "SELECT p.*, s.full_name AS who FROM receipt_print p JOIN staff s ON s.id = p.staff_id "
        "WHERE p.receipt_number = :n ORDER BY p.id"), {"n": number}).mappings().all()
    return [PrintRecord(r["receipt_number"], r["kind"], r["copy_no"], parse_iso(r["requested_at"]), r["who"],
                        parse_iso(r["delivered_at"]), r["destination"], r["code"]) for r in rows]


def receipt_number_by_code(db: Database, code: str) -> int | None:
    """The receipt whose printed verification code this is («کد اصالت», any case or spacing)."""
    wanted = receipt_seal.normalise_code(code)
    if not wanted:
        return None
    with db.read() as session:
        found = session.execute(text("SELECT receipt_number FROM receipt_print WHERE code = :c ORDER BY id LIMIT 1"),
                                {"c": wanted}).scalar()
    return int(found) if found is not None else None


@dataclass(frozen=True)
class Unprinted:
    """A sale whose receipt no printer has delivered yet."""

    receipt_number: int
    created_at: str  # UTC ISO, when the sale was recorded


def _unprinted(session: Session, where: list[str], params: dict[str, object]) -> list[Unprinted]:
    rows = session.execute(text(f"SELECT t.receipt_number, t.created_at FROM txn t WHERE {' AND '.join(where)} "
                                "ORDER BY t.receipt_number"), params).all()
    return [Unprinted(int(r[0]), str(r[1])) for r in rows]


def unprinted_receipts(db: Database, *, shift_id: int | None = None,
                       business_day: dt.date | None = None) -> list[int]:
    """Receipt numbers of sales of a shift and/or business day that no printer has delivered yet
    (a fault, a discarded job, no printer set up) and that were not voided. With neither argument:
    every such sale. Sales older than the print log count as printed."""
    where = [UNPRINTED_SQL]
    params: dict[str, object] = {}
    if shift_id is not None:
        where.append("t.shift_id = :shift")
        params["shift"] = shift_id
    if business_day is not None:
        where.append("t.business_day = :day")
        params["day"] = business_day.isoformat()
    with db.read() as session:
        return [u.receipt_number for u in _unprinted(session, where, params)]


def shift_unprinted(db: Database, actor: Actor) -> list[Unprinted]:
    """The receipts of the actor's open shift that no printer has delivered yet, oldest first: the
    counter shows how many at all times, so that no citizen leaves without one unnoticed. No open
    shift: none."""
    with db.read() as session:
        staff = acting(session, actor, Action.VIEW_OWN_SALES)
        shift_id = open_shift_of(session, staff.id)
        if shift_id is None:
            return []
        return _unprinted(session, [UNPRINTED_SQL, "t.shift_id = :shift"], {"shift": shift_id})


def may_print(db: Database, actor: Actor) -> int:
    """The actor's staff id if they may print receipts and reports (every active role may)."""
    with db.read() as session:
        return acting(session, actor, Action.REPRINT).id


def staff_name(db: Database, staff_id: int) -> str:
    """A staff member's full name as printed (the clerk of another's shift report)."""
    with db.read() as session:
        name = session.execute(text("SELECT full_name FROM staff WHERE id = :s"), {"s": staff_id}).scalar()
    return str(name or "")
