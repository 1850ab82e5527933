"""The seal beside a backup copy: where its journal ends and a keyed digest of the whole file.

A backup is checked when it is made; the seal (`<backup>.seal`, MAC'd with the journal key) then
proves, byte for byte, that a file restored later is the one that was checked — without checking
years of books again, and whatever was edited in it since (a changed amount, a cut tail, an older
copy put in its place). Restoring hashes the file while copying it, so the proof costs no extra pass.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from app.fileperm import write_private

SUFFIX = ".seal"
CHUNK = 1 << 20


@dataclass(frozen=True)
class Seal:
    entry_id: int  # the copy's last journal entry
    entry_hash: str  # its hash (hex)
    size: int
    sha256: str  # of the whole file
    made_at: str = ""  # UTC ISO instant the backup was made


def path_of(backup: Path) -> Path:
    return backup.with_suffix(SUFFIX)


def _mac(key: bytes, body: bytes) -> str:
    return hmac.new(key, b"pishkhan backup seal v1" + body, hashlib.sha256).hexdigest()


def write(key: bytes, backup: Path, seal: Seal) -> Path:
    body = json.dumps(asdict(seal), sort_keys=True).encode()
    target = path_of(backup)
    write_private(target, body + b"\n" + _mac(key, body).encode())
    return target


def read(key: bytes, backup: Path) -> Seal | None | bool:  # bool: only ever False
    """The seal beside a backup: a Seal, None when there is none, False when it is not genuine."""
    target = path_of(backup)
    try:
        body, mac = target.read_bytes().rsplit(b"\n", 1)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return False
    if not hmac.compare_digest(mac.decode(errors="replace"), _mac(key, body)):
        return False
    try:
        return Seal(**json.loads(body))
    except (ValueError, TypeError):
        return False


def chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            yield block


def digest_file(path: Path) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    for block in chunks(path):
        sha.update(block)
        size += len(block)
    return sha.hexdigest(), size


def copy_and_digest(source: Path, target: Path) -> tuple[str, int]:
    """Copy a file and hash what was copied in the same pass; the copy is synced to disk."""
    import os

    sha, size = hashlib.sha256(), 0
    with open(target, "wb") as out:
        for block in chunks(source):
            sha.update(block)
            out.write(block)
            size += len(block)
        out.flush()
        os.fsync(out.fileno())
    return sha.hexdigest(), size
