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

from app.db import Database
from app.i18n import _
from app.jalali import format_instant
from app.payment_methods import METHODS, method_label
from app.receipt_data import OfficeInfo
from app.services.common import parse_iso
from app.services.shifts import ShiftReport
from ui.desk import Desk
from ui.receipt_output import PrintOutcome, load_printer, print_queue
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
        if self.kept_job:
            job = self.kept_job
            self.desk.printer.run(lambda: _report_outcome(print_queue().retry(job)), self._printed)
            return
        db, report, office = self.desk.db, self.report, office_info(self.desk)
        actor = self.desk.actor
        clerk = actor.full_name if actor is not None and actor.id == report.staff_id else None
        self.desk.printer.run(lambda: print_shift_report(db, report, office, clerk), self._printed)

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
        _row(form, _("Opened at"), format_instant(parse_iso(r.opened_at), persian=self.desk.persian))
        if r.closed_at:
            _row(form, _("Closed at"), format_instant(parse_iso(r.closed_at), persian=self.desk.persian))
        self.values["visits"] = _row(form, _("Visits"), d(r.totals.net_visits))
        self.values["voids"] = _row(form, _("Voids"), d(r.totals.voids))
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


def office_info(desk: Desk) -> OfficeInfo:
    """The office as the printed header shows it, from the settings the desk already holds."""
    o = desk.office
    return OfficeInfo(name=str(o.get("name", "")), code=str(o.get("code", "")), address=str(o.get("address", "")),
                      phone=str(o.get("phone", "")), economic_code=str(o.get("economic_code", "")),
                      footer=str(o.get("footer", "")), display_unit=desk.unit)


def _staff_name(db: Database, staff_id: int) -> str:
    from app.models import Staff

    with db.read() as session:
        row = session.get(Staff, staff_id)
        return row.full_name if row is not None else ""


def print_shift_report(db: Database, report: ShiftReport, office: OfficeInfo, clerk_name: str | None) -> PrintOutcome:
    """Render and send the report (runs on the printer thread); every fault becomes a message."""
    from printing.printers import PrinterError, receipt_escpos
    from printing.shift_document import build_shift_report, shift_report_title

    config = load_printer(db)
    if config is None:
        return PrintOutcome(False, _("No receipt printer is set up yet; set one up in the settings to print "
                                     "this report."), configured=False)
    if clerk_name is None:  # another clerk's shift, seen by a manager
        clerk_name = _staff_name(db, report.staff_id)
    try:
        payload = receipt_escpos(build_shift_report(report, office, clerk_name), config)
    except PrinterError as err:
        return PrintOutcome(False, err.message)
    return _report_outcome(print_queue().submit(payload, config, label=shift_report_title(report)))


def _report_outcome(result) -> PrintOutcome:  # type: ignore[no-untyped-def]
    if result.ok:
        return PrintOutcome(True)
    error = result.error.message if result.error is not None else ""
    return PrintOutcome(False, _("The report was not printed: {error} It is kept and can be printed again.",
                                 error=error), result.job.id)
