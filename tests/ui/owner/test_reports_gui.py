"""The owner's screens driven as the owner uses them: the dashboard and its day close, the history
filters and its windowed model, a period export with progress and cancel."""
from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from desks import desk_of
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from reports_testkit import Counter, actor, busy_office
from sqlalchemy import text

from app.reports.history import HistoryFilter, history_count

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module", autouse=True)
def persian_app(qapp: QApplication) -> QApplication:
    from ui.app import create_application

    return create_application()


def _wait_idle(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not widget.runner.busy, timeout=10_000)


def test_dashboard_today_then_close_the_day(qtbot, office_db) -> None:
    from ui.owner_dashboard import OwnerDashboard

    counter = Counter(office_db)
    for clerk in ("clerk1", "clerk2", "clerk1"):
        counter.sell(clerk)
    owner = actor(office_db, "owner")
    board = OwnerDashboard(desk_of(office_db, owner))
    qtbot.addWidget(board)
    with qtbot.waitSignal(board.loaded, timeout=10_000):
        pass
    _wait_idle(qtbot, board)
    assert board.cards.cards["visits"].value.text() == "۳"
    assert board.shifts.rowCount() == 2 and not board.close_button.isEnabled()
    assert "همین روز هفته گذشته" in board.cards.cards["grand"].note.text()
    assert board.figures.services.rowCount() == 2  # one service and the totals row
    counter.close_all()
    board.refresh()
    qtbot.waitUntil(lambda: board.shifts.rowCount() == 0, timeout=10_000)
    _wait_idle(qtbot, board)
    assert board.close_button.isEnabled()
    board.confirm_close = lambda data: True  # type: ignore[method-assign]
    with qtbot.waitSignal(board.day_closed, timeout=10_000) as closed:
        qtbot.mouseClick(board.close_button, Qt.MouseButton.LeftButton)
    assert closed.args[0].totals.visits == 3
    qtbot.waitUntil(lambda: board.data is not None and board.data.closed is not None, timeout=10_000)
    _wait_idle(qtbot, board)
    assert not board.close_button.isEnabled() and "جمع کل انباشته" in board.close_state.text()
    assert "بسته شد" in board.message.text()
    with office_db.read() as s:
        assert s.execute(text("SELECT visits FROM day_close")).scalar_one() == 3


def test_dashboard_refuses_a_clerk(qtbot, office_db) -> None:
    from ui.owner_dashboard import OwnerDashboard

    board = OwnerDashboard(desk_of(office_db, actor(office_db, "clerk1")))
    qtbot.addWidget(board)
    qtbot.waitUntil(lambda: board.message.kind == "error", timeout=10_000)
    assert board.message.text() == "فقط مدیر دفتر یا مدیر می‌تواند گزارش‌ها را ببیند."
    assert board.data is None and not board.close_button.isEnabled()


def _history(qtbot, db):  # type: ignore[no-untyped-def]
    from ui.owner_history import OwnerHistory

    history = OwnerHistory(desk_of(db, actor(db, "owner")))
    qtbot.addWidget(history)
    with qtbot.waitSignal(history.counted, timeout=10_000):
        pass
    return history


def _search(qtbot, history) -> list[int]:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(history.counted, timeout=10_000):
        qtbot.mouseClick(history.search_button, Qt.MouseButton.LeftButton)
    return _numbers(history.model)


def _numbers(model) -> list[int]:  # type: ignore[no-untyped-def]
    return [model.data(model.index(i, 0), Qt.ItemDataRole.UserRole) for i in range(model.rowCount())]


def test_history_filters(qtbot, office_db) -> None:
    s = busy_office(office_db)
    r = s.receipts
    history = _history(qtbot, office_db)
    assert _numbers(history.model) == [r[4], r[3], r[2], r[1], r[0]]
    assert history.count_label.text() == "۵ تراکنش پیدا شد"
    history.name.setText("علي اكبر")  # Arabic keyboard spelling, with a space
    assert _search(qtbot, history) == [r[2], r[0]]
    history.name.clear()
    history.status.setCurrentIndex(history.status.findData(True))
    assert _search(qtbot, history) == [r[1], r[0]]
    index = history.model.index(0, 9)
    assert history.model.data(index).startswith("ابطال‌شده در")
    history.status.setCurrentIndex(0)
    history.clerk.setCurrentIndex(history.clerk.findText("محمدحسین رضایی"))
    history.method.setCurrentIndex(history.method.findData("card"))
    assert _search(qtbot, history) == [r[3], r[1]]
    history.agency.setCurrentIndex(history.agency.findText("دستگاه آزمایشی"))
    assert history.service.count() == 2  # "every service" and the agency's one service
    assert _search(qtbot, history) == [r[1]]
    with qtbot.waitSignal(history.counted, timeout=10_000):
        qtbot.mouseClick(history.clear_button, Qt.MouseButton.LeftButton)
    assert history.model.rowCount() == 5
    history.receipt.setText("۱۲x")
    qtbot.mouseClick(history.search_button, Qt.MouseButton.LeftButton)
    assert history.message.kind == "error"


def test_history_opens_a_receipt_and_reprints_a_copy(qtbot, office_db) -> None:
    from app.services.receipts import prepare_print, record_delivery

    s = busy_office(office_db)
    owner = actor(office_db, "owner")  # its original was printed at the counter
    record_delivery(office_db, prepare_print(office_db, owner, s.receipts[0]).to_meta(), destination="p")
    history = _history(qtbot, office_db)
    history.view.setCurrentIndex(history.model.index(4, 0))
    qtbot.mouseClick(history.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: history.receipt_dialog is not None, timeout=10_000)
    dialog = history.receipt_dialog
    assert dialog.data.receipt_number == s.receipts[0]
    with qtbot.waitSignal(history.reprint_ready, timeout=10_000) as reprinted:
        qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
    assert reprinted.args[0].copy and reprinted.args[0].receipt_number == s.receipts[0]
    dialog.accept()


def test_history_model_is_lazy_and_sound(qtbot, qtmodeltester, office_db) -> None:
    from ui.owner_history import HistoryModel, history_loader

    counter = Counter(office_db)
    for i in range(23):
        counter.sell("clerk1" if i % 2 else "clerk2")
    owner = actor(office_db, "owner")
    model = HistoryModel(page_rows=5, max_pages=2)
    model.reset(history_count(office_db, owner, HistoryFilter()), None,
                history_loader(office_db, owner, HistoryFilter()))
    assert model.rowCount() == 23 and model.cached_pages == 0  # the whole result, nothing read yet
    qtmodeltester.check(model)
    numbers = _numbers(model)
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == 23
    assert model.cached_pages == 2
    qtmodeltester.check(model)


def test_period_report_and_excel_export(qtbot, office_db, tmp_path: Path) -> None:
    from ui.owner_reports import OwnerReports

    s = busy_office(office_db)
    reports = OwnerReports(desk_of(office_db, actor(office_db, "owner")))
    qtbot.addWidget(reports)
    with qtbot.waitSignal(reports.loaded, timeout=10_000):
        pass
    _wait_idle(qtbot, reports)
    tab = reports.period
    from ui.owner_common import set_date

    set_date(tab.first, s.first)
    set_date(tab.last, s.second)
    with qtbot.waitSignal(reports.loaded, timeout=10_000) as shown:
        qtbot.mouseClick(tab.show_button, Qt.MouseButton.LeftButton)
    assert shown.args[0].totals.visits == 5 and shown.args[0].totals.voids == 2
    # Visits net of voids, the voids beside: the same count the PDF, CSV and tax view give.
    assert tab.cards.cards["visits"].value.text() == "۳"
    assert "۲" in tab.cards.cards["visits"].note.text()
    assert tab.view.isTabVisible(tab.view.day_tab)
    reports.choose_path = lambda fmt, suggested: tmp_path / suggested  # type: ignore[method-assign]
    with qtbot.waitSignal(reports.exported, timeout=20_000) as saved:
        qtbot.mouseClick(tab.buttons["xlsx"], Qt.MouseButton.LeftButton)
    book = load_workbook(saved.args[0])
    assert book.active.sheet_view.rightToLeft and "ذخیره شد" in reports.message.text()
    assert reports.tax.table.rowCount() == 13  # twelve months and the year


def test_export_shows_progress_and_cancels(qtbot, office_db, tmp_path: Path, monkeypatch) -> None:
    import app.reports.export as export_module
    import ui.owner_reports as screen

    busy_office(office_db)
    reports = screen.OwnerReports(desk_of(office_db, actor(office_db, "owner")))
    qtbot.addWidget(reports)
    with qtbot.waitSignal(reports.loaded, timeout=10_000):
        pass
    _wait_idle(qtbot, reports)
    started = threading.Event()

    def slow_export(*args, progress, cancel, **kwargs):  # type: ignore[no-untyped-def]
        progress(1, 40)
        started.set()
        deadline = time.monotonic() + 10
        while not cancel() and time.monotonic() < deadline:  # the owner is reading the progress dialog
            time.sleep(0.01)
        return export_module.export_report(*args, progress=progress, cancel=cancel, **kwargs)

    monkeypatch.setattr(screen, "export_report", slow_export)
    out = tmp_path / "ten-years.xlsx"
    reports.choose_path = lambda fmt, suggested: out  # type: ignore[method-assign]
    qtbot.mouseClick(reports.period.buttons["xlsx"], Qt.MouseButton.LeftButton)
    dialog = reports.progress
    qtbot.waitUntil(lambda: started.is_set() and dialog.maximum() == 40 and dialog.value() == 1, timeout=10_000)
    assert dialog.isVisible()
    from PySide6.QtWidgets import QProgressBar, QPushButton

    from ui.fit_check import persian_problems, problems

    (bar,) = dialog.findChildren(QProgressBar)
    assert bar.text() == "۲٪"  # 1 of 40: the Persian percent sign, Persian digits
    assert not problems(dialog) and not persian_problems(dialog)  # «۳٪» not cut

    (cancel,) = dialog.findChildren(QPushButton)
    assert cancel.text() == "انصراف"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reports.message.kind == "error", timeout=10_000)
    assert reports.message.text() == "خروجی گرفتن لغو شد."
    assert not dialog.isVisible() and not out.exists() and not list(tmp_path.glob("*.part"))


def test_the_owners_pages_are_listed_first_and_run_on_the_desks_thread(qtbot, office_db) -> None:
    from types import SimpleNamespace

    from ui.pages import PAGES

    assert [p.title for p in PAGES[:3]] == ["Today at a glance", "History", "Reports"]
    assert all(p.roles == ("owner", "manager") for p in PAGES[:3])
    desk = desk_of(office_db, actor(office_db, "owner"))
    for entry in PAGES[:3]:
        page = entry.open(desk, SimpleNamespace(logout=lambda: None))  # type: ignore[arg-type]
        qtbot.addWidget(page)
        assert page.runner is desk.runner  # one database thread per window, not one per page
        qtbot.waitUntil(lambda p=page: not p.runner.busy, timeout=10_000)
        assert page.message.kind != "error"


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("tesseract")), reason="poppler and tesseract")
def test_tax_view_exports_a_persian_pdf(qtbot, office_db, tmp_path: Path) -> None:
    from ui.owner_reports import OwnerReports

    busy_office(office_db)
    reports = OwnerReports(desk_of(office_db, actor(office_db, "owner")))
    qtbot.addWidget(reports)
    with qtbot.waitSignal(reports.loaded, timeout=10_000):
        pass
    _wait_idle(qtbot, reports)
    qtbot.waitUntil(lambda: reports.tax.pdf_button.isEnabled(), timeout=10_000)
    reports.choose_path = lambda fmt, suggested: tmp_path / suggested  # type: ignore[method-assign]
    with qtbot.waitSignal(reports.exported, timeout=20_000) as saved:
        qtbot.mouseClick(reports.tax.pdf_button, Qt.MouseButton.LeftButton)
    out = Path(saved.args[0])
    assert out.suffix == ".pdf" and out.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "page")],
                   check=True)
    (page,) = tmp_path.glob("page*.png")
    text = subprocess.run(["tesseract", str(page), "-", "-l", "fas", "--psm", "4"], capture_output=True,
                          text=True, check=True).stdout.replace("\u200c", "").replace("ي", "ی")
    months = ["فروردین", "اردیبهشت", "خرداد", "مهر", "آبان", "آذر", "اسفند"]
    assert sum(m in text for m in months) >= 4, text
    assert "مالیات" in text and any(ch in text for ch in "۰۱۲۳۴۵۶۷۸۹"), text
