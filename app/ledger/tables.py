"""The ledger's tables: the one description of the schema, for SQLite and PostgreSQL alike.

The migrations build exactly this (a test compares what `alembic upgrade head` builds on both
engines against it). Amounts are integer Rials (BIGINT on PostgreSQL; SQLite's INTEGER is 64-bit and
a CHECK refuses anything but integers there); VAT rates integer basis points; instants UTC ISO-8601
text; business days ISO dates as text (shown in Jalali) — text on both engines, so every query reads
the same on both.
"""
from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

from app.ledger.vocab import CashKind, DisplayUnit, PaymentMethod, Role

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

# SQLite: INTEGER (64-bit, and `INTEGER PRIMARY KEY` is the rowid); PostgreSQL: BIGINT.
Money = BigInteger().with_variant(Integer(), "sqlite")
Id = Integer


def _in(column: str, values: type) -> str:
    return f"{column} IN ({', '.join(repr(str(v.value)) for v in values)})"  # type: ignore[attr-defined]


def integer_only(*columns: str) -> list[CheckConstraint]:
    """SQLite stores whatever it is given: refuse text or real numbers in amount columns there
    (PostgreSQL's column types already do)."""
    return [CheckConstraint(f"typeof({c}) = 'integer'", name=f"{c}_integer").ddl_if(dialect="sqlite")
            for c in columns]


def nullable_integer_only(*columns: str) -> list[CheckConstraint]:
    return [CheckConstraint(f"{c} IS NULL OR typeof({c}) = 'integer'", name=f"{c}_integer").ddl_if(dialect="sqlite")
            for c in columns]


def money(*names: str) -> list[Column[int]]:
    return [Column(n, Money, nullable=False) for n in names]


office = Table(
    "office", metadata,
    Column("id", Id, primary_key=True),
    Column("install_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("code", Text, nullable=False),
    Column("address", Text, nullable=False, server_default=""),
    Column("phone", Text, nullable=False, server_default=""),
    Column("economic_code", Text, nullable=False, server_default=""),
    Column("footer", Text, nullable=False, server_default=""),
    Column("display_unit", Text, nullable=False, server_default=DisplayUnit.RIAL.value),
    Column("default_vat_bp", Integer, nullable=False, server_default="1000"),
    Column("default_vat_included", Boolean, nullable=False, server_default="0"),
    Column("day_start_hour", Integer, nullable=False, server_default="0"),
    Column("key_check", Text),  # recognises the journal key (app/ledger/keys.py)
    CheckConstraint("id = 1", name="single"),
    CheckConstraint(_in("display_unit", DisplayUnit), name="display_unit"),
)

setting = Table(
    "setting", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

agency = Table(
    "agency", metadata,
    Column("id", Id, primary_key=True),
    Column("code", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("search_key", Text, nullable=False),
)

service = Table(
    "service", metadata,
    Column("id", Id, primary_key=True),
    Column("code", Text, nullable=False, unique=True),
    Column("agency_id", Id, ForeignKey("agency.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("search_key", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("favourite_key", Integer),
    Column("discontinued_from", Text),  # the business day it is no longer offered
)

tariff = Table(
    "tariff", metadata,
    Column("id", Id, primary_key=True),
    Column("service_id", Id, ForeignKey("service.id"), nullable=False),
    Column("effective_from", Text, nullable=False),
    *money("agency_fee", "office_fee", "vat_bp"),
    Column("vat_included", Boolean, nullable=False),
    Column("variable_agency_fee", Boolean, nullable=False),
    *money("agency_fee_min", "agency_fee_max"),
    Column("created_at", Text, nullable=False),
    *integer_only("agency_fee", "office_fee", "vat_bp", "agency_fee_min", "agency_fee_max"),
    CheckConstraint("agency_fee >= 0 AND office_fee >= 0 AND vat_bp BETWEEN 0 AND 10000", name="fees"),
    UniqueConstraint("service_id", "effective_from"),
    Index("ix_tariff_service", "service_id", "effective_from"),
)

staff = Table(
    "staff", metadata,
    Column("id", Id, primary_key=True),
    Column("username", Text, nullable=False, unique=True),
    Column("full_name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("pin_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    CheckConstraint(_in("role", Role), name="role"),
)

# Wrong PINs, counted per scope ("login:<staff id>", "approve:<staff id>:<asked by>") so that a
# clerk typing wrong approver PINs cannot lock the manager out of their own login.
pin_throttle = Table(
    "pin_throttle", metadata,
    Column("scope", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("locked_until", Text),
)

citizen = Table(
    "citizen", metadata,
    Column("id", Id, primary_key=True),
    Column("national_id", Text, unique=True),
    Column("name", Text, nullable=False),
    Column("search_key", Text, nullable=False),
    Column("mobile", Text, nullable=False, server_default=""),
    Index("ix_citizen_key", "search_key"),
)

shift = Table(
    "shift", metadata,
    Column("id", Id, primary_key=True),
    Column("staff_id", Id, ForeignKey("staff.id"), nullable=False),
    Column("opened_at", Text, nullable=False),
    *money("opening_float"),
    Column("desk", Text, nullable=False, server_default=""),  # the counter (its drawer): the server's desk name
    Column("closed_at", Text),
    Column("expected_cash", Money),
    Column("counted_cash", Money),
    Column("variance", Money),
    Column("denominations", Text),
    *integer_only("opening_float"),
    *nullable_integer_only("expected_cash", "counted_cash", "variance"),
    Index("ix_shift_open", "staff_id", "closed_at"),
)

cash_movement = Table(
    "cash_movement", metadata,
    Column("id", Id, primary_key=True),
    Column("shift_id", Id, ForeignKey("shift.id"), nullable=False),
    Column("staff_id", Id, ForeignKey("staff.id"), nullable=False),
    Column("at", Text, nullable=False),
    Column("kind", Text, nullable=False),
    *money("amount"),
    Column("reason", Text, nullable=False),
    *integer_only("amount"),
    CheckConstraint(_in("kind", CashKind), name="kind"),
    Index("ix_cash_movement_shift", "shift_id"),
)

# How a shift was closed (migration 0008): a blind count, the variance threshold in force (NULL: no
# reason was asked) and the clerk's reason for a variance beyond it; journaled as its own entry.
shift_close_note = Table(
    "shift_close_note", metadata,
    Column("id", Id, primary_key=True),
    Column("shift_id", Id, ForeignKey("shift.id"), nullable=False, unique=True),
    Column("staff_id", Id, ForeignKey("staff.id"), nullable=False),
    Column("at", Text, nullable=False),
    Column("blind_count", Integer, nullable=False),
    Column("variance_threshold", Integer),
    Column("reason", Text, nullable=False, server_default=""),
)

# Tables that later migrations add, on both engines: the server's baseline (0007) leaves them out.
ADDED_AFTER_BASELINE = ("shift_close_note",)

# The office-wide receipt series: one row, locked by every sale's transaction (and the day close),
# so concurrent desks are serialised and a rolled-back sale never consumes a number.
receipt_counter = Table(
    "receipt_counter", metadata,
    Column("id", Id, primary_key=True),
    Column("last_number", Money, nullable=False),
    CheckConstraint("id = 1", name="single"),
)

txn = Table(
    "txn", metadata,
    Column("id", Id, primary_key=True),
    Column("receipt_number", Money, nullable=False, unique=True),
    Column("business_day", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("staff_id", Id, ForeignKey("staff.id"), nullable=False),
    Column("shift_id", Id, ForeignKey("shift.id"), nullable=False),
    Column("citizen_id", Id, ForeignKey("citizen.id")),
    Column("citizen_name", Text, nullable=False),
    Column("national_id", Text, nullable=False),
    Column("mobile", Text, nullable=False),
    *money("agency_total", "office_total", "vat_total", "grand_total", "change_due"),
    *integer_only("agency_total", "office_total", "vat_total", "grand_total", "change_due"),
    CheckConstraint("grand_total = agency_total + office_total + vat_total", name="grand_total"),
    Index("ix_txn_shift", "shift_id"),
    Index("ix_txn_staff_day", "staff_id", "business_day"),
    Index("ix_txn_national_id_name", "national_id", "citizen_name"),
    Index("ix_txn_day_cover", "business_day", "staff_id", "agency_total", "office_total", "vat_total",
          "grand_total"),
)

# A visit's citizen name as a search key, for visits with a name and no national ID (those with an ID
# are found through the citizen table): derived, not chained, written with the sale.
txn_search = Table(
    "txn_search", metadata,
    Column("txn_id", Id, ForeignKey("txn.id"), primary_key=True),
    Column("name_key", Text, nullable=False),
    Index("ix_txn_search_key", "name_key"),
)

txn_line = Table(
    "txn_line", metadata,
    Column("id", Id, primary_key=True),
    Column("txn_id", Id, ForeignKey("txn.id"), nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("service_id", Id, ForeignKey("service.id"), nullable=False),
    Column("tariff_id", Id, ForeignKey("tariff.id"), nullable=False),
    Column("service_code", Text, nullable=False),
    Column("service_name", Text, nullable=False),
    Column("agency_name", Text, nullable=False),
    Column("quantity", Integer, nullable=False),
    *money("agency_fee", "office_fee", "agency_amount", "office_amount", "vat_amount", "line_total", "vat_bp"),
    Column("vat_included", Boolean, nullable=False),
    Column("tracking_code", Text, nullable=False),
    *integer_only("agency_fee", "office_fee", "agency_amount", "office_amount", "vat_amount", "line_total",
                  "vat_bp"),
    CheckConstraint("quantity > 0", name="quantity"),
    CheckConstraint("line_total = agency_amount + office_amount + vat_amount", name="line_total"),
    Index("ix_txn_line_service", "service_id", "txn_id"),
    Index("ix_txn_line_cover", "txn_id", "service_id", "quantity", "agency_amount", "office_amount",
          "vat_amount", "line_total"),
)

payment = Table(
    "payment", metadata,
    Column("id", Id, primary_key=True),
    Column("txn_id", Id, ForeignKey("txn.id"), nullable=False),
    Column("method", Text, nullable=False),
    *money("amount", "tendered"),
    Column("terminal", Text, nullable=False),
    Column("reference", Text, nullable=False),
    *integer_only("amount", "tendered"),
    CheckConstraint(_in("method", PaymentMethod), name="method"),
    Index("ix_payment_cover", "txn_id", "method", "amount"),
)

void = Table(
    "void", metadata,
    Column("id", Id, primary_key=True),
    Column("txn_id", Id, ForeignKey("txn.id"), nullable=False, unique=True),
    Column("business_day", Text, nullable=False),
    Column("created_at", Text, nullable=False),
    Column("staff_id", Id, ForeignKey("staff.id"), nullable=False),
    Column("approved_by", Id, ForeignKey("staff.id"), nullable=False),
    Column("shift_id", Id, ForeignKey("shift.id")),
    Column("reason", Text, nullable=False),
    *money("agency_total", "office_total", "vat_total", "grand_total", "cash_refund"),
    *integer_only("agency_total", "office_total", "vat_total", "grand_total", "cash_refund"),
    Index("ix_void_day", "business_day"),
    Index("ix_void_shift", "shift_id"),
)

day_close = Table(
    "day_close", metadata,
    Column("id", Id, primary_key=True),
    Column("business_day", Text, nullable=False, unique=True),
    Column("closed_at", Text, nullable=False),
    Column("staff_id", Id, ForeignKey("staff.id"), nullable=False),
    *money("visits", "voids", "agency_total", "office_total", "vat_total", "grand_total", "cumulative_total"),
    Column("chain_hash", Text, nullable=False),
    *integer_only("visits", "voids", "agency_total", "office_total", "vat_total", "grand_total",
                  "cumulative_total"),
)

# A closed day's breakdowns, written in the day close's own transaction and chained with it:
# a closed day never changes, so period reports read these instead of every sale of the year.
# kind: 'clerk' (key: staff id), 'desk' (key: the desk's name), 'service' (key: service id; count = quantity), 'method' (key: the
# payment method; count = payments, total = amount).
day_summary = Table(
    "day_summary", metadata,
    Column("id", Id, primary_key=True),
    Column("day_close_id", Id, ForeignKey("day_close.id"), nullable=False),
    Column("business_day", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("key", Text, nullable=False),
    *money("count", "voids", "agency", "office", "vat", "total"),
    *integer_only("count", "voids", "agency", "office", "vat", "total"),
    CheckConstraint("kind IN ('clerk', 'desk', 'service', 'method')", name="kind"),
    Index("ix_day_summary_day", "business_day", "kind"),
    Index("ix_day_summary_close", "day_close_id"),
)

# The append-only, hash-chained journal (chain version 2, see app/ledger/chain.py). Entries backed
# by a record (a sale, a void, …) keep no copy of it: `digest` is the first 16 bytes of SHA-256 over
# the record's canonical form, `fields` one byte per canonical field (to name what was changed).
# Other entries (a login, a settings change) carry their `payload`.
journal = Table(
    "journal", metadata,
    Column("id", Id, primary_key=True),
    Column("at", Text, nullable=False),
    Column("staff_id", Id),
    Column("action", Text, nullable=False),
    Column("entity", Text, nullable=False),
    Column("entity_id", Id),
    Column("payload", Text),
    Column("digest", LargeBinary),
    Column("fields", LargeBinary),
    Column("hash", LargeBinary, nullable=False),
    Index("ix_journal_entity", "entity", "entity_id"),
)

# Every delivered print of a sale (original, then numbered copies); the first delivered print makes
# the sale "printed". Sales recorded before this log existed (txn id <= txn_id_upto) count as printed.
receipt_print = Table(
    "receipt_print", metadata,
    Column("id", Id, primary_key=True),
    Column("txn_id", Id, ForeignKey("txn.id"), nullable=False),
    Column("receipt_number", Money, nullable=False),
    Column("kind", Text, nullable=False),
    Column("copy_no", Integer, nullable=False),
    Column("requested_at", Text, nullable=False),
    Column("staff_id", Id, ForeignKey("staff.id"), nullable=False),
    Column("delivered_at", Text, nullable=False),
    Column("delivered_by", Id, ForeignKey("staff.id")),
    Column("destination", Text, nullable=False),
    Column("code", Text, nullable=False),
    CheckConstraint("kind IN ('original', 'copy')", name="kind"),
    CheckConstraint("copy_no >= 0", name="copy_no"),
    Index("ix_receipt_print_txn", "txn_id"),
    Index("ix_receipt_print_code", "code"),
)

receipt_print_origin = Table(
    "receipt_print_origin", metadata,
    Column("txn_id_upto", Id, nullable=False),
)

# What the office printed about itself, with the instant each version took effect: a receipt is
# always rebuilt from the version in force at its sale.
office_version = Table(
    "office_version", metadata,
    Column("id", Id, primary_key=True),
    Column("effective_at", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("code", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("phone", Text, nullable=False),
    Column("economic_code", Text, nullable=False),
    Column("footer", Text, nullable=False),
    Column("display_unit", Text, nullable=False),
    Column("default_vat_bp", Integer, nullable=False),
    Column("default_vat_included", Boolean, nullable=False),
    Column("staff_id", Id, ForeignKey("staff.id")),
    Column("source", Text, nullable=False),
    Index("ix_office_version_at", "effective_at"),
)

# The office's public receipt-signing keys (Ed25519), newest last; older ones still check old receipts.
office_signing_key = Table(
    "office_signing_key", metadata,
    Column("id", Id, primary_key=True),
    Column("public_key", Text, nullable=False, unique=True),
    Column("created_at", Text, nullable=False),
    Column("staff_id", Id, ForeignKey("staff.id")),
)

# Tables whose rows are never updated or deleted (triggers on SQLite; privileges and triggers on
# PostgreSQL). `shift` is updated exactly once, by its close.
APPEND_ONLY = ("txn", "txn_search", "txn_line", "payment", "void", "day_close", "day_summary", "journal", "cash_movement",
               "tariff", "receipt_print", "receipt_print_origin", "office_version", "office_signing_key",
               "shift_close_note")


# Tables only the office server has (PostgreSQL): the chain's end as the server function keeps it,
# the chain key (readable by the owner role alone), and what every desk needs to check a PIN.
server_metadata = MetaData(naming_convention=NAMING)

chain_head = Table(
    "chain_head", server_metadata,
    Column("id", Id, primary_key=True),
    Column("entry_id", BigInteger, nullable=False),
    Column("hash", LargeBinary, nullable=False),
    CheckConstraint("id = 1", name="single"),
)

ledger_secret = Table(
    "ledger_secret", server_metadata,
    Column("id", Id, primary_key=True),
    Column("install_id", Text, nullable=False),
    Column("key", LargeBinary, nullable=False),
    CheckConstraint("id = 1", name="single"),
)

desk_secret = Table(
    "desk_secret", server_metadata,
    Column("id", Id, primary_key=True),
    Column("pin_pepper", LargeBinary, nullable=False),
    CheckConstraint("id = 1", name="single"),
)
