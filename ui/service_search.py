"""Finding a service: by code, by its Persian name in any spelling, or by its agency.

The list is loaded once per business day (`list_services`) and filtered here as the clerk types,
with the same search key the catalogue uses, so a result is there on the very next keystroke.
"""
from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListView, QVBoxLayout, QWidget

from app.errors import UserError
from app.i18n import _
from app.services.catalogue import ServiceView
from app.text import search_key, to_ascii_digits
from ui.desk import Desk
from ui.widgets import isolate, keys_text, scaled_font, show_persian_digits

# "3*1001" or "3×1001": three of service 1001.
_QUANTITY = re.compile(r"^\s*(\d{1,4})\s*[*×xX]\s*(.+)$")

_ROOT = QModelIndex()  # the invisible root: Qt's default parent


def matches(service: ServiceView, key: str) -> bool:
    """The catalogue's rule (app.services.catalogue.list_services), applied to a loaded list."""
    return (key in search_key(service.name) or service.code.lower().startswith(key)
            or key in search_key(service.agency_name))


def split_quantity(text: str) -> tuple[int, str]:
    m = _QUANTITY.match(to_ascii_digits(text))
    return (int(m.group(1)), m.group(2)) if m else (1, text)


class ServiceListModel(QAbstractListModel):
    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.services: list[ServiceView] = []

    def set_services(self, services: list[ServiceView]) -> None:
        self.beginResetModel()
        self.services = services
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.services)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        service = self.services[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            fee = self.desk.money(service.tariff.agency_fee + service.tariff.office_fee)
            # The name in its own direction, so that the fee stays after it in an English window too; the
            # fee wraps with its dash.
            return f"{self.desk.digits(service.code)}  {isolate(service.name)}  —\u00a0{fee}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return service.agency_name
        if role == Qt.ItemDataRole.UserRole:
            return service
        return None


class ServiceSearch(QWidget):
    """A search box over a result list; Up/Down move in the list, Enter adds the service."""

    service_chosen = Signal(object, int)  # ServiceView, quantity
    not_found = Signal(str)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.catalogue: list[ServiceView] = []
        self.edit = QLineEdit()
        self.edit.setFont(scaled_font(self, 1.5))
        self.edit.setPlaceholderText(_("Service code, name or agency"))
        self.edit.setToolTip(_("Type a service code or part of its name, then Enter. "
                               "3*1001 adds three. Shortcut: {keys}", keys=keys_text(["Ctrl+F"])))
        self.edit.setClearButtonEnabled(True)
        show_persian_digits(self.edit)  # a code typed on a Latin keyboard shows as the receipt prints it
        self.model = ServiceListModel(desk, self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setFont(scaled_font(self, 1.15))
        self.results.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # Names wrap in a narrow column (a 1024 px screen) rather than lose their end: «… (المثنی)».
        self.results.setWordWrap(True)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setSpacing(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.results, 1)
        self.edit.textChanged.connect(self._filter)
        self.edit.returnPressed.connect(self.choose)
        self.results.activated.connect(lambda index: self._emit(index.data(Qt.ItemDataRole.UserRole), 1))
        self.edit.installEventFilter(self)

    def set_catalogue(self, services: list[ServiceView]) -> None:
        self.catalogue = services
        self._filter(self.edit.text())

    def by_code(self, code: str) -> ServiceView | None:
        code = to_ascii_digits(code.strip()).lower()
        return next((s for s in self.catalogue if s.code.lower() == code), None)

    def by_favourite(self, key: int) -> ServiceView | None:
        return next((s for s in self.catalogue if s.favourite_key == key), None)

    def _filter(self, text: str) -> None:
        key = search_key(split_quantity(text)[1])
        found = [s for s in self.catalogue if matches(s, key)] if key else list(self.catalogue)
        self.model.set_services(found)
        if found:
            self.results.setCurrentIndex(self.model.index(0))

    def choose(self) -> None:
        """Enter: an exact code wins, otherwise the highlighted result."""
        quantity, query = split_quantity(self.edit.text())
        if not query.strip():
            return
        service = self.by_code(query)
        if service is None and self.results.currentIndex().isValid():
            service = self.results.currentIndex().data(Qt.ItemDataRole.UserRole)
        if service is None:
            self.not_found.emit(_("No service matches «{text}».", text=self.desk.digits(query.strip())))
            return
        self._emit(service, quantity)

    def _emit(self, service: ServiceView, quantity: int) -> None:
        self.edit.clear()
        try:
            if not 1 <= quantity <= 1000:
                raise UserError("Invalid quantity: {value}", value=str(quantity))
        except UserError as err:
            self.not_found.emit(err.message())
            return
        self.service_chosen.emit(service, quantity)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            steps = {int(Qt.Key.Key_Up): -1, int(Qt.Key.Key_Down): 1, int(Qt.Key.Key_PageUp): -10,
                     int(Qt.Key.Key_PageDown): 10}
            step = steps.get(int(event.key()))
            if step and self.model.rowCount():
                row = max(0, min(self.model.rowCount() - 1, self.results.currentIndex().row() + step))
                self.results.setCurrentIndex(self.model.index(row))
                return True
        return super().eventFilter(watched, event)
