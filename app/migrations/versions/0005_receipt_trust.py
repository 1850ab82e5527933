"""Receipts that can be trusted after they are printed: the log of delivered prints (original or
copy), the history of what the office printed about itself, and the office's public signing keys.

All three are append-only. Sales recorded before the print log existed count as printed (the app
printed every sale as it was saved), so their next print is a copy.

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = "0005"
down_revision = "0004"

APPEND_ONLY = ["receipt_print", "receipt_print_origin", "office_version", "office_signing_key"]

# The receipt-relevant office settings, as the office row names them.
VERSIONED = ("name", "code", "address", "phone", "economic_code", "footer", "display_unit",
             "default_vat_bp", "default_vat_included")
# Before any recorded change: what the office row says when the history starts.
SINCE_ALWAYS = "0001-01-01T00:00:00.000000+00:00"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # the office server's schema starts at 0007, built whole (app/ledger/server_schema.py)
    op.execute("""
        CREATE TABLE receipt_print (
            id INTEGER PRIMARY KEY,
            txn_id INTEGER NOT NULL REFERENCES txn (id),
            receipt_number INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('original', 'copy')),
            copy_no INTEGER NOT NULL CHECK (copy_no >= 0),
            requested_at TEXT NOT NULL,
            staff_id INTEGER NOT NULL REFERENCES staff (id),
            delivered_at TEXT NOT NULL,
            delivered_by INTEGER REFERENCES staff (id),
            destination TEXT NOT NULL,
            code TEXT NOT NULL
        )""")
    op.execute("CREATE INDEX ix_receipt_print_txn ON receipt_print (txn_id)")
    op.execute("CREATE INDEX ix_receipt_print_code ON receipt_print (code)")
    op.execute("CREATE TABLE receipt_print_origin (txn_id_upto INTEGER NOT NULL)")
    op.execute("INSERT INTO receipt_print_origin (txn_id_upto) SELECT COALESCE(MAX(id), 0) FROM txn")
    columns = ", ".join(VERSIONED)
    op.execute("""
        CREATE TABLE office_version (
            id INTEGER PRIMARY KEY,
            effective_at TEXT NOT NULL,
            name TEXT NOT NULL, code TEXT NOT NULL, address TEXT NOT NULL, phone TEXT NOT NULL,
            economic_code TEXT NOT NULL, footer TEXT NOT NULL, display_unit TEXT NOT NULL,
            default_vat_bp INTEGER NOT NULL, default_vat_included BOOLEAN NOT NULL,
            staff_id INTEGER REFERENCES staff (id),
            source TEXT NOT NULL
        )""")
    op.execute("CREATE INDEX ix_office_version_at ON office_version (effective_at)")
    op.execute(f"INSERT INTO office_version (effective_at, {columns}, staff_id, source) "
               f"SELECT '{SINCE_ALWAYS}', {columns}, NULL, 'migration' FROM office WHERE id = 1")
    op.execute("""
        CREATE TABLE office_signing_key (
            id INTEGER PRIMARY KEY,
            public_key TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            staff_id INTEGER REFERENCES staff (id)
        )""")
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
