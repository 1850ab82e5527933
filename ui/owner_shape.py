"""The day's shape, on the dashboard's first view: visits by hour, the services that made the day, and
this week's days against the same days of the week before."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from app.i18n import _
from app.jalali import WEEKDAYS_FA
from app.reports.dashboard import Dashboard
from ui.formatting import Formatter
from ui.owner_common import BarChart

TOP_SERVICES = 8
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class DayShape(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by_hour = BarChart(_("Visits by hour"), vertical=True)
        self.by_service = BarChart(_("Visits by service"))
        self.week = BarChart(_("Total received: this week against last week"), vertical=True)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.addWidget(self.by_hour, 0, 0)
        grid.addWidget(self.week, 0, 1)
        grid.addWidget(self.by_service, 1, 0, 1, 2)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)

    def show_day(self, data: Dashboard, fmt: Formatter) -> None:
        self.by_hour.set_bars([(fmt.count(h.hour), h.visits) for h in data.by_hour], fmt.count)
        services = sorted(data.figures.by_service, key=lambda b: (-b.net_count, b.label))[:TOP_SERVICES]
        self.by_service.set_bars([(b.label, b.net_count) for b in services if b.net_count > 0], fmt.count)
        self.week.set_pairs([(weekday(d.day, fmt), d.total, d.last_week) for d in data.week], fmt.money,
                            (_("This week"), _("Last week")))


def weekday(day: object, fmt: Formatter) -> str:
    index = day.weekday()  # type: ignore[attr-defined]
    return WEEKDAYS_FA[index] if fmt.persian else WEEKDAYS_EN[index]
