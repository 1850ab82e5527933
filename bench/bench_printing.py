"""Receipt speed: an 80 mm thermal receipt signed, rendered and ESC/POS-encoded, and the A4 PDF receipt,
each beside a raw floor measured in the same run. (Signing the QR's essentials with Ed25519 is part
of every printed receipt since issue 12; it is timed on its own too.)

Floors: a bare QPainter drawing one line of text into a 576-dot QImage as tall as the receipt, plus
python-escpos encoding a blank image of that size; a reportlab canvas with one Latin line.
Targets: 80 mm ≤ 30 ms, A4 ≤ 100 ms (medians).
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from bench.common import median_ms, metric


def _thermal_floor(height: int) -> float:
    from PIL import Image
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from printing.thermal import ensure_qt, to_escpos

    font = QFont(ensure_qt())
    font.setPixelSize(23)
    blank = Image.new("1", (576, height), 1)  # encoded by the same to_escpos as the receipt

    def bare() -> None:
        image = QImage(576, height, QImage.Format.Format_Grayscale8)
        image.fill(255)
        painter = QPainter(image)
        painter.setFont(font)
        painter.setPen(QColor(0, 0, 0))
        painter.drawText(QPointF(8, 30), "Receipt 140312")
        painter.end()
        to_escpos(blank)

    return median_ms(bare, runs=30)


def _pdf_floor() -> float:
    from reportlab.pdfgen import canvas

    def bare() -> None:
        out = io.BytesIO()
        page = canvas.Canvas(out)
        page.drawString(72, 720, "Receipt 140312")
        page.save()

    return median_ms(bare, runs=30)


def metrics() -> Iterator[dict[str, Any]]:
    from app.services.receipts import seal
    from printing.document import build_receipt
    from printing.pdf import receipt_pdf
    from printing.samples import SAMPLE_KEY, sample_receipt
    from printing.thermal import _dummy, ensure_qt, render_thermal, to_escpos

    ensure_qt()
    data = sample_receipt(lines=3)  # a usual visit: three services, card and cash
    doc = build_receipt(data)

    image = render_thermal(doc, 576)
    value = median_ms(lambda: to_escpos(render_thermal(build_receipt(seal(data, SAMPLE_KEY)), 576)), runs=30)
    signing = median_ms(lambda: seal(data, SAMPLE_KEY), runs=200)
    # For the record: python-escpos's own image() path on the same bitmap (to_escpos writes the
    # identical GS v 0 bytes without its whole-image conversions).
    library = median_ms(lambda: _dummy(576).image(image, impl="bitImageRaster"), runs=10)
    yield metric("receipt_80mm_render_encode_ms", value, _thermal_floor(image.height), target=30,
                 height_px=image.height, escpos_image_ms=round(library, 3), sign_ms=round(signing, 3))

    value = median_ms(lambda: receipt_pdf(build_receipt(seal(data, SAMPLE_KEY))), runs=30)
    yield metric("receipt_a4_pdf_ms", value, _pdf_floor(), target=100)


if __name__ == "__main__":
    from bench.common import emit

    for row in metrics():
        emit(row)
