"""After saving: the receipt as it prints, the change to hand back, printing (and retry) off the GUI thread.

Enter closes it and the counter is ready for the next citizen.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.errors import UserError
from app.i18n import _
from app.receipt_data import ReceiptData
from ui.desk import Desk
from ui.receipt_output import PrintOutcome, print_service, receipt_image
from ui.widgets import MessageBar, bind_button, keys_text, scaled_font


class ReceiptPreviewDialog(QDialog):
    print_finished = Signal(object)  # PrintOutcome: printed or not, the receipt's state may have changed

    def __init__(self, desk: Desk, data: ReceiptData, *, change_due: int = 0, auto_print: bool = True,
                 just_saved: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.data = data
        self.just_saved = just_saved  # the sale was saved a moment ago: its cash may open the drawer
        self.printed = False
        self.kept_job = ""  # a failed job waiting in the spool
        self.setWindowTitle(_("Receipt {number}", number=data.receipt_number))
        heading = _("Copy of receipt {number}", number=data.receipt_number) if data.copy else \
            _("Receipt {number} saved", number=data.receipt_number)
        self.heading = QLabel(heading)
        self.heading.setFont(scaled_font(self, 1.5, bold=True))
        self.change = QLabel(_("Change to give: {amount}", amount=desk.money(change_due, with_unit=True)))
        self.change.setFont(scaled_font(self, 1.8, bold=True))
        self.change.setVisible(change_due > 0)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.image.setPixmap(QPixmap.fromImage(receipt_image(data)))
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(620)
        self.status = MessageBar()
        self.close_button = QPushButton()
        self.print_button = QPushButton()
        bind_button(self, self.close_button, _("Next citizen"), ["Return"], self.accept, shortcut=False)
        bind_button(self, self.print_button, _("Print"), ["Ctrl+P"], self.print_now)
        self.close_button.setDefault(True)
        self.close_button.setFont(scaled_font(self, 1.2, bold=True))
        self.print_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button, 2)
        buttons.addWidget(self.print_button, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.change)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(680, 700)
        self.close_button.setFocus()
        if auto_print:
            self.print_now()

    def print_now(self) -> None:
        """Print the receipt: the print log decides original or copy (a first print that failed and is
        sent again is still the original); a job kept after a fault goes again as it was."""
        self.print_button.setEnabled(False)
        self.status.show_info(_("Printing…"))
        service, actor, number = print_service(self.desk), self.desk.acting, self.data.receipt_number
        if self.kept_job:
            job = self.kept_job
            self.desk.printer.run(lambda: service.retry_job(actor, job), self._printed, self._refused)
            return
        first = self.just_saved and not self.printed  # a reprint from a list never opens the drawer
        self.desk.printer.run(lambda: service.print_sale(actor, number, open_drawer=first),
                              self._printed, self._refused)

    def show_receipt(self, data: ReceiptData) -> None:
        """Show the receipt that was sent (it became a copy if another print was delivered first)."""
        if data == self.data:
            return
        self.data = data
        self.image.setPixmap(QPixmap.fromImage(receipt_image(data)))
        if data.copy:
            self.heading.setText(_("Copy of receipt {number}", number=data.receipt_number))

    def _printed(self, outcome: PrintOutcome) -> None:
        self.print_button.setEnabled(True)
        self.kept_job = outcome.job_id
        if outcome.data is not None:
            self.show_receipt(outcome.data)
        if outcome.printed:
            self.printed = True
            self.status.show_info(_("Printed."))
            self.print_button.setText(_("Print a copy  ({keys})", keys=keys_text(["Ctrl+P"])))
        elif not outcome.configured:
            self.status.show_info(outcome.message)
        else:
            self.status.show_error(outcome.message)
            if outcome.job_id:  # kept in the spool: the same job goes again
                self.print_button.setText(_("Try printing again  ({keys})", keys=keys_text(["Ctrl+P"])))
        self.print_finished.emit(outcome)

    def _refused(self, err: UserError) -> None:
        self.print_button.setEnabled(True)
        self.status.show_error(err)
