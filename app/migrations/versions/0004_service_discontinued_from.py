"""A service leaves the catalogue on a date: next year's table may drop a service that is still
sold until that table takes effect.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # the office server's schema starts at 0007, built whole (app/ledger/server_schema.py)
    op.execute("ALTER TABLE service ADD COLUMN discontinued_from TEXT")
