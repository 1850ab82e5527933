"""Closing the shift: count the drawer by banknote, see expected versus counted, close, Z report.

With the office's blind count the expected cash stays hidden until the drawer is counted and the
shift closed; a variance beyond the office's threshold asks for the clerk's reason (both settings
are the owner's, and both end up in the Z report)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.errors import UserError
from app.i18n import _
from app.services.common import Actor
from app.services.receipts import shift_unprinted
from app.services.shifts import ClosingRules, ReasonRequired, ShiftReport, close_shift, closing_rules, shift_report
from ui.denominations import DenominationCounter
from ui.desk import Desk
from ui.fit import refit, scroll_body
from ui.parking import parked
from ui.print_jobs import PRINT_JOBS_KEYS
from ui.shift_report import signed
from ui.widgets import MessageBar, bind_button, button_row, keys_text, scaled_font, show_persian_digits

SHORT_STYLE = "color:#8a1c12;"
OK_STYLE = "color:#1d5b2a;"


@dataclass(frozen=True)
class Closing:
    rules: ClosingRules
    expected: int | None  # None with a blind count: not even read for the screen
    unprinted: int  # receipts of the shift no printer has delivered


def _closing(db: Database, actor: Actor) -> Closing:
    """The office's closing rules, the expected cash unless the count is blind, and how many of the
    shift's receipts were never printed (said before the shift, and the counter's count, are gone)."""
    rules = closing_rules(db)
    expected = None if rules.blind_count else shift_report(db, actor).cash["expected"]
    return Closing(rules, expected, len(shift_unprinted(db, actor)))


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
        self.rules: ClosingRules | None = None
        self.reason_label = QLabel(_("Reason for the difference"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("What happened? (a note given twice, change not taken …)"))
        self.reason.setMaxLength(300)
        show_persian_digits(self.reason)  # «۱۰۰ هزاری» typed on a Latin keyboard, as the Z report will show it
        self.reason.returnPressed.connect(self.submit)
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
        summary.addRow(self.reason_label, self.reason)
        self.summary = summary
        self.reason_label.hide()
        self.reason.hide()
        buttons = button_row(self.close_button, self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(notes)
        layout.addLayout(summary)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        # The body scrolls from the start: the reason's row, shown on demand, then never moves widgets
        # (and the keyboard focus) into a scroll area while the clerk types.
        scroll_body(self)
        self.counter.total_changed.connect(self._recount)
        self.counter.finished.connect(self._counted)
        self._recount(0)
        self.counter.focus_first()
        db, actor = desk.db, desk.acting
        desk.runner.run(lambda: _closing(db, actor), self._loaded, self.message.show_error)

    def _counted(self) -> None:
        """Enter on the last note: on to the reason when one is needed and not written, else to closing.
        (Asked once the drawer is counted, not while it is: a half-counted drawer is always short.)"""
        if self._beyond_threshold():
            self._ask_reason()
        if self.reason.isVisible() and not self.reason.text().strip():
            self.reason.setFocus()
        else:
            self.close_button.setFocus()

    def _warn(self, unprinted: int) -> None:
        """What closing leaves behind: receipts never printed, visits parked."""
        notes = []
        if unprinted:
            notes.append(_("{count} receipts of this shift were not printed: to print them, cancel and press "
                           "{keys}; closing leaves them unprinted.", count=unprinted, keys=keys_text(PRINT_JOBS_KEYS)))
        waiting = len(parked(self.desk))
        if waiting:
            notes.append(_("{count} parked visits are dropped when the shift closes.", count=waiting))
        if unprinted:
            self.message.show_error(" ".join(notes))
        elif notes:
            self.message.show_info(notes[0])

    def _loaded(self, loaded: Closing) -> None:
        self.rules, expected = loaded.rules, loaded.expected
        self._warn(loaded.unprinted)
        if self.rules.blind_count:
            self.expected_label.setText(_("Hidden until you have counted (blind count)"))
            self.expected_label.setFont(self.counted_label.font())
            self.variance_label.setText("—")
            return
        self.expected = expected
        self.expected_label.setText(self.desk.money(expected or 0, with_unit=True))
        self._recount(self.counter.total())

    def _recount(self, counted: int) -> None:
        self.counted_label.setText(self.desk.money(counted, with_unit=True))
        if self.expected is None:
            return
        variance = counted - self.expected
        self.variance_label.setText(signed(self.desk, variance))
        self.variance_label.setStyleSheet(OK_STYLE if variance == 0 else SHORT_STYLE)

    def _beyond_threshold(self) -> bool:
        """An open count whose variance is more than the office lets pass without a reason."""
        threshold = self.rules.variance_threshold if self.rules is not None else None
        return self.expected is not None and threshold is not None and \
            abs(self.counter.total() - self.expected) > threshold

    def _ask_reason(self) -> None:
        if self.reason.isVisible():
            return
        self.reason_label.show()
        self.reason.show()
        refit(self, self.reason)  # one row more: on a 768-pixel screen the body scrolls, the buttons stay

    def submit(self) -> None:
        try:
            notes = self.counter.counts()
        except UserError as err:
            self.message.show_error(err)
            return
        self.close_button.setEnabled(False)
        db, actor, reason = self.desk.db, self.desk.acting, self.reason.text()
        counted = sum(note * count for note, count in notes.items())
        self.desk.runner.run(lambda: close_shift(db, actor, counted, denominations=notes or None, reason=reason),
                             self._closed, self._refused)

    def _closed(self, report: ShiftReport) -> None:
        self.accept()
        self.closed.emit(report)

    def _refused(self, err: UserError) -> None:
        self.close_button.setEnabled(True)
        self.message.show_error(err)
        if isinstance(err, ReasonRequired):
            # Counted: the difference may be seen now (a blind count too), and the reason is asked.
            self.variance_label.setText(signed(self.desk, err.variance))
            self.variance_label.setStyleSheet(SHORT_STYLE)
            self._ask_reason()
            self.reason.setFocus()
