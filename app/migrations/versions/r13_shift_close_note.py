"""How a shift was closed, beside the shift row: whether the count was blind (the expected cash hidden
until counted), the variance threshold in force (NULL: no reason was asked), and the clerk's reason
for a variance beyond it.
Append-only, like the ledger; each row is journaled as its own entry (action 'shift_close_note').

Revision ID: r13
Revises: 0004
"""
from alembic import op

revision = "r13"
down_revision = "0004"


def upgrade() -> None:
    op.execute(
        "CREATE TABLE shift_close_note ("
        " id INTEGER PRIMARY KEY,"
        " shift_id INTEGER NOT NULL UNIQUE REFERENCES shift (id),"
        " staff_id INTEGER NOT NULL REFERENCES staff (id),"
        " at TEXT NOT NULL,"
        " blind_count INTEGER NOT NULL,"
        " variance_threshold INTEGER,"
        " reason TEXT NOT NULL DEFAULT '')"
    )
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER shift_close_note_no_{event.lower()} BEFORE {event} ON shift_close_note "
                       "BEGIN SELECT RAISE(ABORT, 'shift_close_note is append-only'); END")
