"""Appending to the journal (chain version 2, app/ledger/chain.py) inside the caller's transaction.

Every append first checks the witness (app/ledger/witness.py): the books must still hold the last
entry the witness saw, and the witness must be writable — so a sale is refused, with nothing
written, rather than recorded on books whose end was cut or put back. The new entry's mark is kept
on the transaction; the caller writes the witness once the transaction has committed
(`Database.write()` and `Database.raw()` do it).
"""
from __future__ import annotations

import json
from typing import Any

from app.errors import CheckFailed
from app.ledger import witness
from app.ledger.canonical import Sealed
from app.ledger.chain import GENESIS, Entry, entry_hash
from app.ledger.keys import create_key, key_path, read_key, write_key, write_key_file  # noqa: F401 - re-exported
from app.ledger.witness import Mark
from app.store.base import Tx

INSERT = ("INSERT INTO journal (at, staff_id, action, entity, entity_id, payload, digest, fields, hash) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")
TAIL = "SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1"


def canonical(payload: Any) -> str:
    """The text of an event entry's payload (sorted keys, no spaces, UTF-8 kept)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def tail(tx: Tx) -> witness.Mark | None:
    row = tx.one(TAIL)
    return None if row is None else witness.Mark(int(row[0]), bytes(row[1]))


def holds(tx: Tx, mark: witness.Mark) -> bool:
    """Whether the books still hold the entry `mark` names, with that hash."""
    found = tx.value("SELECT hash FROM journal WHERE id = ?", mark.entry_id)
    return found is not None and bytes(found) == mark.hash


class _Appends:
    """What both journals do alike: an entry from a service's arguments, appended by the journal's own
    `append_tx` (a desk's chain and witness, or the server's function)."""

    def append_tx(self, tx: Tx, entry: Entry) -> Mark:
        raise NotImplementedError

    def append(self, session: Any, *, at: str, staff_id: int | None, action: str, entity: str = "",
               entity_id: int | None = None, payload: Any = None, sealed: Sealed | None = None) -> bytes:
        """Append in a SQLAlchemy session's transaction (it never commits). Returns the entry's hash."""
        tx = session_tx(session)
        if sealed is not None:
            entry = Entry(at, staff_id, action, entity, entity_id, None, sealed.digest, sealed.fields)
        else:
            entry = Entry(at, staff_id, action, entity, entity_id, canonical(payload if payload is not None else {}))
        return self.append_tx(tx, entry).hash


class Journal(_Appends):
    """One office's journal writer: its key and its witness."""

    def __init__(self, key: bytes, install_id: str) -> None:
        self.key = key
        self.install_id = install_id
        self.witness = witness.Witness(key, witness.witness_path(install_id))

    def guard(self, tx: Tx, end: witness.Mark | None) -> None:
        """Refuse to extend books that end before their witness (or whose witness is gone)."""
        if end is None:
            return  # an empty journal: the office is being created or restored
        reading = self.witness.reading()
        if not reading.exists:
            raise CheckFailed("The witness of the journal's end is missing ({path}); entries may have been cut "
                              "from the end of the books. Nothing was recorded; the owner must run verify.",
                              path=str(reading.path))
        if reading.mark is None:
            raise CheckFailed("The witness of the journal's end ({path}) is unreadable or was not written with "
                              "this office's key. Nothing was recorded; the owner must run verify.",
                              path=str(reading.path))
        mark = reading.mark
        if mark.entry_id > end.entry_id or not (mark == end or holds(tx, mark)):
            raise CheckFailed("The books end before their witness: journal entry {id} is missing or different "
                              "(entries were removed from the end, or an older copy of the database was put "
                              "back). Nothing was recorded; the owner must run verify.", id=mark.entry_id)
        self.witness.check_writable()

    def append_tx(self, tx: Tx, entry: Entry) -> witness.Mark:
        end = tail(tx)
        if not getattr(tx, "guarded", False):
            self.guard(tx, end)
            tx.guarded = True  # type: ignore[attr-defined]
        prev = end.hash if end else GENESIS
        digest = entry_hash(self.key, prev, entry)
        entry_id = tx.insert(INSERT, entry.at, entry.staff_id, entry.action, entry.entity, entry.entity_id,
                             entry.payload, entry.digest, entry.fields, digest)
        mark = witness.Mark(entry_id, digest)
        tx.mark = mark  # type: ignore[attr-defined]
        tx.journal = self  # type: ignore[attr-defined]
        return mark


class ServerJournal(_Appends):
    """The office server's journal: the chain is extended by the server's own function, with a key
    no desk can read; its end is kept by the server (`chain_head`), so there is no witness file."""

    key = b""
    witness = None

    def append_tx(self, tx: Tx, entry: Entry) -> Mark:
        row = tx.one("SELECT entry_id, entry_hash FROM pishkhan_append(?, ?, ?, ?, ?, ?, ?, ?)", entry.at,
                     entry.staff_id, entry.action, entry.entity, entry.entity_id, entry.payload, entry.digest,
                     entry.fields)
        return Mark(int(row[0]), bytes(row[1]))


def session_tx(session: Any) -> Tx:
    """The DB-API cursor under a SQLAlchemy session, as a Tx (one per session transaction)."""
    tx = session.info.get("tx")
    if tx is None:
        connection = session.connection()
        dbapi = connection.connection.driver_connection
        if connection.dialect.name == "postgresql":
            from app.store.postgres import translate

            tx = Tx(dbapi.cursor(), translate, engine="postgresql")
        else:
            tx = Tx(dbapi.cursor())
        session.info["tx"] = tx
    return tx  # type: ignore[no-any-return]


def as_tx(session_or_tx: Any) -> Tx:
    """A Tx for either a Tx or a SQLAlchemy session (services and reports mix both)."""
    return session_or_tx if isinstance(session_or_tx, Tx) else session_tx(session_or_tx)


def last_hash(session: Any) -> bytes:
    end = tail(session_tx(session))
    return end.hash if end else GENESIS


def after_commit(tx: Tx | None) -> None:
    """Write the witness of what a committed transaction appended (see Database.write/raw)."""
    mark, journal = getattr(tx, "mark", None), getattr(tx, "journal", None)
    if mark is not None and journal is not None and journal.witness is not None:
        journal.witness.write(mark)


def missing_key_message(install_id: str) -> str:
    return str(key_path(install_id))
