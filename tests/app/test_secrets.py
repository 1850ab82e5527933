"""Secrets at rest: PIN hashes that a copied database alone cannot test guesses against, longer PINs
for the accounts that approve and see the books, and keys, witnesses and backups readable by their
owner only."""
from __future__ import annotations

import os
import sqlite3
import stat
import sys
from pathlib import Path

import pytest
from app_testkit import PINS, actor, clone

from app.db import Database, open_database
from app.errors import UserError
from app.fileperm import icacls_command
from app.ledger.keys import key_path, pin_pepper, read_key
from app.ledger.witness import witness_path
from app.security import PEPPERED, check_pin, hash_pin
from app.services.auth import login
from app.services.backup import backup
from app.services.office import set_setting
from app.services.staff import add_staff, update_staff
from app.services.verify import verify_file
from app.settings_registry import MANAGER_MIN_PIN

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Database:
    db = open_database(clone(office_template, tmp_path / "office.db"))
    yield db
    db.close()


def stored_hash(db: Database, username: str) -> str:
    conn = sqlite3.connect(db.path)
    try:
        return str(conn.execute("SELECT pin_hash FROM staff WHERE username = ?", (username,)).fetchone()[0])
    finally:
        conn.close()


def install(db: Database) -> str:
    conn = sqlite3.connect(db.path)
    try:
        return str(conn.execute("SELECT install_id FROM office").fetchone()[0])
    finally:
        conn.close()


def test_a_copied_database_alone_cannot_test_a_pin(office: Database) -> None:
    """The hash is over the PIN keyed by a pepper derived from the journal key (outside the file): with
    the file alone, not even the right PIN checks, so there is nothing to search offline."""
    pin_hash = stored_hash(office, "clerk1")
    assert pin_hash.startswith(PEPPERED)
    right = pin_pepper(read_key(install(office)))
    assert check_pin(pin_hash, PINS["clerk1"], right)
    assert not check_pin(pin_hash, PINS["clerk1"], pin_pepper(os.urandom(32)))
    assert not check_pin(pin_hash, PINS["clerk1"], b"")


def test_an_older_hash_is_upgraded_at_the_next_login_and_chained(office: Database) -> None:
    from argon2 import PasswordHasher

    conn = sqlite3.connect(office.path)
    conn.execute("UPDATE staff SET pin_hash = ? WHERE username = 'clerk2'",
                 (PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1).hash(PINS["clerk2"]),))
    conn.commit()
    conn.close()
    assert not verify_file(office.path).ok  # (an edit behind the app's back, as the old version left it)
    login(office, "clerk2", PINS["clerk2"])
    assert stored_hash(office, "clerk2").startswith(PEPPERED)
    problems = verify_file(office.path).problems
    assert not any("clerk2" in p for p in problems), problems


def test_the_owner_can_require_longer_pins_for_owners_and_managers(office: Database) -> None:
    owner = actor(office, "owner")
    set_setting(office, owner, MANAGER_MIN_PIN, 6)
    with pytest.raises(UserError, match="6"):
        add_staff(office, owner, "manager2", "مدیر دوم", "manager", "1234")
    add_staff(office, owner, "manager2", "مدیر دوم", "manager", "123456")
    add_staff(office, owner, "clerk3", "متصدی سوم", "clerk", "1234")  # clerks keep four digits
    with pytest.raises(UserError, match="6"):
        update_staff(office, owner, "clerk3", role="manager", pin="4321")
    assert login(office, "manager2", "123456").role == "manager"
    assert verify_file(office.path).ok


@posix_only
def test_keys_witness_and_backups_are_readable_by_their_owner_only(office: Database, tmp_path: Path) -> None:
    made = backup(office, actor(office, "owner"), tmp_path / "usb")
    files = [key_path(install(office)), witness_path(install(office)), made.path, made.key_path,
             made.path.with_suffix(".seal")]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(key_path(install(office)).parent.stat().st_mode) == 0o700


def test_on_windows_the_acl_keeps_only_the_user_system_and_administrators() -> None:
    command = icacls_command(Path(r"C:\Users\clerk\AppData\Roaming\pishkhan\keys\x.key"), "owner")
    assert command[:3] == ["icacls", r"C:\Users\clerk\AppData\Roaming\pishkhan\keys\x.key", "/inheritance:r"]
    grants = [command[i + 1] for i, arg in enumerate(command) if arg == "/grant:r"]
    assert grants == ["owner:(F)", "*S-1-5-18:(F)", "*S-1-5-32-544:(F)"]


def test_hash_pin_is_not_the_pin(office: Database) -> None:
    pepper = pin_pepper(read_key(install(office)))
    assert PINS["owner"] not in hash_pin(PINS["owner"], pepper)


# --- a PIN checked ahead (the command line starts the check while it loads) -------------------------

def test_a_pin_checked_ahead_answers_only_for_the_same_hash_pin_and_pepper() -> None:
    from app.security import check_pin_ahead

    pepper = os.urandom(32)
    right, other = hash_pin("1234", pepper), hash_pin("9999", pepper)
    check_pin_ahead(other, "9999", pepper)  # true for another account's hash
    assert not check_pin(right, "9999", pepper)  # not taken for this one: checked here, and wrong
    check_pin_ahead(right, "1234", pepper)
    assert not check_pin(right, "1234", os.urandom(32))  # another pepper: checked here
    check_pin_ahead(right, "1234", pepper)
    assert check_pin(right, "1234", pepper)


def test_a_look_ahead_on_a_broken_hash_leaves_the_check_to_login(monkeypatch: pytest.MonkeyPatch) -> None:
    from app import security

    pepper = os.urandom(32)
    stored = hash_pin("1234", pepper)

    def broken(*_args: object) -> bool:
        raise MemoryError("argon2 could not have its memory")

    monkeypatch.setattr(security, "_check", broken)
    security.check_pin_ahead(stored, "1234", pepper)
    assert isinstance(security._ahead[0][1].exception(), MemoryError)  # (waits for the thread)
    monkeypatch.undo()
    assert check_pin(stored, "1234", pepper)
    assert not check_pin(stored, "4321", pepper)


def test_a_command_typed_with_its_pin_is_checked_ahead_and_a_wrong_one_still_refused(
        office: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from app import security
    from app.cli.main import main

    taken: list[bool | None] = []
    original = security._take_ahead
    monkeypatch.setattr(security, "_take_ahead", lambda key: taken.append(original(key)) or taken[-1])
    office.close()
    books = ["--db", str(office.path), "--lang", "en", "--user", "clerk1"]
    assert main(["shift", "open", *books, "--pin", PINS["clerk1"]]) == 0
    assert taken == [True]  # the answer came from the look-ahead
    assert "opened" in capsys.readouterr().err
    assert main(["shift", "report", *books, "--pin", "0000"]) == 2
    assert taken[-1] is False
    assert "Wrong user name or PIN" in capsys.readouterr().err


def test_the_pin_options_are_picked_from_the_words_before_parsing() -> None:
    from app.cli.io import _option

    words = ["record", "--user=clerk1", "--name", "--pin", "--pin", "1111", "--db", "x.db"]
    assert _option(words, "--user") == "clerk1"
    assert _option(words, "--pin") == "--pin"  # (a name that looks like an option: not the PIN, so not taken)
    assert _option(words, "--db") == "x.db"
    assert _option(["record", "--pin"], "--pin") is None


def test_a_command_whose_pin_thread_cannot_start_still_logs_in(office: Database, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    import threading

    from app import security
    from app.cli.main import main

    def no_thread(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(security, "_ahead", [])
    monkeypatch.setattr(threading.Thread, "start", no_thread)
    office.close()
    argv = ["shift", "open", "--db", str(office.path), "--lang", "en", "--user", "clerk1", "--pin", PINS["clerk1"]]
    assert main(argv) == 0 and "opened" in capsys.readouterr().err
    assert security._ahead == []  # no answer left waiting for a thread that never ran
