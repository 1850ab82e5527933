"""Search keys recomputed: names now keep ۀ, hamza forms and shadda, and the key folds them.

Names stored before this version already lost those letters (nothing to restore); recomputing
every key with today's `search_key` makes «سیّد» typed in a search find «سید» stored, and the
other way round. Plain UPDATEs of catalogue and citizen rows: no ledger table is touched.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
from sqlalchemy import text

from app.text import search_key

revision = "0006"
down_revision = "0005"

TABLES = ("citizen", "service", "agency")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # the office server's schema starts at 0007, built whole (app/ledger/server_schema.py)
    bind = op.get_bind()
    for table in TABLES:
        rows = bind.execute(text(f"SELECT id, name, search_key FROM {table}")).all()
        changed = [{"id": row[0], "k": search_key(row[1])} for row in rows if search_key(row[1]) != row[2]]
        if changed:
            bind.execute(text(f"UPDATE {table} SET search_key = :k WHERE id = :id"), changed)


def downgrade() -> None:
    pass  # the keys of the previous version are equally valid for its search
