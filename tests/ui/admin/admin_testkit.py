"""Helpers shared by the office administration tests (fixtures live in conftest.py)."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from demo_staff import PINS, actor  # noqa: F401 - the demo staff, shared by every test package
from sqlalchemy import text

from app.db import Database
from app.jalali import TEHRAN, format_jalali
from app.money import format_rate
from app.services.catalogue import list_services
from app.services.tariffs import HEADER


def today() -> dt.date:
    return dt.datetime.now(TEHRAN).date()


def tariff_table(db: Database, day: dt.date | None = None) -> list[list[str]]:
    """The tariffs in force as import rows (one per service), dated `day` (default: today)."""
    rows = []
    for s in list_services(db, today()):
        t = s.tariff
        rows.append([s.code, s.agency_name, s.name, str(t.agency_fee), str(t.office_fee), format_rate(t.vat_bp),
                     str(int(t.vat_included)), str(int(t.variable_agency_fee)), format_jalali(day or today())])
    return rows


def write_csv(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or HEADER)
        writer.writerows(rows)
    return path


def tariff_rows(db: Database) -> list[tuple[object, ...]]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(text("SELECT * FROM tariff ORDER BY id")).all()]


def services_state(db: Database) -> list[tuple[object, ...]]:
    with db.read() as s:
        return [tuple(r) for r in s.execute(text("SELECT code, name, agency_id, active FROM service ORDER BY code"))]


def journal_actions(db: Database, action: str) -> list[str]:
    with db.read() as s:
        return [r[0] for r in s.execute(text("SELECT payload FROM journal WHERE action = :a ORDER BY id"),
                                        {"a": action})]


def settle(qtbot, screen, timeout: int = 20_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the screen's service calls are done (results are delivered on the GUI thread)."""
    qtbot.waitUntil(lambda: screen.idle, timeout=timeout)
