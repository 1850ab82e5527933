"""Taking the money at a busy counter: round sums on F5–F8, the rest of a split filled in, amounts
grouped as they are typed, references in Persian digits stored as ASCII."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import Keyboard, wait_for_dialog, wait_idle

from app.db import open_database
from app.services.auth import login
from app.services.receipts import load_receipt
from app.services.sales_list import todays_sales
from ui.counter import CounterScreen
from ui.payment_dialog import PaymentDialog, quick_cash_amounts
from ui.receipt_preview import ReceiptPreviewDialog

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier


def test_round_sums_above_the_total() -> None:
    assert quick_cash_amounts(385_000) == [400_000, 500_000, 1_000_000, 2_000_000]
    assert quick_cash_amounts(2_984_000) == [3_000_000, 4_000_000, 5_000_000, 10_000_000]
    assert quick_cash_amounts(1_000_000) == [1_050_000, 1_100_000, 1_500_000, 2_000_000]  # not the total itself


def test_a_cash_visit_with_change_takes_at_most_eight_keys_after_the_code(qtbot, window, counter: CounterScreen,
                                                                          keyboard: Keyboard, demo_db: Path) -> None:
    keyboard.type("1001")
    keyboard.count = 0  # the budget starts after the service code
    keyboard.press(Key.Key_Return)  # adds the line
    keyboard.press(Key.Key_F12)  # pay
    payment: PaymentDialog = wait_for_dialog(qtbot, PaymentDialog)
    total = payment.total
    assert payment.quick_buttons[0].text().startswith(payment.desk.money(payment.quick_amounts[0]))
    assert "F5" in payment.quick_buttons[0].text()
    keyboard.press(Key.Key_F6)  # the citizen hands over the second round sum
    handed = payment.quick_amounts[1]
    assert payment.cash.rials() == handed and handed > total
    keyboard.press(Key.Key_Return)  # confirm
    preview: ReceiptPreviewDialog = wait_for_dialog(qtbot, ReceiptPreviewDialog)
    wait_idle(qtbot, window)
    assert payment.desk.money(handed - total, with_unit=True) in preview.change.text()
    keyboard.press(Key.Key_Return)  # next citizen
    qtbot.waitUntil(lambda: not preview.isVisible())
    assert keyboard.count <= 8, keyboard.count
    db = open_database(demo_db)
    sale = todays_sales(db, login(db, "clerk1", "1111"))[0]
    receipt = load_receipt(db, sale.receipt_number)
    assert [(p.method, p.amount) for p in receipt.payments] == [("cash", total)]


def test_typing_the_cash_part_fills_the_card_with_the_rest(qtbot, counter: CounterScreen,
                                                          keyboard: Keyboard) -> None:
    counter.add_service(counter.search.by_code("2001"), 1)
    keyboard.press(Key.Key_F12)
    payment: PaymentDialog = wait_for_dialog(qtbot, PaymentDialog)
    total = payment.total
    keyboard.press(Key.Key_1, ALT)  # the cash field
    keyboard.type("200000")
    assert payment.card.rials() == total - 200_000  # the clerk does no arithmetic
    keyboard.press(Key.Key_Return)  # the card's reference is still missing: said, and the cursor goes there
    assert payment.isVisible() and payment.message.kind == "error"
    assert QApplication.focusWidget() is payment.card_reference
    keyboard.type("402118")
    assert payment.card_reference.text() == "۴۰۲۱۱۸"  # Persian digits on screen
    assert payment.status.text() == "مبلغ دقیق"
    # Both parts typed by the clerk: nothing is filled in behind their back; what is missing is said.
    keyboard.press(Key.Key_2, ALT)
    keyboard.type("100000")
    assert payment.cash.rials() == 200_000 and payment.status.text().startswith("هنوز باید پرداخت شود")
    keyboard.press(Key.Key_Escape)


def test_split_recorded_with_references_in_ascii(qtbot, window, counter: CounterScreen, keyboard: Keyboard,
                                                 demo_db: Path) -> None:
    counter.add_service(counter.search.by_code("2001"), 1)
    keyboard.press(Key.Key_F12)
    payment: PaymentDialog = wait_for_dialog(qtbot, PaymentDialog)
    total = payment.total
    keyboard.press(Key.Key_1, ALT)
    keyboard.type("100000")
    payment.terminal.setFocus()
    payment.terminal.selectAll()
    keyboard.type("61234567")
    payment.card_reference.setFocus()
    keyboard.type("۴۰۲۱۱۸")
    assert payment.status.text() == "مبلغ دقیق"
    keyboard.press(Key.Key_Return)
    preview = wait_for_dialog(qtbot, ReceiptPreviewDialog)
    wait_idle(qtbot, window)
    receipt = load_receipt(open_database(demo_db), preview.data.receipt_number)
    paid = {p.method: p for p in receipt.payments}
    assert paid["cash"].amount == 100_000 and paid["card"].amount == total - 100_000
    assert paid["card"].reference == "402118" and paid["card"].terminal == "61234567"


def test_amounts_are_grouped_as_they_are_typed(qtbot, counter: CounterScreen, keyboard: Keyboard) -> None:
    counter.add_service(counter.search.by_code("1001"), 1)
    keyboard.press(Key.Key_F12)
    payment: PaymentDialog = wait_for_dialog(qtbot, PaymentDialog)
    payment.cash.selectAll()
    shown = []
    for digit in "5000000":
        keyboard.type(digit)
        shown.append(payment.cash.text())
    assert shown[-1] == "۵٬۰۰۰٬۰۰۰" and shown[3] == "۵٬۰۰۰"  # grouped while typing, a missing zero shows
    assert payment.cash.rials() == 5_000_000
    payment.cash.setCursorPosition(1)  # after «۵»: typing in the middle keeps the cursor among the digits
    keyboard.type("1")
    assert payment.cash.text() == "۵۱٬۰۰۰٬۰۰۰" and payment.cash.cursorPosition() == 2
    keyboard.press(Key.Key_Escape)
