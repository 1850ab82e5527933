"""Closing the shift: count the drawer by banknote, see expected versus counted, close, Z report."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.errors import UserError
from app.i18n import _
from app.services.shifts import ShiftReport, close_shift, shift_report
from ui.denominations import DenominationCounter
from ui.desk import Desk
from ui.shift_report import signed
from ui.widgets import MessageBar, bind_button, scaled_font

SHORT_STYLE = "color:#8a1c12;"
OK_STYLE = "color:#1d5b2a;"


class CloseShiftDialog(QDialog):
    closed = Signal(object)  # the Z report (ShiftReport)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.expected: int | None = None
        self.setWindowTitle(_("Close the shift"))
        heading = QLabel(_("Close the shift"))
        heading.setFont(scaled_font(self, 1.5, bold=True))
        intro = QLabel(_("Count the cash in the drawer, note by note. Enter moves to the next note."))
        intro.setWordWrap(True)
        self.counter = DenominationCounter(desk)
        self.expected_label = QLabel("…")
        self.counted_label = QLabel()
        self.variance_label = QLabel()
        for label in (self.expected_label, self.counted_label, self.variance_label):
            label.setFont(scaled_font(self, 1.3, bold=True))
        self.message = MessageBar()
        self.close_button = QPushButton()
        self.cancel_button = QPushButton()
        bind_button(self, self.close_button, _("Close the shift"), ["Ctrl+Return", "Ctrl+Enter"], self.submit)
        bind_button(self, self.cancel_button, _("Cancel"), ["Escape"], self.reject, shortcut=False)
        for button in (self.close_button, self.cancel_button):
            button.setAutoDefault(False)
        self.close_button.setFont(scaled_font(self, 1.2, bold=True))
        notes = QGroupBox(_("Banknotes in the drawer"))
        QVBoxLayout(notes).addWidget(self.counter)
        summary = QFormLayout()
        summary.addRow(_("Expected in the drawer"), self.expected_label)
        summary.addRow(_("Counted"), self.counted_label)
        summary.addRow(_("Variance"), self.variance_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(notes)
        layout.addLayout(summary)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.counter.total_changed.connect(self._recount)
        self.counter.finished.connect(self.close_button.setFocus)
        self._recount(0)
        self.counter.focus_first()
        db, actor = desk.db, desk.actor
        desk.runner.run(lambda: shift_report(db, actor), self._expected, self.message.show_error)

    def _expected(self, report: ShiftReport) -> None:
        self.expected = report.cash["expected"]
        self.expected_label.setText(self.desk.money(self.expected, with_unit=True))
        self._recount(self.counter.total())

    def _recount(self, counted: int) -> None:
        self.counted_label.setText(self.desk.money(counted, with_unit=True))
        if self.expected is None:
            return
        variance = counted - self.expected
        self.variance_label.setText(signed(self.desk, variance))
        self.variance_label.setStyleSheet(OK_STYLE if variance == 0 else SHORT_STYLE)

    def submit(self) -> None:
        try:
            notes = self.counter.counts()
        except UserError as err:
            self.message.show_error(err)
            return
        self.close_button.setEnabled(False)
        db, actor = self.desk.db, self.desk.actor
        counted = sum(note * count for note, count in notes.items())
        self.desk.runner.run(lambda: close_shift(db, actor, counted, denominations=notes or None),
                             self._closed, self._refused)

    def _closed(self, report: ShiftReport) -> None:
        self.accept()
        self.closed.emit(report)

    def _refused(self, err: UserError) -> None:
        self.close_button.setEnabled(True)
        self.message.show_error(err)
