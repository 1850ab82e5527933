"""Backups: a verified copy of the live database with its journal key beside it; and restore,
which refuses a copy that fails verification and keeps the current database aside."""
from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.db import Database, copy_database, readonly_uri
from app.errors import CheckFailed, UserError
from app.jalali import to_local
from app.journal import Journal, anchor_to_last_entry, key_path, last_hash, read_key, write_key, write_key_file
from app.security import Action
from app.services.common import Actor, acting, forget_journal_keys, iso, journal, now, office
from app.services.verify import verify_file

KEY_SUFFIX = ".key"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    key_path: Path
    size: int


def backup(db: Database, actor: Actor, folder: Path, *, action: Action = Action.BACKUP,
           at: dt.datetime | None = None,
           label: str = "") -> BackupResult:
    """Copy the database into `folder` through SQLite's online backup, fsync it, put the journal key
    beside it, and verify the copy before calling it good. The backup is journaled."""
    instant = now(at)
    with db.write() as session:
        # A clerk may trigger only the scheduled copy (into the owner's chosen folder), not choose one.
        if action not in (Action.BACKUP, Action.SCHEDULED_BACKUP):
            raise ValueError(action)
        staff = acting(session, actor, action)
        code = "".join(ch for ch in office(session).code if ch.isalnum()) or "office"
        install_id = office(session).install_id
        # Journaled first so that the copy itself carries the record of its making.
        journal(session).append(session, at=iso(instant), staff_id=staff.id, action="backup",
                                entity="office", payload={"folder": str(folder), "label": label})
    folder.mkdir(parents=True, exist_ok=True)
    stamp = to_local(instant).strftime("%Y%m%d-%H%M%S")
    target = folder / f"pishkhan-{code}-{stamp}{('-' + label) if label else ''}.db"
    copy_database(db.path, target)
    key = read_key(install_id)
    key_file = target.with_suffix(KEY_SUFFIX)
    write_key_file(key_file, key)  # (write_text then chmod left it world-readable for a moment)
    report = verify_file(target, key, anchored=False)
    if not report.ok:
        raise CheckFailed("The backup copy failed verification: {problem}", problem=report.problems[0])
    return BackupResult(target, key_file, target.stat().st_size)


def _backup_key(source: Path) -> bytes | None:
    key_file = source.with_suffix(KEY_SUFFIX)
    if key_file.exists():
        return bytes.fromhex(key_file.read_text().strip())
    return None


def check_backup(source: Path) -> tuple[str, bytes]:
    """Verify a backup file with the key beside it (or this computer's key). Returns (install id, key)."""
    if not source.is_file():
        raise UserError("Backup file not found: {path}", path=str(source))
    try:
        conn = sqlite3.connect(readonly_uri(source), uri=True)
        row = conn.execute("SELECT install_id FROM office WHERE id = 1").fetchone()
        conn.close()
    except sqlite3.DatabaseError as exc:
        raise CheckFailed("Not a Pishkhan database: {path}", path=str(source)) from exc
    if row is None:
        raise CheckFailed("Not a Pishkhan database: {path}", path=str(source))
    key = _backup_key(source) or read_key(row[0])
    report = verify_file(source, key, anchored=False)
    if not report.ok:
        raise CheckFailed("The backup failed verification and was not restored: {problem}",
                          problem=report.problems[0])
    return row[0], key


def restore(target: Path, source: Path, *, by: str = "", at: dt.datetime | None = None) -> Path | None:
    """Replace the database at `target` with a verified backup. The current file is moved aside
    (returned), never overwritten; the journal key comes back with the backup."""
    install_id, key = check_backup(source)
    existing = key_path(install_id)
    if existing.exists() and read_key(install_id) != key:
        raise CheckFailed("The key beside the backup does not match this office's key.")
    instant = now(at)
    aside = None
    if target.exists():
        stamp = instant.strftime("%Y%m%dT%H%M%S")
        aside = target.with_name(f"{target.name}.replaced-{stamp}")
        _checkpoint(target)
        shutil.move(str(target), aside)
        for suffix in ("-wal", "-shm"):
            side = Path(f"{target}{suffix}")
            if side.exists():
                shutil.move(str(side), f"{aside}{suffix}")
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_database(source, target)
    if not existing.exists():
        write_key(install_id, key)
    forget_journal_keys()
    _journal_restore(target, key, source, by, instant, install_id)
    return aside


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _journal_restore(target: Path, key: bytes, source: Path, by: str, instant: dt.datetime,
                     install_id: str) -> None:
    db = Database(target)
    try:
        with db.write() as session:
            Journal(key).append(session, at=iso(instant), staff_id=None, action="restore", entity="office",
                                payload={"from": source.name, "by": by, "after": last_hash(session)[:16]})
        with db.read() as session:
            # The restored journal is the office's journal now: anchor it where it ends.
            anchor_to_last_entry(session, install_id, target)
    finally:
        db.close()
