"""An office's database made by an older version upgrades at start, backed up first, data intact."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from app_testkit import actor

from app.db import Database, current_revision, head_revision, migrate, open_database
from app.demo import build_demo
from app.services import shifts
from app.services.sales import LineRequest, PaymentRequest, SaleRequest, record_sale
from app.services.verify import verify_file

TABLES = ("office", "agency", "service", "tariff", "staff", "citizen", "shift", "cash_movement", "txn", "txn_line",
          "payment", "void", "day_close", "journal")


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}
    finally:
        conn.close()


def intact(after: dict[str, list[tuple[object, ...]]], before: dict[str, list[tuple[object, ...]]]) -> bool:
    """Every old row still there with its old values; columns added since are empty (None)."""
    for table, rows in before.items():
        width = len(rows[0]) if rows else 0
        if [row[:width] for row in after[table]] != rows:
            return False
        if any(value is not None for row in after[table] for value in row[width:]):
            return False
    return True


def revision_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def old_office(tmp_path: Path) -> Path:
    """A database at the first revision, with two days of history and an open shift of today.

    (Only code that ran against that schema writes here: the demo's history writer and the shift
    services. Selling through today's catalogue needs today's schema, so that is checked after the
    upgrade.)"""
    path = tmp_path / "office.db"
    db = Database(path)
    migrate(db, "0001")
    assert current_revision(db) == "0001"
    build_demo(db, days=2, seed=3)
    clerk = actor(db, "clerk1")
    shifts.open_shift(db, clerk, 200_000)
    shifts.cash_movement(db, clerk, "in", 50_000, "تنخواه")
    db.close()
    return path


def test_the_first_revision_upgrades_to_head_with_its_data(old_office: Path) -> None:
    before = snapshot(old_office)
    assert len(before["txn"]) > 100 and before["void"] and before["day_close"] and before["cash_movement"]

    db = open_database(old_office)
    try:
        assert current_revision(db) == head_revision() != "0001"
        assert intact(snapshot(old_office), before)
        report = verify_file(old_office)
        assert report.ok, report.problems
        assert report.counts["receipts"] == len(before["txn"])
        # And the upgraded office goes on working: numbering continues, the new rules hold.
        clerk = actor(db, "clerk1")
        assert record_sale(db, clerk, SaleRequest((LineRequest("1001"),))).receipt_number == len(before["txn"]) + 1
        sale = record_sale(db, clerk, SaleRequest((LineRequest("2001", 1, 650_000, None, "7788"),),
                                                  (PaymentRequest("cash", 1_000_000),), "0084575948", "علي اكبر"))
        assert sale.change_due == 1_000_000 - sale.grand_total
    finally:
        db.close()
    conn = sqlite3.connect(old_office)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE txn SET grand_total = grand_total WHERE id = 1")
    conn.close()


def test_opening_an_older_database_backs_it_up_first(old_office: Path) -> None:
    before = snapshot(old_office)
    db = open_database(old_office)
    db.close()
    backups = sorted(old_office.parent.glob("office.db.before-*.bak"))
    assert len(backups) == 1
    assert revision_of(backups[0]) == "0001"
    assert snapshot(backups[0]) == before
    assert verify_file(backups[0]).ok

    # A database already at head is opened as it is: no new backup each start.
    open_database(old_office).close()
    assert sorted(old_office.parent.glob("office.db.before-*.bak")) == backups


def test_migrate_reports_its_backup(old_office: Path) -> None:
    db = Database(old_office)
    try:
        made = migrate(db)
        assert made is not None and made.exists() and revision_of(made) == "0001"
        assert migrate(db) is None
    finally:
        db.close()


def test_search_keys_are_recomputed_so_any_spelling_finds_an_old_name(tmp_path: Path) -> None:
    """0006: keys written by an older `search_key` (that kept a shadda or hamza it did not fold)
    are recomputed, so «سید», «سیّد» and «سيد» all find the stored name; names are left as stored."""
    from app.text import search_key

    path = tmp_path / "office.db"
    db = Database(path)
    migrate(db, "0004")
    build_demo(db, days=1, seed=5)
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO citizen (national_id, name, search_key) VALUES ('0012345679', 'سیّد مؤمن', 'سیّدمؤمن')")
    conn.execute("UPDATE service SET search_key = 'stale' WHERE id = 1")
    names = conn.execute("SELECT name FROM citizen ORDER BY id").fetchall()
    conn.commit()
    conn.close()
    open_database(path).close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT name FROM citizen ORDER BY id").fetchall() == names  # names untouched
        key = conn.execute("SELECT search_key FROM citizen WHERE national_id = '0012345679'").fetchone()[0]
        assert key == search_key("سيد مومن") == search_key("سیّد مؤمن")
        service = conn.execute("SELECT name, search_key FROM service WHERE id = 1").fetchone()
        assert service[1] == search_key(service[0])
        assert all(k == search_key(n) for table in ("citizen", "service", "agency")
                   for n, k in conn.execute(f"SELECT name, search_key FROM {table}"))
    finally:
        conn.close()
