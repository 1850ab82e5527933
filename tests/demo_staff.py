"""The demo office's staff as tests act for them (DESIGN.md; the templates add manager1): their PINs,
and the Actor a login would return, without paying for argon2 (services re-read the row anyway)."""
from __future__ import annotations

from sqlalchemy import text

from app.db import Database
from app.services.common import Actor

PINS = {"owner": "1234", "clerk1": "1111", "clerk2": "2222", "manager1": "3333"}


def actor(db: Database, username: str) -> Actor:
    with db.read() as s:
        row = s.execute(text("SELECT id, username, full_name, role FROM staff WHERE username = :u"),
                        {"u": username}).one()
    return Actor(row[0], row[1], row[2], row[3])
