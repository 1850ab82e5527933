"""SQLAlchemy 2 typed mappings of the ledger. The schema itself is owned by the migrations.

Amounts are integer Rials (the migrations add CHECKs that refuse anything but integers);
VAT rates are integer basis points (1000 = 10%); instants are UTC ISO-8601 text; business days
are Gregorian ISO dates (shown in Jalali).
"""
from __future__ import annotations

from sqlalchemy import ForeignKey, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Office(Base):
    __tablename__ = "office"
    id: Mapped[int] = mapped_column(primary_key=True)
    install_id: Mapped[str]
    name: Mapped[str]
    code: Mapped[str]
    address: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(default="")
    economic_code: Mapped[str] = mapped_column(default="")
    footer: Mapped[str] = mapped_column(default="")
    display_unit: Mapped[str] = mapped_column(default="rial")
    default_vat_bp: Mapped[int] = mapped_column(default=1000)
    default_vat_included: Mapped[bool] = mapped_column(default=False)
    day_start_hour: Mapped[int] = mapped_column(default=0)


class Setting(Base):
    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str]


class Agency(Base):
    __tablename__ = "agency"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(unique=True)
    name: Mapped[str]
    search_key: Mapped[str]


class Service(Base):
    __tablename__ = "service"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    name: Mapped[str]
    search_key: Mapped[str]
    active: Mapped[bool] = mapped_column(default=True)
    favourite_key: Mapped[int | None]
    discontinued_from: Mapped[str | None]  # the business day it is no longer offered (a tariff table dropped it)


class Tariff(Base):
    __tablename__ = "tariff"
    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    effective_from: Mapped[str]
    agency_fee: Mapped[int]
    office_fee: Mapped[int]
    vat_bp: Mapped[int]
    vat_included: Mapped[bool]
    variable_agency_fee: Mapped[bool]
    agency_fee_min: Mapped[int]
    agency_fee_max: Mapped[int]
    created_at: Mapped[str]


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(unique=True)
    full_name: Mapped[str]
    role: Mapped[str]
    pin_hash: Mapped[str]
    active: Mapped[bool] = mapped_column(default=True)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[str | None]


class Citizen(Base):
    __tablename__ = "citizen"
    id: Mapped[int] = mapped_column(primary_key=True)
    national_id: Mapped[str | None] = mapped_column(unique=True)
    name: Mapped[str]
    search_key: Mapped[str]
    mobile: Mapped[str]


class Shift(Base):
    __tablename__ = "shift"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    opened_at: Mapped[str]
    opening_float: Mapped[int]
    closed_at: Mapped[str | None]
    expected_cash: Mapped[int | None]
    counted_cash: Mapped[int | None]
    variance: Mapped[int | None]
    denominations: Mapped[str | None]


class CashMovement(Base):
    __tablename__ = "cash_movement"
    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[str]
    kind: Mapped[str]
    amount: Mapped[int]
    reason: Mapped[str]


class Transaction(Base):
    __tablename__ = "txn"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_number: Mapped[int] = mapped_column(unique=True)
    business_day: Mapped[str]
    created_at: Mapped[str]
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"))
    citizen_name: Mapped[str]
    national_id: Mapped[str]
    mobile: Mapped[str]
    agency_total: Mapped[int]
    office_total: Mapped[int]
    vat_total: Mapped[int]
    grand_total: Mapped[int]
    change_due: Mapped[int]


class TransactionLine(Base):
    __tablename__ = "txn_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    txn_id: Mapped[int] = mapped_column(ForeignKey("txn.id"))
    line_no: Mapped[int]
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariff.id"))
    service_code: Mapped[str]
    service_name: Mapped[str]
    agency_name: Mapped[str]
    quantity: Mapped[int]
    agency_fee: Mapped[int]
    office_fee: Mapped[int]
    agency_amount: Mapped[int]
    office_amount: Mapped[int]
    vat_amount: Mapped[int]
    line_total: Mapped[int]
    vat_bp: Mapped[int]
    vat_included: Mapped[bool]
    tracking_code: Mapped[str]


class Payment(Base):
    __tablename__ = "payment"
    id: Mapped[int] = mapped_column(primary_key=True)
    txn_id: Mapped[int] = mapped_column(ForeignKey("txn.id"))
    method: Mapped[str]
    amount: Mapped[int]
    tendered: Mapped[int]
    terminal: Mapped[str]
    reference: Mapped[str]


class Void(Base):
    __tablename__ = "void"
    id: Mapped[int] = mapped_column(primary_key=True)
    txn_id: Mapped[int] = mapped_column(ForeignKey("txn.id"), unique=True)
    business_day: Mapped[str]
    created_at: Mapped[str]
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    approved_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shift.id"))
    reason: Mapped[str]
    agency_total: Mapped[int]
    office_total: Mapped[int]
    vat_total: Mapped[int]
    grand_total: Mapped[int]
    cash_refund: Mapped[int]


class DayClose(Base):
    __tablename__ = "day_close"
    id: Mapped[int] = mapped_column(primary_key=True)
    business_day: Mapped[str] = mapped_column(unique=True)
    closed_at: Mapped[str]
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    visits: Mapped[int]
    voids: Mapped[int]
    agency_total: Mapped[int]
    office_total: Mapped[int]
    vat_total: Mapped[int]
    grand_total: Mapped[int]
    cumulative_total: Mapped[int]
    chain_hash: Mapped[str]


class JournalEntry(Base):
    __tablename__ = "journal"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[str]
    staff_id: Mapped[int | None]
    action: Mapped[str]
    entity: Mapped[str]
    entity_id: Mapped[int | None]
    payload: Mapped[str]
    prev_hash: Mapped[str]
    hash: Mapped[str]
