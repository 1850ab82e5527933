"""«چاپ‌های مانده»: receipts and reports still waiting to be printed, after a fault or a restart, and
this shift's receipts that never reached a printer (none was set up, or the job was discarded).

The spool (printing/jobs.py) keeps every job on disk until the printer has taken it. This window lists
them with the shift's receipts never sent, and has the print service (printing/service.py, which holds
the retry policy) print them, selected or all, off the GUI thread through `desk.printer`; a job the
clerk no longer wants can be discarded (the sale itself stays recorded, its receipt not printed).
The counter's header shows how many receipts of the shift are not printed (`UnprintedButton`), and
says how many jobs wait in the spool when a clerk takes it (`show_pending_notice`).
"""
from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from printing.service import NeverSent, WaitingResult, job_title
from ui.desk import Desk
from ui.receipt_output import print_service
from ui.widgets import MessageBar, bind_button, keys_text, scaled_font

PRINT_JOBS_KEYS = ["Ctrl+Shift+P"]  # opens this window from the counter
RETRY_KEYS = ["Ctrl+P"]
RETRY_ALL_KEYS = ["Ctrl+Shift+A"]
DISCARD_KEYS = ["Delete"]
NOTICE_PROPERTY = "print_jobs_notice"  # the notice text a message bar shows, to clear it when stale
WAITING_STYLE = "QPushButton{color:#8a1c12;font-weight:bold;}"
ALL_PRINTED_STYLE = "QPushButton{color:#4a5a4e;}"


def job_time(desk: Desk, job: Any) -> str:
    from app.services.common import parse_iso

    try:
        return desk.fmt.when(parse_iso(job.created_at))
    except (TypeError, ValueError):
        return desk.digits(job.created_at)


# --- the counter's notice ----------------------------------------------------------------------------

def notice_text(count: int) -> str:
    return _("{count} receipts or reports are still waiting to be printed. Press {keys} to see and print them.",
             count=count, keys=keys_text(PRINT_JOBS_KEYS))


class UnprintedButton(QPushButton):
    """In the counter's header at all times: how many receipts of this shift no printer has delivered
    yet (a fault, no printer set up, a discarded job), and the key that opens the waiting list. Red
    while any is waiting; counted from the books, so it agrees with today's list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = 0
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the search box keeps the keyboard
        self.setToolTip(_("{action} — shortcut: {keys}", action=_("Receipts of this shift not printed yet"),
                          keys=keys_text(PRINT_JOBS_KEYS)))
        self.set_count(0)

    def set_count(self, count: int) -> None:
        self.count = count
        # _() outside the f-string: the catalogue's extractor does not look inside one
        self.setText(_("Receipts not printed: {count}", count=count) + f"  ({keys_text(PRINT_JOBS_KEYS)})")
        self.setStyleSheet(WAITING_STYLE if count else ALL_PRINTED_STYLE)

    def refresh(self, desk: Desk) -> None:
        """Count again from the books, off the GUI thread."""
        from app.services.receipts import shift_unprinted

        db, actor = desk.db, desk.actor
        if actor is None:
            return
        desk.runner.run(lambda: len(shift_unprinted(db, actor)), self._counted)

    def _counted(self, count: int) -> None:
        if shiboken6.isValid(self):  # the screen may have been closed meanwhile
            self.set_count(count)


def show_pending_notice(desk: Desk, bar: MessageBar, button: UnprintedButton | None = None) -> None:
    """Count the spool off the GUI thread and say how many jobs wait in `bar`, or take a stale notice
    away; and count this shift's unprinted receipts again on `button`."""
    service = print_service(desk)
    desk.printer.run(lambda: len(service.pending()), lambda count: _notice(bar, count))
    if button is not None:
        button.refresh(desk)


def _notice(bar: MessageBar, count: int) -> None:
    if not shiboken6.isValid(bar):
        return  # the screen was closed meanwhile
    ours = bar.isVisible() and bar.text() == bar.property(NOTICE_PROPERTY)
    if count and (ours or not bar.isVisible() or bar.kind != "error"):
        text = notice_text(count)
        bar.show_info(text)
        bar.setProperty(NOTICE_PROPERTY, text)
    elif not count and ours:
        bar.clear_message()


# --- the window ------------------------------------------------------------------------------------

class PrintJobsDialog(QDialog):
    """The jobs waiting in the spool, oldest first; print again, print all, or discard."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.jobs: list[Any] = []
        self.busy = False
        self.setWindowTitle(_("Waiting print jobs"))
        heading = QLabel(_("Waiting print jobs"))
        heading.setFont(scaled_font(self, 1.5, bold=True))
        self.hint = QLabel(_("These receipts and reports were saved but have not come out of the printer. "
                             "Check the printer, then print them again."))
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Receipt or report"), _("Sent to print at"), _("Last error")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(_("No print jobs are waiting."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        self.status = MessageBar()
        self.retry_button = QPushButton()
        self.retry_all_button = QPushButton()
        self.discard_button = QPushButton()
        self.close_button = QPushButton()
        bind_button(self, self.retry_button, _("Print again"), RETRY_KEYS, self.retry_selected,
                    _("Print the selected job again on the receipt printer"))
        bind_button(self, self.retry_all_button, _("Print all"), RETRY_ALL_KEYS, self.retry_all)
        bind_button(self, self.discard_button, _("Discard"), DISCARD_KEYS, self.ask_discard,
                    _("Take the selected job out of the print queue"))
        bind_button(self, self.close_button, _("Close"), ["Esc"], self.accept, shortcut=False)
        self.retry_button.setDefault(True)  # Enter prints the selected job again
        for button in (self.retry_all_button, self.discard_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button, 2)
        buttons.addWidget(self.retry_all_button, 1)
        buttons.addWidget(self.discard_button, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.confirm_box: QMessageBox | None = None
        self.resize(860, 460)
        self._set_busy(True)
        self.service = print_service(desk)
        service, actor = self.service, desk.acting
        self.desk.printer.run(lambda: service.waiting(actor), self._listed)

    # --- the list --------------------------------------------------------------------------------

    def selected_job(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else self.table.currentRow()
        return self.jobs[row] if 0 <= row < len(self.jobs) else None

    def _listed(self, jobs: list[Any]) -> None:
        chosen = self.selected_job()
        self.jobs = list(jobs)
        self.table.setRowCount(len(self.jobs))
        for row, job in enumerate(self.jobs):
            cells = (job_title(job), job_time(self.desk, job), job.error or "—")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeading)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        keep = next((row for row, job in enumerate(self.jobs) if chosen is not None and job.id == chosen.id), 0)
        if self.jobs:
            self.table.setCurrentCell(keep, 0)  # current and selected: the buttons act on this row
        self.table.setVisible(bool(self.jobs))
        self.empty.setVisible(not self.jobs)
        self._set_busy(False)
        self.table.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        has = bool(self.jobs)
        self.retry_button.setEnabled(not busy and has)
        self.retry_all_button.setEnabled(not busy and has)
        self.discard_button.setEnabled(not busy and has)

    # --- printing again --------------------------------------------------------------------------

    def retry_selected(self) -> None:
        job = self.selected_job()
        if job is not None and not self.busy:
            self._send([job.id])

    def retry_all(self) -> None:
        if self.jobs and not self.busy:
            self._send([job.id for job in self.jobs])

    def _send(self, job_ids: list[str]) -> None:
        from printing.thermal import ensure_qt

        ensure_qt()  # as the report window does: fonts on the GUI thread before the printer thread
        self._set_busy(True)
        self.status.show_info(_("Printing…"))
        service, actor = self.service, self.desk.acting
        self.desk.printer.run(lambda: service.print_waiting(actor, job_ids), self._sent)

    def _sent(self, result: WaitingResult) -> None:
        outcomes = result.outcomes
        failed = [outcome for outcome in outcomes if not outcome.printed]
        if not failed:
            self.status.show_info(_("Printed."))
        elif len(outcomes) == 1:
            self.status.show_error(failed[0].message)
        else:
            self.status.show_error(_("{failed} of {total} were not printed. {error}", failed=len(failed),
                                     total=len(outcomes), error=failed[0].message))
        self._listed(result.waiting)

    # --- discarding ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # The table claims Delete before the window's shortcut sees it, then leaves it unused: here.
        if event.key() == Qt.Key.Key_Delete and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.ask_discard()
            return
        super().keyPressEvent(event)

    def ask_discard(self) -> None:
        job = self.selected_job()
        if job is None or self.busy:
            return
        if isinstance(job, NeverSent):
            self.status.show_info(_("Receipt {number} is in no print job: it stays on this list until it is "
                                    "printed.", number=job.receipt_number))
            return
        if job.receipt_number is not None:
            text = _("Take receipt {number} out of the print queue? The sale itself stays recorded and its "
                     "receipt counts as not printed: it can still be printed, as the original, from this list "
                     "or today's list.", number=job.receipt_number)
        else:
            text = _("Take «{title}» out of the print queue? Nothing is removed from the records; the report can "
                     "be opened and printed again.", title=job_title(job))
        box = QMessageBox(QMessageBox.Icon.Question, _("Discard"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)  # Enter by habit keeps the job
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(_("Discard"))
        box.button(QMessageBox.StandardButton.No).setText(_("Cancel"))
        job_id = job.id

        def answered(button: QAbstractButton) -> None:
            if button is yes:
                self._discard(job_id)

        box.buttonClicked.connect(answered)
        self.confirm_box = box
        box.open()

    def _discard(self, job_id: str) -> None:
        self._set_busy(True)
        self.status.clear_message()
        service, actor = self.service, self.desk.acting
        self.desk.printer.run(lambda: (service.discard(actor, job_id), service.waiting(actor))[1],
                              self._listed)
