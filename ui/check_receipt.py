"""«بررسی رسید»: for the owner, a manager or an inspector at the counter. Paste or scan a receipt's QR
code (a scanner types it and presses Enter), open a photo of it, or type a receipt number or its
verification code; see what the receipt claims beside what the books hold, mismatches in red.

The work is app/services/receipt_check.py, run on the desk's one database runner.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.receipt_check import GENUINE, LOOKUP, CheckResult, field_label, inspect_receipt
from ui.desk import Desk
from ui.fit_check import allow_latin
from ui.formatting import Formatter
from ui.widgets import MessageBar, scaled_font

ROWS = ("office", "number", "business_day", "time", "total", "voided", "print")
GOOD, BAD, NEUTRAL = "#1d6b34", "#8a1c12", "#0b3d66"
MISMATCH_STYLE = "background:#fbe3e0;color:#8a1c12;font-weight:bold;padding:2px;"
RIALS = Formatter("rial")  # a receipt's code carries its total in Rials


def _time(hhmm: str, fmt: Formatter) -> str:
    return fmt.digits(f"{hhmm[:2]}:{hhmm[2:]}")


def _void(voided: bool) -> str:
    return _("voided") if voided else _("not void")


def claimed_values(result: CheckResult, fmt: Formatter) -> dict[str, str]:
    """What the receipt says, row by row (empty for a typed number). Totals in Rials, as the code
    carries them, whatever unit the office shows."""
    c = result.claims
    if c is None:
        return {}
    kind = _("copy {number}", number=c.copy_no) if c.copy_no else _("original")
    return {"office": fmt.digits(c.office_code), "number": fmt.digits(c.receipt_number),
            "business_day": fmt.day(c.business_day), "time": _time(c.local_time, fmt),
            "total": RIALS.money(c.grand_total, with_unit=True), "voided": _void(c.voided), "print": kind}


def recorded_values(result: CheckResult, fmt: Formatter) -> dict[str, str]:
    """What the books hold, row by row (empty when the sale is not in them)."""
    r = result.recorded
    if r is None:
        return {}
    voided = _void(r.voided)
    if r.void_at is not None:
        voided = _("void since {when}, approved by {name}", when=fmt.when(r.void_at), name=r.void_approved_by)
    printed = _("{count} prints", count=len(r.prints)) if r.prints else _("no print recorded")
    if result.print_record is not None:
        p = result.print_record
        printed = (_("copy {number}", number=p.copy_no) if p.copy_no else _("original")) + " — " + \
            fmt.when(p.delivered_at) + " — " + p.requested_by
    return {"office": fmt.digits(r.office.code) + " — " + fmt.digits(r.office.name),
            "number": fmt.digits(r.receipt_number), "business_day": fmt.day(r.business_day),
            "time": _time(r.local_time, fmt), "total": RIALS.money(r.grand_total, with_unit=True), "voided": voided,
            "print": printed}


class CheckReceiptScreen(QWidget):
    checked = Signal(object)  # CheckResult

    def __init__(self, desk: Desk, parent: QWidget | None = None, *, entry: str = "") -> None:
        super().__init__(parent)
        assert desk.actor is not None
        self.desk, self.db, self.actor, self.runner = desk, desk.db, desk.actor, desk.runner
        self.result: CheckResult | None = None
        self.setWindowTitle(_("Check a receipt"))
        self.entry = QLineEdit(entry)
        self.check_button = QPushButton(_("Check"))
        self.image_button = QPushButton(_("From an image…"))
        self.verdict = QLabel()
        self.cells: dict[str, tuple[QLabel, QLabel]] = {}
        self.notes = QLabel()
        self.message = MessageBar()
        self._build()
        self.check_button.clicked.connect(self.check)
        self.entry.returnPressed.connect(self.check)
        self.image_button.clicked.connect(self.choose_image)
        if entry:
            self.check()

    def _build(self) -> None:
        heading = QLabel(_("Check a receipt"))
        heading.setFont(scaled_font(self, 1.5, bold=True))
        hint = QLabel(_("Scan or paste the receipt's QR code, or type its number or verification code, then press "
                        "Enter."))
        hint.setWordWrap(True)
        self.entry.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # the code is Latin letters and digits
        self.entry.setPlaceholderText("PKD2:…")
        allow_latin(self.entry)  # (a QR's text is Latin by nature)
        self.entry.setClearButtonEnabled(True)
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.image_button)
        self.verdict.setWordWrap(True)
        self.verdict.setFont(scaled_font(self, 1.3, bold=True))
        self.notes.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.verdict)
        layout.addWidget(self._table())
        layout.addWidget(self.notes)
        layout.addStretch(1)

    def _table(self) -> QGroupBox:
        box = QGroupBox(_("The receipt beside the books"))
        grid = QGridLayout(box)
        for column, title in enumerate(("", _("On the receipt"), _("In the books"))):
            label = QLabel(title)
            label.setFont(scaled_font(self, 1.0, bold=True))
            grid.addWidget(label, 0, column)
        labels = {"number": _("Receipt no."), "print": _("Original or copy")}
        for i, name in enumerate(ROWS, start=1):
            grid.addWidget(QLabel(labels.get(name) or field_label(name)), i, 0)
            claimed, recorded = QLabel("—"), QLabel("—")
            for cell in (claimed, recorded):
                cell.setWordWrap(True)
                cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(claimed, i, 1)
            grid.addWidget(recorded, i, 2)
            self.cells[name] = (claimed, recorded)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        return box

    # --- checking -----------------------------------------------------------------------------------

    def check(self) -> None:
        text = self.entry.text()
        db, actor = self.db, self.actor
        self.message.clear_message()
        self.runner.run(lambda: inspect_receipt(db, actor, text), self.show_result, self._refused)

    def choose_image(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("A scan or photo of the receipt"), "",
                                                    _("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)"))
        if path:
            self.check_image(path)

    def check_image(self, path: str) -> None:
        from app.qr_image import decode_receipt_qr

        db, actor = self.db, self.actor

        def work() -> tuple[str, CheckResult]:
            text = decode_receipt_qr(path)
            return text, inspect_receipt(db, actor, text)

        self.message.clear_message()
        self.runner.run(work, self._image_checked, self._refused)

    def _image_checked(self, found: tuple[str, CheckResult]) -> None:
        self.entry.setText(found[0])
        self.show_result(found[1])

    def _refused(self, err: Any) -> None:
        self.result = None
        self.verdict.clear()
        self.notes.clear()
        self._fill({}, {}, set())
        self.message.show_error(err)

    def show_result(self, result: CheckResult) -> None:
        self.result = result
        color = GOOD if result.ok else NEUTRAL if result.verdict == LOOKUP else BAD
        self.verdict.setStyleSheet(f"color:{color};")
        self.verdict.setText(result.summary())
        wrong = {m.name for m in result.mismatches}
        self._fill(claimed_values(result, self.desk.fmt), recorded_values(result, self.desk.fmt), wrong)
        self.notes.setText("\n".join(result.notes))
        self.entry.selectAll()  # the next scan replaces this one
        self.checked.emit(result)

    def _fill(self, claimed: dict[str, str], recorded: dict[str, str], wrong: set[str]) -> None:
        for name, (left, right) in self.cells.items():
            left.setText(claimed.get(name, "—"))
            right.setText(recorded.get(name, "—"))
            style = MISMATCH_STYLE if name in wrong else ""
            left.setStyleSheet(style)
            right.setStyleSheet(style)

    @property
    def mismatched_rows(self) -> set[str]:
        return {name for name, (left, _right) in self.cells.items() if left.styleSheet() == MISMATCH_STYLE}

    @property
    def genuine(self) -> bool:
        return self.result is not None and self.result.verdict == GENUINE
