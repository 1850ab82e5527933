"""The printer-neutral receipt document: what it says, in which order, formatted once."""
from __future__ import annotations

import dataclasses

from app.receipt_data import ReceiptPayment
from app.text import isolate_ltr
from printing.receipt_document import (
    KeyValue,
    LineItems,
    Notice,
    QRCode,
    Text,
    Title,
    Total,
    build_receipt,
    qr_payload,
    short_hash,
)
from printing.samples import sample_receipt

LRI, PDI = "\u2066", "\u2069"


def all_text(doc) -> str:
    parts: list[str] = []

    def walk(value):
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, tuple):
            for v in value:
                walk(v)
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                if f.name not in ("payload", "meta"):
                    walk(getattr(value, f.name))

    walk(doc.blocks)
    return "\n".join(parts)


def rows(doc) -> dict[str, str]:
    return {b.key: b.value for b in doc.blocks if isinstance(b, KeyValue)}


def test_header_and_citizen_in_persian():
    data = sample_receipt()
    doc = build_receipt(data)
    assert doc.blocks[0] == Title("دفتر پیشخوان خدمات دولت ونک")
    text = all_text(doc)
    assert "کد دفتر: ۱۱۲۳۴۵۶۷" in text
    assert "رسید شماره ۱۴۰۳۱۲" in text
    r = rows(doc)
    assert r["تاریخ و ساعت"] == "۱۴۰۳/۰۵/۱۳ ۱۰:۳۵"  # 07:05 UTC is 10:35 in Tehran
    assert r["متصدی"] == "زهرا کریمی"
    assert r["مراجعه‌کننده"] == "علی‌اکبر محمدی"  # the ZWNJ is kept
    assert r["کد ملی"] == "۰۰۱۲۳۴۵۶۷۹"
    assert "رسیدگی به شکایات: سامانه ۱۹۵" in text
    assert "از اعتماد شما سپاسگزاریم" in text


def test_ltr_runs_are_isolated():
    doc = build_receipt(sample_receipt(lines=3))
    text = all_text(doc)
    assert "تلفن: " + isolate_ltr("۰۲۱-۸۸۷۷۶۶۵۵") in text
    items = next(b for b in doc.blocks if isinstance(b, LineItems)).items
    assert [i.tracking for i in items] == [isolate_ltr("SMC-1403-AB12"), isolate_ltr("9876543210"),
                                           isolate_ltr("GZ 5566 7788")]
    r = rows(doc)
    assert r["شماره مرجع"] == isolate_ltr("۶۰۳۷۹۹۱۲۳۴۵۶")  # isolated, in the receipt's digits
    assert r["شماره پایانه"] == isolate_ltr("۷۲۰۱۴۴۵۵")
    assert text.count(LRI) == text.count(PDI)


def test_amounts_come_from_the_data_not_from_arithmetic():
    # Totals deliberately inconsistent with the lines: the document must print what it is given.
    data = dataclasses.replace(sample_receipt(), agency_total=111, office_total=222, vat_total=333, grand_total=444)
    doc = build_receipt(data)
    r = rows(doc)
    assert r["جمع سهم دستگاه‌ها"] == "۱۱۱"
    assert r["جمع کارمزد دفتر"] == "۲۲۲"
    assert r["جمع مالیات بر ارزش افزوده"] == "۳۳۳"
    total = next(b for b in doc.blocks if isinstance(b, Total))
    assert total == Total("مبلغ کل", "۴۴۴ ریال")


def test_twelve_digit_total_and_toman_unit():
    data = sample_receipt(big_total=True)
    assert len(str(data.grand_total)) == 12
    total = next(b for b in build_receipt(data).blocks if isinstance(b, Total))
    assert total.value == "۱۲۳٬۴۵۷٬۱۶۳٬۰۰۰ ریال"
    toman = build_receipt(sample_receipt(unit="toman"))
    assert next(b for b in toman.blocks if isinstance(b, Total)).value == "۲۱۶٬۳۰۰ تومان"
    heading = next(b for b in toman.blocks if isinstance(b, LineItems)).heading
    assert heading == "خدمات (مبالغ به تومان)"


def test_line_items_carry_every_amount():
    doc = build_receipt(sample_receipt(lines=10))
    block = next(b for b in doc.blocks if isinstance(b, LineItems))
    assert len(block.items) == 10
    second = block.items[1]
    assert (second.number, second.service, second.agency) == ("۲", "تمدید گواهینامه رانندگی", "پلیس راهور")
    assert [(kv.key, kv.value) for kv in second.amounts] == [
        ("سهم دستگاه", "۱٬۲۵۰٬۰۰۰"), ("کارمزد دفتر", "۳۸۰٬۰۰۰"), ("مالیات بر ارزش افزوده", "۳۸٬۰۰۰"),
        ("جمع", "۱٬۶۶۸٬۰۰۰")]
    assert second.quantity == ""  # one item: no quantity noise


def test_payments_in_persian_with_change():
    doc = build_receipt(sample_receipt())
    keys = [b.key for b in doc.blocks if isinstance(b, KeyValue)]
    assert keys[keys.index("کارت‌خوان"):] == ["کارت‌خوان", "شماره پایانه", "شماره مرجع", "نقدی", "وجه دریافتی",
                                              "مبلغ بازگشتی"]
    r = rows(doc)
    assert r["وجه دریافتی"] == "۱٬۰۰۰٬۰۰۰" and r["مبلغ بازگشتی"] == "۵۰۰٬۰۰۰"
    # Numbers typed at the card reader print in Persian digits; a code with letters stays as it is.
    assert r["شماره پایانه"] == isolate_ltr("۷۲۰۱۴۴۵۵") and r["شماره مرجع"] == isolate_ltr("۶۰۳۷۹۹۱۲۳۴۵۶")
    coded = dataclasses.replace(sample_receipt(), payments=(ReceiptPayment("card", 100, 0, "T-1024", "IR-99812"),))
    assert rows(build_receipt(coded))["شماره مرجع"] == isolate_ltr("IR-99812")
    card_only = rows(build_receipt(sample_receipt(cash=False)))
    assert "وجه دریافتی" not in card_only and "نقدی" not in card_only


def test_copy_and_void_are_marked():
    plain = build_receipt(sample_receipt())
    assert not [b for b in plain.blocks if isinstance(b, Notice)]
    copy = build_receipt(sample_receipt(copy=True))
    assert copy.blocks[0] == Notice("المثنی")
    voided = build_receipt(sample_receipt(voided=True))
    assert voided.blocks[0] == Notice("باطل شد", "علت: درخواست مراجعه‌کننده")
    assert voided.blocks.count(voided.blocks[0]) == 2  # top and bottom: a torn receipt still says it


def test_qr_payload():
    from app.receipt_seal import parse

    data = sample_receipt()
    doc = build_receipt(data)
    qr = next(b for b in doc.blocks if isinstance(b, QRCode))
    assert qr.payload == qr_payload(data) == data.seal and qr.payload.isascii()
    claims = parse(qr.payload).claims  # signed: office, number, business day and time, total, void, copy
    assert (claims.office_code, claims.receipt_number, claims.local_time, claims.grand_total, claims.voided,
            claims.copy_no) == ("11234567", 140312, "1035", data.grand_total, False, 0)
    assert data.verification_code and data.verification_code in qr.caption
    assert parse(qr_payload(sample_receipt(voided=True))).claims.voided
    assert parse(qr_payload(sample_receipt(copy=True))).claims.copy_no == 1
    unsigned = dataclasses.replace(data, seal="", verification_code="")  # data built by hand: the old form
    assert qr_payload(unsigned) == (f"PKD1;o=11234567;n=140312;d=1403/05/13T10:35;t={data.grand_total};"
                                    f"h={data.journal_hash[:12]}")
    assert short_hash(data.journal_hash) in build_receipt(unsigned).blocks[-3].caption


def test_blocks_are_known_types():
    doc = build_receipt(sample_receipt(lines=3, copy=True, voided=True))
    kinds = {type(b).__name__ for b in doc.blocks}
    assert kinds <= {"Title", "Text", "KeyValue", "Total", "LineItems", "Separator", "QRCode", "Notice"}
    assert isinstance(doc.blocks[2], Title) and isinstance(doc.blocks[3], Text)


def test_stored_ascii_digits_print_as_persian_but_codes_stay():
    # The database keeps names and addresses normalised, with ASCII digits.
    data = sample_receipt()
    office = dataclasses.replace(data.office, name="دفتر پیشخوان شماره 1247 تهران",
                                 address="خیابان انقلاب، پلاک 12، واحد 5B", footer="ساعت کار: شنبه تا چهارشنبه 8 تا 16")
    line = dataclasses.replace(data.lines[0], service_name="تعویض پلاک خودرو 2 محور")
    doc = build_receipt(dataclasses.replace(data, office=office, lines=(line,) + data.lines[1:]))
    text = all_text(doc)
    assert "دفتر پیشخوان شماره ۱۲۴۷ تهران" in text
    assert "خیابان انقلاب، پلاک ۱۲، واحد 5B" in text  # "5B" is a code, not a number
    assert "ساعت کار: شنبه تا چهارشنبه ۸ تا ۱۶" in text
    assert "تعویض پلاک خودرو ۲ محور" in text
    assert isolate_ltr("SMC-1403-AB12") in text  # tracking codes keep their Latin digits
