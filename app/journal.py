"""The append-only, hash-chained journal of money events and sensitive actions.

Each entry's hash is HMAC-SHA256, keyed with a secret kept outside the database file, over the
previous entry's hash and a canonical serialisation of the entry (for money events: every money
field of the record, payments included). Whoever holds only the database file cannot re-chain it.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.errors import CheckFailed
from app.paths import config_dir

GENESIS = "0" * 64


def canonical(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def key_path(install_id: str) -> Path:
    return config_dir() / "keys" / f"{install_id}.key"


def create_key(install_id: str) -> bytes:
    path = key_path(install_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return read_key(install_id)
    key = secrets.token_bytes(32)
    write_key(install_id, key)
    return key


def write_key(install_id: str, key: bytes) -> None:
    path = key_path(install_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_key_file(path, key)


def write_key_file(path: Path, key: bytes) -> None:
    """A key file readable by its owner only, from the first byte, synced to disk."""
    # Owner-only from the first byte: never a moment where the key is world-readable.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # an existing file keeps its old mode through os.open
    with os.fdopen(fd, "w") as fh:
        fh.write(key.hex())
        fh.flush()
        os.fsync(fh.fileno())


def read_key(install_id: str) -> bytes:
    path = key_path(install_id)
    if not path.exists():
        raise CheckFailed(
            "The journal key for this database is missing ({path}); restore it from a backup.",
            path=str(path),
        )
    return bytes.fromhex(path.read_text().strip())


def entry_hash(key: bytes, prev_hash: str, at: str, staff_id: int | None, action: str,
               entity: str, entity_id: int | None, payload: str) -> str:
    message = "|".join([prev_hash, at, str(staff_id), action, entity, str(entity_id), payload])
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def last_hash(session: Session) -> str:
    row = session.execute(text("SELECT hash FROM journal ORDER BY id DESC LIMIT 1")).first()
    return row[0] if row else GENESIS


class Journal:
    """Appends entries in the caller's transaction (it never commits)."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def append(self, session: Session, *, at: str, staff_id: int | None, action: str,
               entity: str = "", entity_id: int | None = None, payload: Any = None) -> str:
        body = canonical(payload if payload is not None else {})
        prev = last_hash(session)
        digest = entry_hash(self.key, prev, at, staff_id, action, entity, entity_id, body)
        session.execute(
            text("INSERT INTO journal (at, staff_id, action, entity, entity_id, payload, prev_hash, hash) "
                 "VALUES (:at, :staff_id, :action, :entity, :entity_id, :payload, :prev, :hash)"),
            {"at": at, "staff_id": staff_id, "action": action, "entity": entity,
             "entity_id": entity_id, "payload": body, "prev": prev, "hash": digest},
        )
        return digest


# --- the anchor: where the chain stood at the last day close, kept beside the key ---------------
# Removing entries from the END of the journal leaves a chain that is still valid. The anchor, kept
# outside the database like the key, remembers the last day close's entry, so such a cut is seen.

def anchor_path(install_id: str, database: Path) -> Path:
    # Per office AND per database file: copies of the office's file elsewhere (a backup, a test
    # clone) are not the live books and are judged on their own.
    where = hashlib.sha256(str(Path(database).resolve()).encode()).hexdigest()[:16]
    return config_dir() / "keys" / f"{install_id}-{where}.anchor"


def write_anchor(install_id: str, database: Path, entry_id: int, digest: str) -> None:
    path = anchor_path(install_id, database)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".anchor.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(f"{entry_id} {digest}")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_anchor(install_id: str, database: Path) -> tuple[int, str] | None:
    path = anchor_path(install_id, database)
    try:
        entry_id, digest = path.read_text().split()
        return int(entry_id), digest
    except (OSError, ValueError):
        return None


def anchor_to_last_entry(session: Session, install_id: str, database: Path) -> None:
    """Anchor at the newest journal entry (call after the transaction that wrote it committed)."""
    row = session.execute(text("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1")).first()
    if row is not None:
        write_anchor(install_id, database, int(row[0]), str(row[1]))
