"""Opening a shift: the cash float as a total, or counted note by note."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.errors import UserError
from app.i18n import _
from app.services.shifts import open_shift
from ui.denominations import DenominationCounter
from ui.desk import Desk
from ui.widgets import AmountEdit, MessageBar, bind_button, button_row, scaled_font


class OpenShiftScreen(QWidget):
    shift_opened = Signal(int)
    logout_requested = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.greeting = QLabel()
        self.greeting.setFont(scaled_font(self, 1.6, bold=True))
        self.float_total = AmountEdit(desk)
        self.float_total.setFont(scaled_font(self, 1.5))
        self.float_total.setToolTip(_("The cash in the drawer at the start, or count it note by note below."))
        self.counter = DenominationCounter(desk)
        self.message = MessageBar()
        self.open_button = QPushButton()
        self.open_button.setFont(scaled_font(self, 1.2, bold=True))
        self.logout_button = QPushButton()
        bind_button(self, self.open_button, _("Open the shift"), ["Ctrl+Return", "Ctrl+Enter"], self.submit)
        bind_button(self, self.logout_button, _("Switch user"), ["Ctrl+Shift+L"], self.logout_requested.emit)
        self._build()
        self.float_total.returnPressed.connect(self.submit)
        self.counter.total_changed.connect(self._counted)
        self.counter.finished.connect(self.submit)

    def _build(self) -> None:
        total_form = QFormLayout()
        total_form.addRow(_("Opening float"), self.float_total)
        notes = QGroupBox(_("Or count the drawer by banknote"))
        QVBoxLayout(notes).addWidget(self.counter)
        buttons = button_row(self.open_button, self.logout_button)
        column = QVBoxLayout()
        column.addWidget(self.greeting)
        column.addWidget(QLabel(_("Count the cash in the drawer before the first visit.")))
        column.addWidget(self.message)
        column.addLayout(total_form)
        column.addWidget(notes)
        column.addLayout(buttons)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)

    def start(self) -> None:
        actor = self.desk.actor
        self.greeting.setText(_("Hello {name}", name=actor.full_name if actor else ""))
        self.float_total.clear()
        self.float_total.setReadOnly(False)
        self.counter.clear()
        self.message.clear_message()
        self.open_button.setEnabled(True)
        self.float_total.setFocus()

    def _counted(self, total: int) -> None:
        # Once notes are counted, their sum is the float; typing a total is for when they are not.
        was_counted = self.float_total.isReadOnly()
        self.float_total.setReadOnly(total > 0)
        if total > 0:
            self.float_total.set_rials(total)
        elif was_counted:
            self.float_total.clear()

    def submit(self) -> None:
        try:
            notes = self.counter.counts()
            amount = self.float_total.rials()
        except UserError as err:
            self.message.show_error(err)
            return
        self.open_button.setEnabled(False)
        db, actor = self.desk.db, self.desk.acting
        self.desk.runner.run(lambda: open_shift(db, actor, amount, denominations=notes or None),
                             self._opened, self._refused)

    def _opened(self, shift_id: int) -> None:
        self.open_button.setEnabled(True)
        self.shift_opened.emit(shift_id)

    def _refused(self, err: UserError) -> None:
        self.open_button.setEnabled(True)
        self.message.show_error(err)
