"""Cash put into or taken out of the drawer during the shift, with the reason."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _
from app.services.shifts import cash_movement
from ui.desk import Desk
from ui.widgets import AmountEdit, MessageBar, add_shortcuts, bind_button, button_row, keys_text, scaled_font


class CashMovementDialog(QDialog):
    recorded = Signal(str, int)  # kind, amount

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(_("Cash in / out"))
        heading = QLabel(_("Cash in / out"))
        heading.setFont(scaled_font(self, 1.4, bold=True))
        self.cash_in = QRadioButton(_("Cash in (put into the drawer)"))
        self.cash_out = QRadioButton(_("Cash out (taken from the drawer)"))
        self.cash_in.setToolTip(_("Shortcut: {keys}", keys=keys_text(["Alt+1"])))
        self.cash_out.setToolTip(_("Shortcut: {keys}", keys=keys_text(["Alt+2"])))
        group = QButtonGroup(self)
        group.addButton(self.cash_in)
        group.addButton(self.cash_out)
        self.cash_out.setChecked(True)
        self.amount = AmountEdit(desk)
        self.amount.setFont(scaled_font(self, 1.3))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. paid to the bank, change from the safe"))
        self.message = MessageBar()
        self.save_button = QPushButton()
        self.cancel_button = QPushButton()
        bind_button(self, self.save_button, _("Record"), ["Return"], self.submit, shortcut=False)
        bind_button(self, self.cancel_button, _("Cancel"), ["Escape"], self.reject, shortcut=False)
        self.save_button.setDefault(True)
        self.cancel_button.setAutoDefault(False)
        add_shortcuts(self, ["Alt+1"], lambda: self.cash_in.setChecked(True))
        add_shortcuts(self, ["Alt+2"], lambda: self.cash_out.setChecked(True))
        form = QFormLayout()
        kinds = QHBoxLayout()
        kinds.addWidget(self.cash_out)
        kinds.addWidget(self.cash_in)
        form.addRow(_("Kind"), kinds)
        form.addRow(_("Amount"), self.amount)
        form.addRow(_("Reason"), self.reason)
        buttons = button_row(self.save_button, self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.amount.setFocus()

    def submit(self) -> None:
        kind = "in" if self.cash_in.isChecked() else "out"
        try:
            amount = self.amount.rials()
        except UserError as err:
            self.message.show_error(err)
            return
        self.save_button.setEnabled(False)
        db, actor, reason = self.desk.db, self.desk.acting, self.reason.text()
        self.desk.runner.run(lambda: cash_movement(db, actor, kind, amount, reason),
                             lambda _id: self._done(kind, amount), self._refused)

    def _done(self, kind: str, amount: int) -> None:
        self.recorded.emit(kind, amount)
        self.accept()

    def _refused(self, err: UserError) -> None:
        self.save_button.setEnabled(True)
        self.message.show_error(err)
