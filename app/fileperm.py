"""Files only the owner of the office's account may read: journal keys, the witness, backups.

POSIX: mode 0600 (folders 0700) from the moment of creation. Windows: the file's ACL is replaced by
one that grants full control to the current user, SYSTEM and the Administrators group only, without
inherited entries (icacls, which every Windows since Vista ships; only checked on Linux here).
"""
from __future__ import annotations

import os
from pathlib import Path

from app.errors import UserError

FILE_MODE = 0o600
DIR_MODE = 0o700


def icacls_command(path: Path, user: str) -> list[str]:
    """The icacls call that leaves `path` readable by `user`, SYSTEM and Administrators only."""
    # *S-1-5-18 is SYSTEM and *S-1-5-32-544 the Administrators group, whatever the system's language.
    return ["icacls", str(path), "/inheritance:r", "/grant:r", f"{user}:(F)", "/grant:r", "*S-1-5-18:(F)",
            "/grant:r", "*S-1-5-32-544:(F)"]


def restrict(path: Path) -> None:
    """Make an existing file or folder readable by its owner only."""
    if os.name == "nt":  # pragma: no cover - Windows only
        import subprocess

        user = os.environ.get("USERNAME", "")
        if user:
            subprocess.run(icacls_command(path, user), check=False, capture_output=True)
        return
    os.chmod(path, DIR_MODE if path.is_dir() else FILE_MODE)


def private_folder(path: Path) -> Path:
    """Create (if needed) a folder only the owner may read; say plainly when it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        restrict(path)
    except OSError as exc:
        raise UserError("The folder {path} cannot be created or written: {reason}", path=str(path),
                        reason=os_reason(exc)) from exc
    return path


def open_private(path: Path, flags: int) -> int:
    """os.open for a file readable by its owner only, from its first byte."""
    fd = os.open(path, flags, FILE_MODE)
    if os.name != "nt":
        os.fchmod(fd, FILE_MODE)  # an existing file keeps its old mode through os.open
    return fd


def write_private(path: Path, data: bytes) -> None:
    """Write a small private file atomically (temporary name, fsync, rename)."""
    tmp = path.with_name(path.name + ".part")
    try:
        fd = open_private(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        if os.name == "nt":  # pragma: no cover
            restrict(path)
    except OSError as exc:
        raise UserError("The file {path} cannot be written: {reason}", path=str(path),
                        reason=os_reason(exc)) from exc


def os_reason(exc: OSError) -> str:
    """A short translated reason for a file system error."""
    import errno

    from app.i18n import _

    reasons = {errno.EACCES: _("no permission"), errno.EPERM: _("no permission"),
               errno.EROFS: _("the drive is read-only"), errno.ENOSPC: _("the disk is full"),
               errno.ENOENT: _("it does not exist"), errno.EDQUOT: _("the disk quota is used up")}
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))
