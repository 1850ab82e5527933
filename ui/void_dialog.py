"""Voiding a sale: the reason and, for a clerk, the manager's user and PIN, all in this one dialog."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _
from app.security import Action, allowed
from app.services.voids import VoidResult, void_sale
from ui.desk import Desk
from ui.widgets import DigitEdit, MessageBar, bind_button, button_row, scaled_font


class VoidDialog(QDialog):
    voided = Signal(object)  # VoidResult

    def __init__(self, desk: Desk, receipt_number: int, summary: str, managers: list[tuple[str, str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.receipt_number = receipt_number
        self.needs_approval = not (desk.actor and allowed(desk.actor.role, Action.VOID))
        self.setWindowTitle(_("Void receipt {number}", number=receipt_number))
        heading = QLabel(_("Void receipt {number}", number=receipt_number))
        heading.setFont(scaled_font(self, 1.4, bold=True))
        detail = QLabel(summary)
        detail.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Why is this sale void?"))
        self.manager = QComboBox()
        for username, full_name in managers:
            self.manager.addItem(full_name, username)
        self.pin = DigitEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.message = MessageBar()
        self.void_button = QPushButton()
        self.cancel_button = QPushButton()
        bind_button(self, self.void_button, _("Void the sale"), ["Return"], self.submit, shortcut=False)
        bind_button(self, self.cancel_button, _("Cancel"), ["Escape"], self.reject, shortcut=False)
        self.void_button.setDefault(True)
        self.cancel_button.setAutoDefault(False)
        form = QFormLayout()
        form.addRow(_("Reason"), self.reason)
        if self.needs_approval:
            form.addRow(_("Approving manager"), self.manager)
            form.addRow(_("Manager's PIN"), self.pin)
        else:
            self.manager.hide()
            self.pin.hide()
        buttons = button_row(self.void_button, self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(detail)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        self.reason.setFocus()
        self.manager.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def submit(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.message.show_error(_("Type the reason for the void."))
            self.reason.setFocus()
            return
        approver = None
        if self.needs_approval:
            if not self.pin.digits():
                self.message.show_error(_("The manager types their PIN to approve."))
                self.pin.setFocus()
                return
            approver = (str(self.manager.currentData()), self.pin.digits())
        self.void_button.setEnabled(False)
        db, actor, number = self.desk.db, self.desk.acting, self.receipt_number
        self.desk.runner.run(lambda: void_sale(db, actor, number, reason, approver=approver),
                             self._done, self._refused)

    def _done(self, result: VoidResult) -> None:
        self.voided.emit(result)
        self.accept()

    def _refused(self, err: UserError) -> None:
        self.void_button.setEnabled(True)
        self.pin.clear()
        self.message.show_error(err)
