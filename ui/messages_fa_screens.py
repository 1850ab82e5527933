"""Persian for the strings added with the screens-on-real-monitors work (issue 13): start-up without a
window, fitting screens, the counter at a busy hour, the owner's pages. Placeholders must match.

Kept beside ui/messages_fa_ui.py (same rules, registered by `ui/__init__.py`) so that two branches
adding strings at the same time do not edit the same lines.
"""

FA_SCREENS: dict[str, str] = {
    # no window possible
    "Cannot open the window: Qt has no display platform «{name}» (QT_QPA_PLATFORM). Unset "
    "QT_QPA_PLATFORM, or use one of: {names}.":
        "پنجره باز نمی‌شود: Qt بستر نمایشی به نام «{name}» ندارد (QT_QPA_PLATFORM). QT_QPA_PLATFORM را "
        "بردارید یا یکی از این‌ها را بگذارید: {names}.",
    "Cannot open the window: the system library {library} is missing. Install it with «{command}» "
    "(or run «make run», which installs what the window needs).":
        "پنجره باز نمی‌شود: کتابخانه سیستمی {library} نصب نیست. با «{command}» نصبش کنید "
        "(یا «make run» را اجرا کنید که نیازهای پنجره را نصب می‌کند).",
    "Cannot open the window: the system library {library} is missing. Install the package that "
    "provides it, then start the program again.":
        "پنجره باز نمی‌شود: کتابخانه سیستمی {library} نصب نیست. بسته‌ای را که آن را دارد نصب کنید و "
        "برنامه را دوباره باز کنید.",
    "Cannot open the window: Qt's display platform «{name}» does not load ({error}). Reinstall the "
    "program.":
        "پنجره باز نمی‌شود: بستر نمایش «{name}» در Qt بار نمی‌شود ({error}). برنامه را دوباره نصب کنید.",
    "Cannot open the window: there is no display ({variable} is not set). Start the program from "
    "the desktop; for a run without a screen set QT_QPA_PLATFORM=offscreen.":
        "پنجره باز نمی‌شود: نمایشگری در دسترس نیست ({variable} تنظیم نشده است). برنامه را از میز کار باز کنید؛ "
        "برای اجرای بدون صفحه‌نمایش QT_QPA_PLATFORM=offscreen را بگذارید.",
    "Cannot open the window: the display {display} does not answer. Check that the desktop session "
    "is running and that this user may use it.":
        "پنجره باز نمی‌شود: نمایشگر {display} پاسخ نمی‌دهد. بررسی کنید که میز کار روشن باشد و این کاربر "
        "اجازه استفاده از آن را داشته باشد.",
    "Cannot open the window: {reason} Reinstall the program.":
        "پنجره باز نمی‌شود: {reason} برنامه را دوباره نصب کنید.",
    # the counter's business day
    "{today} is already closed: sales are booked on the next business day.":
        "{today} بسته شده است؛ فروش‌ها در روز کاری بعد ثبت می‌شوند.",
    "The office's day starts at {hour}: until then sales are booked on the day before.":
        "روز کاری دفتر از ساعت {hour} شروع می‌شود؛ تا آن ساعت فروش‌ها در روز قبل ثبت می‌شوند.",
    # payment
    "Cash handed over: {amount}": "پول نقد دریافتی: {amount}",
    # the citizen
    "{field} ({keys})": "{field} ({keys})",
    "The national ID {value} is not valid (its check digit does not match the card). Correct it ({keys}), or "
    "clear it to pay without one.":
        "کد ملی {value} درست نیست (رقم کنترل آن با کارت نمی‌خواند). آن را درست کنید ({keys}) یا پاکش کنید تا "
        "بدون کد ملی پرداخت شود.",
    # parking a visit
    "Visit at {time}": "مراجعه ساعت {time}",
    "«{name}» is parked. {keys} brings it back.": "«{name}» کنار گذاشته شد. با {keys} برمی‌گردد.",
    "{service} is no longer offered.": "{service} دیگر ارائه نمی‌شود.",
    "Parked visits ({count})": "مراجعه‌های کنارگذاشته ({count})",
    "Parked visits": "مراجعه‌های کنارگذاشته",
    "Park visit": "کنار گذاشتن مراجعه",
    "There is nothing to park: add a service first.": "چیزی برای کنار گذاشتن نیست: اول خدمتی اضافه کنید.",
    "«{name}» is back.": "«{name}» برگشت.",
    "{service}: the office fee is the tariff's again.": "{service}: کارمزد دفتر دوباره همان مبلغ تعرفه شد.",
    "{name} — {time} — {services} — {total}": "{name} — {time} — {services} — {total}",
    "Park this visit": "کنار گذاشتن این مراجعه",
    "This visit has {count} services ({total}). Park it under a name to serve it later, or drop it?":
        "این مراجعه {count} خدمت دارد ({total}). آن را با نامی کنار بگذارید تا بعد ادامه دهید، یا کنارش بگذارید و "
        "دورش بیندازید؟",
    "Park this visit under a name; it comes back from the list of parked visits ({keys}).":
        "این مراجعه را با نامی کنار بگذارید؛ از فهرست مراجعه‌های کنارگذاشته ({keys}) برمی‌گردد.",
    "Park it": "کنار بگذار",
    "Drop it": "دور بینداز",
    "No visit is parked.": "مراجعه‌ای کنار گذاشته نشده است.",
    "Bring it back": "برگردان",
    "Name for the list (who or what it is)": "نام در فهرست (چه کسی یا چه کاری)",
    "Give the visit a name, so that it can be found in the list.":
        "برای مراجعه نامی بنویسید تا در فهرست پیدا شود.",
    # login
    "{refusal} {count} more wrong PINs lock this account for {minutes} minutes.":
        "{refusal} با {count} رمز نادرست دیگر این حساب {minutes} دقیقه قفل می‌شود.",
    # closing a shift: blind count, the variance's reason, the Z report
    "Reason for the difference": "دلیل اختلاف",
    "What happened? (a note given twice, change not taken …)": "چه شد؟ (اسکناسی دو بار داده شد، باقی پول گرفته نشد …)",
    "Hidden until you have counted (blind count)": "تا شمردن پنهان است (شمارش کور)",
    "{count} parked visits are dropped when the shift closes.":
        "{count} مراجعه کنارگذاشته با بستن نوبت از فهرست برداشته می‌شود.",
    "How the shift was closed": "نوبت چگونه بسته شد",
    "Blind count": "شمارش کور",
    "not recorded (closed before this was kept)": "ثبت نشده (پیش از نگه‌داری این مورد بسته شده است)",
    "yes: the expected cash was hidden until counted": "بله: موجودی مورد انتظار تا پایان شمارش پنهان بود",
    "no: the expected cash was shown while counting": "خیر: موجودی مورد انتظار هنگام شمارش دیده می‌شد",
    "Variance allowed without a reason": "اختلاف مجاز بدون ذکر دلیل",
    "none needed": "لازم نبود",
    "Reason for the variance": "دلیل اختلاف",
    # settings
    "Blind count: the clerk does not see the expected cash until the drawer is counted":
        "شمارش کور: متصدی تا پایان شمارش کشو موجودی مورد انتظار را نمی‌بیند",
    "Closing a shift": "بستن نوبت",
    "Ask the clerk for the reason of a variance above this amount (Rial):":
        "پرسیدن دلیل از متصدی برای اختلاف بیش از این مبلغ (ریال):",
    "any (no reason is asked)": "هر مقدار (دلیلی پرسیده نمی‌شود)",
    # receipts not printed: the counter's count, today's list, the waiting prints
    "Receipts of this shift not printed yet": "رسیدهای این نوبت که هنوز چاپ نشده‌اند",
    "Receipts not printed: {count}": "رسید چاپ‌نشده: {count}",
    "printed": "چاپ شده",
    "not printed": "چاپ نشده",
    "Print (original)": "چاپ اصل رسید",
    "Print the selected visit's receipt: the original if it was never printed, else a copy":
        "چاپ رسید مراجعه انتخاب‌شده: اصل رسید اگر هرگز چاپ نشده، وگرنه المثنی",
    "{count} receipts not printed": "{count} رسید چاپ نشده",
    "Receipt {number} is in no print job: it stays on this list until it is printed.":
        "رسید {number} در صف چاپ نیست: تا چاپ نشود در این فهرست می‌ماند.",
    "Take receipt {number} out of the print queue? The sale itself stays recorded and its receipt counts as "
    "not printed: it can still be printed, as the original, from this list or today's list.":
        "رسید {number} از صف چاپ حذف شود؟ خود فروش ثبت‌شده باقی می‌ماند و رسیدش چاپ‌نشده شمرده می‌شود: هنوز "
        "می‌توان اصل آن را از همین فهرست یا فهرست امروز چاپ کرد.",
    "{count} receipts of this shift were not printed: to print them, cancel and press {keys}; closing leaves "
    "them unprinted.":
        "{count} رسید این نوبت چاپ نشده است: برای چاپ آن‌ها انصراف دهید و {keys} را بزنید؛ با بستن نوبت چاپ‌نشده "
        "می‌مانند.",
    # Qt's file dialog
    "Folder": "پوشه",
    "{kind} file": "فایل {kind}",
    "{size} GB": "{size} گیگابایت",
    "{size} MB": "{size} مگابایت",
    "{size} KB": "{size} کیلوبایت",
    "{size} bytes": "{size} بایت",
    "Look in:": "در:",
    "File name:": "نام پرونده:",
    "Files of type:": "نوع پرونده:",
}
