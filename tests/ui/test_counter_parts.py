"""The counter's parts on their own: search in any spelling, tariff rules in the lines, the citizen panel,
the payment arithmetic, keyboard order and the layout at counter screen sizes."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from ui_helpers import Keyboard, wait_for_dialog

from ui.counter import CounterScreen
from ui.lines_model import AGENCY_FEE, OFFICE_FEE, QUANTITY, TRACKING, VAT
from ui.payment_dialog import PaymentDialog
from ui.shift_report import ShiftReportDialog

Key = Qt.Key


def found_codes(counter: CounterScreen, text: str) -> list[str]:
    counter.search.edit.setText(text)
    return [s.code for s in counter.search.model.services]


def test_search_finds_a_service_in_any_spelling_and_by_agency(counter: CounterScreen) -> None:
    assert "8001" in found_codes(counter, "سیم‌کارت")  # with ZWNJ
    assert "8001" in found_codes(counter, "سیم کارت")  # with a space
    assert "8001" in found_codes(counter, "سيمكارت")  # Arabic ی and ک, no separator
    assert found_codes(counter, "۱۰۰۱")[0] == "1001"  # a code typed in Persian digits
    by_agency = found_codes(counter, "پلیس راهور")
    assert by_agency and all(code.startswith("5") for code in by_agency)
    assert found_codes(counter, "چیزی که نیست") == []


def test_enter_on_an_unknown_service_says_so(qtbot, counter: CounterScreen, keyboard: Keyboard) -> None:
    keyboard.type("9999")
    keyboard.press(Key.Key_Return)
    assert counter.lines.rowCount() == 0
    assert counter.search.edit.text() == "۹۹۹۹" and counter.message.text() == "خدمتی با «۹۹۹۹» پیدا نشد."


def test_agency_fee_is_editable_only_where_the_tariff_allows(counter: CounterScreen) -> None:
    fixed = counter.search.by_code("1001")
    variable = counter.search.by_code("7001")
    counter.add_service(fixed, 1)
    counter.add_service(variable, 1)
    model = counter.lines
    assert not model.flags(model.index(0, AGENCY_FEE)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(1, AGENCY_FEE)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, TRACKING)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, VAT)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(1, AGENCY_FEE), "۲٬۳۴۰٬۰۰۰")  # typed with Persian digits and separators
    assert model.prices[1]["agency_fee"] == 2_340_000
    assert "2340000" in counter.breakdown_label.text() or "۲٬۳۴۰٬۰۰۰" in counter.breakdown_label.text()


def test_office_fee_never_above_the_tariff(counter: CounterScreen) -> None:
    service = counter.search.by_code("1001")
    counter.add_service(service, 1)
    model = counter.lines
    limit = service.tariff.office_fee
    assert not model.setData(model.index(0, OFFICE_FEE), str(limit + 1000))
    assert model.prices[0]["office_fee"] == limit
    assert "کارمزد" in counter.message.text() and counter.message.kind == "error"
    assert model.setData(model.index(0, OFFICE_FEE), str(limit - 50_000))  # a discount is allowed
    assert model.prices[0]["office_fee"] == limit - 50_000
    assert model.prices[0]["vat_amount"] == (limit - 50_000) // 10


def test_quantity_tracking_code_and_running_total(counter: CounterScreen, keyboard: Keyboard) -> None:
    keyboard.type("3*1004")
    keyboard.press(Key.Key_Return)
    model = counter.lines
    assert model.lines[0].quantity == 3
    unit = model.prices[0]["line_total"] // 3
    assert model.setData(model.index(0, QUANTITY), "۲")
    assert model.totals()["line_total"] == 2 * unit
    assert model.setData(model.index(0, TRACKING), "AB-123456")
    assert model.lines[0].tracking_code == "AB-123456"
    from app.money import format_amount

    assert counter.total_label.text() == format_amount(2 * unit, with_unit=True)
    keyboard.press(Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert model.rowCount() == 0 and counter.total_label.text() == "۰ ریال"
    assert not counter.pay_button.isEnabled()


def test_national_id_is_checked_as_it_is_typed(counter: CounterScreen, keyboard: Keyboard) -> None:
    keyboard.press(Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    keyboard.type("00135424")
    assert counter.citizen.id_state.text() == "۸/۱۰"
    keyboard.type("18")  # wrong check digit
    assert "نادرست" in counter.citizen.id_state.text()
    counter.citizen.national_id.backspace()
    keyboard.type("9")
    assert "درست" in counter.citizen.id_state.text() and "نادرست" not in counter.citizen.id_state.text()
    counter.citizen.mobile.setText("0912")
    counter.add_service(counter.search.by_code("1001"), 1)
    counter.pay()
    assert counter.message.text() == "شماره همراه نادرست است: ۰۹۱۲"  # refused before paying, not at save
    assert QApplication.activeModalWidget() is None


def test_payment_split_change_and_references(qtbot, window, counter: CounterScreen, keyboard: Keyboard) -> None:
    counter.add_service(counter.search.by_code("1001"), 1)
    total = counter.lines.totals()["line_total"]
    keyboard.press(Key.Key_F12)
    payment: PaymentDialog = wait_for_dialog(qtbot, PaymentDialog)
    assert payment.cash.rials() == total and payment.status.text() == "مبلغ دقیق"
    keyboard.press(Key.Key_2, Qt.KeyboardModifier.AltModifier)
    keyboard.type("100000")
    assert payment.cash.rials() == total - 100_000
    keyboard.press(Key.Key_Return)
    assert payment.isVisible() and payment.message.text() == "شماره مرجع کارت‌خوان را بنویسید."
    payment.card_reference.setText("55")
    payment.cash.setText(str(total))  # the citizen hands over more cash than the rest
    payment.cash.textEdited.emit(payment.cash.text())
    assert payment.status.text().startswith("باقی‌مانده برای پس دادن")
    payment.cash.setText("1000")
    payment.cash.textEdited.emit("1000")
    assert payment.status.text().startswith("هنوز باید پرداخت شود")
    keyboard.press(Key.Key_Return)
    from app.text import to_persian_digits

    short = to_persian_digits(str(total - 101_000))
    assert payment.isVisible() and payment.message.text() == f"پرداخت‌ها {short} ریال از جمع کمتر است."
    keyboard.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not payment.isVisible())
    assert counter.lines.rowCount() == 1  # nothing lost by going back


def test_x_report_shows_the_shift_so_far(qtbot, window, counter: CounterScreen, keyboard: Keyboard) -> None:
    keyboard.press(Key.Key_F11)
    report: ShiftReportDialog = wait_for_dialog(qtbot, ShiftReportDialog)
    assert report.windowTitle().startswith("گزارش X")
    assert report.values["visits"].text() == "۰"
    assert report.values["expected"].text() == "۱٬۰۰۰٬۰۰۰ ریال"


def test_every_button_names_its_shortcut(counter: CounterScreen) -> None:
    from PySide6.QtWidgets import QPushButton

    buttons = [b for b in counter.findChildren(QPushButton) if b.isVisible() and b.isEnabled()]
    assert len(buttons) >= 12
    for button in buttons:
        assert "میان‌بر" in button.toolTip(), button.text()


def test_tab_order_follows_right_to_left_reading(counter: CounterScreen) -> None:
    chain: list[QWidget] = [counter.search.edit]
    for _ in range(4):
        chain.append(chain[-1].nextInFocusChain())
        while not chain[-1].focusPolicy() & Qt.FocusPolicy.TabFocus or not chain[-1].isVisible():
            chain[-1] = chain[-1].nextInFocusChain()
    assert chain[1:] == [counter.citizen.national_id, counter.citizen.name, counter.citizen.mobile, counter.table]
    x = [w.mapTo(counter, QPoint(w.width(), 0)).x() for w in chain[1:4]]
    assert x[0] > x[1] > x[2], "in one row, each next field is to the left of the one before"


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_counter_layout_holds(qtbot, window, counter: CounterScreen, size: tuple[int, int]) -> None:
    counter.add_service(counter.search.by_code("1001"), 1)
    counter.add_service(counter.search.by_code("2001"), 1)
    window.showNormal()
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 768
    assert counter.total_label.fontInfo().pixelSize() >= 28  # the total reads at arm's length
    for widget in (counter.search.edit, counter.pay_button, counter.total_label, counter.citizen.mobile):
        top_left = widget.mapTo(window, QPoint(0, 0))
        assert top_left.x() >= 0 and top_left.y() >= 0
        assert top_left.x() + widget.width() <= window.width() and top_left.y() + widget.height() <= window.height()
    assert counter.total_label.width() >= counter.total_label.sizeHint().width()
    assert counter.table.horizontalHeader().length() <= counter.table.viewport().width() + 2


def test_a_shift_past_midnight_gets_the_new_days_catalogue(qtbot, counter: CounterScreen) -> None:
    import datetime as dt

    today = counter.tariff_day
    assert today is not None and counter.desk.business_day == today
    # As if the catalogue had been loaded yesterday and the clock has since passed midnight.
    counter.desk.business_day = counter.tariff_day = today - dt.timedelta(days=1)
    counter.search.set_catalogue([])
    counter.new_visit()  # the next citizen
    qtbot.waitUntil(lambda: counter.tariff_day == today, timeout=10_000)
    assert "1001" in found_codes(counter, "1001") and counter.desk.business_day == today
    counter.new_visit()  # same day now: nothing is reloaded
    assert counter.tariff_day == today
