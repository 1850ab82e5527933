"""Backups the owner does not have to remember: a daily one, one at each day close, rotation of old
copies, the last good backup and a warning when there has been none for two days; and restore from
the app, with the backup checked and described before anything is replaced.

The copy itself is `app.services.backup.backup` (verified, key beside it). This module decides when,
where and how many are kept. Backup files are named `pishkhan-<office code>-<YYYYMMDD-HHMMSS local
time>[-<label>].db`; rotation only ever touches files of that shape, never anything else on the drive.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import uuid
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.db import Database
from app.errors import CheckFailed, UserError
from app.i18n import N_, _
from app.jalali import TEHRAN, format_instant, jalali_year_month, to_local
from app.ledger.keys import key_path
from app.security import Action
from app.services.backup import (  # noqa: F401 - the restore functions are the screens' too
    KEY_SUFFIX,
    BackupResult,
    RestoreResult,
    backup,
    check_backup,
    restore_backup,
    restore_first_run,
    restore_into,
)
from app.services.common import Actor, acting, now, office, parse_iso
from app.services.office import get_setting, save_settings
from app.settings_registry import BACKUP_FOLDER, BACKUP_KEEP_DAILY, BACKUP_KEEP_MONTHLY

DAILY, DAY_CLOSE, MANUAL = "daily", "dayclose", "manual"
LABEL_NAMES = {DAILY: N_("daily"), DAY_CLOSE: N_("day close"), MANUAL: N_("by hand")}
WARN_AFTER = dt.timedelta(days=2)
_FILE = re.compile(r"pishkhan-(?P<code>[^\W_]+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<label>[\w-]+))?\.db")
_STAMP = "%Y%m%d-%H%M%S"


def parse_stamp(stamp: str) -> dt.datetime:
    """A backup name's local date and time: Jalali (since names follow the office's calendar), or
    Gregorian for backups made by older versions."""
    day, clock = stamp.split("-")
    if int(day[:4]) < 1700:
        import jdatetime

        date = jdatetime.date(int(day[:4]), int(day[4:6]), int(day[6:8])).togregorian()
    else:
        date = dt.date(int(day[:4]), int(day[4:6]), int(day[6:8]))
    return dt.datetime.combine(date, dt.datetime.strptime(clock, "%H%M%S").time(), TEHRAN)


def stamp_of(instant: dt.datetime) -> str:
    """The date and time part of a backup's name (Jalali, local time)."""
    from app.services.backup import backup_name

    return backup_name("x", instant)[len("pishkhan-x-"):-len(".db")]


# --- settings (declared in app/settings_registry.py) --------------------------------------------


@dataclass(frozen=True)
class BackupSettings:
    folder: str
    keep_daily: int
    keep_monthly: int


def backup_settings(db: Database) -> BackupSettings:
    with db.read() as session:
        return BackupSettings(get_setting(session, BACKUP_FOLDER), get_setting(session, BACKUP_KEEP_DAILY),
                              get_setting(session, BACKUP_KEEP_MONTHLY))


def save_backup_settings(db: Database, actor: Actor, folder: str, keep_daily: int, keep_monthly: int,
                         *, at: dt.datetime | None = None) -> BackupSettings:
    """Where backups go and how many are kept. The folder must exist and be writable now: a backup
    that silently lands nowhere is worse than none. One Save, one transaction: the three settings are
    stored together or not at all, each change journaled (as a setting)."""
    with db.read() as session:
        acting(session, actor, Action.BACKUP)
        acting(session, actor, Action.CHANGE_SETTINGS)
    folder = folder.strip()
    if folder:
        _check_writable(Path(folder))
    save_settings(db, actor, {}, {BACKUP_FOLDER: folder, BACKUP_KEEP_DAILY: keep_daily,
                                  BACKUP_KEEP_MONTHLY: keep_monthly}, at=at, also_needs=Action.BACKUP)
    return BackupSettings(folder, keep_daily, keep_monthly)


def _check_writable(folder: Path) -> None:
    if not folder.is_dir():
        raise UserError("The backup folder {path} is not available. If it is on a USB drive, plug the drive "
                        "in.", path=str(folder))
    probe = folder / f".pishkhan-write-test-{uuid.uuid4().hex}"
    try:
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise UserError("Cannot write to the backup folder {path}: {detail}", path=str(folder),
                        detail=exc.strerror or str(exc)) from exc


def same_disk_as_database(db: Database, folder: str | Path) -> bool:
    """True when the folder is on the database's own disk: such a copy does not survive that disk."""
    try:
        return os.stat(folder).st_dev == os.stat(db.path.resolve().parent).st_dev
    except OSError:
        return False


# --- the backup files in a folder ------------------------------------------------------------------


@dataclass(frozen=True)
class BackupFile:
    path: Path
    office_code: str
    taken_at: dt.datetime  # aware, Asia/Tehran
    label: str
    size: int
    has_key: bool

    @property
    def label_name(self) -> str:
        return _(LABEL_NAMES[self.label]) if self.label in LABEL_NAMES else self.label


def parse_backup_name(path: Path) -> BackupFile | None:
    m = _FILE.fullmatch(path.name)
    if not m:
        return None
    try:
        taken = parse_stamp(m["stamp"])
        size = path.stat().st_size
    except (ValueError, OSError):
        return None
    return BackupFile(path, m["code"], taken, m["label"] or "", size, path.with_suffix(KEY_SUFFIX).is_file())


def list_backups(folder: str | Path, office_code: str | None = None) -> list[BackupFile]:
    """Backup files in `folder` (of one office when given), newest first. A missing folder has none."""
    root = Path(folder)
    if not str(folder) or not root.is_dir():
        return []
    try:
        candidates = list(root.glob("pishkhan-*.db"))
    except OSError:
        return []
    found = [b for p in candidates if (b := parse_backup_name(p)) is not None]
    if office_code is not None:
        found = [b for b in found if b.office_code == office_code]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def rotate(folder: str | Path, keep_daily: int, keep_monthly: int, *, office_code: str | None = None) -> list[Path]:
    """Keep the newest backup of each of the `keep_daily` most recent days that have one, and the
    newest of each of the `keep_monthly` most recent Jalali months; delete the rest (with their keys).
    Days without a backup do not count, so a long holiday never deletes the last good copies.
    Returns the deleted backup files."""
    if keep_daily < 1 or keep_monthly < 0:
        raise UserError("Keep at least one daily backup.")
    groups: dict[str, list[BackupFile]] = {}
    for b in list_backups(folder, office_code):
        groups.setdefault(b.office_code, []).append(b)
    removed: list[Path] = []
    for files in groups.values():
        keep = _newest_per(files, lambda b: b.taken_at.date(), keep_daily)
        keep |= _newest_per(files, lambda b: jalali_year_month(b.taken_at.date()), keep_monthly)
        for b in files:
            if b.path not in keep:
                _remove(b.path)
                removed.append(b.path)
    return removed


def _newest_per(files: list[BackupFile], period: Callable[[BackupFile], Hashable], count: int) -> set[Path]:
    """The newest file of each of the `count` most recent periods (`files` are newest first)."""
    kept: dict[Hashable, Path] = {}
    for b in files:
        key = period(b)
        if key not in kept:
            if len(kept) >= count:
                break
            kept[key] = b.path
    return set(kept.values())


def _remove(path: Path) -> None:
    for p in (path, path.with_suffix(KEY_SUFFIX)):
        try:
            p.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only drive: the file stays, the next rotation tries again


# --- making backups --------------------------------------------------------------------------------


def _office_code(db: Database) -> str:
    with db.read() as session:
        return "".join(ch for ch in office(session).code if ch.isalnum()) or "office"


def _make(db: Database, actor: Actor, label: str, at: dt.datetime | None,
          action: Action = Action.BACKUP) -> BackupResult:
    settings = backup_settings(db)
    if not settings.folder:
        raise UserError("No backup folder is chosen yet. Choose one (a USB drive, say) in the backup settings.")
    folder = Path(settings.folder)
    _check_writable(folder)
    instant = now(at)
    try:
        result = backup(db, actor, folder, action=action, at=instant, label=label)
    except CheckFailed:
        _discard(folder, instant, label)
        raise
    except (OSError, sqlite3.Error) as exc:
        _discard(folder, instant, label)
        raise UserError("The backup could not be written to {path}: {detail}", path=str(folder),
                        detail=str(exc)) from exc
    rotate(folder, settings.keep_daily, settings.keep_monthly, office_code=_office_code(db))
    return result


def _discard(folder: Path, instant: dt.datetime, label: str) -> None:
    """A copy that failed is deleted, so that it can never pass for a good backup."""
    stamp = stamp_of(instant)
    for p in folder.glob(f"pishkhan-*-{stamp}-{label}.db*"):
        _remove(p)


def _allowed_to_back_up(db: Database, actor: Actor, action: Action = Action.BACKUP) -> None:
    with db.read() as session:
        acting(session, actor, action)


def run_due_backups(db: Database, actor: Actor, *, at: dt.datetime | None = None) -> BackupResult | None:
    """The daily backup: made (then old ones rotated) when there is no good backup of today yet.
    Returns None when nothing was due or no folder is chosen (the warning covers that)."""
    _allowed_to_back_up(db, actor, Action.SCHEDULED_BACKUP)
    instant = now(at)
    if not backup_settings(db).folder:
        return None
    last = last_good_backup(db)
    if last is not None and to_local(last.taken_at).date() == to_local(instant).date():
        return None
    return _make(db, actor, DAILY, instant, Action.SCHEDULED_BACKUP)


def backup_at_day_close(db: Database, actor: Actor, *, at: dt.datetime | None = None) -> BackupResult:
    """The backup taken right after a day is closed (refused without a chosen folder: say so)."""
    _allowed_to_back_up(db, actor)
    return _make(db, actor, DAY_CLOSE, at)


def backup_now(db: Database, actor: Actor, *, at: dt.datetime | None = None) -> BackupResult:
    """A backup the owner asks for, into the chosen folder, with rotation."""
    _allowed_to_back_up(db, actor)
    return _make(db, actor, MANUAL, at)


# --- the last good backup and the warning ---------------------------------------------------------


@dataclass(frozen=True)
class LastBackup:
    path: Path
    taken_at: dt.datetime
    reachable: bool  # False: recorded in the journal, on a drive that is not plugged in now


def last_good_backup(db: Database) -> LastBackup | None:
    """The newest backup known to be good: one the journal records whose copy (with its key) is still in
    its folder, or is on a drive not plugged in now; or, failing that, a copy of this office in the
    chosen folder (made on another computer, or before a restore)."""
    with db.read() as session:
        code = "".join(ch for ch in office(session).code if ch.isalnum()) or "office"
        folder = get_setting(session, BACKUP_FOLDER)
        rows = session.execute(text(
            "SELECT at, payload FROM journal WHERE action = 'backup' ORDER BY id DESC LIMIT 200")).all()
    found = _from_journal(rows)
    in_folder = next((b for b in list_backups(folder, code) if b.has_key), None)
    if in_folder is not None and (found is None or in_folder.taken_at > found.taken_at):
        return LastBackup(in_folder.path, in_folder.taken_at, True)
    return found


def _from_journal(rows: Sequence[Any]) -> LastBackup | None:
    for at, payload in rows:
        try:
            folder = Path(json.loads(payload).get("folder", ""))
            instant = parse_iso(at)
        except (ValueError, AttributeError):
            continue
        if not str(folder):
            continue
        if not folder.is_dir():
            return LastBackup(folder, instant, False)
        stamp = stamp_of(instant)
        for p in folder.glob(f"pishkhan-*-{stamp}*.db"):
            b = parse_backup_name(p)
            if b is not None and b.has_key and b.size > 0:
                return LastBackup(p, instant, True)
    return None


@dataclass(frozen=True)
class BackupStatus:
    folder: str
    folder_available: bool
    last: LastBackup | None
    warning: str | None


def backup_status(db: Database, *, at: dt.datetime | None = None) -> BackupStatus:
    """What the owner's dashboard shows: the last good backup, and a warning when it is too old."""
    folder = backup_settings(db).folder
    last = last_good_backup(db)
    return BackupStatus(folder, bool(folder) and Path(folder).is_dir(), last, _warning(folder, last, now(at)))


def backup_warning(db: Database, *, at: dt.datetime | None = None) -> str | None:
    """A warning when no good backup was made in the last two days (or ever); None when all is well."""
    return backup_status(db, at=at).warning


def _warning(folder: str, last: LastBackup | None, instant: dt.datetime) -> str | None:
    if last is not None and instant - last.taken_at < WARN_AFTER:
        return None
    hint = "" if folder else " " + _("Choose a backup folder (a USB drive, say) in the backup settings.")
    if last is None:
        return _("No backup of this office has been made yet.") + hint
    days = max(2, (instant - last.taken_at).days)
    return _("There has been no backup for {days} days (the last one: {when}). Back up now.",
             days=days, when=format_instant(last.taken_at)) + hint


# --- restore -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds, shown before restoring it. `problem` is None when it verified."""

    path: Path
    office_name: str
    office_code: str
    install_id: str
    made_at: dt.datetime | None
    receipts: int
    last_receipt: int | None
    journal_entries: int
    key_beside: bool
    problem: str | None


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def inspect_backup(path: Path) -> BackupInfo:
    """Read and verify a backup file (with the key beside it, or this computer's key)."""
    path = Path(path)
    if not path.is_file():
        raise UserError("Backup file not found: {path}", path=str(path))
    try:
        conn = _ro(path)
        try:
            name, code, install_id = conn.execute("SELECT name, code, install_id FROM office WHERE id = 1").fetchone()
            receipts, last_receipt = conn.execute("SELECT COUNT(*), MAX(receipt_number) FROM txn").fetchone()
            entries = conn.execute("SELECT COUNT(*) FROM journal").fetchone()[0]
            made = conn.execute("SELECT at FROM journal WHERE action = 'backup' ORDER BY id DESC LIMIT 1").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, TypeError) as exc:
        raise CheckFailed("Not a Pishkhan database: {path}", path=str(path)) from exc
    key_beside = path.with_suffix(KEY_SUFFIX).is_file()
    made_at = _made_at(path, install_id) or (parse_iso(made[0]) if made else
                                              dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC))
    problem = None
    if not key_beside and not key_path(install_id).exists():
        problem = _("The key file {name} is not beside the backup. Copy it from where the backup was made into "
                    "the same folder, then choose the backup again.", name=path.with_suffix(KEY_SUFFIX).name)
    else:
        try:
            check_backup(path)
        except UserError as err:
            problem = err.message()
    return BackupInfo(path, name, code, install_id, made_at, receipts, last_receipt, entries, key_beside, problem)


def _made_at(path: Path, install_id: str) -> dt.datetime | None:
    """When a backup was made, as its seal says (None for a backup without one, or no key to read it)."""
    from app.ledger import seal
    from app.services.backup import backup_key

    try:
        sealed = seal.read(backup_key(path, install_id), path)
    except UserError:
        return None
    return parse_iso(sealed.made_at) if isinstance(sealed, seal.Seal) and sealed.made_at else None


def office_identity(db: Database) -> tuple[str, str, str] | None:
    """(install id, name, code) of the open database's office, or None before the first run."""
    with db.read() as session:
        row = session.execute(text("SELECT install_id, name, code FROM office WHERE id = 1")).first()
    return (row[0], row[1], row[2]) if row else None


def office_backups(db: Database) -> list[BackupFile]:
    """This office's backups in the chosen folder, newest first."""
    folder = backup_settings(db).folder
    return list_backups(folder, _office_code(db)) if folder else []
