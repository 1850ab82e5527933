"""Starting the desktop app: Qt application, fonts, language and direction, the main window.

`run_app` is what `pishkhan` calls (lazily, so commands that draw nothing load no Qt).
"""
from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication

from app.i18n import language, load_catalogues
from app.paths import resources_dir

FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")
BASE_POINT_SIZE = 11
_keep: list[object] = []  # translators must outlive the application's use of them


def load_fonts(app: QApplication) -> str:
    """Vazirmatn from resources/fonts as the application font; returns its family ('' if missing)."""
    family = ""
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else "")
    if family:
        font = QFont(family)
        font.setPointSize(BASE_POINT_SIZE)
        app.setFont(font)
    return family


def apply_language(app: QApplication) -> None:
    """Persian: right to left, Persian locale (digits, Jalali dates) and Qt's own dialogs in Persian."""
    if language() == "fa":
        QLocale.setDefault(QLocale(QLocale.Language.Persian, QLocale.Country.Iran))
        QGuiApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name in ("qtbase_fa", "qt_fa"):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _keep.append(translator)
                break
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        QGuiApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def create_application(argv: list[str] | None = None) -> QApplication:
    load_catalogues("ui")  # the window's words, then printing's and app's beneath them
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Pishkhan Desk")
    app.setOrganizationName("pishkhan")
    apply_language(app)
    load_fonts(app)
    from ui import fit

    fit.install(app)  # every dialog capped to the screen it opens on
    return app


READY_AT: list[float] = []  # when the first screen was up and the event loop idle (the start-up bench)


def _mark_ready() -> None:
    import time

    READY_AT.append(time.time())


def _ready_then_quit(app: QApplication) -> None:
    _mark_ready()
    app.quit()


def run_app(db_path: Path | str, exit_when_ready: bool = False) -> int:
    """Open the window on `db_path` (a file, or the office server's URL). With `exit_when_ready`, quit
    once the first screen shows and the event loop is idle (start-up check and benchmark); exit 1 if the
    database could not be opened."""
    from ui.errors import install_excepthook
    from ui.main_window import MainWindow
    from ui.platform_check import stop_watching, watch_start_up

    watch_start_up()  # no window possible: one line saying what is missing, not Qt's abort
    app = create_application()
    stop_watching()
    install_excepthook()
    from app.store.base import is_url

    window = MainWindow(str(db_path) if is_url(db_path) else Path(db_path))  # (a URL made a Path loses its //)
    outcome = {"code": 0}
    if exit_when_ready:
        window.ready.connect(lambda: QTimer.singleShot(0, partial(_ready_then_quit, app)))
        window.start_failed.connect(lambda _m: (outcome.update(code=1), QTimer.singleShot(0, app.quit)))
    window.showMaximized()
    code = app.exec()
    window.shutdown()
    return outcome["code"] or code
