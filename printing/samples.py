"""Sample receipts for looking at the output, for tests and for the benchmark.

    python -m printing.samples /tmp/printing-samples   # 80 mm and 58 mm PNG, A4 PDF

The content is chosen to be awkward: a name with a ZWNJ, ک and ی, a Latin tracking code, a card
reference, LTR phone number, many lines, a very large total.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sys
from pathlib import Path
from typing import Any

from app.office_record import Office
from app.receipt_data import ReceiptData, ReceiptLine, ReceiptPayment
from app.services.receipts import seal

OFFICE = Office(
    name="دفتر پیشخوان خدمات دولت ونک",
    code="11234567",
    address="تهران، خیابان ولیعصر، نرسیده به میدان ونک، پلاک ۱۲",
    phone="021-88776655",
    economic_code="411122223333",
    footer="از اعتماد شما سپاسگزاریم",
    display_unit="rial",
)

_SERVICES = [
    ("1101", "صدور کارت هوشمند ملی", "ثبت احوال", "SMC-1403-AB12"),
    ("2204", "تمدید گواهینامه رانندگی", "پلیس راهور", "9876543210"),
    ("3102", "پرداخت قبض گاز", "شرکت ملی گاز", "GZ 5566 7788"),
    ("4410", "درخواست المثنی شناسنامه", "ثبت احوال", "BRC-0099-XK"),
    ("5120", "نقل و انتقال خودرو", "پلیس راهور", "VEH-77-Q1"),
    ("6001", "ثبت نام یارانه", "وزارت رفاه", "YR2024X"),
    ("7003", "استعلام سوء پیشینه", "قوه قضاییه", "CR-1122"),
    ("8201", "تعویض سیم‌کارت", "همراه اول", "MCI-4455"),
    ("9105", "ثبت شکایت بیمه", "بیمه سلامت", "INS-3344"),
    ("9906", "گواهی کسر از حقوق", "سازمان تأمین اجتماعی", "SSO-8899"),
]


def _line(i: int, agency_amount: int = 0, office_amount: int = 450_000) -> ReceiptLine:
    code, name, agency, tracking = _SERVICES[i % len(_SERVICES)]
    vat = office_amount // 10  # sample data only; real lines come from the sales service
    return ReceiptLine(code, name, agency, 1, agency_amount, office_amount, vat,
                       agency_amount + office_amount + vat, tracking)


def sample_receipt(*, lines: int = 2, unit: str = "rial", big_total: bool = False, copy: bool = False,
                   voided: bool = False, cash: bool = True, card: bool = True) -> ReceiptData:
    """A consistent receipt (totals add up) with the awkward content described above."""
    items = [_line(0, 0), _line(1, 1_250_000, 380_000)] + [_line(i, 200_000 * i) for i in range(2, lines)]
    items = items[:lines]
    if big_total:
        items[0] = dataclasses.replace(items[0], agency_amount=123_455_000_000,
                                       line_total=123_455_000_000 + items[0].office_amount + items[0].vat_amount)
    agency = sum(x.agency_amount for x in items)
    office = sum(x.office_amount for x in items)
    vat = sum(x.vat_amount for x in items)
    total = agency + office + vat
    payments: list[ReceiptPayment] = []
    change = 0
    if card and cash:
        card_part = total - 500_000
        payments.append(ReceiptPayment("card", card_part, 0, "72014455", "603799123456"))
        payments.append(ReceiptPayment("cash", 500_000, 1_000_000, "", ""))
        change = 500_000
    elif card:
        payments.append(ReceiptPayment("card", total, 0, "72014455", "603799123456"))
    else:
        tendered = (total // 1_000_000 + 1) * 1_000_000
        payments.append(ReceiptPayment("cash", total, tendered, "", ""))
        change = tendered - total
    data = ReceiptData(
        office=dataclasses.replace(OFFICE, display_unit=unit),
        receipt_number=140312,
        created_at=dt.datetime(2024, 8, 3, 7, 5, tzinfo=dt.UTC),  # 1403/05/13 10:35 Tehran
        business_day=dt.date(2024, 8, 3),
        clerk_name="زهرا کریمی",
        citizen_name="علی‌اکبر محمدی",
        national_id="0012345679",
        mobile="09121234567",
        lines=tuple(items),
        payments=tuple(payments),
        agency_total=agency,
        office_total=office,
        vat_total=vat,
        grand_total=total,
        change_due=change,
        journal_hash=hashlib.sha256(b"sample").hexdigest(),
        voided=voided,
        void_reason="درخواست مراجعه‌کننده" if voided else "",
        copy=copy,
        copy_no=1 if copy else 0,
    )
    return seal(data, SAMPLE_KEY)


def _sample_key() -> Any:
    """A fixed key for the sample office (never an office's real key): samples sign like receipts do."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"pishkhan sample office").digest())


SAMPLE_KEY = _sample_key()


def write_samples(folder: Path) -> list[Path]:
    from printing.pdf import receipt_pdf
    from printing.receipt_document import build_receipt
    from printing.thermal import render_thermal

    folder.mkdir(parents=True, exist_ok=True)
    doc = build_receipt(sample_receipt(lines=3))
    paths = [folder / "receipt-80mm.png", folder / "receipt-58mm.png", folder / "receipt-a4.pdf"]
    render_thermal(doc, 576).save(paths[0])
    render_thermal(build_receipt(sample_receipt(lines=2, copy=True, voided=True, big_total=True)), 384).save(paths[1])
    receipt_pdf(doc, paths[2])
    return paths


if __name__ == "__main__":
    from app.i18n import load_catalogues

    load_catalogues("printing")
    for written in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "printing-samples")):
        print(written)
