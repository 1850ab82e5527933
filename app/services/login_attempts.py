"""How many PINs a user may still get wrong before the account locks (read only; the rule and the
counting are app.services.auth's)."""
from __future__ import annotations

from sqlalchemy import text

from app.db import Database
from app.security import MAX_FAILED_PINS
from app.text import normalise


def attempts_left(db: Database, username: str) -> int | None:
    """Wrong PINs left before a lock, or None for a user name that is not on the staff list."""
    with db.read() as session:
        failed = session.execute(text("SELECT failed_attempts FROM staff WHERE username = :u"),
                                 {"u": normalise(username).lower()}).scalar()
    return None if failed is None else max(MAX_FAILED_PINS - int(failed), 0)
