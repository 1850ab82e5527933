"""History: every transaction over years of data, filtered in SQL (Jalali dates, clerk, agency,
service, national ID, name in any spelling, payment method, voided or not), shown through a lazy
table model that fetches keyset pages as the owner scrolls. Opens the full receipt; reprints it
as a copy (marked «المثنی» and journaled)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import UserError
from app.i18n import N_, _
from app.receipt_data import ReceiptData
from app.reports.dashboard import ReportContext, report_context
from app.reports.figures import METHOD_LABELS, METHODS
from app.reports.history import (
    HistoryChoices,
    HistoryCursor,
    HistoryFilter,
    HistoryPage,
    HistoryRow,
    history_choices,
    history_count,
    history_page,
    open_receipt,
    reprint_copy,
)
from app.services.common import Actor
from app.text import clean_digits
from ui.owner_common import NUMBER_ALIGN, Fmt, date_of, jalali_date_edit, set_date
from ui.owner_reports import preset_range
from ui.runner import Runner
from ui.widgets import MessageBar, scaled_font

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[HistoryCursor | None], HistoryPage]
COLUMNS = (N_("Receipt"), N_("Date"), N_("Time"), N_("Clerk"), N_("Citizen"), N_("National ID"), N_("Services"),
           N_("Total"), N_("Payment"), N_("Status"))
NUMERIC = {0, 7}
VOID_COLOUR = QColor("#b3261e")
DATE_CHOICES = (("all", N_("All dates")), ("today", N_("Today")), ("week", N_("This week")),
                ("month", N_("This month")), ("year", N_("This year")), ("custom", N_("Custom")))


class HistoryModel(QAbstractTableModel):
    """Transactions in pages: `reset` with the first page, `fetchMore` asks for the next one."""

    def __init__(self, fetch: Fetch | None = None, fmt: Fmt | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.fetch = fetch
        self.fmt = fmt or Fmt()
        self.rows: list[HistoryRow] = []
        self.more = False
        self._fetching = False  # views (and the model tester) may ask again while rows are going in

    def reset(self, page: HistoryPage, fetch: Fetch | None = None) -> None:
        self.beginResetModel()
        self.rows = list(page.rows)
        self.more = page.more
        if fetch is not None:
            self.fetch = fetch
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt override
        return not parent.isValid() and self.more and self.fetch is not None and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008 - Qt override
        if not self.canFetchMore(parent) or not self.rows:
            return
        assert self.fetch is not None
        self._fetching = True
        try:
            page = self.fetch(self.rows[-1].cursor)
            self.more = page.more
            if page.rows:
                first = len(self.rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
                self.rows.extend(page.rows)
                self.endInsertRows()
        finally:
            self._fetching = False

    def row_at(self, index: Index) -> HistoryRow | None:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(NUMBER_ALIGN.value)
        if role == Qt.ItemDataRole.ForegroundRole and row.voided:
            return QBrush(VOID_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == 6:
            return row.services
        if role == Qt.ItemDataRole.UserRole:
            return row.receipt_number
        return None

    def _text(self, row: HistoryRow, column: int) -> str:
        f = self.fmt
        if column == 0:
            return f.cell(row.receipt_number, "text")
        if column == 1:
            return f.day(row.business_day)
        if column == 2:
            return f.when(row.created_at)[-5:]
        if column == 3:
            return row.clerk
        if column == 4:
            return row.citizen_name
        if column == 5:
            return f.cell(row.national_id, "text")
        if column == 6:
            return row.services
        if column == 7:
            return f.money(row.total)
        if column == 8:
            return "، ".join(_(METHOD_LABELS.get(m, m)) for m in row.methods)
        if column == 9 and row.void_day is not None:
            return _("voided on {day}", day=f.day(row.void_day))
        return ""

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None


class OwnerHistory(QWidget):
    loaded = Signal(object)  # the first page of a search
    counted = Signal(int)
    reprint_ready = Signal(object)  # ReceiptData marked as a copy, for the printer

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None, *,
                 runner: Runner | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.runner = runner or Runner(self)
        self.context: ReportContext | None = None
        self.choices: HistoryChoices | None = None
        self.fmt = Fmt()
        self._sized = False
        self.receipt_dialog: ReceiptDialog | None = None
        self.setWindowTitle(_("History"))
        self.model = HistoryModel(fmt=self.fmt, parent=self)
        self.view = QTableView()
        self.dates = QComboBox()
        self.first = jalali_date_edit(dt.date.today())
        self.last = jalali_date_edit(dt.date.today())
        self.clerk = QComboBox()
        self.agency = QComboBox()
        self.service = QComboBox()
        self.method = QComboBox()
        self.status = QComboBox()
        self.national_id = QLineEdit()
        self.name = QLineEdit()
        self.receipt = QLineEdit()
        self.search_button = QPushButton(_("Search"))
        self.clear_button = QPushButton(_("Clear"))
        self.open_button = QPushButton(_("Open receipt"))
        self.count_label = QLabel()
        self.message = MessageBar()
        self._build()
        self._connect()
        db_, actor_ = db, actor
        self.runner.run(lambda: (report_context(db_, actor_), history_choices(db_, actor_)), self._started,
                        self.message.show_error)

    def _build(self) -> None:
        for key, label in DATE_CHOICES:
            self.dates.addItem(_(label), key)
        self.method.addItem(_("Any payment"), None)
        for m in METHODS:
            self.method.addItem(_(METHOD_LABELS[m]), m)
        for label, value in ((N_("Voided or not"), None), (N_("Not voided"), False), (N_("Voided only"), True)):
            self.status.addItem(_(label), value)
        self.national_id.setPlaceholderText(_("National ID (or its first digits)"))
        self.name.setPlaceholderText(_("Name, in any spelling"))
        self.receipt.setPlaceholderText(_("Receipt number"))
        for edit in (self.national_id, self.receipt):
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        grid = QGridLayout()
        row0 = [QLabel(_("Dates:")), self.dates, self.first, QLabel(_("to")), self.last, QLabel(_("Clerk:")), self.clerk,
                QLabel(_("Payment:")), self.method, self.status]
        row1 = [QLabel(_("Agency:")), self.agency, QLabel(_("Service:")), self.service, self.national_id, self.name,
                self.receipt, self.search_button, self.clear_button]
        for c, widget in enumerate(row0):
            grid.addWidget(widget, 0, c)
        for c, widget in enumerate(row1):
            grid.addWidget(widget, 1, c)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)  # services: the spare room
        for combo in (self.clerk, self.agency, self.service):
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        self._dates_chosen()

    def _connect(self) -> None:
        self.search_button.clicked.connect(self.search)
        self.clear_button.clicked.connect(self.clear_filters)
        for edit in (self.national_id, self.name, self.receipt):
            edit.returnPressed.connect(self.search)
        self.dates.currentIndexChanged.connect(lambda _i: self._dates_chosen())
        self.agency.currentIndexChanged.connect(lambda _i: self._fill_services())
        self.view.doubleClicked.connect(self.open_receipt)
        self.view.activated.connect(self.open_receipt)
        self.open_button.clicked.connect(lambda: self.open_receipt(self.view.currentIndex()))
        self.runner.busy_changed.connect(lambda busy: self.search_button.setEnabled(not busy))

    def _started(self, loaded: tuple[ReportContext, HistoryChoices]) -> None:
        self.context, self.choices = loaded
        self.fmt = Fmt(self.choices.unit)
        self.model.fmt = self.fmt
        self.clerk.addItem(_("Everyone"), None)
        for choice in self.choices.staff:
            self.clerk.addItem(choice.label, choice.id)
        self.agency.addItem(_("Every agency"), None)
        for choice in self.choices.agencies:
            self.agency.addItem(choice.label, choice.id)
        self._fill_services()
        for edit in (self.first, self.last):
            set_date(edit, self.context.current_day)
        self.search()

    def _fill_services(self) -> None:
        agency = self.agency.currentData()
        self.service.clear()
        self.service.addItem(_("Every service"), None)
        for choice in self.choices.services if self.choices else ():
            if agency is None or choice.group == str(agency):
                self.service.addItem(self.fmt.cell(choice.label, "text"), choice.id)

    def _dates_chosen(self) -> None:
        key = self.dates.currentData()
        custom = key == "custom"
        self.first.setEnabled(custom)
        self.last.setEnabled(custom)
        if key not in ("all", "custom") and self.context is not None:
            first, last = preset_range(key, self.context.current_day)
            set_date(self.first, first)
            set_date(self.last, last)

    # --- searching -----------------------------------------------------------------------------------

    def current_filter(self) -> HistoryFilter:
        """The filter the fields describe; a typing mistake is a UserError."""
        number = clean_digits(self.receipt.text())
        if number and not (number.isascii() and number.isdigit()):
            raise UserError("Invalid receipt number: {value}", value=self.receipt.text())
        first = last = None
        if self.dates.currentData() != "all":
            first, last = date_of(self.first), date_of(self.last)
            if last < first:
                raise UserError("The end of the period is before its start.")
        return HistoryFilter(first=first, last=last, staff_id=self.clerk.currentData(),
                             service_id=self.service.currentData(), agency_id=self.agency.currentData(),
                             national_id=self.national_id.text(), name=self.name.text(),
                             method=self.method.currentData(), voided=self.status.currentData(),
                             receipt_number=int(number) if number else None)

    def search(self) -> None:
        try:
            flt = self.current_filter()
        except UserError as err:
            self.message.show_error(err)
            return
        self.message.clear_message()
        self.count_label.setText(_("Searching…"))
        db, actor = self.db, self.actor
        self.runner.run(lambda: history_page(db, actor, flt), lambda page: self._first_page(flt, page),
                        self.message.show_error)

    def _first_page(self, flt: HistoryFilter, page: HistoryPage) -> None:
        db, actor = self.db, self.actor
        # Later pages are quick keyset reads; they come as the view scrolls.
        self.model.reset(page, lambda cursor: history_page(db, actor, flt, after=cursor))
        if page.rows and not self._sized:
            self._sized = True
            for column in range(len(COLUMNS)):
                if column != 6:
                    self.view.resizeColumnToContents(column)
        self.loaded.emit(page)
        self.runner.run(lambda: history_count(db, actor, flt), self._counted, self.message.show_error)

    def _counted(self, count: int) -> None:
        self.count_label.setText(_("{count} transactions found", count=self.fmt.count(count)))
        self.counted.emit(count)

    def clear_filters(self) -> None:
        for combo in (self.clerk, self.agency, self.service, self.method, self.status, self.dates):
            combo.setCurrentIndex(0)
        for edit in (self.national_id, self.name, self.receipt):
            edit.clear()
        self.search()

    # --- receipts ------------------------------------------------------------------------------------

    def open_receipt(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is None:
            return
        db, actor, number = self.db, self.actor, row.receipt_number
        self.runner.run(lambda: open_receipt(db, actor, number), self.show_receipt, self.message.show_error)

    def show_receipt(self, data: ReceiptData) -> None:
        dialog = ReceiptDialog(data, self)
        dialog.reprint_requested.connect(self.reprint)
        dialog.open()
        self.receipt_dialog = dialog

    def reprint(self, number: int) -> None:
        db, actor = self.db, self.actor
        self.runner.run(lambda: reprint_copy(db, actor, number), self.reprint_ready.emit, self.message.show_error)


class ReceiptDialog(QDialog):
    """A past receipt as it printed; the owner may reprint it as a copy."""

    reprint_requested = Signal(int)

    def __init__(self, data: ReceiptData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ui.receipt_output import receipt_image

        self.data = data
        self.setWindowTitle(_("Receipt {number}", number=data.receipt_number))
        heading = QLabel(_("Receipt {number}", number=data.receipt_number))
        heading.setFont(scaled_font(self, 1.4, bold=True))
        image = QLabel()
        image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        image.setPixmap(QPixmap.fromImage(receipt_image(data)))
        scroll = QScrollArea()
        scroll.setWidget(image)
        scroll.setWidgetResizable(True)
        self.reprint_button = QPushButton(_("Reprint as a copy"))
        self.close_button = QPushButton(_("Close"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.resize(680, 820)
        self.reprint_button.clicked.connect(lambda: self.reprint_requested.emit(data.receipt_number))
        self.close_button.clicked.connect(self.accept)


def register(window: object) -> None:
    """Called by the main window: a toolbar button for the owner and managers; a reprint goes to the
    receipt preview, which prints it on the office's printer."""
    from ui.receipt_preview import ReceiptPreviewDialog

    def page(desk: Any, parent: QWidget) -> OwnerHistory:
        history = OwnerHistory(desk.db, desk.actor, parent)
        history.reprint_ready.connect(lambda data: ReceiptPreviewDialog(desk, data, parent=history).open())
        return history

    window.add_page(_("History"), page, ("owner", "manager"))  # type: ignore[attr-defined]
