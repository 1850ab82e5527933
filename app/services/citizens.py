"""Citizens remembered by national ID, so a returning visitor's name fills itself in."""
from __future__ import annotations

from app.db import Database
from app.store.base import Tx
from app.text import normalise_national_id, search_key


def upsert_citizen_tx(tx: Tx, national_id: str, name: str, mobile: str) -> tuple[int, str]:
    """The citizen's id and name; a newly typed name or mobile replaces the remembered one."""
    row = tx.one("SELECT id, name, mobile FROM citizen WHERE national_id = ?", national_id)
    if row is None:
        citizen_id = tx.insert("INSERT INTO citizen (national_id, name, search_key, mobile) VALUES (?, ?, ?, ?) "
                               "RETURNING id", national_id, name, search_key(name), mobile)
        return citizen_id, name
    if (name and name != row[1]) or (mobile and mobile != row[2]):
        tx.run("UPDATE citizen SET name = ?, search_key = ?, mobile = ? WHERE id = ?",
               name or row[1], search_key(name or row[1]), mobile or row[2], row[0])
    return int(row[0]), name or row[1]


def find_citizen(db: Database, national_id: str) -> dict[str, str] | None:
    """Name and mobile remembered for a national ID (None for an unknown or invalid one)."""
    nid = normalise_national_id(national_id)
    if nid is None:
        return None
    with db.raw(write=False) as tx:
        row = tx.one("SELECT name, mobile FROM citizen WHERE national_id = ?", nid)
    return {"national_id": nid, "name": row[0], "mobile": row[1]} if row else None
