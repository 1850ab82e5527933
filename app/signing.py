"""The office's receipt signing key (Ed25519): kept beside the journal key, outside the database.

The private key signs every printed receipt; the public key, recorded in the database and
exportable as a file, lets anyone check a receipt offline. Like the journal key, the private key
must travel with the office: a backup carries it beside the database copy
(`backup_signing_key`) and a restore brings it back (`restore_signing_key`).

Files: `<config>/keys/<install id>.signing.key`, 64 hex digits (the raw 32-byte private key),
readable by its owner only. On Windows the per-user config folder is already private to the user;
the mode bits only make the file read-write there.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.errors import CheckFailed, UserError
from app.paths import config_dir

SUFFIX = ".signing.key"


def signing_key_path(install_id: str) -> Path:
    return config_dir() / "keys" / f"{install_id}{SUFFIX}"


def write_private_key_file(path: Path, raw: bytes) -> None:
    """Owner-only from the first byte, complete or absent (temporary file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(tmp, 0o600)  # a leftover .part keeps its old mode through os.open
    with os.fdopen(fd, "w") as fh:
        fh.write(raw.hex())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _read_private(path: Path) -> Ed25519PrivateKey:
    try:
        raw = bytes.fromhex(path.read_text().strip())
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (OSError, ValueError) as exc:
        raise CheckFailed("The receipt signing key {path} cannot be read.", path=str(path)) from exc


def load_private_key(install_id: str) -> Ed25519PrivateKey | None:
    path = signing_key_path(install_id)
    return _read_private(path) if path.exists() else None


def create_private_key(install_id: str) -> Ed25519PrivateKey:
    """A new key for the office (an existing one is kept and returned: never overwritten)."""
    existing = load_private_key(install_id)
    if existing is not None:
        return existing
    key = Ed25519PrivateKey.generate()
    write_private_key_file(signing_key_path(install_id), private_bytes(key))
    return key


def private_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public: bytes) -> str:
    """A short, readable fingerprint of a public key: "ab12 cd34 ef56 7890" (SHA-256, 64 bits)."""
    digest = hashlib.sha256(public).hexdigest()[:16]
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


def sign(key: Ed25519PrivateKey, message: bytes) -> bytes:
    return key.sign(message)


def verify(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


# --- the public key as a file -------------------------------------------------------------------

def public_key_pem(public: bytes) -> str:
    key = Ed25519PublicKey.from_public_bytes(public)
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def public_key_file_text(public: bytes, office_name: str, office_code: str) -> str:
    """What `office public-key --out` writes: a comment saying whose key it is, then standard PEM."""
    return (f"# Pishkhan Desk receipt signing key\n# office: {office_name}\n# office code: {office_code}\n"
            f"# fingerprint: {fingerprint(public)}\n{public_key_pem(public)}")


def read_public_key_file(path: Path) -> bytes:
    """A public key from a file: the PEM `public_key_file_text` writes, or 64 hex digits."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise UserError("The public key file {path} cannot be read.", path=str(path)) from None
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip()
    try:
        if body.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(body.encode())
            if not isinstance(key, Ed25519PublicKey):
                raise ValueError("not Ed25519")
            return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        raw = bytes.fromhex(body)
        Ed25519PublicKey.from_public_bytes(raw)
        return raw
    except ValueError:
        raise UserError("The file {path} does not hold an office public key.", path=str(path)) from None


# --- backups: the lead's app/services/backup.py calls these ----------------------------------------

def signing_key_files(install_id: str) -> list[Path]:
    """The signing key files of this office that a backup must carry (empty if none yet)."""
    path = signing_key_path(install_id)
    return [path] if path.exists() else []


def backup_key_path(backup_db: Path) -> Path:
    """Where the signing key lies beside a backup copy: `<backup>.signing.key` next to `<backup>.db`."""
    return backup_db.with_name(backup_db.stem + SUFFIX)


def backup_signing_key(install_id: str, backup_db: Path) -> Path | None:
    """Put the office's signing key beside a backup copy (owner-only). None when it has none yet."""
    key = load_private_key(install_id)
    if key is None:
        return None
    target = backup_key_path(backup_db)
    write_private_key_file(target, private_bytes(key))
    return target


def restore_signing_key(install_id: str, backup_db: Path) -> bool:
    """Bring the signing key back from beside a restored backup. True when a key was installed.

    A key already on this computer is kept; one that differs from the backup's is refused (as the
    journal key is), so a restore never silently changes which key signs receipts."""
    source = backup_key_path(backup_db)
    if not source.exists():
        return False
    incoming = _read_private(source)
    current = load_private_key(install_id)
    if current is not None:
        if public_raw(current) != public_raw(incoming):
            raise CheckFailed("The signing key beside the backup does not match this office's key.")
        return False
    write_private_key_file(signing_key_path(install_id), private_bytes(incoming))
    return True
