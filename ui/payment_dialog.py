"""Taking the money: cash with the amount handed over and the change, card reader, transfer, or a split.

Enter confirms. The cash field starts at the whole total, so an exact cash payment is one key.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import _
from app.payment_methods import method_label
from app.services.sales import PaymentRequest, settle
from ui.desk import Desk
from ui.widgets import AmountEdit, MessageBar, bind_button, keys_text, scaled_font


class PaymentDialog(QDialog):
    def __init__(self, desk: Desk, total: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.total = total
        self.result_payments: tuple[PaymentRequest, ...] = ()
        self.change_due = 0
        self._cash_is_rest = True  # until the clerk types a cash amount, cash is whatever remains
        self.setWindowTitle(_("Payment"))
        self.total_label = QLabel(_("To pay: {amount}", amount=desk.money(total, with_unit=True)))
        self.total_label.setFont(scaled_font(self, 2.0, bold=True))
        self.cash = AmountEdit(desk)
        self.card = AmountEdit(desk)
        self.terminal = QLineEdit(desk.last_terminal)
        self.card_reference = QLineEdit()
        self.transfer = AmountEdit(desk)
        self.transfer_reference = QLineEdit()
        self.status = QLabel()
        self.status.setFont(scaled_font(self, 1.6, bold=True))
        self.message = MessageBar()
        self.confirm_button = QPushButton()
        self.card_button = QPushButton()
        self.transfer_button = QPushButton()
        self.cancel_button = QPushButton()
        self._build()
        self._connect()
        self.cash.set_rials(total)
        self._update()
        self.cash.setFocus()
        self.cash.selectAll()

    def _build(self) -> None:
        for edit in (self.cash, self.card, self.transfer):
            edit.setFont(scaled_font(self, 1.4))
        for edit in (self.terminal, self.card_reference, self.transfer_reference):
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.cash.setToolTip(_("The cash the citizen hands over; the change is worked out. Shortcut: {keys}",
                               keys=keys_text(["Alt+1"])))
        self.card.setToolTip(_("The amount paid on the card reader. Shortcut: {keys}", keys=keys_text(["Alt+2"])))
        self.transfer.setToolTip(_("The amount paid by bank transfer. Shortcut: {keys}", keys=keys_text(["Alt+3"])))
        cash_box = QGroupBox(method_label("cash"))
        QFormLayout(cash_box).addRow(_("Cash received"), self.cash)
        card_box = QGroupBox(method_label("card"))
        card_form = QFormLayout(card_box)
        card_form.addRow(_("Amount"), self.card)
        card_form.addRow(_("Terminal"), self.terminal)
        card_form.addRow(_("Reference number"), self.card_reference)
        transfer_box = QGroupBox(method_label("transfer"))
        transfer_form = QFormLayout(transfer_box)
        transfer_form.addRow(_("Amount"), self.transfer)
        transfer_form.addRow(_("Reference number"), self.transfer_reference)
        methods = QHBoxLayout()
        methods.addWidget(cash_box, 1)
        methods.addWidget(card_box, 1)
        methods.addWidget(transfer_box, 1)
        bind_button(self, self.confirm_button, _("Confirm"), ["Return"], self.accept, shortcut=False)
        bind_button(self, self.card_button, _("All by card"), ["F2"], lambda: self.all_by("card"))
        bind_button(self, self.transfer_button, _("All by transfer"), ["F3"], lambda: self.all_by("transfer"))
        bind_button(self, self.cancel_button, _("Back to the visit"), ["Escape"], self.reject, shortcut=False)
        self.confirm_button.setDefault(True)
        self.confirm_button.setFont(scaled_font(self, 1.3, bold=True))
        for button in (self.card_button, self.transfer_button, self.cancel_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button, 2)
        buttons.addWidget(self.card_button, 1)
        buttons.addWidget(self.transfer_button, 1)
        buttons.addWidget(self.cancel_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.total_label)
        layout.addLayout(methods)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(900)
        QWidget.setTabOrder(self.cash, self.card)
        QWidget.setTabOrder(self.card, self.terminal)
        QWidget.setTabOrder(self.terminal, self.card_reference)
        QWidget.setTabOrder(self.card_reference, self.transfer)
        QWidget.setTabOrder(self.transfer, self.transfer_reference)

    def _connect(self) -> None:
        from ui.widgets import add_shortcuts

        self.cash.amount_edited.connect(self._cash_typed)
        self.card.amount_edited.connect(self._other_typed)
        self.transfer.amount_edited.connect(self._other_typed)
        add_shortcuts(self, ["Alt+1"], lambda: (self.cash.setFocus(), self.cash.selectAll()))
        add_shortcuts(self, ["Alt+2"], lambda: (self.card.setFocus(), self.card.selectAll()))
        add_shortcuts(self, ["Alt+3"], lambda: (self.transfer.setFocus(), self.transfer.selectAll()))

    def _cash_typed(self) -> None:
        self._cash_is_rest = not self.cash.text().strip()
        self._update()

    def _other_typed(self) -> None:
        if self._cash_is_rest:
            try:
                rest = self.total - self.card.rials() - self.transfer.rials()
            except UserError:
                rest = self.total
            self.cash.set_rials(max(rest, 0))
        self._update()

    def all_by(self, method: str) -> None:
        amount, reference = (self.card, self.card_reference) if method == "card" else (self.transfer,
                                                                                      self.transfer_reference)
        for edit in (self.card, self.transfer, self.cash):
            edit.clear()
        self._cash_is_rest = False
        amount.set_rials(self.total)
        self._update()
        reference.setFocus()

    def requests(self) -> tuple[PaymentRequest, ...]:
        """The payments as typed; refuses a card or transfer without its reference number."""
        cash, card, transfer = self.cash.rials(), self.card.rials(), self.transfer.rials()
        out = []
        if card:
            if not self.card_reference.text().strip():
                raise UserError("Type the card reader's reference number.")
            out.append(PaymentRequest("card", card, self.terminal.text(), self.card_reference.text()))
        if transfer:
            if not self.transfer_reference.text().strip():
                raise UserError("Type the bank transfer's reference number.")
            out.append(PaymentRequest("transfer", transfer, "", self.transfer_reference.text()))
        if cash or not out:
            out.append(PaymentRequest("cash", cash))
        return tuple(out)

    def _update(self) -> None:
        try:
            _rows, change = settle(self.total, self.requests())
        except UserError as err:
            self.status.setText("")
            self.status.setToolTip(err.message())
            try:
                paid = self.cash.rials() + self.card.rials() + self.transfer.rials()
            except UserError:
                return
            if paid < self.total:
                self.status.setText(_("Still to pay: {amount}", amount=self.desk.money(self.total - paid,
                                                                                       with_unit=True)))
            return
        self.status.setToolTip("")
        self.status.setText(_("Change: {amount}", amount=self.desk.money(change, with_unit=True)) if change
                            else _("Exact amount"))

    def accept(self) -> None:
        try:
            requests = self.requests()
            _rows, self.change_due = settle(self.total, requests)
        except UserError as err:
            self.message.show_error(err)
            return
        self.result_payments = requests
        if self.terminal.text().strip():
            self.desk.last_terminal = self.terminal.text().strip()
        super().accept()
