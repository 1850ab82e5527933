"""History: every transaction over years, filtered and paged in SQL, newest business day first.

Pages are keyset-paged on (business_day, id), the order of the day indexes, so the first page and
every later one cost the same on a million rows; a page by offset skips its rows in that index and
describes only its own. `history_count` gives the size of the whole result with the same conditions. A name matches in any spelling through the
search key: through the citizen remembered for the visit's national ID, or the visit's own
name when it has none.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.errors import UserError
from app.payment_methods import METHODS
from app.receipt_data import ReceiptData
from app.receipt_seal import normalise_code
from app.reports.access import reports_staff
from app.services.common import Actor, parse_iso
from app.services.receipts import load_receipt, reprint_receipt
from app.store.dialect import engine_of, group_concat
from app.text import clean_digits, normalise_national_id, search_key

PAGE = 100
MAX_PAGE = 1000


@dataclass(frozen=True)
class HistoryFilter:
    first: dt.date | None = None
    last: dt.date | None = None
    staff_id: int | None = None
    service_id: int | None = None
    agency_id: int | None = None
    national_id: str = ""  # the whole ID, or its first digits, in any digit script
    name: str = ""  # any spelling
    method: str | None = None  # cash, card, transfer
    voided: bool | None = None  # None: both
    receipt_number: int | None = None
    code: str = ""  # a printed verification code («کد اصالت»), as typed or scanned


@dataclass(frozen=True)
class HistoryCursor:
    """Where the next page starts: after this (business day, transaction id)."""

    business_day: str
    txn_id: int


@dataclass(frozen=True)
class HistoryRow:
    txn_id: int
    receipt_number: int
    business_day: dt.date
    created_at: dt.datetime
    clerk: str
    citizen_name: str
    national_id: str
    services: str
    agency: int
    office: int
    vat: int
    total: int
    methods: tuple[str, ...]
    void_day: dt.date | None  # the business day the void was recorded

    @property
    def voided(self) -> bool:
        return self.void_day is not None

    @property
    def cursor(self) -> HistoryCursor:
        return HistoryCursor(self.business_day.isoformat(), self.txn_id)


@dataclass(frozen=True)
class HistoryPage:
    rows: tuple[HistoryRow, ...]
    more: bool  # another page follows

    @property
    def cursor(self) -> HistoryCursor | None:
        return self.rows[-1].cursor if self.rows and self.more else None


@dataclass(frozen=True)
class Choice:
    id: int
    label: str
    group: str = ""


@dataclass(frozen=True)
class HistoryChoices:
    staff: tuple[Choice, ...]
    agencies: tuple[Choice, ...]
    services: tuple[Choice, ...]  # group: the agency's id as text
    unit: str = "rial"


def _like(key: str) -> str:
    return "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _national_id(value: str, params: dict[str, Any]) -> str:
    digits = clean_digits(value)
    if not digits.isascii() or not digits.isdigit() or len(digits) > 10:
        raise UserError("Invalid national ID: {value}", value=value)
    full = normalise_national_id(digits) if len(digits) >= 8 else None
    if full is not None:
        params["nid"] = full
        return "t.national_id = :nid"
    # The first digits typed so far: an index range, not a LIKE.
    params["nid_lo"], params["nid_hi"] = digits, digits + ":"  # ':' sorts right after '9'
    return "t.national_id >= :nid_lo AND t.national_id < :nid_hi"


INDEXED_NAMES = 50  # up to this many matching citizens, their visits are found through the ID index
SPARSE_LINES = 5000  # up to this many lines of a service, its visits are found through a service index


def _lines_term(session: Session, condition: str, params: dict[str, Any]) -> str:
    """Visits with a line matching `condition`. Checked visit by visit, newest first (a common
    service fills a page at once), unless an index on txn_line.service_id shows the service is
    rare: then its few visits are looked up directly instead of reading years of visits."""
    if _service_index(session):
        lines = session.execute(text(f"SELECT COUNT(*) FROM txn_line l WHERE {condition}"), params).scalar_one()
        if lines <= SPARSE_LINES:
            return f"t.id IN (SELECT l.txn_id FROM txn_line l WHERE {condition})"
    return f"EXISTS (SELECT 1 FROM txn_line l WHERE l.txn_id = t.id AND {condition})"


def _service_index(session: Session) -> bool:
    if engine_of(session) != "sqlite":
        return True  # the server's schema is built whole from app/ledger/tables.py (ix_txn_line_service)
    for index in session.execute(text("PRAGMA index_list(txn_line)")).all():
        first = session.execute(text(f"PRAGMA index_info({index[1]})")).first()
        if first is not None and first[2] == "service_id":
            return True
    return False


def where_clauses(session: Session, flt: HistoryFilter) -> list[tuple[str, dict[str, Any]]]:
    """SQL conditions on `txn t` for a filter: one clause, or two disjoint ones whose union is the
    answer when a name is sought (visits with a remembered citizen, and visits without an ID)."""
    terms: list[str] = []
    params: dict[str, Any] = {}
    if flt.first is not None:
        terms.append("t.business_day >= :first")
        params["first"] = flt.first.isoformat()
    if flt.last is not None:
        terms.append("t.business_day <= :last")
        params["last"] = flt.last.isoformat()
    if flt.staff_id is not None:
        terms.append("t.staff_id = :staff")
        params["staff"] = flt.staff_id
    if flt.receipt_number is not None:
        terms.append("t.receipt_number = :number")
        params["number"] = flt.receipt_number
    if flt.code.strip():
        code = normalise_code(flt.code)
        if not code:
            raise UserError("Invalid verification code: {value}", value=flt.code)
        terms.append("t.id IN (SELECT txn_id FROM receipt_print WHERE code = :code)")
        params["code"] = code
    if flt.service_id is not None:
        params["service"] = flt.service_id
        terms.append(_lines_term(session, "l.service_id = :service", params))
    if flt.agency_id is not None:
        params["agency"] = flt.agency_id
        terms.append(_lines_term(session, "l.service_id IN (SELECT id FROM service WHERE agency_id = :agency)", params))
    if flt.national_id.strip():
        terms.append(_national_id(flt.national_id, params))
    if flt.method is not None:
        if flt.method not in METHODS:
            raise UserError("Unknown payment method: {method}", method=flt.method)
        terms.append("EXISTS (SELECT 1 FROM payment p WHERE p.txn_id = t.id AND p.method = :method "
                     "AND p.amount > 0)")
        params["method"] = flt.method
    if flt.voided is not None:
        terms.append(("" if flt.voided else "NOT ") + "EXISTS (SELECT 1 FROM void v WHERE v.txn_id = t.id)")
    key = search_key(flt.name)
    if not key:
        return [(" AND ".join(terms) or "TRUE", params)]
    return _name_clauses(session, key, terms, {**params, "name": _like(key)}, bool(flt.national_id.strip()))


def _name_clauses(session: Session, key: str, terms: list[str], params: dict[str, Any],
                  by_id: bool) -> list[tuple[str, dict[str, Any]]]:
    clauses = []
    citizens = "SELECT national_id FROM citizen WHERE search_key LIKE :name ESCAPE '\\'"
    matched = session.execute(text(f"SELECT COUNT(*) FROM ({citizens}) AS matched"), params).scalar_one()
    if matched:
        # Few people: their visits through the ID index. Many (a common first name): walking the
        # days newest first finds a page long before the end.
        column = "t.national_id" if matched <= INDEXED_NAMES else "+t.national_id"
        clauses.append((" AND ".join([*terms, f"{column} IN ({citizens})"]), params))
    if not by_id:
        # The name of a visit without a national ID, by the same key as the citizen table (kept beside
        # the sale, app/ledger/tables.py `txn_search`).
        clauses.append((" AND ".join([*terms, "t.national_id = ''", "t.id IN (SELECT txn_id FROM txn_search "
                                      "WHERE name_key LIKE :name ESCAPE '\\')"]), params))
    return clauses


def _with_search_key(session: Session) -> None:
    """(Kept for callers: names are matched through `txn_search` on both engines now.)"""


_PAGE_SQL = """
WITH page AS (SELECT t.id FROM txn t WHERE {where} ORDER BY t.business_day DESC, t.id DESC
              LIMIT :limit OFFSET :offset)
SELECT t.id, t.receipt_number, t.business_day, t.created_at, st.full_name, t.citizen_name, t.national_id,
       t.agency_total, t.office_total, t.vat_total, t.grand_total, {services}, {methods},
       (SELECT business_day FROM void WHERE txn_id = t.id)
FROM page JOIN txn t ON t.id = page.id JOIN staff st ON st.id = t.staff_id
ORDER BY t.business_day DESC, t.id DESC
"""


def _page_sql(session: Session, where: str) -> str:
    services = group_concat(session, "service_name", "، ", "txn_line WHERE txn_id = t.id", "line_no")
    methods = group_concat(session, "method", ",", "payment WHERE txn_id = t.id AND amount > 0", "id")
    return _PAGE_SQL.replace("{services}", services).replace("{methods}", methods).format(where=where)
_KEYS_SQL = "SELECT t.business_day, t.id FROM txn t WHERE {where} ORDER BY t.business_day DESC, t.id DESC LIMIT :limit"


def _row(r: Any) -> HistoryRow:
    return HistoryRow(r[0], r[1], dt.date.fromisoformat(r[2]), parse_iso(r[3]), r[4], r[5], r[6], r[11] or "",
                      r[7], r[8], r[9], r[10], tuple((r[12] or "").split(",")) if r[12] else (),
                      dt.date.fromisoformat(r[13]) if r[13] else None)


def history_page(db: Database, actor: Actor, flt: HistoryFilter, *, after: HistoryCursor | None = None,
                 offset: int = 0, limit: int = PAGE) -> HistoryPage:
    """One page of transactions matching `flt`, newest business day first, after `after` (keyset)
    or skipping `offset` rows. Owner and managers only."""
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise UserError("Invalid page size.")
    with db.read() as session:
        reports_staff(session, actor)
        _with_search_key(session)
        clauses = where_clauses(session, flt)
        if after is not None:
            clauses = [(where + " AND (t.business_day, t.id) < (:after_day, :after_id)",
                        {**params, "after_day": after.business_day, "after_id": after.txn_id})
                       for where, params in clauses]
        if len(clauses) == 1:
            # The offset is skipped in the index; only the page's own rows are joined and described.
            where, params = clauses[0]
            rows = session.execute(text(_page_sql(session, where)),
                                   {**params, "limit": limit + 1, "offset": offset}).all()
        else:
            # Disjoint clauses: merge their keys (enough of each for the merged page), then describe
            # just the page's rows.
            keys: list[Any] = []
            for where, params in clauses:
                keys += session.execute(text(_KEYS_SQL.format(where=where)),
                                        {**params, "limit": offset + limit + 1}).all()
            keys.sort(key=lambda k: (k[0], k[1]), reverse=True)
            ids = ",".join(str(int(k[1])) for k in keys[offset:offset + limit + 1]) or "NULL"
            rows = session.execute(text(_page_sql(session, f"t.id IN ({ids})")),
                                   {"limit": limit + 1, "offset": 0}).all()
    return HistoryPage(tuple(_row(r) for r in rows[:limit]), more=len(rows) > limit)


def history_count(db: Database, actor: Actor, flt: HistoryFilter) -> int:
    """How many transactions match `flt`: the same permission check and conditions as `history_page`
    (the history's row count; an index-only COUNT when no filter reads the lines or payments)."""
    with db.read() as session:
        reports_staff(session, actor)
        _with_search_key(session)
        return sum(int(session.execute(text(f"SELECT COUNT(*) FROM txn t WHERE {where}"), params).scalar_one())
                   for where, params in where_clauses(session, flt))


def history_choices(db: Database, actor: Actor) -> HistoryChoices:
    """What the filters offer: staff, agencies, services (inactive ones too: history has them)."""
    with db.read() as session:
        reports_staff(session, actor)
        staff = session.execute(text("SELECT id, full_name FROM staff ORDER BY id")).all()
        agencies = session.execute(text("SELECT id, name FROM agency ORDER BY code")).all()
        services = session.execute(text("SELECT id, code || ' — ' || name, agency_id FROM service "
                                        "ORDER BY code")).all()
        unit = session.execute(text("SELECT display_unit FROM office WHERE id = 1")).scalar() or "rial"
    return HistoryChoices(tuple(Choice(r[0], r[1]) for r in staff), tuple(Choice(r[0], r[1]) for r in agencies),
                          tuple(Choice(r[0], r[1], str(r[2])) for r in services), str(unit))


def open_receipt(db: Database, actor: Actor, number: int) -> ReceiptData:
    """The full receipt of a past transaction, as first printed (owner and managers only)."""
    with db.read() as session:
        reports_staff(session, actor)
    return load_receipt(db, number)


def reprint_copy(db: Database, actor: Actor, number: int) -> ReceiptData:
    """The receipt as its next print will be (owner and managers only here): a copy «المثنی» once one
    was delivered; the print service logs and journals it when the printer takes it."""
    with db.read() as session:
        reports_staff(session, actor)
    return reprint_receipt(db, actor, number)
