"""History: every transaction over years of data, filtered in SQL (Jalali dates, clerk, agency,
service, national ID, name in any spelling, payment method, voided or not), shown through a
windowed table model: its row count is the whole result (so the scroll bar spans it from the
start) and its rows come from a few cached pages, read as the view shows them, so memory stays flat
however far the owner scrolls. Opens the full receipt; reprints it as a copy (marked «المثنی» and
journaled)."""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
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
from app.payment_methods import METHODS, method_label
from app.receipt_data import ReceiptData
from app.receipt_seal import normalise_code
from app.reports.dashboard import ReportContext, report_context
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
from ui.desk import Desk
from ui.fit import FlowLayout
from ui.fit_check import allow_elide, allow_sideways
from ui.formatting import Formatter
from ui.owner_common import NUMBER_ALIGN, date_of, jalali_date_edit, set_date
from ui.owner_reports import preset_range
from ui.widgets import MessageBar, scaled_font

Index = QModelIndex | QPersistentModelIndex
# Reads `limit` rows from `offset`, or the rows right after `after` when that cursor is known.
Loader = Callable[[int, HistoryCursor | None, int], HistoryPage]
PAGE_ROWS = 200  # rows per cached page
MAX_PAGES = 10  # pages kept: about two thousand rows, however long the history
COLUMNS = (N_("Receipt"), N_("Date"), N_("Time"), N_("Clerk"), N_("Citizen"), N_("National ID"), N_("Services"),
           N_("Total"), N_("Payment"), N_("Status"))
NUMERIC = {0, 7}
VOID_COLOUR = QColor("#b3261e")
DATE_CHOICES = (("all", N_("All dates")), ("today", N_("Today")), ("week", N_("This week")),
                ("month", N_("This month")), ("year", N_("This year")), ("custom", N_("Custom")))


def history_loader(db: Database, actor: Actor, flt: HistoryFilter) -> Loader:
    """The model's page reader for a search: keyset after a known row (scrolling on), else by offset
    (a jump along the scroll bar)."""

    def load(offset: int, after: HistoryCursor | None, limit: int) -> HistoryPage:
        if after is not None:
            return history_page(db, actor, flt, after=after, limit=limit)
        return history_page(db, actor, flt, offset=offset, limit=limit)

    return load


class HistoryModel(QAbstractTableModel):
    """The whole result of a search as rows, read in fixed pages as the view asks for them.

    `reset` gives the count (`history_count`), the first page and the loader. A row not cached
    loads its page synchronously on the GUI thread: a page is one indexed read of `PAGE_ROWS` rows
    (a few ms; keyset after the page before when that one is cached), quicker than a round trip
    through a worker thread and a repaint. At most `MAX_PAGES` pages are kept, least recently used
    dropped first."""

    def __init__(self, loader: Loader | None = None, fmt: Formatter | None = None, parent: Any = None, *,
                 page_rows: int = PAGE_ROWS, max_pages: int = MAX_PAGES) -> None:
        super().__init__(parent)
        self.loader = loader
        self.fmt = fmt or Formatter()
        self.page_rows, self.max_pages = page_rows, max_pages
        self.count = 0
        self.pages: OrderedDict[int, tuple[HistoryRow, ...]] = OrderedDict()
        self.loads = 0  # pages read through the loader since the last reset

    def reset(self, count: int, first: HistoryPage | None = None, loader: Loader | None = None) -> None:
        self.beginResetModel()
        self.count = max(0, count)
        self.pages.clear()
        self.loads = 0
        if loader is not None:
            self.loader = loader
        if first is not None and self.count:
            self._keep(0, first.rows[:self.page_rows])
        self.endResetModel()

    @property
    def cached_pages(self) -> int:
        return len(self.pages)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else self.count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def row_at(self, index: Index) -> HistoryRow | None:
        if not index.isValid() or not 0 <= index.row() < self.count:
            return None
        number, within = divmod(index.row(), self.page_rows)
        rows = self._page(number)
        return rows[within] if within < len(rows) else None  # rows may have gone since the count

    def _page(self, number: int) -> tuple[HistoryRow, ...]:
        rows = self.pages.get(number)
        if rows is not None:
            self.pages.move_to_end(number)
            return rows
        if self.loader is None:
            return ()
        before = self.pages.get(number - 1)
        after = before[-1].cursor if before is not None and len(before) == self.page_rows else None
        rows = self.loader(number * self.page_rows, after, self.page_rows).rows
        self.loads += 1
        self._keep(number, rows)
        return rows

    def _keep(self, number: int, rows: tuple[HistoryRow, ...]) -> None:
        self.pages[number] = tuple(rows)
        self.pages.move_to_end(number)
        while len(self.pages) > self.max_pages:
            self.pages.popitem(last=False)

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
            return "، ".join(method_label(m) for m in row.methods)
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

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert desk.actor is not None
        self.desk, self.db, self.actor, self.runner = desk, desk.db, desk.actor, desk.runner
        self.context: ReportContext | None = None
        self.choices: HistoryChoices | None = None
        self.fmt = desk.fmt
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
        self.check_button = QPushButton(_("Check a receipt…"))
        self.check_screen: QWidget | None = None
        self.count_label = QLabel()
        self.message = MessageBar()
        self._build()
        self._connect()
        db, actor = self.db, self.actor
        self.runner.run(lambda: (report_context(db, actor), history_choices(db, actor)), self._started,
                        self.message.show_error)

    def _busy_changed(self, busy: bool) -> None:
        self.search_button.setEnabled(not busy)

    def _build(self) -> None:
        for key, label in DATE_CHOICES:
            self.dates.addItem(_(label), key)
        self.method.addItem(_("Any payment"), None)
        for m in METHODS:
            self.method.addItem(method_label(m), m)
        for label, value in ((N_("Voided or not"), None), (N_("Not voided"), False), (N_("Voided only"), True)):
            self.status.addItem(_(label), value)
        self.national_id.setPlaceholderText(_("National ID (or its first digits)"))
        self.name.setPlaceholderText(_("Name, in any spelling"))
        self.receipt.setPlaceholderText(_("Receipt number or verification code"))
        for edit in (self.national_id, self.receipt):
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        for edit in (self.national_id, self.name, self.receipt):  # the hint shows whole, not cut
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 28)
        # The filters flow onto as many lines as the screen needs (two on a 1366 px screen, three at 1024).
        filters = QWidget()
        flow = FlowLayout(filters)
        for group in ((QLabel(_("Dates:")), self.dates, self.first, QLabel(_("to")), self.last),
                      (QLabel(_("Clerk:")), self.clerk), (QLabel(_("Payment:")), self.method, self.status),
                      (QLabel(_("Agency:")), self.agency), (QLabel(_("Service:")), self.service),
                      (self.national_id,), (self.name,), (self.receipt,), (self.search_button, self.clear_button)):
            flow.addWidget(_together(*group))
        self.view.setModel(self.model)
        allow_sideways(self.view)  # ten columns: on a narrow screen the owner scrolls to the last ones
        allow_elide(self.view, [6])  # a visit's many services: the whole list is in the cell's tooltip
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
        bottom.addWidget(self.check_button)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(filters)
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
        self.check_button.clicked.connect(self.open_check)
        # A bound method, not a lambda: the connection ends with this page (the runner is the window's).
        self.runner.busy_changed.connect(self._busy_changed)

    def _started(self, loaded: tuple[ReportContext, HistoryChoices]) -> None:
        self.context, self.choices = loaded
        self.fmt = self.model.fmt = self.desk.fmt  # the office's display unit as it stands now
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
        number, code = clean_digits(self.receipt.text()), ""
        if number and not (number.isascii() and number.isdigit()):
            # Not a number: a printed verification code («کد اصالت») finds its receipt too.
            number, code = "", self.receipt.text()
            if not normalise_code(code):
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
                             receipt_number=int(number) if number else None, code=code)

    def search(self) -> None:
        try:
            flt = self.current_filter()
        except UserError as err:
            self.message.show_error(err)
            return
        self.message.clear_message()
        self.count_label.setText(_("Searching…"))
        db, actor = self.db, self.actor
        # The count first: the model's rows are the whole result, and the scroll bar spans it at once.
        self.runner.run(lambda: (history_count(db, actor, flt), history_page(db, actor, flt, limit=PAGE_ROWS)),
                        lambda found: self._found(flt, *found), self.message.show_error)

    def _found(self, flt: HistoryFilter, count: int, page: HistoryPage) -> None:
        self.model.reset(count, page, history_loader(self.db, self.actor, flt))
        if page.rows and not self._sized:
            self._sized = True
            for column in range(len(COLUMNS)):
                if column != 6:
                    self.view.resizeColumnToContents(column)
        self.loaded.emit(page)
        self.count_label.setText(_("{count} transactions found", count=self.fmt.count(count)))
        self.counted.emit(count)

    def clear_filters(self) -> None:
        for combo in (self.clerk, self.agency, self.service, self.method, self.status, self.dates):
            combo.setCurrentIndex(0)
        for edit in (self.national_id, self.name, self.receipt):
            edit.clear()
        self.search()

    # --- receipts ------------------------------------------------------------------------------------

    def open_check(self) -> None:
        """The check screen, with the typed receipt number or code already checked."""
        from ui.check_receipt import CheckReceiptScreen

        screen = CheckReceiptScreen(self.desk, self, entry=self.receipt.text().strip())
        screen.setWindowFlag(Qt.WindowType.Window)
        screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen.resize(900, 620)
        screen.show()
        self.check_screen = screen

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


def _together(*widgets: QWidget) -> QWidget:
    """Widgets that stay side by side on one line (a label and its field)."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    return box


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


def history_search_page(desk: Desk) -> OwnerHistory:
    """The page for the management menu; a reprint goes to the receipt preview, which prints it on the
    office's printer."""
    from ui.receipt_preview import ReceiptPreviewDialog
    from ui.widgets import open_dialog

    history = OwnerHistory(desk)
    history.reprint_ready.connect(lambda data: open_dialog(ReceiptPreviewDialog(desk, data, parent=history)))
    return history
