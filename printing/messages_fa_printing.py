"""Persian for every user-visible string of `printing/` (to be merged into app.messages_fa.FA).

Placeholders keep their English names; integers passed to them are shown in Persian digits.
"""
from __future__ import annotations

FA_PRINTING: dict[str, str] = {
    # The receipt
    "Office code: {code}": "کد دفتر: {code}",
    "Economic code: {code}": "کد اقتصادی: {code}",
    "Phone: {phone}": "تلفن: {phone}",
    "Receipt no. {number}": "رسید شماره {number}",
    "Date and time": "تاریخ و ساعت",
    "Business day": "روز کاری",
    "Clerk": "متصدی",
    "Citizen": "مراجعه‌کننده",
    "National ID": "کد ملی",
    "Services (amounts in {unit})": "خدمات (مبالغ به {unit})",
    "No.": "ردیف",
    "Service": "خدمت",
    "Agency": "دستگاه",
    "Quantity": "تعداد",
    "Tracking code": "کد رهگیری",
    "Agency share": "سهم دستگاه",
    "Office fee": "کارمزد دفتر",
    "VAT": "مالیات بر ارزش افزوده",
    "Line total": "جمع",
    "Total agency share": "جمع سهم دستگاه‌ها",
    "Total office fee": "جمع کارمزد دفتر",
    "Total VAT": "جمع مالیات بر ارزش افزوده",
    "Grand total": "مبلغ کل",
    "Rial": "ریال",
    "Toman": "تومان",
    "Payment": "پرداخت",
    "Cash": "نقدی",
    "Card reader": "کارت‌خوان",
    "Bank transfer": "انتقال بانکی",
    "Terminal": "شماره پایانه",
    "Reference": "شماره مرجع",
    "Cash received": "وجه دریافتی",
    "Change given": "مبلغ بازگشتی",
    "VOID": "باطل شد",
    "COPY": "المثنی",
    "Reason: {reason}": "علت: {reason}",
    "Verification code: {code}": "کد اصالت: {code}",
    "Complaints: the 195 system": "رسیدگی به شکایات: سامانه ۱۹۵",
    "Page {page}": "صفحه {page}",
    "Unknown receipt format: {value}": "قالب رسید ناشناخته است: {value}",
    # The X and Z shift reports (printing/shift_document.py); keys the screens also use carry their Persian
    "X report — shift {number}": "گزارش X — نوبت {number}",
    "Z report — shift {number}": "گزارش Z — نوبت {number}",
    "Opened at": "آغاز",
    "Closed at": "پایان",
    "Amounts in {unit}": "مبالغ به {unit}",
    "Sales": "فروش",
    "Visits": "مراجعه‌ها",
    "Voids": "ابطال‌ها",
    "Total": "جمع کل",
    "Payments": "پرداخت‌ها",
    "Cash drawer": "کشوی پول",
    "Opening float": "موجودی اول نوبت",
    "Cash sales": "فروش نقدی",
    "Cash refunds (voids)": "بازپرداخت نقدی (ابطال‌ها)",
    "Cash in": "ورود وجه",
    "Cash out": "خروج وجه",
    "Expected in the drawer": "موجودی مورد انتظار کشو",
    "Counted": "شمرده‌شده",
    "Variance": "مغایرت",
    "none": "ندارد",
    "{amount} over": "{amount} اضافه",
    "{amount} short": "{amount} کسری",
    "Banknotes in the drawer": "اسکناس‌های کشو",
    "{count} notes": "{count} برگ",
    # The test page
    "Printer test page": "صفحه آزمایشی چاپگر",
    "Printer": "چاپگر",
    "Paper": "کاغذ",
    "{mm} mm, {px} dots": "{mm} میلی‌متر، {px} نقطه",
    "If this text reads right to left with joined letters, Persian printing works.":
        "اگر این متن از راست به چپ و با حروف پیوسته خوانده می‌شود، چاپ فارسی درست کار می‌کند.",
    "Digits": "ارقام",
    "Network": "شبکه",
    "USB printer": "چاپگر USB",
    "Serial port": "درگاه سریال",
    "Device file": "فایل دستگاه",
    "System printer (CUPS)": "چاپگر سیستم (CUPS)",
    "Windows printer": "چاپگر ویندوز",
    # Printer settings
    "Paper width must be 80 or 58 mm.": "عرض کاغذ باید ۸۰ یا ۵۸ میلی‌متر باشد.",
    "Unknown printer type: {kind}": "نوع چاپگر ناشناخته است: {kind}",
    "The printer's network address is missing.": "نشانی شبکه‌ی چاپگر وارد نشده است.",
    "The printer's port must be between 1 and 65535.": "درگاه چاپگر باید بین ۱ و ۶۵۵۳۵ باشد.",
    "The printer's USB vendor and product ids are missing.": "شناسه‌های USB سازنده و محصول چاپگر وارد نشده است.",
    "The printer's serial port is missing.": "درگاه سریال چاپگر وارد نشده است.",
    "The printer's file or device path is missing.": "مسیر فایل یا دستگاه چاپگر وارد نشده است.",
    "The printer's name is missing.": "نام چاپگر وارد نشده است.",
    "The printable width is wider than the paper.": "عرض چاپ از عرض کاغذ بیشتر است.",
    "Copies must be between 1 and 5.": "تعداد نسخه‌ها باید بین ۱ و ۵ باشد.",
    "The saved printer settings cannot be read.": "تنظیمات ذخیره‌شده‌ی چاپگر خوانده نمی‌شود.",
    "The printer settings are incomplete: {problem}": "تنظیمات چاپگر کامل نیست: {problem}",
    # Printer faults
    "The printer address {address} was not found. Check the printer settings.":
        "نشانی چاپگر {address} پیدا نشد. تنظیمات چاپگر را بررسی کنید.",
    "The printer at {address} does not answer. Check that it is on and connected to the network.":
        "چاپگر {address} پاسخ نمی‌دهد. روشن بودن و اتصال آن به شبکه را بررسی کنید.",
    "The printer at {address} is off or cannot be reached. Check that it is on and its cable is connected.":
        "چاپگر {address} خاموش است یا در دسترس نیست. روشن بودن و اتصال کابل آن را بررسی کنید.",
    "The printer at {address} stopped taking the receipt (out of paper, cover open or busy). Check it, then print again.":
        "چاپگر {address} دیگر رسید را نمی‌پذیرد (کاغذ تمام شده، درِ آن باز است یا مشغول است). آن را بررسی و دوباره چاپ کنید.",
    "The printer at {address} disconnected in the middle of printing. Check it, then print again.":
        "ارتباط چاپگر {address} در میانه‌ی چاپ قطع شد. آن را بررسی و دوباره چاپ کنید.",
    "The printer ({address}) does not respond. Check that it is on and has paper, then print again.":
        "چاپگر ({address}) پاسخ نمی‌دهد. روشن بودن و داشتن کاغذ را بررسی و دوباره چاپ کنید.",
    "The printer {address} was not found. Check that it is connected and on.":
        "چاپگر {address} پیدا نشد. اتصال و روشن بودن آن را بررسی کنید.",
    "The printer {address} could not be written to. Check that it is connected and on.":
        "ارسال به چاپگر {address} ممکن نشد. اتصال و روشن بودن آن را بررسی کنید.",
    "The printer {address} disconnected or refused the receipt. Check it, then print again.":
        "چاپگر {address} قطع شد یا رسید را نپذیرفت. آن را بررسی و دوباره چاپ کنید.",
    "This computer cannot print to this kind of printer ({kind}). Check the printer settings.":
        "این رایانه نمی‌تواند با این نوع چاپگر ({kind}) چاپ کند. تنظیمات چاپگر را بررسی کنید.",
    "The system printer {address} refused the receipt. Check its name in the settings.":
        "چاپگر سیستم {address} رسید را نپذیرفت. نام آن را در تنظیمات بررسی کنید.",
    "The receipt could not be sent to the printer ({address}).": "رسید به چاپگر ({address}) فرستاده نشد.",
    # The print queue
    "Receipt {number} was not printed: {error} It is kept and can be printed again.":
        "رسید {number} چاپ نشد: {error} این رسید نگه داشته شده و می‌توان دوباره چاپش کرد.",
    "This receipt is being printed right now.": "این رسید هم‌اکنون در حال چاپ است.",
    "The app closed before this receipt was confirmed printed.": "برنامه پیش از تأیید چاپ این رسید بسته شد.",
    # Signed receipts, copies and voids; the print service
    "Voided {when}, approved by {name}": "ابطال در {when} با تأیید {name}",
    "Copy {number}, reprinted {when} by {name}": "نسخه {number}، چاپ دوباره در {when} به دست {name}",
    "Receipt signing key (fingerprint):": "کلید امضای رسید (اثر انگشت):",
    "This print job is no longer waiting; print the receipt or report again.":
        "این کار چاپ دیگر در انتظار نیست؛ رسید یا گزارش را دوباره چاپ کنید.",
    "Never sent to a printer (none was set up, or its print job was discarded).":
        "به چاپگر فرستاده نشده است (چاپگری تنظیم نشده بود، یا کار چاپ آن حذف شد).",
    # the Z report: how the shift was closed
    "How the shift was closed": "نوبت چگونه بسته شد",
    "Blind count": "شمارش کور",
    "not recorded": "ثبت نشده",
    "yes": "بله",
    "no": "خیر",
    "Variance allowed without a reason": "اختلاف مجاز بدون ذکر دلیل",
    "any amount": "هر مقدار",
    "Reason for the variance": "دلیل اختلاف",
    "none needed": "لازم نبود",
}
