"""Backups carry the journal key beside the copy; restore brings both back, refuses a copy that fails
verification, and never overwrites the current database blindly."""
from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest
from app_testkit import actor, run_cli, scalar
from sqlalchemy import text

from app.db import Database, open_database
from app.errors import CheckFailed, UserError
from app.journal import key_path
from app.services import shifts
from app.services.backup import backup, restore
from app.services.sales import LineRequest, SaleRequest, record_sale
from app.services.verify import verify_file

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


def sales(path: Path) -> int:
    return int(scalar(path, "SELECT COUNT(*) FROM txn"))  # type: ignore[arg-type]


def sell(db: Database) -> None:
    clerk = actor(db, "clerk1")
    with db.read() as s:
        open_ = s.execute(text("SELECT 1 FROM shift WHERE staff_id = :s AND closed_at IS NULL"), {"s": clerk.id}).first()
    if not open_:
        shifts.open_shift(db, clerk, 0)
    record_sale(db, clerk, SaleRequest((LineRequest("1001"),)))


@pytest.fixture
def made(office_db: Database, tmp_path: Path) -> Path:
    sell(office_db)
    return backup(office_db, actor(office_db, "owner"), tmp_path / "backups").path


@posix_only
def test_keys_are_readable_by_their_owner_only(office_db: Database, made: Path) -> None:
    install = str(scalar(office_db.path, "SELECT install_id FROM office"))
    for path in (key_path(install), made.with_suffix(".key")):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def test_a_backup_is_a_verified_copy_with_its_key(office_db: Database, made: Path) -> None:
    assert made.with_suffix(".key").read_text() == key_path(
        str(scalar(office_db.path, "SELECT install_id FROM office"))).read_text()
    assert verify_file(made, backup=True).ok
    assert sales(made) == 1
    assert scalar(office_db.path, "SELECT COUNT(*) FROM journal WHERE action = 'backup'") == 1
    # Journaled once the copy is finished and verified: the copy itself ends just before that entry.
    assert scalar(made, "SELECT COUNT(*) FROM journal WHERE action = 'backup'") == 0


def test_restore_on_a_new_computer_brings_the_key_back(made: Path, tmp_path: Path, fresh_config: Path) -> None:
    target = tmp_path / "new-pc" / "pishkhan.db"
    assert restore(target, made) is None
    install = str(scalar(target, "SELECT install_id FROM office"))
    assert key_path(install).is_file() and str(key_path(install)).startswith(str(fresh_config))
    assert verify_file(target).ok
    assert scalar(target, "SELECT COUNT(*) FROM journal WHERE action = 'restore'") == 1
    db = open_database(target)
    sell(db)  # and the office goes on: the chain continues with the restored key
    db.close()
    assert verify_file(target).ok


def test_restore_keeps_the_current_database_aside(office_db: Database, made: Path) -> None:
    sell(office_db)  # a sale after the backup, which the restore rolls back
    office_db.close()
    aside = restore(office_db.path, made)
    assert aside is not None and aside.exists()
    assert sales(aside) == 2 and sales(office_db.path) == 1
    assert verify_file(office_db.path).ok


def test_a_tampered_backup_is_refused_and_nothing_is_touched(office_db: Database, made: Path) -> None:
    conn = sqlite3.connect(made)
    conn.execute("DROP TRIGGER txn_no_update")
    conn.execute("UPDATE txn SET change_due = change_due + 1")
    conn.commit()
    conn.close()
    office_db.close()
    before = office_db.path.read_bytes()
    with pytest.raises(CheckFailed, match="verification"):
        restore(office_db.path, made)
    assert office_db.path.read_bytes() == before
    result = run_cli("restore", "--db", office_db.path.with_name("other.db"), "--from", made, "--lang", "en")
    assert result.code == 1 and "failed verification" in result.stderr
    assert not office_db.path.with_name("other.db").exists()


def test_a_backup_whose_key_does_not_match_is_refused(office_db: Database, made: Path, tmp_path: Path) -> None:
    made.with_suffix(".key").write_text("00" * 32)
    with pytest.raises(CheckFailed):
        restore(tmp_path / "x.db", made)


def test_a_backup_without_its_key_on_a_new_computer_says_so(made: Path, tmp_path: Path, fresh_config: Path) -> None:
    made.with_suffix(".key").unlink()
    with pytest.raises(UserError) as err:  # refused input (exit 2), not a problem found in the books
        restore(tmp_path / "x.db", made)
    assert not isinstance(err.value, CheckFailed)
    assert "key" in err.value.text


# --- the copy itself: taken while the desk may be selling ----------------------------------------------

def test_a_backup_taken_while_a_reader_holds_an_old_view_has_every_sale(office_db: Database, tmp_path: Path) -> None:
    # A report open on another connection keeps an older snapshot, so the log cannot all be copied back
    # into the file: the backup must not copy the file alone (it would miss the newest sales).
    sell(office_db)
    reader = sqlite3.connect(office_db.path)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM txn").fetchone()
    try:
        sell(office_db)
        sell(office_db)
        made = backup(office_db, actor(office_db, "owner"), tmp_path / "backups").path
    finally:
        reader.close()
    assert sales(made) == sales(office_db.path) == 3
    assert verify_file(made, backup=True).ok


def test_a_backup_is_one_file_that_opens_without_a_log(made: Path) -> None:
    assert made.read_bytes()[18:20] == b"\x01\x01"  # not in WAL mode: no -wal file is needed or made
    conn = sqlite3.connect(made.resolve().as_uri() + "?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert not Path(f"{made}-wal").exists()


def test_the_lock_byte_page_is_written_as_zeros_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # SQLite never keeps data in the page at 1 GiB; on Windows another connection's lock makes reading it
    # fail, so a copy of a large office writes zeros there. (Shown here with the page moved to 64 KiB.)
    from app.ledger import seal

    page = 4096
    monkeypatch.setattr(seal, "LOCK_BYTE", 16 * page)
    monkeypatch.setattr(seal, "CHUNK", 5000)
    head = bytearray(os.urandom(page))
    head[16:18], head[18:20] = page.to_bytes(2, "big"), b"\x02\x02"
    body = bytes(head) + os.urandom(15 * page) + b"L" * page + os.urandom(7 * page + 123)
    source, copy = tmp_path / "big.db", tmp_path / "copy.db"
    source.write_bytes(body)
    sha, size = seal.copy_and_digest(source, copy, sqlite_file=True)
    written = copy.read_bytes()
    assert written[18:20] == b"\x01\x01" and written[20:16 * page] == body[20:16 * page]
    assert written[16 * page:17 * page] == bytes(page) and written[17 * page:] == body[17 * page:]
    assert (sha, size) == seal.digest_file(copy)


def test_a_backups_name_carries_the_offices_jalali_date_and_is_read_back(office_db: Database, made: Path) -> None:
    import datetime as dt

    from app.jalali import format_jalali, local_day
    from app.services.backup import backup_name
    from app.services.backup_schedule import parse_backup_name

    # 10:35 in Tehran on 11 Azar 1405 (2 December 2026): the name sorts and reads as the office's day.
    assert backup_name("1247", dt.datetime(2026, 12, 2, 7, 5, tzinfo=dt.UTC)) == "pishkhan-1247-14050911-103500.db"
    today = format_jalali(local_day(dt.datetime.now(dt.UTC))).replace("-", "")
    assert f"-{today}-" in made.name  # a real backup is named by today's Jalali date
    found = parse_backup_name(made)
    assert found is not None and found.taken_at.date() == local_day(dt.datetime.now(dt.UTC))
