"""The clerk's screens and dialogs on every monitor size: nothing outside the window, nothing cut."""
from __future__ import annotations

from pathlib import Path

import pytest
from fit_helpers import assert_dialog_fits, assert_window_fits
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import Keyboard, start_window, wait_for_dialog, wait_idle

from ui.cash_movement import CashMovementDialog
from ui.close_shift import CloseShiftDialog
from ui.counter import CounterScreen
from ui.lines_model import TRACKING
from ui.payment_dialog import PaymentDialog
from ui.receipt_preview import ReceiptPreviewDialog
from ui.shift_report import ShiftReportDialog
from ui.todays_list import TodaysListDialog
from ui.void_dialog import VoidDialog

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def busy_visit(counter: CounterScreen) -> None:
    """A long name, a bill with a large agency fee, a tracking code, a citizen: the widest visit."""
    for code in ("1001", "2001", "1004"):
        counter.add_service(counter.search.by_code(code), 1)
    counter.lines.setData(counter.lines.index(0, TRACKING), "14030912-8876")
    counter.lines.setData(counter.lines.index(1, 3), "12500000")
    counter.citizen.national_id.setText("0013542419")
    counter.citizen.name.setText("علی‌اکبر محمدی")
    counter.focus_search()


def test_the_counter_fits_every_monitor(qtbot, window, counter: CounterScreen, monkeypatch) -> None:
    busy_visit(counter)
    counter.message.show_error("کد ملی واردشده درست نیست؛ آن را درست کنید یا پاک کنید تا بدون آن پرداخت شود.")
    assert_window_fits(qtbot, window, monkeypatch)
    # The visit's table never hides a column behind a scroll bar, and the total is never cut.
    assert counter.table.horizontalScrollBar().maximum() == 0
    assert counter.total_label.width() >= counter.total_label.sizeHint().width()


def test_login_and_opening_a_shift_fit_every_monitor(qtbot, window, keyboard: Keyboard, monkeypatch) -> None:
    window.screens["login"].message.show_error("رمز اشتباه است. ۴ بار دیگر می‌توانید امتحان کنید.")
    assert_window_fits(qtbot, window, monkeypatch)
    keyboard.press(Key.Key_Down)
    keyboard.type("1111")
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.screens.get("open_shift"), timeout=20_000)
    assert_window_fits(qtbot, window, monkeypatch)


def test_the_first_run_fits_every_monitor(qtbot, qt_app, tmp_path: Path, monkeypatch) -> None:
    window = start_window(qtbot, tmp_path / "new.db")
    screen = window.stack.currentWidget()
    assert_window_fits(qtbot, window, monkeypatch)
    screen.show_form()
    assert_window_fits(qtbot, window, monkeypatch)


def test_payment_and_receipt_fit_every_monitor(qtbot, window, counter: CounterScreen, keyboard: Keyboard,
                                               monkeypatch) -> None:
    busy_visit(counter)

    def payment() -> PaymentDialog:
        keyboard.press(Key.Key_F12)
        return wait_for_dialog(qtbot, PaymentDialog)

    assert_dialog_fits(qtbot, payment, monkeypatch)

    def receipt() -> ReceiptPreviewDialog:
        if not counter.lines.rowCount():
            counter.add_service(counter.search.by_code("1001"), 1)
        keyboard.press(Key.Key_F12)
        wait_for_dialog(qtbot, PaymentDialog)
        keyboard.press(Key.Key_Return)
        dialog = wait_for_dialog(qtbot, ReceiptPreviewDialog)
        qtbot.waitUntil(lambda: not window.printer.busy and not window.runner.busy, timeout=20_000)
        return dialog

    assert_dialog_fits(qtbot, receipt, monkeypatch)


def test_the_clerks_other_dialogs_fit_every_monitor(qtbot, window, counter: CounterScreen, keyboard: Keyboard,
                                                    monkeypatch) -> None:
    counter.add_service(counter.search.by_code("1001"), 1)
    counter.pay()
    wait_for_dialog(qtbot, PaymentDialog).accept()
    wait_for_dialog(qtbot, ReceiptPreviewDialog).accept()
    wait_idle(qtbot, window)

    def opened(key: Key, kind: type, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
        def open_it():  # type: ignore[no-untyped-def]
            keyboard.press(key, modifier)
            dialog = wait_for_dialog(qtbot, kind)
            wait_idle(qtbot, window)
            return dialog
        return open_it

    assert_dialog_fits(qtbot, opened(Key.Key_F9, TodaysListDialog), monkeypatch)
    assert_dialog_fits(qtbot, opened(Key.Key_F10, CashMovementDialog), monkeypatch)
    assert_dialog_fits(qtbot, opened(Key.Key_F11, ShiftReportDialog), monkeypatch)
    assert_dialog_fits(qtbot, opened(Key.Key_F11, CloseShiftDialog, CTRL), monkeypatch)

    def void() -> VoidDialog:
        keyboard.press(Key.Key_F9)
        todays = wait_for_dialog(qtbot, TodaysListDialog)
        wait_idle(qtbot, window)
        todays.void()
        dialog = wait_for_dialog(qtbot, VoidDialog)
        dialog.finished.connect(lambda _c: todays.reject())
        return dialog

    assert_dialog_fits(qtbot, void, monkeypatch)


@pytest.mark.parametrize("blind", [False])
def test_the_z_report_fits_every_monitor_with_its_buttons_in_view(qtbot, window, counter: CounterScreen,
                                                                 monkeypatch, blind: bool) -> None:
    from app.services.shifts import close_shift, shift_report

    db, actor = window.desk.db, window.desk.actor
    report = close_shift(db, actor, shift_report(db, actor).cash["expected"] - 5_000)

    def z_report() -> ShiftReportDialog:
        return window._show_report(report)

    assert_dialog_fits(qtbot, z_report, monkeypatch)
    dialog = z_report()
    qtbot.waitUntil(dialog.isVisible)
    for button in (dialog.close_button, dialog.print_button):
        assert button.isVisible() and button.visibleRegion().boundingRect().height() == button.height()
    dialog.reject()
    QApplication.processEvents()


def test_parking_and_the_owners_dialogs_fit_every_monitor(qtbot, window, counter: CounterScreen,
                                                          keyboard: Keyboard, monkeypatch) -> None:
    from ui.admin_restore import AdminRestoreDialog
    from ui.admin_staff import PinDialog, StaffDialog
    from ui.parking import ParkDialog, ParkedVisitsDialog
    from ui.print_jobs import PrintJobsDialog

    busy_visit(counter)

    def park() -> ParkDialog:
        keyboard.press(Key.Key_N, CTRL)
        return wait_for_dialog(qtbot, ParkDialog)

    assert_dialog_fits(qtbot, park, monkeypatch)
    counter.park("علی‌اکبر محمدی — بازگشت با شناسنامه")

    def parked() -> ParkedVisitsDialog:
        keyboard.press(Key.Key_H, CTRL | Qt.KeyboardModifier.ShiftModifier)
        return wait_for_dialog(qtbot, ParkedVisitsDialog)

    assert_dialog_fits(qtbot, parked, monkeypatch)
    desk = window.desk
    for make in (lambda: StaffDialog(["owner", "manager", "clerk"], window),
                 lambda: PinDialog("محمدحسین رضایی", window),
                 lambda: AdminRestoreDialog(desk, None, window),
                 lambda: PrintJobsDialog(desk, window)):
        def opened(make=make):  # type: ignore[no-untyped-def]
            dialog = make()
            dialog.open()
            wait_idle(qtbot, window)
            return dialog

        assert_dialog_fits(qtbot, opened, monkeypatch)


def test_closing_with_the_reason_asked_fits_every_monitor(qtbot, window, counter: CounterScreen,
                                                          keyboard: Keyboard, monkeypatch) -> None:
    """The reason's row appears once the drawer is counted: on a 768-pixel screen, with the warning of
    a receipt not printed and a visit parked showing too, the dialog's body scrolls and the reason and
    the buttons stay in view."""
    from app.services.auth import login
    from app.services.office import save_settings
    from app.services.shifts import DENOMINATIONS
    from app.settings_registry import ASK_VARIANCE_REASON, VARIANCE_REASON_THRESHOLD

    db = window.desk.db
    owner = login(db, "owner", "1234")
    save_settings(db, owner, {}, {ASK_VARIANCE_REASON: True, VARIANCE_REASON_THRESHOLD: 1000})
    counter.add_service(counter.search.by_code("1001"), 1)
    counter.pay()
    wait_for_dialog(qtbot, PaymentDialog).accept()
    wait_for_dialog(qtbot, ReceiptPreviewDialog).accept()  # no printer: a receipt not printed
    wait_idle(qtbot, window)
    counter.add_service(counter.search.by_code("1001"), 1)
    counter.park("حسن رحیمی")

    def closing() -> CloseShiftDialog:
        keyboard.press(Key.Key_F11, CTRL)
        dialog: CloseShiftDialog = wait_for_dialog(qtbot, CloseShiftDialog)
        wait_idle(qtbot, window)
        short = (dialog.expected or 0) - 5_000
        for note in DENOMINATIONS:
            count, short = divmod(short, note)
            dialog.counter.fields[note].setText(str(count) if count else "")
        dialog.counter.fields[DENOMINATIONS[-1]].setFocus()
        keyboard.press(Key.Key_Return)  # counted: the reason is asked
        QApplication.processEvents()
        assert dialog.reason.isVisible() and dialog.reason.hasFocus() and dialog.message.isVisible()
        for shown in (dialog.reason, dialog.close_button, dialog.cancel_button):
            seen = shown.visibleRegion().boundingRect()
            assert seen.height() == shown.height() and seen.width() == shown.width(), type(shown).__name__
        return dialog

    assert_dialog_fits(qtbot, closing, monkeypatch)
