"""A glance at an office database with nothing but the standard library.

The window shows the login screen from this while SQLAlchemy, the migrations and the services
load in the background: start-up then costs what Qt costs, not what the whole stack costs.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from app.office_record import OFFICE_FIELDS, Office
from app.settings_registry import Setting

T = TypeVar("T")


@dataclass(frozen=True)
class Glance:
    names: list[tuple[str, str]] = field(default_factory=list)  # (username, full name) of active staff
    office: Office = field(default_factory=Office)


def glance(path: Path | str) -> Glance | None:
    """The login list and office settings of an existing office database, or None when the file
    is missing, has no office yet, or cannot be read this way (the full open then decides; an office
    server's URL is always opened in full)."""
    if not isinstance(path, Path) or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            row = conn.execute(f"SELECT {', '.join(OFFICE_FIELDS)} FROM office WHERE id = 1").fetchone()
            if row is None:
                return None
            names = conn.execute("SELECT username, full_name FROM staff WHERE active = 1 ORDER BY id").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return Glance([(str(u), str(n)) for u, n in names], Office.from_values(dict(zip(OFFICE_FIELDS, row, strict=True))))


def setting(path: Path, wanted: Setting[T]) -> T:
    """One office setting read with the standard library (its default when absent or unreadable)."""
    if not path.is_file():
        return wanted.default
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (wanted.key,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return wanted.default
    return wanted.read(str(row[0]) if row else None)
