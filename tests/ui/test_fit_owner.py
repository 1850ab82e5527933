"""The owner's pages on every monitor size: nothing outside the window, nothing cut, no sideways scroll."""
from __future__ import annotations

import pytest
from fit_helpers import assert_window_fits
from PySide6.QtCore import Qt
from test_owner_pages import owner_in
from ui_helpers import Keyboard, wait_idle

from ui.pages import PAGES

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.mark.parametrize("keys", [p.keys for p in PAGES], ids=[p.title for p in PAGES])
def test_each_page_fits_every_monitor(qtbot, window, keyboard: Keyboard, monkeypatch, keys: str) -> None:
    owner_in(qtbot, window, keyboard)
    assert keys.startswith("Ctrl+")
    keyboard.press(getattr(Qt.Key, f"Key_{keys.removeprefix('Ctrl+')}"), CTRL)  # the page's own key
    qtbot.waitUntil(lambda: window.page_frame is not None, timeout=10_000)
    wait_idle(qtbot, window)
    qtbot.wait(200)  # figures drawn, tables sized
    wait_idle(qtbot, window)
    assert_window_fits(qtbot, window, monkeypatch)


def test_the_dashboard_still_fits_once_the_day_is_closed(qtbot, window, keyboard: Keyboard, monkeypatch) -> None:
    """Closing the day writes a long message (and a backup): the page wraps it instead of widening."""
    from ui.owner_dashboard import OwnerDashboard

    owner_in(qtbot, window, keyboard)
    keyboard.press(Qt.Key.Key_1, CTRL)
    qtbot.waitUntil(lambda: window.page_frame is not None, timeout=10_000)
    wait_idle(qtbot, window)
    dashboard = window.page_frame.findChild(OwnerDashboard)
    assert dashboard is not None
    qtbot.waitUntil(lambda: dashboard.close_button.isEnabled(), timeout=10_000)
    monkeypatch.setattr(dashboard, "confirm_close", lambda _data: True)
    dashboard.close_button.click()
    qtbot.waitUntil(lambda: dashboard.message.isVisible() and dashboard.data is not None
                    and dashboard.data.closed is not None, timeout=20_000)
    wait_idle(qtbot, window)
    qtbot.wait(200)
    wait_idle(qtbot, window)
    assert_window_fits(qtbot, window, monkeypatch)
