"""Thermal receipts: the document drawn by Qt's text engine into a 1-bit image, then ESC/POS bytes.

Why Qt: ESC/POS code pages have no Persian letters, so the receipt travels as a bitmap; Qt shapes
and orders Persian itself (no fribidi to ship on Windows) and the same code draws the on-screen
preview. Layout is two passes: measure every block into drawing operations at known heights, then
paint them into an image exactly as tall as needed, so nothing is clipped.
"""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PIL import Image
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QImage, QPainter, QPen, QTextLayout, QTextOption

from app.paths import resources_dir
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

# Printable widths in dots at 203 dpi. 80 mm printers print 72 mm (576 dots) or, on some models, 64 mm.
PAPER_WIDTHS = {80: 576, 58: 384}
WIDTH_80_NARROW = 512

# Pixel sizes are physical sizes at 203 dpi (23 px ≈ 2.9 mm), the same on every paper width.
FONT_PX = {"small": 20, "normal": 23, "large": 29}
TITLE_PX = 32
MARGIN = 6  # dots kept blank on each side: some printers lose a few at the edges
KV_GAP = 14  # minimum space between a key and its value
INDENT = 18
BLOCK_GAP = 3
THRESHOLD = 150  # grey levels below this print black; keeps antialiased strokes solid
BAND = 960  # rows per GS v 0 command: python-escpos's default, within every printer's buffer

_qt_lock = threading.Lock()
_qt_app: QCoreApplication | None = None  # kept referenced so it is not garbage-collected
_family: str | None = None

Op = Callable[[QPainter], None]


def protect_none() -> None:
    """Work around PySide6 6.12 on CPython 3.11 dropping a reference to None on every void call.

    Measured here: each QPainter.setPen, QTextLayout.draw, QPointF.setX... lowers
    sys.getrefcount(None) by one. On 3.12+ None is immortal and nothing happens; on 3.11 one
    receipt costs ~1500 references and the interpreter aborts ("none_dealloc: deallocating None")
    at exit or mid-run. When the leak is detected, give None a balance no run can exhaust.
    """
    if sys.version_info >= (3, 12):
        return
    from PySide6.QtCore import QPointF as _Probe

    probe = _Probe()
    before = sys.getrefcount(None)
    for _i in range(8):
        probe.setX(0.0)
    if sys.getrefcount(None) < before:
        import ctypes

        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


def ensure_qt() -> str:
    """Make sure a GUI application exists and Vazirmatn is loaded; return the font family.

    The receipt command and tests run without a window; Qt's text engine still needs a
    QGuiApplication. A QApplication is created (not a bare QGuiApplication) so that widgets made
    later in the same process keep working.
    """
    global _qt_app, _family
    with _qt_lock:
        if _family is not None:
            return _family
        protect_none()
        app = QCoreApplication.instance()
        if app is None:
            if threading.current_thread() is not threading.main_thread():
                raise RuntimeError("Qt must be started on the main thread before rendering receipts elsewhere")
            if sys.platform.startswith("linux") and not (
                os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
            ):
                os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a headless machine: draw without a screen
            from PySide6.QtWidgets import QApplication

            _qt_app = QApplication(sys.argv[:1])
        elif not hasattr(app, "primaryScreen"):
            raise RuntimeError("Receipts need a QGuiApplication, not a QCoreApplication")
        fonts = resources_dir() / "fonts"
        families: list[str] = []
        for name in ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf"):
            font_id = QFontDatabase.addApplicationFont(str(fonts / name))
            if font_id < 0:
                raise RuntimeError(f"Cannot load font {fonts / name}")
            families += QFontDatabase.applicationFontFamilies(font_id)
        _family = families[0]
        return _family


_font_cache: dict[tuple[int, bool], QFont] = {}


def _font(px: int, bold: bool = False) -> QFont:
    key = (px, bold)
    font = _font_cache.get(key)
    if font is None:
        font = QFont(ensure_qt())
        font.setPixelSize(px)
        font.setBold(bold)
        # Hinting off: glyph shapes then match between preview and paper at any size.
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        _font_cache[key] = font
    return font


_ALIGN = {
    # AlignAbsolute: without it an RTL layout mirrors AlignRight to the left (measured, DESIGN.md).
    "start": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute,
    "end": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute,
    "center": Qt.AlignmentFlag.AlignHCenter,
}


def _layout(text: str, font: QFont, width: float, align: str) -> tuple[QTextLayout, float]:
    """Wrap `text` into lines of at most `width` dots; return the layout and its height."""
    option = QTextOption(_ALIGN[align])
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    # Words first; a single run longer than the paper (a long code) breaks anywhere rather than clip.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout = QTextLayout(text, font)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, height))
        height += line.height()
    layout.endLayout()
    return layout, height


@dataclass
class _Page:
    """The measuring pass: blocks become drawing operations stacked at growing `y`."""

    width: int
    y: float = 0.0

    def __post_init__(self) -> None:
        self.ops: list[Op] = []
        self.inner = self.width - 2 * MARGIN

    def text(self, text: str, px: int, bold: bool = False, align: str = "start", indent: int = 0) -> None:
        if not text:
            return
        layout, height = _layout(text, _font(px, bold), self.inner - indent, align)
        at = QPointF(MARGIN, self.y)  # the indent is on the right (start) side of RTL text
        def draw(p: QPainter) -> None:
            layout.draw(p, at)

        self.ops.append(draw)
        self.y += height + BLOCK_GAP

    def key_value(self, row: KeyValue) -> None:
        font = _font(FONT_PX[row.size], row.bold)
        indent = row.indent * INDENT
        width = self.inner - indent
        metrics = QFontMetricsF(font)
        key_w = metrics.horizontalAdvance(row.key) + 2
        value_w = metrics.horizontalAdvance(row.value) + 2
        if key_w + KV_GAP + value_w <= width or value_w <= width * 0.6:
            # Side by side: key at the right, value at the left; a long key wraps in what is left.
            key_layout, key_h = _layout(row.key, font, min(key_w, width - value_w - KV_GAP), "start")
            value_layout, value_h = _layout(row.value, font, value_w, "end")
            key_at = QPointF(MARGIN + width - min(key_w, width - value_w - KV_GAP), self.y)
            value_at = QPointF(MARGIN, self.y)
            height = max(key_h, value_h)
        else:
            # A value too long to share the line: key on one line, value wrapped below it.
            key_layout, key_h = _layout(row.key, font, width, "start")
            value_layout, value_h = _layout(row.value, font, width, "end")
            key_at = QPointF(MARGIN, self.y)
            value_at = QPointF(MARGIN, self.y + key_h)
            height = key_h + value_h

        def draw(p: QPainter) -> None:
            key_layout.draw(p, key_at)
            value_layout.draw(p, value_at)

        self.ops.append(draw)
        self.y += height + BLOCK_GAP

    def separator(self, heavy: bool) -> None:
        self.y += 6
        y = self.y
        pen = QPen(QColor(0, 0, 0), 3 if heavy else 2, Qt.PenStyle.SolidLine if heavy else Qt.PenStyle.DashLine)
        right = self.width - MARGIN

        def draw(p: QPainter) -> None:
            p.setPen(pen)
            p.drawLine(QPointF(MARGIN, y), QPointF(right, y))

        self.ops.append(draw)
        self.y += 8

    def notice(self, block: Notice) -> None:
        pad, border = 8, 3
        width = self.inner - 2 * (pad + border)
        title, title_h = _layout(block.text, _font(TITLE_PX, True), width, "center")
        detail, detail_h = _layout(block.detail, _font(FONT_PX["normal"]), width, "center") if block.detail else (None, 0.0)
        top = self.y
        height = title_h + detail_h + 2 * (pad + border)
        inside = QPointF(MARGIN + pad + border, top + pad + border)

        def draw(p: QPainter) -> None:
            p.setPen(QPen(QColor(0, 0, 0), border))
            p.setBrush(Qt.BrushStyle.NoBrush)
            half = border / 2
            p.drawRect(QRectF(MARGIN + half, top + half, self.inner - border, height - border))
            title.draw(p, inside)
            if detail is not None:
                detail.draw(p, inside + QPointF(0, title_h))

        self.ops.append(draw)
        self.y += height + BLOCK_GAP + 4

    def qr(self, block: QRCode) -> None:
        matrix = qr_matrix(block.payload)
        n = len(matrix)
        # Whole dots per module (a blurred module does not scan), up to 5 within a bit over half the
        # paper: a signed code is version 6 (41 modules), 5 dots = 0.63 mm a module, 26 mm square on
        # 80 and 58 mm paper alike, which phone cameras read at a hand's distance.
        module = max(3, min(5, int(self.width * 0.55) // n))
        self.qr_module, self.qr_modules = module, n
        size = n * module
        left = (self.width - size) // 2
        top = int(self.y) + 2 * module  # quiet zone above; the sides are blank paper anyway

        def draw(p: QPainter) -> None:
            black = QColor(0, 0, 0)
            for r, row in enumerate(matrix):
                for c, dark in enumerate(row):
                    if dark:
                        p.fillRect(left + c * module, top + r * module, module, module, black)

        self.ops.append(draw)
        self.y = top + size + 2 * module
        self.text(block.caption, FONT_PX["small"], align="center")

    def line_items(self, block: LineItems) -> None:
        self.text(block.heading, FONT_PX["normal"], bold=True)
        for item in block.items:
            title = f"{item.number}. {item.service}"
            if item.quantity:
                title += f" ({block.labels.quantity}: {item.quantity})"
            self.y += 2
            self.text(title, FONT_PX["normal"], bold=True)
            self.text(item.agency, FONT_PX["small"], indent=INDENT)
            if item.tracking:
                self.key_value(KeyValue(block.labels.tracking, item.tracking, indent=1))
            for row in item.amounts:
                self.key_value(row)


def _measure(doc: ReceiptDocument, width: int) -> _Page:
    page = _Page(width)
    page.y = 8
    for block in doc.blocks:
        _add(page, block)
    page.y += 16  # blank paper before the cut
    return page


def _add(page: _Page, block: Block) -> None:
    if isinstance(block, Title):
        page.text(block.text, TITLE_PX, bold=True, align="center")
    elif isinstance(block, Text):
        page.text(block.text, FONT_PX[block.size], bold=block.bold, align=block.align)
    elif isinstance(block, KeyValue):
        page.key_value(block)
    elif isinstance(block, Total):
        page.y += 4
        page.text(f"{block.key}: {block.value}", FONT_PX["large"], bold=True, align="center")
        page.y += 2
    elif isinstance(block, LineItems):
        page.line_items(block)
    elif isinstance(block, Separator):
        page.separator(block.heavy)
    elif isinstance(block, QRCode):
        page.qr(block)
    elif isinstance(block, Notice):
        page.notice(block)
    else:  # pragma: no cover - a new block type must be taught to every renderer
        raise TypeError(f"Unknown block {block!r}")


def render_qimage(doc: ReceiptDocument, width_px: int = 576) -> QImage:
    """The receipt as a greyscale image `width_px` dots wide (also the on-screen preview)."""
    ensure_qt()
    page = _measure(doc, width_px)
    image = QImage(width_px, max(1, int(page.y + 0.999)), QImage.Format.Format_Grayscale8)
    image.fill(255)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setPen(QColor(0, 0, 0))
        for op in page.ops:
            op(painter)
    finally:
        painter.end()
    return image


_LUT = [255 if v >= THRESHOLD else 0 for v in range(256)]


def qimage_to_bitmap(image: QImage) -> Image.Image:
    """Greyscale QImage -> Pillow "1" image (0 = black dot)."""
    width, height = image.width(), image.height()
    data = bytes(image.constBits())  # rows are padded to 4 bytes: bytesPerLine says how much
    grey = Image.frombuffer("L", (width, height), data, "raw", "L", image.bytesPerLine(), 1)
    return grey.point(_LUT, "1")


def render_thermal(doc: ReceiptDocument, width_px: int = 576) -> Image.Image:
    """The receipt as a 1-bit Pillow image exactly `width_px` dots wide."""
    return qimage_to_bitmap(render_qimage(doc, width_px))


def _dummy(width_px: int) -> Any:
    from escpos.printer import Dummy

    printer = Dummy()
    # The default profile knows no paper width; give this instance one so python-escpos refuses
    # an image wider than the paper (ImageWidthError) instead of printing it garbled.
    data = dict(printer.profile.profile_data)
    data["media"] = {"dpi": 203, "width": {"mm": "Unknown", "pixels": width_px}}
    printer.profile.profile_data = data
    return printer


_INVERT = bytes(255 - b for b in range(256))


def _raster(printer: Any, band: Image.Image) -> None:
    """One GS v 0 command: bit for bit what `printer.image(band)` sends (a test compares them).

    python-escpos gets there through five whole-image conversions (RGBA, paste, L, invert, 1)
    that take longer than drawing the receipt; a 1-bit image already is the raster, inverted
    (Pillow: bit 1 = white; ESC/POS: bit 1 = burn a dot).
    """
    if band.width % 8:  # rows are sent in whole bytes: pad with white, not with burnt dots
        padded = Image.new("1", (band.width + 8 - band.width % 8, band.height), 1)
        padded.paste(band, (0, 0))
        band = padded
    header = b"\x1dv0\x00" + printer._int_low_high(band.width // 8, 2) + printer._int_low_high(band.height, 2)
    printer._raw(header + band.tobytes().translate(_INVERT))


def to_escpos(image: Image.Image, *, cut: bool = True, kick_drawer: bool = False, copies: int = 1,
              paper_px: int | None = None) -> bytes:
    """ESC/POS bytes: initialise, the drawer kick if asked, then per copy the raster image (GS v 0,
    in bands of 960 rows) and the cut.

    The drawer opens once, first, so the clerk can make change while the receipt prints. With
    `paper_px`, an image wider than the paper is refused (ImageWidthError) rather than garbled.
    """
    from escpos.exceptions import ImageWidthError

    if paper_px is not None and image.width > paper_px:
        raise ImageWidthError(f"{image.width} > {paper_px}")
    image = image if image.mode == "1" else image.convert("1")
    printer = _dummy(image.width)
    printer.hw("INIT")
    if kick_drawer:
        printer.cashdraw(2)
    bands = [image.crop((0, top, image.width, min(top + BAND, image.height))) for top in range(0, image.height, BAND)]
    for _copy in range(max(1, copies)):
        for band in bands:
            _raster(printer, band)
        if cut:
            printer.cut()
        else:
            printer.print_and_feed(4)
    return bytes(printer.output)

