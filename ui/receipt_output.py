"""The saved receipt on screen, and the screens' way to the print service (printing/service.py).

Printing itself — the printer settings, the spool, original or copy, the print log — is a service
below the screens; the command line uses the same one. Rendering with QPainter on a QImage is
thread-safe, so the printer runner's thread may render and send.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtGui import QImage

from app.receipt_data import ReceiptData
from printing.service import PrintOutcome, PrintService

__all__ = ["PREVIEW_WIDTH", "PrintOutcome", "print_service", "receipt_image"]

PREVIEW_WIDTH = 576  # 80 mm paper, as printed


def receipt_image(data: ReceiptData, width_px: int = PREVIEW_WIDTH) -> QImage:
    from printing.receipt_document import build_receipt
    from printing.thermal import render_qimage

    image: QImage = render_qimage(build_receipt(data), width_px)
    return image


def print_service(desk: Any) -> PrintService:
    """The print service over the desk's database and this computer's spool."""
    return PrintService(desk.db)
