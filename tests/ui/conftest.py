"""GUI tests drive the real window: a demo office copied per test, the clerk's keys, the database after."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import Keyboard, start_window, wait_idle

from app.db import open_database
from app.ledger.witness import adopt
from app.services.auth import login
from app.services.shifts import open_shift
from ui.counter import CounterScreen
from ui.main_window import MainWindow


@pytest.fixture(scope="session")
def ui_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Config (the journal keys) and data folders of the whole run, outside the user's own."""
    root = tmp_path_factory.mktemp("ui-env")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PISHKHAN_CONFIG_DIR", str(root / "config"))
        mp.setenv("PISHKHAN_DATA_DIR", str(root / "data"))
        mp.setenv("PISHKHAN_LANG", "fa")
        yield root


@pytest.fixture(scope="session")
def qt_app(qapp: QApplication, ui_dirs: Path) -> QApplication:
    from app.i18n import set_language
    from ui.app import create_application

    set_language("fa")
    return create_application()


@pytest.fixture(scope="session")
def demo_template(ui_dirs: Path, qt_app: QApplication) -> Path:
    from app.db import open_database
    from app.demo import build_demo

    path = ui_dirs / "demo-template.db"
    db = open_database(path, create=True)
    build_demo(db, days=2)
    db.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    from app.db import copy_database

    path = tmp_path / "office.db"
    copy_database(demo_template, path)
    adopt(path)
    return path


@pytest.fixture(autouse=True)
def no_bugs() -> Iterator[None]:
    """A bug dialog during a test is a failure, whatever the test itself checks."""
    from ui import errors

    errors.reported.clear()
    yield
    assert not errors.reported, "bug reported:\n" + "\n".join(errors.reported)


@pytest.fixture
def window(qtbot, qt_app: QApplication, demo_db: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    return start_window(qtbot, demo_db)


@pytest.fixture
def keyboard(qtbot) -> Keyboard:  # type: ignore[no-untyped-def]
    return Keyboard(qtbot)


@pytest.fixture
def counter(qtbot, window, keyboard: Keyboard, demo_db: Path) -> CounterScreen:  # type: ignore[no-untyped-def]
    """clerk1 logged in with an open shift (1,000,000 float), at the counter."""
    db = open_database(demo_db)
    open_shift(db, login(db, "clerk1", "1111"), 1_000_000)
    keyboard.press(Qt.Key.Key_Down)
    keyboard.type("1111")
    keyboard.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), CounterScreen), timeout=20_000)
    wait_idle(qtbot, window)
    return window.stack.currentWidget()


@pytest.fixture
def spool(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """This test's own data folder (so its print spool holds only its jobs), read afresh: requested
    before the window, which opens the spool."""
    from printing import service as print_service

    monkeypatch.setenv("PISHKHAN_DATA_DIR", str(tmp_path / "data"))
    print_service.forget_spools()
    return tmp_path / "data" / "print-spool"
