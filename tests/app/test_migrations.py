"""An office's database made by an older version upgrades at start, backed up first, data intact."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from app_testkit import actor, old_database

from app.db import Database, current_revision, head_revision, migrate, open_database
from app.errors import CheckFailed
from app.services.sales import LineRequest, PaymentRequest, SaleRequest, record_sale
from app.services.verify import verify_file

TABLES = ("office", "agency", "service", "tariff", "staff", "citizen", "shift", "cash_movement", "txn", "txn_line",
          "payment", "void", "day_close")
Snapshot = dict[str, tuple[list[str], list[tuple[object, ...]]]]


def snapshot(path: Path) -> Snapshot:
    """Every row of the money and office tables, with its column names. (The journal itself is
    re-chained by the upgrade to chain version 2; its check is `verify`.)"""
    conn = sqlite3.connect(path)
    try:
        out = {}
        for t in TABLES:
            cur = conn.execute(f"SELECT * FROM {t} ORDER BY 1")
            out[t] = ([d[0] for d in cur.description], cur.fetchall())
        return out
    finally:
        conn.close()


def intact(after: Snapshot, before: Snapshot) -> bool:
    """Every old row still there with its old values in every column both versions have; columns
    added since are empty (None, or '' for a shift's desk) or derived (the office's key check); columns dropped since (a
    staff member's lockout counters, now kept per scope) are the only ones gone."""
    for table, (columns, rows) in before.items():
        new_columns, new_rows = after[table]
        kept = [c for c in columns if c in new_columns]
        if set(columns) - set(kept) - {"failed_attempts", "locked_until"}:
            return False
        old = [tuple(r[columns.index(c)] for c in kept) for r in rows]
        new = [tuple(r[new_columns.index(c)] for c in kept) for r in new_rows]
        if new != old:
            return False
        added = [c for c in new_columns if c not in columns and c != "key_check"]
        if any(r[new_columns.index(c)] not in (None, "") for r in new_rows for c in added):
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
    return old_database("v1-0001", tmp_path / "office.db")


def test_the_first_revision_upgrades_to_head_with_its_data(old_office: Path) -> None:
    before = snapshot(old_office)
    assert len(before["txn"][1]) > 100 and before["void"][1] and before["day_close"][1] and before["cash_movement"][1]

    db = open_database(old_office)
    try:
        assert current_revision(db) == head_revision() != "0001"
        assert intact(snapshot(old_office), before)
        report = verify_file(old_office)
        assert report.ok, report.problems
        assert report.counts["receipts"] == len(before["txn"][1])
        # And the upgraded office goes on working: numbering continues, the new rules hold.
        clerk = actor(db, "clerk1")
        assert record_sale(db, clerk, SaleRequest((LineRequest("1001"),))).receipt_number == len(before["txn"][1]) + 1
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

    path = old_database("v1-0001", tmp_path / "office.db")
    db = Database(path)
    migrate(db, "0005")
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


def test_a_version_1_office_upgrades_to_chain_version_2_and_keeps_working(tmp_path: Path) -> None:
    """The last schema of chain version 1 (0006) upgrades: every record is sealed in version 2, the
    old chain's end is kept on record, staff and settings enter the chain, the witness is written."""
    path = old_database("v1-0006", tmp_path / "office.db")
    before = snapshot(path)
    db = open_database(path)
    try:
        assert intact(snapshot(path), before)
        report = verify_file(path)
        assert report.ok, report.problems
        conn = sqlite3.connect(path)
        upgraded = conn.execute("SELECT payload FROM journal WHERE action = 'chain_upgraded'").fetchone()[0]
        states = conn.execute("SELECT COUNT(*) FROM journal WHERE action = 'state' AND entity = 'staff'").fetchone()[0]
        conn.close()
        assert '"v1_entries"' in upgraded and '"v1_last_hash"' in upgraded
        assert states == len(before["staff"][1])
        clerk = actor(db, "clerk1")
        assert record_sale(db, clerk, SaleRequest((LineRequest("1001"),))).receipt_number == len(before["txn"][1]) + 1
    finally:
        db.close()
    assert verify_file(path).ok


def test_an_altered_version_1_history_is_never_re_chained(tmp_path: Path) -> None:
    """An edit made to a version-1 database behind the app's back stops the upgrade: the file stays
    exactly as it was (still version 1, the edit still visible), never laundered into a fresh chain."""
    path = old_database("v1-0006", tmp_path / "office.db")
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER txn_no_update")
    conn.execute("UPDATE txn SET office_total = office_total - 1000, grand_total = grand_total - 1000 WHERE id = 5")
    conn.commit()
    conn.close()
    before = snapshot(path), journal_rows(path)
    with pytest.raises(CheckFailed, match="not upgraded"):
        open_database(path)
    assert revision_of(path) == "0006"
    assert (snapshot(path), journal_rows(path)) == before


def journal_rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM journal ORDER BY id").fetchall()
    finally:
        conn.close()
