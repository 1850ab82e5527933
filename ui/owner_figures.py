"""Figures on screen, shared by the dashboard and the period reports: the headline cards (with an
optional comparison) and the breakdowns — by service, agency, clerk, payment method, day and
month — as the same tables the exports write, with a bar chart where a picture reads faster."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.i18n import _
from app.reports.document import agencies_table, clerks_table, days_table, methods_table, months_table, services_table
from app.reports.figures import Figures
from app.services.totals import Totals
from ui.formatting import Formatter
from ui.owner_common import BarChart, ReportTableWidget

CARD_STYLE = "QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }"


class Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(CARD_STYLE)
        self.title = QLabel(title)
        self.title.setWordWrap(True)  # «سهم دستگاه‌ها (پرداختی به دستگاه‌ها)» on a 1024 px screen
        self.value = QLabel("—")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.value.setFont(font)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(dark);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        for label in (self.title, self.value, self.note):
            layout.addWidget(label)


class SummaryCards(QWidget):
    """Visits, the agencies' money, the office's revenue, VAT and the total, side by side."""

    FIELDS = ("visits", "agency", "office", "vat", "grand")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        titles = (_("Visits"), _("Agency money (passed to agencies)"), _("Office revenue"), _("VAT"),
                  _("Total received"))
        self.cards = {f: Card(t) for f, t in zip(self.FIELDS, titles, strict=True)}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for card in self.cards.values():
            layout.addWidget(card)

    def show_totals(self, totals: Totals, fmt: Formatter, compare: Totals | None = None, compare_label: str = "") -> None:
        for field, card in self.cards.items():
            value = _value(totals, field)
            card.value.setText(fmt.count(value) if field == "visits" else fmt.money(value))
            note = ""
            if field == "visits" and totals.voids:
                note = _("{count} voided", count=totals.voids)
            if compare is not None:
                before = _value(compare, field)
                shown = fmt.count(before) if field == "visits" else fmt.money(before)
                note = (note + " — " if note else "") + _("{label}: {value} ({change})", label=compare_label,
                                                          value=shown, change=change_text(value, before, fmt))
            card.note.setText(note)


def _value(totals: Totals, field: str) -> int:
    """Visits are net of the voids recorded in the same scope, as the money is (voids shown beside)."""
    return totals.net_visits if field == "visits" else int(getattr(totals, field))


def change_text(now: int, before: int, fmt: Formatter) -> str:
    if before == 0:
        return "—" if now == 0 else _("new")
    percent = round((now - before) * 100 / abs(before))
    arrow = "▲" if percent > 0 else "▼" if percent < 0 else "="
    return f"{arrow} {fmt.count(abs(percent))}٪" if fmt.persian else f"{arrow} {abs(percent)}%"


class FiguresView(QTabWidget):
    """The breakdowns of one set of figures, a tab each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = ReportTableWidget()
        self.agencies = ReportTableWidget()
        self.agency_chart = BarChart(_("Agency share (money passed to each agency)"))
        self.clerks = ReportTableWidget()
        self.clerk_chart = BarChart(_("Total received per clerk"))
        self.methods = ReportTableWidget()
        self.days = ReportTableWidget()
        self.day_chart = BarChart(_("Office revenue per day"), vertical=True)
        self.months = ReportTableWidget()
        self.month_chart = BarChart(_("Office revenue per month"), vertical=True)
        self.addTab(self.services, _("By service"))
        self.addTab(_beside(self.agencies, self.agency_chart), _("By agency"))
        self.addTab(_beside(self.clerks, self.clerk_chart), _("By clerk"))
        self.addTab(self.methods, _("By payment method"))
        self.day_tab = self.addTab(_above(self.day_chart, self.days), _("By day"))
        self.month_tab = self.addTab(_above(self.month_chart, self.months), _("By month"))

    def show_figures(self, figures: Figures, fmt: Formatter) -> None:
        self.services.show_table(services_table(figures), fmt)
        self.agencies.show_table(agencies_table(figures), fmt)
        # The agency's share, not what the citizen paid in all: civil registration takes none of the
        # office's fee, so its bar is its share alone (often zero when the citizen paid online).
        self.agency_chart.set_bars([(b.label, b.agency) for b in figures.by_agency], fmt.money)
        self.clerks.show_table(clerks_table(figures), fmt)
        self.clerk_chart.set_bars([(b.label, b.total) for b in figures.by_clerk], fmt.money)
        self.methods.show_table(methods_table(figures), fmt)
        self.days.show_table(days_table(figures), fmt)
        self.day_chart.set_bars([(fmt.day(d.day)[5:], d.totals.office) for d in figures.by_day], fmt.money)
        self.months.show_table(months_table(figures), fmt)
        self.month_chart.set_bars([(m.label, m.totals.office) for m in figures.by_month], fmt.money)
        self.setTabVisible(self.day_tab, figures.first != figures.last)
        self.setTabVisible(self.month_tab, len(figures.by_month) > 1)


def _beside(table: QWidget, chart: QWidget) -> QWidget:
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(table)
    splitter.addWidget(chart)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    return splitter


def _above(chart: QWidget, table: QWidget) -> QWidget:
    box = QWidget()
    layout = QGridLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(chart, 0, 0)
    layout.addWidget(table, 1, 0)
    layout.setRowStretch(0, 2)
    layout.setRowStretch(1, 3)
    return box
