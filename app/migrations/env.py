"""Alembic environment: runs on the connection the app hands over (see app.db.migrate)."""
from __future__ import annotations

from alembic import context

from app.ledger.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite can only change tables by copying them.
)
with context.begin_transaction():
    context.run_migrations()
