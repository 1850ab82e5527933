"""The office server: the books on one PostgreSQL server on the office network, every desk a client.

Desks connect with a role of their own (member of `pishkhan_desk`) that may SELECT and INSERT the
ledger tables and nothing more; the journal is extended only by a SECURITY DEFINER function holding
the chain key, which desks cannot read (see app/ledger/server_schema.py). Connections time out
within two seconds when the server is down or the network is cut, so a desk says so instead of
freezing; nothing is half-written (every action is one transaction).
"""
from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from app.errors import UserError
from app.store.base import Tx
from app.store.base import is_url as is_url  # (re-exported: the server code imports it from here)

CONNECT_TIMEOUT_S = 2
# Whether the server PC answers at all: a LAN answers a TCP connection in milliseconds; the rest of the
# two seconds is for the desk to say so.
REACH_TIMEOUT_S = 1.5
# libpq: give up on a connection whose server stops answering (network cut) after this long.
TCP_USER_TIMEOUT_MS = 2000
STATEMENT_TIMEOUT_MS = 30_000
DEFAULT_PORT = 5432
IDLE_CHECK = 30.0  # s: a connection unused this long is checked with one round trip before it is used


def masked(url: str) -> str:
    """The URL as a user is shown it: without its password."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def translate(sql: str) -> str:
    """qmark SQL (what the hot path writes) into psycopg's format style."""
    return sql.replace("%", "%%").replace("?", "%s")


@dataclass(frozen=True)
class Probe:
    kind: str  # "empty" | "office" | "foreign"
    revision: str | None = None


def connect(url: str, *, readonly: bool = False) -> Any:
    import psycopg

    try:
        conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, tcp_user_timeout=TCP_USER_TIMEOUT_MS,
                               keepalives=1, keepalives_idle=5, keepalives_interval=1, keepalives_count=2,
                               options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}", autocommit=False)
    except psycopg.Error as exc:
        raise classify(exc, url) from exc
    if readonly:
        conn.read_only = True
    return conn


def classify(exc: BaseException, url: str) -> UserError:
    """What is wrong with the office server, in the user's words."""
    text = str(exc).lower()
    where = masked(url)
    if "password authentication failed" in text or "no password supplied" in text:
        return UserError("The office server refused this desk's name or password ({url}).", url=where)
    if "does not exist" in text and "database" in text:
        return UserError("The office server has no such database ({url}).", url=where)
    if "permission denied" in text:
        return UserError("This desk is not allowed to do that on the office server: {detail}", detail=str(exc))
    if "timeout" in text or "could not connect" in text or "connection refused" in text or "server closed" in text \
            or "connection" in text or "network" in text or "terminating" in text:
        return UserError("The office server cannot be reached ({url}). Nothing was recorded; the visit stays on "
                         "screen. Check the network cable and that the server PC is on, then try again.", url=where)
    return UserError("The office server answered with an error: {detail}", detail=str(exc).strip())


def unreachable(host: str, port: int) -> UserError | None:
    """Whether the server PC answers on the port (a plain TCP connection, at most two seconds): what is
    wrong when it does not, in the words of the one who plugs the cable in."""
    from app.text import isolate_ltr

    if not host or host.startswith("/"):  # a local socket folder (the server PC itself): libpq will say
        return None
    try:
        socket.create_connection((host, port), timeout=REACH_TIMEOUT_S).close()
    except socket.gaierror:
        return UserError("The office server cannot be reached: the name {host} is not known on this network. Check "
                         "the server PC's name, or use its IP address.", host=isolate_ltr(host))
    except ConnectionRefusedError:
        return UserError("The office server cannot be reached: the server PC {host} answers, but nothing accepts "
                         "connections on port {port}. Check that PostgreSQL runs there and listens on the network.",
                         host=isolate_ltr(host), port=isolate_ltr(str(port)))
    except OSError:  # a timeout, no route to the host, the network down
        return UserError("The office server cannot be reached: no answer from {where} within two seconds. Check the "
                         "network cable and that the server PC is on.", where=isolate_ltr(f"{host}:{port}"))
    return None


def url_unreachable(url: str) -> UserError | None:
    """`unreachable` for a server URL (None when the URL names no TCP host: libpq decides)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        return unreachable(parts.hostname or "", parts.port or DEFAULT_PORT)
    except ValueError:  # (a port that is no number: libpq says)
        return None


def probe(url: str) -> Probe:
    conn = connect(url, readonly=True)
    try:
        with conn.cursor() as cur:
            return probe_cursor(cur)
    finally:
        conn.close()


def probe_cursor(cur: Any) -> Probe:
    """What the database a cursor is connected to holds (the tables this login may see)."""
    cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
    tables = {r[0] for r in cur.fetchall()}
    if not tables:
        return Probe("empty")
    if "alembic_version" not in tables or "office" not in tables:
        return Probe("foreign")
    cur.execute("SELECT version_num FROM alembic_version")
    row = cur.fetchone()
    return Probe("office", str(row[0]) if row else None)


class PostgresStore:
    engine = "postgresql"

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        self.url = url.replace("postgres://", "postgresql://", 1)
        self.readonly = readonly
        self.location = masked(self.url)
        self._conn: Any = None
        self._used = time.monotonic()  # when the connection last did a transaction
        self._lock = threading.RLock()

    @property
    def path(self) -> Any:
        raise UserError("The office's books are on a server ({url}), not in a file on this computer.",
                        url=self.location)

    def sqlalchemy_url(self) -> Any:
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(drivername="postgresql+psycopg")

    def connection(self) -> Any:
        if self._conn is not None and not (self._conn.closed or self._conn.broken) and self._idle():
            self._check_alive()
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = connect(self.url, readonly=self.readonly)
        return self._conn

    def _idle(self) -> bool:
        return time.monotonic() - self._used > IDLE_CHECK

    def _check_alive(self) -> None:
        """A connection left unused a while may have lost its server (restarted overnight, a cable pulled
        and put back): one round trip finds out, so the morning's first sale is not refused for it."""
        import psycopg

        try:
            self._conn.execute("SELECT 1")
            self._conn.rollback()
        except psycopg.Error:
            self.close()

    @contextmanager
    def raw(self, *, write: bool) -> Iterator[Tx]:
        """One transaction on the store's own connection: all of it commits, or none."""
        import psycopg

        if write and self.readonly:
            raise UserError("The database {path} was opened read-only.", path=self.location)
        with self._lock:
            conn = self.connection()
            try:
                with conn.cursor() as cur:
                    tx = Tx(cur, translate, engine="postgresql")
                    yield tx
                conn.commit()
                self._used = time.monotonic()
            except psycopg.Error as exc:
                self._rollback(conn)
                if _is_user_facing(exc):
                    raise classify(exc, self.url) from exc
                raise
            except BaseException:
                self._rollback(conn)
                raise

    def user_error(self, exc: BaseException) -> UserError | None:
        """A failure of SQLAlchemy's connection (the server gone, a refusal) in the user's words; None for a bug."""
        orig = getattr(exc, "orig", None)
        return classify(orig, self.url) if orig is not None and _is_user_facing(orig) else None

    def _rollback(self, conn: Any) -> None:
        try:
            conn.rollback()
        except Exception:
            self.close()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except Exception:
                    pass
                self._conn = None


def _is_user_facing(exc: BaseException) -> bool:
    import psycopg

    return isinstance(exc, (psycopg.OperationalError, psycopg.errors.InsufficientPrivilege))
