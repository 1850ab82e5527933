"""The books cannot be quietly cut, put back, rewritten with another key or have their staff and
settings changed: each attempt from outside (SQL on the file with the triggers dropped, files in the
key folder swapped) is caught by `pishkhan verify` (exit 1), and a sale is refused rather than
recorded on cut books. Moving, copying and restoring the office's own books keeps them verifiable."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from app_testkit import PINS, actor, clone, run_cli

from app.db import open_database
from app.ledger.witness import witness_path
from app.services import shifts
from app.services.backup import backup, restore
from app.services.sales import LineRequest, SaleRequest, record_sale


def install_id(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT install_id FROM office").fetchone()[0])
    finally:
        conn.close()


def sql(path: Path, *statements: str) -> None:
    """Behind the app's back: triggers dropped, plain sqlite3."""
    conn = sqlite3.connect(path)
    conn.isolation_level = None
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def value(path: Path, query: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchone()[0]
    finally:
        conn.close()


def verify(path: Path) -> tuple[int, str]:
    result = run_cli("verify", "--db", path, "--lang", "en")
    assert "Traceback" not in result.stderr
    return result.code, result.stderr


@pytest.fixture
def books(history_template: Path, tmp_path: Path) -> Path:
    """Two closed days, then today: clerk1's shift open and three sales."""
    path = clone(history_template, tmp_path / "office.db")
    db = open_database(path)
    clerk = actor(db, "clerk1")
    shifts.open_shift(db, clerk, 0)
    for _ in range(3):
        record_sale(db, clerk, SaleRequest((LineRequest("1001"),)))
    db.close()
    assert verify(path)[0] == 0
    return path


def cut_sales(path: Path, count: int, *, fix_counter: bool = True) -> int:
    """Delete today's last `count` sales with their journal entries — what a careful insider does."""
    last = int(value(path, "SELECT MAX(receipt_number) FROM txn"))
    doomed = f"(SELECT id FROM txn WHERE receipt_number > {last - count})"
    sql(path, f"DELETE FROM payment WHERE txn_id IN {doomed}", f"DELETE FROM txn_line WHERE txn_id IN {doomed}",
        f"DELETE FROM journal WHERE entity = 'txn' AND entity_id IN {doomed}",
        f"DELETE FROM txn WHERE receipt_number > {last - count}",
        *([f"UPDATE receipt_counter SET last_number = {last - count}"] if fix_counter else []))
    return last - count


@pytest.mark.parametrize("count", [1, 2, 3])
def test_a_cut_at_the_end_is_caught_and_no_number_is_reused(books: Path, count: int) -> None:
    kept = cut_sales(books, count)
    code, said = verify(books)
    assert code == 1 and "no longer reaches entry" in said, said
    # The next sale does not quietly take a deleted number: it is refused, nothing written.
    db = open_database(books)
    with pytest.raises(Exception, match="witness"):
        record_sale(db, actor(db, "clerk1"), SaleRequest((LineRequest("1001"),)))
    db.close()
    assert value(books, "SELECT MAX(receipt_number) FROM txn") == kept
    result = run_cli("record", "--db", books, "--user", "clerk1", "--pin", PINS["clerk1"], "--service", "1001",
                     "--lang", "en")
    assert result.code == 1 and "Nothing was recorded" in result.stderr and result.stdout == ""


def test_a_cut_that_leaves_the_counter_is_named_by_its_numbers(books: Path) -> None:
    kept = cut_sales(books, 2, fix_counter=False)
    code, said = verify(books)
    assert code == 1 and f"Receipts {kept + 1} to {kept + 2} were issued but are missing" in said, said


def test_a_missing_witness_is_a_finding(books: Path) -> None:
    witness_path(install_id(books)).unlink()
    code, said = verify(books)
    assert code == 1 and "witness of the journal's end is missing" in said, said


def test_a_garbage_witness_is_a_finding(books: Path) -> None:
    witness_path(install_id(books)).write_bytes(b"\x00garbage" * 20)
    code, said = verify(books)
    assert code == 1 and "unreadable" in said, said


def test_an_older_witness_put_back_does_not_hide_a_deeper_cut(books: Path, tmp_path: Path) -> None:
    """Someone saves the witness, records on, then cuts further back than the saved witness and puts
    it back: the books no longer reach even the older witness."""
    older = tmp_path / "older.witness"
    shutil.copyfile(witness_path(install_id(books)), older)
    cut_sales(books, 3)
    shutil.copyfile(older, witness_path(install_id(books)))
    code, said = verify(books)
    assert code == 1 and "no longer reaches entry" in said, said


def test_an_older_copy_of_the_file_put_back_is_caught(books: Path, tmp_path: Path) -> None:
    older = tmp_path / "older.db"
    shutil.copyfile(books, older)
    db = open_database(books)
    record_sale(db, actor(db, "clerk1"), SaleRequest((LineRequest("1001"),)))
    db.close()
    shutil.copyfile(older, books)
    for side in ("-wal", "-shm"):
        Path(f"{books}{side}").unlink(missing_ok=True)
    code, said = verify(books)
    assert code == 1 and "no longer reaches entry" in said, said


def test_books_moved_to_another_folder_or_drive_keep_their_witness(books: Path, tmp_path: Path) -> None:
    moved = tmp_path / "D-drive" / "office books" / "pishkhan.db"
    moved.parent.mkdir(parents=True)
    shutil.move(str(books), moved)
    assert verify(moved)[0] == 0
    db = open_database(moved)
    record_sale(db, actor(db, "clerk1"), SaleRequest((LineRequest("1001"),)))
    db.close()
    assert verify(moved)[0] == 0


def test_backed_up_moved_and_restored_books_verify(books: Path, tmp_path: Path) -> None:
    db = open_database(books)
    made = backup(db, actor(db, "owner"), tmp_path / "usb")
    record_sale(db, actor(db, "clerk1"), SaleRequest((LineRequest("1001"),)))
    db.close()
    assert verify(books)[0] == 0
    restore(books, made.path, by="owner")  # the owner puts the backup back: those books are the office's now
    assert verify(books)[0] == 0
    assert run_cli("verify", "--db", made.path, "--backup", "--lang", "en").code == 0


# --- staff and settings under the chain --------------------------------------------------------------

@pytest.mark.parametrize(("statement", "named"), [
    ("UPDATE staff SET role = 'owner' WHERE username = 'clerk1'", "role"),
    ("UPDATE staff SET pin_hash = (SELECT pin_hash FROM staff WHERE username = 'owner') WHERE username = 'clerk2'",
     "pin_hash"),
    ("UPDATE staff SET active = 0 WHERE username = 'manager1'", "active"),
    ("UPDATE office SET display_unit = 'toman'", "display_unit"),
    ("UPDATE office SET name = 'دفتر دیگر'", "name"),
    ("INSERT INTO setting (key, value) VALUES ('printer', '{\"kind\": \"file\"}')", "setting"),
    ("UPDATE service SET active = 0 WHERE code = '1001'", "active"),
])
def test_staff_and_settings_changed_by_sql_are_caught(books: Path, statement: str, named: str) -> None:
    sql(books, statement)
    code, said = verify(books)
    assert code == 1 and "behind the app's back" in said and named in said, said


def test_a_staff_account_added_by_sql_is_caught(books: Path) -> None:
    sql(books, "INSERT INTO staff (username, full_name, role, pin_hash, active) "
               "SELECT 'ghost', 'ghost', 'owner', pin_hash, 1 FROM staff WHERE username = 'owner'")
    code, said = verify(books)
    assert code == 1 and "ghost" in said, said


# --- the wrong key -----------------------------------------------------------------------------------

@pytest.fixture
def own_keys(books: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own copy of the key folder (the keys are swapped here, not in the shared one)."""
    folder = tmp_path / "config"
    shutil.copytree(witness_path(install_id(books)).parent, folder / "keys")
    monkeypatch.setenv("PISHKHAN_CONFIG_DIR", str(folder))
    return books


def test_another_offices_key_is_named_as_not_this_databases(own_keys: Path) -> None:
    books = own_keys
    key = Path(str(witness_path(install_id(books)))).with_suffix(".key")
    key.write_text("ab" * 32)
    code, said = verify(books)
    assert code == 1 and "not written with this key" in said and str(key) in said, said


def test_a_key_file_that_is_not_a_key_is_named(own_keys: Path) -> None:
    books = own_keys
    key = Path(str(witness_path(install_id(books)))).with_suffix(".key")
    key.write_text("this is not a key")
    code, said = verify(books)
    assert code == 1 and "not a Pishkhan journal key" in said and str(key) in said, said


def test_the_owner_can_accept_cut_books_and_the_acceptance_is_journaled(books: Path) -> None:
    """The repair path after a finding when no backup is to be put back: the owner accepts the books
    as they are; the journal says so (with what the witness had seen), and recording goes on."""
    cut_sales(books, 2)
    assert verify(books)[0] == 1
    clerk = run_cli("witness", "reset", "--reason", "IT restored a disk image", "--db", books, "--user", "clerk1",
                    "--pin", PINS["clerk1"], "--lang", "en")
    assert clerk.code == 2  # a clerk may not
    result = run_cli("witness", "reset", "--reason", "IT restored a disk image", "--db", books, "--user", "owner",
                     "--pin", PINS["owner"], "--lang", "en")
    assert result.code == 0, result
    assert verify(books)[0] == 0
    assert value(books, "SELECT COUNT(*) FROM journal WHERE action = 'witness_reset'") == 1
    db = open_database(books)
    record_sale(db, actor(db, "clerk1"), SaleRequest((LineRequest("1001"),)))
    db.close()


def test_backups_on_another_drive_witness_the_books_even_with_the_key_folder_rewritten(books: Path, tmp_path: Path) -> None:
    """Someone with the database and the key folder cuts the tail and rewrites the witness: the
    backup the owner keeps on a USB drive still knows where the books reached."""
    from app.ledger.witness import adopt
    from app.services.office import set_setting
    from app.settings_registry import BACKUP_FOLDER

    usb = tmp_path / "usb"
    usb.mkdir()
    db = open_database(books)
    owner = actor(db, "owner")
    set_setting(db, owner, BACKUP_FOLDER, str(usb))
    backup(db, owner, usb)
    db.close()
    # Everything from today's second sale on goes: those sales, and every journal entry after them.
    first_cut = value(books, "SELECT MIN(entity_id) FROM journal WHERE action = 'sale' AND entity_id > "
                             "(SELECT MAX(entity_id) - 2 FROM journal WHERE action = 'sale')")
    entry = value(books, f"SELECT id FROM journal WHERE action = 'sale' AND entity_id = {first_cut}")
    sql(books, f"DELETE FROM payment WHERE txn_id >= {first_cut}", f"DELETE FROM txn_line WHERE txn_id >= {first_cut}",
        f"DELETE FROM txn_search WHERE txn_id >= {first_cut}", f"DELETE FROM txn WHERE id >= {first_cut}",
        f"DELETE FROM journal WHERE id >= {entry}", "DELETE FROM setting WHERE key = 'x'",
        "UPDATE receipt_counter SET last_number = (SELECT MAX(receipt_number) FROM txn)")
    adopt(books)  # the witness beside the key rewritten to the cut end
    code, said = verify(books)
    assert code == 1 and "which the backup" in said, said
