"""A sale after the day close (issue 13): it is booked on the next business day, and the header, the
price on screen, the price saved and the receipt agree on what that means — the tariff is the one in
force on the calendar day it is sold, the receipt says which business day it was booked on."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import text
from ui_helpers import Keyboard, wait_for_dialog, wait_idle

from app.db import open_database
from app.jalali import format_jalali_long, local_day
from app.services.auth import login
from app.services.dayclose import close_day
from app.services.receipts import load_receipt
from app.services.shifts import open_shift
from app.services.tariffs import add_tariff
from printing.receipt_document import KeyValue, build_receipt
from ui.counter import CounterScreen
from ui.payment_dialog import PaymentDialog
from ui.receipt_preview import ReceiptPreviewDialog

Key = Qt.Key


def close_today_with_a_new_tariff_tomorrow(demo_db: Path) -> tuple[dt.date, int]:
    """Today closed by the owner; from tomorrow service 1001 costs 100,000 Rials more. Returns today and
    the new office fee."""
    db = open_database(demo_db)
    owner = login(db, "owner", "1234")
    now = dt.datetime.now(dt.UTC)
    today = local_day(now)
    close_day(db, owner, today, at=now)
    with db.write() as session:
        current = session.execute(text(
            "SELECT t.* FROM tariff t JOIN service s ON s.id = t.service_id WHERE s.code = '1001' "
            "AND t.effective_from <= :d ORDER BY t.effective_from DESC LIMIT 1"), {"d": today.isoformat()}).mappings().one()
        row = {k: current[k] for k in ("service_id", "agency_fee", "vat_bp", "agency_fee_min", "agency_fee_max")}
        fee = int(current["office_fee"]) + 100_000
        add_tariff(session, owner.id, now, {**row, "office_fee": fee, "vat_included": int(current["vat_included"]),
                                            "variable_agency_fee": int(current["variable_agency_fee"]),
                                            "effective_from": (today + dt.timedelta(days=1)).isoformat()})
    open_shift(db, login(db, "clerk1", "1111"), 1_000_000)
    db.close()
    return today, fee


def test_after_the_day_close_the_screen_charges_what_is_saved_and_the_receipt_names_the_booked_day(
        qtbot, window, keyboard: Keyboard, demo_db: Path) -> None:
    today, tomorrows_fee = close_today_with_a_new_tariff_tomorrow(demo_db)
    keyboard.press(Key.Key_Down)
    keyboard.type("1111")
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), CounterScreen), timeout=20_000)
    wait_idle(qtbot, window)
    counter: CounterScreen = window.stack.currentWidget()
    tomorrow = today + dt.timedelta(days=1)
    assert counter.day_label.text() == format_jalali_long(tomorrow)  # booked on the next business day
    assert counter.day_note.isVisible() and "بسته شده" in counter.day_note.text()

    keyboard.type("1001")
    keyboard.press(Key.Key_Return)
    line = counter.lines.lines[0]
    assert line.service.tariff.office_fee != tomorrows_fee  # today's tariff: tomorrow's is not in force yet
    on_screen = counter.lines.totals()["line_total"]
    keyboard.press(Key.Key_F12)
    wait_for_dialog(qtbot, PaymentDialog)
    keyboard.press(Key.Key_Return)
    preview: ReceiptPreviewDialog = wait_for_dialog(qtbot, ReceiptPreviewDialog)
    qtbot.waitUntil(lambda: not window.printer.busy and not window.runner.busy, timeout=20_000)
    assert preview.data.grand_total == on_screen  # what the clerk saw is what was charged
    db = open_database(demo_db)
    data = load_receipt(db, preview.data.receipt_number)
    db.close()
    assert data.business_day == tomorrow
    rows = {b.key: b.value for b in build_receipt(data).blocks if isinstance(b, KeyValue)}
    assert rows["روز کاری"] == format_jalali_long(tomorrow)  # the receipt agrees with the header
    assert rows["تاریخ و ساعت"].startswith(format_jalali_long(today).split()[-1])  # and keeps the real date
