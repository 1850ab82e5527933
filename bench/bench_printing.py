"""Receipt and report speed: the 80 mm thermal receipt signed, rendered and ESC/POS-encoded, the A4 PDF
receipt, and the owner's month and year report PDFs, each beside a floor measured in the same run.

Floors (the same output at its cheapest):
- 80 mm: a bare QPainter drawing every string the receipt prints (one drawText each, at its line,
  Qt's own shaping, no layout, wrapping or bidi isolation, no QR) into a 576-dot QImage as tall as
  the receipt, plus the same ESC/POS encoder on an image of that size.
- PDF: reportlab writing the same page size with Vazirmatn embedded (subset) and every line of
  the document drawn as one plain string at its place: the PDF writing, font subsetting and text
  volume, without bidi ordering, HarfBuzz shaping, wrapping or table layout.
Measured and floor run alternately (bench.common.paired); each figure is reported warm (median) and
for the first call in the process (font files read, HarfBuzz faces built, no shaped line cached yet).
Targets: 80 mm ≤ 30 ms, A4 receipt ≤ 100 ms (medians). The month and year reports have no target:
they are exported on request, off the GUI thread.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench.common import pair_metric, paired


def _thermal_floor(height: int, lines: list[str]) -> Callable[[], None]:
    from PIL import Image
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from printing.thermal import ensure_qt, to_escpos

    font = QFont(ensure_qt())
    font.setPixelSize(23)
    blank = Image.new("1", (576, height), 1)  # encoded by the same to_escpos as the receipt
    step = max(1, height // max(1, len(lines)))

    def bare() -> None:
        image = QImage(576, height, QImage.Format.Format_Grayscale8)
        image.fill(255)
        painter = QPainter(image)
        painter.setFont(font)
        painter.setPen(QColor(0, 0, 0))
        for i, line in enumerate(lines):
            painter.drawText(QPointF(8, 24 + i * step), line)
        painter.end()
        to_escpos(blank)

    return bare


def _plain_pdf(lines: list[str], pages: int = 1) -> Callable[[], bytes]:
    """The floor: the same strings drawn unshaped with the same embedded font, ~60 lines a page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from app.paths import resources_dir

    if "FloorVazirmatn" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("FloorVazirmatn", str(resources_dir() / "fonts" / "Vazirmatn-Regular.ttf")))
    per_page = max(1, -(-len(lines) // pages))

    def bare() -> bytes:
        out = io.BytesIO()
        page = canvas.Canvas(out, pagesize=A4, invariant=1)
        for i, line in enumerate(lines):
            if i and i % per_page == 0:
                page.showPage()
            page.setFont("FloorVazirmatn", 9)
            page.drawRightString(550, 800 - (i % per_page) * 12, line)
        page.save()
        return out.getvalue()

    return bare


def _receipt_lines(doc: Any) -> list[str]:
    """Every string the receipt prints, one per line (the line items' cells each on their own)."""
    from printing.receipt_document import KeyValue, LineItems, Notice, QRCode, Text, Title, Total

    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Title | Text):
            lines.append(block.text)
        elif isinstance(block, KeyValue):
            lines += [block.key, block.value]
        elif isinstance(block, Total):
            lines.append(f"{block.key}: {block.value}")
        elif isinstance(block, Notice):
            lines += [block.text, block.detail]
        elif isinstance(block, QRCode):
            lines.append(block.caption)
        elif isinstance(block, LineItems):
            lines.append(block.heading)
            for item in block.items:
                lines += [item.number, item.service, item.agency, item.tracking, *(kv.value for kv in item.amounts)]
    return [line for line in lines if line]


def _report_lines(report: Any) -> list[str]:
    lines = [report.office_name, report.title, report.period]
    lines += [f"{label}: {value}" for label, value, _kind in report.summary()]
    for table in report.tables():
        lines.append(table.title)
        lines += [" ".join(map(str, row)) for row in (table.headers, *table.rows)]
    return lines


def _first_call_ms(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def sample_report(kind: str) -> Any:
    """A month or a year of the demo office's catalogue, every service sold (reproducible: no RNG)."""
    from app.jalali import format_jalali
    from app.paths import resources_dir
    from app.payment_methods import METHODS, method_label
    from app.reports.document import Report
    from app.reports.figures import Breakdown, DayLine, Figures, MonthLine, PaymentLine
    from app.services.totals import Totals

    with open(resources_dir() / "demo_catalogue.json", encoding="utf-8") as fh:
        catalogue = json.load(fh)
    agencies = dict(catalogue["agencies"])
    days = 31 if kind == "month" else 365
    first = dt.date(2025, 3, 21)
    services = tuple(Breakdown(code, name, 40 * days % 97 + i, i % 3, fee * 3, office * 40, office * 4,
                               fee * 3 + office * 44, agencies[agency])
                     for i, (code, agency, name, fee, office, _var) in enumerate(catalogue["services"]))
    by_agency = tuple(Breakdown(code, name, 100, 1, 1, 1, 1, 3) for code, name in catalogue["agencies"])
    clerks = tuple(Breakdown(f"clerk{i}", name, 3000, 12, 1, 1, 1, 3)
                   for i, name in enumerate(("زهرا کریمی", "محمدحسین رضایی", "علی‌اکبر محمدی")))
    day_totals = Totals(180, 2, 12_500_000, 63_000_000, 6_300_000, 81_800_000)
    by_day = tuple(DayLine(first + dt.timedelta(days=d), day_totals) for d in range(days))
    months = 1 if kind == "month" else 12
    by_month = tuple(MonthLine(1404, m, f"ماه {m}", first, first, day_totals) for m in range(1, months + 1))
    totals = sum((d.totals for d in by_day), Totals())
    methods = tuple(PaymentLine(m, method_label(m), 1000, 3, 1) for m in METHODS)
    figures = Figures(first, by_day[-1].day, totals, clerks, (), methods, by_agency, services, by_day, by_month)
    period = f"{format_jalali(first)} — {format_jalali(by_day[-1].day)}"
    office = catalogue["office"]
    return Report("period", "گزارش دوره", period, office["name"], office["code"], "rial",
                  dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC), "مدیر دفتر", figures)


def metrics() -> Iterator[dict[str, Any]]:
    from app import i18n
    from app.services.receipts import seal
    from printing.pdf import receipt_pdf
    from printing.receipt_document import build_receipt
    from printing.report_pdf import report_pdf
    from printing.samples import SAMPLE_KEY, sample_receipt
    from printing.thermal import ensure_qt, render_thermal, to_escpos

    i18n.set_language("fa")
    i18n.load_catalogues("printing")  # as `pishkhan print` does
    data = sample_receipt(lines=3)  # a usual visit: three services, card and cash
    doc = build_receipt(seal(data, SAMPLE_KEY))
    first_a4 = _first_call_ms(lambda: receipt_pdf(doc))  # before anything else registers the fonts

    ensure_qt()
    image = render_thermal(doc, 576)
    # Every printed receipt is signed (its QR), so signing is part of the measured work.
    a, b = paired(lambda: to_escpos(render_thermal(build_receipt(seal(data, SAMPLE_KEY)), 576)),
                  _thermal_floor(image.height, _receipt_lines(doc)), runs=30)
    signing = paired(lambda: seal(data, SAMPLE_KEY), lambda: None, runs=50)[0]
    yield pair_metric("receipt_80mm_render_encode_ms", a, b, target=30, height_px=image.height, sign_ms=signing.p50)

    pdf = receipt_pdf(doc)
    floor = _plain_pdf(_receipt_lines(doc))
    a, b = paired(lambda: receipt_pdf(build_receipt(seal(data, SAMPLE_KEY))), floor, runs=30)
    yield pair_metric("receipt_a4_pdf_ms", a, b, target=100, process_first_call_ms=round(first_a4, 3), bytes=len(pdf),
                      floor_bytes=len(floor()))

    for kind, runs in (("month", 7), ("year", 3)):
        report = sample_report(kind)
        start = time.perf_counter()
        pdf = report_pdf(report)  # this report's lines not yet shaped
        first = (time.perf_counter() - start) * 1000
        pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")
        floor = _plain_pdf(_report_lines(report), pages=max(1, pages))
        a, b = paired(lambda report=report: report_pdf(report), floor, runs=runs, warmup=1)
        yield pair_metric(f"report_{kind}_pdf_ms", a, b, process_first_call_ms=first, pages=pages, bytes=len(pdf),
                          rows=sum(len(t.rows) for t in report.tables()))

if __name__ == "__main__":
    from bench.common import emit

    for row in metrics():
        emit(row)
