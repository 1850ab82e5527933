"""Table models pass Qt's model checks; the owner's pages hang off the management menu, never a clerk's."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from ui_helpers import Keyboard, wait_idle

from app.db import open_database
from app.office_record import Office
from app.services.auth import login
from app.services.catalogue import list_services
from app.services.sales import LineRequest, SaleRequest, record_sale
from app.services.sales_list import current_business_day, todays_sales
from app.services.shifts import open_shift
from ui.counter import CounterScreen
from ui.desk import Desk
from ui.lines_model import LinesModel
from ui.open_shift import OpenShiftScreen
from ui.runner import Runner
from ui.service_search import ServiceListModel
from ui.todays_list import SalesModel

Key = Qt.Key


def test_models_pass_qt_model_checks(qtmodeltester, qt_app, demo_db: Path) -> None:
    db = open_database(demo_db)
    clerk = login(db, "clerk1", "1111")
    open_shift(db, clerk, 0)
    record_sale(db, clerk, SaleRequest((LineRequest("1001"), LineRequest("2001", agency_fee=90_000))))
    desk = Desk(db, Runner(), Runner(), actor=clerk, office=Office(display_unit="toman"))
    services = list_services(db, current_business_day(db))
    lines = LinesModel(desk)
    lines.add(services[0], 2)
    lines.add(next(s for s in services if s.tariff.variable_agency_fee))
    qtmodeltester.check(lines)
    found = ServiceListModel(desk)
    found.set_services(services)
    qtmodeltester.check(found)
    sales = SalesModel(desk)
    sales.set_rows(todays_sales(db, clerk))
    qtmodeltester.check(sales)
    assert sales.cell(sales.rows[0], 4) == desk.money(sales.rows[0].grand_total)  # in Toman


def log_in(qtbot, window, keyboard: Keyboard, downs: int, pin: str) -> QWidget:  # type: ignore[no-untyped-def]
    for _ in range(downs):
        keyboard.press(Key.Key_Down)
    keyboard.type(pin)
    keyboard.press(Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), (OpenShiftScreen, CounterScreen)),
                    timeout=20_000)
    wait_idle(qtbot, window)
    return window.stack.currentWidget()


def test_management_menu_is_for_the_owner_and_opens_a_page(qtbot, window, keyboard: Keyboard) -> None:
    from ui.pages import Page

    window.add_page(Page("Test page", "Ctrl+9", lambda desk, host: QLabel(desk.actor.full_name), ("owner",)))
    log_in(qtbot, window, keyboard, 0, "1234")  # the owner: no shift needed to reach the menu
    assert window.menuBar().isVisible()
    titles = [a.text() for a in window.pages_menu.actions()]
    assert "Test page" in titles
    window.pages_menu.actions()[titles.index("Test page")].trigger()
    qtbot.waitUntil(lambda: window.page_frame is not None and window.page_frame.isVisible())
    assert isinstance(window.page_frame.page, QLabel)
    window.logout()
    assert window.page_frame is None and not window.menuBar().isVisible()
    wait_idle(qtbot, window)
    log_in(qtbot, window, keyboard, 1, "1111")  # a clerk
    assert not window.menuBar().isVisible()
