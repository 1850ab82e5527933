"""Receipt files for the command line (`pishkhan receipt --format png|escpos|pdf`).

Imports of Qt and reportlab stay inside the branches: a PDF export loads no Qt.
"""
from __future__ import annotations

import os
from pathlib import Path

from app.errors import UserError
from app.receipt_data import ReceiptData
from printing.receipt_document import build_receipt

FORMATS = ("png", "escpos", "pdf")


def paper_width_px(paper: int) -> int:
    from printing.printers import width_for_paper

    return width_for_paper(paper)


def receipt_bytes(data: ReceiptData, fmt: str, paper: int = 80) -> bytes:
    doc = build_receipt(data)
    if fmt == "pdf":
        from printing.pdf import receipt_pdf

        return receipt_pdf(doc)
    if fmt not in FORMATS:
        raise UserError("Unknown receipt format: {value}", value=fmt)
    from printing.thermal import render_thermal, to_escpos

    image = render_thermal(doc, paper_width_px(paper))
    if fmt == "escpos":
        return to_escpos(image, cut=True, kick_drawer=False)
    import io

    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def write_receipt(data: ReceiptData, fmt: str, paper: int, out: str | os.PathLike[str]) -> Path:
    """Write the receipt in `fmt` to `out` (written whole, then renamed, so no half file is left)."""
    payload = receipt_bytes(data, fmt, paper)
    path = Path(out)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(payload)
    os.replace(tmp, path)
    return path
