"""No citizen leaves without a receipt unnoticed (issue 13): every sale is printed or not printed in the
books; the counter's header counts this shift's receipts not printed at all times, after every failed
and every successful print; the waiting list holds them all, those saved before a printer was set up
too; today's list shows each visit's state and prints a receipt never printed as its original."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import Keyboard, sell, use_printer, wait_for_dialog, wait_idle

from app.db import open_database
from app.services.receipts import receipt_prints
from app.text import to_persian_digits
from ui.counter import CounterScreen
from ui.print_jobs import PrintJobsDialog
from ui.receipt_preview import ReceiptPreviewDialog
from ui.todays_list import TodaysListDialog

Key = Qt.Key
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier




def sell_and_go_on(qtbot, window, keyboard: Keyboard) -> ReceiptPreviewDialog:  # type: ignore[no-untyped-def]
    """A one-service cash visit, its receipt's print tried, then Enter: the next citizen."""
    preview: ReceiptPreviewDialog = sell(qtbot, window, keyboard)
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    wait_idle(qtbot, window)
    return preview


def shown_count(counter: CounterScreen) -> str:
    return counter.print_jobs_button.text().split("  ")[0]


def fa(number: int) -> str:
    return to_persian_digits(str(number))


def test_a_failed_print_stays_counted_on_the_counter_until_the_receipt_is_printed(
        qtbot, spool: Path, window, counter: CounterScreen, keyboard: Keyboard, demo_db: Path, tmp_path: Path) -> None:
    button = counter.print_jobs_button
    assert button.isVisible() and shown_count(counter) == "رسید چاپ‌نشده: ۰"  # at all times, none yet
    paper = tmp_path / "unplugged" / "printer.bin"  # the folder is missing: every print fails
    use_printer(demo_db, paper)
    first = sell_and_go_on(qtbot, window, keyboard)
    assert first.status.kind == "error"
    assert button.isVisible() and shown_count(counter) == "رسید چاپ‌نشده: ۱" and button.count == 1
    assert "#8a1c12" in button.styleSheet()  # red while one waits
    sell_and_go_on(qtbot, window, keyboard)
    assert shown_count(counter) == "رسید چاپ‌نشده: ۲"  # two waiting: said as two

    paper.parent.mkdir()  # the printer is back
    keyboard.press(Key.Key_P, CTRL | SHIFT)
    dialog: PrintJobsDialog = wait_for_dialog(qtbot, PrintJobsDialog)
    qtbot.waitUntil(lambda: not window.printer.busy and not dialog.busy, timeout=20_000)
    assert dialog.table.rowCount() == 2
    dialog.retry_selected()  # one of the two
    qtbot.waitUntil(lambda: not window.printer.busy and not dialog.busy, timeout=20_000)
    keyboard.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    wait_idle(qtbot, window)
    assert shown_count(counter) == "رسید چاپ‌نشده: ۱"
    db = open_database(demo_db)
    assert [p.kind for p in receipt_prints(db, first.data.receipt_number)] == ["original"]
    db.close()


def test_a_receipt_saved_before_a_printer_was_set_up_is_counted_listed_and_printed_as_its_original(
        qtbot, spool: Path, window, counter: CounterScreen, keyboard: Keyboard, demo_db: Path, tmp_path: Path) -> None:
    preview = sell_and_go_on(qtbot, window, keyboard)  # no printer yet: nothing is spooled
    number = preview.data.receipt_number
    assert not list(spool.glob("*.job.json"))
    assert shown_count(counter) == "رسید چاپ‌نشده: ۱"

    keyboard.press(Key.Key_P, CTRL | SHIFT)
    dialog: PrintJobsDialog = wait_for_dialog(qtbot, PrintJobsDialog)
    qtbot.waitUntil(lambda: not window.printer.busy and not dialog.busy, timeout=20_000)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == f"رسید {fa(number)}"
    assert "فرستاده نشده" in dialog.table.item(0, 2).text()  # why: never sent to a printer
    assert dialog.table.item(0, 1).text().startswith("۱۴")
    keyboard.press(Key.Key_Delete)  # nothing to take out of a queue: it stays listed
    assert dialog.confirm_box is None and "می‌ماند" in dialog.status.text() and dialog.table.rowCount() == 1

    paper = tmp_path / "printer.bin"
    use_printer(demo_db, paper)  # the owner sets a printer up
    keyboard.press(Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: not window.printer.busy and not dialog.busy, timeout=20_000)
    assert dialog.status.text() == "چاپ شد." and dialog.table.rowCount() == 0
    assert paper.stat().st_size > 1000
    db = open_database(demo_db)
    assert [(p.kind, p.copy_no) for p in receipt_prints(db, number)] == [("original", 0)]
    db.close()
    keyboard.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    wait_idle(qtbot, window)
    assert shown_count(counter) == "رسید چاپ‌نشده: ۰" and "#8a1c12" not in counter.print_jobs_button.styleSheet()


def test_todays_list_shows_each_receipts_state_and_prints_one_never_printed_as_its_original(
        qtbot, spool: Path, window, counter: CounterScreen, keyboard: Keyboard, demo_db: Path, tmp_path: Path) -> None:
    unprinted = sell_and_go_on(qtbot, window, keyboard).data.receipt_number  # before the printer
    use_printer(demo_db, tmp_path / "printer.bin")
    printed = sell_and_go_on(qtbot, window, keyboard).data.receipt_number
    assert shown_count(counter) == "رسید چاپ‌نشده: ۱"

    keyboard.press(Key.Key_F9)
    todays: TodaysListDialog = wait_for_dialog(qtbot, TodaysListDialog)
    wait_idle(qtbot, window)
    states = {row.receipt_number: todays.model.cell(row, 6) for row in todays.model.rows}
    assert states[printed] == "چاپ شده" and states[unprinted] == "چاپ نشده"
    assert "۱ رسید چاپ نشده" in todays.summary.text()
    assert todays.selected().receipt_number == printed  # newest first
    assert todays.reprint_button.text().startswith("چاپ المثنی")
    keyboard.press(Key.Key_Down)
    assert todays.selected().receipt_number == unprinted
    assert todays.reprint_button.text().startswith("چاپ اصل رسید")

    keyboard.press(Key.Key_R, CTRL)
    original: ReceiptPreviewDialog = wait_for_dialog(qtbot, ReceiptPreviewDialog)
    qtbot.waitUntil(lambda: not window.printer.busy and not window.runner.busy, timeout=20_000)
    assert not original.data.copy and original.heading.text().startswith("رسید")
    assert original.status.text() == "چاپ شد."
    assert shown_count(counter) == "رسید چاپ‌نشده: ۰"  # counted again as soon as it printed
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is todays)
    wait_idle(qtbot, window)
    row = next(r for r in todays.model.rows if r.receipt_number == unprinted)
    assert todays.model.cell(row, 6) == "چاپ شده" and todays.selected() == row
    assert todays.reprint_button.text().startswith("چاپ المثنی")  # printed once: a copy from now on
    keyboard.press(Key.Key_R, CTRL)
    copy: ReceiptPreviewDialog = wait_for_dialog(qtbot, ReceiptPreviewDialog)
    assert copy.data.copy and copy.heading.text().startswith("المثنای رسید")
    qtbot.waitUntil(lambda: not window.printer.busy and not window.runner.busy, timeout=20_000)


def test_closing_the_shift_says_which_receipts_were_never_printed(
        qtbot, spool: Path, window, counter: CounterScreen, keyboard: Keyboard) -> None:
    from ui.close_shift import CloseShiftDialog

    sell_and_go_on(qtbot, window, keyboard)  # no printer: its receipt never printed
    keyboard.press(Key.Key_F11, CTRL)
    dialog: CloseShiftDialog = wait_for_dialog(qtbot, CloseShiftDialog)
    wait_idle(qtbot, window)
    assert dialog.message.isVisible() and dialog.message.kind == "error"
    assert dialog.message.text().startswith("۱ رسید این نوبت چاپ نشده است") and "Ctrl+Shift+P" in dialog.message.text()
    keyboard.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
