"""The SQLite database: pragmas on every connection, write transactions, migrations at start."""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.errors import UserError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration. Alembic is imported only when a database is behind it: opening a current
# database at start-up then costs no Alembic import (~300 ms). A test checks it against Alembic.
HEAD_REVISION = "r13"
BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Take BEGIN out of pysqlite's hands so that we can say BEGIN IMMEDIATE for writes.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _on_begin(conn: Any) -> None:
    # Writers take the lock up front: no deadlock upgrading a read lock, numbers stay gapless.
    mode = "IMMEDIATE" if conn.get_execution_options().get("immediate") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """One office database file. `read()` and `write()` hand out sessions in a transaction."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        # URL.create, not an f-string: a folder named "office #1" or "q?x" must not be read as a URL
        # query or fragment (which silently opened, and migrated, a different file).
        self.engine: Engine = create_engine(URL.create("sqlite", database=str(self.path)))
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self._writer = sessionmaker(bind=self.engine.execution_options(immediate=True), expire_on_commit=False)
        self._reader = sessionmaker(bind=self.engine, expire_on_commit=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all."""
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(db: Database) -> str | None:
    """The schema revision stamped in the file (None for a new, empty database)."""
    conn = sqlite3.connect(readonly_uri(db.path), uri=True) if db.path.exists() else None
    if conn is None:
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    finally:
        conn.close()
    return str(row[0]) if row else None


def head_revision() -> str:
    """The newest migration according to Alembic's own scripts (used by tests and tools)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
    assert head is not None
    return str(head)


def migrate(db: Database, revision: str = "head") -> Path | None:
    """Bring the schema to `revision`; an existing database is backed up first. Returns the backup."""
    current = current_revision(db)
    target = HEAD_REVISION if revision == "head" else revision
    if current == target:
        return None
    backup = None
    if current is not None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        backup = db.path.with_name(f"{db.path.name}.before-{target}-{stamp}.bak")
        copy_database(db.path, backup)
    from alembic import command

    with db.engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)
    return backup


def readonly_uri(path: Path) -> str:
    """A read-only SQLite URI for a file whose name may hold '#', '?', '%' or spaces."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of a live database through SQLite's online backup API, fsynced."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    with open(target, "rb") as fh:
        import os

        os.fsync(fh.fileno())


def open_database(path: Path | str, *, create: bool = False) -> Database:
    """Open (and migrate) an office database. A missing file is an error unless `create`."""
    path = Path(path)
    if not create and not path.exists():
        raise UserError("Database not found: {path}", path=str(path))
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    try:
        migrate(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise UserError("Not a Pishkhan database: {path}", path=str(path)) from exc
    except Exception as exc:  # SQLAlchemy wraps sqlite errors
        db.close()
        if "file is not a database" in str(exc) or "malformed" in str(exc):
            raise UserError("Not a Pishkhan database: {path}", path=str(path)) from exc
        raise
    return db
