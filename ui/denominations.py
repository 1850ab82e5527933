"""Counting the drawer note by note: one row per banknote, the running total below."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from app.errors import UserError
from app.i18n import _
from app.services.shifts import DENOMINATIONS
from ui.desk import Desk
from ui.widgets import DigitEdit, scaled_font

COLUMNS = 2
STRIDE = 5  # grid columns per group: note, ×, count, subtotal, gap


class DenominationCounter(QWidget):
    """Count fields for every banknote; Enter moves to the next one. `counts()` gives {note: count}."""

    total_changed = Signal(int)
    finished = Signal()  # Enter on the last field

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.fields: dict[int, DigitEdit] = {}
        self.subtotals: dict[int, QLabel] = {}
        self.total_label = QLabel()
        self.total_label.setFont(scaled_font(self, 1.3, bold=True))
        grid = QGridLayout(self)
        rows = (len(DENOMINATIONS) + COLUMNS - 1) // COLUMNS
        for i, note in enumerate(DENOMINATIONS):
            column, row = divmod(i, rows)
            field = DigitEdit()
            field.setMaxLength(6)
            field.setMaximumWidth(90)
            field.setPlaceholderText(desk.digits(0))
            field.setToolTip(_("How many {note} notes", note=desk.money(note, with_unit=True)))
            label = QLabel(desk.money(note))
            label.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading)
            subtotal = QLabel()
            subtotal.setMinimumWidth(130)
            times = QLabel("×")
            first = column * STRIDE  # a gap column between the two groups: each subtotal reads with its row
            grid.addWidget(label, row, first)
            grid.addWidget(times, row, first + 1)
            grid.addWidget(field, row, first + 2)
            grid.addWidget(subtotal, row, first + 3)
            self.fields[note] = field
            self.subtotals[note] = subtotal
            field.textChanged.connect(self._recount)
            field.returnPressed.connect(lambda n=note: self._next(n))
        for column in range(1, COLUMNS):
            grid.setColumnMinimumWidth(column * STRIDE - 1, 36)
        grid.addWidget(self.total_label, rows, 0, 1, COLUMNS * STRIDE)
        self._recount()

    def counts(self) -> dict[int, int]:
        """Only the notes actually counted; a count that is not a number is refused."""
        out = {}
        for note, field in self.fields.items():
            digits = field.digits()
            if not digits:
                continue
            if not digits.isdigit():
                raise UserError("Invalid count of banknotes: {value}", value=field.text())
            if int(digits):
                out[note] = int(digits)
        return out

    def total(self) -> int:
        try:
            return sum(note * count for note, count in self.counts().items())
        except UserError:
            return 0

    def clear(self) -> None:
        for field in self.fields.values():
            field.clear()

    def focus_first(self) -> None:
        self.fields[DENOMINATIONS[0]].setFocus()

    def _recount(self) -> None:
        for note, field in self.fields.items():
            digits = field.digits()
            self.subtotals[note].setText(self.desk.money(note * int(digits)) if digits.isdigit() and int(digits) else "")
        total = self.total()
        self.total_label.setText(_("Counted: {amount}", amount=self.desk.money(total, with_unit=True)))
        self.total_changed.emit(total)

    def _next(self, note: int) -> None:
        i = DENOMINATIONS.index(note)
        if i + 1 < len(DENOMINATIONS):
            self.fields[DENOMINATIONS[i + 1]].setFocus()
        else:
            self.finished.emit()
