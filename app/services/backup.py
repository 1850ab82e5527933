"""Backups: a verified copy of the live database with its keys and witness beside it; and restore,
which refuses a copy that fails verification and keeps the current database aside.

A backup is written under a temporary name, fsynced, checked (a quick check from the books' newest
verified point, and the copy's end against the live journal's), and only then renamed to its final
name and journaled: an interrupted backup leaves no file that looks finished and no journal line.
Backup files, keys and witnesses are readable by the owner only (0600; on Windows an ACL for the user,
SYSTEM and Administrators). Exit codes: a file that cannot be used as a backup (missing, truncated,
not a database, no key) is refused input (2); a backup that fails verification is a problem found (1).
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from app.db import Database, copy_database
from app.errors import CheckFailed, UserError
from app.fileperm import open_private, os_reason, restrict
from app.jalali import to_local
from app.ledger import seal, witness
from app.ledger.keys import key_path, parse_key, read_key, write_key, write_key_file
from app.security import Action
from app.services.common import Actor, acting_tx, forget_journal_keys, iso, journal_for, now, office_tx
from app.services.verify import VerifyReport, record_checkpoint, verify_file
from app.store.base import Tx
from app.store.sqlite import probe

KEY_SUFFIX = ".key"
PART = ".part"


@dataclass(frozen=True)
class BackupResult:
    path: Path
    key_path: Path
    size: int
    full_check: bool = False


def backup_name(code: str, instant: dt.datetime, label: str = "") -> str:
    """pishkhan-<office code>-<Jalali date>-<time>[-label].db (sortable; the date as the office reads it)."""
    from app.jalali import format_jalali

    local = to_local(instant)
    day = format_jalali(local.date()).replace("-", "")
    return f"pishkhan-{code}-{day}-{local.strftime('%H%M%S')}{('-' + label) if label else ''}.db"


def backup(db: Database, actor: Actor, folder: Path, *, action: Action = Action.BACKUP,
           at: dt.datetime | None = None, label: str = "", full: bool | None = None) -> BackupResult:
    """Copy the database into `folder` through SQLite's online backup, fsync it, put the journal key,
    signing key and witness beside it, and check the copy before calling it good. Journaled after.

    `full`: run a full check of the live books first and record it as the verified point (None: when
    the last one is older than a week)."""
    if action not in (Action.BACKUP, Action.SCHEDULED_BACKUP):
        raise ValueError(action)
    instant = now(at)
    with db.raw(write=False) as tx:
        # A clerk may trigger only the scheduled copy (into the owner's chosen folder), not choose one.
        staff = acting_tx(tx, actor, action)
        o = office_tx(tx)
    code = "".join(ch for ch in o.code if ch.isalnum()) or "office"
    full_check = _maybe_full_check(db, staff.id, full, instant)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError("The backup could not be written to {path}: {reason}", path=str(folder),
                        reason=os_reason(exc)) from exc
    _clear_unfinished(folder)
    final = folder / backup_name(code, instant, label)
    part = final.with_name(final.name + PART)
    sha, size = _copy(db, part)
    key = read_key(o.install_id)
    report = _check_copy(db, part, key, o.install_id)
    key_file = final.with_suffix(KEY_SUFFIX)
    write_key_file(key_file, key)
    seal.write(key, final, seal.Seal(report.upto, _tail(part).hex(), size, sha, iso(instant)))
    from app.signing import backup_signing_key

    backup_signing_key(o.install_id, final)
    os.replace(part, final)
    size = final.stat().st_size
    with db.raw() as tx:
        _journal_backup(tx, staff.id, instant, final, label, report.upto, full_check)
    return BackupResult(final, key_file, size, full_check)


def _maybe_full_check(db: Database, staff_id: int, full: bool | None, instant: dt.datetime) -> bool:
    from app.services.verify import needs_full_check

    if full is False or (full is None and not needs_full_check(db, at=instant)):
        return False
    report = verify_file(db.path)
    if not report.ok:
        raise CheckFailed("The books failed verification, so no backup was made: {problem}",
                          problem=report.problems[0])
    record_checkpoint(db, report, staff_id=staff_id, at=instant)
    return True


def _clear_unfinished(folder: Path) -> None:
    """Remove copies an interrupted backup left under their temporary name."""
    for stale in folder.glob(f"pishkhan-*.db{PART}"):
        stale.unlink(missing_ok=True)


def _copy(db: Database, target: Path) -> tuple[str, int]:
    """The copy, and its digest and size (taken as it was written: the check after only reads it)."""
    try:
        os.close(open_private(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC))  # owner-only from the first byte
        digest = copy_database(db.path, target)
        restrict(target)
        return digest
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise UserError("The backup could not be written to {path}: {reason}", path=str(target.parent),
                        reason=os_reason(exc)) from exc
    except Exception:
        target.unlink(missing_ok=True)
        raise


def _tail(path: Path) -> bytes:
    from app.ledger.verify import open_readonly

    conn = open_readonly(path)
    try:
        row = conn.execute("SELECT hash FROM journal ORDER BY id DESC LIMIT 1").fetchone()
        return bytes(row[0]) if row else bytes(32)
    finally:
        conn.close()


def _check_copy(db: Database, copy: Path, key: bytes, install_id: str) -> VerifyReport:
    try:
        report = verify_file(copy, key, witnessed=False, quick=True)
    except (UserError, CheckFailed):
        copy.unlink(missing_ok=True)
        raise
    if not report.ok:
        copy.unlink(missing_ok=True)
        raise CheckFailed("The backup copy failed verification: {problem}", problem=report.problems[0])
    with db.raw(write=False) as tx:
        live = tx.value("SELECT hash FROM journal WHERE id = ?", report.upto)
    if live is None or bytes(live) != _tail(copy):
        copy.unlink(missing_ok=True)
        raise CheckFailed("The backup copy does not end where the books did; no backup was kept.")
    return report


def _journal_backup(tx: Tx, staff_id: int, instant: dt.datetime, final: Path, label: str, upto: int,
                    full_check: bool) -> None:
    from app.journal import canonical
    from app.ledger.chain import Entry

    payload = canonical({"folder": str(final.parent), "file": final.name, "label": label, "upto": upto,
                         "full_check": full_check})
    journal_for(tx).append_tx(tx, Entry(iso(instant), staff_id, "backup", "office", None, payload))


# --- checking a backup file --------------------------------------------------------------------------

def _backup_key(source: Path) -> bytes | None:
    key_file = source.with_suffix(KEY_SUFFIX)
    if key_file.exists():
        return parse_key(key_file.read_text(encoding="ascii", errors="replace"), key_file)
    return None


def check_backup(source: Path, *, digest: bool = True) -> tuple[str, bytes]:
    """Verify a backup file with the key beside it (or this computer's key). Returns (install id, key).

    Refused (exit 2): a missing or unreadable file, one that is not an office database, no key.
    A problem found (exit 1): the copy fails verification or ends before its own witness."""
    if not source.is_file():
        raise UserError("Backup file not found: {path}", path=str(source))
    try:
        found = probe(source)
    except UserError as err:
        raise UserError("{path} cannot be restored: {reason}", path=str(source), reason=err.message()) from err
    if found.kind != "office":
        raise UserError("Not a Pishkhan database: {path}", path=str(source))
    from app.ledger.verify import open_readonly

    conn = open_readonly(source)
    try:
        row = conn.execute("SELECT install_id FROM office WHERE id = 1").fetchone()
    except Exception as exc:
        raise UserError("Not a Pishkhan database: {path}", path=str(source)) from exc
    finally:
        conn.close()
    if row is None:
        raise UserError("Not a Pishkhan database: {path}", path=str(source))
    key = backup_key(source, str(row[0]))
    sealed = seal.read(key, source)
    if sealed is False:
        raise CheckFailed("The seal beside the backup {path} is not genuine: the backup cannot be trusted.",
                          path=str(source))
    if sealed is None:  # a backup made before seals: check it whole
        _verify_whole(source, key)
    elif digest:
        check_sealed_copy(key, source, *seal.digest_file(source))
    return str(row[0]), key


def backup_key(source: Path, install_id: str) -> bytes:
    """The key beside a backup, else this computer's key of that office; refused when neither exists."""
    key = _backup_key(source)
    if key is not None:
        return key
    if not key_path(install_id).exists():
        raise UserError("The backup {path} has no journal key beside it ({key}), and this computer does not "
                        "have it: copy the key file next to the backup.", path=str(source),
                        key=str(source.with_suffix(KEY_SUFFIX)))
    return read_key(install_id)


def _verify_whole(source: Path, key: bytes) -> None:
    try:
        report = verify_file(source, key, witnessed=False)
    except CheckFailed:
        raise
    except UserError as err:
        raise UserError("{path} cannot be restored: {reason}", path=str(source), reason=err.message()) from err
    if not report.ok:
        raise CheckFailed("The backup failed verification and was not restored: {problem}",
                          problem=report.problems[0])


def check_sealed_copy(key: bytes, source: Path, copy_sha: str, copy_size: int) -> None:
    """A sealed backup restores only byte for byte as it was checked when made."""
    sealed = seal.read(key, source)
    if isinstance(sealed, seal.Seal) and (sealed.sha256 != copy_sha or sealed.size != copy_size):
        raise CheckFailed("The backup failed verification and was not restored: the file was changed after the "
                          "backup was made (it no longer matches its seal).")


# --- restoring ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RestoreResult:
    database: Path
    aside: Path | None  # the database that was replaced, kept under a new name
    report: VerifyReport  # the restored database, verified in place


def restore_backup(db: Database, actor: Actor, source: Path, *, at: dt.datetime | None = None) -> RestoreResult:
    """Replace the open database with a verified backup (owner only). The current file is kept aside;
    `db` is closed and must be reopened (and everyone logged in again) by the caller."""
    with db.raw(write=False) as tx:
        acting_tx(tx, actor, Action.RESTORE)
    return _restore(db, Path(source), actor.username, at)


def restore_first_run(db: Database, source: Path, *, at: dt.datetime | None = None) -> RestoreResult:
    """A new computer: put a backup in place of a database that has no office yet (no login exists)."""
    with db.raw(write=False) as tx:
        has_office = tx.one("SELECT 1 FROM office WHERE id = 1") is not None
    if has_office:
        raise UserError("This computer already has an office; log in as the owner to restore a backup over it.")
    return _restore(db, Path(source), "", at)


def _restore(db: Database, source: Path, by: str, at: dt.datetime | None) -> RestoreResult:
    target = db.path
    db.close()
    return restore_into(target, source, by=by, at=at)


def restore_into(target: Path, source: Path, *, by: str = "", at: dt.datetime | None = None) -> RestoreResult:
    """The one restore path (the screens and `pishkhan restore` both end here): a checked backup put in
    place of `target` (the current file kept aside), then the restored books verified where they are."""
    try:
        aside = restore(target, source, by=by, at=at)
    except OSError as exc:  # Windows: another program (or counter) still has the database open
        raise UserError("The database could not be replaced ({detail}). Close the program everywhere else "
                        "it is open, then try again.", detail=exc.strerror or str(exc)) from exc
    return RestoreResult(target, aside, verify_file(target, quick=True))


def restore(target: Path, source: Path, *, by: str = "", at: dt.datetime | None = None) -> Path | None:
    """Replace the database at `target` with a verified backup. The current file is moved aside
    (returned), never overwritten; the journal and signing keys come back with the backup, and the
    witness is set to the restored journal's end (the restored books are the office's books now)."""
    install_id, key = check_backup(source, digest=False)  # the copy below is hashed as it is made
    existing = key_path(install_id)
    if existing.exists() and read_key(install_id) != key:
        raise CheckFailed("The key beside the backup does not match this office's key.")
    from app.signing import restore_signing_key

    instant = now(at)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + PART)
    sha, size = seal.copy_and_digest(source, part)
    try:
        check_sealed_copy(key, source, sha, size)
    except CheckFailed:
        part.unlink(missing_ok=True)
        raise
    aside = _move_aside(target, instant)
    os.replace(part, target)
    if not existing.exists():
        write_key(install_id, key)
    restore_signing_key(install_id, source)
    forget_journal_keys()
    _journal_restore(target, key, source, by, instant, install_id)
    return aside


def _move_aside(target: Path, instant: dt.datetime) -> Path | None:
    if not target.exists():
        return None
    import sqlite3

    stamp = instant.strftime("%Y%m%dT%H%M%S")
    aside = target.with_name(f"{target.name}.replaced-{stamp}")
    conn = sqlite3.connect(target)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    shutil.move(str(target), aside)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{target}{suffix}")
        if side.exists():
            shutil.move(str(side), f"{aside}{suffix}")
    return aside


def _journal_restore(target: Path, key: bytes, source: Path, by: str, instant: dt.datetime,
                     install_id: str) -> None:
    from app.journal import Journal, canonical
    from app.ledger.chain import Entry

    db = Database(target)
    try:
        journal = Journal(key, install_id)
        with db.store.raw(write=True) as tx:
            end = tx.one("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1")
            tx.guarded = True  # the restored books replace what the witness saw
            mark = journal.append_tx(tx, Entry(iso(instant), None, "restore", "office", None, canonical(
                {"from": source.name, "by": by, "after": bytes(end[1]).hex()[:16] if end else ""})))
        witness.create(key, witness.witness_path(install_id), mark)
    finally:
        db.close()
