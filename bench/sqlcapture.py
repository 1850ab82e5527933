"""The floor of a database read: the app's own statements, captured and replayed on a raw connection.

`capture(fn)` runs `fn` with every sqlite3 connection opened meanwhile recording each statement and
its parameters (through SQLAlchemy or the raw DB-API path alike: both end in sqlite3 cursors).
`Replay` then runs exactly those statements with those parameters on a plain sqlite3 connection,
fetching every row, inside one read transaction: the SQL work of the call at its cheapest, without
the app's Python around it. Transaction control (BEGIN, COMMIT, ROLLBACK) is left to the replay.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Statement = tuple[str, str, Any]  # ("one" | "many", sql, parameters)
_LOG: list[Statement] | None = None


def _record(kind: str, sql: str, params: Any) -> None:
    if _LOG is not None:
        _LOG.append((kind, sql, params))


class _Cursor(sqlite3.Cursor):
    def execute(self, sql: str, params: Any = (), /) -> Any:  # type: ignore[override]
        _record("one", sql, params)
        return super().execute(sql, params)

    def executemany(self, sql: str, rows: Any, /) -> Any:  # type: ignore[override]
        rows = list(rows)
        _record("many", sql, rows)
        return super().executemany(sql, rows)


class _Connection(sqlite3.Connection):
    def cursor(self, factory: Any = _Cursor) -> Any:  # type: ignore[override]
        return super().cursor(factory)

    def execute(self, sql: str, params: Any = (), /) -> Any:  # type: ignore[override]
        return self.cursor().execute(sql, params)

    def executemany(self, sql: str, rows: Any, /) -> Any:  # type: ignore[override]
        return self.cursor().executemany(sql, rows)


@contextmanager
def recording() -> Iterator[None]:
    """Connections opened inside this block can record what they run (inside `tracing()`)."""
    import sqlite3.dbapi2 as dbapi2  # what SQLAlchemy's pysqlite dialect calls

    original = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", _Connection)
        return original(*args, **kwargs)

    sqlite3.connect = dbapi2.connect = connect  # type: ignore[assignment]
    try:
        yield
    finally:
        sqlite3.connect = dbapi2.connect = original  # type: ignore[assignment]


@contextmanager
def tracing() -> Iterator[list[Statement]]:
    """Record, on connections made inside `recording()`, what runs inside this block."""
    global _LOG
    _LOG = []
    try:
        yield _LOG
    finally:
        _LOG = None


def capture(fn: Callable[[], Any]) -> list[Statement]:
    with tracing() as log:
        fn()
    return list(log)


_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "END", "SAVEPOINT", "RELEASE")


def queries(statements: list[Statement]) -> list[Statement]:
    """The statements without transaction control (the replay opens its own read transaction)."""
    return [s for s in statements if not s[1].lstrip().upper().startswith(_CONTROL)]


@dataclass
class Replay:
    """The captured statements run on a plain connection, every row fetched, in one transaction."""

    conn: sqlite3.Connection
    statements: list[Statement]
    write: bool = False

    def __call__(self) -> int:
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE" if self.write else "BEGIN")
        rows = 0
        try:
            for kind, sql, params in self.statements:
                if kind == "many":
                    cur.executemany(sql, params)
                else:
                    rows += len(cur.execute(sql, params).fetchall())
        finally:
            cur.execute("COMMIT")
        return rows


def raw_connection(path: Path, *, readonly: bool = True) -> sqlite3.Connection:
    """A plain connection with the app's pragmas (WAL, synchronous=FULL, foreign keys, busy timeout)."""
    uri = Path(path).resolve().as_uri() + ("?mode=ro" if readonly else "?mode=rw")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    if not readonly:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=10000")
    with_app_functions(conn)
    return conn


def with_app_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the app registers on its connections (the history's name search key)."""
    from app.text import search_key

    conn.create_function("pishkhan_search_key", 1, search_key, deterministic=True)


# --- statements as JSON (for a floor replayed in a fresh process) -------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return {"hex": bytes(value).hex()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {"dict": {k: _plain(v) for k, v in value.items()}}
    return value


def _back(value: Any) -> Any:
    if isinstance(value, dict) and "hex" in value:
        return bytes.fromhex(value["hex"])
    if isinstance(value, dict) and "dict" in value:
        return {k: _back(v) for k, v in value["dict"].items()}
    if isinstance(value, list):
        return tuple(_back(v) for v in value)
    return value


def dumps(statements: list[Statement]) -> str:
    return json.dumps([[k, s, _plain(p)] for k, s, p in statements], ensure_ascii=False)


def loads(text: str) -> list[Statement]:
    out: list[Statement] = []
    for kind, sql, params in json.loads(text):
        params = _back(params)
        out.append((kind, sql, list(params) if kind == "many" else params))
    return out
