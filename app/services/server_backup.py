"""Backups of the office server: `pg_dump` in its custom format, the chain key beside it (never inside
the dump), a seal binding both; and restoring one into a new, empty server database, verified.

Run on the server PC (or any PC with the owner's login and PostgreSQL's client tools): the daily
backup is `pishkhan server backup --url OWNER_URL --to FOLDER` from the Windows task scheduler (or
the app's own schedule on the server PC). Desks' logins are not part of a dump (they belong to the
server, not the database): after a restore on a new server, add them again (`server add-desk`).
"""
from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from app.errors import CheckFailed, UserError
from app.fileperm import open_private
from app.ledger import seal
from app.ledger.keys import key_check, write_key_file
from app.store.postgres import PostgresStore, masked

SUFFIX = ".dump"


@dataclass(frozen=True)
class ServerBackup:
    path: Path
    key_path: Path
    size: int


def tool(name: str) -> str:
    """A PostgreSQL client program (pg_dump, pg_restore): on PATH, or where PostgreSQL installs it."""
    found = shutil.which(name)
    if found:
        return found
    places = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) + sorted(
        glob.glob(rf"C:\Program Files\PostgreSQL\*\bin\{name}.exe"))
    if places:
        return places[-1]
    raise UserError("PostgreSQL's {tool} is not installed on this computer: install PostgreSQL's client tools.",
                    tool=name)


def _office(url: str) -> tuple[str, str, bytes, int, bytes]:
    store = PostgresStore(url)
    try:
        with store.raw(write=False) as tx:
            install_id, code = tx.one("SELECT install_id, code FROM office WHERE id = 1")
            key = bytes(tx.value("SELECT key FROM ledger_secret WHERE id = 1"))
            end = tx.one("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1")
    except UserError:
        raise
    except Exception as exc:
        raise UserError("Only the office server's owner login can back up its books.") from exc
    finally:
        store.close()
    return str(install_id), str(code), key, int(end[0]), bytes(end[1])


def dump_server(url: str, folder: Path, *, at: dt.datetime | None = None) -> ServerBackup:
    """A verified dump of the server's books, its key beside it, sealed; written under a temporary
    name and renamed only when complete."""
    from app.services.common import iso, now
    from app.services.verify import verify_server

    report = verify_server(url, quick=True)
    if not report.ok:
        raise CheckFailed("The books failed verification, so no backup was made: {problem}", problem=report.problems[0])
    install_id, code, key, entry_id, entry_hash = _office(url)
    instant = now(at)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = instant.strftime("%Y%m%d-%H%M%S")
    final = folder / f"pishkhan-server-{''.join(c for c in code if c.isalnum()) or 'office'}-{stamp}{SUFFIX}"
    part = final.with_name(final.name + ".part")
    os.close(open_private(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC))
    done = subprocess.run([tool("pg_dump"), "--format=custom", "--no-owner", "--exclude-table-data=ledger_secret",
                           f"--file={part}", f"--dbname={url}"], capture_output=True, text=True)
    if done.returncode != 0:
        part.unlink(missing_ok=True)
        raise UserError("The server's backup could not be made: {detail}", detail=done.stderr.strip()[-300:])
    key_file = final.with_suffix(".key")
    write_key_file(key_file, key)
    sha, size = seal.digest_file(part)
    seal.write(key, final, seal.Seal(entry_id, entry_hash.hex(), size, sha, iso(instant)))
    os.replace(part, final)
    return ServerBackup(final, key_file, size)


def restore_server(url: str, source: Path) -> None:
    """Restore a server dump into an empty database (a new server), with its key, then verify it."""
    from app.ledger.keys import read_key_file
    from app.ledger.server_schema import grant_desks
    from app.services.verify import verify_server
    from app.store.postgres import probe

    key = read_key_file(source.with_suffix(".key"))
    sealed = seal.read(key, source)
    if not isinstance(sealed, seal.Seal):
        raise CheckFailed("The seal beside the backup {path} is not genuine: the backup cannot be trusted.",
                          path=str(source))
    if (sealed.sha256, sealed.size) != seal.digest_file(source):
        raise CheckFailed("The backup {path} was changed after it was made (it no longer matches its seal).",
                          path=str(source))
    if probe(url).kind != "empty":
        raise UserError("Restore a server's backup into a new, empty database ({url}).", url=masked(url))
    store = PostgresStore(url)
    try:
        with store.raw(write=True) as tx:
            tx.run("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pishkhan_desk') "
                   "THEN CREATE ROLE pishkhan_desk NOLOGIN; END IF; END $$")
    finally:
        store.close()
    done = subprocess.run([tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={url}", str(source)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise UserError("The server's backup could not be restored: {detail}", detail=done.stderr.strip()[-300:])
    store = PostgresStore(url)
    try:
        with store.raw(write=True) as tx:
            install_id = str(tx.value("SELECT install_id FROM office WHERE id = 1"))
            if tx.value("SELECT key_check FROM office WHERE id = 1") != key_check(key):
                raise CheckFailed("The key beside the backup does not match this office's key.")
            tx.run("INSERT INTO ledger_secret (id, install_id, key) VALUES (1, ?, ?)", install_id, key)
        from sqlalchemy import create_engine

        engine = create_engine(store.sqlalchemy_url())
        with engine.begin() as conn:
            grant_desks(conn)
        engine.dispose()
    finally:
        store.close()
    report = verify_server(url)
    if not report.ok:
        raise CheckFailed("The restored books failed verification: {problem}", problem=report.problems[0])
