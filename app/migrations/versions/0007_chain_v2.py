"""Chain version 2: a compact journal (digests, not JSON copies), the witness of its end, staff and
settings under the chain, day summaries, the receipt counter, PIN throttling.

On a database with history the whole version-1 journal is first checked (chain and every record
against its copy) with the office's key: an altered history is refused, never re-chained. Then every
entry is re-chained in version 2 in the same order, an entry `chain_upgraded` records where version 1
ended, every tracked row (office, settings, staff, catalogue) gets its first `state` entry, and the
witness is written beside the key.

On PostgreSQL this revision is the baseline: the whole schema is built from app/ledger/tables.py
(see `test_baseline_is_frozen`: a change to those tables needs a new migration).

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"

NEW_TABLES = ("pin_throttle", "receipt_counter", "day_summary", "txn_search")


def upgrade() -> None:
    from app.ledger import upgrade_v2

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        upgrade_v2.postgres_baseline(bind)
        return
    conn = bind.connection.driver_connection
    assert conn is not None
    key = upgrade_v2.check_version_1(conn)  # before any change: refuses an altered history
    # Native DROP COLUMN (SQLite 3.35+): a batch rebuild of `staff` would drop its CHECK on roles.
    op.execute("ALTER TABLE staff DROP COLUMN failed_attempts")
    op.execute("ALTER TABLE staff DROP COLUMN locked_until")
    op.execute("ALTER TABLE office ADD COLUMN key_check TEXT")
    op.execute("ALTER TABLE shift ADD COLUMN desk TEXT NOT NULL DEFAULT ''")
    op.execute("DROP INDEX IF EXISTS ix_txn_day")  # ix_txn_day_cover starts with business_day
    from app.ledger import tables

    for name in NEW_TABLES:
        tables.metadata.tables[name].create(bind)
    upgrade_v2.rebuild(conn, key)
