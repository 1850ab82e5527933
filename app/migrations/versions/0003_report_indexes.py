"""Covering indexes for period reports and history search over years of data.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # the office server's schema starts at 0007, built whole (app/ledger/server_schema.py)
    op.execute("CREATE INDEX ix_txn_line_service ON txn_line (service_id, txn_id)")
    op.execute("CREATE INDEX ix_txn_national_id_name ON txn (national_id, citizen_name)")
    op.execute("DROP INDEX ix_txn_national_id")
    # Year figures read only the index, never the table rows.
    op.execute("CREATE INDEX ix_txn_line_cover ON txn_line (txn_id, service_id, quantity, agency_amount, "
               "office_amount, vat_amount, line_total)")
    op.execute("DROP INDEX ix_txn_line_txn")
    op.execute("CREATE INDEX ix_payment_cover ON payment (txn_id, method, amount)")
    op.execute("DROP INDEX ix_payment_txn")
    op.execute("CREATE INDEX ix_txn_day_cover ON txn (business_day, staff_id, agency_total, office_total, "
               "vat_total, grand_total)")
