"""Taking the money: cash with the amount handed over and the change, card reader, transfer, or a split.

Enter confirms. The cash field starts at the whole total, so an exact cash payment is one key; F5–F8
put the round sums citizens hand over into the cash field (the change is worked out), so a visit
with change is one key more. In a split, the part not typed fills itself with the rest: cash when the
clerk typed the card's part, the card when the clerk typed the cash handed over.
"""
from __future__ import annotations

from functools import partial

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
from app.text import to_ascii_digits
from ui.desk import Desk
from ui.fit import FlowLayout
from ui.widgets import AmountEdit, MessageBar, add_shortcuts, bind_button, keys_text, scaled_font, show_persian_digits

QUICK_KEYS = ("F5", "F6", "F7", "F8")
# Round sums citizens hand over: the next multiple of each above the total (Rials).
QUICK_STEPS = (50_000, 100_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000)


def quick_cash_amounts(total: int, count: int = len(QUICK_KEYS)) -> list[int]:
    """The smallest round sums above `total` that a citizen is likely to hand over."""
    above = sorted({(total // step + 1) * step for step in QUICK_STEPS})
    return above[:count]


class PaymentDialog(QDialog):
    def __init__(self, desk: Desk, total: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.total = total
        self.result_payments: tuple[PaymentRequest, ...] = ()
        self.change_due = 0
        self.typed: list[AmountEdit] = []  # the amounts the clerk typed, in order; the others take the rest
        self.quick_amounts = quick_cash_amounts(total)
        self.quick_buttons: list[QPushButton] = []
        self.setWindowTitle(_("Payment"))
        self.total_label = QLabel(_("To pay: {amount}", amount=desk.money(total, with_unit=True)))
        self.total_label.setFont(scaled_font(self, 2.0, bold=True))
        self.cash = AmountEdit(desk)
        self.card = AmountEdit(desk)
        self.terminal = QLineEdit(desk.digits(desk.last_terminal))
        self.card_reference = QLineEdit()
        self.transfer = AmountEdit(desk)
        self.transfer_reference = QLineEdit()
        for edit in (self.terminal, self.card_reference, self.transfer_reference):
            show_persian_digits(edit)  # typed on a Latin keyboard, shown in Persian; stored in ASCII
        self.status = QLabel()
        self.status.setFont(scaled_font(self, 1.6, bold=True))
        self.message = MessageBar()
        self.confirm_button = QPushButton()
        self.card_button = QPushButton()
        self.transfer_button = QPushButton()
        self.cancel_button = QPushButton()
        self._build()
        self._connect()
        self.cash.set_rials(total)  # the rest, until the clerk types something
        self._update()
        self.cash.setFocus()
        self.cash.selectAll()

    def _build(self) -> None:
        for edit in (self.cash, self.card, self.transfer):
            edit.setFont(scaled_font(self, 1.4))
        for field in (self.terminal, self.card_reference, self.transfer_reference):
            field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.cash.setToolTip(_("The cash the citizen hands over; the change is worked out. Shortcut: {keys}",
                               keys=keys_text(["Alt+1"])))
        self.card.setToolTip(_("The amount paid on the card reader. Shortcut: {keys}", keys=keys_text(["Alt+2"])))
        self.transfer.setToolTip(_("The amount paid by bank transfer. Shortcut: {keys}", keys=keys_text(["Alt+3"])))
        cash_box = QGroupBox(method_label("cash"))
        cash_form = QFormLayout(cash_box)
        cash_form.addRow(_("Cash received"), self.cash)
        cash_form.addRow(self._quick_cash_row())
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

    def _quick_cash_row(self) -> QWidget:
        """The round sums a citizen hands over for this total, on F5–F8."""
        row = QWidget()
        flow = FlowLayout(row, spacing=4)
        for key, amount in zip(QUICK_KEYS, self.quick_amounts, strict=False):
            button = QPushButton()
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            bind_button(self, button, self.desk.money(amount), [key], partial(self.cash_handed_over, amount),
                        _("Cash handed over: {amount}", amount=self.desk.money(amount, with_unit=True)))
            flow.addWidget(button)
            self.quick_buttons.append(button)
        return row

    def _connect(self) -> None:
        for edit in (self.cash, self.card, self.transfer):
            edit.amount_edited.connect(lambda e=edit: self._typed_in(e))
        for reference in (self.card_reference, self.transfer_reference):
            reference.textChanged.connect(lambda _t: self._update())
        for keys, amount in ((["Alt+1"], self.cash), (["Alt+2"], self.card), (["Alt+3"], self.transfer)):
            add_shortcuts(self, keys, partial(_select, amount))

    def _typed_in(self, edit: AmountEdit) -> None:
        if edit in self.typed:
            self.typed.remove(edit)
        if edit.text().strip():
            self.typed.append(edit)
        self._fill_rest()
        self._update()

    def rest_field(self) -> AmountEdit | None:
        """Where the rest goes: cash unless the clerk typed the cash, then the card reader; never a
        transfer on its own (rare: the clerk types it)."""
        return next((edit for edit in (self.cash, self.card) if edit not in self.typed), None)

    def _fill_rest(self) -> None:
        target = self.rest_field()
        if target is None:
            return
        try:
            paid = sum(edit.rials() for edit in (self.cash, self.card, self.transfer) if edit is not target)
        except UserError:
            return  # an unreadable amount: the status says so, nothing is guessed
        target.set_rials(max(self.total - paid, 0))

    def cash_handed_over(self, amount: int) -> None:
        """A quick-cash key: the citizen handed over `amount` in cash."""
        self.cash.set_rials(amount)
        if self.cash in self.typed:
            self.typed.remove(self.cash)
        self.typed.append(self.cash)
        self._fill_rest()
        self._update()

    def all_by(self, method: str) -> None:
        amount, reference = (self.card, self.card_reference) if method == "card" else (self.transfer,
                                                                                      self.transfer_reference)
        for edit in (self.card, self.transfer, self.cash):
            edit.clear()
        amount.set_rials(self.total)
        self.typed = [amount, self.cash]  # the cash stays empty unless the clerk types it
        self._update()
        reference.setFocus()

    def requests(self) -> tuple[PaymentRequest, ...]:
        """The payments as typed; refuses a card or transfer without its reference number."""
        cash, card, transfer = self.cash.rials(), self.card.rials(), self.transfer.rials()
        out = []
        if card:
            if not self.card_reference.text().strip():
                raise UserError("Type the card reader's reference number.")
            out.append(PaymentRequest("card", card, to_ascii_digits(self.terminal.text().strip()),
                                      to_ascii_digits(self.card_reference.text().strip())))
        if transfer:
            if not self.transfer_reference.text().strip():
                raise UserError("Type the bank transfer's reference number.")
            out.append(PaymentRequest("transfer", transfer, "", to_ascii_digits(self.transfer_reference.text().strip())))
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
            else:
                self.status.setText(err.message())  # paid in full, but a reference is missing: say which
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
            self._focus_what_is_missing()
            return
        self.result_payments = requests
        if self.terminal.text().strip():
            self.desk.last_terminal = to_ascii_digits(self.terminal.text().strip())
        super().accept()

    def _focus_what_is_missing(self) -> None:
        """After a refusal the cursor waits where the clerk has to type next."""
        for amount, reference in ((self.card, self.card_reference), (self.transfer, self.transfer_reference)):
            try:
                needs = amount.rials() > 0 and not reference.text().strip()
            except UserError:
                amount.setFocus()
                return
            if needs:
                reference.setFocus()
                return


def _select(amount: AmountEdit) -> None:
    """Alt+1..3: straight to a payment's amount, its text selected to type over."""
    amount.setFocus()
    amount.selectAll()
