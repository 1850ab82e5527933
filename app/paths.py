"""Where things live: the per-user data folder (database) and config folder (the chain key)."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "pishkhan"


def data_dir() -> Path:
    override = os.environ.get("PISHKHAN_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    override = os.environ.get("PISHKHAN_CONFIG_DIR")
    path = Path(override) if override else Path(platformdirs.user_config_dir(APP, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db() -> Path:
    return data_dir() / "pishkhan.db"


def resources_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "resources"
