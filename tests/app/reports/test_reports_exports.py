"""Report files as an accountant's tools and eyes meet them: CSV rows, XLSX read back, PDF read
back by OCR."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from reports_testkit import INCLUDED, actor, busy_office
from sqlalchemy import text

from app.errors import UserError
from app.jalali import jalali_year_month
from app.reports.access import Cancelled
from app.reports.document import Report, ReportSpec
from app.reports.export import CSV_HEADER, export_report, write_tax_xlsx
from app.reports.figures import Breakdown, DayLine, Figures, day_figures
from app.reports.tax import tax_year
from app.services.totals import Totals
from app.text import to_persian_digits
from printing.report_pdf import write_report_pdf


def test_csv_header_and_one_row_per_service_net_of_voids(office_db, tmp_path: Path) -> None:
    s = busy_office(office_db)
    owner = actor(office_db, "owner")
    out = tmp_path / "day.csv"
    export_report(office_db, owner, ReportSpec("day", s.first, s.first), "csv", out, machine=True)
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM would glue onto "code" in scripts
    raw = out.read_text(encoding="utf-8")
    assert raw == out.read_text(encoding="utf-8-sig")
    assert raw.splitlines()[0] == "code,service,agency,count,agency_fee,office_fee,vat,total"
    rows = list(csv.DictReader(raw.splitlines()))
    assert tuple(rows[0]) == CSV_HEADER
    by_code = {r["code"]: r for r in rows}
    assert sorted(by_code) == ["1001", "2004", "3004", "6001", INCLUDED]  # one row per service
    assert by_code[INCLUDED]["count"] == "0" and by_code[INCLUDED]["total"] == "0"  # sold, then voided
    assert by_code["2004"]["count"] == "2" and by_code["3004"]["count"] == "3"
    for r in rows:
        money = [int(r[k]) for k in ("agency_fee", "office_fee", "vat", "total")]  # integers in Rials
        assert money[0] + money[1] + money[2] == money[3]
    totals = day_figures(office_db, owner, s.first).totals
    assert sum(int(r["total"]) for r in rows) == totals.grand
    assert sum(int(r["vat"]) for r in rows) == totals.vat
    assert by_code["6001"]["agency"] == "شهرداری (عوارض خودرو)"


def test_owners_csv_opens_in_excel_with_title_and_totals(office_db, tmp_path: Path) -> None:
    """UTF-8 with a BOM (what Excel on Windows needs for Persian), a first line naming the office,
    its code and the period, Persian headers, the machine rows' figures, and a totals row."""
    s = busy_office(office_db)
    owner = actor(office_db, "owner")
    out = tmp_path / "day.csv"
    export_report(office_db, owner, ReportSpec("day", s.first, s.first), "csv", out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    aware = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))  # Excel, LibreOffice, pandas
    plain = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))  # a reader that knows no BOM
    assert plain[0][0] == "\ufeff" + aware[0][0] and plain[1:] == aware[1:]  # only the title's first cell differs
    title, header, *rows, total = aware
    with office_db.read() as session:
        office = session.execute(text("SELECT name, code FROM office WHERE id = 1")).one()
    assert title[0] == to_persian_digits(office[0]) and title[1] == "کد دفتر: " + to_persian_digits(office[1])
    assert "گزارش روزانه" in title[2] and title[3] == "مبالغ به ریال"
    assert header == ["کد", "خدمت", "دستگاه", "تعداد", "سهم دستگاه", "کارمزد دفتر", "مالیات بر ارزش افزوده", "جمع کل"]
    machine = tmp_path / "machine.csv"
    export_report(office_db, owner, ReportSpec("day", s.first, s.first), "csv", machine, machine=True)
    assert rows == list(csv.reader(machine.read_text(encoding="utf-8").splitlines()))[1:]
    totals = day_figures(office_db, owner, s.first).totals
    assert total[0] == "جمع کل" and [int(x) for x in total[3:]] == [
        sum(int(r[3]) for r in rows), totals.agency, totals.office, totals.vat,
        totals.grand]
    with pytest.raises(UserError):
        export_report(office_db, owner, ReportSpec("day", s.first, s.first), "xlsx", tmp_path / "x.xlsx",
                      machine=True)
    assert not (tmp_path / "x.xlsx").exists()


def test_xlsx_numbers_persian_headers_rtl_and_totals(office_db, tmp_path: Path) -> None:
    s = busy_office(office_db)
    owner = actor(office_db, "owner")
    out = tmp_path / "period.xlsx"
    export_report(office_db, owner, ReportSpec("period", s.first, s.second), "xlsx", out)
    book = load_workbook(out)
    assert all(ws.sheet_view.rightToLeft for ws in book.worksheets)
    assert book.sheetnames[:3] == ["خلاصه", "به تفکیک خدمت", "به تفکیک دستگاه"]
    services = book["به تفکیک خدمت"]
    header = [c.value for c in services[1]]
    assert header == ["کد", "خدمت", "دستگاه", "تعداد", "سهم دستگاه", "کارمزد دفتر", "مالیات بر ارزش افزوده",
                      "جمع کل"]
    body = list(services.iter_rows(min_row=2, values_only=True))
    rows, totals = body[:-1], body[-1]
    assert totals[0] == "جمع کل"
    for col in range(3, 8):
        assert all(isinstance(r[col], int) for r in rows)  # numbers, not text
        assert totals[col] == sum(r[col] for r in rows)
    assert services.cell(row=2, column=5).number_format == "#,##0"
    figures_total = totals[7]
    summary = {r[0]: r[1] for r in book["خلاصه"].iter_rows(values_only=True)}
    assert summary["جمع دریافتی"] == figures_total and isinstance(summary["مراجعه‌ها"], int)
    days = book["به تفکیک روز"]
    assert [r[0] for r in days.iter_rows(min_row=2, values_only=True)][:2] == [_jalali(s.first), _jalali(s.second)]


def _jalali(day) -> str:  # type: ignore[no-untyped-def]
    from app.jalali import format_jalali

    return format_jalali(day).replace("-", "/")


def test_tax_xlsx_for_the_accountant(office_db, tmp_path: Path) -> None:
    s = busy_office(office_db)
    owner = actor(office_db, "owner")
    year = jalali_year_month(s.first)[0]
    out = write_tax_xlsx(tax_year(office_db, owner, year), "دفتر آزمایشی", tmp_path / "tax.xlsx")
    ws = load_workbook(out).active
    assert ws.sheet_view.rightToLeft
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 13 and rows[-1][0] == f"سال {_persian(year)}"
    assert rows[-1][2] == sum(r[2] for r in rows[:-1]) and isinstance(rows[-1][3], int)


def _persian(value: int) -> str:

    return to_persian_digits(str(value))


def test_cancelled_export_leaves_no_file(office_db, tmp_path: Path) -> None:
    busy_office(office_db)
    owner = actor(office_db, "owner")
    out = tmp_path / "long.xlsx"
    out.write_bytes(b"the accountant's earlier file")
    from app.jalali import parse_jalali

    steps: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        export_report(office_db, owner, ReportSpec("period", parse_jalali("1395-01-01"), parse_jalali("1405-12-29")),
                      "xlsx", out, progress=lambda d, t: steps.append((d, t)), cancel=lambda: len(steps) >= 3)
    assert out.read_bytes() == b"the accountant's earlier file"
    assert not list(tmp_path.glob("*.part")) and steps == [(1, 133), (2, 133), (3, 133)]


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("tesseract")), reason="poppler and tesseract")
def test_pdf_reads_back_in_persian(office_db, tmp_path: Path) -> None:
    s = busy_office(office_db)
    owner = actor(office_db, "owner")
    out = tmp_path / "day.pdf"
    export_report(office_db, owner, ReportSpec("day", s.first, s.first), "pdf", out, pdf_writer=write_report_pdf)
    assert out.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-r", "200", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "page")],
                   check=True)
    (page,) = tmp_path.glob("page*.png")
    text = subprocess.run(["tesseract", str(page), "-", "-l", "fas", "--psm", "4"], capture_output=True,
                          text=True, check=True).stdout
    words = ["گزارش روزانه", "مراجعه‌ها", "درآمد دفتر", "جمع دریافتی", "به تفکیک خدمت", "سازمان ثبت احوال"]
    found = [w for w in words if w.replace("\u200c", "") in text.replace("\u200c", "").replace("ي", "ی")]
    assert len(found) >= 4, (found, text)
    assert any(ch in text for ch in "۰۱۲۳۴۵۶۷۸۹")  # Persian digits on the page


def _pdftotext(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("text-layer checks need pdftotext (poppler-utils)")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_pdf_text_layer_holds_the_recorded_persian_verbatim(office_db, tmp_path: Path) -> None:
    """Search and copy in the report PDF give the Persian as recorded: names, labels, ZWNJ, the
    office code in Persian digits (as the receipts print it); no presentation forms."""
    s = busy_office(office_db)
    owner = actor(office_db, "owner")
    out = tmp_path / "period.pdf"
    export_report(office_db, owner, ReportSpec("period", s.first, s.second), "pdf", out, pdf_writer=write_report_pdf)
    text_layer = _pdftotext(out)
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text_layer)
    with office_db.read() as session:
        office = session.execute(text("SELECT name, code FROM office WHERE id = 1")).one()
        services = [r[0] for r in session.execute(text(
            "SELECT DISTINCT s.name FROM txn_line l JOIN service s ON s.id = l.service_id"))]
        clerks = [r[0] for r in session.execute(text("SELECT full_name FROM staff WHERE role = 'clerk'"))]
    words = set(re.sub("[\u202a-\u202e]", " ", text_layer).split())
    # The office's name as the receipts print it (its digits Persian); poppler sets digit runs apart.
    assert set(to_persian_digits(office[0]).split()) <= words
    assert to_persian_digits(office[1]) in words and "کد دفتر" in text_layer
    for phrase in ("گزارش دوره", "مراجعه‌ها", "ابطال‌ها", "جمع دریافتی", "به تفکیک خدمت", "به تفکیک روش پرداخت",
                   "نقدی", "کارت‌خوان", "انتقال بانکی", *clerks):
        assert phrase in text_layer, f"{phrase!r} not in the PDF's text layer:\n{text_layer}"
    for name in services:  # a long name may wrap in its cell: every word whole, ZWNJ kept
        assert set(name.split()) <= words, (name, text_layer)


LONG_SERVICE = " ".join(["درخواست صدور گواهی عدم سوء پیشینه کیفری برای متقاضیان اشتغال در دستگاه‌های اجرایی"] * 8)
LONG_AGENCY = "سازمان ثبت اسناد و املاک کشور (اداره‌کل ثبت احوال استان تهران)"


def _long_names_report() -> Report:
    day = dt.date(2024, 8, 3)
    services = (Breakdown("1101", LONG_SERVICE, 12, 1, 1_250_000, 5_400_000, 540_000, 7_190_000, LONG_AGENCY),
                Breakdown("2204", "تمدید گواهینامه رانندگی", 3, 0, 0, 1_140_000, 114_000, 1_254_000, "پلیس راهور"))
    totals = Totals(15, 1, 1_250_000, 6_540_000, 654_000, 8_444_000)
    figures = Figures(day, day, totals, (), (), (), (), services, (DayLine(day, totals),), ())
    return Report("day", "گزارش روزانه", "شنبه ۱۳ مرداد ۱۴۰۳", "دفتر پیشخوان خدمات دولت ونک", "11234567", "rial",
                  dt.datetime(2024, 8, 3, 12, tzinfo=dt.UTC), "مدیر دفتر", figures)


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("tesseract")), reason="poppler and tesseract")
def test_a_very_long_service_name_wraps_between_words_and_keeps_the_agency_readable(tmp_path: Path) -> None:
    """The agency beside a service name of a hundred words keeps whole words on its lines (the
    text layer has every word whole) and reads back by OCR; old layouts cut «ساز/مان»."""
    out = tmp_path / "long.pdf"
    write_report_pdf(_long_names_report(), out)
    text_layer = _pdftotext(out)
    words = set(re.sub("[\u202a-\u202e]", " ", text_layer).split())
    for word in {*LONG_AGENCY.split(), *LONG_SERVICE.split()}:
        assert word in words, f"{word!r} cut or missing:\n{text_layer}"
    assert "۱۱۲۳۴۵۶۷" in text_layer  # the office code in Persian digits
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(out), str(tmp_path / "p")], check=True)
    # psm 11 (sparse text): each cell is read as its own block, the way a reader scans a column.
    seen = "".join(subprocess.run(["tesseract", str(page), "-", "-l", "fas", "--psm", "11"], capture_output=True,
                                  text=True, check=True).stdout for page in sorted(tmp_path.glob("p*.png")))
    seen = seen.replace("\u200c", "")
    for phrase in ("سازمان ثبت اسناد و املاک", "کشور (اداره", "ثبت احوال", "تمدید گواهینامه رانندگی"):
        assert phrase in seen, (phrase, seen)


def test_the_z_report_on_a4_says_how_the_drawer_was_counted_and_why_it_differs(office_db, tmp_path: Path) -> None:
    """The owner's shift report (screen, PDF, XLSX) carries the blind count and the clerk's reason."""
    from app.services.office import save_settings
    from app.services.shifts import close_shift, open_shift
    from app.settings_registry import ASK_VARIANCE_REASON, BLIND_COUNT, VARIANCE_REASON_THRESHOLD

    owner, clerk = actor(office_db, "owner"), actor(office_db, "clerk1")
    save_settings(office_db, owner, {}, {BLIND_COUNT: True, ASK_VARIANCE_REASON: True, VARIANCE_REASON_THRESHOLD: 50_000})
    open_shift(office_db, clerk, 500_000)
    reason = "یک اسکناس صدهزاری دو بار داده شد"
    from app.services.shifts import ReasonRequired

    with pytest.raises(ReasonRequired):  # counted blind at first; the difference is shown, the clerk recounts
        close_shift(office_db, clerk, 200_000)
    z = close_shift(office_db, clerk, 380_000, reason=reason)
    spec = ReportSpec("shift", shift_id=z.shift_id)
    from app.reports.document import build_report

    rows = {label: value for label, value, _kind in build_report(office_db, owner, spec).summary()}
    assert rows["شمارش کور"] == "بله" and rows["اختلاف مجاز بدون ذکر دلیل"] == 50_000
    assert rows["دلیل اختلاف"] == reason and rows["مغایرت"] == -120_000
    assert rows["شمارش پیش از نمایش اختلاف"] == 200_000
    out = tmp_path / "z.pdf"
    export_report(office_db, owner, spec, "pdf", out, pdf_writer=write_report_pdf)
    text_layer = _pdftotext(out)
    for phrase in ("شمارش کور", "بله", "اختلاف مجاز بدون ذکر دلیل", "دلیل اختلاف", *reason.split()):
        assert phrase in text_layer, f"{phrase!r} not in the PDF:\n{text_layer}"
    assert to_persian_digits("50,000").replace(",", "٬") in text_layer  # the threshold, in the office's unit
    xlsx = tmp_path / "z.xlsx"
    export_report(office_db, owner, spec, "xlsx", xlsx)
    summary = {row[0]: row[1] for row in load_workbook(xlsx).worksheets[0].iter_rows(values_only=True)}
    assert summary["شمارش کور"] == "بله" and summary["دلیل اختلاف"] == reason
    assert summary["اختلاف مجاز بدون ذکر دلیل"] == 50_000
