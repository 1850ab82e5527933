"""Persian for every string of the desktop window (English source -> Persian). Placeholders must match.

The administration screens (ui/admin_*.py) keep their own catalogue; this one is the counter's. The
catalogue is shared by the whole program: an English string already translated by app, printing or
the reports (e.g. "Cash", "Receipt {number}") is left to them, so one word reads the same everywhere;
tests/ui checks that this file never contradicts them.
"""

FA_UI: dict[str, str] = {
    # start, errors
    "Pishkhan Desk": "میز پیشخوان",
    "Opening the office database…": "در حال باز کردن پایگاه داده دفتر…",
    "Office management": "مدیریت دفتر",
    "Unexpected error": "خطای پیش‌بینی‌نشده",
    "Something went wrong inside the program. Nothing you did caused it. The details were saved to {path}; "
    "please send them to your support.":
        "در درون برنامه اشکالی پیش آمد؛ کار شما باعث آن نبود. جزئیات در {path} ذخیره شد؛ "
        "لطفاً آن را برای پشتیبانی بفرستید.",
    "Copy details": "رونوشت جزئیات",
    "Copied": "رونوشت گرفته شد",
    "{action} — shortcut: {keys}": "{action} — میان‌بر: {keys}",
    "Shortcut: {keys}": "میان‌بر: {keys}",
    # first run
    "Welcome to Pishkhan Desk": "به میز پیشخوان خوش آمدید",
    "This computer has no office yet. Set up your office, load a demo office with sample services and staff "
    "to try the program, or bring your office back from a backup made on another computer.":
        "هنوز دفتری روی این رایانه تعریف نشده است. دفتر خود را راه‌اندازی کنید، برای آشنایی با برنامه دفتر نمونه را با "
        "خدمات و کارکنان نمونه بارگذاری کنید، یا دفتر خود را از پشتیبانی که روی رایانه دیگری گرفته شده بازگردانید.",
    "Set up a new office": "راه‌اندازی دفتر جدید",
    "Load the demo office": "بارگذاری دفتر نمونه",
    "Office": "دفتر",
    "Office name": "نام دفتر",
    "Office code": "کد دفتر",
    "Owner account": "حساب مدیر دفتر",
    "Full name": "نام و نام خانوادگی",
    "User name (Latin letters)": "نام کاربری (حروف لاتین)",
    "PIN (4 to 12 digits)": "رمز (۴ تا ۱۲ رقم)",
    "PIN again": "تکرار رمز",
    "Money": "پول",
    "Default VAT (percent)": "مالیات بر ارزش افزوده پیش‌فرض (درصد)",
    "Show amounts in": "نمایش مبالغ به",
    "Rial": "ریال",
    "Toman": "تومان",
    "Back": "بازگشت",
    "Create the office": "ساختن دفتر",
    "Creating the office…": "در حال ساختن دفتر…",
    "Loading the demo office…": "در حال بارگذاری دفتر نمونه…",
    "The two PINs are not the same.": "دو رمز یکسان نیستند.",
    # login
    "PIN": "رمز",
    "Type your PIN and press Enter. Up and Down choose the user.":
        "رمز خود را بنویسید و Enter بزنید. با کلیدهای بالا و پایین کاربر را انتخاب کنید.",
    "Log in  ({keys})": "ورود  ({keys})",
    "Log in": "ورود",
    "Who is at the counter?": "چه کسی پشت پیشخوان است؟",
    "Choose a user first.": "اول کاربر را انتخاب کنید.",
    "Type your PIN.": "رمز خود را بنویسید.",
    # open shift
    "Hello {name}": "سلام {name}",
    "Count the cash in the drawer before the first visit.": "پیش از نخستین مراجعه، پول نقد کشو را بشمارید.",
    "Opening float": "موجودی اول نوبت",
    "The cash in the drawer at the start, or count it note by note below.":
        "پول نقد کشو در آغاز نوبت؛ یا آن را در پایین اسکناس به اسکناس بشمارید.",
    "Or count the drawer by banknote": "یا کشو را اسکناس به اسکناس بشمارید",
    "Open the shift": "آغاز نوبت کاری",
    "Switch user": "تعویض کاربر",
    "Counted: {amount}": "شمرده‌شده: {amount}",
    "How many {note} notes": "تعداد اسکناس {note}",
    # counter
    "Service code, name or agency": "کد خدمت، نام خدمت یا دستگاه",
    "Type a service code or part of its name, then Enter. 3*1001 adds three. Shortcut: {keys}":
        "کد خدمت یا بخشی از نامش را بنویسید و Enter بزنید. ‎3*1001‎ سه عدد می‌افزاید. میان‌بر: {keys}",
    "No service matches «{text}».": "خدمتی با «{text}» پیدا نشد.",
    "National ID": "کد ملی",
    "The citizen's 10-digit national ID. Shortcut: {keys}": "کد ملی ده‌رقمی مراجعه‌کننده. میان‌بر: {keys}",
    "Citizen's name": "نام مراجعه‌کننده",
    "Name": "نام",
    "Mobile": "تلفن همراه",
    "valid": "درست",
    "not valid": "نادرست",
    "No.": "ردیف",
    "Service": "خدمت",
    "Qty": "تعداد",
    "Agency share": "سهم دستگاه",
    "Office fee": "کارمزد دفتر",
    "VAT": "مالیات بر ارزش افزوده",
    "Tax": "مالیات",
    "Tracking code": "کد رهگیری",
    "Fixed by the tariff.": "طبق تعرفه ثابت است.",
    "The official office fee is {limit}; it may be lowered, never raised.":
        "کارمزد مصوب {limit} است؛ می‌توان آن را کمتر گرفت، نه بیشتر.",
    "Type the amount due to the agency ({low} to {high}).": "مبلغ سهم دستگاه را بنویسید ({low} تا {high}).",
    "Pay": "پرداخت",
    "Agency {agency} · Office fee {office} · VAT {vat}": "سهم دستگاه {agency} · کارمزد {office} · مالیات {vat}",
    "Saving…": "در حال ثبت…",
    "Receipt {number} saved.": "رسید {number} ثبت شد.",
    "Today's list": "فهرست امروز",
    "Cash in / out": "ورود / خروج وجه نقد",
    "X report": "گزارش X",
    "Close the shift": "بستن نوبت کاری",
    "New visit": "مراجعه جدید",
    "Remove line": "حذف ردیف",
    # payment
    "Payment": "پرداخت",
    "To pay: {amount}": "مبلغ قابل پرداخت: {amount}",
    "Card reader": "کارت‌خوان",
    "Bank transfer": "انتقال بانکی",
    "Amount": "مبلغ",
    "Reference number": "شماره مرجع",
    "The cash the citizen hands over; the change is worked out. Shortcut: {keys}":
        "پول نقدی که مراجعه‌کننده می‌دهد؛ باقی‌مانده خودکار حساب می‌شود. میان‌بر: {keys}",
    "The amount paid on the card reader. Shortcut: {keys}": "مبلغ پرداختی با کارت‌خوان. میان‌بر: {keys}",
    "The amount paid by bank transfer. Shortcut: {keys}": "مبلغ پرداختی با انتقال بانکی. میان‌بر: {keys}",
    "Confirm": "تأیید",
    "All by card": "همه با کارت",
    "All by transfer": "همه با انتقال بانکی",
    "Back to the visit": "بازگشت به مراجعه",
    "Type the card reader's reference number.": "شماره مرجع کارت‌خوان را بنویسید.",
    "Type the bank transfer's reference number.": "شماره مرجع انتقال بانکی را بنویسید.",
    "Change: {amount}": "باقی‌مانده برای پس دادن: {amount}",
    "Exact amount": "مبلغ دقیق",
    "Still to pay: {amount}": "هنوز باید پرداخت شود: {amount}",
    # receipt
    "Receipt {number} saved": "رسید {number} ثبت شد",
    "Copy of receipt {number}": "المثنای رسید {number}",
    "Change to give: {amount}": "باقی‌مانده به مراجعه‌کننده: {amount}",
    "Next citizen": "مراجعه‌کننده بعدی",
    "Print": "چاپ",
    "Printing…": "در حال چاپ…",
    "Printed.": "چاپ شد.",
    "Print a copy  ({keys})": "چاپ المثنی  ({keys})",
    "Try printing again  ({keys})": "چاپ دوباره  ({keys})",
    "No receipt printer is set up yet; the receipt is saved and can be printed later from today's list.":
        "هنوز چاپگر رسید تنظیم نشده است؛ رسید ثبت شده و بعداً از فهرست امروز چاپ‌شدنی است.",
    # today's list and void
    "Today's visits": "مراجعه‌های امروز",
    "Receipt": "رسید",
    "Time": "ساعت",
    "Citizen": "مراجعه‌کننده",
    "Services": "خدمات",
    "Total": "جمع کل",
    "Paid by": "روش پرداخت",
    "State": "وضعیت",
    "voided": "باطل شده",
    "Reprint (copy)": "چاپ المثنی",
    "Void": "ابطال",
    "Close": "بستن",
    "{count} visits, total {amount}": "{count} مراجعه، جمع {amount}",
    "{citizen} — {services} — {amount}": "{citizen} — {services} — {amount}",
    "Receipt {number} is void.": "رسید {number} باطل شد.",
    "Void receipt {number}": "ابطال رسید {number}",
    "Why is this sale void?": "علت ابطال چیست؟",
    "Reason": "علت",
    "Approving manager": "مدیر تأییدکننده",
    "Manager's PIN": "رمز مدیر",
    "Void the sale": "ابطال فروش",
    "Cancel": "انصراف",
    "Type the reason for the void.": "علت ابطال را بنویسید.",
    "The manager types their PIN to approve.": "مدیر برای تأیید رمز خود را وارد کند.",
    # cash movement
    "Cash in (put into the drawer)": "ورود وجه (گذاشتن در کشو)",
    "Cash out (taken from the drawer)": "خروج وجه (برداشتن از کشو)",
    "e.g. paid to the bank, change from the safe": "مثلاً واریز به بانک، پول خرد از گاوصندوق",
    "Kind": "نوع",
    "Record": "ثبت",
    "Cash in recorded: {amount}": "ورود وجه ثبت شد: {amount}",
    "Cash out recorded: {amount}": "خروج وجه ثبت شد: {amount}",
    # reports and closing
    "X report — shift {number}": "گزارش X — نوبت {number}",
    "Z report — shift {number}": "گزارش Z — نوبت {number}",
    "Sales": "فروش",
    "Opened at": "آغاز",
    "Closed at": "پایان",
    "Visits": "مراجعه‌ها",
    "Voids": "ابطال‌ها",
    "Office fees": "کارمزد دفتر",
    "Cash drawer": "کشوی پول",
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
    "Count the cash in the drawer, note by note. Enter moves to the next note.":
        "پول نقد کشو را اسکناس به اسکناس بشمارید. Enter به اسکناس بعدی می‌رود.",
    "Banknotes in the drawer": "اسکناس‌های کشو",
    "No receipt printer is set up yet; set one up in the settings to print this report.":
        "هنوز چاپگر رسید تنظیم نشده است؛ برای چاپ این گزارش، چاپگر را در تنظیمات تعریف کنید.",
    "The report was not printed: {error} It is kept and can be printed again.":
        "گزارش چاپ نشد: {error} این گزارش نگه داشته شده و می‌توان دوباره چاپش کرد.",
    "Restore from a backup": "بازگردانی از پشتیبان",
    # receipts and reports waiting in the print spool
    "Waiting print jobs": "چاپ‌های مانده",
    "{count} receipts or reports are still waiting to be printed. Press {keys} to see and print them.":
        "{count} رسید یا گزارش هنوز چاپ نشده است. برای دیدن و چاپ دوباره‌ی آن‌ها {keys} را بزنید.",
    "These receipts and reports were saved but have not come out of the printer. "
    "Check the printer, then print them again.":
        "این رسیدها و گزارش‌ها ثبت شده‌اند اما از چاپگر بیرون نیامده‌اند. چاپگر را بررسی کنید و دوباره چاپشان کنید.",
    "Receipt or report": "رسید یا گزارش",
    "Report": "گزارش",
    "Sent to print at": "زمان فرستادن به چاپ",
    "Last error": "آخرین خطا",
    "No print jobs are waiting.": "چاپ مانده‌ای نیست.",
    "Print again": "چاپ دوباره",
    "Print the selected job again on the receipt printer": "چاپ دوباره‌ی مورد انتخاب‌شده روی چاپگر رسید",
    "Print all": "چاپ همه",
    "Discard": "حذف از صف چاپ",
    "Take the selected job out of the print queue": "بیرون بردن مورد انتخاب‌شده از صف چاپ",
    "{failed} of {total} were not printed. {error}": "{failed} مورد از {total} چاپ نشد. {error}",
    "Take «{title}» out of the print queue? Nothing is removed from the records; the report can "
    "be opened and printed again.":
        "«{title}» از صف چاپ حذف شود؟ چیزی از سوابق پاک نمی‌شود و می‌توان گزارش را دوباره باز و چاپ کرد.",
    # Signing key in the settings; checking a receipt (ui/check_receipt.py)
    "Receipt signing key": "کلید امضای رسید",
    "Fingerprint": "اثر انگشت",
    "Public key": "کلید عمومی",
    "Every receipt's QR code is signed with this office's key. Whoever has the public key (exported as a file) "
    "can check a receipt with «pishkhan check-receipt»; the fingerprint is also printed on the printer's test "
    "page.":
        "کد QR هر رسید با کلید این دفتر امضا می‌شود. هر کس کلید عمومی را (که به‌صورت پرونده صادر می‌شود) داشته "
        "باشد، می‌تواند رسید را با «pishkhan check-receipt» بررسی کند؛ اثر انگشت روی صفحه آزمایش چاپگر هم چاپ "
        "می‌شود.",
    "The public key was written to {path}.": "کلید عمومی در {path} نوشته شد.",
    "Export the public key…": "صدور کلید عمومی…",
    "Scan or paste the receipt's QR code, or type its number or verification code, then press Enter.":
        "کد QR رسید را اسکن کنید یا بچسبانید، یا شماره یا کد اصالت آن را بنویسید، سپس Enter را بزنید.",
    "The receipt beside the books": "رسید در کنار دفاتر",
    "On the receipt": "در رسید",
    "In the books": "در دفاتر",
    "Receipt no.": "شماره رسید",
    "Original or copy": "اصل یا المثنی",
    "A scan or photo of the receipt": "تصویر اسکن‌شده یا عکس رسید",
    "Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)": "تصویرها (*.png *.jpg *.jpeg *.bmp *.tif *.tiff)",
    "Check a receipt": "بررسی رسید",
    "{count} prints": "{count} بار چاپ",
    "no print recorded": "چاپی ثبت نشده",
    "Check": "بررسی",
    "From an image…": "از روی تصویر…",
}
