"""What differs between the engines that keep the books, behind one small interface.

A `Store` is the books at one location (a SQLite file or a PostgreSQL URL). The services see it
through `app.db.Database`; what differs between engines lives here: opening (and refusing what is
not an office database), raw transactions for the hot path, appending to the journal (in-process on
SQLite, by a server-side function on PostgreSQL), the witness of the chain's end, backup and
restore, and verify's low-level checks.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

Params = Sequence[Any]


def is_url(location: object) -> bool:
    """Whether a books location is an office server's URL (else a SQLite file)."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


class Cursor(Protocol):
    def execute(self, sql: str, params: Params = ..., /) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Params], /) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchmany(self, size: int = ..., /) -> list[Any]: ...


class Tx:
    """A raw DB-API transaction: qmark SQL, tuples back. Used where SQLAlchemy's per-statement cost
    matters (recording a sale, logging in, verify) and where no SQLAlchemy may be imported."""

    def __init__(self, cursor: Cursor, translate: Any = None, *, engine: str = "sqlite") -> None:
        self.cursor = cursor
        self.engine = engine
        self._translate = translate or (lambda sql: sql)

    def run(self, sql: str, *params: Any) -> Cursor:
        self.cursor.execute(self._translate(sql), params)
        return self.cursor

    def one(self, sql: str, *params: Any) -> Any:
        return self.run(sql, *params).fetchone()

    def value(self, sql: str, *params: Any) -> Any:
        row = self.one(sql, *params)
        return None if row is None else row[0]

    def all(self, sql: str, *params: Any) -> list[Any]:
        return self.run(sql, *params).fetchall()

    def many(self, sql: str, rows: Sequence[Params]) -> None:
        if rows:
            self.cursor.executemany(self._translate(sql), rows)

    def insert(self, sql: str, *params: Any) -> int:
        """An INSERT … RETURNING id."""
        return int(self.run(sql, *params).fetchone()[0])

    def stream(self, sql: str, *params: Any, batch: int = 4096) -> Iterator[Any]:
        cur = self.run(sql, *params)
        while rows := cur.fetchmany(batch):
            yield from rows


class Store(Protocol):
    engine: str  # "sqlite" | "postgresql"
    location: str  # what a user is shown: a path or a URL without its password

    def sqlalchemy_url(self) -> Any: ...
    def raw(self, *, write: bool) -> Any: ...
    def close(self) -> None: ...


@contextmanager
def nothing() -> Iterator[None]:
    yield
