"""Playing the monitors counters have: 1024×768 and 1366×768, and 1920×1080 at 125% and 150% scaling
(1536×864 and 1280×720 in Qt's logical pixels). A Windows task bar takes 40 px; a window's title bar 30."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from ui import fit
from ui.fit_check import persian_problems, problems

# Largest first: a dialog that had to scroll on a small screen stays scrolling on the next one.
MONITORS = (("1920x1080 at 125%", 1536, 864), ("1366x768", 1366, 768), ("1920x1080 at 150%", 1280, 720),
            ("1024x768", 1024, 768))
TASKBAR, TITLE_BAR = 40, 30


def monitors(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int, int]]:
    """Each monitor in turn, as the screen the dialogs are capped to."""
    for name, width, height in MONITORS:
        monkeypatch.setattr(fit, "SCREEN_OVERRIDE", QSize(width, height - TASKBAR))
        yield name, width, height


def place_window(qtbot, window: QWidget, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    """The main window maximised on that monitor: the screen less the task bar and its title bar."""
    window.showNormal()
    window.resize(width, height - TASKBAR - TITLE_BAR)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height - TASKBAR - TITLE_BAR,
                    timeout=5_000)
    QApplication.processEvents()


def assert_window_fits(qtbot, window: QWidget, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                       before: Callable[[], None] | None = None) -> None:
    for name, width, height in monitors(monkeypatch):
        place_window(qtbot, window, width, height)
        if before is not None:
            before()
            QApplication.processEvents()
        found = problems(window)
        assert not found, f"{name}:\n" + "\n".join(found)
        latin = persian_problems(window)
        assert not latin, f"{name}: not Persian:\n" + "\n".join(latin)


def assert_dialog_fits(qtbot, open_dialog: Callable[[], QDialog],  # type: ignore[no-untyped-def]
                       monkeypatch: pytest.MonkeyPatch, close: bool = True) -> None:
    """Opened afresh on each monitor: no bigger than the screen, and everything inside it fits."""
    for name, _width, _height in monitors(monkeypatch):
        dialog = open_dialog()
        qtbot.waitUntil(dialog.isVisible, timeout=10_000)
        QApplication.processEvents()
        room = fit.room_for_dialog(dialog)
        assert dialog.width() <= room.width() and dialog.height() <= room.height(), \
            f"{name}: {type(dialog).__name__} is {dialog.width()}×{dialog.height()}, the screen has room for " \
            f"{room.width()}×{room.height()}"
        found = problems(dialog)
        assert not found, f"{name}:\n" + "\n".join(found)
        latin = persian_problems(dialog)
        assert not latin, f"{name}: not Persian:\n" + "\n".join(latin)
        if close:
            dialog.reject()
            qtbot.waitUntil(lambda d=dialog: not d.isVisible(), timeout=5_000)
