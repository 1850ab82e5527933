"""How a shift was closed, beside the shift row: whether the count was blind (the expected cash hidden
until counted), the variance threshold in force (NULL: no reason was asked), and the clerk's reason
for a variance beyond it. Append-only, like the ledger; each row is journaled as its own entry
(action 'shift_close_note'). On both engines.

Revision ID: 0008
Revises: 0007
"""
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    from app.ledger import tables

    bind = op.get_bind()
    tables.shift_close_note.create(bind)
    if bind.dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER shift_close_note_no_{event.lower()} BEFORE {event} ON shift_close_note "
                       "BEGIN SELECT RAISE(ABORT, 'shift_close_note is append-only'); END")
        return
    from app.ledger import server_schema

    server_schema.append_only(bind, "shift_close_note")
    server_schema.grant_desks(bind)
