"""The office's books: where they are (a SQLite file, or a PostgreSQL server), opened safely.

`Database` hands out SQLAlchemy sessions (`read()`, `write()`) for most services and raw DB-API
transactions (`raw()`) for the hot path; both run on the store of its engine (app/store/). Opening
never creates or migrates anything on a read-only command, never touches a file that is not an
office database, and says what is wrong — missing, read-only, no permission, full, locked, foreign,
older or newer — in the user's words.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UserError
from app.journal import after_commit
from app.store.base import Tx
from app.store.sqlite import BUSY_TIMEOUT_MS, SqliteStore, file_uri, probe

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration. Alembic is imported only when a database is behind it: opening a current
# database at start-up then costs no Alembic import (~300 ms). A test checks it against Alembic.
HEAD_REVISION = "0008"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take BEGIN out of pysqlite's hands so that we can say BEGIN IMMEDIATE for writes.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _on_connect_readonly(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _on_begin(conn: Any) -> None:
    # Writers take the lock up front: no deadlock upgrading a read lock, numbers stay gapless.
    mode = "IMMEDIATE" if conn.get_execution_options().get("immediate") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """One office's books. `read()` and `write()` hand out sessions in a transaction; `raw()` a
    DB-API transaction (no SQLAlchemy import on the record path)."""

    def __init__(self, location: Path | str, *, readonly: bool = False) -> None:
        from app.store.base import is_url

        if is_url(location):
            from app.store.postgres import PostgresStore

            self.store: Any = PostgresStore(str(location), readonly=readonly)
        else:
            self.store = SqliteStore(location, readonly=readonly)
        self.readonly = readonly
        self._engine: Engine | None = None
        self._writer: Any = None
        self._reader: Any = None

    @property
    def engine_name(self) -> str:
        return str(self.store.engine)

    @property
    def on_server(self) -> bool:
        return bool(self.store.engine == "postgresql")

    @property
    def path(self) -> Path:
        return self.store.path  # type: ignore[no-any-return]

    @property
    def location(self) -> str:
        return str(self.store.location)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._start_engine()
        assert self._engine is not None
        return self._engine

    def _start_engine(self) -> None:
        from sqlalchemy import create_engine, event
        from sqlalchemy.orm import sessionmaker

        if self.on_server:
            from app.store.postgres import CONNECT_TIMEOUT_S, TCP_USER_TIMEOUT_MS

            engine = create_engine(self.store.sqlalchemy_url(), pool_pre_ping=True, connect_args={
                "connect_timeout": CONNECT_TIMEOUT_S, "tcp_user_timeout": TCP_USER_TIMEOUT_MS})
        else:
            engine = create_engine(self.store.sqlalchemy_url())
            event.listen(engine, "connect", _on_connect_readonly if self.readonly else _on_connect)
            event.listen(engine, "begin", _on_begin)
        self._writer = sessionmaker(bind=engine.execution_options(immediate=True), expire_on_commit=False)
        self._reader = sessionmaker(bind=engine, expire_on_commit=False)
        self._engine = engine

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all."""
        if self.readonly:
            raise UserError("The database {path} was opened read-only.", path=self.location)
        self.engine  # noqa: B018 - starts the engine
        with self._server_errors(), self._writer() as session:
            with session.begin():
                yield session
            after_commit(session.info.get("tx"))

    @contextmanager
    def read(self) -> Iterator[Session]:
        self.engine  # noqa: B018
        with self._server_errors(), self._reader() as session, session.begin():
            yield session

    @contextmanager
    def _server_errors(self) -> Iterator[None]:
        """The office server gone mid-action says so (rolled back, nothing half-written), as the raw path does."""
        try:
            yield
        except Exception as exc:
            said = self.store.user_error(exc) if self.on_server else None
            if said is None:
                raise
            raise said from exc

    @contextmanager
    def raw(self, *, write: bool = True) -> Iterator[Tx]:
        """A DB-API transaction; after it commits, the witness learns of what it appended."""
        with self.store.raw(write=write) as tx:
            yield tx
        after_commit(tx)

    def close(self) -> None:
        self.store.close()
        if self._engine is not None:
            self._engine.dispose()


def sql_text(statement: str) -> Any:
    """SQLAlchemy's text(), imported on first use: modules the window reads the office through before a
    login (the office's history, its signing keys) stay importable without the SQL toolkit."""
    from sqlalchemy import text

    return text(statement)


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(db: Database) -> str | None:
    """The schema revision stamped in the books (None for a new, empty database)."""
    if db.on_server:
        from app.store.postgres import probe as probe_server

        return probe_server(db.store.url).revision
    return probe(db.path).revision


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
    if current is not None and not db.on_server:  # (the server is backed up by its owner: pg_dump)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        backup = db.path.with_name(f"{db.path.name}.before-{target}-{stamp}.bak")
        copy_database(db.path, backup)
    from alembic import command

    from app.ledger import upgrade_v2

    db.store.close()  # the migration may rebuild tables: no other connection of ours open meanwhile
    upgrade_v2.PENDING.clear()
    try:
        with db.engine.begin() as conn:
            command.upgrade(_alembic_config(conn), revision)
    except BaseException:
        upgrade_v2.PENDING.clear()
        raise
    upgrade_v2.write_pending()  # committed: now the witness may say where the journal ends
    return backup


def readonly_uri(path: Path) -> str:
    """A read-only SQLite URI for a file whose name may hold '#', '?', '%' or spaces."""
    return file_uri(path, mode="ro")


def copy_database(source: Path, target: Path) -> tuple[str, int]:
    """A consistent copy of a live database, fsynced; returns the SHA-256 (hex) and size of the copy.

    The fast way is a plain copy of the file, hashed as it is written: taken while this copy holds
    the write lock (no sale can add to the write-ahead log meanwhile; a sale waits, as it would for
    another desk's) and only when everything in the log is already in the file. Otherwise — a
    reader still on an older snapshot, a file we may not lock — SQLite's online backup, then a hash."""
    import sqlite3

    from app.ledger import seal

    try:
        holder = sqlite3.connect(file_uri(source), uri=True, isolation_level=None, timeout=10)
    except sqlite3.Error:
        holder = None
    if holder is not None:
        try:
            holder.execute("BEGIN IMMEDIATE")
            try:
                if _all_in_file(source):
                    return seal.copy_and_digest(source, target, sqlite_file=True)
            finally:
                holder.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # (read-only file or folder, a lock not granted): the online backup below
        finally:
            holder.close()
    _online_backup(source, target)
    return seal.digest_file(target)


def _all_in_file(source: Path) -> bool:
    """Whether the database file alone holds every committed change (the log is fully copied back)."""
    import sqlite3

    conn = sqlite3.connect(file_uri(source), uri=True, isolation_level=None, timeout=10)
    try:
        busy, logged, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return bool(busy == 0 and logged == copied)
    finally:
        conn.close()


def _online_backup(source: Path, target: Path) -> None:
    import os
    import sqlite3

    src = sqlite3.connect(file_uri(source, mode="ro"), uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    with open(target, "rb") as fh:
        os.fsync(fh.fileno())


def open_database(location: Path | str, *, create: bool = False, readonly: bool = False) -> Database:
    """Open an office database.

    A missing or empty file is created only with `create`; a file that is not an office database
    is refused untouched; an older schema is migrated (after a backup) unless `readonly`, which
    refuses it instead; a schema newer than this app's is refused.
    """
    from app.store.base import is_url

    if is_url(location):
        return _open_server(str(location), readonly=readonly)
    path = Path(location)
    found = probe(path)
    if found.kind == "missing" and not create:
        raise UserError("Database not found: {path}", path=str(path))
    if found.kind == "foreign" or (found.kind == "empty" and not create):
        raise UserError("Not a Pishkhan database: {path}", path=str(path))
    if found.kind == "office" and found.revision not in KNOWN_REVISIONS:
        raise UserError("The database {path} was made by a newer version of Pishkhan Desk (schema {revision}); "
                        "update the app to open it.", path=str(path), revision=str(found.revision))
    if found.kind == "office" and found.revision != HEAD_REVISION and readonly:
        raise UserError("The database {path} was made by an older version and must be upgraded first: open it "
                        "with the app, or run `pishkhan upgrade --db {path}`.", path=str(path))
    if found.kind in ("missing", "empty"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
        except OSError as exc:
            from app.fileperm import os_reason

            raise UserError("The database {path} cannot be created: {reason}", path=str(path),
                            reason=os_reason(exc)) from exc
    db = Database(path, readonly=readonly)
    if not readonly and found.revision != HEAD_REVISION:
        try:
            migrate(db)
        except UserError:
            db.close()
            raise
        except Exception as exc:
            db.close()
            if not _is_database_error(exc):
                raise
            from app.store.sqlite import classify

            raise classify(exc, path) from exc
    return db


def _is_database_error(exc: BaseException) -> bool:
    import sqlite3

    return isinstance(exc, sqlite3.Error) or isinstance(getattr(exc, "orig", None), sqlite3.Error)


def _open_server(url: str, *, readonly: bool) -> Database:
    """The office server's books. A desk never migrates them (it may not): an empty or older schema is
    the owner's to set up or upgrade from the server PC (`pishkhan server init` / `upgrade`)."""
    from app.store.postgres import masked, url_unreachable
    from app.store.postgres import probe as probe_server

    cut = url_unreachable(url)  # which of name, port or network is wrong, within two seconds
    if cut is not None:
        raise cut
    found = probe_server(url)
    if found.kind == "foreign":
        raise UserError("Not a Pishkhan database: {path}", path=masked(url))
    if found.kind == "empty":
        raise UserError("The office server has no books yet ({url}): run `pishkhan server init` on the server PC.",
                        url=masked(url))
    if found.revision not in KNOWN_REVISIONS:
        raise UserError("The database {path} was made by a newer version of Pishkhan Desk (schema {revision}); "
                        "update the app to open it.", path=masked(url), revision=str(found.revision))
    if found.revision != HEAD_REVISION:
        raise UserError("The office server's books are of an older version: the owner must run "
                        "`pishkhan upgrade` on the server PC first.")
    return Database(url, readonly=readonly)
