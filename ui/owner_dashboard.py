"""Today at a glance, for the owner at night: what came in and from whom, how much is the agencies'
and how much the office's, the same weekday last week, the shifts still open with the cash their
drawers should hold, the last backup — and the button that closes the day."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.jalali import local_day
from app.reports.dashboard import Dashboard, dashboard
from app.security import Action, allowed
from app.services.common import now
from app.services.dayclose import DayCloseResult, close_day
from app.text import isolate_ltr
from ui.desk import Desk
from ui.formatting import Formatter
from ui.owner_common import NUMBER_ALIGN, date_of, jalali_date_edit, set_date
from ui.owner_figures import FiguresView, SummaryCards
from ui.owner_shape import DayShape
from ui.widgets import MessageBar, scaled_font

SIDE_WIDTH = (320, 420)  # px: the open shifts, the last backup and the day close beside the figures


class OwnerDashboard(QWidget):
    loaded = Signal(object)  # Dashboard
    day_closed = Signal(object)  # DayCloseResult

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert desk.actor is not None
        self.desk, self.db, self.actor, self.runner = desk, desk.db, desk.actor, desk.runner
        self.data: Dashboard | None = None
        self.setWindowTitle(_("Today at a glance"))
        self.heading = QLabel(_("Today at a glance"))
        self.heading.setFont(scaled_font(self, 1.5, bold=True))
        self.day_label = QLabel()
        self.day_edit = jalali_date_edit(dt.date.today())
        self.today_button = QPushButton(_("Today"))
        self.refresh_button = QPushButton(_("Refresh"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.cards = SummaryCards()
        self.figures = FiguresView()
        self.shape = DayShape()  # the first view: the day by hour, by service, this week against last
        self.figures.insertTab(0, self.shape, _("The day's shape"))
        self.figures.setCurrentIndex(0)
        self.shifts = QTableWidget(0, 4)
        self.backup = QLabel()
        self.backup.setWordWrap(True)
        self.close_state = QLabel()
        self.close_state.setWordWrap(True)
        self.close_button = QPushButton(_("Close the day…"))
        self.message = MessageBar()
        self._build()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        self.day_label.setFont(scaled_font(self, 1.3, bold=True))
        top = QHBoxLayout()  # the page's frame carries its title; the day comes first here
        top.addWidget(self.day_label, 1)
        top.addWidget(QLabel(_("Day:")))
        top.addWidget(self.day_edit)
        top.addWidget(self.today_button)
        top.addWidget(self.refresh_button)
        self.shifts.setHorizontalHeaderLabels([_("Clerk"), _("Since"), _("Visits"), _("Expected cash")])
        self.shifts.verticalHeader().hide()
        self.shifts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.shifts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.shifts.horizontalHeader().setStretchLastSection(True)
        self.shifts.setMinimumHeight(110)
        side = QWidget()
        side.setMinimumWidth(SIDE_WIDTH[0])  # room for the open shifts' four columns
        side.setMaximumWidth(SIDE_WIDTH[1])
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(_boxed(_("Open shifts"), self.shifts))
        column.addWidget(_boxed(_("Last backup"), self.backup))
        close_box = QWidget()
        close_layout = QVBoxLayout(close_box)
        close_layout.setContentsMargins(0, 0, 0, 0)
        close_layout.addWidget(self.close_state)
        close_layout.addWidget(self.close_button)
        column.addWidget(_boxed(_("Day close"), close_box))
        column.addStretch(1)
        # A box layout, not a splitter: wrapped texts on the side get the height their width needs.
        split = QHBoxLayout()
        split.addWidget(self.figures, 3)
        split.addWidget(side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.cards)
        layout.addLayout(split, 1)
        layout.addWidget(self.message)

    def _connect(self) -> None:
        self.today_button.clicked.connect(lambda: self.refresh(None))
        self.refresh_button.clicked.connect(lambda: self.refresh(date_of(self.day_edit)))
        self.day_edit.dateChanged.connect(lambda _d: self._day_picked())
        self.close_button.clicked.connect(self.close_day)
        # A bound method, not a lambda: the connection ends with this page (the runner is the window's).
        self.runner.busy_changed.connect(self._busy_changed)

    # --- loading -----------------------------------------------------------------------------------

    def _day_picked(self) -> None:
        if self.data is not None and date_of(self.day_edit) != self.data.day:
            self.refresh(date_of(self.day_edit))

    def refresh(self, day: dt.date | None = None) -> None:
        """Load the figures of `day` (default: the current business day) off the GUI thread."""
        db, actor = self.db, self.actor
        self.runner.run(lambda: dashboard(db, actor, day), self.show_dashboard, self.message.show_error)

    @property
    def fmt(self) -> Formatter:
        return self.desk.fmt

    def show_dashboard(self, data: Dashboard) -> None:
        self.data = data
        self.day_edit.blockSignals(True)
        set_date(self.day_edit, data.day)
        self.day_edit.blockSignals(False)
        self.day_label.setText(self.fmt.day_long(data.day))
        weekday = _("same weekday last week")
        self.cards.show_totals(data.figures.totals, self.fmt, data.last_week, weekday)
        self.figures.show_figures(data.figures, self.fmt)
        self.shape.show_day(data, self.fmt)
        self._show_shifts(data)
        self._show_backup(data)
        self._show_close(data)
        self.status.setText(self._status_text(data))
        self._enable(not self.runner.busy)
        self.loaded.emit(data)

    def _status_text(self, data: Dashboard) -> str:
        if data.closed is not None:
            return _("This day is closed.")
        if data.day == data.current_day:
            return _("This is the current business day; sales are still being recorded.")
        if data.day > data.current_day:
            return _("This day has not come yet.")
        return _("This day is not closed yet.")

    def _show_shifts(self, data: Dashboard) -> None:
        self.shifts.setRowCount(len(data.open_shifts))
        for r, shift in enumerate(data.open_shifts):
            since = self.fmt.when(shift.opened_at)
            if local_day(shift.opened_at) == data.current_day:
                since = since.split(" ")[-1]  # today's: the time is enough (and fits beside the figures)
            cells = [shift.clerk, since, self.fmt.count(shift.visits),
                     self.fmt.money(shift.expected_cash)]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c >= 2:
                    item.setTextAlignment(NUMBER_ALIGN)
                self.shifts.setItem(r, c, item)

    def _show_backup(self, data: Dashboard) -> None:
        b = data.last_backup
        if b is None:
            self.backup.setText(_("No backup has been made yet. Back up the office database today."))
            self.backup.setStyleSheet("color: #8a1c12;")
            return
        text = _("{when} by {name}, in {folder}", when=self.fmt.when(b.at), name=b.by or "—",
                 folder=isolate_ltr(b.folder))
        warn = b.stale(now()) or not b.file_found
        if b.stale(now()):
            text += "\n" + _("More than a day old: back up again.")
        if not b.file_found:
            text += "\n" + _("The backup file is not in that folder now (a removed drive?).")
        self.backup.setText(text)
        self.backup.setStyleSheet("color: #8a1c12;" if warn else "")

    def _show_close(self, data: Dashboard) -> None:
        c = data.closed
        if c is not None:
            self.close_state.setText(_(
                "Closed {when} by {name}.\nCumulative grand total: {total}\nThe books are sealed up to this "
                "close: a later change to this day's records shows when the books are checked. Seal: {seal}",
                when=self.fmt.when(c.closed_at), name=c.closed_by, total=self.fmt.money(c.cumulative_total,
                                                                                          with_unit=True),
                seal=seal_text(c.chain_hash, self.fmt)))
            self.close_state.setToolTip(_("The journal's chain value at closing (for support): {hash}",
                                          hash=isolate_ltr(c.chain_hash)))
        elif data.open_shifts:
            self.close_state.setText(_("Close the open shifts before closing the day."))
        elif not data.closable:
            self.close_state.setText(_("This day cannot be closed (a later day is closed, or it has not come yet)."))
        else:
            self.close_state.setText(_("Closing freezes the day's totals; later sales go to the next day."))

    def _busy_changed(self, busy: bool) -> None:
        self._enable(not busy)

    def _enable(self, idle: bool) -> None:
        d = self.data
        can = (d is not None and d.closed is None and d.closable and not d.open_shifts
               and allowed(self.actor.role, Action.CLOSE_DAY))
        self.close_button.setEnabled(idle and can)
        self.refresh_button.setEnabled(idle)
        self.today_button.setEnabled(idle)

    # --- day close ---------------------------------------------------------------------------------

    def confirm_close(self, data: Dashboard) -> bool:
        """Asks the owner; tests replace this method."""
        t = data.figures.totals
        text = _("Close {day}? Its totals will be frozen: {visits} visits, total {total}. "
                 "Sales after this go to the next business day.", day=self.fmt.day_long(data.day),
                 visits=self.fmt.count(t.net_visits), total=self.fmt.money(t.grand, with_unit=True))
        answer = QMessageBox.question(self, _("Close the day"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def close_day(self) -> None:
        data = self.data
        if data is None or not self.confirm_close(data):
            return
        db, actor, day = self.db, self.actor, data.day
        self.runner.run(lambda: close_day(db, actor, day), self._closed, self.message.show_error)

    def _closed(self, result: DayCloseResult) -> None:
        self.message.show_info(_("Day {day} closed. Cumulative grand total: {total}. The books are sealed up to "
                                 "this close.", day=self.fmt.day_long(result.business_day),
                                 total=self.fmt.money(result.cumulative_total, with_unit=True)))
        self.day_closed.emit(result)
        self.refresh(result.business_day)


def seal_text(chain_hash: str, fmt: Formatter) -> str:
    """The journal's value at a day close as three groups of four digits, which can be read aloud and
    compared with a printed or copied record; the hexadecimal itself means nothing to an owner."""
    number = int(chain_hash[:12] or "0", 16) % 10**12
    text = f"{number:012d}"
    grouped = "-".join(text[i:i + 4] for i in range(0, 12, 4))
    return isolate_ltr(fmt.digits(grouped))


def _boxed(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(widget)
    return box


def dashboard_page(desk: Desk) -> OwnerDashboard:
    """The page for the management menu: on the window's one database thread; a day close is followed
    by a backup."""
    dashboard = OwnerDashboard(desk)
    dashboard.day_closed.connect(lambda _result: _backup_at_close(desk, dashboard))
    return dashboard


def _backup_at_close(desk: Desk, dashboard: OwnerDashboard) -> None:
    """A backup at each day close, into the chosen folder (shown as an error if it cannot be made)."""
    from app.services.backup_schedule import backup_at_day_close

    db, actor, runner = desk.db, desk.acting, desk.runner
    runner.run(lambda: backup_at_day_close(db, actor), None, dashboard.message.show_error)

