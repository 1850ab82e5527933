"""The witness of the journal's end, kept outside the database beside its key.

Removing entries from the END of a journal leaves a chain that still checks, and an older copy of
the file put back looks like a cut too. So after every committed write the last entry's id and hash
go into `keys/<install id>.witness` — tied to the office (its install id), not to the file's path, so
moving the database to another folder or drive keeps it. `verify` and the record path then require
the database to still hold that entry with that hash: the file alone cannot be rolled back.

The file has two fixed-size slots, each MAC'd with the journal key; a write overwrites the slot
with the lower entry id in place (no new disk blocks, so a full disk cannot fail it half-way, and no
fsync on the sale's path: the database commit it follows already is durable, so the witness may lag
a crash by an entry but is never ahead of the books). Reading takes the newest valid slot.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from app.errors import CheckFailed, UserError
from app.fileperm import open_private, os_reason, write_private
from app.paths import config_dir

MAGIC = b"PKW2"
_BODY = struct.Struct(">4sQ32s")  # magic, entry id, entry hash
SLOT = _BODY.size + 32  # + MAC


@dataclass(frozen=True)
class Mark:
    """A journal entry the books must still hold."""

    entry_id: int
    hash: bytes


def witness_path(install_id: str) -> Path:
    return config_dir() / "keys" / f"{install_id}.witness"


def _mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, b"witness" + body, hashlib.sha256).digest()


def encode(key: bytes, mark: Mark) -> bytes:
    body = _BODY.pack(MAGIC, mark.entry_id, mark.hash)
    return body + _mac(key, body)


def decode(key: bytes, slot: bytes) -> Mark | None:
    if len(slot) != SLOT:
        return None
    body, mac = slot[:_BODY.size], slot[_BODY.size:]
    if not hmac.compare_digest(mac, _mac(key, body)):
        return None
    magic, entry_id, digest = _BODY.unpack(body)
    return Mark(entry_id, digest) if magic == MAGIC else None


@dataclass(frozen=True)
class Reading:
    """What the witness file says: missing, unreadable, or the newest mark."""

    path: Path
    exists: bool
    mark: Mark | None

    @property
    def usable(self) -> bool:
        return self.mark is not None


def read(key: bytes, path: Path) -> Reading:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Reading(path, False, None)
    except OSError:
        return Reading(path, True, None)
    marks = [m for m in (decode(key, data[:SLOT]), decode(key, data[SLOT:2 * SLOT])) if m is not None]
    return Reading(path, True, max(marks, key=lambda m: m.entry_id) if marks else None)


def create(key: bytes, path: Path, mark: Mark) -> None:
    """A new witness file (both slots), synced: at office creation, restore, or a reset."""
    write_private(path, encode(key, mark) * 2)


class Witness:
    """The witness file of one office, as the process that records sees it.

    What this process last read or wrote is remembered with the file's size, time and inode: while they
    are unchanged (no other process wrote), reading it again costs one stat, not two MACs."""

    def __init__(self, key: bytes, path: Path) -> None:
        self.key, self.path = key, path
        self._seen: tuple[tuple[int, int, int], list[Mark | None]] | None = None

    def _stamp(self, st: os.stat_result) -> tuple[int, int, int]:
        return st.st_mtime_ns, st.st_size, st.st_ino

    def reading(self) -> Reading:
        """The newest mark (cached while the file is unchanged)."""
        try:
            stamp = self._stamp(os.stat(self.path))
        except FileNotFoundError:
            self._seen = None
            return Reading(self.path, False, None)
        except OSError:
            return Reading(self.path, True, None)
        if self._seen is None or self._seen[0] != stamp:
            try:
                data = self.path.read_bytes()
            except OSError:
                return Reading(self.path, True, None)
            self._seen = (stamp, [decode(self.key, data[:SLOT]), decode(self.key, data[SLOT:2 * SLOT])])
        marks = [m for m in self._seen[1] if m is not None]
        return Reading(self.path, True, max(marks, key=lambda m: m.entry_id) if marks else None)

    def check_writable(self) -> None:
        """Refuse before committing when the witness could not be written afterwards."""
        try:
            fd = os.open(self.path, os.O_RDWR | getattr(os, "O_BINARY", 0))
            os.close(fd)
        except FileNotFoundError:
            raise CheckFailed("The witness of the journal's end is missing ({path}); entries may have been "
                              "cut from the end of the books. Nothing was recorded.", path=str(self.path)) from None
        except OSError as exc:
            raise UserError("The witness of the journal's end ({path}) cannot be written: {reason}. "
                            "Nothing was recorded.", path=str(self.path), reason=os_reason(exc)) from exc

    def write(self, mark: Mark) -> None:
        """Overwrite the older slot in place with `mark` (after the commit that made it)."""
        try:
            fd = os.open(self.path, os.O_RDWR | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            fd = open_private(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0))
        try:
            stamp = self._stamp(os.fstat(fd))
            if self._seen is not None and self._seen[0] == stamp:
                slots = list(self._seen[1])  # unchanged since this process last read or wrote it
            else:
                data = os.pread(fd, 2 * SLOT, 0) if hasattr(os, "pread") else _read_all(fd)
                slots = [decode(self.key, data[:SLOT]), decode(self.key, data[SLOT:2 * SLOT])]
            older = _older(slots)
            _write_at(fd, older * SLOT, encode(self.key, mark))
            slots[older] = mark
            self._seen = (self._stamp(os.fstat(fd)), slots)
        finally:
            os.close(fd)


def _older(slots: list[Mark | None]) -> int:
    """The slot to overwrite: an empty or unreadable one, else the one with the lower entry id."""
    first, second = slots
    if first is None:
        return 0
    if second is None:
        return 1
    return 0 if first.entry_id <= second.entry_id else 1


def _read_all(fd: int) -> bytes:  # pragma: no cover - Windows has no pread
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 2 * SLOT)


def _write_at(fd: int, offset: int, data: bytes) -> None:
    if hasattr(os, "pwrite"):
        os.pwrite(fd, data, offset)
    else:  # pragma: no cover - Windows
        os.lseek(fd, offset, os.SEEK_SET)
        os.write(fd, data)


def adopt(path: Path) -> Mark | None:
    """Make the books in `path` the ones this computer's witness follows (their current end).

    For a copy deliberately made the office's live books (tests' clones; the owner accepting the
    books after a finding, which journals it first: app/services/witness.py)."""
    import sqlite3

    from app.ledger.keys import read_key

    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        install = conn.execute("SELECT install_id FROM office WHERE id = 1").fetchone()
        end = conn.execute("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    if install is None or end is None:
        return None
    mark = Mark(int(end[0]), bytes(end[1]))
    create(read_key(install[0]), witness_path(install[0]), mark)
    return mark
