"""The counter: the screen a clerk works in all day. Find a service, add it, who it is for, take the money.

Keyboard first: the search box has the focus; code + Enter adds a line; F12 pays; Enter confirms an
exact cash payment; Enter on the receipt brings the next citizen. Every button names its key.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _
from app.jalali import now_utc
from app.receipt_data import ReceiptData
from app.services.business_day_info import NextSaleDay, next_sale_day
from app.services.catalogue import ServiceView, list_services
from app.services.receipts import load_receipt
from app.services.sales import SaleRequest, SaleResult, record_sale
from ui.citizen_panel import CitizenPanel
from ui.desk import Desk
from ui.favourites import FavouritesBar
from ui.fit import FlowLayout
from ui.lines_model import AGENCY_FEE, NUMBER, SERVICE, TRACKING, VAT, LinesDelegate, LinesModel
from ui.parking import PARK_KEYS, PARKED_KEYS, ParkDialog, ParkedVisit, ParkedVisitsDialog, parked
from ui.payment_dialog import PaymentDialog
from ui.print_jobs import PRINT_JOBS_KEYS, UnprintedButton, show_pending_notice
from ui.receipt_preview import ReceiptPreviewDialog
from ui.service_search import ServiceSearch
from ui.widgets import MessageBar, add_shortcuts, bind_button, keys_text, open_dialog, scaled_font

COUNTER_FONT = 1.15  # counter text is read at arm's length
NARROW_TABLE = 760  # px: below this the visit's table shows fewer columns
NARROW_HIDDEN = (NUMBER, VAT)


def save_sale(desk: Desk, request: SaleRequest, attempt_at: dt.datetime | None = None,
              ) -> tuple[SaleResult, ReceiptData | UserError]:
    result = record_sale(desk.db, desk.acting, request, attempt_at=attempt_at)
    try:
        return result, load_receipt(desk.db, result.receipt_number)
    except UserError as err:  # saved (committed) all the same: the office server went away just after
        return result, err


def load_catalogue(desk: Desk) -> tuple[NextSaleDay, list[ServiceView]]:
    """The day the next sale is booked on, and the services at the tariffs it is priced at (those of
    the calendar day, which after a day close is not the booked day): the screen shows what is saved."""
    day = next_sale_day(desk.db)
    return day, list_services(desk.db, day.tariff_day)


class CounterScreen(QWidget):
    sale_recorded = Signal(object)  # SaleResult
    todays_list_requested = Signal()
    cash_movement_requested = Signal()
    x_report_requested = Signal()
    close_shift_requested = Signal()
    print_jobs_requested = Signal()
    logout_requested = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setFont(scaled_font(self, COUNTER_FONT))
        self.office_label = QLabel()
        self.day_label = QLabel()  # the business day the next sale is booked on
        self.day_note = QLabel()  # why that is not the calendar date, when it is not
        self.clerk_label = QLabel()
        self.search = ServiceSearch(desk)
        self.citizen = CitizenPanel(desk)
        self.lines = LinesModel(desk, self)
        self.table = QTableView()
        self.favourites = FavouritesBar()
        self.total_label = QLabel()
        self.breakdown_label = QLabel()
        self.message = MessageBar(reserve=True)  # keeps its room: the visit below never jumps
        self.print_jobs_button = UnprintedButton()  # this shift's receipts not printed yet, at all times
        self.pay_button = QPushButton()
        self.toolbar = QWidget()
        self.tool_buttons = FlowLayout(self.toolbar)  # wraps onto a second row on a 1024 px screen
        self.saving = False
        # The visit being saved and when it was first tried: trying the same visit again (its answer was
        # lost, the office server gone while confirming) uses the same time, so it is never saved twice.
        self.attempt: tuple[SaleRequest, dt.datetime] | None = None
        self.tariff_day: dt.date | None = None  # whose tariffs the catalogue on screen holds
        self._build()
        self._connect()
        self._update_totals()

    # --- building ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self._setup_table()
        self.office_label.setFont(scaled_font(self, 1.2, bold=True))
        self.favourites.setFont(scaled_font(self, 1 / COUNTER_FONT))  # the normal size: two lines hold a name
        # Set, not inherited: a style sheet applied when a message shows would otherwise put the label
        # back on the application's font, and its kept room would shrink (the visit would jump).
        self.message.setFont(scaled_font(self, 1.0))
        self.total_label.setFont(scaled_font(self, 2.8, bold=True))
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.total_label.setStyleSheet("color:#0b3d66;")
        self.breakdown_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pay_button.setFont(scaled_font(self, 1.4, bold=True))
        self.pay_button.setMinimumHeight(64)
        self.pay_button.setStyleSheet("QPushButton{background:#1d6b34;color:white;border-radius:8px;padding:8px;}"
                                      "QPushButton:disabled{background:#9bb8a3;}")
        self.day_note.setStyleSheet("color:#8a5a00;")
        self.day_note.setWordWrap(True)
        self.day_note.hide()
        office = QVBoxLayout()  # first in an RTL row: the right-hand side
        office.setSpacing(0)
        office.addWidget(self.office_label)
        office.addWidget(self.day_label)
        office.addWidget(self.day_note)
        clerk = QVBoxLayout()
        clerk.setSpacing(2)
        clerk.addWidget(self.clerk_label)
        clerk.addWidget(self.print_jobs_button)
        clerk.addStretch(1)
        header = QHBoxLayout()
        header.addLayout(office, 2)
        header.addWidget(self.message, 5)  # the message sits between, in room kept for it
        header.addLayout(clerk, 2)
        right = QVBoxLayout()  # first in an RTL row: the right-hand column, where reading starts
        right.addWidget(self.search, 1)
        right.addWidget(self.favourites)
        left = QVBoxLayout()
        left.addWidget(self.citizen)
        left.addWidget(self.table, 1)
        left.addWidget(self._total_panel())
        body = QHBoxLayout()
        body.addLayout(right, 7)  # about a third: the visit's table needs the room on narrow screens
        body.addLayout(left, 13)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(header)
        layout.addLayout(body, 1)
        self._toolbar()
        layout.addWidget(self.toolbar)

    def _setup_table(self) -> None:
        self.table.setModel(self.lines)
        self.table.setItemDelegate(LinesDelegate(self.desk, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setMinimumSectionSize(40)
        # A long service name wraps onto a second line in a narrow column instead of being cut.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SERVICE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)

    def _total_panel(self) -> QWidget:
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(panel)
        grid.addWidget(self.total_label, 0, 0)
        grid.addWidget(self.breakdown_label, 1, 0)
        grid.addWidget(self.pay_button, 0, 1, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        return panel

    def _toolbar(self) -> None:
        row = self.tool_buttons
        actions = [
            (_("Today's list"), ["F9"], self.todays_list_requested.emit),
            (_("Cash in / out"), ["F10"], self.cash_movement_requested.emit),
            (_("X report"), ["F11"], self.x_report_requested.emit),
            (_("Close the shift"), ["Ctrl+F11"], self.close_shift_requested.emit),
            (_("Switch user"), ["Ctrl+Shift+L"], self.logout_requested.emit),
            (_("New visit"), ["Ctrl+N"], self.ask_new_visit),
            (_("Park visit"), PARK_KEYS, self.ask_park),
            (_("Parked visits"), PARKED_KEYS, self.show_parked),
            (_("Remove line"), ["Ctrl+Delete"], self.remove_line),
        ]
        for text, keys, slot in actions:
            button = QPushButton()
            button.setFont(scaled_font(self, 1 / COUNTER_FONT))  # the toolbar keeps the normal size
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            bind_button(self, button, text, keys, slot)
            row.addWidget(button)
            if keys is PARKED_KEYS:
                self.parked_button = button
        self._show_parked_count()

    def _connect(self) -> None:
        bind_button(self, self.pay_button, _("Pay"), ["F12", "Ctrl+Return", "Ctrl+Enter"], self.pay)
        add_shortcuts(self, ["Ctrl+F"], self.focus_search)
        add_shortcuts(self, ["Ctrl+I"], self.citizen.focus)
        add_shortcuts(self, ["Ctrl+T"], lambda: self.edit_cell(TRACKING))
        add_shortcuts(self, ["Ctrl+E"], lambda: self.edit_cell(AGENCY_FEE))
        add_shortcuts(self, PRINT_JOBS_KEYS, self.print_jobs_requested.emit)
        self.print_jobs_button.clicked.connect(self.print_jobs_requested.emit)
        self.search.service_chosen.connect(self.add_service)
        self.search.not_found.connect(self.message.show_error)
        self.search.edit.textEdited.connect(self._clear_stale_error)
        self.citizen.national_id.textEdited.connect(self._clear_stale_error)
        self.citizen.finished.connect(self.focus_search)  # Enter in the name or mobile: back to the search
        self.favourites.chosen.connect(lambda service: self.add_service(service, 1))
        self.lines.refused.connect(self.message.show_error)
        self.lines.totals_changed.connect(self._update_totals)
        self.table.itemDelegate().closeEditor.connect(lambda *_a: self.focus_search())
        QWidget.setTabOrder(self.search.edit, self.citizen.national_id)
        QWidget.setTabOrder(self.citizen.national_id, self.citizen.name)
        QWidget.setTabOrder(self.citizen.name, self.citizen.mobile)
        QWidget.setTabOrder(self.citizen.mobile, self.table)
        QWidget.setTabOrder(self.table, self.pay_button)

    # --- the day -----------------------------------------------------------------------------------

    def start(self) -> None:
        """A clerk takes the counter: their name, today's date and catalogue, an empty visit."""
        actor = self.desk.actor
        self.office_label.setText(self.desk.digits(self.desk.office.name))
        self.new_visit()
        self.clerk_label.setText(actor.full_name if actor else "")
        desk = self.desk
        desk.runner.run(lambda: load_catalogue(desk), self._catalogue_loaded, self.message.show_error)
        show_pending_notice(desk, self.message, self.print_jobs_button)  # receipts left unprinted

    def _catalogue_loaded(self, loaded: tuple[NextSaleDay, list[ServiceView]]) -> None:
        day, services = loaded
        self.desk.business_day = day.day
        self.tariff_day = day.tariff_day
        self.show_day(day)
        self.search.set_catalogue(services)
        self.favourites.set_services(services)

    def show_day(self, day: NextSaleDay) -> None:
        """The day sales are booked on; when it is not today's date, one line saying why."""
        self.day_label.setText(self.desk.fmt.day_long(day.day))
        if day.reason == "closed":
            note = _("{today} is already closed: sales are booked on the next business day.",
                     today=self.desk.fmt.day_long(day.calendar_day))
        elif day.reason == "early":
            note = _("The office's day starts at {hour}: until then sales are booked on the day before.",
                     hour=self.desk.digits(f"{day.day_start_hour:02d}:00"))
        else:
            note = ""
        self.day_note.setText(note)
        self.day_note.setVisible(bool(note))

    def new_visit(self) -> None:
        self.attempt = None
        self.search.edit.clear()
        self.lines.clear()
        self.citizen.clear()
        self.message.clear_message()
        self.focus_search()
        self._reload_if_the_day_changed()

    def _reload_if_the_day_changed(self) -> None:
        """A shift that runs past midnight (or the day's start hour) gets the new day's tariffs, so
        the prices on screen stay the prices the sale is saved with."""
        from app.jalali import local_day, now_utc

        known = self.tariff_day
        if known is None or local_day(now_utc(), self.desk.office.day_start_hour) <= known:
            return
        desk = self.desk
        desk.runner.run(lambda: load_catalogue(desk), self._catalogue_loaded, self.message.show_error)

    def back_from_dialog(self) -> None:
        self.count_unprinted()  # a dialog may have printed (today's list, the waiting prints)
        if QApplication.activeModalWidget() is not None:
            return  # another dialog took over (the Z report after closing the shift)
        self.window().activateWindow()  # a closed dialog does not hand the keyboard back on every platform
        self.focus_search()

    def _clear_stale_error(self, _text: str = "") -> None:
        """An error is about what was typed; typing again makes it stale."""
        if self.message.kind == "error":
            self.message.clear_message()

    # --- parking -----------------------------------------------------------------------------------

    def ask_new_visit(self) -> None:
        """Ctrl+N: straight to a new visit when this one is empty; otherwise park it, drop it or go back."""
        if not self.lines.lines:
            self.new_visit()
            return
        self._ask_park(asked_new=True)

    def ask_park(self) -> None:
        if not self.lines.lines:
            self.message.show_error(_("There is nothing to park: add a service first."))
            return
        self._ask_park(asked_new=False)

    def _ask_park(self, *, asked_new: bool) -> None:
        dialog = ParkDialog(self.desk, len(self.lines.lines), self.lines.totals()["line_total"],
                            self._suggested_name(), asked_new=asked_new, parent=self.window())
        dialog.park_chosen.connect(self.park)
        dialog.drop_chosen.connect(self.new_visit)
        dialog.finished.connect(lambda _code: self.back_from_dialog())
        self.park_dialog = dialog
        open_dialog(dialog)

    def _suggested_name(self) -> str:
        name = self.citizen.name.text().strip()
        if name:
            return name
        return _("Visit at {time}", time=self.desk.fmt.time(now_utc()))

    def park(self, name: str) -> None:
        """Keep this visit aside under `name` and start the next one."""
        visit = ParkedVisit(name, list(self.lines.lines), (self.citizen.national_id.text(),
                                                           self.citizen.name.text(), self.citizen.mobile.text()),
                            self.lines.totals()["line_total"])
        parked(self.desk).append(visit)
        self.new_visit()
        self.message.show_info(_("«{name}» is parked. {keys} brings it back.", name=name,
                                 keys=keys_text(PARKED_KEYS)))
        self._show_parked_count()

    def show_parked(self) -> None:
        dialog = ParkedVisitsDialog(self.desk, self.window())
        dialog.recalled.connect(self.recall)
        dialog.finished.connect(self._parked_closed)
        self.parked_dialog = dialog
        open_dialog(dialog)

    def _parked_closed(self, _code: int) -> None:
        self._show_parked_count()
        self.back_from_dialog()

    def recall(self, visit: ParkedVisit) -> None:
        """A parked visit back on the counter, priced again; the visit that was there is parked first."""
        if self.lines.lines:
            self.park(self._suggested_name())
        lines, gone = [], []
        for line in visit.lines:
            service = self.search.by_code(line.service.code)
            if service is None:
                gone.append(line.service.name)
            else:
                lines.append(replace(line, service=service))
        said = self.lines.restore(lines)
        self.citizen.restore(*visit.citizen)
        said += [_("{service} is no longer offered.", service=name) for name in gone]
        if said:
            self.message.show_error(" ".join(said))
        else:
            self.message.show_info(_("«{name}» is back.", name=visit.name))
        self._show_parked_count()
        self.focus_search()

    def _show_parked_count(self) -> None:
        count = len(parked(self.desk))
        text = _("Parked visits ({count})", count=count) if count else _("Parked visits")
        self.parked_button.setText(f"{text}  ({keys_text(PARKED_KEYS)})")

    def focus_search(self) -> None:
        self.search.edit.setFocus()
        self.search.edit.selectAll()

    # --- lines ------------------------------------------------------------------------------------

    def add_service(self, service: ServiceView, quantity: int) -> None:
        try:
            row = self.lines.add(service, quantity)
        except UserError as err:
            self.message.show_error(err)
            return
        self.message.clear_message()
        self.table.setCurrentIndex(self.lines.index(row, SERVICE))
        if service.tariff.variable_agency_fee:
            # Bills and fines: the amount due differs per case, so the clerk types it right away.
            self.edit_cell(AGENCY_FEE, row)
        else:
            self.focus_search()

    def edit_cell(self, column: int, row: int | None = None) -> None:
        if not self.lines.rowCount():
            return
        if row is None:
            current = self.table.currentIndex()
            row = current.row() if current.isValid() else self.lines.rowCount() - 1
        index = self.lines.index(row, column)
        if not self.lines.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.message.show_error(self.lines.data(index, Qt.ItemDataRole.ToolTipRole))
            return
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove_line(self) -> None:
        current = self.table.currentIndex()
        self.lines.remove(current.row() if current.isValid() else self.lines.rowCount() - 1)
        self.focus_search()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """On a narrow screen the row number and the line's VAT step aside (the VAT stays in the
        breakdown under the total) so that the service's name keeps room to be read."""
        narrow = self.table.width() < NARROW_TABLE
        for column in NARROW_HIDDEN:
            self.table.setColumnHidden(column, narrow)

    def _update_totals(self) -> None:
        totals = self.lines.totals()
        money = self.desk.money
        self.total_label.setText(money(totals["line_total"], with_unit=True))
        self.breakdown_label.setText(_("Agency {agency} · Office fee {office} · VAT {vat}",
                                       agency=money(totals["agency_amount"]), office=money(totals["office_amount"]),
                                       vat=money(totals["vat_amount"])))
        self.pay_button.setEnabled(bool(self.lines.lines) and not self.saving)

    # --- paying -----------------------------------------------------------------------------------

    def pay(self) -> None:
        if self.saving:
            return
        if not self.lines.lines:
            self.message.show_error(UserError("Add at least one service."))
            self.focus_search()
            return
        try:
            national_id, name, mobile = self.citizen.values()
        except UserError as err:
            self.message.show_error(err)
            self.citizen.focus_invalid()
            return
        total = self.lines.totals()["line_total"]
        self.payment = PaymentDialog(self.desk, total, self.window())
        self.payment.accepted.connect(lambda: self._save(SaleRequest(
            self.lines.requests(), self.payment.result_payments, national_id, name, mobile)))
        self.payment.rejected.connect(self.back_from_dialog)
        open_dialog(self.payment)

    def _save(self, request: SaleRequest) -> None:
        self.saving = True
        self.pay_button.setEnabled(False)
        self.message.show_info(_("Saving…"))
        if self.attempt is None or self.attempt[0] != request:  # a changed visit is a new try
            self.attempt = (request, now_utc())
        desk, at = self.desk, self.attempt[1]
        self.desk.runner.run(lambda: save_sale(desk, request, at), self._saved, self._refused)

    def _saved(self, saved: tuple[SaleResult, ReceiptData | UserError]) -> None:
        result, data = saved
        self.saving = False
        self.new_visit()
        self.message.show_info(_("Receipt {number} saved.", number=result.receipt_number))
        self.sale_recorded.emit(result)
        self.count_unprinted()  # saved, not printed yet
        if isinstance(data, UserError):  # the sale is in the books; only its receipt cannot be read back now
            self.message.show_error(_("Receipt {number} saved, but it cannot be shown or printed now: {reason} "
                                      "Print it from today's list once the server answers.",
                                      number=result.receipt_number, reason=data.message()))
            self.focus_search()
            return
        self.preview = ReceiptPreviewDialog(self.desk, data, change_due=result.change_due, just_saved=True,
                                            parent=self.window())
        self.preview.print_finished.connect(lambda _outcome: self.count_unprinted())
        self.preview.finished.connect(lambda _code: self._next_citizen())
        open_dialog(self.preview)

    def count_unprinted(self) -> None:
        """The header's count of this shift's receipts not printed: after every print, failed or not."""
        self.print_jobs_button.refresh(self.desk)

    def _next_citizen(self) -> None:
        """The receipt is closed: the next citizen starts with a clean counter (no word left from the last)."""
        if self.message.kind == "info":
            self.message.clear_message()
        self.back_from_dialog()

    def _refused(self, err: UserError) -> None:
        self.saving = False
        self._update_totals()
        self.message.show_error(err)

