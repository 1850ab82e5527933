"""Closing a shift at the counter under the owner's rules: a blind count hides the expected cash until
the drawer is counted, a variance beyond the threshold asks for the reason, and the Z report shows both."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import Keyboard, wait_for_dialog, wait_idle

from app.db import open_database
from app.services.auth import login
from app.services.office import save_settings, set_setting
from app.services.shifts import DENOMINATIONS, shift_report
from app.settings_registry import ASK_VARIANCE_REASON, BLIND_COUNT, VARIANCE_REASON_THRESHOLD
from ui.close_shift import CloseShiftDialog
from ui.counter import CounterScreen
from ui.shift_report import ShiftReportDialog

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def count_into(dialog: CloseShiftDialog, amount: int) -> None:
    for note in DENOMINATIONS:
        count, amount = divmod(amount, note)
        if count:
            dialog.counter.fields[note].setText(str(count))


def blind_count_asking_a_reason(demo_db: Path) -> int:
    """The owner turns the blind count on and asks a reason beyond 100,000 Rials; clerk1's expected cash."""
    db = open_database(demo_db)
    owner = login(db, "owner", "1234")
    set_setting(db, owner, BLIND_COUNT, True)
    set_setting(db, owner, ASK_VARIANCE_REASON, True)
    set_setting(db, owner, VARIANCE_REASON_THRESHOLD, 100_000)
    return int(shift_report(db, login(db, "clerk1", "1111")).cash["expected"])


def test_blind_count_then_a_reason_for_a_short_drawer(qtbot, window, counter: CounterScreen, keyboard: Keyboard,
                                                     demo_db: Path) -> None:
    expected = blind_count_asking_a_reason(demo_db)
    keyboard.press(Key.Key_F11, CTRL)
    dialog: CloseShiftDialog = wait_for_dialog(qtbot, CloseShiftDialog)
    wait_idle(qtbot, window)
    assert dialog.expected is None and "پنهان" in dialog.expected_label.text()  # hidden: blind count
    assert not dialog.reason.isVisible()
    count_into(dialog, expected - 200_000)
    assert dialog.variance_label.text() == "—"  # nothing to compare with until the shift is closed
    keyboard.press(Key.Key_Return, CTRL)
    wait_idle(qtbot, window)
    assert dialog.isVisible() and dialog.reason.isVisible() and dialog.reason.hasFocus()
    assert "۲۰۰٬۰۰۰" in dialog.variance_label.text() and "دلیل" in dialog.message.text()
    keyboard.type("یک اسکناس 100 هزاری دو بار داده شد")  # typed on a Latin keyboard's digits
    assert dialog.reason.text() == "یک اسکناس ۱۰۰ هزاری دو بار داده شد"
    keyboard.press(Key.Key_Return)
    z_report: ShiftReportDialog = wait_for_dialog(qtbot, ShiftReportDialog)
    wait_idle(qtbot, window)
    box = z_report.close_note  # type: ignore[attr-defined]
    shown = " ".join(label.text() for label in box.findChildren(type(dialog.expected_label)))
    assert "بله" in shown and "یک اسکناس ۱۰۰ هزاری دو بار داده شد" in shown and "۱۰۰٬۰۰۰" in shown
    assert box.isVisibleTo(z_report)  # in the dialog (its body scrolls on a small screen)
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_an_open_count_shows_the_expected_cash_and_by_default_asks_no_reason(
        qtbot, window, counter: CounterScreen, keyboard: Keyboard, demo_db: Path) -> None:
    db = open_database(demo_db)
    expected = shift_report(db, login(db, "clerk1", "1111")).cash["expected"]
    keyboard.press(Key.Key_F11, CTRL)
    dialog: CloseShiftDialog = wait_for_dialog(qtbot, CloseShiftDialog)
    wait_idle(qtbot, window)
    assert dialog.expected == expected
    count_into(dialog, expected - 50_000)
    assert "۵۰٬۰۰۰" in dialog.variance_label.text()
    keyboard.press(Key.Key_Return, CTRL)
    z_report = wait_for_dialog(qtbot, ShiftReportDialog)
    wait_idle(qtbot, window)
    shown = " ".join(label.text() for label in z_report.close_note.findChildren(type(dialog.expected_label)))
    assert "خیر" in shown and "دلیلی پرسیده نمی‌شود" in shown  # the office asks no reason (the default)
    keyboard.press(Key.Key_Return)


def test_an_open_count_beyond_the_threshold_asks_the_reason_while_counting(
        qtbot, window, counter: CounterScreen, keyboard: Keyboard, demo_db: Path) -> None:
    db = open_database(demo_db)
    owner = login(db, "owner", "1234")
    save_settings(db, owner, {}, {ASK_VARIANCE_REASON: True, VARIANCE_REASON_THRESHOLD: 100_000})
    expected = shift_report(db, login(db, "clerk1", "1111")).cash["expected"]
    keyboard.press(Key.Key_F11, CTRL)
    dialog: CloseShiftDialog = wait_for_dialog(qtbot, CloseShiftDialog)
    wait_idle(qtbot, window)
    last = dialog.counter.fields[DENOMINATIONS[-1]]
    count_into(dialog, expected - 50_000)  # within what the office lets pass: no reason asked
    last.setFocus()
    keyboard.press(Key.Key_Return)  # Enter on the last note
    assert not dialog.reason.isVisible() and dialog.close_button.hasFocus()
    for field in dialog.counter.fields.values():
        field.clear()
    count_into(dialog, expected + 500_000)  # 500,000 over
    assert not dialog.reason.isVisible()  # not while counting
    last.setFocus()
    keyboard.press(Key.Key_Return)  # counted: the reason is asked now, before trying to close
    assert dialog.reason.isVisible() and dialog.reason.hasFocus() and "۵۰۰٬۰۰۰" in dialog.variance_label.text()
    keyboard.type("تنخواه فردا زودتر در کشو گذاشته شد")
    keyboard.press(Key.Key_Return)
    z_report: ShiftReportDialog = wait_for_dialog(qtbot, ShiftReportDialog)
    wait_idle(qtbot, window)
    shown = " ".join(label.text() for label in z_report.close_note.findChildren(type(dialog.expected_label)))
    assert "خیر" in shown and "تنخواه فردا زودتر در کشو گذاشته شد" in shown and "۱۰۰٬۰۰۰" in shown
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_a_blind_count_recounted_after_the_difference_showed_keeps_the_first_count_on_the_z_report(
        qtbot, window, counter: CounterScreen, keyboard: Keyboard, demo_db: Path) -> None:
    """The clerk counts blind, is shown the difference, then changes the count to fit: the Z report on
    screen shows what was counted before the difference was shown."""
    expected = blind_count_asking_a_reason(demo_db)
    keyboard.press(Key.Key_F11, CTRL)
    dialog: CloseShiftDialog = wait_for_dialog(qtbot, CloseShiftDialog)
    wait_idle(qtbot, window)
    count_into(dialog, expected - 200_000)
    keyboard.press(Key.Key_Return, CTRL)
    wait_idle(qtbot, window)
    assert dialog.reason.isVisible()  # refused: the difference is shown
    for field in dialog.counter.fields.values():
        field.clear()
    count_into(dialog, expected)  # recounted to fit: no reason needed now
    keyboard.press(Key.Key_Return, CTRL)
    z_report: ShiftReportDialog = wait_for_dialog(qtbot, ShiftReportDialog)
    wait_idle(qtbot, window)
    box = z_report.close_note  # type: ignore[attr-defined]
    shown = " ".join(label.text() for label in box.findChildren(type(dialog.expected_label)))
    assert "شمارش پیش از نمایش اختلاف" in shown
    assert window.desk.money(expected - 200_000, with_unit=True) in shown
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
