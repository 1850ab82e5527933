"""The counter at a busy hour: keys shown where the fields are, Enter never strands the clerk, a visit
parked and brought back, banners that do not outstay their visit, a refused ID that says what to do,
Persian digits in every field and cell."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from ui_helpers import Keyboard, wait_for_dialog, wait_idle

from ui.counter import CounterScreen
from ui.lines_model import AGENCY_FEE, QUANTITY, TRACKING
from ui.parking import ParkDialog, ParkedVisitsDialog
from ui.payment_dialog import PaymentDialog
from ui.receipt_preview import ReceiptPreviewDialog

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def header(counter: CounterScreen, column: int) -> str:
    return counter.lines.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)


def test_the_keys_are_shown_where_their_fields_are(counter: CounterScreen) -> None:
    assert "Ctrl+I" in counter.citizen.labels[0].text()
    assert "Ctrl+E" in header(counter, AGENCY_FEE) and "Ctrl+T" in header(counter, TRACKING)
    texts = [counter.tool_buttons.itemAt(i).widget().text() for i in range(counter.tool_buttons.count())]
    assert any("Ctrl+H" in t for t in texts) and any("Ctrl+Shift+H" in t for t in texts)


def test_enter_in_the_name_goes_back_to_the_search(qtbot, counter: CounterScreen, keyboard: Keyboard) -> None:
    keyboard.press(Key.Key_I, CTRL)
    keyboard.type("0013542419")
    keyboard.press(Key.Key_Return)
    assert counter.citizen.name.hasFocus()
    keyboard.type("مریم احمدی")
    keyboard.press(Key.Key_Return)
    assert counter.search.edit.hasFocus()  # the next key is a service code, not a stranded field
    keyboard.type("1001")
    keyboard.press(Key.Key_Return)
    assert [line.service.code for line in counter.lines.lines] == ["1001"]


def test_ctrl_n_on_a_visit_parks_it_by_name_and_it_comes_back(qtbot, window, counter: CounterScreen,
                                                             keyboard: Keyboard) -> None:
    keyboard.press(Key.Key_I, CTRL)
    keyboard.type("0013542419")
    keyboard.press(Key.Key_Return)
    keyboard.type("مریم احمدی")
    keyboard.press(Key.Key_Return)
    for code in ("1001", "2001"):
        keyboard.type(code)
        keyboard.press(Key.Key_Return)
    keyboard.press(Key.Key_N, CTRL)  # a visit with lines is never dropped silently
    dialog: ParkDialog = wait_for_dialog(qtbot, ParkDialog)
    assert "۲ خدمت" in dialog.findChildren(type(counter.message).__mro__[1])[0].text()
    keyboard.press(Key.Key_Escape)  # back to the visit: nothing lost
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert counter.lines.rowCount() == 2
    keyboard.press(Key.Key_N, CTRL)
    dialog = wait_for_dialog(qtbot, ParkDialog)
    assert dialog.name.text() == "مریم احمدی"  # named after the citizen, ready to be typed over
    keyboard.press(Key.Key_Return)  # park it
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert counter.lines.rowCount() == 0 and counter.citizen.name.text() == ""
    assert "مریم احمدی" in counter.message.text() and "(۱)" in counter.parked_button.text()
    keyboard.type("5001")  # the next citizen is served meanwhile
    keyboard.press(Key.Key_Return)
    keyboard.press(Key.Key_H, SHIFT_CTRL)
    visits: ParkedVisitsDialog = wait_for_dialog(qtbot, ParkedVisitsDialog)
    assert visits.list.count() == 1 and visits.list.item(0).text().startswith("مریم احمدی")
    keyboard.press(Key.Key_Return)  # bring it back
    qtbot.waitUntil(lambda: not visits.isVisible())
    assert [line.service.code for line in counter.lines.lines] == ["1001", "2001"]
    assert counter.citizen.name.text() == "مریم احمدی" and counter.citizen.national_id.digits() == "0013542419"
    assert "(۱)" in counter.parked_button.text()  # the visit that was on the counter was parked in its place
    qtbot.waitUntil(lambda: QApplication.focusWidget() is counter.search.edit)


def test_ctrl_n_on_an_empty_visit_just_starts_again(counter: CounterScreen, keyboard: Keyboard) -> None:
    keyboard.type("10")
    keyboard.press(Key.Key_N, CTRL)
    assert QApplication.activeModalWidget() is None and counter.search.edit.text() == ""


def test_a_refused_national_id_says_how_to_go_on(qtbot, counter: CounterScreen, keyboard: Keyboard) -> None:
    counter.add_service(counter.search.by_code("1001"), 1)
    keyboard.press(Key.Key_I, CTRL)
    keyboard.type("0013542418")  # wrong check digit
    keyboard.press(Key.Key_F12)
    assert QApplication.activeModalWidget() is None  # not paid with a wrong ID
    text = counter.message.text()
    assert "۰۰۱۳۵۴۲۴۱۸" in text or "0013542418" in text
    assert "Ctrl+I" in text and "پاکش کنید" in text  # what to do: correct it, or clear it
    assert counter.citizen.national_id.hasFocus() and counter.citizen.national_id.selectedText()
    keyboard.press(Key.Key_Delete)  # cleared: paying without an ID works
    keyboard.press(Key.Key_F12)
    wait_for_dialog(qtbot, PaymentDialog)
    keyboard.press(Key.Key_Escape)


def test_banners_do_not_outstay_their_visit_and_the_layout_does_not_jump(qtbot, window, counter: CounterScreen,
                                                                        keyboard: Keyboard) -> None:
    table_top = counter.table.mapTo(counter, QPoint(0, 0)).y()
    keyboard.type("9999")
    keyboard.press(Key.Key_Return)
    assert counter.message.kind == "error"
    assert counter.table.mapTo(counter, QPoint(0, 0)).y() == table_top  # room kept: nothing moves
    counter.search.edit.clear()
    keyboard.type("1")  # typing again: the error was about what was typed before
    assert counter.message.kind == "" and not counter.message.isVisible()
    keyboard.type("001")
    keyboard.press(Key.Key_Return)
    keyboard.press(Key.Key_F12)
    wait_for_dialog(qtbot, PaymentDialog)
    keyboard.press(Key.Key_Return)
    preview = wait_for_dialog(qtbot, ReceiptPreviewDialog)
    wait_idle(qtbot, window)
    assert counter.message.kind == "info"  # «receipt saved» while the receipt shows
    keyboard.press(Key.Key_Return)  # the next citizen
    qtbot.waitUntil(lambda: not preview.isVisible())
    assert counter.message.kind == "" and counter.table.mapTo(counter, QPoint(0, 0)).y() == table_top


def test_persian_digits_in_cells_and_their_editors(qtbot, counter: CounterScreen, keyboard: Keyboard) -> None:
    counter.add_service(counter.search.by_code("7001"), 1)  # a bill: its amount is typed at once
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor is not counter.search.edit
    keyboard.type("1250000")
    assert editor.text() == "۱٬۲۵۰٬۰۰۰"  # grouped as typed, Persian digits
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: counter.lines.prices[0]["agency_fee"] == 1_250_000)  # committed as the editor closes
    model = counter.lines
    assert model.data(model.index(0, QUANTITY), Qt.ItemDataRole.EditRole) == "۱"
    assert model.setData(model.index(0, TRACKING), "14030912-8876")
    shown = model.data(model.index(0, TRACKING))
    assert "۱۴۰۳۰۹۱۲-۸۸۷۶" in shown and shown.startswith("\u2066")  # Persian digits, kept in order
    assert model.lines[0].tracking_code == "14030912-8876"  # stored as typed, in ASCII
    keyboard.press(Key.Key_T, CTRL)
    editor = QApplication.focusWidget()
    assert editor.text() == "۱۴۰۳۰۹۱۲-۸۸۷۶"
    keyboard.press(Key.Key_Escape)
