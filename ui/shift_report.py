"""The X report (shift still open) and the Z report (closed): visits, money by whom, the drawer.

Ctrl+P prints it on the receipt printer, through the receipts' spool and off the GUI thread.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.payment_methods import METHODS, method_label
from app.services.common import parse_iso
from app.services.shifts import ShiftReport
from ui.desk import Desk
from ui.receipt_output import PrintOutcome, print_service
from ui.shift_close_note import close_note_box
from ui.widgets import MessageBar, bind_button, keys_text, scaled_font

PRINT_KEYS = ["Ctrl+P"]


def _row(form: QFormLayout, label: str, value: str, bold: bool = False) -> QLabel:
    shown = QLabel(value)
    if bold:
        shown.setFont(scaled_font(shown, 1.2, bold=True))
    form.addRow(label, shown)
    return shown


class ShiftReportDialog(QDialog):
    def __init__(self, desk: Desk, report: ShiftReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.report = report
        closed = report.closed_at is not None
        title = _("Z report — shift {number}", number=report.shift_id) if closed else \
            _("X report — shift {number}", number=report.shift_id)
        self.setWindowTitle(title)
        heading = QLabel(title)
        heading.setFont(scaled_font(self, 1.5, bold=True))
        self.values: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self._sales_box())
        layout.addWidget(self._cash_box())
        if closed:  # the Z report: how the drawer was counted, and the reason for a variance
            self.close_note = close_note_box(desk, report)
            layout.addWidget(self.close_note)
        self.status = MessageBar()
        layout.addWidget(self.status)
        self.kept_job = ""  # a report that failed to print, waiting in the spool
        self.close_button = QPushButton()
        self.print_button = QPushButton()
        bind_button(self, self.close_button, _("Close"), ["Return"], self.accept, shortcut=False)
        bind_button(self, self.print_button, _("Print"), PRINT_KEYS, self.print_now)
        self.close_button.setDefault(True)
        self.print_button.setAutoDefault(False)
        self.print_text = self.print_button.text()
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button, 2)
        buttons.addWidget(self.print_button, 1)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    def print_now(self) -> None:
        """Send the report to the receipt printer (or the kept job again, after a fault)."""
        from printing.thermal import ensure_qt

        ensure_qt()  # fonts are loaded on the GUI thread, before the printer thread renders
        self.print_button.setEnabled(False)
        self.status.show_info(_("Printing…"))
        service, actor, report = print_service(self.desk), self.desk.acting, self.report
        if self.kept_job:
            job = self.kept_job
            self.desk.printer.run(lambda: service.retry_job(actor, job), self._printed)
            return
        self.desk.printer.run(lambda: service.print_shift_report(actor, report), self._printed)

    def _printed(self, outcome: PrintOutcome) -> None:
        self.print_button.setEnabled(True)
        self.kept_job = outcome.job_id
        if outcome.printed:
            self.status.show_info(_("Printed."))
            self.print_button.setText(self.print_text)
        elif not outcome.configured:
            self.status.show_info(outcome.message)
        else:
            self.status.show_error(outcome.message)
            if outcome.job_id:  # kept in the spool: the same job goes again
                self.print_button.setText(_("Try printing again  ({keys})", keys=keys_text(PRINT_KEYS)))

    def _sales_box(self) -> QGroupBox:
        r, m, d = self.report, self.desk.money, self.desk.digits
        box = QGroupBox(_("Sales"))
        form = QFormLayout(box)
        _row(form, _("Opened at"), self.desk.fmt.when(parse_iso(r.opened_at)))
        if r.closed_at:
            _row(form, _("Closed at"), self.desk.fmt.when(parse_iso(r.closed_at)))
        self.values["visits"] = _row(form, _("Visits"), d(r.totals.net_visits))
        self.values["voids"] = _row(form, _("Voids"), d(r.totals.voids))
        # Citizens who left without a receipt (a printer fault, a job discarded): the owner sees how many.
        self.values["unprinted"] = _row(form, _("Receipts not printed"), d(r.unprinted), bold=r.unprinted > 0)
        _row(form, _("Agency share"), m(r.totals.agency))
        _row(form, _("Office fees"), m(r.totals.office))
        _row(form, _("VAT"), m(r.totals.vat))
        self.values["grand"] = _row(form, _("Total"), m(r.totals.grand, with_unit=True), bold=True)
        for method in METHODS:  # the printed X/Z report's words (app/payment_methods.py)
            self.values[f"paid_{method}"] = _row(form, method_label(method), m(r.payments.get(method, 0)))
        return box

    def _cash_box(self) -> QGroupBox:
        r, m = self.report, self.desk.money
        box = QGroupBox(_("Cash drawer"))
        form = QFormLayout(box)
        _row(form, _("Opening float"), m(r.cash["opening_float"]))
        _row(form, _("Cash sales"), m(r.cash["cash_sales"]))
        _row(form, _("Cash refunds (voids)"), m(r.cash["cash_refunds"]))
        _row(form, _("Cash in"), m(r.cash["cash_in"]))
        _row(form, _("Cash out"), m(r.cash["cash_out"]))
        self.values["expected"] = _row(form, _("Expected in the drawer"), m(r.cash["expected"], with_unit=True),
                                       bold=True)
        if r.counted_cash is not None:
            self.values["counted"] = _row(form, _("Counted"), m(r.counted_cash, with_unit=True), bold=True)
            self.values["variance"] = _row(form, _("Variance"), signed(self.desk, r.variance or 0), bold=True)
        return box


def signed(desk: Desk, rials: int) -> str:
    """A variance: + for cash over, − for cash short (the sign stays on the reading side)."""
    if rials == 0:
        return _("none")
    text = desk.money(abs(rials), with_unit=True)
    return _("{amount} over", amount=text) if rials > 0 else _("{amount} short", amount=text)
