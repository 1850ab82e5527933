"""Reading QR codes from a scanned or photographed receipt (PNG, JPEG, …).

zxing-cpp (PyPI `zxing-cpp`): self-contained wheels for Windows, Linux and macOS, so nothing has to
ship beside the app on an office PC (pyzbar would need zbar's DLLs and the Visual C++ 2013 runtime
there). The tests also read the same receipts with Debian's zbar (`zbarimg`), a second decoder.
"""
from __future__ import annotations

from pathlib import Path

from app.errors import UserError


def decode_qr_texts(path: str | Path) -> list[str]:
    """The texts of every QR code found in an image file (empty: none found)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
            grey = image.convert("L")
    except (OSError, UnidentifiedImageError, ValueError):
        raise UserError("The image {path} cannot be read.", path=str(path)) from None
    import zxingcpp

    qr = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    found = zxingcpp.read_barcodes(grey, formats=qr)
    if not found:  # a faint photo or a bitmap at 1 dot per pixel: try it larger
        found = zxingcpp.read_barcodes(grey.resize((grey.width * 2, grey.height * 2)), formats=qr)
    return [code.text for code in found if code.text]


def decode_receipt_qr(path: str | Path) -> str:
    """The receipt code in an image: the one QR text that looks like ours, else a UserError."""
    texts = decode_qr_texts(path)
    ours = [t for t in texts if t.strip().upper().startswith(("PKD2:", "PKD1;"))]
    if ours:
        return ours[0]
    if texts:
        return texts[0]  # the check will say it is not a receipt code
    raise UserError("No QR code was found in the image {path}.", path=str(path))
