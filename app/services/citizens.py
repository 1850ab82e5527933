"""Citizens remembered by national ID, so a returning visitor's name fills itself in."""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.db import Database
from app.text import normalise_national_id, search_key


def upsert_citizen(session: Session, national_id: str, name: str, mobile: str) -> tuple[int, str]:
    """The citizen's id and name; a newly typed name or mobile replaces the remembered one."""
    row = session.execute(text("SELECT id, name, mobile FROM citizen WHERE national_id = :n"),
                          {"n": national_id}).first()
    if row is None:
        citizen_id = session.execute(
            text("INSERT INTO citizen (national_id, name, search_key, mobile) VALUES (:n, :name, :k, :m) "
                 "RETURNING id"),
            {"n": national_id, "name": name, "k": search_key(name), "m": mobile}).scalar_one()
        return int(citizen_id), name
    if (name and name != row[1]) or (mobile and mobile != row[2]):
        session.execute(text("UPDATE citizen SET name = :name, search_key = :k, mobile = :m WHERE id = :id"),
                        {"name": name or row[1], "k": search_key(name or row[1]), "m": mobile or row[2],
                         "id": row[0]})
    return int(row[0]), name or row[1]


def find_citizen(db: Database, national_id: str) -> dict[str, str] | None:
    """Name and mobile remembered for a national ID (None for an unknown or invalid one)."""
    nid = normalise_national_id(national_id)
    if nid is None:
        return None
    with db.read() as session:
        row = session.execute(text("SELECT name, mobile FROM citizen WHERE national_id = :n"),
                              {"n": nid}).first()
    return {"national_id": nid, "name": row[0], "mobile": row[1]} if row else None
