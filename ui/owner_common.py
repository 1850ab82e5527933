"""What the owner's screens share: Jalali date fields, a report table on screen (its figures read
through the desk's formatter, ui.formatting), simple bar charts drawn with QPainter (PySide6-Essentials has
no QtCharts), and long exports run off the GUI thread behind a progress dialog that can cancel.

Importing this module registers the reports' Persian strings (through app.reports).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QProgressBar,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

import app.reports  # noqa: F401  (registers the reports' Persian strings)
from app.errors import UserError
from app.i18n import _, language
from app.reports.document import Table
from ui.formatting import Formatter
from ui.jalali_date import date_of as date_of  # re-exported for the owner's screens
from ui.jalali_date import jalali_date_edit as jalali_date_edit
from ui.jalali_date import set_date as set_date
from ui.runner import Runner

NUMBER_ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
ROW_HEIGHT = 24  # a horizontal chart's row
BAR = QColor("#2e7d6b")
BAR_ALT = QColor("#c9862b")

# --- tables --------------------------------------------------------------------------------------

class ReportTableWidget(QTableWidget):
    """A report table (app.reports.document.Table) as the owner reads it; the totals row in bold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.table: Table | None = None

    def show_table(self, table: Table, fmt: Formatter) -> None:
        self.table = table
        rows = [*table.rows, *([table.totals] if table.totals else [])]
        self.clear()
        self.setColumnCount(len(table.headers))
        self.setRowCount(len(rows))
        self.setHorizontalHeaderLabels(list(table.headers))
        bold = QFont(self.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            for c, (value, kind) in enumerate(zip(row, table.kinds, strict=True)):
                item = QTableWidgetItem(fmt.cell(value, kind))
                if kind != "text":
                    item.setTextAlignment(NUMBER_ALIGN)
                if table.totals and r == len(rows) - 1:
                    item.setFont(bold)
                self.setItem(r, c, item)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        texts = [i for i, k in enumerate(table.kinds) if k == "text"]
        if texts:  # the widest text column (a service's name) takes the spare room
            def width(i: int) -> int:
                return max([len(table.headers[i])] + [len(str(r[i])) for r in table.rows[:200]])

            header.setSectionResizeMode(max(texts, key=width), QHeaderView.ResizeMode.Stretch)

    def cell_text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""


# --- charts --------------------------------------------------------------------------------------

class BarChart(QWidget):
    """Bars drawn with QPainter. Horizontal: one labelled bar per row (shares: agency, clerk, service).
    Vertical: a series over time (per hour, day or month) with labels underneath; with `set_pairs`, two
    bars per label (this week against the last) and a legend."""

    def __init__(self, title: str, *, vertical: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.vertical = vertical
        self.bars: list[tuple[str, int]] = []
        self.second: list[int] = []  # the paired series, when there is one
        self.legend: tuple[str, str] = ("", "")
        self.value_text: Callable[[int], str] = str
        self.setMinimumHeight(180)

    def set_bars(self, bars: Sequence[tuple[str, int]], value_text: Callable[[int], str]) -> None:
        self.bars = list(bars)
        self.second = []
        self.value_text = value_text
        if not self.vertical:
            self.setMinimumHeight(40 + ROW_HEIGHT * max(1, len(self.bars)))
        self.update()

    def set_pairs(self, bars: Sequence[tuple[str, int, int]], value_text: Callable[[int], str],
                  legend: tuple[str, str]) -> None:
        self.bars = [(label, a) for label, a, _b in bars]
        self.second = [b for _label, _a, b in bars]
        self.legend = legend
        self.value_text = value_text
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(360, 220 if self.vertical else 40 + ROW_HEIGHT * max(1, len(self.bars)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(240, self.minimumHeight())

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, self.width(), 22), Qt.AlignmentFlag.AlignCenter, self.title)
        painter.setFont(self.font())
        values = [abs(v) for _l, v in self.bars] + [abs(v) for v in self.second]
        if not values or max(values) == 0:
            painter.drawText(QRectF(0, 22, self.width(), self.height() - 22), Qt.AlignmentFlag.AlignCenter,
                             _("Nothing in this period."))
            return
        if self.vertical:
            self._paint_series(painter)
        else:
            self._paint_shares(painter)
        painter.end()

    def _paint_shares(self, painter: QPainter) -> None:
        top, row_h = 28.0, float(ROW_HEIGHT)
        top_value = max(max(v for _l, v in self.bars), 1)
        metrics = painter.fontMetrics()
        # Room for the longest label and the widest amount, so that neither is cut (up to a limit).
        label_w = min(max(metrics.horizontalAdvance(label) for label, _v in self.bars) + 8.0, self.width() * 0.45)
        value_w = max(metrics.horizontalAdvance(self.value_text(v)) for _l, v in self.bars) + 8.0
        bar_w = max(self.width() - label_w - value_w - 16, 10.0)
        rtl = self.isRightToLeft()
        for i, (label, value) in enumerate(self.bars):
            y = top + i * row_h
            length = bar_w * max(value, 0) / top_value
            if rtl:
                label_rect = QRectF(self.width() - label_w, y, label_w - 4, row_h)
                bar = QRectF(self.width() - label_w - 4 - length, y + 4, length, row_h - 8)
                value_rect = QRectF(bar.left() - value_w - 4, y, value_w, row_h)
                label_align = value_align = Qt.AlignmentFlag.AlignRight
            else:
                label_rect = QRectF(0, y, label_w - 4, row_h)
                bar = QRectF(label_w + 4, y + 4, length, row_h - 8)
                value_rect = QRectF(bar.right() + 4, y, value_w, row_h)
                label_align = value_align = Qt.AlignmentFlag.AlignLeft
            painter.fillRect(bar, BAR if i % 2 == 0 else BAR_ALT)
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute
            painter.drawText(label_rect, label_align | flags, metrics.elidedText(
                label, Qt.TextElideMode.ElideRight, int(label_w - 6)))
            painter.drawText(value_rect, value_align | flags, self.value_text(value))

    def _paint_series(self, painter: QPainter) -> None:
        legend_h = 20.0 if self.second else 0.0
        top, bottom = 28.0 + legend_h, self.height() - 24.0
        left, right = 8.0, self.width() - 8.0
        top_value = max(max(v for _l, v in self.bars), *(self.second or [0]), 1)
        step = (right - left) / len(self.bars)
        rtl = self.isRightToLeft()
        # Every label that has room; with many bars (the days of a month), every second or third.
        label_w = max(painter.fontMetrics().horizontalAdvance(label) for label, _v in self.bars) + 8.0
        every = max(1, -int(-label_w // step))
        for i, (label, value) in enumerate(self.bars):
            x = right - (i + 1) * step if rtl else left + i * step
            self._bar(painter, x, step, bottom, top, value, top_value, i)
            if i % every == 0:
                painter.drawText(QRectF(x + step / 2 - label_w / 2, bottom + 2, label_w, 20),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label)
        painter.drawText(QRectF(left, top - legend_h, right - left, 18), Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignAbsolute, self.value_text(top_value))
        painter.drawLine(int(left), int(bottom), int(right), int(bottom))
        if self.second:
            self._legend(painter, QRectF(left, 24.0, right - left, legend_h))

    def _bar(self, painter: QPainter, x: float, step: float, bottom: float, top: float, value: int,
             top_value: int, i: int) -> None:
        if not self.second:
            height = (bottom - top) * max(value, 0) / top_value
            painter.fillRect(QRectF(x + step * 0.1, bottom - height, max(step * 0.8, 1.0), height), BAR)
            return
        # Two bars side by side: this period in the reading direction's first place, the earlier one after.
        width = max(step * 0.4, 1.0)
        first, second = (x + step * 0.5, x + step * 0.1) if self.isRightToLeft() else (x + step * 0.1, x + step * 0.5)
        for where, amount, colour in ((first, value, BAR), (second, self.second[i], BAR_ALT)):
            height = (bottom - top) * max(amount, 0) / top_value
            painter.fillRect(QRectF(where, bottom - height, width, height), colour)

    def _legend(self, painter: QPainter, area: QRectF) -> None:
        metrics = painter.fontMetrics()
        x = area.right() if self.isRightToLeft() else area.left()
        for name, colour in ((self.legend[0], BAR), (self.legend[1], BAR_ALT)):
            width = metrics.horizontalAdvance(name) + 22.0
            box = QRectF(x - width if self.isRightToLeft() else x, area.top(), width, area.height())
            swatch = QRectF(box.right() - 14 if self.isRightToLeft() else box.left(), box.top() + 4, 12, 12)
            painter.fillRect(swatch, colour)
            text = box.adjusted(0, 0, -18, 0) if self.isRightToLeft() else box.adjusted(18, 0, 0, 0)
            painter.drawText(text, Qt.AlignmentFlag.AlignVCenter | (Qt.AlignmentFlag.AlignRight if self.isRightToLeft()
                                                                     else Qt.AlignmentFlag.AlignLeft)
                             | Qt.AlignmentFlag.AlignAbsolute, name)
            x = box.left() - 16 if self.isRightToLeft() else box.right() + 16


# --- long work with progress and cancel ----------------------------------------------------------

class ProgressDialog(QProgressDialog):
    """Shows a long job's progress; Cancel asks the job to stop at its next check."""

    progressed = Signal(int, int)  # emitted from the worker thread, shown on the GUI thread
    ended = Signal()  # the job is over, however it ended (a bug goes to the bug dialog)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, _("Cancel"), 0, 0, parent)
        bar = QProgressBar(self)
        # «۵۰٪», not «۵۰%»: the percent sign of the language, the number in the locale's digits.
        bar.setFormat("%p٪" if language() == "fa" else "%p%")
        bar.setMinimumWidth(bar.fontMetrics().horizontalAdvance("۱۰۰٪") * 6)
        self.setBar(bar)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.stop = threading.Event()
        self.canceled.connect(self.stop.set)
        self.progressed.connect(self._show_progress)
        self.ended.connect(self.close)

    @Slot()
    def cancel(self) -> None:
        """The Cancel button, Escape, or a caller: the job stops at its next check."""
        self.stop.set()
        self.setLabelText(_("Cancelling…"))
        super().cancel()

    @Slot(int, int)
    def _show_progress(self, done: int, total: int) -> None:
        self.setMaximum(total)
        self.setValue(done)

    def report(self, done: int, total: int) -> None:
        """The job's progress callback (any thread)."""
        self.progressed.emit(done, total)

    def cancelled(self) -> bool:
        """The job's cancel check (any thread)."""
        return self.stop.is_set()


def run_with_progress(parent: QWidget, runner: Runner, title: str,
                      work: Callable[[Callable[[int, int], None], Callable[[], bool]], Any],
                      on_done: Callable[[Any], None], on_error: Callable[[UserError], None]) -> ProgressDialog:
    """Run `work(progress, cancelled)` off the GUI thread behind a progress dialog."""
    dialog = ProgressDialog(title, parent)
    dialog.show()

    def job() -> Any:
        try:
            return work(dialog.report, dialog.cancelled)
        finally:
            dialog.ended.emit()

    runner.run(job, on_done, on_error)
    return dialog
