"""Connecting a desk to the office server: reading the address `pishkhan server add-desk` printed, and
the connection test a desk runs before it keeps its books there.

The test answers the questions whoever connects a desk has, one after the other, each within two
seconds: does the server PC answer on that port, does the server accept this desk's login, does it
hold an office's books of this program's version, and is the login a desk's (never the owner's:
a desk's PC must not hold what forges the journal)?
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from app.errors import UserError
from app.store.postgres import DEFAULT_PORT
from app.text import isolate_ltr, to_ascii_digits

DESK_PREFIX = "desk_"  # `server add-desk NAME` makes the login desk_NAME
_ADDRESS = re.compile(r"postgres(?:ql)?(?:\+\w+)?://\S+", re.IGNORECASE)
# Marks a copy from a right-to-left terminal or message carries along; they are never part of an address.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                    "\u2066\u2067\u2068\u2069\ufeff"))
_TRAILING = "\"'`«»<>(),;"


@dataclass(frozen=True)
class DeskAddress:
    """A desk's connection to the office server, as `server add-desk` issued it."""

    url: str  # postgresql://LOGIN:PASSWORD@HOST:PORT/DATABASE (holds the password: never shown)
    host: str
    port: int
    database: str
    login: str

    @property
    def desk(self) -> str:
        """The desk's name as the owner gave it to `server add-desk`."""
        return self.login[len(DESK_PREFIX):] if self.login.startswith(DESK_PREFIX) else self.login

    @property
    def where(self) -> str:
        """host:port, kept left to right inside a Persian sentence."""
        return isolate_ltr(f"{self.host}:{self.port}")

    @property
    def shown(self) -> str:
        """The address as a user is shown it: without the password."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql://{self.login}@{host}:{self.port}/{self.database}"


def read_desk_address(text: str) -> DeskAddress:
    """The address in what the user pasted or typed: the line `server add-desk` printed, with or without
    the sentence around it, quotes, a line break or Persian digits."""
    clean = to_ascii_digits(text.translate(_INVISIBLE))
    found = _ADDRESS.search(re.sub(r"\s*\n\s*", "", clean.strip()))
    if found is None:
        raise UserError("Paste the whole address that «pishkhan server add-desk NAME» printed on the server PC: "
                        "it begins with postgresql://")
    parts = urlsplit(found.group(0).rstrip(_TRAILING))
    if not parts.username or not parts.password:
        raise UserError("The address has no desk login and password in it: paste the whole address that "
                        "«pishkhan server add-desk NAME» printed.")
    if not parts.hostname:
        raise UserError("The address names no server: after @ comes the server PC's name or IP address.")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise UserError("The port in the address is not a number from 1 to 65535.") from None
    database = unquote(parts.path.lstrip("/"))
    if not database:
        raise UserError("The address names no database: it ends with /DATABASE.")
    login, password = unquote(parts.username), unquote(parts.password)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    url = (f"postgresql://{quote(login, safe='')}:{quote(password, safe='')}@{host}:{port}/"
           f"{quote(database, safe='')}" + (f"?{parts.query}" if parts.query else ""))
    return DeskAddress(url, parts.hostname, port, database, login)


@dataclass(frozen=True)
class ConnectionCheck:
    """What the connection test found. `problem` is None when the desk may keep its books there."""

    address: DeskAddress
    reached: bool = False  # the server PC answered on the port
    accepted: bool = False  # the server let this desk's login in
    office: str = ""  # the office's name, when its books are there and current
    problem: UserError | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_connection(address: DeskAddress) -> ConnectionCheck:
    """Test a desk's connection step by step; a step that fails says why, and the later ones are not tried."""
    from app.store.postgres import connect

    problem = _unreached(address)
    if problem is not None:
        return ConnectionCheck(address, problem=problem)
    try:
        conn = connect(address.url, readonly=True)
    except UserError as err:
        return ConnectionCheck(address, reached=True, problem=_refused(err, address))
    try:
        with conn.cursor() as cur:
            office, problem = _books(cur, address)
    except Exception as exc:  # the server went away between the steps, or refused a query
        import psycopg

        if not isinstance(exc, psycopg.Error):
            raise
        from app.store.postgres import classify

        return ConnectionCheck(address, reached=True, accepted=True, problem=classify(exc, address.url))
    finally:
        conn.close()
    return ConnectionCheck(address, reached=True, accepted=True, office=office, problem=problem)


def _unreached(address: DeskAddress) -> UserError | None:
    from app.store.postgres import unreachable

    return unreachable(address.host, address.port)


def _refused(err: UserError, address: DeskAddress) -> UserError:
    """Why a server that answered did not let the desk in, in the words of the step that failed."""
    cause = str(err.__cause__ or err).lower()
    if "password authentication failed" in cause or "no password supplied" in cause:
        return UserError("The office server at {where} refused the desk login «{login}» or its password: copy the "
                         "address again from what «pishkhan server add-desk» printed (or issue it again).",
                         where=address.where, login=isolate_ltr(address.login))
    if "pg_hba.conf" in cause:
        return UserError("The office server at {where} does not accept connections from this PC: on the server PC, "
                         "allow the office network in PostgreSQL's pg_hba.conf.", where=address.where)
    if "does not exist" in cause and "database" in cause:
        return UserError("The office server at {where} has no database named «{database}».", where=address.where,
                         database=isolate_ltr(address.database))
    if "cannot be reached" in err.text:  # (the generic words are for a visit at the counter, not a test)
        return UserError("The office server cannot be reached: {where} answered, but not as a PostgreSQL server "
                         "({detail}).", where=address.where, detail=str(err.__cause__ or "").strip())
    return err


def _books(cur: Any, address: DeskAddress) -> tuple[str, UserError | None]:
    """(the office's name, what keeps the desk from keeping its books there, if anything)."""
    from app.db import HEAD_REVISION, KNOWN_REVISIONS
    from app.ledger.server_schema import DESK_ROLE
    from app.store.postgres import probe_cursor

    found = probe_cursor(cur)
    if found.kind == "empty":
        return "", UserError("The office server has no books yet ({url}): run `pishkhan server init` on the server PC.",
                             url=address.shown)
    if found.kind == "foreign":
        return "", UserError("Not a Pishkhan database: {path}", path=address.shown)
    if found.revision not in KNOWN_REVISIONS:
        return "", UserError("The office server's books were made by a newer version of Pishkhan Desk: update the "
                             "program on this desk.")
    if found.revision != HEAD_REVISION:
        return "", UserError("The office server's books are of an older version: the owner must run "
                             "`pishkhan upgrade` on the server PC first.")
    cur.execute("SELECT has_table_privilege('ledger_secret', 'SELECT'), pg_has_role(%s, 'USAGE')", (DESK_ROLE,))
    reads_key, is_desk = cur.fetchone()
    if reads_key or not is_desk:
        return "", UserError("«{login}» is not a desk's login: a desk must never hold the server owner's. On the server "
                             "PC run «pishkhan server add-desk NAME» and paste the address it prints.",
                             login=isolate_ltr(address.login))
    cur.execute("SELECT name FROM office WHERE id = 1")
    row = cur.fetchone()
    if row is None:
        return "", UserError("The office server has no office set up yet: on the server PC run «pishkhan server init» "
                             "with --office, or «pishkhan server import».")
    return str(row[0]), None
