"""Today's list: the clerk's own visits, newest first, each with its receipt's state (printed, not
printed, voided); print a receipt — the original if none was ever delivered, else a copy — or void a visit."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, _
from app.payment_methods import method_label
from app.receipt_data import ReceiptData
from app.services.common import parse_iso
from app.services.receipts import reprint_receipt
from app.services.sales_list import SaleRow, todays_sales
from app.services.staff import approvers
from ui.desk import Desk
from ui.void_dialog import VoidDialog
from ui.widgets import MessageBar, bind_button, button_row, keys_text, open_dialog, scaled_font

HEADERS = (N_("Receipt"), N_("Time"), N_("Citizen"), N_("Services"), N_("Total"), N_("Paid by"), N_("State"))

PRINT_KEYS = ["Ctrl+R", "Ctrl+P"]
_ROOT = QModelIndex()  # the invisible root: Qt's default parent


class SalesModel(QAbstractTableModel):
    def __init__(self, desk: Desk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.rows: list[SaleRow] = []

    def set_rows(self, rows: list[SaleRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and (row.voided or not row.printed):
            return QBrush(QColor("#8a1c12"))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 1, 4):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def cell(self, row: SaleRow, column: int) -> str:
        if column == 0:
            return self.desk.digits(row.receipt_number)
        if column == 1:
            return self.desk.fmt.time(parse_iso(row.created_at))
        if column == 2:
            return row.citizen_name or self.desk.digits(row.national_id)
        if column == 3:
            return row.services
        if column == 4:
            return self.desk.money(row.grand_total)
        if column == 5:
            return "، ".join(method_label(m) for m in dict.fromkeys(row.methods.split(",")) if m)
        return state_text(row)


def state_text(row: SaleRow) -> str:
    if row.voided:
        return _("voided")
    return _("printed") if row.printed else _("not printed")


def print_label(row: SaleRow | None) -> str:
    """What the print button does for this visit: its original until one was delivered, else a copy."""
    return _("Print (original)") if row is not None and not row.printed else _("Reprint (copy)")


class TodaysListDialog(QDialog):
    reprint_ready = Signal(object)  # ReceiptData, original or copy, as the preview shows it
    changed = Signal()  # a sale was voided
    printed = Signal()  # a receipt was sent to the printer (delivered or not): the counter counts again

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(_("Today's visits"))
        self.model = SalesModel(desk, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFont(scaled_font(self, 1.1))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.message = MessageBar()
        self.reprint_button = QPushButton()
        self.void_button = QPushButton()
        self.close_button = QPushButton()
        bind_button(self, self.reprint_button, print_label(None), PRINT_KEYS, self.reprint,
                    _("Print the selected visit's receipt: the original if it was never printed, else a copy"))
        bind_button(self, self.void_button, _("Void"), ["Ctrl+D", "Delete"], self.void)
        bind_button(self, self.close_button, _("Close"), ["Escape"], self.reject, shortcut=False)
        for button in (self.reprint_button, self.void_button, self.close_button):
            button.setAutoDefault(False)
        buttons = button_row(self.reprint_button, self.void_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(1100, 600)
        self.table.setFocus()
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._name_print())
        self.refresh()

    def refresh(self) -> None:
        db, actor = self.desk.db, self.desk.acting
        self.desk.runner.run(lambda: todays_sales(db, actor), self._loaded, self.message.show_error)

    def _loaded(self, rows: list[SaleRow]) -> None:
        current = self.selected()
        self.model.set_rows(rows)
        live = [r for r in rows if not r.voided]
        summary = _("{count} visits, total {amount}", count=len(live),
                    amount=self.desk.money(sum(r.grand_total for r in live), with_unit=True))
        unprinted = sum(1 for r in live if not r.printed)
        if unprinted:
            summary += " — " + _("{count} receipts not printed", count=unprinted)
        self.summary.setText(summary)
        numbers = [r.receipt_number for r in rows]
        row = numbers.index(current.receipt_number) if current and current.receipt_number in numbers else 0
        if rows:
            # setCurrentIndex, not selectRow: in a right-to-left view selectRow can leave no current row.
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._name_print()

    def _name_print(self) -> None:
        self.reprint_button.setText(f"{print_label(self.selected())}  ({keys_text(PRINT_KEYS[:1])})")

    def selected(self) -> SaleRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def reprint(self) -> None:
        row = self.selected()
        if row is None:
            return
        db, actor = self.desk.db, self.desk.acting
        self.desk.runner.run(lambda: reprint_receipt(db, actor, row.receipt_number), self._reprinted,
                             self.message.show_error)

    def _reprinted(self, data: ReceiptData) -> None:
        """The receipt in its preview, which prints it; the list shows its new state after."""
        from ui.receipt_preview import ReceiptPreviewDialog

        self.preview = ReceiptPreviewDialog(self.desk, data, parent=self)
        self.preview.print_finished.connect(self._print_finished)
        self.reprint_ready.emit(data)
        open_dialog(self.preview)

    def _print_finished(self, _outcome: object) -> None:
        self.printed.emit()
        self.refresh()

    def void(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.voided:
            self.message.show_error(UserError("Receipt {number} is already void.", number=row.receipt_number))
            return
        db = self.desk.db
        summary = _("{citizen} — {services} — {amount}", citizen=row.citizen_name or "-", services=row.services,
                    amount=self.desk.money(row.grand_total, with_unit=True))
        self.desk.runner.run(lambda: approvers(db), lambda names: self._ask_void(row, summary, names))

    def _ask_void(self, row: SaleRow, summary: str, names: list[tuple[str, str]]) -> None:
        others = [n for n in names if not self.desk.actor or n[0] != self.desk.actor.username]
        self.void_dialog = VoidDialog(self.desk, row.receipt_number, summary, others, self)
        self.void_dialog.voided.connect(self._voided)
        open_dialog(self.void_dialog)

    def _voided(self, result: object) -> None:
        self.message.show_info(_("Receipt {number} is void.", number=getattr(result, "receipt_number", 0)))
        self.changed.emit()
        self.refresh()
