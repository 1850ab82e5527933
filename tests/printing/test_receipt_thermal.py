"""Thermal receipts read back by OCR: joined letters, right-to-left order, Persian digits, intact LTR codes."""
from __future__ import annotations

import dataclasses
import functools

import pytest
from ocr_check import (
    assert_in_order,
    break_document,
    decode_qr,
    missing_in_order,
    normalise,
    number_on_line,
    ocr,
    reverse_words,
    unjoin,
)

from printing.receipt_document import Text, build_receipt, qr_payload
from printing.samples import sample_receipt
from printing.thermal import MARGIN, render_thermal

HEADER = ["دفتر پیشخوان خدمات دولت ونک", "کد دفتر", "تلفن", "رسید شماره", "تاریخ و ساعت", "متصدی", "زهرا کریمی",
          "مراجعه‌کننده", "علی‌اکبر محمدی", "کد ملی", "خدمات", "مبالغ به ریال"]
FIRST_LINES = ["صدور کارت هوشمند ملی", "ثبت احوال", "کد رهگیری", "سهم دستگاه", "کارمزد دفتر",
               "مالیات بر ارزش افزوده", "تمدید گواهینامه رانندگی", "پلیس راهور"]
FOOTER = ["جمع سهم دستگاه‌ها", "جمع کارمزد دفتر", "جمع مالیات بر ارزش افزوده", "مبلغ کل", "ریال", "پرداخت",
          "کارت‌خوان", "شماره پایانه", "شماره مرجع", "نقدی", "وجه دریافتی", "مبلغ بازگشتی", "کد اصالت",
          "رسیدگی به شکایات", "سامانه", "از اعتماد شما سپاسگزاریم"]
RECEIPT = HEADER + FIRST_LINES + FOOTER

VARIANTS = {
    "two-lines": dict(lines=2),
    "ten-lines": dict(lines=10),
    "big-total": dict(lines=2, big_total=True),
    "copy-void": dict(lines=2, copy=True, voided=True),
}


@pytest.fixture(scope="module")
def read_back(printing_qt, ocr_ready, tmp_path_factory):
    """OCR of a rendered receipt, cached: (variant, width, spoil, lang, psm) -> text.

    Page segmentation mode 6 (one block) keeps every line of a receipt in order; mode 4 (one
    column) reads a number set inside a phrase more faithfully. Digits are accepted from either.
    """
    folder = tmp_path_factory.mktemp("thermal")

    @functools.cache
    def read(variant: str, width: int, spoil=None, lang: str = "fas", psm: int = 6) -> str:
        doc = build_receipt(sample_receipt(**VARIANTS[variant]))
        if spoil is not None:
            doc = break_document(doc, spoil)
        image = render_thermal(doc, width)
        path = folder / f"{variant}-{width}-{getattr(spoil, '__name__', 'ok')}.png"
        image.save(path)
        return ocr(path, lang=lang, psm=psm)

    return read


def source_zwnj(variant: str) -> int:
    """ZWNJs in the printed text itself (علی‌اکبر, مراجعه‌کننده, ...)."""
    found: list[str] = []
    break_document(build_receipt(sample_receipt(**VARIANTS[variant])), lambda s: found.append(s) or s)
    return sum(s.count("\u200c") for s in found)


# --- geometry ----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [576, 512, 384])
def test_image_is_one_bit_and_exactly_the_paper_width(printing_qt, width):
    image = render_thermal(build_receipt(sample_receipt(lines=3)), width)
    assert image.mode == "1"
    assert image.width == width
    assert image.height > 1000


def _ink_columns(image, x0, x1):
    pixels = image.load()
    return [x for x in range(x0, x1) for y in range(image.height) if pixels[x, y] == 0][:1]


@pytest.mark.parametrize("width", [576, 384])
def test_nothing_runs_off_the_paper(printing_qt, width):
    # A long office name, an address without spaces to break at and a 60-character tracking code.
    data = sample_receipt(lines=2)
    office = dataclasses.replace(data.office, name="دفتر پیشخوان خدمات دولت الکترونیک شماره یکصد و بیست و سه ونک",
                                 address="تهران،خیابان‌ولیعصر،نرسیده‌به‌میدان‌ونک،کوچه‌گلستان،پلاک۱۲،طبقه‌دوم")
    line = dataclasses.replace(data.lines[0], tracking_code="TRK" + "1234567890" * 6,
                               service_name="صدور کارت هوشمند ملی برای متقاضیان بالای پانزده سال تمام")
    data = dataclasses.replace(data, office=office, lines=(line,) + data.lines[1:])
    image = render_thermal(build_receipt(data), width)
    assert image.width == width
    # The side margins stay blank: wrapped text never touches, let alone crosses, the paper edge.
    assert not _ink_columns(image, 0, MARGIN - 2)
    assert not _ink_columns(image, width - MARGIN + 2, width)
    bottom = image.crop((0, image.height - 8, width, image.height))
    assert bottom.getextrema() == (255, 255)


def test_longer_visit_makes_a_longer_receipt(printing_qt):
    short = render_thermal(build_receipt(sample_receipt(lines=2)), 576)
    long = render_thermal(build_receipt(sample_receipt(lines=10)), 576)
    assert long.height > short.height + 8 * 150


@pytest.mark.parametrize("width", [576, 384])
def test_qr_code_scans(printing_qt, tmp_path, width):
    data = sample_receipt(voided=True)
    path = tmp_path / "qr.png"
    render_thermal(build_receipt(data), width).save(path)
    assert decode_qr(path) == [qr_payload(data)]


# --- read back -----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [576, 384])
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_persian_reads_back_in_order(read_back, variant, width):
    text = read_back(variant, width)
    assert_in_order(text, RECEIPT)
    # Joined letters: the ZWNJs read back are the text's own (علی‌اکبر, مراجعه‌کننده, ...), not dozens.
    assert text.count("\u200c") <= source_zwnj(variant) + 3


def number_read(read_back, variant: str, width: int, label: str, digits: str) -> str | None:
    for psm in (6, 4):
        line = number_on_line(read_back(variant, width, psm=psm), label, digits)
        if line:
            return line
    return None


@pytest.mark.parametrize("width", [576, 384])
def test_digits_read_back(read_back, width):
    data = sample_receipt(**VARIANTS["two-lines"])
    assert number_read(read_back, "two-lines", width, "رسید شماره", "140312")
    assert number_read(read_back, "two-lines", width, "مبلغ کل", str(data.grand_total))
    assert number_read(read_back, "two-lines", width, "کد دفتر", "11234567")
    assert number_read(read_back, "two-lines", width, "تلفن", "02188776655")


@pytest.mark.parametrize("width", [576, 384])
def test_twelve_digit_total_reads_back(read_back, width):
    data = sample_receipt(**VARIANTS["big-total"])
    assert data.grand_total == 123_457_163_000
    line = number_read(read_back, "big-total", width, "مبلغ کل", "123457163000")
    assert line is not None and "ریال" in line


@pytest.mark.parametrize("width", [576, 384])
def test_latin_runs_stay_intact(read_back, width):
    text = read_back("two-lines", width, lang="fas+eng")
    for code in ("SMC-1403-AB12", "9876543210"):
        assert code in text, f"{code} not read back:\n{text}"


def test_spaced_latin_code_keeps_its_groups(read_back):
    text = read_back("ten-lines", 576, lang="fas+eng")
    # "GZ 5566 7788": tesseract may list the words of an LTR island in either order, but each
    # group must survive whole (a scrambled isolate splits or merges them).
    line = next(normalise(line) for line in text.splitlines() if "5566" in line)
    assert {"GZ", "5566", "7788"} <= set(line.split()), line


def test_ten_line_visit_lists_every_service_in_order(read_back):
    from printing.samples import _SERVICES

    services = [name for _code, name, _agency, _tracking in _SERVICES]
    for width in (576, 384):
        # tesseract drops the odd heading of a 4000-dot page (measured: «۹. ثبت شکایت بیمه»);
        # one miss is OCR noise, a wrong order or unjoined letters lose them all.
        assert len(missing_in_order(read_back("ten-lines", width), services)) <= 1
        assert len(missing_in_order(read_back("ten-lines", width, reverse_words), services)) >= 8


def test_copy_and_void_are_legible(read_back):
    text = read_back("copy-void", 576)
    assert_in_order(text, ["باطل شد", "علت: درخواست مراجعه‌کننده", "دفتر پیشخوان", "مبلغ کل", "باطل شد"])
    assert "المثنی" in text


# --- the checks above must reject broken renderings ----------------------------------------------


@pytest.mark.parametrize("width", [576, 384])
def test_unjoined_letters_fail_the_check(read_back, width):
    text = read_back("two-lines", width, unjoin)
    assert len(missing_in_order(text, RECEIPT)) > 10
    assert text.count("\u200c") > source_zwnj("two-lines") + 30


@pytest.mark.parametrize("width", [576, 384])
def test_reversed_word_order_fails_the_check(read_back, width):
    text = read_back("two-lines", width, reverse_words)
    assert len(missing_in_order(text, RECEIPT)) > 10


def test_scrambled_digits_fail_the_check(printing_qt, ocr_ready, tmp_path):
    # The total with its digit groups in reverse order, as an un-isolated bidi mistake prints it.
    doc = build_receipt(sample_receipt(big_total=True))
    doc = dataclasses.replace(doc, blocks=(Text("مبلغ کل: ۰۰۰٬۱۶۳٬۴۵۷٬۱۲۳ ریال", size="large", bold=True),))
    text = ocr(render_thermal(doc, 576), psm=6, workdir=tmp_path)
    assert number_on_line(text, "مبلغ کل", "000163457123")  # it does read what was printed ...
    assert not number_on_line(text, "مبلغ کل", "123457163000")  # ... and that is not the total


def test_ascii_digits_are_not_accepted():
    assert number_on_line("مبلغ کل: 3,058,000 ریال", "مبلغ کل", "3058000") is None
    assert number_on_line("مبلغ کل: ۳,۰۵۸,۰۰۰ ریال", "مبلغ کل", "3058000")


def test_renders_off_the_gui_thread(printing_qt):
    # Printing happens after the commit on a worker thread: same pixels as on the main thread.
    import threading

    doc = build_receipt(sample_receipt(lines=2))
    here = render_thermal(doc, 576).tobytes()
    there: list[bytes] = []
    worker = threading.Thread(target=lambda: there.append(render_thermal(doc, 576).tobytes()))
    worker.start()
    worker.join(30)
    assert there == [here]
