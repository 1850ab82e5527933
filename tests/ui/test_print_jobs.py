"""Receipts left in the print spool by a printer fault survive a restart: the counter says so, the
«چاپ‌های مانده» window lists them, prints them again on the printer set up now, or discards them
(the sale itself stays recorded)."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui_helpers import Keyboard, sell, start_window, use_printer, wait_for_dialog, wait_idle

from app.db import open_database
from app.services.auth import login
from app.services.receipts import load_receipt, receipt_prints
from app.services.shifts import open_shift
from app.text import to_persian_digits
from printing import service as print_service
from printing.jobs import SUFFIX
from ui.counter import CounterScreen
from ui.main_window import MainWindow
from ui.print_jobs import PRINT_JOBS_KEYS, PrintJobsDialog
from ui.receipt_preview import ReceiptPreviewDialog

Key = Qt.Key
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier




def log_in(qtbot, window: MainWindow, keyboard: Keyboard) -> CounterScreen:  # type: ignore[no-untyped-def]
    keyboard.press(Key.Key_Down)
    keyboard.type("1111")
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), CounterScreen), timeout=20_000)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not window.printer.busy, timeout=20_000)
    return window.stack.currentWidget()


def fa(number: int) -> str:
    return to_persian_digits(str(number))


@pytest.fixture
def left_unprinted(qtbot, qt_app, demo_db: Path, spool: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                   keyboard: Keyboard, monkeypatch: pytest.MonkeyPatch) -> tuple[MainWindow, int]:
    """A sale whose receipt the unplugged printer refused, then the app closed and started again."""
    db = open_database(demo_db)
    open_shift(db, login(db, "clerk1", "1111"), 1_000_000)
    db.close()
    use_printer(demo_db, tmp_path / "unplugged" / "printer.bin")  # its folder does not exist: a fault
    first = start_window(qtbot, demo_db)
    log_in(qtbot, first, keyboard)
    preview: ReceiptPreviewDialog = sell(qtbot, first, keyboard)
    assert preview.status.kind == "error" and preview.kept_job
    number = preview.data.receipt_number
    assert len(list(spool.glob(f"*{SUFFIX}"))) == 1
    preview.accept()
    first.close()  # the clerk closes the app; the job stays on disk
    print_service.forget_spools()  # a new process: the queue is read from the spool
    second = start_window(qtbot, demo_db)
    return second, number


def open_print_jobs(qtbot, window: MainWindow, keyboard: Keyboard) -> PrintJobsDialog:  # type: ignore[no-untyped-def]
    keyboard.press(Key.Key_P, CTRL | SHIFT)
    dialog: PrintJobsDialog = wait_for_dialog(qtbot, PrintJobsDialog)
    qtbot.waitUntil(lambda: not window.printer.busy and not dialog.busy, timeout=20_000)
    return dialog


def test_after_a_restart_the_counter_says_receipts_wait_and_print_again_sends_them(
        qtbot, left_unprinted, keyboard: Keyboard, demo_db: Path, spool: Path, tmp_path: Path) -> None:
    window, number = left_unprinted
    counter = log_in(qtbot, window, keyboard)
    assert counter.message.isVisible() and counter.message.kind == "info"
    assert counter.message.text() == ("۱ رسید یا گزارش هنوز چاپ نشده است. برای دیدن و چاپ دوباره‌ی آن‌ها "
                                      "\u2066Ctrl+Shift+P\u2069 را بزنید.")
    button = counter.print_jobs_button  # in the header: this shift's receipts not printed; names the key
    assert button.isVisible() and button.text() == "رسید چاپ‌نشده: ۱  (\u2066Ctrl+Shift+P\u2069)"
    assert button.toolTip() == "رسیدهای این نوبت که هنوز چاپ نشده‌اند — میان‌بر: \u2066Ctrl+Shift+P\u2069"
    assert PRINT_JOBS_KEYS == ["Ctrl+Shift+P"]

    dialog = open_print_jobs(qtbot, window, keyboard)
    assert dialog.windowTitle() == "چاپ‌های مانده"
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == f"رسید {fa(number)}"
    assert dialog.table.item(0, 1).text().startswith("۱۴")  # a Jalali date in Persian digits
    assert "چاپگر" in dialog.table.item(0, 2).text()  # why it failed, in Persian
    assert dialog.jobs[0].receipt_number == number

    fixed = tmp_path / "fixed" / "printer.bin"  # the owner points the settings at the working printer
    fixed.parent.mkdir()
    use_printer(demo_db, fixed)
    keyboard.press(Key.Key_P, CTRL)  # Print again
    qtbot.waitUntil(lambda: not window.printer.busy and not dialog.busy, timeout=20_000)
    assert dialog.status.text() == "چاپ شد."
    assert fixed.read_bytes().startswith(b"\x1b@") and fixed.stat().st_size > 1000
    assert dialog.table.rowCount() == 0 and dialog.empty.isVisible()
    assert not list(spool.glob(f"*{SUFFIX}"))
    db = open_database(demo_db)  # the failed first print, sent again, was the original: logged as such
    assert [(p.kind, p.destination) for p in receipt_prints(db, number)] == [("original", str(fixed))]
    db.close()

    keyboard.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: not window.printer.busy, timeout=20_000)
    assert not counter.message.isVisible()  # nothing waits any more: the notice goes
    assert counter.print_jobs_button.text().startswith("رسید چاپ‌نشده: ۰")


def test_print_all_reports_a_printer_still_unplugged(qtbot, left_unprinted, keyboard: Keyboard) -> None:
    window, number = left_unprinted
    log_in(qtbot, window, keyboard)
    dialog = open_print_jobs(qtbot, window, keyboard)
    keyboard.press(Key.Key_A, CTRL | SHIFT)  # Print all, the printer still unplugged
    qtbot.waitUntil(lambda: not window.printer.busy and not dialog.busy, timeout=20_000)
    assert dialog.status.kind == "error" and f"رسید {fa(number)} چاپ نشد" in dialog.status.text()
    assert dialog.table.rowCount() == 1 and dialog.jobs[0].attempts >= 2


def test_discard_takes_the_job_out_but_the_sale_stays_recorded(qtbot, left_unprinted, keyboard: Keyboard,
                                                               demo_db: Path, spool: Path) -> None:
    window, number = left_unprinted
    log_in(qtbot, window, keyboard)
    dialog = open_print_jobs(qtbot, window, keyboard)
    keyboard.press(Key.Key_Delete)
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible())
    box = dialog.confirm_box
    assert box is not None
    # Never delivered, it is printed later as its original, not a copy.
    assert "فروش ثبت‌شده باقی می‌ماند" in box.text() and "فهرست امروز" in box.text() and "اصل" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not window.printer.busy and not dialog.busy, timeout=20_000)
    assert not list(spool.glob(f"*{SUFFIX}")) and len(print_service.spool()) == 0
    # Out of the queue, not out of mind: the receipt is still listed as never sent, and counted.
    assert dialog.table.rowCount() == 1 and "فرستاده نشده" in dialog.table.item(0, 2).text()
    db = open_database(demo_db)
    assert load_receipt(db, number).receipt_number == number  # the sale is still in the database
    db.close()


def test_cancelling_the_discard_keeps_the_job(qtbot, left_unprinted, keyboard: Keyboard, spool: Path) -> None:
    window, _number = left_unprinted
    log_in(qtbot, window, keyboard)
    dialog = open_print_jobs(qtbot, window, keyboard)
    dialog.discard_button.click()
    qtbot.waitUntil(lambda: dialog.confirm_box is not None and dialog.confirm_box.isVisible())
    dialog.confirm_box.button(QMessageBox.StandardButton.No).click()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not window.printer.busy and not dialog.busy, timeout=20_000)
    assert dialog.table.rowCount() == 1 and len(list(spool.glob(f"*{SUFFIX}"))) == 1


def test_no_notice_when_nothing_waits(qtbot, spool: Path, window, keyboard: Keyboard, demo_db: Path) -> None:
    db = open_database(demo_db)
    open_shift(db, login(db, "clerk1", "1111"), 1_000_000)
    db.close()
    counter = log_in(qtbot, window, keyboard)
    assert not counter.message.isVisible() and counter.print_jobs_button.text().startswith("رسید چاپ‌نشده: ۰")
    dialog = open_print_jobs(qtbot, window, keyboard)
    assert dialog.table.rowCount() == 0 and dialog.empty.isVisible() and not dialog.retry_button.isEnabled()
