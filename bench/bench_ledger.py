"""Ledger figures: recording one sale through the service layer, and daily totals on 10 years."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import big_demo_db, median_ms, metric


def _raw_commit_floor(folder: Path) -> float:
    """A raw single-row INSERT + COMMIT with the app's pragmas: what the disk allows."""
    conn = sqlite3.connect(folder / "floor.db", isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL)")

    def commit() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (amount) VALUES (1000)")
        conn.execute("COMMIT")

    try:
        return median_ms(commit, runs=200)
    finally:
        conn.close()


def _record_sale(folder: Path) -> float:
    from app.db import open_database
    from app.demo import build_demo
    from app.services.auth import login
    from app.services.sales import LineRequest, PaymentRequest, SaleRequest, record_sale
    from app.services.shifts import open_shift

    db = open_database(folder / "ledger.db", create=True)
    build_demo(db, days=0)
    clerk = login(db, "clerk1", "1111")
    open_shift(db, clerk, 0)
    request = SaleRequest((LineRequest("1001"),), (PaymentRequest("cash", 500_000),), national_id="0013542419",
                          citizen_name="علی‌اکبر محمدی")
    try:
        return median_ms(lambda: record_sale(db, clerk, request), runs=200)
    finally:
        db.close()


def _daily_totals() -> Iterator[dict[str, Any]]:
    from app.db import open_database
    from app.services.totals import day_totals

    path = big_demo_db()
    db = open_database(path)
    with db.read() as session:
        from sqlalchemy import text

        day_text = session.execute(text("SELECT MAX(business_day) FROM txn")).scalar_one()
        count = session.execute(text("SELECT COUNT(*) FROM txn")).scalar_one()
    day = dt.date.fromisoformat(day_text)
    raw = sqlite3.connect(path)

    def floor() -> None:
        raw.execute("SELECT COUNT(*), SUM(agency_total), SUM(office_total), SUM(vat_total), SUM(grand_total) "
                    "FROM txn WHERE business_day = ?", (day_text,)).fetchone()

    def service() -> None:
        with db.read() as session:
            day_totals(session, day)

    yield metric("day_totals_10y_ms", median_ms(service, runs=100), median_ms(floor, runs=100),
                 transactions=count)
    raw.close()
    db.close()


def metrics() -> Iterator[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ.setdefault("PISHKHAN_CONFIG_DIR", str(folder / "config"))
        floor = _raw_commit_floor(folder)
        yield metric("record_sale_ms", _record_sale(folder), floor)
    yield from _daily_totals()
