"""The counter, driven from the keyboard: the short cash visit and a clerk's whole shift."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import Keyboard, wait_for_dialog, wait_idle

from app.db import open_database
from app.money import format_amount
from app.services.auth import login
from app.services.citizens import find_citizen
from app.services.receipts import load_receipt
from app.services.sales_list import todays_sales
from app.services.shifts import DENOMINATIONS, open_shift, shift_report
from ui.close_shift import CloseShiftDialog
from ui.counter import CounterScreen
from ui.login import LoginScreen
from ui.payment_dialog import PaymentDialog
from ui.receipt_preview import ReceiptPreviewDialog
from ui.shift_report import ShiftReportDialog
from ui.todays_list import TodaysListDialog
from ui.void_dialog import VoidDialog

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
VALID_ID = "0013542419"  # check digit 9
SECOND_ID = "1234567891"


def to_counter(qtbot, window, keyboard: Keyboard, downs: int, pin: str) -> CounterScreen:  # type: ignore[no-untyped-def]
    screen: LoginScreen = window.stack.currentWidget()
    for _ in range(downs):
        keyboard.press(Key.Key_Down)
    keyboard.type(pin)
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), CounterScreen), timeout=20_000)
    wait_idle(qtbot, window)
    counter: CounterScreen = window.stack.currentWidget()
    assert counter.search.catalogue, "the catalogue is loaded"
    assert screen is not counter
    return counter


def test_a_cash_visit_takes_at_most_eight_keystrokes_after_the_code(qtbot, window, keyboard: Keyboard,
                                                                     demo_db: Path) -> None:
    db = open_database(demo_db)
    open_shift(db, login(db, "clerk1", "1111"), 1_000_000)
    counter = to_counter(qtbot, window, keyboard, 1, "1111")
    keyboard.type("1001")
    keyboard.count = 0  # the budget starts after the service code
    keyboard.press(Key.Key_Return)  # adds the line
    assert counter.lines.rowCount() == 1
    keyboard.press(Key.Key_F12)  # pay
    payment = wait_for_dialog(qtbot, PaymentDialog)
    keyboard.press(Key.Key_Return)  # exact cash
    preview = wait_for_dialog(qtbot, ReceiptPreviewDialog)
    wait_idle(qtbot, window)
    keyboard.press(Key.Key_Return)  # next citizen
    qtbot.waitUntil(lambda: not preview.isVisible())
    assert keyboard.count <= 8
    qtbot.waitUntil(lambda: QApplication.focusWidget() is counter.search.edit)
    assert counter.lines.rowCount() == 0
    sales = todays_sales(db, login(db, "clerk1", "1111"))
    assert len(sales) == 1 and sales[0].methods == "cash" and not sales[0].voided
    receipt = load_receipt(db, sales[0].receipt_number)
    assert [line.service_code for line in receipt.lines] == ["1001"]
    assert receipt.payments[0].amount == receipt.grand_total == payment.total
    assert receipt.vat_total == receipt.office_total // 10  # 10% VAT added on the office fee


def close_dialog_with_enter(qtbot, keyboard: Keyboard, kind: type) -> None:  # type: ignore[no-untyped-def]
    dialog = wait_for_dialog(qtbot, kind)
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def pay(qtbot, window, keyboard: Keyboard, fill=None) -> tuple[PaymentDialog, ReceiptPreviewDialog]:  # type: ignore[no-untyped-def]
    keyboard.press(Key.Key_F12)
    payment: PaymentDialog = wait_for_dialog(qtbot, PaymentDialog)
    if fill:
        fill(payment)
    keyboard.press(Key.Key_Return)
    preview: ReceiptPreviewDialog = wait_for_dialog(qtbot, ReceiptPreviewDialog)
    wait_idle(qtbot, window)
    shown = preview.heading.text(), preview.change.text() if preview.change.isVisible() else ""
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: not preview.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.screens["counter"].search.edit)
    preview.shown = shown  # type: ignore[attr-defined]
    return payment, preview


def denominations_for(amount: int) -> dict[int, int]:
    counts = {}
    for note in DENOMINATIONS:
        counts[note], amount = divmod(amount, note)
    assert amount == 0
    return {n: c for n, c in counts.items() if c}


def test_a_clerks_whole_shift_from_the_keyboard(qtbot, window, keyboard: Keyboard, demo_db: Path) -> None:
    """Done when: log in, open a shift, serve five citizens (two services; card; split), void one with
    the manager's PIN, close the shift with the right variance; then look at what the database holds."""
    # Log in as clerk1 and open the shift with a float of 2,000,000 typed as a total.
    screen: LoginScreen = window.stack.currentWidget()
    keyboard.press(Key.Key_Down)
    keyboard.type("1111")
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.screens.get("open_shift"), timeout=20_000)
    keyboard.type("2000000")
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), CounterScreen), timeout=20_000)
    wait_idle(qtbot, window)
    counter: CounterScreen = window.stack.currentWidget()
    assert screen.username() == "clerk1"

    # 1. Two services for a citizen with a national ID and a name; cash handed over with change.
    keyboard.press(Key.Key_I, CTRL)
    keyboard.type(VALID_ID)
    assert "✓" in counter.citizen.id_state.text()
    keyboard.press(Key.Key_Return)
    keyboard.type("علی‌اکبر محمدی")
    keyboard.press(Key.Key_F, CTRL)
    keyboard.type("1001")
    keyboard.press(Key.Key_Return)
    keyboard.type("اثر انگشت")  # found by name: «اخذ اثر انگشت و عکس کارت هوشمند» (1004)
    keyboard.press(Key.Key_Return)
    assert [line.service.code for line in counter.lines.lines] == ["1001", "1004"]
    total_1 = counter.lines.totals()["line_total"]
    assert counter.total_label.text().startswith(format_amount(total_1))

    def hand_over_a_round_sum(payment: PaymentDialog) -> None:
        payment.cash.selectAll()
        keyboard.type("1000000")

    payment, preview = pay(qtbot, window, keyboard, hand_over_a_round_sum)
    assert payment.change_due == 1_000_000 - total_1
    assert format_amount(1_000_000 - total_1) in preview.shown[1]

    # 2. Paid on the card reader: F2 puts the whole total on the card, then terminal and reference.
    keyboard.type("5001")
    keyboard.press(Key.Key_Return)

    def by_card(payment: PaymentDialog) -> None:
        keyboard.press(Key.Key_F2)
        assert payment.card_reference.hasFocus()
        keyboard.type("778899")
        payment.terminal.setText("T-1024")

    pay(qtbot, window, keyboard, by_card)

    # 3. A parcel whose postage (agency fee) is typed per case, split between card and cash.
    keyboard.type("2001")
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not counter.search.edit)  # the fee cell opens
    keyboard.press(Key.Key_A, CTRL)
    keyboard.type("620000")
    keyboard.press(Key.Key_Return)  # the table commits the edit on its next turn of the event loop
    qtbot.waitUntil(lambda: counter.lines.prices[0]["agency_fee"] == 620_000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is counter.search.edit)
    total_3 = counter.lines.totals()["line_total"]

    def split(payment: PaymentDialog) -> None:
        keyboard.press(Key.Key_2, Qt.KeyboardModifier.AltModifier)
        keyboard.type("500000")
        assert payment.cash.rials() == total_3 - 500_000  # cash takes the rest by itself
        payment.card_reference.setFocus()
        keyboard.type("123456")

    pay(qtbot, window, keyboard, split)

    # 4. A returning citizen: the name fills itself in from visit 1.
    keyboard.press(Key.Key_I, CTRL)
    keyboard.type(VALID_ID)
    wait_idle(qtbot, window)
    assert counter.citizen.name.text() == "علی‌اکبر محمدی"
    keyboard.press(Key.Key_F, CTRL)
    keyboard.press(Key.Key_F8)  # favourite 8: پیگیری وضعیت کارت هوشمند (1007)
    assert counter.lines.lines[0].service.code == "1007"
    _payment, preview_4 = pay(qtbot, window, keyboard)
    receipt_4 = int(preview_4.data.receipt_number)

    # 5. Another citizen, two of the same service in one go, paid by bank transfer.
    keyboard.press(Key.Key_I, CTRL)
    keyboard.type(SECOND_ID)
    keyboard.press(Key.Key_F, CTRL)
    keyboard.type("2*3004")
    keyboard.press(Key.Key_Return)
    assert counter.lines.lines[0].quantity == 2

    def by_transfer(payment: PaymentDialog) -> None:
        keyboard.press(Key.Key_F3)
        assert payment.transfer_reference.hasFocus()
        keyboard.type("IR-99812")

    pay(qtbot, window, keyboard, by_transfer)

    # Void visit 4 from today's list, approved by the owner's PIN in the same dialog.
    keyboard.press(Key.Key_F9)
    todays: TodaysListDialog = wait_for_dialog(qtbot, TodaysListDialog)
    wait_idle(qtbot, window)
    assert todays.model.rowCount() == 5
    assert todays.selected().receipt_number == receipt_4 + 1  # newest first
    keyboard.press(Key.Key_Down)
    assert todays.selected().receipt_number == receipt_4
    keyboard.press(Key.Key_D, CTRL)
    void: VoidDialog = wait_for_dialog(qtbot, VoidDialog)
    keyboard.type("مراجعه‌کننده منصرف شد")
    keyboard.press(Key.Key_Return)
    assert void.message.text() == "مدیر برای تأیید رمز خود را وارد کند."
    void.pin.setFocus()
    keyboard.type("1234")
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: not void.isVisible(), timeout=20_000)
    wait_idle(qtbot, window)
    states = {r.receipt_number: todays.model.cell(r, 6) for r in todays.model.rows}
    assert states[receipt_4] == "باطل شده" and list(states.values()).count("باطل شده") == 1
    keyboard.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not todays.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is counter.search.edit)

    # Close the shift: count the drawer one 1,000-rial note short.
    db = open_database(window.db_path)
    clerk = login(db, "clerk1", "1111")
    expected = shift_report(db, clerk).cash["expected"]
    keyboard.press(Key.Key_F11, CTRL)
    closing: CloseShiftDialog = wait_for_dialog(qtbot, CloseShiftDialog)
    wait_idle(qtbot, window)
    assert closing.expected_label.text() == format_amount(expected, with_unit=True)
    notes = denominations_for(expected - 1_000)
    for note in DENOMINATIONS:
        if note in notes:
            keyboard.type(str(notes[note]))
        keyboard.press(Key.Key_Return)  # next note
    assert closing.variance_label.text() == "۱٬۰۰۰ ریال کسری"
    keyboard.press(Key.Key_Return, CTRL)
    z_report: ShiftReportDialog = wait_for_dialog(qtbot, ShiftReportDialog)
    assert z_report.values["variance"].text() == "۱٬۰۰۰ ریال کسری"
    # Five sales, one voided: four visits (net, as the money is), one void beside.
    assert z_report.values["visits"].text() == "۴" and z_report.values["voids"].text() == "۱"
    assert z_report.values["unprinted"].text() == "۴"  # no printer set up here: no citizen was handed one
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), LoginScreen))
    wait_idle(qtbot, window)

    # What the database now holds.
    sales = todays_sales(db, clerk)
    assert len(sales) == 5
    assert [s.voided for s in sales].count(True) == 1 and next(s for s in sales if s.voided).receipt_number == receipt_4
    methods = sorted(s.methods for s in sales)
    assert methods == sorted(["cash", "card", "card,cash", "cash", "transfer"])
    split_sale = load_receipt(db, next(s.receipt_number for s in sales if s.methods == "card,cash"))
    assert {p.method: p.amount for p in split_sale.payments} == {"card": 500_000, "cash": total_3 - 500_000}
    assert split_sale.lines[0].agency_amount == 620_000
    transfer_sale = load_receipt(db, next(s.receipt_number for s in sales if s.methods == "transfer"))
    assert transfer_sale.payments[0].reference == "IR-99812" and transfer_sale.lines[0].quantity == 2
    card_sale = load_receipt(db, next(s.receipt_number for s in sales if s.methods == "card"))
    assert (card_sale.payments[0].terminal, card_sale.payments[0].reference) == ("T-1024", "778899")
    assert find_citizen(db, VALID_ID)["name"] == "علی‌اکبر محمدی"  # type: ignore[index]
    z = shift_report(db, clerk, z_report.report.shift_id)
    assert z.closed_at is not None and z.counted_cash == expected - 1_000 and z.variance == -1_000
    assert z.totals.visits == 5 and z.totals.voids == 1 and z.cash["opening_float"] == 2_000_000
    assert z.cash["cash_refunds"] == preview_4.data.grand_total
