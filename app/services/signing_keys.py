"""The office signing key as the books know it: its public half recorded (append-only, journaled),
the private half in the per-user keys folder (app/signing.py).

An office made before receipts were signed gets its key on first use. A computer that lost the
private key (a restore without the key file) gets a new one, recorded beside the old: receipts
signed before still check against the old public key, which stays in the books.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app import signing
from app.db import Database, sql_text
from app.services.common import iso, journal, now, office

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# key file path -> key, once checked as recorded in the books (the path: a test or a restore may
# point the config folder elsewhere)
_cache: dict[str, Ed25519PrivateKey] = {}


@dataclass(frozen=True)
class PublicKey:
    raw: bytes
    created_at: str

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.raw)

    @property
    def hex(self) -> str:
        return self.raw.hex()


def _recorded(session: Session, raw: bytes) -> bool:
    return session.execute(sql_text("SELECT 1 FROM office_signing_key WHERE public_key = :k"),
                           {"k": raw.hex()}).first() is not None


def record_key(session: Session, key: Ed25519PrivateKey, *, at: str, staff_id: int | None) -> None:
    """Record the key's public half (caller's transaction) and journal it."""
    raw = signing.public_raw(key)
    if _recorded(session, raw):
        return
    key_id = session.execute(sql_text(
        "INSERT INTO office_signing_key (public_key, created_at, staff_id) VALUES (:k, :at, :s) RETURNING id"),
        {"k": raw.hex(), "at": at, "s": staff_id}).scalar_one()
    journal(session).append(session, at=at, staff_id=staff_id, action="signing_key_recorded",
                            entity="office_signing_key", entity_id=int(key_id),
                            payload={"public_key": raw.hex(), "fingerprint": signing.fingerprint(raw)})


def signing_key(db: Database, *, at: dt.datetime | None = None) -> Ed25519PrivateKey:
    """The office's private signing key, created and recorded on first use."""
    with db.read() as session:
        install_id = office(session).install_id
        where = str(signing.signing_key_path(install_id))
        cached = _cache.get(where)
        if cached is not None:
            return cached
        key = signing.load_private_key(install_id)
        if key is not None and _recorded(session, signing.public_raw(key)):
            _cache[where] = key
            return key
    with db.write() as session:
        key = signing.create_private_key(install_id)
        record_key(session, key, at=iso(now(at)), staff_id=None)
    _cache[where] = key
    return key


def forget_signing_keys() -> None:
    _cache.clear()


def public_keys(db: Database) -> list[PublicKey]:
    """Every public key the office has signed receipts with, newest first."""
    with db.read() as session:
        rows = session.execute(sql_text("SELECT public_key, created_at FROM office_signing_key ORDER BY id DESC")).all()
    return [PublicKey(bytes.fromhex(r[0]), str(r[1])) for r in rows]


def current_public_key(db: Database) -> PublicKey:
    """The key receipts are signed with now (made on first use)."""
    raw = signing.public_raw(signing_key(db))
    return next(k for k in public_keys(db) if k.raw == raw)


def export_public_key(db: Database, out: Path) -> PublicKey:
    """Write the current public key (PEM, with a comment naming the office) to `out`."""
    key = current_public_key(db)
    with db.read() as session:
        row = office(session)
        name, code = row.name, row.code
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(signing.public_key_file_text(key.raw, name, code), encoding="utf-8")
    tmp.replace(out)
    return key

