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
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from app.fileperm import write_private

SUFFIX = ".seal"
CHUNK = 4 << 20


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


def copy_and_digest(source: Path, target: Path, *, sqlite_file: bool = False) -> tuple[str, int]:
    """Copy a file and hash what was written in the same pass; the copy is synced to disk.

    Hashing runs on a second thread (hashlib lets go of the interpreter) while the next block is
    read and written, so the copy costs about what a plain copy does. `sqlite_file`: the source is a
    quiescent SQLite database — see `_sqlite_blocks`."""
    from concurrent.futures import ThreadPoolExecutor

    sha, size = hashlib.sha256(), 0
    blocks = _sqlite_blocks(source) if sqlite_file else chunks(source)
    with open(target, "wb") as out, ThreadPoolExecutor(max_workers=1) as hasher:
        pending = None
        for block in blocks:
            if pending is not None:
                pending.result()
            pending = hasher.submit(sha.update, block)
            out.write(block)
            size += len(block)
        if pending is not None:
            pending.result()
        out.flush()
        os.fsync(out.fileno())
    return sha.hexdigest(), size


LOCK_BYTE = 1 << 30  # SQLite's lock-byte page starts here; it never holds data


def _sqlite_blocks(source: Path) -> Iterator[bytes]:
    """The blocks of a SQLite file for a standalone copy: the header marked as not in WAL mode (the
    copy has no log beside it, and a read-only check must not need one), and the lock-byte page of a
    file over 1 GiB written as zeros rather than read — on Windows another connection's lock on it
    makes reading it fail."""
    with open(source, "rb") as fh:
        head = bytearray(fh.read(100))
        page = int.from_bytes(head[16:18], "big") if len(head) >= 18 else 0
        page = 65536 if page == 1 else page
        if len(head) == 100 and head[18:20] == b"\x02\x02":
            head[18:20] = b"\x01\x01"
        yield bytes(head)
        while True:
            at = fh.tell()
            if page and at <= LOCK_BYTE < at + CHUNK:
                if at < LOCK_BYTE:
                    yield fh.read(LOCK_BYTE - at)
                    continue
                rest = os.fstat(fh.fileno()).st_size - LOCK_BYTE
                if rest <= 0:
                    return
                fh.seek(LOCK_BYTE + min(page, rest))
                yield bytes(min(page, rest))
                continue
            block = fh.read(CHUNK)
            if not block:
                return
            yield block
