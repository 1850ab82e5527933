"""After the sale: the receipt printed (and a printer fault that loses nothing), reprints marked as copies,
and cash put into or taken out of the drawer."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import Keyboard, sell, use_printer, wait_for_dialog, wait_idle

from app.db import open_database
from app.services.auth import login
from app.services.shifts import shift_report
from ui.cash_movement import CashMovementDialog
from ui.receipt_preview import ReceiptPreviewDialog
from ui.todays_list import TodaysListDialog

Key = Qt.Key





def test_the_receipt_prints_after_saving(qtbot, window, counter, keyboard: Keyboard, demo_db: Path,
                                         tmp_path: Path) -> None:
    paper = tmp_path / "printer.bin"
    use_printer(demo_db, paper)
    preview = sell(qtbot, window, keyboard)
    assert preview.status.text() == "چاپ شد."
    assert paper.read_bytes().startswith(b"\x1b@")  # ESC @: the printer was initialised, then the image
    assert preview.image.pixmap().width() == 576
    assert preview.heading.text() == f"رسید {preview.data.receipt_number} ثبت شد".replace(
        str(preview.data.receipt_number), "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in str(preview.data.receipt_number)))


def test_a_printer_fault_is_explained_and_can_be_retried(qtbot, window, counter, keyboard: Keyboard,
                                                         demo_db: Path, tmp_path: Path) -> None:
    paper = tmp_path / "unplugged" / "printer.bin"
    use_printer(demo_db, paper)
    preview = sell(qtbot, window, keyboard)
    assert preview.status.kind == "error" and preview.kept_job
    assert "چاپ" in preview.print_button.text()
    paper.parent.mkdir()
    keyboard.press(Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.printer.busy)
    assert preview.status.text() == "چاپ شد." and paper.stat().st_size > 1000


def test_reprint_from_todays_list_is_a_copy(qtbot, window, counter, keyboard: Keyboard, demo_db: Path,
                                            tmp_path: Path) -> None:
    use_printer(demo_db, tmp_path / "printer.bin")
    preview = sell(qtbot, window, keyboard)
    assert preview.status.text() == "چاپ شد."  # the original reached the printer
    number = preview.data.receipt_number
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: not preview.isVisible())
    keyboard.press(Key.Key_F9)
    todays: TodaysListDialog = wait_for_dialog(qtbot, TodaysListDialog)
    wait_idle(qtbot, window)
    keyboard.press(Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    copy: ReceiptPreviewDialog = wait_for_dialog(qtbot, ReceiptPreviewDialog)
    assert copy.data.copy and copy.data.receipt_number == number
    assert copy.heading.text().startswith("المثنای رسید")
    assert todays.isVisible()


def test_a_receipt_that_never_reached_a_printer_is_reprinted_as_the_original(
        qtbot, window, counter, keyboard: Keyboard, demo_db: Path) -> None:
    preview = sell(qtbot, window, keyboard)  # no printer set up: nothing was delivered
    assert preview.status.kind != "error" and not preview.printed
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: not preview.isVisible())
    keyboard.press(Key.Key_F9)
    wait_for_dialog(qtbot, TodaysListDialog)
    wait_idle(qtbot, window)
    keyboard.press(Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    again: ReceiptPreviewDialog = wait_for_dialog(qtbot, ReceiptPreviewDialog)
    assert not again.data.copy and again.data.receipt_number == preview.data.receipt_number
    assert again.heading.text().startswith("رسید")


def test_cash_out_with_a_reason_changes_what_the_drawer_should_hold(qtbot, window, counter, keyboard: Keyboard,
                                                                   demo_db: Path) -> None:
    keyboard.press(Key.Key_F10)
    dialog: CashMovementDialog = wait_for_dialog(qtbot, CashMovementDialog)
    keyboard.type("300000")
    keyboard.press(Key.Key_Return)
    wait_idle(qtbot, window)
    assert dialog.isVisible() and dialog.message.text() == "ذکر علت لازم است."
    dialog.reason.setFocus()
    keyboard.type("واریز به بانک")
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    db = open_database(demo_db)
    cash = shift_report(db, login(db, "clerk1", "1111")).cash
    assert cash["cash_out"] == 300_000 and cash["expected"] == 700_000
    assert "۳۰۰٬۰۰۰" in window.statusBar().currentMessage()
