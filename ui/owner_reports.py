"""Period reports over Jalali ranges (day, week, month, year, custom), shift reports (X and Z),
and the tax view — each exportable. Long ranges and every export run off the GUI thread behind a
progress dialog that can cancel."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.i18n import N_, _
from app.jalali import format_jalali
from app.reports.dashboard import ReportContext, report_context
from app.reports.document import Report, ReportSpec, tax_table
from app.reports.export import PdfWriter, export_report, write_tax_xlsx
from app.reports.figures import Figures, period_figures
from app.reports.periods import describe_range, month_range, week_range, year_range
from app.reports.shift_figures import ShiftFigures, ShiftSummary, list_shifts, shift_figures
from app.reports.tax import TaxYear, tax_year
from app.text import isolate_ltr
from ui.desk import Desk
from ui.file_dialogs import save_file
from ui.formatting import Formatter
from ui.owner_common import (
    ProgressDialog,
    ReportTableWidget,
    date_of,
    jalali_date_edit,
    run_with_progress,
    set_date,
)
from ui.owner_figures import FiguresView, SummaryCards
from ui.widgets import MessageBar, scaled_font

PRESETS = (("today", N_("Today")), ("yesterday", N_("Yesterday")), ("week", N_("This week")),
           ("last_week", N_("Last week")), ("month", N_("This month")), ("last_month", N_("Last month")),
           ("year", N_("This year")), ("last_year", N_("Last year")), ("custom", N_("Custom")))
LONG_RANGE_DAYS = 92  # beyond this the figures are computed behind a progress dialog
FILTERS = {"xlsx": N_("Excel workbook (*.xlsx)"), "pdf": N_("PDF document (*.pdf)"), "csv": N_("CSV file (*.csv)")}


def preset_range(name: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The Jalali period a preset means on `today` (the current business day)."""
    day = dt.timedelta(days=1)
    ranges = {
        "today": lambda: (today, today), "yesterday": lambda: (today - day, today - day),
        "week": lambda: week_range(today), "last_week": lambda: week_range(today - 7 * day),
        "month": lambda: month_range(today), "last_month": lambda: month_range(month_range(today)[0] - day),
        "year": lambda: year_range(today), "last_year": lambda: year_range(year_range(today)[0] - day),
    }
    return ranges[name]() if name in ranges else (today, today)


def _pdf_writer() -> PdfWriter:
    from printing.report_pdf import write_report_pdf

    writer: PdfWriter = write_report_pdf
    return writer


class OwnerReports(QWidget):
    loaded = Signal(object)  # Figures shown
    exported = Signal(object)  # Path written

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert desk.actor is not None
        self.desk, self.db, self.actor, self.runner = desk, desk.db, desk.actor, desk.runner
        self.context: ReportContext | None = None
        self.figures: Figures | None = None
        self.progress: ProgressDialog | None = None
        self.setWindowTitle(_("Reports"))
        self.message = MessageBar()
        self.tabs = QTabWidget()
        self.period = PeriodTab(self)
        self.shifts = ShiftsTab(self)
        self.tax = TaxTab(self)
        self.tabs.addTab(self.period, _("Period report"))
        self.tabs.addTab(self.shifts, _("Shifts"))
        self.tabs.addTab(self.tax, _("Tax view"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        db, actor = self.db, self.actor
        self.runner.run(lambda: report_context(db, actor), self._context_loaded, self.message.show_error)

    @property
    def fmt(self) -> Formatter:
        return self.desk.fmt

    def _context_loaded(self, context: ReportContext) -> None:
        self.context = context
        self.period.start(context)
        self.shifts.start(context)
        self.tax.start(context)

    # --- shared by the tabs ------------------------------------------------------------------------

    def choose_path(self, fmt: str, suggested: str) -> Path | None:
        """Where to save an export; tests replace this method."""
        name = save_file(self, _("Save the report"), str(Path.home() / suggested), _(FILTERS[fmt]))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == f".{fmt}" else path.with_name(path.name + f".{fmt}")

    def export(self, spec: ReportSpec, fmt: str, suggested: str) -> None:
        path = self.choose_path(fmt, suggested)
        if path is None:
            return
        db, actor = self.db, self.actor
        writer = _pdf_writer() if fmt == "pdf" else None

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            return export_report(db, actor, spec, fmt, path, pdf_writer=writer, progress=progress, cancel=cancelled)

        self.progress = run_with_progress(self, self.runner, _("Exporting the report…"), work,
                                          lambda _report: self.exported_to(path), self.message.show_error)

    def exported_to(self, path: Path) -> None:
        self.message.show_info(_("Report saved: {path}", path=isolate_ltr(str(path))))  # not shown backwards
        self.exported.emit(path)


class PeriodTab(QWidget):
    def __init__(self, owner: OwnerReports) -> None:
        super().__init__()
        self.owner = owner
        self.preset = QComboBox()
        for key, label in PRESETS:
            self.preset.addItem(_(label), key)
        today = dt.date.today()
        self.first = jalali_date_edit(today)
        self.last = jalali_date_edit(today)
        self.show_button = QPushButton(_("Show"))
        self.buttons = {fmt: QPushButton(label) for fmt, label in
                        (("xlsx", _("Excel…")), ("pdf", _("PDF…")), ("csv", _("CSV…")))}
        self.title = QLabel()
        self.title.setFont(scaled_font(self, 1.3, bold=True))
        self.cards = SummaryCards()
        self.view = FiguresView()
        row = QHBoxLayout()
        for widget in (QLabel(_("Period:")), self.preset, QLabel(_("From")), self.first, QLabel(_("to")), self.last,
                       self.show_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(QLabel(_("Export:")))
        for button in self.buttons.values():
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.title)
        layout.addWidget(self.cards)
        layout.addWidget(self.view, 1)
        self.preset.currentIndexChanged.connect(lambda _i: self._preset_chosen())
        self.first.dateChanged.connect(lambda _d: self._custom())
        self.last.dateChanged.connect(lambda _d: self._custom())
        self.show_button.clicked.connect(self.show_period)
        for fmt, button in self.buttons.items():
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))

    def start(self, context: ReportContext) -> None:
        self.preset.setCurrentIndex([k for k, _l in PRESETS].index("month"))
        self._preset_chosen()

    def _preset_chosen(self) -> None:
        key = self.preset.currentData()
        if key == "custom" or self.owner.context is None:
            return
        first, last = preset_range(key, self.owner.context.current_day)
        for edit, day in ((self.first, first), (self.last, last)):
            edit.blockSignals(True)
            set_date(edit, day)
            edit.blockSignals(False)
        self.show_period()

    def _custom(self) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentIndex(len(PRESETS) - 1)
        self.preset.blockSignals(False)

    def range(self) -> tuple[dt.date, dt.date]:
        first, last = date_of(self.first), date_of(self.last)
        if last < first:
            raise UserError("The end of the period is before its start.")
        return first, last

    def show_period(self) -> None:
        try:
            first, last = self.range()
        except UserError as err:
            self.owner.message.show_error(err)
            return
        db, actor, owner = self.owner.db, self.owner.actor, self.owner
        if (last - first).days > LONG_RANGE_DAYS:
            owner.progress = run_with_progress(
                owner, owner.runner, _("Computing the report…"),
                lambda progress, cancelled: period_figures(db, actor, first, last, progress=progress,
                                                           cancel=cancelled),
                self.show_figures, owner.message.show_error)
        else:
            owner.runner.run(lambda: period_figures(db, actor, first, last), self.show_figures,
                             owner.message.show_error)

    def show_figures(self, figures: Figures) -> None:
        fmt = self.owner.fmt
        self.owner.figures = figures
        self.owner.message.clear_message()
        self.title.setText(describe_range(figures.first, figures.last))
        self.cards.show_totals(figures.totals, fmt)
        self.view.show_figures(figures, fmt)
        self.owner.loaded.emit(figures)

    def export(self, fmt: str) -> None:
        try:
            first, last = self.range()
        except UserError as err:
            self.owner.message.show_error(err)
            return
        kind = "day" if first == last else "period"
        name = f"report-{format_jalali(first)}" + ("" if first == last else f"-to-{format_jalali(last)}")
        self.owner.export(ReportSpec(kind, first, last), fmt, f"{name}.{fmt}")


class ShiftsTab(QWidget):
    """Shifts opened on a range of days; the chosen one's X or Z report, exportable."""

    def __init__(self, owner: OwnerReports) -> None:
        super().__init__()
        self.owner = owner
        self.shifts: list[ShiftSummary] = []
        self.chosen: ShiftFigures | None = None
        today = dt.date.today()
        self.first = jalali_date_edit(today)
        self.last = jalali_date_edit(today)
        self.show_button = QPushButton(_("Show"))
        self.list = ReportTableWidget()
        self.report = ReportTableWidget()
        self.services = ReportTableWidget()
        self.buttons = {fmt: QPushButton(label) for fmt, label in
                        (("xlsx", _("Excel…")), ("pdf", _("PDF…")), ("csv", _("CSV…")))}
        row = QHBoxLayout()
        for widget in (QLabel(_("Shifts opened from")), self.first, QLabel(_("to")), self.last, self.show_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(QLabel(_("Export the chosen shift:")))
        for button in self.buttons.values():
            button.setEnabled(False)
            row.addWidget(button)
        detail = QSplitter()
        detail.addWidget(self.report)
        detail.addWidget(self.services)
        self.list.setMinimumWidth(560)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        self.show_button.clicked.connect(self.load)
        self.list.itemSelectionChanged.connect(self._chosen)
        for fmt, button in self.buttons.items():
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))

    def start(self, context: ReportContext) -> None:
        for edit in (self.first, self.last):
            set_date(edit, context.current_day)
        first = context.current_day - dt.timedelta(days=6)
        set_date(self.first, first)
        self.load()

    def load(self) -> None:
        db, actor = self.owner.db, self.owner.actor
        first, last = date_of(self.first), date_of(self.last)
        self.owner.runner.run(lambda: list_shifts(db, actor, first, last), self._listed, self.owner.message.show_error)

    def _listed(self, shifts: list[ShiftSummary]) -> None:
        from app.reports.document import Table

        fmt = self.owner.fmt
        self.shifts = shifts
        rows = tuple((s.shift_id, s.clerk, fmt.when(s.opened_at), fmt.when(s.closed_at) if s.closed_at else _("open"),
                      s.visits, s.variance if s.variance is not None else "—") for s in shifts)
        self.list.show_table(Table(_("Shifts"), (_("Shift"), _("Clerk"), _("Opened at"), _("Closed at"), _("Visits"),
                                                 _("Variance")),
                                   ("text", "text", "text", "text", "count", "money"), rows), fmt)

    def _chosen(self) -> None:
        rows = {i.row() for i in self.list.selectedIndexes()}
        if len(rows) != 1 or min(rows) >= len(self.shifts):
            return
        shift_id = self.shifts[min(rows)].shift_id
        db, actor = self.owner.db, self.owner.actor
        self.owner.runner.run(lambda: shift_figures(db, actor, shift_id), self._show_shift,
                              self.owner.message.show_error)

    def _show_shift(self, shift: ShiftFigures) -> None:
        from app.reports.document import Table, services_table

        fmt = self.owner.fmt
        self.chosen = shift
        report = Report("shift", "", "", "", "", fmt.unit, shift.summary.opened_at, "", shift.figures, shift)
        title = _("Z report — shift {number}", number=shift.summary.shift_id) if shift.summary.closed_at else \
            _("X report — shift {number}", number=shift.summary.shift_id)
        self.report.show_table(Table(title, (title, ""), ("text", "money"),
                                     tuple((label, value) for label, value, _k in report.summary())), fmt)
        for r, (_label, value, kind) in enumerate(report.summary()):
            item = self.report.item(r, 1)
            if item is not None:
                item.setText(fmt.cell(value, kind))
        self.services.show_table(services_table(shift.figures), fmt)
        for button in self.buttons.values():
            button.setEnabled(True)

    def export(self, fmt: str) -> None:
        if self.chosen is None:
            return
        shift_id = self.chosen.summary.shift_id
        self.owner.export(ReportSpec("shift", shift_id=shift_id), fmt, f"shift-{shift_id}.{fmt}")


class TaxTab(QWidget):
    """Office revenue and VAT per Jalali month and for the year, for the accountant."""

    def __init__(self, owner: OwnerReports) -> None:
        super().__init__()
        self.owner = owner
        self.data: TaxYear | None = None
        self.year = QComboBox()
        self.table = ReportTableWidget()
        self.export_button = QPushButton(_("Excel…"))
        self.export_button.setEnabled(False)
        self.pdf_button = QPushButton(_("PDF…"))
        self.pdf_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Jalali year:")))
        row.addWidget(self.year)
        row.addStretch(1)
        row.addWidget(self.pdf_button)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.year.currentIndexChanged.connect(lambda _i: self.load())
        self.export_button.clicked.connect(self.export)
        self.pdf_button.clicked.connect(self.export_pdf)

    def start(self, context: ReportContext) -> None:
        self.year.blockSignals(True)
        self.year.clear()
        for year in context.years or (int(format_jalali(context.current_day)[:4]),):
            self.year.addItem(self.owner.fmt.cell(year, "text"), year)
        self.year.blockSignals(False)
        self.load()

    def load(self) -> None:
        year = self.year.currentData()
        if year is None:
            return
        db, actor = self.owner.db, self.owner.actor
        self.owner.runner.run(lambda: tax_year(db, actor, int(year)), self._show, self.owner.message.show_error)

    def _show(self, data: TaxYear) -> None:
        self.data = data
        self.table.show_table(tax_table(data), self.owner.fmt)
        self.export_button.setEnabled(True)
        self.pdf_button.setEnabled(True)

    def export_pdf(self) -> None:
        """The same table on A4 for the accountant's file: cells formatted here, laid out by printing."""
        data, context = self.data, self.owner.context
        if data is None or context is None:
            return
        path = self.owner.choose_path("pdf", f"tax-{data.year}.pdf")
        if path is None:
            return
        table, fmt = tax_table(data), self.owner.fmt
        rows = [[fmt.cell(v, k) for v, k in zip(row, table.kinds, strict=True)] for row in table.rows]
        totals = [fmt.cell(v, k) for v, k in zip(table.totals, table.kinds, strict=True)] if table.totals else None
        subtitle = f"{context.office_name} — {fmt.unit_name()}"

        def write() -> Path:
            from printing.pdf import pdf_table_report

            pdf_table_report(table.title, list(table.headers), rows, totals, subtitle=subtitle, path=path)
            return path

        self.owner.runner.run(write, self.owner.exported_to, self.owner.message.show_error)

    def export(self) -> None:
        data, context = self.data, self.owner.context
        if data is None or context is None:
            return
        path = self.owner.choose_path("xlsx", f"tax-{data.year}.xlsx")
        if path is None:
            return
        self.owner.runner.run(lambda: write_tax_xlsx(data, context.office_name, path),
                              self.owner.exported_to,
                              self.owner.message.show_error)


def reports_page(desk: Desk) -> OwnerReports:
    """The page for the management menu, on the window's one database thread."""
    return OwnerReports(desk)
