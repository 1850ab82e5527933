"""Owner's reports (day, shift, period) as a Persian A4 PDF.

The report arrives computed (app.reports.document: every figure and totals row); this only lays
it out: right to left, Persian digits, amounts in the office's display unit, tables whose header
repeats on every page. Text is ordered and shaped by `printing.pdf.RtlText` (python-bidi levels +
HarfBuzz), with Vazirmatn embedded and a text layer that reads back as the Persian typed.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

import app.reports  # noqa: F401  (registers the reports' Persian strings)
from app.i18n import _
from app.jalali import format_instant
from app.money import format_amount
from app.reports.document import Cell, Kind, Report
from app.reports.document import Table as ReportTable
from app.text import to_persian_digits
from printing import rtl
from printing.pdf import RtlText, draw_line, fit_columns, register_fonts, text_width
from printing.receipt_document import persian_text

SIZE = 8.5
HEADING = 11.0
TITLE = 15.0
PAGE = A4
MARGIN = 1.5 * cm
FRAME_PADDING = 6  # platypus frames keep 6 pt inside the margins
GREY = colors.Color(0.92, 0.92, 0.92)
SHORT_TEXT = 1.6 * cm


def _cell(value: Cell, kind: Kind, unit: str) -> str:
    if kind == "money" and isinstance(value, int):
        return format_amount(value, unit)
    return to_persian_digits(str(value))


def _widths(table: ReportTable, cells: list[list[str]], width: float) -> list[float]:
    """Numbers and short codes keep their natural width; names share the rest, wrapping only
    between words (`printing.pdf.fit_columns`)."""
    columns = range(len(table.kinds))
    natural = [max(text_width(row[i], SIZE, bold=True) for row in cells) + 8 for i in columns]
    least = [max((text_width(word, SIZE, bold=True) for row in cells for word in rtl.tokens(row[i])), default=0.0) + 8
             for i in columns]
    rigid = [k != "text" or w < SHORT_TEXT for w, k in zip(natural, table.kinds, strict=True)]
    return fit_columns(natural, least, rigid, width)


def _table(table: ReportTable, unit: str, width: float) -> list[Flowable]:
    body = [[_cell(v, k, unit) for v, k in zip(row, table.kinds, strict=True)] for row in table.rows]
    totals = [_cell(v, k, unit) for v, k in zip(table.totals, table.kinds, strict=True)] if table.totals else None
    headers = [str(h) for h in table.headers]
    widths = _widths(table, [headers, *body, *([totals] if totals else [])], width)

    def row(cells: list[str], bold: bool = False) -> list[RtlText]:
        return [RtlText(c, SIZE, bold=bold, align="start" if k == "text" else "end", shrink=k != "text")
                for c, k in zip(cells, table.kinds, strict=True)]

    data: list[list[Any]] = [[RtlText(h, SIZE, bold=True, align="center") for h in headers]]
    data += [row(cells) for cells in body]
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), GREY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    if totals:
        data.append(row(totals, bold=True))
        style += [("BACKGROUND", (0, -1), (-1, -1), GREY), ("LINEABOVE", (0, -1), (-1, -1), 1.2, colors.black)]
    if not body:
        data.insert(1, [RtlText(_("Nothing in this period."), SIZE, align="center")] + [""] * (len(headers) - 1))
        style.append(("SPAN", (0, 1), (-1, 1)))
    # Tables are laid out left to right: the first (rightmost) column goes last.
    grid = Table([r[::-1] for r in data], colWidths=widths[::-1], repeatRows=1, hAlign="RIGHT")
    grid.setStyle(TableStyle(style))
    return [KeepTogether([RtlText(table.title, HEADING, bold=True), Spacer(1, 3)]), grid, Spacer(1, 10)]


def _summary(report: Report, width: float) -> Table:
    # Amounts shrink rather than split over two lines; words (a clerk's reason) wrap.
    rows = [[RtlText(_cell(value, kind, report.unit), 10, bold=kind == "money", align="end", shrink=kind != "text"),
             RtlText(label + ":", 10)] for label, value, kind in report.summary()]
    key_w = max(text_width(label + ":", 10) for label, _v, _k in report.summary()) + 12
    table = Table(rows, colWidths=[5.5 * cm, key_w], hAlign="RIGHT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
                               ("LINEBELOW", (0, 5), (-1, 5), 0.8, colors.black)]))
    return table


def _story(report: Report, width: float) -> list[Flowable]:
    unit = _("Toman") if report.unit == "toman" else _("Rial")
    story: list[Flowable] = [
        RtlText(persian_text(report.office_name), TITLE, bold=True, align="center"),
        RtlText(_("Office code: {code}", code=to_persian_digits(report.office_code)), SIZE, align="center"),
        RtlText(f"{report.title} — {report.period}", 12, bold=True, align="center"),
        RtlText(_("Prepared {when} by {name}; amounts in {unit}.", when=format_instant(report.generated_at),
                  name=report.generated_by, unit=unit), SIZE, align="center"),
        Spacer(1, 10), _summary(report, width), Spacer(1, 12)]
    for table in report.tables():
        story += _table(table, report.unit, width)
    return story


def _footer(report: Report) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        page = _("Page {page}", page=doc.page)  # (outside the f-string: the catalogue tool reads it there)
        text = f"{persian_text(report.office_name)} — {report.title} — {page}"
        draw_line(canvas, text, 8, doc.pagesize[0] / 2, MARGIN / 2, anchor="center")
        canvas.restoreState()

    return draw


def report_pdf(report: Report) -> bytes:
    register_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=f"{report.title} — {report.period}",
                            author="Pishkhan Desk", invariant=1)
    width = PAGE[0] - 2 * MARGIN - 2 * FRAME_PADDING
    doc.build(_story(report, width), onFirstPage=_footer(report), onLaterPages=_footer(report))
    return out.getvalue()


def write_report_pdf(report: Report, path: Path) -> None:
    Path(path).write_bytes(report_pdf(report))

