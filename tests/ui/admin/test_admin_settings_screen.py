"""The settings screen: the office's details, money and business day, language, and the receipt printer."""
from __future__ import annotations

import json
from pathlib import Path

from admin_testkit import actor, journal_actions, settle
from desks import desk_of

from app.db import Database
from app.services.office import office_settings, read_setting
from app.settings_registry import ASK_VARIANCE_REASON, BLIND_COUNT, LANGUAGE, PRINTER, VARIANCE_REASON_THRESHOLD
from app.text import to_persian_digits
from printing.printers import PrinterConfig
from ui.admin_settings import AdminSettingsScreen


def open_screen(gui, db: Database, username: str) -> AdminSettingsScreen:  # type: ignore[no-untyped-def]
    screen = AdminSettingsScreen(desk_of(db, actor(db, username)))
    gui.addWidget(screen)
    screen.show()
    settle(gui, screen)
    return screen


def test_shows_the_office_as_saved(gui, office: Database) -> None:
    screen = open_screen(gui, office, "owner")
    page = screen.office
    saved = office_settings(office)
    # Stored with ASCII digits, shown with Persian ones.
    assert page.edits["name"].text() == to_persian_digits(saved.name) and page.edits["code"].text() == "۱۲۴۷"
    assert page.vat.text() == "۱۰" and not page.vat_included.isChecked()
    assert page.unit.currentData() == "rial" and page.day_start.currentText() == "۰۰:۰۰"
    assert page.language.currentData() == "fa"


def test_owner_changes_the_office_settings(gui, office: Database) -> None:
    screen = open_screen(gui, office, "owner")
    page = screen.office
    page.edits["name"].setText("دفتر پیشخوان خدمات دولت شماره ۱۲۴۷ — شعبه انقلاب")
    page.edits["phone"].setText("۰۲۱-۶۶۴۰۵۶۷۸")
    page.footer.setPlainText("پاسخگویی: ۰۲۱-۶۶۴۰۵۶۷۸")
    page.unit.setCurrentIndex(page.unit.findData("toman"))
    page.vat.setText("۱۲")
    page.vat_included.setChecked(True)
    page.day_start.setCurrentIndex(page.day_start.findData(3))
    page.language.setCurrentIndex(page.language.findData("en"))
    with gui.waitSignal(page.saved, timeout=20_000):
        page.save_button.click()
    settle(gui, screen)
    saved = office_settings(office)
    assert saved.name == "دفتر پیشخوان خدمات دولت شماره 1247 — شعبه انقلاب"  # stored with ASCII digits
    assert saved.phone == "021-66405678" and saved.footer == "پاسخگویی: 021-66405678"
    assert (saved.display_unit, saved.default_vat_bp, saved.default_vat_included, saved.day_start_hour) == (
        "toman", 1200, True, 3)
    assert read_setting(office, LANGUAGE) == "en"
    assert page.message.text() == "تنظیمات ذخیره شد (۸ تغییر)."
    diffs = [json.loads(p) for p in journal_actions(office, "settings_changed")]
    office_diff = next(d for d in diffs if "display_unit" in d)
    assert office_diff["display_unit"] == ["rial", "toman"] and office_diff["default_vat_bp"] == [1000, 1200]


def test_an_unreadable_vat_rate_saves_nothing(gui, office: Database) -> None:
    screen = open_screen(gui, office, "owner")
    page = screen.office
    before = office_settings(office)
    page.edits["name"].setText("نام تازه")
    page.vat.setText("ده درصد")
    page.save_button.click()
    settle(gui, page)
    assert page.message.kind == "error" and "ده درصد" in page.message.text()
    assert office_settings(office) == before


def test_nothing_changed_is_said(gui, office: Database) -> None:
    screen = open_screen(gui, office, "owner")
    page = screen.office
    page.save_button.click()
    assert page.message.text() == "چیزی تغییر نکرد."
    assert journal_actions(office, "settings_changed") == []


def test_an_empty_office_name_is_refused(gui, office: Database) -> None:
    screen = open_screen(gui, office, "manager1")
    page = screen.office
    page.edits["name"].setText("  ")
    page.save_button.click()
    settle(gui, page)
    assert page.message.kind == "error"
    assert office_settings(office).name.startswith("دفتر پیشخوان")


def test_printer_settings_saved_and_shown_again(gui, office: Database) -> None:
    screen = open_screen(gui, office, "owner")
    printer = screen.printer
    assert printer is not None
    printer.kind.setCurrentIndex(printer.kind.findData("network"))
    printer.save_button.click()
    assert printer.message.kind == "error"  # no address yet: said before anything is saved
    assert read_setting(office, PRINTER) == ""
    printer.fields["host"].setText("192.168.1.50")
    printer.paper.setCurrentIndex(printer.paper.findData(58))
    printer.drawer.setChecked(True)
    printer.copies.setValue(2)
    printer.save_button.click()
    settle(gui, screen)
    assert printer.message.kind == "info"
    saved = PrinterConfig.from_json(read_setting(office, PRINTER))
    assert (saved.kind, saved.host, saved.port, saved.paper, saved.drawer_kick, saved.copies) == (
        "network", "192.168.1.50", 9100, 58, True, 2)
    screen_again = open_screen(gui, office, "owner")
    again = screen_again.printer
    assert again is not None and again.config() == saved
    assert again.form.isRowVisible(again.fields["host"]) and not again.form.isRowVisible(again.fields["usb_vendor"])


def test_a_test_page_to_a_file_printer(gui, office: Database, tmp_path: Path) -> None:
    screen = open_screen(gui, office, "owner")
    printer = screen.printer
    assert printer is not None
    out = tmp_path / "lp0"
    printer.kind.setCurrentIndex(printer.kind.findData("file"))
    printer.fields["file_path"].setText(str(out))
    printer.test_button.click()
    gui.waitUntil(lambda: not printer.printing.busy, timeout=20_000)
    assert printer.message.kind == "info", printer.message.text()
    assert out.read_bytes().startswith(b"\x1b@")  # ESC @: the printer is reset, then the page follows
    missing = tmp_path / "no-such-dir" / "lp0"
    printer.fields["file_path"].setText(str(missing))
    printer.test_button.click()
    gui.waitUntil(lambda: not printer.printing.busy, timeout=20_000)
    assert printer.message.kind == "error"


def test_a_clerk_is_refused(gui, office: Database) -> None:
    screen = open_screen(gui, office, "clerk1")
    assert not screen.tabs.isEnabled()
    assert not screen.office.save_button.isEnabled()
    before = office_settings(office)
    screen.office.edits["name"].setText("دفتر دیگر")
    screen.office.save()  # past the disabled button: the service refuses
    settle(gui, screen)
    assert screen.office.message.kind == "error" and "متصدی" in screen.office.message.text()
    assert office_settings(office) == before


def test_owner_sets_the_blind_count_and_the_variance_threshold_in_one_save(gui, office: Database) -> None:
    from sqlalchemy import text

    screen = open_screen(gui, office, "owner")
    page = screen.office
    assert not page.blind_count.isChecked() and not page.ask_reason.isChecked()
    assert page.threshold.text() == "۱۰۰٬۰۰۰" and not page.threshold.isEnabled()
    with office.read() as s:
        before = s.execute(text("SELECT COUNT(*) FROM journal")).scalar_one()
    page.blind_count.setChecked(True)
    page.ask_reason.setChecked(True)
    page.threshold.setText("")
    from PySide6.QtTest import QTest

    page.threshold.setFocus()
    QTest.keyClicks(page.threshold, "50000")
    assert page.threshold.text() == "۵۰٬۰۰۰"  # grouped as typed
    page.edits["phone"].setText("021-66405678")
    with gui.waitSignal(page.saved, timeout=20_000):
        page.save_button.click()
    settle(gui, screen)
    assert read_setting(office, BLIND_COUNT) is True and read_setting(office, VARIANCE_REASON_THRESHOLD) == 50_000
    assert read_setting(office, ASK_VARIANCE_REASON) is True
    assert page.message.text() == "تنظیمات ذخیره شد (۴ تغییر)."
    with office.read() as s:
        after = s.execute(text("SELECT COUNT(*) FROM journal")).scalar_one()
    assert after - before == 8  # the office row and three settings, each journaled with its new state, in one Save


def test_an_unreadable_threshold_saves_nothing_and_says_which_setting(gui, office: Database) -> None:
    """One Save: the new office name and the threshold go together or not at all; the refusal names the
    setting as the owner reads it on the page, not by its key."""
    screen = open_screen(gui, office, "owner")
    page = screen.office
    before, settings_before = office_settings(office), read_setting(office, VARIANCE_REASON_THRESHOLD)
    page.edits["name"].setText("دفتر پیشخوان تازه")
    page.ask_reason.setChecked(True)
    page.threshold.setText("صد هزار")
    page.save_button.click()
    settle(gui, page)
    assert page.message.kind == "error"
    assert "آستانهٔ اختلاف صندوق" in page.message.text() and "variance" not in page.message.text()
    assert office_settings(office) == before
    assert read_setting(office, VARIANCE_REASON_THRESHOLD) == settings_before
    assert read_setting(office, ASK_VARIANCE_REASON) is False
    assert journal_actions(office, "settings_changed") == []
