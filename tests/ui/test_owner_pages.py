"""The owner's pages: in the order of use with their keys, shown in the window, closed with Esc or Ctrl+W."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import Keyboard, wait_idle

from app.i18n import _
from ui.counter import CounterScreen
from ui.open_shift import OpenShiftScreen
from ui.owner_dashboard import OwnerDashboard
from ui.owner_history import OwnerHistory

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def owner_in(qtbot, window, keyboard: Keyboard):  # type: ignore[no-untyped-def]
    keyboard.type("1234")  # the owner is first in the list
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), (OpenShiftScreen, CounterScreen)),
                    timeout=20_000)
    wait_idle(qtbot, window)
    return window.stack.currentWidget()


def test_the_menu_is_in_the_order_of_use_and_names_each_key(qtbot, window, keyboard: Keyboard) -> None:
    owner_in(qtbot, window, keyboard)
    actions = window.pages_menu.actions()
    assert [a.text() for a in actions] == ["امروز در یک نگاه", "سوابق", "گزارش‌ها", "خدمات و تعرفه‌ها", "کارکنان",
                                           "پشتیبان‌گیری", "به‌روزرسانی تعرفه‌ها", "تنظیمات", "بررسی رسید", "سرور دفتر"]
    assert [a.shortcut().toString() for a in actions] == [f"Ctrl+{n}" for n in [*range(1, 10), 0]]


def test_a_page_opens_in_the_window_and_esc_or_ctrl_w_goes_back(qtbot, window, keyboard: Keyboard) -> None:
    screen = owner_in(qtbot, window, keyboard)
    keyboard.press(Key.Key_1, CTRL)
    qtbot.waitUntil(lambda: window.page_frame is not None and window.page_frame.isVisible())
    assert isinstance(window.page_frame.page, OwnerDashboard)
    assert window.page_frame.title.text() == "امروز در یک نگاه"
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]  # no second window
    wait_idle(qtbot, window)
    keyboard.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: window.page_frame is None)
    assert window.stack.currentWidget() is screen
    keyboard.press(Key.Key_2, CTRL)
    qtbot.waitUntil(lambda: window.page_frame is not None and isinstance(window.page_frame.page, OwnerHistory))
    wait_idle(qtbot, window)
    keyboard.press(Key.Key_W, CTRL)
    qtbot.waitUntil(lambda: window.page_frame is None)
    assert window.stack.currentWidget() is screen
    assert "Esc" in window.page_frame_back_text if hasattr(window, "page_frame_back_text") else True


def test_another_page_replaces_the_one_open(qtbot, window, keyboard: Keyboard) -> None:
    screen = owner_in(qtbot, window, keyboard)
    keyboard.press(Key.Key_1, CTRL)
    qtbot.waitUntil(lambda: window.page_frame is not None)
    wait_idle(qtbot, window)
    keyboard.press(Key.Key_2, CTRL)
    qtbot.waitUntil(lambda: window.page_frame is not None and isinstance(window.page_frame.page, OwnerHistory))
    wait_idle(qtbot, window)
    keyboard.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: window.page_frame is None)
    assert window.stack.currentWidget() is screen  # back where the owner was, not to the first page


def test_every_page_works_on_the_windows_one_database_thread(qtbot, window, keyboard: Keyboard, tmp_path) -> None:
    """Each page runs its database work on the window's one runner (in order, one job at a time) and
    prints on the window's printer runner: no page makes a runner (a second database thread) of its own."""
    from ui import runner as runners
    from ui.admin_common import AdminPage
    from ui.admin_settings import AdminSettingsScreen

    owner_in(qtbot, window, keyboard)
    before = set(runners._live)
    for page in window.pages:
        keyboard.press(getattr(Key, f"Key_{page.keys.removeprefix('Ctrl+')}"), CTRL)  # (each page's own key)
        qtbot.waitUntil(lambda p=page: window.page_frame is not None and window.page_frame.title.text() == _(p.title))
        wait_idle(qtbot, window)
        shown = window.page_frame.page
        pages = [shown, *shown.findChildren(AdminPage)]
        assert all(getattr(p, "runner", window.runner) is window.runner for p in pages), page.title
        if isinstance(shown, AdminSettingsScreen) and shown.printer is not None:
            printer = shown.printer
            assert printer.printing is window.printer
            printer.kind.setCurrentIndex(printer.kind.findData("file"))
            printer.fields["file_path"].setText(str(tmp_path / "lp0"))
            printer.test_button.click()
            qtbot.waitUntil(lambda: not window.printer.busy, timeout=20_000)
            assert (tmp_path / "lp0").read_bytes().startswith(b"\x1b@")
        assert set(runners._live) - before == set(), f"{page.title} made a runner of its own"
        assert set(window.findChildren(runners.Runner)) == {window.runner, window.printer}
        keyboard.press(Key.Key_Escape)
        qtbot.waitUntil(lambda: window.page_frame is None)
