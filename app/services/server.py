"""Setting up the office server (PostgreSQL): its schema and roles, desks' credentials, moving a
one-desk office's books onto it. Run by the owner on the server PC, with the server's owner login.

  pishkhan server init --url postgresql://OWNER:PASSWORD@HOST/DB [--office NAME --code CODE --owner U --owner-pin P]
  pishkhan server add-desk NAME --url …         prints the desk's connection URL
  pishkhan server import --from OFFICE.db --to URL
"""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.db import HEAD_REVISION, Database, migrate
from app.errors import CheckFailed, UserError
from app.ledger.server_schema import DESK_ROLE
from app.store.postgres import PostgresStore, is_url, masked, probe


def _require_url(url: str) -> str:
    if not is_url(url):
        raise UserError("An office server is given as postgresql://USER:PASSWORD@HOST:PORT/DATABASE.")
    return url


def init_server(url: str) -> Database:
    """The schema, the desk role, the chain function on an empty database. Returns it opened."""
    _require_url(url)
    found = probe(url)
    if found.kind == "office":
        raise UserError("The office server is already set up ({url}).", url=masked(url))
    if found.kind == "foreign":
        raise UserError("Not a Pishkhan database: {path}", path=masked(url))
    db = Database(url)
    migrate(db)
    return db


def desk_role(name: str) -> str:
    import re

    clean = name.strip().lower()
    if not re.fullmatch(r"[a-z0-9_]{1,40}", clean):
        raise UserError("A desk's name is 1 to 40 Latin letters, digits or underscores.")
    return f"desk_{clean}"


@dataclass(frozen=True)
class DeskCredentials:
    name: str
    role: str
    url: str


def add_desk(url: str, name: str, *, host: str | None = None) -> DeskCredentials:
    """A login for one desk (a member of the desk role, with a new random password). `host`: how the
    desks reach the server on the office network, if not as the owner did."""
    from psycopg import sql
    from sqlalchemy.engine import make_url

    _require_url(url)
    role = desk_role(name)
    password = secrets.token_urlsafe(18)
    store = PostgresStore(url)
    try:
        with store.raw(write=True) as tx:
            cur: Any = tx.cursor
            cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
            verb = "ALTER" if cur.fetchone() else "CREATE"
            cur.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role),
                                                                           sql.Literal(password)))
            cur.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(DESK_ROLE), sql.Identifier(role)))
    finally:
        store.close()
    owner = make_url(store.url)
    desk = owner.set(username=role, password=password, host=host or owner.host)
    return DeskCredentials(name, role, desk.render_as_string(hide_password=False))


@dataclass(frozen=True)
class ImportResult:
    sales: int
    journal_entries: int
    grand_total: int


# Tables copied as they are, parents before children (ids kept, so references and the chain hold).
COPY_ORDER = ("office", "setting", "agency", "service", "tariff", "staff", "pin_throttle", "citizen", "shift",
              "cash_movement", "txn", "txn_search", "txn_line", "payment", "void", "day_close", "day_summary", "receipt_print",
              "receipt_print_origin", "office_version", "office_signing_key", "journal")


def import_office(source: Path, url: str, *, at: dt.datetime | None = None) -> ImportResult:
    """Carry a one-desk office's whole history onto a freshly set-up server: every row with its id,
    the receipt numbers, the journal (the same chain, continued with the same key), tariffs, staff.
    The source must verify first; the server verifies after with the same totals; the move is
    journaled on the server."""
    from app.ledger.keys import pin_pepper, read_key
    from app.services.verify import verify_file

    _require_url(url)
    report = verify_file(source)
    if not report.ok:
        raise CheckFailed("The office's books failed verification and were not moved: {problem}",
                          problem=report.problems[0])
    found = probe(url)
    if found.kind != "office" or found.revision != HEAD_REVISION:
        raise UserError("Set the server up first: pishkhan server init --url {url}", url=masked(url))
    import sqlite3

    src = sqlite3.connect(Path(source).resolve().as_uri() + "?mode=ro", uri=True)
    store = PostgresStore(url)
    try:
        install_id = str(src.execute("SELECT install_id FROM office").fetchone()[0])
        key = read_key(install_id)
        with store.raw(write=True) as tx:
            if tx.value("SELECT COUNT(*) FROM office"):
                raise UserError("The office server already holds an office's books ({url}).", url=masked(url))
            for table in COPY_ORDER:  # (every row with its id: the chain's hashes stay as they are)
                _copy_table(src, tx, table)
            _after_copy(tx, install_id, key, pin_pepper(key))
        result = _totals(src)
    finally:
        src.close()
        store.close()
    _journal_move(url, source, at)
    after = verify_file_on_server(url, key)
    if not after.ok:
        raise CheckFailed("The books on the server failed verification after the move: {problem}",
                          problem=after.problems[0])
    return result


def _copy_table(src: Any, tx: Any, table: str) -> None:
    cur = src.execute(f"SELECT * FROM {table}")
    columns = [d[0] for d in cur.description]
    types = _column_types(tx, table)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    while rows := cur.fetchmany(5000):
        tx.many(sql, [tuple(_cast(types.get(c), v) for c, v in zip(columns, row, strict=True)) for row in rows])


def _column_types(tx: Any, table: str) -> dict[str, str]:
    return {r[0]: r[1] for r in tx.all("SELECT column_name, data_type FROM information_schema.columns "
                                       "WHERE table_name = ?", table)}


def _cast(kind: str | None, value: Any) -> Any:
    if kind == "boolean" and value is not None:
        return bool(value)
    return value


def _after_copy(tx: Any, install_id: str, key: bytes, pepper: bytes) -> None:
    """Sequences past the copied ids; the counter, the chain's end and the key as the books left them."""
    for table in COPY_ORDER:
        if tx.value("SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = 'id'", table):
            tx.value(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST(COALESCE(MAX(id), 0), 1), "
                     f"MAX(id) IS NOT NULL) FROM {table}")
    tx.run("UPDATE receipt_counter SET last_number = (SELECT COALESCE(MAX(receipt_number), 0) FROM txn) WHERE id = 1")
    end = tx.one("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1")
    tx.run("UPDATE chain_head SET entry_id = ?, hash = ? WHERE id = 1", int(end[0]), bytes(end[1]))
    tx.run("INSERT INTO ledger_secret (id, install_id, key) VALUES (1, ?, ?)", install_id, key)
    tx.run("INSERT INTO desk_secret (id, pin_pepper) VALUES (1, ?)", pepper)


def _totals(src: Any) -> ImportResult:
    sales, total = src.execute("SELECT COUNT(*), COALESCE(SUM(grand_total), 0) FROM txn").fetchone()
    entries = src.execute("SELECT COUNT(*) FROM journal").fetchone()[0]
    return ImportResult(int(sales), int(entries), int(total))


def _journal_move(url: str, source: Path, at: dt.datetime | None) -> None:
    from app.journal import canonical
    from app.ledger.chain import Entry
    from app.services.common import iso, journal_for, now

    db = Database(url)
    try:
        with db.raw() as tx:
            journal_for(tx).append_tx(tx, Entry(iso(now(at)), None, "moved_to_server", "office", None,
                                                canonical({"from": Path(source).name})))
    finally:
        db.close()


def verify_file_on_server(url: str, key: bytes | None = None) -> Any:
    from app.services.verify import verify_server

    return verify_server(url, key)
