"""The ledger's first schema.

Revision ID: 0001
"""
from alembic import op

revision = "0001"
down_revision = None

INT = "CHECK (typeof({c}) = 'integer')"


def money(*cols: str) -> str:
    return ", ".join(f"{c} INTEGER NOT NULL {INT.format(c=c)}" for c in cols)


DDL = [
    """CREATE TABLE office (
        id INTEGER PRIMARY KEY CHECK (id = 1), install_id TEXT NOT NULL, name TEXT NOT NULL,
        code TEXT NOT NULL, address TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',
        economic_code TEXT NOT NULL DEFAULT '', footer TEXT NOT NULL DEFAULT '',
        display_unit TEXT NOT NULL DEFAULT 'rial' CHECK (display_unit IN ('rial', 'toman')),
        default_vat_bp INTEGER NOT NULL DEFAULT 1000, default_vat_included BOOLEAN NOT NULL DEFAULT 0,
        day_start_hour INTEGER NOT NULL DEFAULT 0)""",
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE agency (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        search_key TEXT NOT NULL)""",
    """CREATE TABLE service (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,
        agency_id INTEGER NOT NULL REFERENCES agency(id), name TEXT NOT NULL, search_key TEXT NOT NULL,
        active BOOLEAN NOT NULL DEFAULT 1, favourite_key INTEGER)""",
    f"""CREATE TABLE tariff (id INTEGER PRIMARY KEY, service_id INTEGER NOT NULL REFERENCES service(id),
        effective_from TEXT NOT NULL, {money('agency_fee', 'office_fee', 'vat_bp')},
        vat_included BOOLEAN NOT NULL, variable_agency_fee BOOLEAN NOT NULL,
        {money('agency_fee_min', 'agency_fee_max')}, created_at TEXT NOT NULL,
        CHECK (agency_fee >= 0 AND office_fee >= 0 AND vat_bp BETWEEN 0 AND 10000),
        UNIQUE (service_id, effective_from))""",
    """CREATE TABLE staff (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, full_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'clerk')), pin_hash TEXT NOT NULL,
        active BOOLEAN NOT NULL DEFAULT 1, failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until TEXT)""",
    """CREATE TABLE citizen (id INTEGER PRIMARY KEY, national_id TEXT UNIQUE, name TEXT NOT NULL,
        search_key TEXT NOT NULL, mobile TEXT NOT NULL DEFAULT '')""",
    f"""CREATE TABLE shift (id INTEGER PRIMARY KEY, staff_id INTEGER NOT NULL REFERENCES staff(id),
        opened_at TEXT NOT NULL, {money('opening_float')}, closed_at TEXT,
        expected_cash INTEGER CHECK (expected_cash IS NULL OR typeof(expected_cash) = 'integer'),
        counted_cash INTEGER CHECK (counted_cash IS NULL OR typeof(counted_cash) = 'integer'),
        variance INTEGER CHECK (variance IS NULL OR typeof(variance) = 'integer'), denominations TEXT)""",
    f"""CREATE TABLE cash_movement (id INTEGER PRIMARY KEY, shift_id INTEGER NOT NULL REFERENCES shift(id),
        staff_id INTEGER NOT NULL REFERENCES staff(id), at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('in', 'out')), {money('amount')}, reason TEXT NOT NULL)""",
    f"""CREATE TABLE txn (id INTEGER PRIMARY KEY, receipt_number INTEGER NOT NULL UNIQUE,
        business_day TEXT NOT NULL, created_at TEXT NOT NULL, staff_id INTEGER NOT NULL REFERENCES staff(id),
        shift_id INTEGER NOT NULL REFERENCES shift(id), citizen_id INTEGER REFERENCES citizen(id),
        citizen_name TEXT NOT NULL, national_id TEXT NOT NULL, mobile TEXT NOT NULL,
        {money('agency_total', 'office_total', 'vat_total', 'grand_total', 'change_due')},
        CHECK (grand_total = agency_total + office_total + vat_total))""",
    f"""CREATE TABLE txn_line (id INTEGER PRIMARY KEY, txn_id INTEGER NOT NULL REFERENCES txn(id),
        line_no INTEGER NOT NULL, service_id INTEGER NOT NULL REFERENCES service(id),
        tariff_id INTEGER NOT NULL REFERENCES tariff(id), service_code TEXT NOT NULL,
        service_name TEXT NOT NULL, agency_name TEXT NOT NULL, quantity INTEGER NOT NULL CHECK (quantity > 0),
        {money('agency_fee', 'office_fee', 'agency_amount', 'office_amount', 'vat_amount', 'line_total', 'vat_bp')},
        vat_included BOOLEAN NOT NULL, tracking_code TEXT NOT NULL,
        CHECK (line_total = agency_amount + office_amount + vat_amount))""",
    f"""CREATE TABLE payment (id INTEGER PRIMARY KEY, txn_id INTEGER NOT NULL REFERENCES txn(id),
        method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'transfer')), {money('amount', 'tendered')},
        terminal TEXT NOT NULL, reference TEXT NOT NULL)""",
    f"""CREATE TABLE void (id INTEGER PRIMARY KEY, txn_id INTEGER NOT NULL UNIQUE REFERENCES txn(id),
        business_day TEXT NOT NULL, created_at TEXT NOT NULL, staff_id INTEGER NOT NULL REFERENCES staff(id),
        approved_by INTEGER NOT NULL REFERENCES staff(id), shift_id INTEGER REFERENCES shift(id),
        reason TEXT NOT NULL, {money('agency_total', 'office_total', 'vat_total', 'grand_total', 'cash_refund')})""",
    f"""CREATE TABLE day_close (id INTEGER PRIMARY KEY, business_day TEXT NOT NULL UNIQUE,
        closed_at TEXT NOT NULL, staff_id INTEGER NOT NULL REFERENCES staff(id),
        {money('visits', 'voids', 'agency_total', 'office_total', 'vat_total', 'grand_total', 'cumulative_total')},
        chain_hash TEXT NOT NULL)""",
    """CREATE TABLE journal (id INTEGER PRIMARY KEY, at TEXT NOT NULL, staff_id INTEGER,
        action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER, payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL, hash TEXT NOT NULL)""",
    "CREATE INDEX ix_tariff_service ON tariff (service_id, effective_from)",
    "CREATE INDEX ix_txn_line_txn ON txn_line (txn_id)",
    "CREATE INDEX ix_payment_txn ON payment (txn_id)",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # the office server's schema starts at 0007, built whole (app/ledger/server_schema.py)
    for statement in DDL:
        op.execute(statement)
