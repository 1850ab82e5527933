"""This desk's connection to the office server, saved in its config folder (owner-only file).

A desk with a saved connection opens the office's books on the server; without one, the local
SQLite file (`make run` on a single desk needs nothing set up). A desk whose server cannot be
reached never falls back to its own file by itself: that would split the office's books in two.
Only someone who chooses it does (`use_own_file`).

Who may choose: the owner once logged in (the settings). Before anyone can log in — the first run,
or a desk whose server is gone at start — whoever uses this PC's account may, as with
`pishkhan connect`: the file is this account's, not the books'.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.fileperm import write_private
from app.paths import config_dir

if TYPE_CHECKING:
    from app.services.common import Actor
    from app.services.connection_check import ConnectionCheck, DeskAddress


def connection_file() -> Path:
    return config_dir() / "server.json"


def saved_server() -> str | None:
    """The office server's URL this desk uses (None: the books are the local file)."""
    try:
        data = json.loads(connection_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return str(url) if url else None


def save_server(url: str) -> Path:
    path = connection_file()
    write_private(path, json.dumps({"url": url}).encode())  # it holds the desk's password
    return path


def forget_server() -> None:
    connection_file().unlink(missing_ok=True)


def _may_choose(actor: Actor | None) -> None:
    if actor is not None:
        from app.security import Action, require

        require(actor.role, Action.CONNECT_DESK)


def check_desk_address(text: str) -> ConnectionCheck:
    """The connection test of the address pasted or typed (nothing is saved)."""
    from app.services.connection_check import check_connection, read_desk_address

    return check_connection(read_desk_address(text))


def connect_desk(text: str, actor: Actor | None = None) -> ConnectionCheck:
    """Keep this desk's books on the office server at the address given: tested again first, and saved
    only when the test passes (a wrong password saves nothing). Returns the test's findings."""
    _may_choose(actor)
    check = check_desk_address(text)
    if check.ok:
        save_server(check.address.url)
    return check


def use_own_file(actor: Actor | None = None) -> Path:
    """Keep this desk's books in this PC's own file again (the desk leaves the office server). Returns it."""
    from app.paths import default_db

    _may_choose(actor)
    forget_server()
    return default_db()


@dataclass(frozen=True)
class BooksPlace:
    """Where a desk keeps its books, as its owner is shown it."""

    server: DeskAddress | None  # on the office server (None: in this PC's file)
    file: Path | None


def books_place(location: Path | str) -> BooksPlace:
    """Describe a books location: a file path, or a server URL (its password is never part of what
    is shown)."""
    from app.store.base import is_url

    if is_url(location):
        from app.services.connection_check import read_desk_address

        return BooksPlace(read_desk_address(str(location)), None)
    return BooksPlace(None, Path(location))
