"""The yearly tariff update: choose a CSV or Excel tariff table (the `tariffs export` format), see exactly
what changes — new services, changed fees, services no longer offered — and every bad row's error,
choose the Jalali date it applies from, and apply it: all rows or none.

What is previewed is what is applied: the chosen file is copied (as CSV, with the chosen date written
into every row when the owner overrides the file's dates) and that copy is both previewed and imported,
so editing the spreadsheet after the preview cannot change what gets applied.
"""
from __future__ import annotations

import csv
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jdatetime
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.i18n import N_, _
from app.jalali import TEHRAN, format_jalali
from app.security import Action
from app.services.catalogue import TariffView, list_services
from app.services.tariffs import (
    HEADER,
    TariffPreview,
    TariffRow,
    export_tariffs,
    import_tariffs,
    preview_import,
    read_table,
)
from app.text import isolate_ltr
from ui.admin_common import (
    PAGE_TITLE,
    AdminPage,
    ColumnsModel,
    confirm,
    date_of,
    jalali_date_edit,
    set_date,
)
from ui.desk import Desk
from ui.file_dialogs import open_file, save_file
from ui.widgets import button_row

NEW, CHANGED, UNCHANGED, GONE = "new", "changed", "unchanged", "discontinued"
STATUS_NAMES = {NEW: N_("new service"), CHANGED: N_("fee changed"), UNCHANGED: N_("no change"),
                GONE: N_("no longer offered")}
STATUS_COLOURS = {NEW: "#e3f4e6", CHANGED: "#fff4d6", GONE: "#fbe3e1", UNCHANGED: ""}
_ROOT = QModelIndex()  # Qt's default parent: the invisible root
COLUMNS = (N_("What changes"), N_("Code"), N_("Service"), N_("Agency"), N_("Agency fee"), N_("Office fee"), N_("VAT"),
           N_("From"))
DATE_COLUMN = HEADER.index("effective_from")


@dataclass(frozen=True)
class PreviewLine:
    status: str
    code: str
    service: str
    agency: str
    old: TariffView | None
    new: TariffRow | None


@dataclass
class Preview:
    source: Path
    snapshot: Path
    preview: TariffPreview
    lines: list[PreviewLine]
    file_dates: set[dt.date] = field(default_factory=set)
    undated: bool = False  # no row carries a date: the chosen date is the only one


def next_new_year(today: dt.date) -> dt.date:
    """1 Farvardin of the next Jalali year: when the yearly tariffs usually start."""
    year = int(jdatetime.date.fromgregorian(date=today).year)
    day: dt.date = jdatetime.date(year + 1, 1, 1).togregorian()
    return day


def file_dates(table: list[list[str]]) -> tuple[set[dt.date], bool]:
    """The dates the file's rows carry, and whether every row left its date empty (unreadable dates are
    left to the preview to report)."""
    from app.errors import UserError
    from app.jalali import parse_jalali

    found: set[dt.date] = set()
    rows = [r for r in table[1:] if len(r) == len(HEADER) and any(cell.strip() for cell in r)]
    for row in rows:
        if row[DATE_COLUMN].strip():
            try:
                found.add(parse_jalali(row[DATE_COLUMN]))
            except UserError:
                pass
    return found, bool(rows) and all(not r[DATE_COLUMN].strip() for r in rows)


def snapshot(source: Path, folder: Path, day: dt.date | None) -> tuple[Path, set[dt.date], bool]:
    """A CSV copy of the table, with `day` written into every row's date when given."""
    table = read_table(source)
    dates, undated = file_dates(table)
    if day is not None and table:
        for row in table[1:]:
            if len(row) == len(HEADER) and any(cell.strip() for cell in row):
                row[DATE_COLUMN] = format_jalali(day)
    name = f"{source.stem}-from-{format_jalali(day)}.csv" if day else f"{source.stem}.csv"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    with open(target, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table)
    return target, dates, undated


def build_preview(db: Database, source: Path, folder: Path, day: dt.date | None) -> Preview:
    copy, dates, undated = snapshot(source, folder, day)
    preview = preview_import(db, copy)
    return Preview(source, copy, preview, preview_lines(db, preview), dates, undated)


def preview_lines(db: Database, preview: TariffPreview) -> list[PreviewLine]:
    """One line per service the file names, and per service it no longer offers, with the fees in force."""
    today = dt.datetime.now(TEHRAN).date()
    in_force: dict[dt.date, dict[str, Any]] = {}

    def current(day: dt.date) -> dict[str, Any]:
        if day not in in_force:
            in_force[day] = {s.code: s for s in list_services(db, day)}
        return in_force[day]

    new, changed = set(preview.new_services), set(preview.changed)
    lines = []
    for row in preview.rows:
        label = f"{row.code} {row.service}"
        status = NEW if label in new else CHANGED if label in changed else UNCHANGED
        old = current(row.effective_from).get(row.code)
        lines.append(PreviewLine(status, row.code, row.service, row.agency, old.tariff if old else None, row))
    for label in preview.discontinued:
        code, _sep, name = label.partition(" ")
        old = current(today).get(code)
        lines.append(PreviewLine(GONE, code, name, old.agency_name if old else "", old.tariff if old else None, None))
    order = {NEW: 0, CHANGED: 1, GONE: 2, UNCHANGED: 3}
    return sorted(lines, key=lambda line: (order[line.status], line.code))


class PreviewModel(ColumnsModel):
    columns = COLUMNS

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.all: list[PreviewLine] = []
        self.lines: list[PreviewLine] = []
        self.show_unchanged = False

    def set_lines(self, lines: list[PreviewLine]) -> None:
        self.beginResetModel()
        self.all = lines
        self.lines = [x for x in lines if self.show_unchanged or x.status != UNCHANGED]
        self.endResetModel()

    def set_show_unchanged(self, show: bool) -> None:
        self.show_unchanged = show
        self.set_lines(self.all)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.lines)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(line, index.column())
        if role == Qt.ItemDataRole.BackgroundRole and STATUS_COLOURS[line.status]:
            return QBrush(QColor(STATUS_COLOURS[line.status]))
        if role == Qt.ItemDataRole.ForegroundRole and line.status == UNCHANGED:
            return QBrush(QColor("#666666"))
        return None

    def text(self, line: PreviewLine, column: int) -> str:
        old, new = line.old, line.new
        if column == 0:
            return _(STATUS_NAMES[line.status])
        if column in (1, 2, 3):
            return (self.desk.fmt.digits(line.code), line.service, line.agency)[column - 1]
        if column in (4, 5, 6):
            name = ("agency_fee", "office_fee", "vat_bp")[column - 4]
            show = self._money if column < 6 else self._rate
            return self._pair(getattr(old, name) if old else None, getattr(new, name) if new else None, show)
        return self.desk.fmt.day(new.effective_from) if new else ""

    def _rate(self, rate_bp: int) -> str:
        return self.desk.fmt.rate(rate_bp)

    def _money(self, rials: int) -> str:
        return self.desk.fmt.money(rials)

    @staticmethod
    def _pair(old: int | None, new: int | None, show: Any) -> str:
        """"old ← new" when a value changes (read right to left), else the one value there is."""
        if old is not None and new is not None and old != new:
            return f"{show(old)} ← {show(new)}"
        value = new if new is not None else old
        return show(value) if value is not None else ""


class AdminTariffImportScreen(AdminPage):
    tariffs_applied = Signal()  # the catalogue changed: the counter reloads its services

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.workdir = tempfile.TemporaryDirectory(prefix="pishkhan-tariffs-")
        self.current: Preview | None = None
        self.source: Path | None = None
        self.choose_button = QPushButton(_("Choose the tariff file (CSV or Excel)…"))
        self.export_button = QPushButton(_("Save the current tariffs as a file…"))
        self.reread_button = QPushButton(_("Read the file again"))
        self.file_label = QLabel(_("No file chosen yet."))
        self.date = jalali_date_edit(next_new_year(dt.datetime.now(TEHRAN).date()))
        self.override = QCheckBox(_("Apply every row from this date (instead of the dates in the file)"))
        self.summary = QLabel()
        self.errors = QListWidget()
        self.model = PreviewModel(desk, self)
        self.table = QTableView()
        self.show_unchanged = QCheckBox(_("Also show services that do not change"))
        self.apply_button = QPushButton(_("Apply the tariff table"))
        self._build()
        self._connect()
        if not self.may(Action.CHANGE_TARIFFS):
            from ui.admin_common import refusal

            self.message.show_error(refusal(self.actor, Action.CHANGE_TARIFFS))

    def _build(self) -> None:
        self.summary.setWordWrap(True)
        self.file_label.setWordWrap(True)
        self.errors.setStyleSheet("color: #8a1c12;")
        self.errors.setMaximumHeight(160)
        self.errors.hide()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.guard(self.choose_button, Action.CHANGE_TARIFFS)
        self.guard(self.export_button, Action.VIEW_REPORTS)
        self.guard(self.reread_button, Action.CHANGE_TARIFFS)
        self.guard(self.apply_button, Action.CHANGE_TARIFFS)
        top = button_row(self.choose_button, self.reread_button, self.export_button)
        when = QHBoxLayout()
        when.addWidget(QLabel(_("Apply from")))
        when.addWidget(self.date)
        when.addWidget(self.override)
        when.addStretch(1)
        bottom = button_row(self.show_unchanged)
        bottom.addWidget(self.apply_button)
        title = QLabel(_("Tariff update"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        title.setObjectName(PAGE_TITLE)  # hidden in the window's page frame, which shows the title
        self.date.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(QLabel(_("Nothing is applied while any row is wrong, and sales already recorded keep "
                                  "their prices.")))
        layout.addWidget(self.message)
        layout.addLayout(top)
        layout.addWidget(self.file_label)
        layout.addLayout(when)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.choose_button.clicked.connect(self.choose)
        self.export_button.clicked.connect(self.export)
        self.reread_button.clicked.connect(self.reread)
        self.apply_button.clicked.connect(self.apply)
        self.override.toggled.connect(self._override_toggled)
        # Bound methods, not lambdas holding `self`: PySide can crash freeing such a cycle.
        self.date.dateChanged.connect(self._date_changed)
        self.show_unchanged.toggled.connect(self.model.set_show_unchanged)

    def _date_changed(self, *_args: object) -> None:
        if self.override.isChecked():
            self.refresh_preview()

    def _override_toggled(self, on: bool) -> None:
        self.date.setEnabled(on)
        self.refresh_preview()

    def can_press(self, button: object) -> bool:
        if button is self.reread_button:
            return self.source is not None
        return button is not self.apply_button or (self.current is not None and self.current.preview.ok)

    # --- dialogs (methods that tests replace) ------------------------------------------------

    def ask_file(self) -> str:
        return open_file(self, _("Choose the tariff file"), "", _("Tariff tables (*.csv *.xlsx)"))

    def ask_save_file(self) -> str:
        return save_file(self, _("Save the current tariffs"), "tariffs.csv", _("CSV files (*.csv)"))

    def ask_confirm(self, text: str) -> bool:
        return confirm(self, _("Tariff update"), text)

    # --- flow ----------------------------------------------------------------------------------

    def choose(self) -> None:
        chosen = self.ask_file()
        if chosen:
            self.load_file(Path(chosen))

    def load_file(self, source: Path) -> None:
        self.source = source
        self.file_label.setText(_("File: {path}", path=isolate_ltr(str(source))))
        self.refresh_preview(first=True)

    def reread(self) -> None:
        """After the spreadsheet was fixed and saved: the same file, read afresh."""
        self.refresh_preview()

    def chosen_day(self) -> dt.date | None:
        return date_of(self.date) if self.override.isChecked() else None

    def refresh_preview(self, first: bool = False) -> None:
        if self.source is None:
            return
        self.current = None
        self.refresh_buttons()
        db, source, folder, day = self.db, self.source, Path(self.workdir.name), self.chosen_day()
        self.message.show_info(_("Reading the tariff file…"))
        self.call(lambda: build_preview(db, source, folder, day), lambda p: self.show_preview(p, first))

    def show_preview(self, result: Preview, first: bool = False) -> None:
        if first and result.file_dates and not self.override.isChecked():
            set_date(self.date, min(result.file_dates))  # the file's own date, until the owner overrides it
        if first and result.undated and not self.override.isChecked():
            self.override.setChecked(True)  # previews again, with the chosen date in every row
            return
        self.current = result
        p = result.preview
        self.errors.clear()
        self.errors.addItems(p.errors)
        self.errors.setVisible(bool(p.errors))
        # With a bad row the comparison is not what would be applied (a bad row's service would look
        # discontinued): only the errors are shown until the file is fixed.
        self.model.set_lines(result.lines if p.ok else [])
        self.summary.setText(self._summary(result) if p.ok else
                             _("Fix the rows listed below in the spreadsheet, save it, then read the file again."))
        if p.ok:
            self.message.show_info(_("The file is correct. Check the changes below, then apply."))
        else:
            self.message.show_error(_("The file has {count} errors; nothing can be applied until they are fixed.",
                                      count=len(p.errors)))
        self.refresh_buttons()

    def _summary(self, result: Preview) -> str:
        p = result.preview
        text = _("{new} new services, {changed} changed, {gone} no longer offered, {same} unchanged.",
                 new=len(p.new_services), changed=len(p.changed), gone=len(p.discontinued), same=len(p.unchanged))
        dates = sorted({r.effective_from for r in p.rows})
        if dates:
            day = self.fmt.day
            text += " " + _("Applies from {day}.", day=day(dates[0]) if len(dates) == 1
                            else f"{day(dates[0])} … {day(dates[-1])}")
            if dates[0] < dt.datetime.now(TEHRAN).date():
                text += " " + _("That date is in the past: sales already recorded keep their prices.")
        if p.discontinued:
            text += " " + _("Services no longer offered disappear from the counter as soon as the table is applied.")
        return text

    def apply(self) -> None:
        current = self.current
        if current is None or not current.preview.ok:
            return
        p = current.preview
        if not self.ask_confirm(_("Apply the tariff table? {new} new services, {changed} changed, {gone} no longer "
                                  "offered.", new=len(p.new_services), changed=len(p.changed),
                                  gone=len(p.discontinued))):
            return
        db, actor, copy = self.db, self.actor, current.snapshot
        self.call(lambda: import_tariffs(db, actor, copy), self._applied)

    def _applied(self, preview: TariffPreview) -> None:
        self.current = None
        self.refresh_buttons()
        self.message.show_info(_("Tariffs applied: {new} new services, {changed} changed, {gone} no longer offered.",
                                 new=len(preview.new_services), changed=len(preview.changed),
                                 gone=len(preview.discontinued)))
        self.tariffs_applied.emit()

    def export(self) -> None:
        chosen = self.ask_save_file()
        if not chosen:
            return
        db, actor, path = self.db, self.actor, Path(chosen)
        self.call(lambda: export_tariffs(db, actor, path),
                  lambda count: self.message.show_info(_("{count} tariff rows written to {path}.", count=count,
                                                         path=isolate_ltr(str(path)))))


def tariffs_page(desk: Desk) -> AdminTariffImportScreen:
    """The page for the management menu."""
    return AdminTariffImportScreen(desk)
