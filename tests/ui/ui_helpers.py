"""Helpers the GUI tests share: start the window, press keys like a clerk, wait for the worker."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from ui.main_window import MainWindow


def start_window(qtbot, db_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db_path)
    qtbot.addWidget(window, before_close_func=lambda w: w.shutdown())
    with qtbot.waitSignal(window.ready, timeout=20_000):
        window.resize(1366, 768)
        window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


class Keyboard:
    """The clerk's hands: every key goes to whatever has the keyboard focus, and is counted."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.count = 0

    def target(self) -> QWidget:
        # Between a dialog closing and its parent window taking the keyboard back, a clerk waits a blink.
        try:
            self.qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2_000)
        except Exception:
            pass  # no widget has focus: the key goes to the active window, as on a real screen
        widget = QApplication.focusWidget() or QApplication.activeWindow()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.count += 1
        self.qtbot.keyClick(self.target(), key, modifier)

    def type(self, text: str) -> None:
        """Typing text, Persian letters included (not counted: the keystroke budget counts commands)."""
        from PySide6.QtGui import QKeyEvent

        for char in text:
            target = self.target()
            if char.isascii():
                self.qtbot.keyClick(target, char)
                continue
            for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def wait_idle(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=20_000)


def wait_for_dialog(qtbot, kind: type) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind)
                    and QApplication.activeWindow() is QApplication.activeModalWidget(), timeout=20_000)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    return dialog


def sell(qtbot, window: MainWindow, keyboard: Keyboard, code: str = "1001") -> QWidget:  # type: ignore[no-untyped-def]
    """A one-service visit paid in exact cash from the keyboard: the receipt preview, its print tried."""
    from ui.payment_dialog import PaymentDialog
    from ui.receipt_preview import ReceiptPreviewDialog

    keyboard.type(code)
    keyboard.press(Qt.Key.Key_Return)
    keyboard.press(Qt.Key.Key_F12)
    wait_for_dialog(qtbot, PaymentDialog)
    keyboard.press(Qt.Key.Key_Return)
    preview = wait_for_dialog(qtbot, ReceiptPreviewDialog)
    qtbot.waitUntil(lambda: not window.printer.busy and not window.runner.busy, timeout=20_000)
    return preview


def use_printer(demo_db: Path, path: Path, paper: int = 80) -> None:
    """The office's receipt printer set to a file (what the printer would be sent lands in `path`)."""
    from app.db import open_database
    from app.services.auth import login
    from app.services.office import set_setting
    from app.settings_registry import PRINTER
    from printing.printers import PrinterConfig

    db = open_database(demo_db)
    set_setting(db, login(db, "owner", "1234"), PRINTER,
                PrinterConfig(kind="file", file_path=str(path), paper=paper).to_json())
    db.close()
