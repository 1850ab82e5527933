"""The yearly tariff update as the owner does it: choose the spreadsheet, see exactly what changes (or every
bad row's error), choose the date, apply — all rows or none."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from admin_testkit import actor, journal_actions, services_state, settle, tariff_rows, tariff_table, today, write_csv
from desks import desk_of
from openpyxl import Workbook
from PySide6.QtCore import Qt
from sqlalchemy import text

from app.db import Database
from app.errors import PermissionDenied, UserError
from app.jalali import parse_jalali
from app.services.catalogue import list_services
from app.services.tariffs import import_tariffs
from app.text import to_persian_digits
from ui.admin_common import date_of, set_date
from ui.admin_tariffs import CHANGED, GONE, NEW, UNCHANGED, AdminTariffImportScreen, next_new_year

NEW_YEAR = next_new_year(today())


def open_screen(gui, db: Database, username: str = "owner") -> AdminTariffImportScreen:  # type: ignore[no-untyped-def]
    screen = AdminTariffImportScreen(desk_of(db, actor(db, username)))
    gui.addWidget(screen)
    screen.show()
    settle(gui, screen)
    return screen


def next_year_table(db: Database) -> tuple[list[list[str]], dict[str, str]]:
    """Next year's table: one fee raised, one VAT rate changed, one service dropped, one added."""
    rows = tariff_table(db, NEW_YEAR)
    by_code = {r[0]: r for r in rows}
    raised, vat, dropped = rows[0][0], rows[1][0], rows[3][0]
    by_code[raised][4] = str(int(by_code[raised][4]) + 70_000)
    by_code[vat][5] = "12"
    rows = [r for r in rows if r[0] != dropped]
    rows.append(["9901", rows[0][1], "صدور گواهی امضای الکترونیک", "0", "450000", "12", "0", "0", rows[0][8]])
    return rows, {"raised": raised, "vat": vat, "dropped": dropped, "new": "9901"}


def choose(gui, screen: AdminTariffImportScreen, path: Path) -> None:  # type: ignore[no-untyped-def]
    screen.ask_file = lambda: str(path)
    screen.choose_button.click()
    settle(gui, screen)


def shown(screen: AdminTariffImportScreen) -> dict[str, list[str]]:
    """What the preview table shows, by kind of change: the codes."""
    out: dict[str, list[str]] = {}
    for line in screen.model.lines:
        out.setdefault(line.status, []).append(line.code)
    return out


def test_a_good_file_shows_exactly_what_changes_then_applies(gui, office: Database, tmp_path: Path) -> None:
    rows, codes = next_year_table(office)
    path = write_csv(tmp_path / "tariffs-next-year.csv", rows)
    before = tariff_rows(office)
    screen = open_screen(gui, office)
    choose(gui, screen, path)

    assert screen.message.kind == "info" and not screen.errors.isVisible()
    assert shown(screen) == {NEW: [codes["new"]], CHANGED: sorted([codes["raised"], codes["vat"]]),
                             GONE: [codes["dropped"]]}
    screen.show_unchanged.setChecked(True)
    assert len(shown(screen)[UNCHANGED]) == len(rows) - 3
    screen.show_unchanged.setChecked(False)
    raised = next(i for i, line in enumerate(screen.model.lines) if line.code == codes["raised"])
    fee = screen.model.index(raised, 5).data(Qt.ItemDataRole.DisplayRole)
    assert "←" in fee and fee.endswith(screen.model._money(int(next(r for r in rows if r[0] == codes["raised"])[4])))
    vat_row = next(i for i, line in enumerate(screen.model.lines) if line.code == codes["vat"])
    assert screen.model.index(vat_row, 6).data(Qt.ItemDataRole.DisplayRole) == "۱۰٪ ← ۱۲٪"
    assert "۱ خدمت تازه، ۲ تغییر، ۱ خدمت حذف‌شده" in screen.summary.text()
    assert date_of(screen.date) == NEW_YEAR and not screen.date.isEnabled()
    assert tariff_rows(office) == before  # a preview writes nothing

    asked = []
    screen.ask_confirm = lambda text: asked.append(text) or True
    with gui.waitSignal(screen.tariffs_applied, timeout=20_000):
        screen.apply_button.click()
    settle(gui, screen)
    assert "۱ خدمت تازه" in asked[0] and screen.message.kind == "info"
    after = tariff_rows(office)
    assert after[:len(before)] == before  # nothing already recorded changed
    assert {row[2] for row in after[len(before):]} == {NEW_YEAR.isoformat()}  # new rows, dated as chosen
    in_force = {s.code: s for s in list_services(office, NEW_YEAR)}
    assert in_force[codes["raised"]].tariff.office_fee == int(next(r for r in rows if r[0] == codes["raised"])[4])
    assert in_force[codes["vat"]].tariff.vat_bp == 1200
    assert in_force[codes["new"]].tariff.office_fee == 450_000
    assert codes["dropped"] not in in_force
    assert list_services(office, today())[0].tariff.effective_from < NEW_YEAR  # today's prices stay
    imported = json.loads(journal_actions(office, "tariffs_imported")[-1])
    assert imported["file"] == "tariffs-next-year.csv" and imported["new"] == 1 and imported["changed"] == 2


def test_a_bad_file_shows_every_row_error_and_applies_nothing(gui, office: Database, tmp_path: Path) -> None:
    rows = tariff_table(office, NEW_YEAR)[:8]
    rows[1][4] = "سیصد هزار"  # row 3: text in a fee
    rows[2][3] = "-1000"  # row 4: a negative fee
    rows[3][0] = rows[0][0]  # row 5: a duplicate code
    rows[4][1] = "سازمان ناشناخته"  # row 6: an unknown agency
    rows[5] = rows[5][:7]  # row 7: wrong number of columns
    rows[6][8] = "1405-13-40"  # row 8: not a date
    path = write_csv(tmp_path / "bad.csv", rows)
    before, services = tariff_rows(office), services_state(office)
    screen = open_screen(gui, office)
    choose(gui, screen, path)

    errors = [screen.errors.item(i).text() for i in range(screen.errors.count())]
    assert screen.errors.isVisible() and len(errors) == 6
    for number, error in zip("۳۴۵۶۷۸", errors, strict=True):
        assert error.startswith(f"ردیف {number}:"), error
    # Echoed in Persian digits, each with what to do about it.
    assert "سیصد هزار" in errors[0] and "-۱۰۰۰" in errors[1] and to_persian_digits(rows[0][0]) in errors[2]
    assert "یک ردیف بگذارید" in errors[2]
    assert "سازمان ناشناخته" in errors[3] and "همان‌طور که در فهرست خدمات" in errors[3] and "۱۴۰۵-۱۳-۴۰" in errors[5]
    assert not any(ch in "0123456789" for error in errors for ch in error)
    assert screen.message.kind == "error" and "۶ خطا" in screen.message.text()
    assert screen.model.rowCount() == 0 and not screen.apply_button.isEnabled()

    screen.ask_confirm = lambda text: True
    screen.apply()  # even past the disabled button
    settle(gui, screen)
    with pytest.raises(UserError):
        import_tariffs(office, actor(office, "owner"), screen.source)  # type: ignore[arg-type]
    assert tariff_rows(office) == before and services_state(office) == services
    assert journal_actions(office, "tariffs_imported") == []


def test_a_wrong_header_is_one_clear_error(gui, office: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "wrong.csv", tariff_table(office)[:2], header=["کد", "خدمت", "مبلغ"])
    screen = open_screen(gui, office)
    choose(gui, screen, path)
    assert screen.errors.count() == 1 and "code,agency,service" in screen.errors.item(0).text()


def test_the_chosen_date_overrides_the_file_dates(gui, office: Database, tmp_path: Path) -> None:
    rows, codes = next_year_table(office)
    for r in rows:
        r[8] = "1404-01-01"  # last year's file, reused
    path = write_csv(tmp_path / "old-dates.csv", rows)
    screen = open_screen(gui, office)
    choose(gui, screen, path)
    assert date_of(screen.date) == parse_jalali("1404-01-01")
    screen.override.setChecked(True)
    assert screen.date.isEnabled()
    set_date(screen.date, NEW_YEAR)
    settle(gui, screen)
    assert "۱۴۰" in screen.summary.text() and "گذشته" not in screen.summary.text()
    assert {line.new.effective_from for line in screen.model.all if line.new} == {NEW_YEAR}
    screen.ask_confirm = lambda text: True
    screen.apply_button.click()
    settle(gui, screen)
    with office.read() as s:
        dates = {r[0] for r in s.execute(text("SELECT DISTINCT t.effective_from FROM tariff t JOIN service v "
                                               "ON v.id = t.service_id WHERE v.code IN (:a, :b, :c)"),
                                          {"a": codes["raised"], "b": codes["vat"], "c": codes["new"]})}
    assert NEW_YEAR.isoformat() in dates and parse_jalali("1404-01-01").isoformat() not in dates
    assert (tmp_path / "old-dates.csv").read_text(encoding="utf-8").count("1404-01-01") == len(rows)  # untouched


def test_a_file_without_dates_takes_the_chosen_one(gui, office: Database, tmp_path: Path) -> None:
    rows, _codes = next_year_table(office)
    path = write_csv(tmp_path / "undated.csv", [r[:8] + [""] for r in rows])
    screen = open_screen(gui, office)
    choose(gui, screen, path)
    settle(gui, screen)
    assert screen.override.isChecked() and screen.message.kind == "info"
    assert {line.new.effective_from for line in screen.model.all if line.new} == {date_of(screen.date)}


def test_an_excel_file(gui, office: Database, tmp_path: Path) -> None:
    rows, codes = next_year_table(office)
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "agency", "service", "agency_fee", "office_fee", "vat_rate", "vat_included",
                  "variable_agency_fee", "effective_from"])
    for r in rows:
        sheet.append([r[0], r[1], r[2], int(r[3]), int(r[4]), r[5], int(r[6]), int(r[7]), r[8]])
    path = tmp_path / "tariffs.xlsx"
    book.save(path)
    screen = open_screen(gui, office)
    choose(gui, screen, path)
    assert screen.message.kind == "info", [screen.errors.item(i).text() for i in range(screen.errors.count())]
    assert shown(screen)[NEW] == [codes["new"]]


def test_what_was_previewed_is_what_is_applied(gui, office: Database, tmp_path: Path) -> None:
    rows, codes = next_year_table(office)
    path = write_csv(tmp_path / "t.csv", rows)
    screen = open_screen(gui, office)
    choose(gui, screen, path)
    edited = [list(r) for r in rows]
    edited[0][4] = "999000"  # the spreadsheet is edited after the preview
    write_csv(path, edited)
    screen.ask_confirm = lambda text: True
    screen.apply_button.click()
    settle(gui, screen)
    raised = next(r for r in rows if r[0] == codes["raised"])
    assert {s.code: s for s in list_services(office, NEW_YEAR)}[codes["raised"]].tariff.office_fee == int(raised[4])


def test_export_the_current_table(gui, office: Database, tmp_path: Path) -> None:
    screen = open_screen(gui, office)
    target = tmp_path / "current.csv"
    screen.ask_save_file = lambda: str(target)
    screen.export_button.click()
    settle(gui, screen)
    assert screen.message.kind == "info"
    assert target.read_text(encoding="utf-8").startswith("code,agency,service,")


def test_a_clerk_is_refused(gui, office: Database, tmp_path: Path) -> None:
    rows, _codes = next_year_table(office)
    path = write_csv(tmp_path / "t.csv", rows)
    before = tariff_rows(office)
    screen = open_screen(gui, office, "clerk1")
    assert screen.message.kind == "error" and "متصدی" in screen.message.text()
    assert not screen.choose_button.isEnabled() and not screen.apply_button.isEnabled()
    assert not screen.export_button.isEnabled()
    screen.load_file(path)  # past the disabled buttons: the preview reads, the service refuses to apply
    settle(gui, screen)
    screen.ask_confirm = lambda text: True
    screen.apply()
    settle(gui, screen)
    assert screen.message.kind == "error"
    with pytest.raises(PermissionDenied):
        import_tariffs(office, actor(office, "clerk1"), path)
    assert tariff_rows(office) == before


def test_the_date_field_is_jalali_and_reads_left_to_right(gui, office: Database) -> None:
    screen = open_screen(gui, office)
    set_date(screen.date, dt.date(2026, 3, 21))
    assert screen.date.text() == "۱۴۰۵/۰۱/۰۱"
    assert screen.date.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert screen.date.calendarWidget().firstDayOfWeek() == Qt.DayOfWeek.Saturday
