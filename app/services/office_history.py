"""What the office printed about itself, and since when: an append-only history of the receipt-relevant
office settings, so a receipt (and every copy of it) shows what was in force at the sale's instant.

A version is written in the same transaction as the office change it records (app/services/office.py).
Databases older than the history start with one version "since always": the settings they had when
the history began.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.db import Database, sql_text
from app.jalali import now_utc
from app.office_record import RECEIPT_FIELDS, Office
from app.services.common import iso

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The office row's fields a receipt shows (name and codes, address, phone, footer, the display unit
# and the VAT rule): app.office_record.RECEIPT_FIELDS.
_COLUMNS = ", ".join(RECEIPT_FIELDS)


def record_version(session: Session, office: Office, *, at: str, staff_id: int | None, source: str) -> None:
    """Add the version taking effect at `at` (the caller's transaction; nothing is committed here)."""
    session.execute(sql_text(
        f"INSERT INTO office_version (effective_at, {_COLUMNS}, staff_id, source) VALUES (:at, "
        + ", ".join(f":{name}" for name in RECEIPT_FIELDS) + ", :staff_id, :source)"),
        {**office.receipt_part(), "at": at, "staff_id": staff_id, "source": source})


def touches_receipts(changes: Iterable[str]) -> bool:
    return any(name in RECEIPT_FIELDS for name in changes)


def office_at(session: Session, instant: str) -> Office:
    """The office as receipts showed it at `instant` (UTC ISO text).

    An instant before the first recorded version (a demo back-dated before its office existed) gets
    the first version: it is the oldest thing known."""
    row = session.execute(sql_text(
        f"SELECT {_COLUMNS} FROM office_version WHERE effective_at <= :at "
        "ORDER BY effective_at DESC, id DESC LIMIT 1"), {"at": instant}).mappings().first()
    if row is None:
        row = session.execute(sql_text(f"SELECT {_COLUMNS} FROM office_version ORDER BY effective_at, id LIMIT 1")
                              ).mappings().first()
    if row is None:  # a database the migration found without an office, given one by hand since
        row = session.execute(sql_text(f"SELECT {_COLUMNS} FROM office WHERE id = 1")).mappings().one()
    return Office.from_values(dict(row))


def office_codes(session: Session) -> set[str]:
    """Every code this office has printed on receipts (a code may have been corrected once)."""
    rows = session.execute(sql_text("SELECT DISTINCT code FROM office_version UNION SELECT code FROM office")).all()
    return {str(r[0]) for r in rows}


def current_office(db: Database) -> Office:
    """The office as a receipt printed now shows it."""
    with db.read() as session:
        return office_at(session, iso(now_utc()))
