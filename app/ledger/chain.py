"""The journal's keyed hash chain, version 2.

hash(n) = HMAC-SHA256(key, hash(n-1) ‖ 0x02 ‖ at US staff US action US entity US entity_id ‖ GS ‖
          'R' ‖ digest ‖ fields          (an entry backed by a record: a sale, a void, …)
          'P' ‖ payload                  (an entry that is its own record: a login, a settings change))

The key lives outside the database (app/ledger/keys.py; on an office server, in a table only the
owner role reads, used by a SECURITY DEFINER function — the same bytes are hashed there). Whoever
holds only the database cannot extend or re-chain it. Every entry stores its own hash, so checking
the chain is one HMAC per entry and can be split between processes.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

GENESIS = bytes(32)
VERSION = b"\x02"
US, GS = "\x1f", b"\x1d"


@dataclass(frozen=True, slots=True)
class Entry:
    at: str
    staff_id: int | None
    action: str
    entity: str
    entity_id: int | None
    payload: str | None = None
    digest: bytes | None = None
    fields: bytes | None = None

    def message(self, prev: bytes) -> bytes:
        return message(prev, self.at, self.staff_id, self.action, self.entity, self.entity_id,
                       self.payload, self.digest, self.fields)


def message(prev: bytes, at: str, staff_id: int | None, action: str, entity: str, entity_id: int | None,
            payload: str | None, digest: bytes | None, fields: bytes | None) -> bytes:
    meta = US.join((at, "" if staff_id is None else str(staff_id), action, entity,
                    "" if entity_id is None else str(entity_id)))
    if payload is None:
        body = b"R" + (digest or b"") + (fields or b"")
    else:
        body = b"P" + payload.encode()
    return prev + VERSION + meta.encode() + GS + body


def entry_hash(key: bytes, prev: bytes, entry: Entry) -> bytes:
    return hmac.digest(key, entry.message(prev), "sha256")


def row_hash(key: bytes, prev: bytes, row: tuple[object, ...]) -> bytes:
    """The hash a stored row (at, staff_id, action, entity, entity_id, payload, digest, fields) should have."""
    at, staff_id, action, entity, entity_id, payload, digest, fields = row
    return hmac.digest(key, message(prev, at, staff_id, action, entity, entity_id, payload,  # type: ignore[arg-type]
                                    digest, fields), "sha256")  # type: ignore[arg-type]


class Keyed:
    """HMAC-SHA256 under one key with the key's inner and outer blocks hashed once (RFC 2104's own
    construction): `verify` chains millions of short entries under one key, where `hmac.digest`
    hashes the key's two blocks again for each (half its time). Same bytes as `hmac.digest`."""

    def __init__(self, key: bytes) -> None:
        if len(key) > 64:
            key = hashlib.sha256(key).digest()
        block = key.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def digest(self, *parts: bytes) -> bytes:
        inner = self._inner.copy()
        for part in parts:
            inner.update(part)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()
