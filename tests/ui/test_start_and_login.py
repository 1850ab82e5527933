"""Start, first run, login and opening a shift, driven through the real widgets."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import Keyboard, start_window, wait_idle

from app.db import open_database
from app.services.auth import login
from app.services.office import has_office, office_settings
from app.services.shifts import shift_report
from ui.counter import CounterScreen
from ui.first_run import FirstRunScreen
from ui.login import LoginScreen
from ui.open_shift import OpenShiftScreen

Key = Qt.Key


def test_first_run_wizard_creates_the_office(qtbot, qt_app, tmp_path: Path, keyboard: Keyboard) -> None:
    window = start_window(qtbot, tmp_path / "new.db")
    screen = window.stack.currentWidget()
    assert isinstance(screen, FirstRunScreen)
    keyboard.press(Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert screen.pages.currentIndex() == 1 and screen.name.hasFocus()
    keyboard.type("دفتر پیشخوان ۱۲۳۴ کرج")
    keyboard.press(Key.Key_Return)
    keyboard.type("۱۲۳۴")
    keyboard.press(Key.Key_Return)
    keyboard.type("مریم صالحی")
    keyboard.press(Key.Key_Return)
    screen.owner_username.selectAll()
    keyboard.type("maryam")
    keyboard.press(Key.Key_Return)
    keyboard.type("4321")
    keyboard.press(Key.Key_Return)
    keyboard.type("4320")  # a typo in the repeated PIN is caught before anything is saved
    keyboard.press(Key.Key_Return)
    assert screen.message.text() == "دو رمز یکسان نیستند."
    screen.pin_again.clear()
    screen.pin_again.setFocus()
    keyboard.type("4321")
    screen.unit.setCurrentIndex(1)  # Toman
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), LoginScreen), timeout=20_000)
    wait_idle(qtbot, window)
    db = open_database(tmp_path / "new.db")
    settings = office_settings(db)
    assert settings.name == "دفتر پیشخوان 1234 کرج" and settings.code == "1234"
    assert settings.display_unit == "toman" and settings.default_vat_bp == 1000
    assert login(db, "maryam", "4321").role == "owner"
    login_screen: LoginScreen = window.stack.currentWidget()
    assert login_screen.username() == "maryam"
    assert login_screen.title.text() == "دفتر پیشخوان ۱۲۳۴ کرج"  # shown with Persian digits


def test_first_run_can_load_the_demo_office(qtbot, qt_app, tmp_path: Path, keyboard: Keyboard) -> None:
    window = start_window(qtbot, tmp_path / "demo.db")
    keyboard.press(Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), LoginScreen), timeout=60_000)
    wait_idle(qtbot, window)
    screen: LoginScreen = window.stack.currentWidget()
    assert screen.users.count() == 3
    assert has_office(open_database(tmp_path / "demo.db"))


def login_as(qtbot, window, keyboard: Keyboard, downs: int, pin: str) -> LoginScreen:  # type: ignore[no-untyped-def]
    screen: LoginScreen = window.stack.currentWidget()
    assert isinstance(screen, LoginScreen)
    assert screen.pin.hasFocus()
    for _ in range(downs):
        keyboard.press(Key.Key_Down)
    keyboard.type(pin)
    keyboard.press(Key.Key_Enter)  # the numeric keypad's Enter
    wait_idle(qtbot, window)
    return screen


def test_wrong_pin_then_lockout_are_explained(qtbot, window, keyboard: Keyboard) -> None:
    screen = login_as(qtbot, window, keyboard, 1, "9999")
    assert screen.username() == "clerk1"
    assert screen.message.isVisible() and screen.message.text().startswith("نام کاربری یا رمز نادرست است.")
    assert "۴ بار دیگر" in screen.message.text()  # how many tries are left before the lock
    assert screen.pin.text() == "" and screen.pin.hasFocus()
    login_as(qtbot, window, keyboard, 0, "9999")
    assert "۳ بار دیگر" in screen.message.text()
    for _ in range(3):
        login_as(qtbot, window, keyboard, 0, "9999")
    assert "۱۵ دقیقه" in screen.message.text() and "قفل" in screen.message.text()
    login_as(qtbot, window, keyboard, 0, "1111")  # even the right PIN, while locked
    assert "قفل" in screen.message.text() and "دقیقه" in screen.message.text()
    assert isinstance(window.stack.currentWidget(), LoginScreen)


def test_login_then_open_shift_by_banknotes(qtbot, window, keyboard: Keyboard, demo_db: Path) -> None:
    login_as(qtbot, window, keyboard, 2, "۲۲۲۲")  # clerk2, PIN typed in Persian digits
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), OpenShiftScreen))
    screen: OpenShiftScreen = window.stack.currentWidget()
    assert "محمدحسین رضایی" in screen.greeting.text()
    screen.counter.focus_first()
    keyboard.type("2")  # two 2,000,000 notes
    keyboard.press(Key.Key_Return)
    keyboard.type("3")  # three 1,000,000 notes
    assert screen.float_total.text() == "۷٬۰۰۰٬۰۰۰" and screen.float_total.isReadOnly()
    keyboard.press(Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), CounterScreen))
    wait_idle(qtbot, window)
    db = open_database(demo_db)
    report = shift_report(db, login(db, "clerk2", "2222"))
    assert report.cash["opening_float"] == 7_000_000 and report.closed_at is None
    counter: CounterScreen = window.stack.currentWidget()
    assert counter.search.edit.hasFocus()
    assert "محمدحسین رضایی" in counter.clerk_label.text()


def test_switch_user_returns_to_login_and_the_shift_stays_open(qtbot, window, keyboard: Keyboard) -> None:
    login_as(qtbot, window, keyboard, 1, "1111")
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), OpenShiftScreen))
    keyboard.type("500000")
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), CounterScreen))
    keyboard.press(Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), LoginScreen))
    wait_idle(qtbot, window)
    screen: LoginScreen = window.stack.currentWidget()
    # The list starts at the top again: the same keys reach the same person every time (↓ once: clerk1),
    # not «↓ from whoever was here before».
    assert screen.username() == "owner" and screen.pin.hasFocus()
    login_as(qtbot, window, keyboard, 1, "1111")
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), CounterScreen))  # no second float asked
    assert QApplication.focusWidget() is window.stack.currentWidget().search.edit
