"""Where things live: the per-user data folder (database) and config folder (the chain key)."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "pishkhan"


def _made(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from app.errors import UserError
        from app.fileperm import os_reason

        raise UserError("The folder {path} cannot be created or written: {reason}", path=str(path),
                        reason=os_reason(exc)) from exc
    return path


def data_dir() -> Path:
    override = os.environ.get("PISHKHAN_DATA_DIR")
    return _made(Path(override) if override else Path(platformdirs.user_data_dir(APP, appauthor=False)))


def config_dir() -> Path:
    override = os.environ.get("PISHKHAN_CONFIG_DIR")
    return _made(Path(override) if override else Path(platformdirs.user_config_dir(APP, appauthor=False)))


def default_db() -> Path:
    return data_dir() / "pishkhan.db"


def resources_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources"
