"""Report files: CSV (one row per service) and XLSX (numbers as numbers, Persian headers,
right-to-left sheets, totals rows).

The CSV comes in two forms. The owner's (the default) is for Excel on Windows: UTF-8 with a byte
order mark (without it Excel reads the Persian as the ANSI code page), a first line naming the
office, its code, the report and its period, Persian column headers and a totals row. The machine
form (`--machine`) is the stable format for scripts: no BOM, no title line, the English header
`code,service,agency,count,agency_fee,office_fee,vat,total`, one row per service and nothing else.
Amounts are Rials as plain integers in both, so Excel sums them. The PDF comes from
`printing.report_pdf`, handed in by the caller (app/ does not import printing).

Files are written whole under a temporary name and then renamed: a cancelled or failed export
leaves nothing behind, and an earlier file of the same name stays intact until the new one is done.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.db import Database
from app.errors import UserError
from app.i18n import _
from app.jalali import format_instant
from app.reports.access import Cancel, Progress, check_cancel
from app.reports.document import MONEY_HEADERS, Report, ReportSpec, Table, build_report, display_digits, tax_table
from app.reports.figures import Figures
from app.reports.tax import TaxYear
from app.services.common import Actor

CSV_HEADER = ("code", "service", "agency", "count", "agency_fee", "office_fee", "vat", "total")
FORMATS = ("csv", "xlsx", "pdf")
MONEY_FORMAT = "#,##0"
PdfWriter = Callable[[Report, Path], None]


@contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError("The folder {path} does not exist.", path=str(path.parent))
    tmp = path.with_name(path.name + ".part")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def csv_rows(figures: Figures) -> list[tuple[str, str, str, int, int, int, int, int]]:
    """One row per service with any sale or void in the scope, net of voids, in Rials."""
    return [(b.key, b.label, b.group, b.net_count, b.agency, b.office, b.vat, b.total) for b in figures.by_service]


def write_csv(report: Report, path: Path, *, machine: bool = False) -> Path:
    """The report's services as CSV: the owner's form for Excel, or the machine form for scripts."""
    rows = csv_rows(report.figures)
    # Excel on Windows takes UTF-8 only with a BOM; scripts want none (a BOM glues onto "code").
    with _atomic(path) as tmp, open(tmp, "w", newline="", encoding="utf-8" if machine else "utf-8-sig") as fh:
        writer = csv.writer(fh)
        if machine:
            writer.writerow(CSV_HEADER)
            writer.writerows(rows)
        else:
            writer.writerow(csv_title(report))
            writer.writerow([_("Code"), _("Service"), _("Agency"), _("Count"), *map(_, MONEY_HEADERS)])
            writer.writerows(rows)
            writer.writerow([_("Total"), "", "", *(sum(int(r[i]) for r in rows) for i in range(3, 8))])
    return Path(path)


def csv_title(report: Report) -> list[str]:
    """The owner's CSV first line: office and its code, the report, its period, the unit."""
    return [display_digits(report.office_name), _("Office code: {code}", code=display_digits(report.office_code)),
            f"{report.title} — {report.period}", _("Amounts in Rials")]


def write_xlsx(report: Report, path: Path) -> Path:
    from openpyxl import Workbook  # only exports need it

    book = Workbook()
    summary = book.active
    assert summary is not None
    _summary_sheet(summary, report)
    for table in report.tables():
        _table_sheet(book.create_sheet(_sheet_title(table.title)), table)
    with _atomic(path) as tmp:
        book.save(tmp)
    return Path(path)


def write_tax_xlsx(tax: TaxYear, office_name: str, path: Path) -> Path:
    """The tax view of a Jalali year for the accountant: one right-to-left sheet, Rials as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    assert ws is not None
    table = tax_table(tax)
    ws.title = _sheet_title(table.title)
    _table_sheet(ws, table)
    ws.insert_rows(1, 2)
    ws["A1"] = f"{office_name} — {table.title}"
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = _("Amounts in Rials")
    ws.freeze_panes = "A4"
    with _atomic(path) as tmp:
        book.save(tmp)
    return Path(path)


def _sheet_title(title: str) -> str:
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]


def _summary_sheet(ws: Any, report: Report) -> None:
    from openpyxl.styles import Font

    ws.title = _sheet_title(_("Summary"))
    ws.sheet_view.rightToLeft = True
    lines: list[tuple[str, object]] = [
        (report.title, report.period), (_("Office"), f"{report.office_name} ({display_digits(report.office_code)})"),
        (_("Prepared"), f"{format_instant(report.generated_at)} — {report.generated_by}"),
        (_("Amounts in Rials"), ""), ("", "")]
    lines += [(label, value) for label, value, _kind in report.summary()]
    for label, value in lines:
        ws.append([label, value])
        cell = ws.cell(row=ws.max_row, column=2)
        if isinstance(value, int):
            cell.number_format = MONEY_FORMAT
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 40


def _table_sheet(ws: Any, table: Table) -> None:
    from openpyxl.styles import Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ws.sheet_view.rightToLeft = True
    ws.append(list(table.headers))
    for row in table.rows:
        ws.append(list(row))
    if table.totals is not None:
        ws.append(list(table.totals))
    grey = PatternFill("solid", fgColor="E8E8E8")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = grey
    if table.totals is not None:
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
            cell.fill = grey
            cell.border = Border(top=Side(style="thin"))
    for i, kind in enumerate(table.kinds, start=1):
        letter = get_column_letter(i)
        if kind != "text":
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = MONEY_FORMAT
        width = max([len(str(table.headers[i - 1]))] + [len(f"{r[i - 1]:,}" if isinstance(r[i - 1], int)
                                                             else str(r[i - 1])) for r in table.rows[:500]])
        ws.column_dimensions[letter].width = min(max(10, width + 3), 60)
    ws.freeze_panes = "A2"


def export_report(db: Database, actor: Actor, spec: ReportSpec, fmt: str, path: Path, *,
                  pdf_writer: PdfWriter | None = None, progress: Progress | None = None,
                  cancel: Cancel | None = None, at: dt.datetime | None = None, machine: bool = False) -> Report:
    """Compute the report and write it as `fmt` to `path` (owner and managers only).

    Progress counts the months computed and then the file written; a cancel between them leaves
    no file. `machine` asks for the scripts' CSV (and is refused with any other format).
    """
    if fmt not in FORMATS:
        raise UserError("Unknown report format: {value}", value=fmt)
    if machine and fmt != "csv":
        raise UserError("The machine form exists for CSV only.")
    if fmt == "pdf" and pdf_writer is None:
        raise UserError("PDF export is not available here.")
    steps: list[int] = [1]

    def computed(done: int, total: int) -> None:
        steps[0] = total + 1
        if progress is not None:
            progress(done, total + 1)

    report = build_report(db, actor, spec, progress=computed, cancel=cancel, at=at)
    check_cancel(cancel)
    if fmt == "csv":
        write_csv(report, path, machine=machine)
    elif fmt == "xlsx":
        write_xlsx(report, path)
    else:
        assert pdf_writer is not None
        with _atomic(path) as tmp:
            pdf_writer(report, tmp)
    if progress is not None:
        progress(steps[0], steps[0])
    return report
