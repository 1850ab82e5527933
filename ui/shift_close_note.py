"""How a shift was closed, for the Z report on screen: blind count or not, and the clerk's reason for
a variance beyond the office's threshold (stored in shift_close_note, migration r13). The printed Z
report says the same (printing/shift_document.py), and so does the owner's A4 (app/reports/document.py)."""
from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from app.i18n import _
from app.services.shifts import ShiftReport
from printing.receipt_document import persian_text
from ui.desk import Desk


def close_note_box(desk: Desk, report: ShiftReport) -> QGroupBox:
    box = QGroupBox(_("How the shift was closed"))
    form = QFormLayout(box)
    if report.blind_count is None:
        form.addRow(_("Blind count"), QLabel(_("not recorded (closed before this was kept)")))
        return box
    form.addRow(_("Blind count"), QLabel(_("yes: the expected cash was hidden until counted") if report.blind_count
                                         else _("no: the expected cash was shown while counting")))
    form.addRow(_("Variance allowed without a reason"),
                QLabel(desk.money(report.variance_threshold, with_unit=True) if report.variance_threshold is not None
                       else _("any (no reason is asked)")))
    # Stored as typed with ASCII digits («100 هزاری»): shown as the rest of the screen writes numbers.
    said = persian_text(report.variance_reason) if desk.persian else report.variance_reason
    reason = QLabel(said or _("none needed"))
    reason.setWordWrap(True)
    form.addRow(_("Reason for the variance"), reason)
    first = report.count_when_shown
    if first is not None and first != report.counted_cash:  # a blind count changed once its difference showed
        form.addRow(_("Counted before the difference was shown"), QLabel(desk.money(first, with_unit=True)))
    return box
