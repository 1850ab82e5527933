"""Frozen records of the ledger's money tables, in the order the chain covers their fields.

A record's fields are exactly the columns the journal chains (app/ledger/canonical.py); a test
checks every field is a column of its table in app/ledger/tables.py and that every money column
is a field. The record path inserts them with plain DB-API statements built from these names, so
recording a sale imports no SQLAlchemy.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from operator import attrgetter
from typing import Any, ClassVar


class Record:
    """Common behaviour: the table it lives in, its chained values in order, its INSERT."""

    TABLE: ClassVar[str]
    BOOLEANS: ClassVar[frozenset[str]] = frozenset()  # chained as 0/1, stored as booleans

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return _names(cls)  # type: ignore[arg-type]

    def values(self) -> tuple[Any, ...]:
        # attrgetter, not dataclasses.astuple: astuple deep-copies every value (a third of a sale's time).
        return _getter(type(self))(self)  # type: ignore[no-any-return, arg-type]

    def row(self) -> tuple[Any, ...]:
        """The values as the INSERT takes them (booleans as booleans: PostgreSQL refuses 0/1 there)."""
        values = self.values()
        if not self.BOOLEANS:
            return values
        return tuple(bool(v) if n in self.BOOLEANS else v for n, v in zip(self.names(), values, strict=True))

    def as_dict(self) -> dict[str, Any]:
        return dict(zip(self.names(), self.values(), strict=True))

    @classmethod
    def insert_sql(cls, *extra: str) -> str:
        """INSERT of this record's fields (plus `extra` columns first), qmark style, RETURNING id."""
        names = (*extra, *cls.names())
        return (f"INSERT INTO {cls.TABLE} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                "RETURNING id")


@dataclass(frozen=True, slots=True)
class Sale(Record):
    TABLE: ClassVar[str] = "txn"
    receipt_number: int
    business_day: str
    created_at: str
    staff_id: int
    shift_id: int
    citizen_id: int | None
    citizen_name: str
    national_id: str
    mobile: str
    agency_total: int
    office_total: int
    vat_total: int
    grand_total: int
    change_due: int


@dataclass(frozen=True, slots=True)
class SaleLine(Record):
    TABLE: ClassVar[str] = "txn_line"
    BOOLEANS: ClassVar[frozenset[str]] = frozenset({"vat_included"})
    line_no: int
    service_id: int
    tariff_id: int
    service_code: str
    service_name: str
    agency_name: str
    quantity: int
    agency_fee: int
    office_fee: int
    agency_amount: int
    office_amount: int
    vat_amount: int
    line_total: int
    vat_bp: int
    vat_included: int  # 0/1: booleans are chained as integers on both engines
    tracking_code: str


@dataclass(frozen=True, slots=True)
class Payment(Record):
    TABLE: ClassVar[str] = "payment"
    method: str
    amount: int
    tendered: int
    terminal: str
    reference: str


@dataclass(frozen=True, slots=True)
class Void(Record):
    TABLE: ClassVar[str] = "void"
    txn_id: int
    business_day: str
    created_at: str
    staff_id: int
    approved_by: int
    shift_id: int | None
    reason: str
    agency_total: int
    office_total: int
    vat_total: int
    grand_total: int
    cash_refund: int


@dataclass(frozen=True, slots=True)
class DayClose(Record):
    TABLE: ClassVar[str] = "day_close"
    business_day: str
    closed_at: str
    staff_id: int
    visits: int
    voids: int
    agency_total: int
    office_total: int
    vat_total: int
    grand_total: int
    cumulative_total: int
    chain_hash: str


@dataclass(frozen=True, slots=True)
class DaySummary(Record):
    TABLE: ClassVar[str] = "day_summary"
    business_day: str
    kind: str
    key: str
    count: int
    voids: int
    agency: int
    office: int
    vat: int
    total: int


@dataclass(frozen=True, slots=True)
class CashMovement(Record):
    TABLE: ClassVar[str] = "cash_movement"
    shift_id: int
    staff_id: int
    at: str
    kind: str
    amount: int
    reason: str


@dataclass(frozen=True, slots=True)
class ShiftOpen(Record):
    TABLE: ClassVar[str] = "shift"
    staff_id: int
    opened_at: str
    opening_float: int
    desk: str = ""  # which counter's drawer (on an office server, the desk's name)


@dataclass(frozen=True, slots=True)
class ShiftClose(Record):
    TABLE: ClassVar[str] = "shift"
    closed_at: str
    expected_cash: int
    counted_cash: int
    variance: int
    denominations: str


@dataclass(frozen=True, slots=True)
class ShiftCloseNote(Record):
    TABLE: ClassVar[str] = "shift_close_note"
    shift_id: int
    staff_id: int
    at: str
    blind_count: int
    variance_threshold: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class Tariff(Record):
    TABLE: ClassVar[str] = "tariff"
    BOOLEANS: ClassVar[frozenset[str]] = frozenset({"vat_included", "variable_agency_fee"})
    service_id: int
    effective_from: str
    agency_fee: int
    office_fee: int
    vat_bp: int
    vat_included: int
    variable_agency_fee: int
    agency_fee_min: int
    agency_fee_max: int


@cache
def _names(cls: type[Record]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))  # type: ignore[arg-type]


@cache
def _getter(cls: type[Record]) -> Any:
    names = _names(cls)  # type: ignore[arg-type]
    return attrgetter(*names) if len(names) > 1 else (lambda record: (getattr(record, names[0]),))


RECORDS: tuple[type[Record], ...] = (Sale, SaleLine, Payment, Void, DayClose, DaySummary, CashMovement,
                                     ShiftOpen, ShiftClose, ShiftCloseNote, Tariff)
