"""Services and tariffs: every service the office has known — offered, about to leave, no longer offered —
with its agency and today's fees, found by code, name (any spelling) or agency; and, for the chosen
service, every tariff it has had, newest first (tariffs are never edited, only added with a date)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.jalali import TEHRAN
from app.security import Action
from app.services.catalogue import (
    GONE,
    LEAVING,
    STARTING,
    CatalogueEntry,
    TariffView,
    catalogue_overview,
    matches,
    tariff_history,
)
from app.text import search_key
from ui.admin_common import PAGE_TITLE, AdminPage, ColumnsModel, refusal, select_row
from ui.desk import Desk
from ui.fit_check import allow_sideways
from ui.formatting import Formatter

_ROOT = QModelIndex()  # Qt's default parent: the invisible root
SERVICE_COLUMNS = (N_("Code"), N_("Service"), N_("Agency"), N_("Agency fee"), N_("Office fee"), N_("VAT"),
                   N_("Variable agency fee"), N_("State"))
HISTORY_COLUMNS = (N_("From"), N_("Agency fee"), N_("Office fee"), N_("VAT"), N_("VAT in the office fee"),
                   N_("Variable agency fee"))
STATE_COLOURS = {LEAVING: "#fff4d6", STARTING: "#e3f4e6"}


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def state_text(entry: CatalogueEntry, fmt: Formatter) -> str:
    if entry.state == LEAVING and entry.until is not None:
        return _("leaves on {day}", day=fmt.day(entry.until))
    if entry.state == STARTING and entry.since is not None:
        return _("offered from {day}", day=fmt.day(entry.since))
    return _("no longer offered") if entry.state == GONE else _("offered")


def today() -> dt.date:
    return dt.datetime.now(TEHRAN).date()


class ServicesModel(ColumnsModel):
    """All services; `entries` are those the filter lets through."""

    columns = SERVICE_COLUMNS

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.all: list[CatalogueEntry] = []
        self.entries: list[CatalogueEntry] = []
        self.key = ""

    def set_entries(self, entries: list[CatalogueEntry]) -> None:
        self.all = entries
        self.set_filter(self.key)

    def set_filter(self, query: str) -> None:
        self.beginResetModel()
        self.key = search_key(query)
        self.entries = [e for e in self.all if not self.key or matches(self.key, e.code, e.name, e.agency_name)]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entries)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(entry, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and entry.state in STATE_COLOURS:
            return QBrush(QColor(STATE_COLOURS[entry.state]))
        if role == Qt.ItemDataRole.ForegroundRole and entry.state == GONE:
            return QBrush(QColor("#777777"))
        return None

    def text(self, entry: CatalogueEntry, column: int) -> str:
        fmt = self.desk.fmt
        if column < 3:
            return (fmt.digits(entry.code), entry.name, entry.agency_name)[column]
        if column == 7:
            return state_text(entry, fmt)
        t = entry.tariff
        if t is None:
            return ""
        if column == 3:
            return fmt.money(t.agency_fee)
        if column == 4:
            return fmt.money(t.office_fee)
        return fmt.rate(t.vat_bp) if column == 5 else yes_no(t.variable_agency_fee)


class HistoryModel(ColumnsModel):
    columns = HISTORY_COLUMNS

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.tariffs: list[TariffView] = []
        self.day = today()

    def set_tariffs(self, tariffs: list[TariffView]) -> None:
        self.beginResetModel()
        self.tariffs, self.day = tariffs, today()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.tariffs)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        t = self.tariffs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(t, index.column())
        if role == Qt.ItemDataRole.FontRole and t.tariff_id == self.in_force():
            font = QFont()
            font.setBold(True)  # the tariff in force today
            return font
        return None

    def in_force(self) -> int | None:
        """The row in force today (the newest that has started)."""
        return next((t.tariff_id for t in self.tariffs if t.effective_from <= self.day), None)

    def text(self, t: TariffView, column: int) -> str:
        fmt = self.desk.fmt
        if column == 0:
            return fmt.day(t.effective_from)
        if column in (1, 2):
            return fmt.money(t.agency_fee if column == 1 else t.office_fee)
        if column == 3:
            return fmt.rate(t.vat_bp)
        if column == 4:
            return _("included") if t.vat_included else _("added")
        return yes_no(t.variable_agency_fee)


class AdminCatalogueScreen(AdminPage):
    """Read-only: the catalogue as it stands today, and each service's tariff history."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.filter = QLineEdit()
        self.count = QLabel()
        self.model = ServicesModel(desk, self)
        self.table = QTableView()
        self.history_title = QLabel()
        self.history_model = HistoryModel(desk, self)
        self.history = QTableView()
        self.shown_code = ""  # whose history the lower table shows
        self._build()
        self._connect()
        if self.may(Action.VIEW_REPORTS):
            self.reload()
        else:
            self.message.show_error(refusal(self.actor, Action.VIEW_REPORTS))

    def _build(self) -> None:
        self.filter.setPlaceholderText(_("Code, service name or agency"))
        self.filter.setClearButtonEnabled(True)
        for view, model in ((self.table, self.model), (self.history, self.history_model)):
            view.setModel(model)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.verticalHeader().hide()
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for view in (self.table, self.history):
            allow_sideways(view)  # many columns: on a 1024 px screen the last ones are a scroll away
        self.history.setMaximumHeight(220)
        self.history_title.setStyleSheet("font-weight: bold;")
        self._show_history_title(None)
        search = QHBoxLayout()
        search.addWidget(QLabel(_("Search")))
        search.addWidget(self.filter, 1)
        search.addWidget(self.count)
        title = QLabel(_("Services and tariffs"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title.setObjectName(PAGE_TITLE)  # hidden in the window's page frame, which shows the title
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        intro = QLabel(_("Tariffs are never edited: a new tariff starts on its date, and sales keep the "
                         "tariff they were priced with. To change them, use the tariff update."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addLayout(search)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.history_title)
        layout.addWidget(self.history, 1)

    def _connect(self) -> None:
        # Bound methods, not lambdas holding `self`: PySide can crash freeing such a cycle.
        self.filter.textChanged.connect(self._filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    # --- state -------------------------------------------------------------------------------

    def reload(self) -> None:
        db, actor, day = self.db, self.actor, today()
        self.call(lambda: catalogue_overview(db, actor, day), self._loaded)

    def _loaded(self, entries: list[CatalogueEntry]) -> None:
        self.model.set_entries(entries)
        self._after_filter()

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._after_filter()

    def _after_filter(self) -> None:
        """Keep the service whose history is shown selected when the filter still lets it through."""
        self.count.setText(_("{shown} of {total} services", shown=self.fmt.digits(len(self.model.entries)),
                             total=self.fmt.digits(len(self.model.all))))
        codes = [e.code for e in self.model.entries]
        if self.shown_code in codes:
            select_row(self.table, codes.index(self.shown_code))
        elif len(codes) == 1:
            select_row(self.table, 0)  # the one match: its history at once
        else:
            self._show_history(None, [])

    def selected(self) -> CatalogueEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entries[rows[0].row()] if rows else None

    def _selection_changed(self, *_args: object) -> None:
        entry = self.selected()
        if entry is None or entry.code == self.shown_code:
            return
        db, actor = self.db, self.actor
        self.call(lambda: tariff_history(db, actor, entry.code),
                  lambda tariffs: self._show_history(entry, tariffs))

    def _show_history(self, entry: CatalogueEntry | None, tariffs: list[TariffView]) -> None:
        if entry is not None and self.selected() != entry:
            return  # another service was chosen meanwhile: its own history is on the way
        self.shown_code = entry.code if entry else ""
        self.history_model.set_tariffs(tariffs)
        self._show_history_title(entry)

    def _show_history_title(self, entry: CatalogueEntry | None) -> None:
        self.history_title.setText(
            _("Tariff history of {code} {service}", code=self.fmt.digits(entry.code), service=entry.name) if entry
            else _("Choose a service to see its tariff history."))


def catalogue_page(desk: Desk) -> AdminCatalogueScreen:
    """The page for the management menu."""
    return AdminCatalogueScreen(desk)
