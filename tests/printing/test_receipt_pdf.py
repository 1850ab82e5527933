"""A4 PDFs (reportlab + python-bidi levels + HarfBuzz shaping), rasterised by pdftoppm and read back by OCR,
and their text layer read by pdftotext."""
from __future__ import annotations

import functools
import re
import subprocess

import pytest
from ocr_check import (
    PRESENTATION_FORMS,
    assert_in_order,
    break_document,
    decode_qr,
    missing_in_order,
    normalise,
    number_on_line,
    ocr,
    ocr_pdf,
    pdf_pages_png,
    pdf_text,
    reverse_words,
)
from reportlab.pdfbase import pdfmetrics

from printing import rtl, shaping
from printing.pdf import BOLD, FONT, pdf_table_report, receipt_pdf, register_fonts
from printing.receipt_document import build_receipt, qr_payload
from printing.samples import _SERVICES, sample_receipt

RECEIPT = ["دفتر پیشخوان خدمات دولت ونک", "کد دفتر", "تلفن", "رسید شماره", "تاریخ و ساعت", "متصدی", "زهرا کریمی",
           "مراجعه‌کننده", "علی‌اکبر محمدی", "کد ملی", "خدمات", "مبالغ به ریال",
           "ردیف", "خدمت", "کد رهگیری", "سهم دستگاه", "کارمزد دفتر", "جمع",  # the table header, right to left
           "صدور کارت هوشمند ملی", "ثبت احوال", "تمدید گواهینامه رانندگی", "پلیس راهور",
           "جمع سهم دستگاه‌ها", "جمع کارمزد دفتر", "جمع مالیات بر ارزش افزوده", "مبلغ کل", "ریال", "پرداخت",
           "کارت‌خوان", "شماره پایانه", "شماره مرجع", "نقدی", "وجه دریافتی", "مبلغ بازگشتی", "کد اصالت",
           "رسیدگی به شکایات", "سامانه", "از اعتماد شما سپاسگزاریم"]
VARIANTS = {"two-lines": dict(lines=2), "ten-lines": dict(lines=10), "big-total": dict(lines=2, big_total=True),
            "copy-void": dict(lines=2, copy=True, voided=True)}


def _forget_shapes() -> None:
    register_fonts()
    for name in (FONT, BOLD):
        pdfmetrics.getFont(name).shaper.line.cache_clear()


def no_bidi(monkeypatch) -> None:
    """Shaped but drawn in logical order: the letters of every word come out backwards."""
    monkeypatch.setattr(shaping, "visual_runs", lambda line: [shaping.Run(line.translate(shaping._CONTROLS), False)])


def no_reshape(monkeypatch) -> None:
    """Ordered but not shaped: every letter in its isolated form."""
    monkeypatch.setattr(shaping, "FEATURES", {**shaping.FEATURES, "init": False, "medi": False, "fina": False,
                                               "rlig": False})


@pytest.fixture(scope="module")
def read_pdf(ocr_ready, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")

    @functools.cache
    def read(variant: str, visual=None, spoil=None, lang: str = "fas", dpi: int = 150) -> str:
        doc = build_receipt(sample_receipt(**VARIANTS[variant]))
        if spoil is not None:
            doc = break_document(doc, spoil)
        with pytest.MonkeyPatch.context() as patch:
            if visual is not None:
                visual(patch)  # break the shaping step the PDF painter goes through for every line
            _forget_shapes()
            try:
                data = receipt_pdf(doc)
            finally:
                _forget_shapes()
        name = f"{variant}-{getattr(visual, '__name__', 'ok')}-{getattr(spoil, '__name__', 'ok')}"
        path = folder / f"{name}.pdf"
        path.write_bytes(data)
        return ocr_pdf(path, lang=lang, dpi=dpi)

    return read


def test_pdf_is_a4_with_vazirmatn_embedded(tmp_path):
    path = tmp_path / "receipt.pdf"
    data = receipt_pdf(build_receipt(sample_receipt()), path)
    assert path.read_bytes() == data
    assert data.startswith(b"%PDF-")
    assert re.search(rb"/MediaBox \[\s*0 0 595\.27\d* 841\.88\d*\s*\]", data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    vazir = [line for line in fonts.splitlines() if "Vazirmatn" in line]
    assert len(vazir) == 2 and all(" yes " in line for line in vazir), fonts  # regular and bold, embedded
    assert receipt_pdf(build_receipt(sample_receipt())) == data  # same receipt, same bytes


def test_pdf_text_layer_is_the_persian_as_typed(tmp_path):
    """Search, copy and screen readers get logical-order Persian: no presentation forms, ZWNJ kept,
    brackets the right way round, LTR codes whole (found verbatim, nothing normalised)."""
    path = tmp_path / "receipt.pdf"
    receipt_pdf(build_receipt(sample_receipt(lines=3, voided=True, copy=True)), path)
    for layout in (False, True):
        text = pdf_text(path, layout=layout)
        assert not PRESENTATION_FORMS.search(text), text
        for phrase in ("رسید شماره", "مبلغ کل", "باطل شد", "المثنی", "علی‌اکبر محمدی", "مراجعه‌کننده",
                       "جمع سهم دستگاه‌ها", "کارت‌خوان", "خدمات (مبالغ به ریال)", "پلاک", "صدور کارت هوشمند ملی",
                       "درخواست مراجعه‌کننده", "SMC-1403-AB12", "GZ 5566 7788", "۶۰۳۷۹۹۱۲۳۴۵۶",
                       "۱۴۰۳۱۲", "۳٬۰۵۸٬۰۰۰", "۰۲۱-۸۸۷۷۶۶۵۵"):
            assert phrase in text, f"{phrase!r} not in the text layer:\n{text}"


def test_pdf_qr_code_scans(ocr_ready, tmp_path):
    data = sample_receipt()
    path = tmp_path / "receipt.pdf"
    receipt_pdf(build_receipt(data), path)
    assert decode_qr(pdf_pages_png(path)[0]) == [qr_payload(data)]


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_pdf_reads_back_in_order(read_pdf, variant):
    text = read_pdf(variant)
    assert_in_order(text, RECEIPT)
    assert text.count("\u200c") <= 8  # only the text's own ZWNJs: letters are joined


def test_pdf_digits(read_pdf):
    # 200 dpi: at 150 the small header digits (9 pt) are at the edge of what tesseract reads.
    text = read_pdf("two-lines", dpi=200)
    assert number_on_line(text, "رسید شماره", "140312")
    assert number_on_line(text, "مبلغ کل", str(sample_receipt().grand_total))
    assert number_on_line(text, "کد دفتر", "11234567")
    assert number_on_line(text, "تلفن", "02188776655")
    # 250 dpi: at 200, tesseract swaps ۲ and ۳ in the 12-digit total (the PNG shows them right).
    big = read_pdf("big-total", dpi=250)
    assert number_on_line(big, "مبلغ کل", "123457163000")


def test_pdf_latin_runs(read_pdf):
    text = read_pdf("two-lines", lang="fas+eng")
    for code in ("SMC-1403-AB12", "9876543210"):
        assert code in text, f"{code} not read back:\n{text}"


def test_pdf_ten_lines_and_notices(read_pdf):
    services = [name for _code, name, _agency, _tracking in _SERVICES]
    assert len(missing_in_order(read_pdf("ten-lines"), services)) <= 1
    notices = read_pdf("copy-void")
    assert_in_order(notices, ["باطل شد", "علت: درخواست مراجعه‌کننده", "دفتر پیشخوان", "مبلغ کل", "باطل شد"])
    assert "المثنی" in notices


def test_unordered_lines_fail_the_check(read_pdf):
    text = read_pdf("two-lines", visual=no_bidi)
    assert len(missing_in_order(text, RECEIPT)) > 30
    assert not number_on_line(text, "رسید شماره", "140312")  # the label reads backwards


def test_unshaped_letters_fail_the_check(read_pdf):
    text = read_pdf("two-lines", visual=no_reshape)
    assert len(missing_in_order(text, RECEIPT)) > 15
    assert text.count("\u200c") > 40  # tesseract marks the gaps between unjoined letters


def test_reversed_words_fail_the_check(read_pdf):
    # What reportlab's own `shaping=1` does: joined letters, words in reverse order.
    assert len(missing_in_order(read_pdf("two-lines", spoil=reverse_words), RECEIPT)) > 15


# --- the bidi and shaping step --------------------------------------------------------------------------


def _shaper():
    receipt_pdf(build_receipt(sample_receipt()))  # registers the fonts
    return pdfmetrics.getFont(FONT).shaper


def test_runs_keep_isolates_whole_and_put_the_last_word_leftmost():
    runs = shaping.visual_runs("کد (الف) \u2066AB-12 34\u2069 تمام")
    assert [(r.text.strip(), r.rtl) for r in runs] == [("تمام", True), ("AB-12 34", False), ("کد (الف)", True)]
    # Without the isolate the bidi algorithm prints "5678 1234" in a Persian line.
    assert [r.text for r in shaping.visual_runs("کارت \u20661234 5678\u2069") if not r.rtl] == ["1234 5678"]


def test_shaping_mirrors_brackets_and_keeps_every_character():
    shaper = _shaper()
    glyphs = shaper.line("خدمات (مبالغ به ریال) علی‌اکبر پلاک")
    # Every character once, and nothing else: the text layer is the line itself, ZWNJ and all.
    assert sorted("".join(g.text for g in glyphs)) == sorted("خدمات (مبالغ به ریال) علی‌اکبر پلاک")
    opening = shaper.font.get_nominal_glyph(ord("("))
    drawn = [g for g in glyphs if g.text in "()" and g.text]
    # Drawn right to left, the bracket that opens the phrase (logical «(») is the rightmost one,
    # so it must look like «(» turned round: the glyph of «)».
    assert [g.text for g in drawn] == [")", "("]
    assert drawn[0].gid == opening and drawn[1].gid != opening
    # Joined letters: the medial and final forms are other glyphs than the letters' own.
    beh = shaper.font.get_nominal_glyph(ord("ب"))
    assert all(g.gid != beh for g in glyphs if g.text == "ب")


def test_wrap_never_splits_an_isolate_or_a_word():
    def visible(s: str) -> int:  # isolates take no room on the page
        return len(s.replace("\u2066", "").replace("\u2069", ""))

    lines = rtl.wrap("یک دو سه \u2066AB 12 CD\u2069 چهار", 9, visible)
    assert "\u2066AB 12 CD\u2069" in lines
    # A word wider than the column gets its own line (the painter sets it smaller), whole.
    assert rtl.wrap("یک سازمان‌های دو", 4, visible, stretch=3.0) == ["یک", "سازمان‌های", "دو"]
    # Only a code too long for even the smallest size is cut, each piece isolated.
    long = rtl.wrap("\u2066" + "X" * 20 + "\u2069", 8, visible)
    assert [visible(line) for line in long] == [8, 8, 4]
    assert all(line.startswith("\u2066") and line.endswith("\u2069") for line in long)
    # A column narrower than one character still ends (one character per line), never loops.
    assert len(rtl.wrap("\u2066ABC\u2069", 0.5, visible)) == 3


# --- table reports -------------------------------------------------------------------------------------


def test_table_report_reads_back(ocr_ready, tmp_path):
    headers = ["خدمت", "دستگاه", "تعداد", "کارمزد دفتر", "مالیات", "جمع"]
    rows = [[name, agency, "۱۲", "۵٬۴۰۰٬۰۰۰", "۵۴۰٬۰۰۰", "۵٬۹۴۰٬۰۰۰"] for _c, name, agency, _t in _SERVICES]
    totals = ["جمع کل", "", "۱۲۰", "۵۴٬۰۰۰٬۰۰۰", "۵٬۴۰۰٬۰۰۰", "۵۹٬۴۰۰٬۰۰۰"]
    path = tmp_path / "report.pdf"
    pdf_table_report("گزارش روزانه خدمات", headers, rows, totals, subtitle="۱۴۰۳/۰۵/۱۳", path=path)
    layer = pdf_text(path)  # the tax view and other table exports: searchable as typed
    assert not PRESENTATION_FORMS.search(layer)
    for phrase in ["گزارش روزانه خدمات", *headers, "سازمان تأمین اجتماعی", "تعویض سیم‌کارت", "۵۹٬۴۰۰٬۰۰۰"]:
        assert phrase in layer, f"{phrase!r} not in the text layer:\n{layer}"
    text = ocr_pdf(path, psm=4)
    assert_in_order(text, ["گزارش روزانه خدمات", *headers, "صدور کارت هوشمند ملی", "ثبت احوال",
                           "گواهی کسر از حقوق", "سازمان تأمین اجتماعی", "جمع کل"])
    header = next(normalise(line) for line in text.splitlines() if "دستگاه" in line and "خدمت" in line)
    # tesseract writes a line in reading order: the first column is the rightmost one.
    assert header.index("خدمت") < header.index("دستگاه") < header.index("کارمزد دفتر") < header.index("جمع")
    totals_line = next(line for line in text.splitlines() if "جمع کل" in normalise(line))
    assert re.search("[۰-۹]", totals_line) and not re.search("[0-9]", totals_line)  # Persian digits


def test_table_report_long_and_wide(ocr_ready, tmp_path):
    headers = [f"ستون {i}" for i in range(1, 13)]
    rows = [[f"ردیف {r}"] + ["۱۲۳٬۴۵۶٬۷۸۹٬۰۱۲"] * 11 for r in range(90)]
    path = tmp_path / "wide.pdf"
    data = pdf_table_report("گزارش بلند", headers, rows, None, path=path)
    assert re.search(rb"/MediaBox \[\s*0 0 841\.88\d* 595\.27\d*\s*\]", data)  # turned to landscape
    pages = [ocr(page, psm=4) for page in pdf_pages_png(path)]
    assert len(pages) >= 3
    assert all("ستون ۱" in normalise(page) or "ستون 1" in page for page in pages), pages  # header on every page
