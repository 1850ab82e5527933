"""The journal key: 32 random bytes per office, kept outside the database file.

Path: the per-user config folder, `keys/<install id>.key` (owner-only). A backup carries it beside
the copy; restoring on a new computer brings it back. The database keeps a short check value of its
key (office.key_check), so a wrong key is told apart from an altered journal.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from app.errors import CheckFailed
from app.fileperm import private_folder, write_private
from app.paths import config_dir

KEY_BYTES = 32


def keys_dir() -> Path:
    return private_folder(config_dir() / "keys")


def key_path(install_id: str) -> Path:
    return config_dir() / "keys" / f"{install_id}.key"


def key_check(key: bytes) -> str:
    """What the database keeps to recognise its key (reveals nothing of it)."""
    return hmac.new(key, b"pishkhan key check v2", hashlib.sha256).hexdigest()[:16]


def pin_pepper(key: bytes) -> bytes:
    """A secret mixed into every PIN hash: a copied database alone cannot be searched for PINs."""
    return hmac.new(key, b"pishkhan pin pepper v1", hashlib.sha256).digest()


def create_key(install_id: str) -> bytes:
    if key_path(install_id).exists():
        return read_key(install_id)
    key = secrets.token_bytes(KEY_BYTES)
    write_key(install_id, key)
    return key


def write_key(install_id: str, key: bytes) -> None:
    keys_dir()
    write_key_file(key_path(install_id), key)


def write_key_file(path: Path, key: bytes) -> None:
    """A key file readable by its owner only, from the first byte, synced to disk."""
    write_private(path, key.hex().encode())


def parse_key(text: str, path: Path) -> bytes:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise CheckFailed("The file {path} is not a Pishkhan journal key.", path=str(path))
    return key


def read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii", errors="replace")
    except OSError as exc:
        from app.errors import UserError
        from app.fileperm import os_reason

        raise UserError("The journal key {path} cannot be read: {reason}", path=str(path),
                        reason=os_reason(exc)) from exc
    return parse_key(text, path)


def read_key(install_id: str) -> bytes:
    path = key_path(install_id)
    try:
        path.stat()
    except PermissionError as exc:
        from app.errors import UserError

        raise UserError("The journal key {path} cannot be read: {reason}", path=str(path),
                        reason=_no_permission()) from exc
    except FileNotFoundError:
        raise CheckFailed(
            "The journal key for this database is missing ({path}); restore it from a backup.",
            path=str(path),
        ) from None
    return read_key_file(path)


def _no_permission() -> str:
    from app.i18n import _

    return _("no permission")


def check_key(key: bytes, expected_check: str | None, path: Path) -> None:
    """Refuse a key that is not the one this database was written with (names the key file)."""
    if expected_check and not hmac.compare_digest(key_check(key), expected_check):
        raise CheckFailed("This database was not written with this key ({path}).", path=str(path))
