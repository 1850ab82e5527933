"""A4 PDFs with reportlab: the receipt document, and a generic Persian table report.

reportlab lays out pages and tables; it neither orders right-to-left text nor keeps a searchable
text layer for shaped Persian, so every line is wrapped in logical order (`printing.rtl`), put in
visual order and shaped by HarfBuzz (`printing.shaping`), and drawn through a font whose
ToUnicode map gives each glyph back its characters (`printing.pdf_font`): the page shows joined
letters, and copying or searching it gives «رسید» as typed, ZWNJ and all. Tables list their
columns right to left. Vazirmatn is embedded (subset) so the PDF looks the same on every computer.
"""
from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, HRFlowable, SimpleDocTemplate, Spacer, Table, TableStyle

from app.i18n import _
from app.paths import resources_dir
from app.text import to_persian_digits
from printing import rtl
from printing.pdf_font import ShapedFont
from printing.receipt_document import (
    Block,
    KeyValue,
    LineItems,
    Notice,
    QRCode,
    ReceiptDocument,
    Separator,
    Text,
    Title,
    Total,
    qr_matrix,
)
from printing.shaping import Glyph

FONT, BOLD = "Vazirmatn", "Vazirmatn-Bold"
SIZES = {"small": 8.5, "normal": 10.0, "large": 13.0}
TITLE_SIZE = 16.0
MARGIN = 1.5 * cm
LEADING = 1.55  # × font size: Persian needs room for dots and marks above and below
FRAME_PADDING = 6  # platypus frames keep 6 pt inside the margins

_fonts_lock = threading.Lock()
_fonts_ready = False


def register_fonts() -> None:
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        folder = resources_dir() / "fonts"
        pdfmetrics.registerFont(ShapedFont(FONT, str(folder / "Vazirmatn-Regular.ttf")))
        pdfmetrics.registerFont(ShapedFont(BOLD, str(folder / "Vazirmatn-Bold.ttf")))
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
        _fonts_ready = True


def _font(bold: bool) -> ShapedFont:
    register_fonts()
    return pdfmetrics.getFont(BOLD if bold else FONT)  # type: ignore[no-any-return]


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Drawn width of a logical string, as HarfBuzz shapes it."""
    return _font(bold).shaper.width(text, size)


def draw_line(canvas: Any, text: str, size: float, x: float, y: float, *, bold: bool = False,
              anchor: str = "right") -> None:
    """One logical line drawn shaped and in visual order; `x` is its right, centre or left edge.

    Glyphs that HarfBuzz moves off the pen (a shadda or hamza over its letter) are drawn at
    their own offset; runs of plain glyphs go out as one string.
    """
    font = _font(bold)
    glyphs = font.shaper.line(text)
    scale = size / font.shaper.upem
    width = sum(g.advance for g in glyphs) * scale
    pen = {"right": x - width, "center": x - width / 2}.get(anchor, x)
    canvas.setFont(font.fontName, size)
    start, plain = pen, list[Glyph]()
    for glyph in glyphs:
        if glyph.dx or glyph.dy:
            if plain:
                canvas.drawString(start, y, font.codes(plain))
                plain = []
            canvas.drawString(pen + glyph.dx * scale, y + glyph.dy * scale, font.codes([glyph]))
            pen += glyph.advance * scale
            start = pen
        else:
            plain.append(glyph)
            pen += glyph.advance * scale
    if plain:
        canvas.drawString(start, y, font.codes(plain))


class RtlText(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A right-to-left paragraph: wrapped in logical order, each line shaped and reordered.

    align: "start" (right), "center" or "end" (left). With `shrink`, a line too long for its cell
    is set smaller instead of wrapped: an amount split over two lines misreads.
    """

    def __init__(self, text: str, size: float = SIZES["normal"], *, bold: bool = False, align: str = "start",
                 shrink: bool = False) -> None:
        super().__init__()
        self.text, self.size, self.bold, self.align, self.shrink = text, size, bold, align, shrink
        self._lines: list[str] = []
        self._size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        size = self.size
        if self.shrink:
            while size > 6 and text_width(self.text, size, self.bold) > available_width:
                size -= 0.5
        self._size = size
        self._lines = rtl.wrap(self.text, available_width, lambda s: text_width(s, size, self.bold),
                               stretch=size / rtl.SMALLEST)
        self.width = available_width
        self.height = len(self._lines) * size * LEADING
        return self.width, self.height

    def draw(self) -> None:
        step = self._size * LEADING
        for i, line in enumerate(self._lines):
            # Baseline about a third of the leading above the line's bottom: room for descenders.
            y = self.height - (i + 1) * step + step * 0.36
            size = self._line_size(line)
            if self.align == "center":
                draw_line(self.canv, line, size, self.width / 2, y, bold=self.bold, anchor="center")
            elif self.align == "end":
                draw_line(self.canv, line, size, 0, y, bold=self.bold, anchor="left")
            else:
                draw_line(self.canv, line, size, self.width, y, bold=self.bold)

    def _line_size(self, line: str) -> float:
        """A single word wider than the column is set smaller rather than cut in two."""
        size = self._size
        while size > rtl.SMALLEST and text_width(line, size, self.bold) > self.width:
            size -= 0.5
        return size


class QRFlowable(Flowable):  # type: ignore[misc]
    """A QR code drawn as vector squares (sharp at any zoom and on any printer)."""

    def __init__(self, payload: str, side: float = 3.2 * cm) -> None:
        super().__init__()
        self.matrix = qr_matrix(payload)
        self.side = side
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.side, self.side

    def draw(self) -> None:
        n = len(self.matrix)
        module = self.side / n
        canvas = self.canv
        canvas.setFillColor(colors.black)
        for r, row in enumerate(self.matrix):
            c = 0
            while c < n:  # one rectangle per run of dark modules: a third of the drawing operations
                if not row[c]:
                    c += 1
                    continue
                start = c
                while c < n and row[c]:
                    c += 1
                canvas.rect(start * module, self.side - (r + 1) * module, (c - start) * module, module,
                            stroke=0, fill=1)


def _kv_table(rows: list[KeyValue], width: float) -> Table:
    """Key/value rows as a two-column table hugging the right margin: key at the right."""
    key_w = max(3.0 * cm, max(text_width(r.key + ":", SIZES[r.size], r.bold) + 16 + r.indent * 12 for r in rows))
    value_w = min(7.0 * cm, width - key_w)
    data = []
    style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 0.5),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]
    for i, row in enumerate(rows):
        size = SIZES[row.size]
        data.append([RtlText(row.value, size, bold=row.bold, align="end" if row.numeric else "start",
                             shrink=row.numeric),
                     RtlText(row.key + ":", size, bold=row.bold)])
        style.append(("RIGHTPADDING", (1, i), (1, i), 4 + row.indent * 12))
    table = Table(data, colWidths=[value_w, key_w], hAlign="RIGHT")
    table.setStyle(TableStyle(style))
    return table


def _line_items(block: LineItems, width: float) -> list[Flowable]:
    labels = block.labels
    amount_keys = [kv.key for kv in block.items[0].amounts] if block.items else []
    # Logical (right-to-left) order; reversed below because tables are laid out left to right.
    widths = [1.0 * cm, 0.0, 3.2 * cm] + [2.15 * cm] * len(amount_keys)
    widths[1] = width - sum(widths)
    header = [labels.number, labels.service, labels.tracking, *amount_keys]
    rows: list[list[Any]] = [[RtlText(h, SIZES["small"], bold=True, align="center") for h in header]]
    for item in block.items:
        service = item.service + (f" ({labels.quantity}: {item.quantity})" if item.quantity else "")
        rows.append([
            RtlText(item.number, SIZES["small"], align="center"),
            [RtlText(service, 9, bold=True), RtlText(item.agency, SIZES["small"])],
            RtlText(item.tracking, SIZES["small"], align="center"),
            *[RtlText(kv.value, 9, bold=kv.bold, align="end", shrink=True) for kv in item.amounts],
        ])
    table = Table([row[::-1] for row in rows], colWidths=widths[::-1], repeatRows=1)
    # Rules between rows only: no cell boxes or shaded header, which read badly on a copier (and
    # make OCR merge cells).
    table.setStyle(TableStyle([
        ("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 1.0, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [RtlText(block.heading, SIZES["normal"], bold=True), Spacer(1, 3), table]


def _notice(block: Notice, width: float) -> Table:
    cell: list[Flowable] = [RtlText(block.text, 16, bold=True, align="center")]
    if block.detail:
        cell.append(RtlText(block.detail, SIZES["normal"], align="center"))
    table = Table([[cell]], colWidths=[width * 0.6])
    # Room between the frame and the words: text touching a frame is misread (by people and OCR).
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                               ("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 10)]))
    return table


def _flowables(blocks: Sequence[Block], width: float) -> list[Flowable]:
    story: list[Flowable] = []
    pending: list[KeyValue] = []
    for block in [*blocks, None]:
        if isinstance(block, KeyValue):
            pending.append(block)
            continue
        if pending:
            story.append(_kv_table(pending, width))
            pending = []
        if block is None:
            break
        if isinstance(block, Title):
            story.append(RtlText(block.text, TITLE_SIZE, bold=True, align="center"))
        elif isinstance(block, Text):
            story.append(RtlText(block.text, SIZES[block.size], bold=block.bold, align=block.align))
        elif isinstance(block, Total):  # one phrase, set apart, as on the thermal receipt
            story += [Spacer(1, 4), RtlText(f"{block.key}: {block.value}", 14, bold=True, align="center")]
        elif isinstance(block, LineItems):
            story += _line_items(block, width)
        elif isinstance(block, Separator):
            story.append(HRFlowable(width="100%", thickness=1.2 if block.heavy else 0.5, color=colors.black,
                                    spaceBefore=4, spaceAfter=4, dash=None if block.heavy else [2, 2]))
        elif isinstance(block, QRCode):
            story += [Spacer(1, 4), QRFlowable(block.payload), Spacer(1, 2),
                      RtlText(block.caption, SIZES["small"], align="center")]
        elif isinstance(block, Notice):
            story += [_notice(block, width), Spacer(1, 4)]
        else:  # pragma: no cover - a new block type must be taught to every renderer
            raise TypeError(f"Unknown block {block!r}")
    return story


def _page_footer(label: str) -> Callable[[Any, Any], None]:
    def draw(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        text = _("Page {page}", page=doc.page)
        if label:
            text = f"{label} — {text}"
        draw_line(canvas, text, 8, doc.pagesize[0] / 2, MARGIN / 2, anchor="center")
        canvas.restoreState()

    return draw


def _build(story: list[Flowable], title: str, pagesize: tuple[float, float] = A4, footer: str = "") -> bytes:
    out = io.BytesIO()
    # invariant: no creation time or random id inside, so the same receipt gives the same bytes.
    doc = SimpleDocTemplate(out, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=title, author="Pishkhan Desk", invariant=1)
    doc.build(story, onFirstPage=_page_footer(footer), onLaterPages=_page_footer(footer))
    return out.getvalue()


def receipt_pdf(doc: ReceiptDocument, path: str | os.PathLike[str] | None = None) -> bytes:
    """The receipt on A4; also written to `path` when given."""
    register_fonts()
    width = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING
    data = _build(_flowables(doc.blocks, width), doc.title, footer=doc.title)
    if path is not None:
        Path(path).write_bytes(data)
    return data


_NUMERIC = set("0123456789۰۱۲۳۴۵۶۷۸۹٬٫,.-−+% /:")


def _is_numeric(cell: str) -> bool:
    return bool(cell) and any(ch.isdigit() for ch in cell) and all(ch in _NUMERIC for ch in cell)


def pdf_table_report(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
                     totals_row: Sequence[str] | None = None, *, subtitle: str = "",
                     landscape_page: bool | None = None,
                     path: str | os.PathLike[str] | None = None) -> bytes:
    """A Persian table report on A4: columns right to left, header repeated on every page.

    Cells arrive formatted (Persian digits, display unit) and totals arrive computed: this only
    lays them out. Numeric cells are left-aligned (on their last digit) and never wrapped.
    `landscape_page=None` turns the page when the columns need it.
    """
    register_fonts()
    size = 9.0
    columns = len(headers)
    cells = [[str(c) for c in row] for row in rows]
    totals = [str(c) for c in totals_row] if totals_row is not None else None
    everything = [list(headers), *cells, *([totals] if totals else [])]
    numeric = [all(_is_numeric(r[i]) or not r[i] for r in [*cells, *([totals] if totals else [])])
               and any(r[i] for r in cells) for i in range(columns)]
    natural = [max(text_width(r[i] if i < len(r) else "", size, bold=True) for r in everything) + 10
               for i in range(columns)]
    portrait_width = A4[0] - 2 * MARGIN
    if landscape_page is None:
        landscape_page = sum(natural) > portrait_width * 1.15
    pagesize = landscape(A4) if landscape_page else A4
    width = pagesize[0] - 2 * MARGIN - 2 * FRAME_PADDING
    # The widest word (or LTR code) of a column: narrower, and a code would be cut in two.
    least = [max((text_width(token, size, bold=True) for r in everything if i < len(r)
                  for token in rtl.tokens(r[i])), default=0.0) + 10 for i in range(columns)]
    widths = fit_columns(natural, least, numeric, width)

    def cell(text: str, i: int, bold: bool = False) -> RtlText:
        return RtlText(to_persian_digits(text) if numeric[i] else text, size, bold=bold,
                       align="end" if numeric[i] else "start", shrink=numeric[i])

    data = [[RtlText(h, size, bold=True, align="center") for h in headers]]
    data += [[cell(row[i] if i < len(row) else "", i) for i in range(columns)] for row in cells]
    if totals:
        data.append([cell(totals[i] if i < len(totals) else "", i, bold=True) for i in range(columns)])
    # Horizontal rules only, as on the receipt: boxed or shaded cells photocopy badly.
    style = [
        ("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 1.0, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if totals:
        style += [("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black),
                  ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black)]
    table = Table([row[::-1] for row in data], colWidths=widths[::-1], repeatRows=1)
    table.setStyle(TableStyle(style))
    story: list[Flowable] = [RtlText(title, TITLE_SIZE, bold=True, align="center")]
    if subtitle:
        story.append(RtlText(subtitle, SIZES["normal"], align="center"))
    story += [Spacer(1, 8), table]
    data_bytes = _build(story, title, pagesize=pagesize, footer=title)
    if path is not None:
        Path(path).write_bytes(data_bytes)
    return data_bytes


def fit_columns(natural: list[float], least: list[float], rigid: list[bool], width: float) -> list[float]:
    """Column widths filling `width`.

    Rigid columns (numbers, short codes) keep their natural width. Text columns share what is
    left fairly: a column that needs less than an equal share keeps its natural width, the others
    get one common width, and none goes below its widest word, so a long service name wraps over
    more lines instead of squeezing the agency beside it into one syllable a line («ساز/مان»).
    Only when even the widest words do not fit does everything shrink alike (and a word too wide
    for its cell is then set smaller, never cut).
    """
    total = sum(natural)
    if total <= width:
        return [w * width / total for w in natural]
    least = [min(lo, w) for lo, w in zip(least, natural, strict=True)]
    room = width - sum(w for w, r in zip(natural, rigid, strict=True) if r)
    text = [i for i, r in enumerate(rigid) if not r]
    if room < sum(least[i] for i in text):
        return [w * width / total for w in natural]

    def filled(level: float) -> float:
        return sum(min(natural[i], max(least[i], level)) for i in text)

    low, high = 0.0, max((natural[i] for i in text), default=0.0)
    for _step in range(50):  # the common width, by bisection: filled() grows with the level
        middle = (low + high) / 2
        low, high = (middle, high) if filled(middle) <= room else (low, middle)
    widths = [w if r else min(w, max(lo, low)) for w, lo, r in zip(natural, least, rigid, strict=True)]
    spare = width - sum(widths)
    return [w + spare * w / sum(widths) for w in widths]  # rounding slack, spread alike
