"""Fixtures for the ledger core: throw-away office databases built once per session and cloned.

Every database lives under pytest's tmp folders, and every journal key in the config folder that
tests/conftest.py points PISHKHAN_CONFIG_DIR at — never the user's real folders.
"""
from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# tests/conftest.py sets these too; repeated so that this folder also runs on its own.
if "PISHKHAN_CONFIG_DIR" not in os.environ:
    _home = tempfile.mkdtemp(prefix="pishkhan-app-tests-")
    os.environ["PISHKHAN_CONFIG_DIR"] = os.path.join(_home, "config")
    os.environ["PISHKHAN_DATA_DIR"] = os.path.join(_home, "data")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from app_testkit import PINS, clone  # noqa: E402

from app import i18n  # noqa: E402
from app.db import Database, open_database  # noqa: E402
from app.services.common import forget_journal_keys  # noqa: E402


@pytest.fixture(autouse=True)
def _clean_process_state() -> Iterator[None]:
    """The language and the cached journal keys are process-wide: every test starts from the default."""
    i18n.set_language("fa")
    forget_journal_keys()
    yield
    i18n.set_language("fa")
    forget_journal_keys()


def _build_office(path: Path, *, days: int) -> None:
    from app.demo import build_demo
    from app.services.staff import add_staff

    db = open_database(path, create=True)
    try:
        owner = build_demo(db, days=days, seed=7)
        add_staff(db, owner, "manager1", "مریم صالحی", "manager", PINS["manager1"])
    finally:
        db.close()


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo office with no history: owner, manager1, clerk1, clerk2 and the catalogue."""
    path = tmp_path_factory.mktemp("template") / "office.db"
    _build_office(path, days=0)
    return path


@pytest.fixture(scope="session")
def history_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo office with two closed days of history (shifts, sales, voids, day closes)."""
    path = tmp_path_factory.mktemp("history") / "office.db"
    _build_office(path, days=2)
    return path


@pytest.fixture
def office_db(office_template: Path, tmp_path: Path) -> Iterator[Database]:
    db = open_database(clone(office_template, tmp_path / "office.db"))
    yield db
    db.close()


@pytest.fixture
def history_db(history_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the office with two closed days of history."""
    db = open_database(clone(history_template, tmp_path / "office.db"))
    yield db
    db.close()


@pytest.fixture
def fresh_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty config folder: no journal keys at all (as on a new computer)."""
    folder = tmp_path / "new-computer-config"
    monkeypatch.setenv("PISHKHAN_CONFIG_DIR", str(folder))
    return folder
