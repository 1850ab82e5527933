"""A signed receipt scanned back: the 80 mm bitmap, the 58 mm bitmap and the A4 PDF (rasterised with
pdftoppm) each decode — with the app's reader (zxing-cpp, `check-receipt --image`) and with Debian's
zbar — to a code that checks as genuine against the public key alone and against the books."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.db import open_database
from app.demo import build_demo
from app.services.auth import login
from app.services.receipts import load_receipt, prepare_print
from app.services.sales import LineRequest, PaymentRequest, SaleRequest, record_sale
from app.services.shifts import open_shift
from app.services.signing_keys import export_public_key
from app.services.voids import void_sale
from printing.pdf import receipt_pdf
from printing.receipt_document import QRCode, build_receipt
from printing.thermal import _Page, render_thermal

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
from app_testkit import run_cli  # noqa: E402


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """A demo office with a card sale and a voided cash sale; its public key exported."""
    folder = tmp_path_factory.mktemp("signed")
    path = folder / "office.db"
    db = open_database(path, create=True)
    build_demo(db, days=0)
    clerk = login(db, "clerk1", "1111")
    open_shift(db, clerk, 0)
    sale = record_sale(db, clerk, SaleRequest((LineRequest("1001"), LineRequest("2001", 2, 700_000, None, "TRK-1")),
                                              (PaymentRequest("card", None, "T-9", "4242"),), "0084575948", "علی اکبر"))
    voided = record_sale(db, clerk, SaleRequest((LineRequest("8001"),)))
    void_sale(db, login(db, "owner", "1234"), voided.receipt_number, "اشتباه")
    export_public_key(db, folder / "office.pem")
    db.close()
    return path, folder / "office.pem", sale.receipt_number


def zbar(image: Path) -> str:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (Debian zbar-tools) is not installed")
    done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def render(path: Path, number: int, kind: str, out: Path) -> str:
    """Render the receipt as `kind` into `out` (a PNG); return the QR text it should carry."""
    db = open_database(path)
    try:
        data = load_receipt(db, number)
    finally:
        db.close()
    doc = build_receipt(data)
    if kind == "a4":
        pdf = out.with_suffix(".pdf")
        receipt_pdf(doc, pdf)
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(out.with_suffix(""))],
                       check=True, timeout=60)
    else:
        render_thermal(doc, 576 if kind == "80" else 384).save(out)
    return data.seal


@pytest.mark.parametrize("kind", ["80", "58", "a4"])
def test_a_printed_receipt_scans_back_as_genuine(printing_qt, ocr_ready, office, kind: str, tmp_path: Path) -> None:
    path, key, number = office
    image = tmp_path / f"receipt-{kind}.png"
    expected = render(path, number, kind, image)
    assert zbar(image) == expected  # a second, independent decoder reads exactly the signed text

    alone = run_cli("check-receipt", "--image", image, "--public-key", key, "--lang", "en")
    assert alone.code == 0 and alone.stdout.strip() == "genuine", alone
    books = run_cli("check-receipt", "--image", image, "--db", path, "--lang", "en")
    assert books.code == 0 and books.stdout.strip() == "genuine", books
    assert f"Genuine: receipt {number} of office" in books.stderr


def test_a_voided_receipt_scans_back_as_void(printing_qt, ocr_ready, office, tmp_path: Path) -> None:
    path, _key, number = office
    image = tmp_path / "void.png"
    render(path, number + 1, "58", image)
    result = run_cli("check-receipt", "--image", image, "--db", path, "--lang", "en")
    assert result.code == 0, result
    from app.receipt_seal import parse

    assert parse(zbar(image)).claims.voided


def test_the_qr_modules_are_whole_dots_big_enough_for_a_phone(printing_qt, office) -> None:
    """Measured: version 6 (41 modules) at 5 dots per module on both papers, 205 dots = 25.6 mm at 203 dpi
    (0.63 mm modules; phone cameras read 0.4 mm and up at a hand's distance)."""
    path, _key, number = office
    db = open_database(path)
    try:
        plan = prepare_print(db, login(db, "owner", "1234"), number)
    finally:
        db.close()
    block = next(b for b in build_receipt(plan.data).blocks if isinstance(b, QRCode))
    for width in (576, 384):
        page = _Page(width)
        page.qr(block)
        assert page.qr_module >= 5 and page.qr_modules <= 45
        assert page.qr_module * page.qr_modules <= width - 40  # quiet zone on both sides
