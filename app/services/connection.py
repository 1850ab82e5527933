"""This desk's connection to the office server, saved in its config folder (owner-only file).

A desk with a saved connection opens the office's books on the server; without one, the local
SQLite file (`make run` on a single desk needs nothing set up).
"""
from __future__ import annotations

import json
from pathlib import Path

from app.fileperm import write_private
from app.paths import config_dir


def connection_file() -> Path:
    return config_dir() / "server.json"


def saved_server() -> str | None:
    """The office server's URL this desk uses (None: the books are the local file)."""
    try:
        data = json.loads(connection_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = data.get("url") if isinstance(data, dict) else None
    return str(url) if url else None


def save_server(url: str) -> Path:
    path = connection_file()
    write_private(path, json.dumps({"url": url}).encode())
    return path


def forget_server() -> None:
    connection_file().unlink(missing_ok=True)
