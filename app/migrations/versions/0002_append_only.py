"""Money tables become append-only; indexes for daily and period reports.

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = "0002"
down_revision = "0001"

APPEND_ONLY = ["txn", "txn_line", "payment", "void", "day_close", "journal", "cash_movement", "tariff"]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # the office server's schema starts at 0007, built whole (app/ledger/server_schema.py)
    for table in APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    # A shift may be closed once; after that it is history.
    op.execute(
        "CREATE TRIGGER shift_closed_no_update BEFORE UPDATE ON shift WHEN OLD.closed_at IS NOT NULL "
        "BEGIN SELECT RAISE(ABORT, 'a closed shift is append-only'); END"
    )
    op.execute("CREATE TRIGGER shift_no_delete BEFORE DELETE ON shift "
               "BEGIN SELECT RAISE(ABORT, 'shift is append-only'); END")
    op.execute("CREATE INDEX ix_txn_day ON txn (business_day)")
    op.execute("CREATE INDEX ix_txn_shift ON txn (shift_id)")
    op.execute("CREATE INDEX ix_txn_staff_day ON txn (staff_id, business_day)")
    op.execute("CREATE INDEX ix_txn_national_id ON txn (national_id)")
    op.execute("CREATE INDEX ix_void_day ON void (business_day)")
    op.execute("CREATE INDEX ix_void_shift ON void (shift_id)")
    op.execute("CREATE INDEX ix_cash_movement_shift ON cash_movement (shift_id)")
    op.execute("CREATE INDEX ix_shift_open ON shift (staff_id, closed_at)")
    op.execute("CREATE INDEX ix_journal_entity ON journal (entity, entity_id)")
    op.execute("CREATE INDEX ix_citizen_key ON citizen (search_key)")
