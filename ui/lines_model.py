"""The lines of the visit being served, as a table model. Every edit is priced by the service layer's
`price_line`, so what the table accepts is exactly what `record_sale` will accept."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.errors import UserError
from app.i18n import N_, _
from app.services.catalogue import ServiceView
from app.services.sales import MAX_LINES, LineRequest, price_line
from app.text import clean_digits, isolate_ltr, normalise
from ui.desk import Desk
from ui.widgets import AmountEdit, DigitEdit, group_digits, keys_text, show_persian_digits

NUMBER, SERVICE, QUANTITY, AGENCY_FEE, OFFICE_FEE, VAT, TRACKING, TOTAL = range(8)
HEADERS = (N_("No."), N_("Service"), N_("Qty"), N_("Agency share"), N_("Office fee"), N_("Tax"),
           N_("Tracking code"), N_("Line total"))
AMOUNT_COLUMNS = (AGENCY_FEE, OFFICE_FEE, VAT, TOTAL)

_ROOT = QModelIndex()  # the invisible root: Qt's default parent


@dataclass(frozen=True)
class DraftLine:
    service: ServiceView
    quantity: int = 1
    agency_fee: int | None = None  # None: the tariff's
    office_fee: int | None = None
    tracking_code: str = ""

    def request(self) -> LineRequest:
        return LineRequest(self.service.code, self.quantity, self.agency_fee, self.office_fee, self.tracking_code)

    def priced(self) -> dict[str, Any]:
        return price_line(self.service, self.request())


COLUMN_KEYS = {AGENCY_FEE: "Ctrl+E", TRACKING: "Ctrl+T"}


def _code_on_screen(code: str) -> str:
    """A tracking code keeps its own order (digits and Latin letters) inside the Persian row."""
    return isolate_ltr(code) if code else ""


class LinesDelegate(QStyledItemDelegate):
    """Cell editors that type like the counter's fields: amounts grouped as typed, Persian digits."""

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        if index.column() in (AGENCY_FEE, OFFICE_FEE):
            editor: QLineEdit = AmountEdit(self.desk, parent)
        else:
            editor = DigitEdit(parent) if index.column() == QUANTITY else QLineEdit(parent)
            show_persian_digits(editor)
        if index.column() == TRACKING:
            editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # codes read left to right
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802 - Qt override
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class LinesModel(QAbstractTableModel):
    refused = Signal(str)  # an edit the tariff does not allow, in plain words
    totals_changed = Signal()

    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.lines: list[DraftLine] = []
        self.prices: list[dict[str, Any]] = []
        self.modelReset.connect(self.totals_changed)
        self.dataChanged.connect(lambda *_a: self.totals_changed.emit())
        self.rowsInserted.connect(lambda *_a: self.totals_changed.emit())
        self.rowsRemoved.connect(lambda *_a: self.totals_changed.emit())

    # --- what the counter asks -------------------------------------------------------------------

    def add(self, service: ServiceView, quantity: int = 1) -> int:
        """Append a line (or add to the quantity of the same service); returns its row."""
        for row, line in enumerate(self.lines):
            if line.service.code == service.code and not line.tracking_code and line.agency_fee is None \
                    and not service.tariff.variable_agency_fee:
                self._replace(row, replace(line, quantity=line.quantity + quantity))
                return row
        if len(self.lines) >= MAX_LINES:
            raise UserError("Too many lines in one visit.")
        line = DraftLine(service, quantity)
        price = line.priced()
        row = len(self.lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self.lines.append(line)
        self.prices.append(price)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.lines[row], self.prices[row]
            self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.lines, self.prices = [], []
        self.endResetModel()

    def restore(self, lines: list[DraftLine]) -> list[str]:
        """Put back a parked visit's lines, priced again; returns what could not come back as it was."""
        said: list[str] = []
        kept: list[tuple[DraftLine, dict[str, Any]]] = []
        for line in lines:
            try:
                kept.append((line, line.priced()))
            except UserError:
                plain = replace(line, office_fee=None)  # a lowered fee the new tariff refuses: the tariff's
                try:
                    kept.append((plain, plain.priced()))
                    said.append(_("{service}: the office fee is the tariff's again.", service=line.service.name))
                except UserError as err:
                    said.append(f"{line.service.name}: {err.message()}")
        self.beginResetModel()
        self.lines = [line for line, _price in kept]
        self.prices = [price for _line, price in kept]
        self.endResetModel()
        return said

    def requests(self) -> tuple[LineRequest, ...]:
        return tuple(line.request() for line in self.lines)

    def totals(self) -> dict[str, int]:
        keys = ("agency_amount", "office_amount", "vat_amount", "line_total")
        return {k: sum(p[k] for p in self.prices) for k in keys}

    def _replace(self, row: int, line: DraftLine) -> bool:
        try:
            price = line.priced()
        except UserError as err:
            self.refused.emit(err.message())
            return False
        self.lines[row], self.prices[row] = line, price
        self.dataChanged.emit(self.index(row, 0), self.index(row, TOTAL))
        return True

    # --- Qt model --------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            keys = COLUMN_KEYS.get(section)
            # The key on a second line, where the column is: Ctrl+E for a bill's amount, Ctrl+T for the code.
            header = _(HEADERS[section])
            return header + "\n" + keys_text([keys]) if keys else header
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        column = index.column()
        editable = column in (QUANTITY, OFFICE_FEE, TRACKING) or (
            column == AGENCY_FEE and self.lines[index.row()].service.tariff.variable_agency_fee)
        return base | Qt.ItemFlag.ItemIsEditable if editable else base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, price, column = self.lines[index.row()], self.prices[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(index.row(), line, price, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_text(price, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (*AMOUNT_COLUMNS, QUANTITY, NUMBER):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, row: int, line: DraftLine, price: dict[str, Any], column: int) -> str:
        d, money = self.desk.digits, self.desk.money
        values = {
            NUMBER: d(row + 1), SERVICE: line.service.name, QUANTITY: d(line.quantity),
            AGENCY_FEE: money(price["agency_fee"]), OFFICE_FEE: money(price["office_fee"]),
            VAT: money(price["vat_amount"]), TRACKING: _code_on_screen(d(price["tracking_code"])),
            TOTAL: money(price["line_total"]),
        }
        return values[column]

    def _edit_text(self, price: dict[str, Any], column: int) -> str:
        """What the cell's editor starts with: Persian digits, amounts grouped, in the display unit."""
        unit_div = 10 if self.desk.unit == "toman" else 1
        if column == QUANTITY:
            return self.desk.digits(price["quantity"])
        if column in (AGENCY_FEE, OFFICE_FEE):
            amount = price["agency_fee" if column == AGENCY_FEE else "office_fee"] // unit_div
            return group_digits(str(amount), persian=self.desk.persian) or ""
        if column == TRACKING:
            return self.desk.digits(price["tracking_code"])
        return ""

    def _tooltip(self, line: DraftLine, column: int) -> str:
        tariff = line.service.tariff
        if column == AGENCY_FEE:
            if tariff.variable_agency_fee:
                return _("Type the amount due to the agency ({low} to {high}).",
                         low=self.desk.money(tariff.agency_fee_min), high=self.desk.money(tariff.agency_fee_max))
            return _("Fixed by the tariff.")
        if column == OFFICE_FEE:
            return _("The official office fee is {limit}; it may be lowered, never raised.",
                     limit=self.desk.money(tariff.office_fee))
        return f"{self.desk.digits(line.service.code)} — {line.service.agency_name}"

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        line, column, text = self.lines[index.row()], index.column(), str(value)
        try:
            if column == QUANTITY:
                digits = clean_digits(text)
                if not digits.isdigit():
                    raise UserError("Invalid quantity: {value}", value=text)
                changed = replace(line, quantity=int(digits))
            elif column == AGENCY_FEE:
                changed = replace(line, agency_fee=self.desk.parse_money(text))
            elif column == OFFICE_FEE:
                changed = replace(line, office_fee=self.desk.parse_money(text))
            elif column == TRACKING:
                changed = replace(line, tracking_code=normalise(text))
            else:
                return False
        except UserError as err:
            self.refused.emit(err.message())
            return False
        return self._replace(index.row(), changed)
