"""Fixtures for the office administration tests: a demo office (owner, manager1, clerk1, clerk2) built
once per session and cloned per test, each test with its own config folder (journal keys) and data
folder, and a Persian right-to-left Qt application with Vazirmatn."""
from __future__ import annotations

import gc
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_testkit import PINS  # noqa: E402

from app import i18n  # noqa: E402
from app.db import Database, copy_database, open_database  # noqa: E402
from app.ledger.witness import adopt
from app.services.common import forget_journal_keys  # noqa: E402


@pytest.fixture(scope="session")
def admin_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(database, config folder) of the demo office with two days of history and a manager."""
    from app.demo import build_demo
    from app.services.staff import add_staff

    root = tmp_path_factory.mktemp("admin-template")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PISHKHAN_CONFIG_DIR", str(root / "config"))
        db = open_database(root / "office.db", create=True)
        owner = build_demo(db, days=2, seed=11)
        add_staff(db, owner, "manager1", "مریم صالحی", "manager", PINS["manager1"])
        db.close()
        forget_journal_keys()
    return root / "office.db", root / "config"


@pytest.fixture(autouse=True)
def admin_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This test's own config and data folders; Persian; no cached journal keys.

    Afterwards, garbage is collected here, on the GUI thread. A screen kept alive only by a reference
    cycle (a `pytest.raises` traceback holds the test's frame, and so the screen) would otherwise be
    freed by a collection that happens to run on a worker thread; PySide then queues its deletion for
    the GUI thread, and if pytest-qt's deleteLater() gets there first the widget is deleted twice."""
    monkeypatch.setenv("PISHKHAN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PISHKHAN_DATA_DIR", str(tmp_path / "data"))
    i18n.set_language("fa")
    forget_journal_keys()
    yield tmp_path
    gc.collect()
    i18n.set_language("fa")
    forget_journal_keys()


@pytest.fixture
def office(admin_template: tuple[Path, Path], tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo office, its journal key in this test's config folder."""
    template, config = admin_template
    shutil.copytree(config / "keys", tmp_path / "config" / "keys", dirs_exist_ok=True)
    target = tmp_path / "data" / "office.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_database(template, target)
    adopt(target)
    db = open_database(target)
    yield db
    db.close()


@pytest.fixture(scope="session")
def fa_app(qapp):  # type: ignore[no-untyped-def]
    """The application as the office sees it: Persian, right to left, Vazirmatn."""
    from ui.app import create_application

    i18n.set_language("fa")
    return create_application()


@pytest.fixture
def gui(qtbot, fa_app):  # type: ignore[no-untyped-def]
    """What every screen test needs: qtbot, in the Persian application. (A bug dialog fails any test
    here: tests/ui/conftest.py's `no_bugs`.)"""
    return qtbot

