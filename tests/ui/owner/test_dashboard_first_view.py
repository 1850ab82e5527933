"""The dashboard's first view: the day's shape (by hour, by service, this week against last), the agency
chart plotting each agency's share, and the day close's seal in words instead of a hex digest."""
from __future__ import annotations

import re

import pytest
from desks import desk_of
from PySide6.QtWidgets import QApplication
from reports_testkit import Counter, actor

from app.services.sales import LineRequest

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module", autouse=True)
def persian_app(qapp: QApplication) -> QApplication:
    from ui.app import create_application

    return create_application()


def board_after(qtbot, office_db, counter: Counter):  # type: ignore[no-untyped-def]
    from ui.owner_dashboard import OwnerDashboard

    board = OwnerDashboard(desk_of(office_db, actor(office_db, "owner")))
    qtbot.addWidget(board)
    with qtbot.waitSignal(board.loaded, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: not board.runner.busy, timeout=10_000)
    return board


def test_the_first_view_is_the_days_shape(qtbot, office_db) -> None:
    counter = Counter(office_db)
    counter.sell("clerk1", (LineRequest("1001"),))  # civil registration: the agency's share is zero
    counter.sell("clerk1", (LineRequest("2001"),))  # post: a share is passed to the agency
    counter.tick(60)
    counter.sell("clerk2", (LineRequest("1001"),))
    board = board_after(qtbot, office_db, counter)
    assert board.figures.currentWidget() is board.shape
    assert board.figures.tabText(0) == "شکل روز"
    hours = board.shape.by_hour.bars
    assert sum(v for _label, v in hours) == 3 and len(hours) >= 2  # two hours of the day, three visits
    assert board.shape.by_hour.title == "مراجعه‌ها در هر ساعت"
    services = dict(board.shape.by_service.bars)
    assert sorted(services.values(), reverse=True) == [2, 1]  # 1001 twice, 2001 once
    week = board.shape.week
    assert week.title == "جمع دریافتی: این هفته در برابر هفته گذشته" and week.legend == ("این هفته", "هفته گذشته")
    assert week.bars[-1][1] == board.data.figures.totals.grand  # today is the week's last bar so far


def test_the_agency_chart_plots_each_agencys_share_not_what_was_paid(qtbot, office_db) -> None:
    counter = Counter(office_db)
    counter.sell("clerk1", (LineRequest("1001"),))
    counter.sell("clerk1", (LineRequest("2001"),))
    board = board_after(qtbot, office_db, counter)
    chart = board.figures.agency_chart
    assert chart.title == "سهم هر دستگاه (پرداختی به دستگاه)"
    by_agency = {b.label: b for b in board.data.figures.by_agency}
    plotted = dict(chart.bars)
    assert plotted == {label: b.agency for label, b in by_agency.items()}
    sabt = [label for label, b in by_agency.items() if b.agency == 0 and b.total > 0]
    assert sabt and plotted[sabt[0]] == 0  # its office fee and VAT are not its share


def test_the_day_close_shows_a_seal_in_digits_and_words_not_a_hex_digest(qtbot, office_db) -> None:
    counter = Counter(office_db)
    counter.sell("clerk1")
    counter.close_all()
    board = board_after(qtbot, office_db, counter)
    board.confirm_close = lambda data: True  # type: ignore[method-assign]
    with qtbot.waitSignal(board.day_closed, timeout=10_000) as closed:
        board.close_day()
    qtbot.waitUntil(lambda: board.data is not None and board.data.closed is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not board.runner.busy, timeout=10_000)
    shown = board.close_state.text() + board.message.text()
    digest = closed.args[0].chain_hash
    assert digest[:8] not in shown and not re.search(r"[0-9a-f]{8}", shown)
    assert "مهر و موم" in shown and re.search("[۰-۹]{4}-[۰-۹]{4}-[۰-۹]{4}", shown)
    assert digest in board.close_state.toolTip()  # for whoever supports the office
