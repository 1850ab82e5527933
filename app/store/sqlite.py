"""The embedded engine: one office's books in one SQLite file on the desk's own disk.

Every connection: WAL, synchronous=FULL, foreign keys, a busy timeout. Writers take the lock up
front (BEGIN IMMEDIATE), so numbers stay gapless and no reader-to-writer upgrade deadlocks.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.store.base import Tx

# How long a writer waits for another to finish (PISHKHAN_BUSY_TIMEOUT_MS lets tests wait less).
BUSY_TIMEOUT_MS = int(os.environ.get("PISHKHAN_BUSY_TIMEOUT_MS", "10000"))
OFFICE_TABLES = {"office", "journal", "txn", "alembic_version"}


def _pragmas(conn: sqlite3.Connection, *, readonly: bool) -> None:
    cur = conn.cursor()
    if not readonly:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def file_uri(path: Path, **query: str) -> str:
    """A SQLite URI for a file whose name may hold '#', '?', '%' or spaces."""
    uri = Path(path).resolve().as_uri()
    return uri + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the office's pragmas (read-only ones open with mode=ro and create nothing)."""
    try:
        conn = sqlite3.connect(file_uri(path, mode="ro") if readonly else file_uri(path, mode="rw"), uri=True,
                               check_same_thread=False, isolation_level=None)
        _pragmas(conn, readonly=readonly)
    except sqlite3.Error as exc:
        raise classify(exc, path) from exc
    return conn


def connect_readonly_anywhere(path: Path) -> tuple[sqlite3.Connection, Path | None]:
    """Read a database even on a read-only drive: where SQLite cannot make its -shm file, a copy
    (with its -wal) is read from a temporary folder. Returns the connection and that folder."""
    try:
        conn = connect(path, readonly=True)
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            conn.close()
            raise classify(exc, path) from exc
        return conn, None
    except UserError as err:
        if "Not a Pishkhan database" in err.text or os.access(path.parent, os.W_OK) or not path.exists():
            raise
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="pishkhan-ro-"))
    for suffix in ("", "-wal"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            shutil.copyfile(source, tmp / f"books.db{suffix}")
    return connect(tmp / "books.db", readonly=False), tmp


def classify(exc: BaseException, path: Path) -> UserError:
    """What is wrong, in the user's words: read-only, no permission, disk full, locked, not ours."""
    text = str(exc).lower()
    where = str(path)
    if "file is not a database" in text or "malformed" in text or "not a database" in text:
        return UserError("Not a Pishkhan database: {path}", path=where)
    if "readonly" in text or "read-only" in text:
        return UserError("The database {path} is on a read-only drive or folder: nothing can be recorded "
                         "there. Copy it to a writable folder or fix the drive.", path=where)
    if "disk is full" in text or "database or disk is full" in text:
        return UserError("The disk holding {path} is full: nothing was recorded. Free some space and try "
                         "again.", path=where)
    if "locked" in text or "busy" in text:
        return UserError("The database {path} is locked by another program. Close it and try again.",
                         path=where)
    if "unable to open" in text or "permission" in text or "access" in text:
        if path.exists() and not os.access(path, os.R_OK):
            return UserError("No permission to read the database {path}.", path=where)
        if path.exists() and (not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)):
            return UserError("The database {path} is on a read-only drive or folder: nothing can be recorded "
                             "there. Copy it to a writable folder or fix the drive.", path=where)
        if not path.parent.exists():
            return UserError("The folder of the database does not exist: {path}", path=str(path.parent))
        return UserError("The database {path} cannot be opened: {detail}", path=where, detail=str(exc))
    return UserError("The database {path} cannot be used: {detail}", path=where, detail=str(exc))


@dataclass(frozen=True)
class Probe:
    """What a file is, read without writing a byte: missing, empty, an office database (at which
    schema revision), or something else."""

    kind: str  # "missing" | "empty" | "office" | "foreign"
    revision: str | None = None


def probe(path: Path) -> Probe:
    if not path.exists():
        return Probe("missing")
    if path.is_dir():
        raise UserError("Not a Pishkhan database: {path}", path=str(path))
    if path.stat().st_size == 0:
        return Probe("empty")
    conn, tmp = connect_readonly_anywhere(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return Probe("empty")
        if "alembic_version" not in tables or "office" not in tables:
            return Probe("foreign")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return Probe("office", str(row[0]) if row else None)
    except sqlite3.Error as exc:
        raise classify(exc, path) from exc
    finally:
        conn.close()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


class SqliteStore:
    engine = "sqlite"

    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.location = str(self.path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    def sqlalchemy_url(self) -> Any:
        from sqlalchemy import URL

        # URL.create, not an f-string: a folder named "office #1" or "q?x" must not be read as a URL.
        if self.readonly:
            return URL.create("sqlite", database=file_uri(self.path, mode="ro"), query={"uri": "true"})
        return URL.create("sqlite", database=str(self.path))

    def connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = connect(self.path, readonly=self.readonly)
        return self._conn

    @contextmanager
    def raw(self, *, write: bool) -> Iterator[Tx]:
        """One transaction on the store's own DB-API connection: all of it commits, or none."""
        if write and self.readonly:
            raise UserError("The database {path} was opened read-only.", path=self.location)
        with self._lock:
            conn = self.connection()
            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            except sqlite3.Error as exc:
                raise classify(exc, self.path) from exc
            try:
                yield Tx(conn.cursor())
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise classify(exc, self.path) from exc

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
