"""The X and Z reports on the receipt printer: built from a real shift, figures as the service gave them,
and read back by OCR from the thermal bitmap."""
from __future__ import annotations

import ast
import datetime as dt
import re
import string
from pathlib import Path

import pytest
from escpos_parse import parse
from ocr_check import assert_in_order, break_document, missing_in_order, number_on_line, ocr, unjoin

from app.db import open_database
from app.demo import build_demo
from app.money import format_amount
from app.services.auth import login
from app.services.receipts import load_receipt, prepare_print, record_delivery
from app.services.sales import LineRequest, PaymentRequest, SaleRequest, record_sale
from app.services.shifts import ReasonRequired, cash_movement, close_shift, open_shift, shift_report
from app.text import to_persian_digits
from printing.receipt_document import KeyValue, ReceiptDocument, Separator, Text, Title, Total
from printing.shift_document import build_shift_document
from printing.thermal import render_thermal, to_escpos

FLOAT = 1_000_000
CASH_IN = 200_000
CASH_OUT = 150_000
NOTES = {1_000_000: 2, 500_000: 1, 100_000: 3}  # 2,800,000 counted


def _fa(n: int) -> str:
    return to_persian_digits(str(n))


def _rial(n: int, with_unit: bool = False) -> str:
    return format_amount(n, "rial", with_unit=with_unit)


@pytest.fixture(scope="module")
def shift(tmp_path_factory):
    """A real shift on a demo office: two sales (cash, and card + cash), cash in and out, then closed
    with a banknote count. Returns (X report before closing, Z report, office, clerk name)."""
    db = open_database(tmp_path_factory.mktemp("shift") / "office.db", create=True)
    build_demo(db, days=0)
    clerk = login(db, "clerk1", "1111")
    open_shift(db, clerk, FLOAT)
    first = record_sale(db, clerk, SaleRequest((LineRequest("1001"),), (PaymentRequest("cash"),)))
    record_sale(db, clerk, SaleRequest((LineRequest("1001"),),
                                       (PaymentRequest("card", 100_000, "T-1", "77"), PaymentRequest("cash"))))
    plan = prepare_print(db, clerk, first.receipt_number)  # the first receipt printed; the second never
    record_delivery(db, plan.to_meta(), destination="test printer", delivered_by=clerk.id)
    cash_movement(db, clerk, "in", CASH_IN, "تنخواه")
    cash_movement(db, clerk, "out", CASH_OUT, "واریز به بانک")
    x = shift_report(db, clerk)
    z = close_shift(db, clerk, denominations=NOTES)
    office = load_receipt(db, first.receipt_number).office
    db.close()
    return x, z, office, clerk.full_name


def values(doc: ReceiptDocument) -> dict[str, str]:
    return {b.key: b.value for b in doc.blocks if isinstance(b, KeyValue | Total)}


def texts(doc: ReceiptDocument) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Text | Title)]


def test_the_z_report_carries_the_shifts_figures(printing_qt, shift) -> None:
    _x, z, office, clerk = shift
    assert z.closed_at and z.totals.visits == 2 and z.counted_cash == 2_800_000
    assert z.variance == z.counted_cash - z.cash["expected"] != 0
    doc = build_shift_document(z, office, clerk)
    assert isinstance(doc.blocks[0], Title) and doc.blocks[0].text == f"گزارش Z — نوبت {_fa(z.shift_id)}"
    assert to_persian_digits(office.name) in texts(doc) and f"کد دفتر: {_fa(int(office.code))}" in texts(doc)
    kv = values(doc)
    assert kv["متصدی"] == clerk
    assert kv["آغاز"].startswith("۱۴") and kv["پایان"].startswith("۱۴")  # Jalali year, Persian digits
    assert kv["مراجعه‌ها"] == _fa(2) and kv["ابطال‌ها"] == _fa(0)
    assert kv["رسید چاپ‌نشده"] == _fa(1) and z.unprinted == 1  # the card sale's receipt never reached paper
    assert kv["سهم دستگاه"] == _rial(z.totals.agency)
    assert kv["کارمزد دفتر"] == _rial(z.totals.office)
    assert kv["مالیات بر ارزش افزوده"] == _rial(z.totals.vat)
    assert kv["جمع کل"] == _rial(z.totals.grand, True)
    assert kv["نقدی"] == _rial(z.payments["cash"]) and kv["کارت‌خوان"] == _rial(100_000)
    assert kv["انتقال بانکی"] == _rial(0)
    assert kv["موجودی اول نوبت"] == _rial(FLOAT)
    assert kv["فروش نقدی"] == _rial(z.cash["cash_sales"]) and z.cash["cash_sales"] > 0
    assert kv["بازپرداخت نقدی (ابطال‌ها)"] == _rial(0)
    assert kv["ورود وجه"] == _rial(CASH_IN) and kv["خروج وجه"] == _rial(CASH_OUT)
    assert kv["موجودی مورد انتظار کشو"] == _rial(z.cash["expected"], True)
    assert kv["شمرده‌شده"] == _rial(2_800_000, True)
    word = "اضافه" if z.variance > 0 else "کسری"
    assert kv["مغایرت"] == f"{_rial(abs(z.variance), True)} {word}"
    notes = [(b.key, b.value) for b in doc.blocks if isinstance(b, KeyValue) and b.indent and "برگ" in b.value]
    assert notes == [(_rial(1_000_000, True), "۲ برگ"), (_rial(500_000, True), "۱ برگ"),
                     (_rial(100_000, True), "۳ برگ")]
    assert isinstance(doc.blocks[-1], Separator)


def test_the_z_report_says_how_the_drawer_was_counted_and_why_it_differs(printing_qt, tmp_path: Path) -> None:
    """Closed by a blind count with the reason the office asked for: both on the printed Z report."""
    from app.services.office import save_settings
    from app.services.office_history import current_office
    from app.settings_registry import ASK_VARIANCE_REASON, BLIND_COUNT, VARIANCE_REASON_THRESHOLD

    db = open_database(tmp_path / "office.db", create=True)
    build_demo(db, days=0)
    owner, clerk = login(db, "owner", "1234"), login(db, "clerk1", "1111")
    save_settings(db, owner, {}, {BLIND_COUNT: True, ASK_VARIANCE_REASON: True, VARIANCE_REASON_THRESHOLD: 50_000})
    open_shift(db, clerk, FLOAT)
    with pytest.raises(ReasonRequired):  # counted blind at first; the difference is shown, the clerk recounts
        close_shift(db, clerk, FLOAT - 300_000)
    z = close_shift(db, clerk, FLOAT - 120_000, reason="یک اسکناس ۱۰۰ هزاری دو بار داده شد")
    office = current_office(db)
    db.close()
    doc = build_shift_document(z, office, clerk.full_name)
    render_thermal(doc, 576).save(tmp_path / "z-blind.png")  # renders whole (looked at by hand)
    kv = values(doc)
    assert "نوبت چگونه بسته شد" in texts(doc)
    assert kv["شمارش کور"] == "بله"
    assert kv["اختلاف مجاز بدون ذکر دلیل"] == _rial(50_000, True)
    assert kv["دلیل اختلاف"] == "یک اسکناس ۱۰۰ هزاری دو بار داده شد"
    assert kv["مغایرت"] == f"{_rial(120_000, True)} کسری"
    assert kv["شمارش پیش از نمایش اختلاف"] == _rial(FLOAT - 300_000, True)


def test_an_open_count_without_a_threshold_says_so(printing_qt, shift) -> None:
    _x, z, office, clerk = shift
    kv = values(build_shift_document(z, office, clerk))
    assert kv["شمارش کور"] == "خیر" and kv["اختلاف مجاز بدون ذکر دلیل"] == "هر مقدار"
    assert kv["دلیل اختلاف"] == "لازم نبود"
    x, *_rest = shift
    assert "شمارش کور" not in values(build_shift_document(x, office, clerk))  # still open: nothing to say


def test_the_x_report_has_no_count_and_no_closing_time(printing_qt, shift) -> None:
    x, z, office, clerk = shift
    assert x.closed_at is None and x.shift_id == z.shift_id
    doc = build_shift_document(x, office, clerk)
    assert doc.title == f"گزارش X — نوبت {_fa(x.shift_id)}"
    kv = values(doc)
    assert kv["موجودی مورد انتظار کشو"] == _rial(x.cash["expected"], True) == _rial(z.cash["expected"], True)
    assert not {"پایان", "شمرده‌شده", "مغایرت"} & kv.keys()
    assert "اسکناس‌های کشو" not in texts(doc)


def test_a_toman_office_prints_in_toman(printing_qt, shift) -> None:
    import dataclasses

    _x, z, office, clerk = shift
    kv = values(build_shift_document(z, dataclasses.replace(office, display_unit="toman"), clerk))
    assert kv["جمع کل"] == format_amount(z.totals.grand, "toman", with_unit=True)
    assert kv["جمع کل"].endswith("تومان")


def test_the_z_report_reads_back_in_persian(printing_qt, ocr_ready, shift, tmp_path: Path) -> None:
    _x, z, office, clerk = shift
    doc = build_shift_document(z, office, clerk)
    image = render_thermal(doc, 576)
    assert image.mode == "1" and image.width == 576
    path = tmp_path / "z.png"
    image.save(path)
    text = ocr(path, chunk=700)
    phrases = ["گزارش", "نوبت", "متصدی", "مراجعه‌ها", "رسید چاپ‌نشده", "سهم دستگاه", "کارمزد دفتر", "جمع کل", "پرداخت‌ها",
               "کشوی پول", "موجودی اول نوبت", "فروش نقدی", "ورود وجه", "خروج وجه", "موجودی مورد انتظار کشو",
               "شمرده‌شده", "مغایرت", "ریال " + ("اضافه" if z.variance > 0 else "کسری"), "اسکناس‌های کشو", "برگ"]
    assert_in_order(text, phrases)
    # Digits are read reliably inside a phrase («جمع کل: ۷۷۰٬۰۰۰ ریال»), not in a column of amounts.
    assert number_on_line(text, "جمع کل", str(z.totals.grand)), text
    # The check itself rejects a rendering without joined letters.
    broken = tmp_path / "broken.png"
    render_thermal(break_document(doc, unjoin), 576).save(broken)
    assert missing_in_order(ocr(broken, chunk=700), phrases)


@pytest.mark.parametrize("width", [576, 384])
def test_the_report_becomes_escpos_raster_and_cut(printing_qt, shift, width: int) -> None:
    _x, z, office, clerk = shift
    image = render_thermal(build_shift_document(z, office, clerk), width)
    assert image.width == width and image.height > 1000
    commands = parse(to_escpos(image, paper_px=width))
    rasters = [c for c in commands if c[0] == "raster"]  # ("raster", m, width in bytes, height, data)
    assert commands[0] == ("init",) and commands[-1] == ("cut", 0)
    assert {c[2] for c in rasters} == {width // 8} and sum(c[3] for c in rasters) == image.height


def test_every_string_has_persian_with_the_same_placeholders(persian: dict[str, str]) -> None:
    source = Path(__file__).resolve().parents[2] / "printing" / "shift_document.py"
    used = {node.args[0].value for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
            and node.args and isinstance(node.args[0], ast.Constant)}
    assert len(used) > 20
    missing = sorted(used - persian.keys())
    assert not missing, missing

    def fields(text: str) -> set[str]:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}

    for key in used:
        assert fields(key) == fields(persian[key]), key
        assert re.search("[\u0600-\u06ff]", persian[key]), key


def test_payment_methods_have_one_name_on_receipts_shift_reports_and_owner_reports(shift) -> None:
    """«نقدی», «کارت‌خوان», «انتقال بانکی»: the receipt, the X/Z slip, the owner's report table and
    the history filter all take their words from app/payment_methods.py."""
    from app.payment_methods import METHODS, method_label
    from app.reports.document import methods_table
    from app.reports.figures import Figures, _payment_lines
    from app.services.totals import Totals
    from printing.receipt_document import build_receipt
    from printing.samples import sample_receipt

    words = {"cash": "نقدی", "card": "کارت‌خوان", "transfer": "انتقال بانکی"}
    assert {m: method_label(m) for m in METHODS} == words
    receipt_keys = [b.key for b in build_receipt(sample_receipt(cash=True, card=True)).blocks if isinstance(b, KeyValue)]
    assert words["card"] in receipt_keys and words["cash"] in receipt_keys
    _x, z, office, clerk = shift
    slip_keys = [b.key for b in build_shift_document(z, office, clerk).blocks if isinstance(b, KeyValue)]
    assert all(words[m] in slip_keys for m in METHODS)
    lines = tuple(_payment_lines({m: [1, 0, 10] for m in METHODS}))  # what the owner's figures label
    today = dt.date.today()
    figures = Figures(today, today, Totals(), (), (), lines, (), (), (), ())
    assert [row[0] for row in methods_table(figures).rows] == [words[m] for m in METHODS]
