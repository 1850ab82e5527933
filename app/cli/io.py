"""What every command handler needs: messages on stderr, the PIN, where the books are, a receipt
number, opening the books and logging in. (No handler imports another: each imports this.)"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UserError
from app.i18n import _

if TYPE_CHECKING:
    from app.db import Database
    from app.services.common import Actor


def say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def read_pin(args: argparse.Namespace, attr: str = "pin", env: str = "PISHKHAN_PIN") -> str:
    value = getattr(args, attr, None) or os.environ.get(env)
    if value:
        return str(value)
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(_("PIN: "))
    raise UserError("A PIN is required (--pin, PISHKHAN_PIN, or typed at a prompt).")


def db_path(args: argparse.Namespace) -> Any:
    """Where the books are: a file path, or the office server's URL (also from this desk's saved
    connection, when it has one and no --db is given)."""
    from app.store.base import is_url

    if args.db:
        return str(args.db) if is_url(args.db) else Path(args.db)
    from app.paths import default_db
    from app.services.connection import saved_server

    return saved_server() or default_db()


def check_pin_ahead(argv: list[str]) -> None:
    """A command typed with --user and its PIN (option or PISHKHAN_PIN) on this PC's own books: the
    stored hash and the pepper are read here, and the PIN checked on another thread while the command
    is parsed and loads (app.security: `check_pin_ahead`). The options are picked from the words
    before the parser runs; a wrong pick only means the answer is not taken (login checks exactly its
    own hash, PIN and pepper). Anything amiss is left for login to find and say."""
    user, pin = _option(argv, "--user"), _option(argv, "--pin") or os.environ.get("PISHKHAN_PIN")
    if not user or not pin:
        return
    try:
        where = db_path(argparse.Namespace(db=_option(argv, "--db")))
        if not isinstance(where, Path) or not where.is_file():
            return  # the office server (its desks cannot read the pepper), or no books yet
        stored = _stored_pin(where, user)
        if stored is not None:
            from app.security import check_pin_ahead as start

            start(stored[0], pin, stored[1])
    except Exception:  # noqa: BLE001 - (a locked or foreign file, no key, no thread): login does it all
        return


def _option(argv: list[str], name: str) -> str | None:
    for i, word in enumerate(argv):
        if word == name and i + 1 < len(argv):
            return argv[i + 1]
        if word.startswith(name + "="):
            return word.split("=", 1)[1]
    return None


def _stored_pin(books: Path, user: str) -> tuple[str, bytes] | None:
    """The stored PIN hash of `user` and the office's pepper, read as login will read them."""
    import sqlite3

    from app.ledger.keys import pin_pepper, read_key
    from app.store.sqlite import file_uri
    from app.text import normalise

    conn = sqlite3.connect(file_uri(books, mode="ro"), uri=True, timeout=1)
    try:
        row = conn.execute("SELECT s.pin_hash, o.install_id FROM staff s JOIN office o ON o.id = 1 "
                           "WHERE s.username = ?", (normalise(user).lower(),)).fetchone()  # as login reads it
    finally:
        conn.close()
    return None if row is None else (str(row[0]), pin_pepper(read_key(str(row[1]))))


def open_books(args: argparse.Namespace, *, readonly: bool = False) -> Database:
    from app.db import open_database

    return open_database(db_path(args), readonly=readonly)


def log_in(db: Database, args: argparse.Namespace) -> Actor:
    from app.services.auth import login

    return login(db, args.user, read_pin(args))


def receipt_number(text: str) -> int:
    from app.text import for_message, to_ascii_digits

    digits = to_ascii_digits(text.strip())
    if not digits.isascii() or not digits.isdigit() or len(digits) > 12:
        raise UserError("Invalid receipt number: {value}", value=for_message(text))
    return int(digits)


def auth(p: argparse.ArgumentParser, *, user: str | None = None) -> None:
    """--user (required unless a default is given) and --pin."""
    if user is None:
        p.add_argument("--user", required=True)
    else:
        p.add_argument("--user", default=user)
    p.add_argument("--pin", help="or PISHKHAN_PIN, or typed at a prompt")


def path(text: str) -> Path:
    return Path(text)
