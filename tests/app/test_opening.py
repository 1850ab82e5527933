"""Commands touch nothing they should not, and say exactly what is wrong with the books' file:
not an office database, read-only, no permission, disk full, locked, made by a newer version.
Each refusal is one line, exit 2, no traceback, and leaves every file as it was."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_testkit import PINS, ROOT, CliResult, actor, clone, one_line, run_app, run_cli, subprocess_env

from app.db import open_database
from app.services import shifts

RECORD = ["--user", "clerk1", "--pin", PINS["clerk1"], "--service", "1001"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


@pytest.mark.parametrize("command", [["verify"], ["record", *RECORD], ["report", "--kind", "day", "--format", "csv",
                                                                       "--out", "r.csv", "--user", "owner",
                                                                       "--pin", PINS["owner"]]])
def test_an_empty_file_is_refused_and_left_empty(tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = run_cli(*command, "--db", empty, "--lang", "en")
    assert result.code == 2 and "Not a Pishkhan database" in one_line(result.stderr)
    assert empty.stat().st_size == 0 and siblings(empty) == {"empty.db"}


@pytest.mark.parametrize("command", [["verify"], ["record", *RECORD], ["backup", "--to", "b", "--user", "owner",
                                                                       "--pin", PINS["owner"]]])
def test_another_programs_database_is_never_given_our_schema(tmp_path: Path, command: list[str]) -> None:
    other = tmp_path / "contacts.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ali', '0912')")
    conn.commit()
    conn.close()
    before = digest(other)
    result = run_cli(*command, "--db", other, "--lang", "en")
    assert result.code == 2 and "Not a Pishkhan database" in one_line(result.stderr)
    assert digest(other) == before and siblings(other) == {"contacts.db"}


def test_a_database_of_a_newer_version_is_refused_untouched(office_template: Path, tmp_path: Path) -> None:
    path = clone(office_template, tmp_path / "office.db")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    before = digest(path)
    for command in (["verify"], ["record", *RECORD]):
        result = run_cli(*command, "--db", path, "--lang", "en")
        assert result.code == 2 and "newer version" in one_line(result.stderr), result
    assert digest(path) == before


def test_verify_opens_read_only_and_writes_nothing(office_template: Path, tmp_path: Path) -> None:
    path = clone(office_template, tmp_path / "office.db")
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    before, mtime = digest(path), path.stat().st_mtime_ns
    assert run_cli("verify", "--db", path).code == 0
    assert digest(path) == before and path.stat().st_mtime_ns == mtime


def test_an_older_schema_is_not_upgraded_by_verify(tmp_path: Path) -> None:
    from app_testkit import old_database

    path = old_database("v1-0006", tmp_path / "office.db")
    before = digest(path)
    result = run_cli("verify", "--db", path, "--lang", "en")
    assert result.code == 2 and "must be upgraded first" in one_line(result.stderr)
    assert digest(path) == before
    assert run_cli("upgrade", "--db", path).code == 0
    assert run_cli("verify", "--db", path).code == 0


# --- as a user without rights (the tests run as root, whom file modes do not stop) --------------------

NOBODY = 65534


def as_nobody(argv: list[str | Path], env: dict[str, str]) -> CliResult:
    proc = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable,
                           "-m", "app", *map(str, argv)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def desk(office_template: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """An office whose files (and a config folder of its own) belong to `nobody`, clerk1's shift open."""
    if os.geteuid() != 0 or subprocess.run(["setpriv", "--version"], capture_output=True).returncode != 0:
        pytest.skip("needs root to act as another user")
    reach = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable,
                            "-c", "import app"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if reach.returncode != 0:
        said = (reach.stderr.strip().splitlines() or ["no message"])[-1]
        pytest.fail(f"`nobody` cannot load the program from {ROOT} ({said}): these "
                    "tests need a checkout (and interpreter) others may read — not one under a 0700 folder such as "
                    "`mktemp -d` makes", pytrace=False)
    import tempfile

    tmp_path = Path(tempfile.mkdtemp(prefix="pishkhan-nobody-"))  # under /tmp: `nobody` can reach it
    tmp_path.chmod(0o755)
    folder = tmp_path / "books"
    folder.mkdir()
    path = clone(office_template, folder / "office.db")
    db = open_database(path)
    shifts.open_shift(db, actor(db, "clerk1"), 0)
    db.close()
    config = tmp_path / "config"
    import shutil

    from app.paths import config_dir

    shutil.copytree(config_dir() / "keys", config / "keys")
    for root, dirs, files in os.walk(tmp_path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), NOBODY, NOBODY)
    os.chown(tmp_path, NOBODY, NOBODY)
    env = subprocess_env(PISHKHAN_CONFIG_DIR=str(config), PISHKHAN_DATA_DIR=str(tmp_path / "data"))
    yield path, env
    subprocess.run(["chmod", "-R", "u+rwX", str(tmp_path)])
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_a_database_on_a_read_only_drive_is_read_but_not_written(desk: tuple[Path, dict[str, str]]) -> None:
    path, env = desk
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    path.chmod(0o444)
    path.parent.chmod(0o555)
    before = digest(path)
    assert as_nobody(["verify", "--db", path], env).code == 0
    result = as_nobody(["record", "--db", path, *RECORD, "--lang", "en"], env)
    assert result.code == 2 and "read-only" in one_line(result.stderr), result
    assert digest(path) == before


def test_no_permission_to_read_is_said_so(desk: tuple[Path, dict[str, str]]) -> None:
    path, env = desk
    path.chmod(0o000)
    for command in (["verify"], ["record", *RECORD]):
        result = as_nobody([*command, "--db", path, "--lang", "en"], env)
        assert result.code == 2 and "permission" in one_line(result.stderr).lower(), result


def test_a_key_folder_without_permission_is_said_so(desk: tuple[Path, dict[str, str]]) -> None:
    path, env = desk
    keys = Path(env["PISHKHAN_CONFIG_DIR"]) / "keys"
    os.chown(keys, 0, 0)
    keys.chmod(0o700)
    result = as_nobody(["record", "--db", path, *RECORD, "--lang", "en"], env)
    assert result.code == 2 and str(keys) in one_line(result.stderr) and "permission" in result.stderr, result


def test_a_read_only_key_folder_refuses_before_anything_is_written(desk: tuple[Path, dict[str, str]]) -> None:
    """The witness could not be written after the sale: so the sale (or the day close) is refused first,
    nothing committed, and the message names the file."""
    path, env = desk
    keys = Path(env["PISHKHAN_CONFIG_DIR"]) / "keys"
    for item in keys.iterdir():
        os.chown(item, 0, 0)
        item.chmod(0o644)
    os.chown(keys, 0, 0)
    keys.chmod(0o755)
    receipts = sqlite3.connect(path).execute("SELECT COUNT(*) FROM txn").fetchone()[0]
    result = as_nobody(["record", "--db", path, *RECORD, "--lang", "en"], env)
    assert result.code == 2 and ".witness" in one_line(result.stderr) and "Nothing was recorded" in result.stderr
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM txn").fetchone()[0] == receipts
    assert as_nobody(["shift", "close", "--db", path, "--user", "clerk1", "--pin", PINS["clerk1"], "--counted", "0",
                      "--lang", "en"], env).code == 2
    result = as_nobody(["close-day", "--db", path, "--user", "owner", "--pin", PINS["owner"], "--lang", "en"], env)
    assert result.code == 2 and ".witness" in one_line(result.stderr), result
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM day_close").fetchone()[0] == 0


# --- a full disk, a locked file ---------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small disk")
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)])


def test_a_full_disk_records_nothing_and_says_so(office_template: Path, small_disk: Path) -> None:
    path = clone(office_template, small_disk / "office.db")
    db = open_database(path)
    shifts.open_shift(db, actor(db, "clerk1"), 0)
    db.close()
    filler = small_disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    result = run_app("record", "--db", path, *RECORD, "--lang", "en", env=subprocess_env())
    assert result.code == 2 and "full" in one_line(result.stderr), result
    filler.unlink()
    assert run_app("verify", "--db", path, env=subprocess_env()).code == 0
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM txn").fetchone()[0] == 0


def test_a_database_locked_by_another_program_is_said_so(office_template: Path, tmp_path: Path) -> None:
    path = clone(office_template, tmp_path / "office.db")
    db = open_database(path)
    shifts.open_shift(db, actor(db, "clerk1"), 0)
    db.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run_app("record", "--db", path, *RECORD, "--lang", "en",
                         env=subprocess_env(PISHKHAN_BUSY_TIMEOUT_MS="300"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.code == 2 and "locked by another program" in one_line(result.stderr), result
